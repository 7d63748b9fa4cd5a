/* bn-preferences.h — profile, notifications, running in the background, tidying up, leaving
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>
#include "bn-application.h"

G_BEGIN_DECLS

#define BN_TYPE_PREFERENCES (bn_preferences_get_type ())
G_DECLARE_FINAL_TYPE (BnPreferences, bn_preferences, BN, PREFERENCES, AdwPreferencesWindow)

BnPreferences *bn_preferences_new          (BnApplication *app,
                                            GtkWindow     *parent);
gboolean       bn_preferences_save_profile (BnPreferences *self);

G_END_DECLS
