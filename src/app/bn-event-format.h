/* bn-event-format.h — days, times and meetups in words, in the reader's language
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "bn-core.h"

G_BEGIN_DECLS

char *bn_event_format_day      (GDateTime     *when);
char *bn_event_format_proposal (GDateTime     *when);
char *bn_event_format_moment   (gint64         ms);
char *bn_event_format_agreement (gint64        ms);
gint64 bn_event_format_brussels_ms (GDateTime *when);
char *bn_event_format_when     (const BnEvent *event);
char *bn_event_format_who      (const BnEvent *event);
const char *bn_event_format_repeat   (const char *repeat);

G_END_DECLS
