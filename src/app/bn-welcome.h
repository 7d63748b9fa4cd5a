/* bn-welcome.h — the first run: what this is, who you are, which neighbourhood
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>
#include "bn-session.h"

G_BEGIN_DECLS

#define BN_TYPE_WELCOME (bn_welcome_get_type ())
G_DECLARE_FINAL_TYPE (BnWelcome, bn_welcome, BN, WELCOME, GtkWidget)

gboolean bn_welcome_create_hood (BnWelcome  *self,
                                 const char *name);
gboolean bn_welcome_join_hood   (BnWelcome  *self,
                                 const char *code);
void     bn_welcome_show_step   (BnWelcome  *self,
                                 const char *step);
const char *bn_welcome_get_step (BnWelcome  *self);
void     bn_welcome_use_another_code (BnWelcome *self);

G_END_DECLS
