/* bn-application.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>
#include "bn-session.h"

G_BEGIN_DECLS

#define BN_TYPE_APPLICATION (bn_application_get_type ())
G_DECLARE_FINAL_TYPE (BnApplication, bn_application, BN, APPLICATION, AdwApplication)

BnApplication *bn_application_new          (void);
void           bn_application_set_data_dir (BnApplication *self,
                                            const char    *data_dir);
void           bn_application_set_network  (BnApplication *self,
                                            int            port,
                                            gboolean       use_mdns);
BnSession     *bn_application_get_session  (BnApplication *self);
GSettings     *bn_application_get_settings (BnApplication *self);
void           bn_application_leave_hood   (BnApplication *self);
void           bn_application_start_afresh (BnApplication *self);

/* Registers the app's resources (templates, icons, styles). Tests call it
 * too, since they build widgets without a BnApplication. */
void           bn_app_resources_register   (void);

gboolean       bn_application_get_in_background  (BnApplication  *self);
gboolean       bn_application_set_start_at_login (BnApplication  *self,
                                                  gboolean        enable,
                                                  GError        **error);
char          *bn_application_dup_autostart_path (void);

G_END_DECLS
