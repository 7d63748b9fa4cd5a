/* bn-service-editor.h — a connector adds or edits a service of the directory
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>
#include "bn-session.h"

G_BEGIN_DECLS

#define BN_TYPE_SERVICE_EDITOR (bn_service_editor_get_type ())
G_DECLARE_FINAL_TYPE (BnServiceEditor, bn_service_editor, BN, SERVICE_EDITOR, AdwWindow)

/* @service: (nullable): the service to edit, or %NULL for a new one */
BnServiceEditor *bn_service_editor_new        (GtkWindow       *parent,
                                               BnSession       *session,
                                               const BnService *service);
/* What the fields say now (tests fill them in as a person would). */
BnService       *bn_service_editor_get_service (BnServiceEditor *self);
void             bn_service_editor_set_field  (BnServiceEditor *self,
                                               const char      *field,
                                               const char      *text);
void             bn_service_editor_set_categories (BnServiceEditor *self,
                                               const char *const *ids);
void             bn_service_editor_save       (BnServiceEditor *self);

G_END_DECLS
