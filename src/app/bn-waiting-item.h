/* bn-waiting-item.h — an open request no helper has been chosen for yet, and
 * who could help, in a list model (the connector's page)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>
#include "bn-core.h"

G_BEGIN_DECLS

#define BN_TYPE_WAITING_ITEM (bn_waiting_item_get_type ())
G_DECLARE_FINAL_TYPE (BnWaitingItem, bn_waiting_item, BN, WAITING_ITEM, GObject)

BnWaitingItem          *bn_waiting_item_new         (BnWaitingRequest *request);
const BnWaitingRequest *bn_waiting_item_get_request (BnWaitingItem    *self);
gboolean                bn_waiting_item_same        (BnWaitingItem    *self,
                                                     BnWaitingItem    *other);

G_END_DECLS
