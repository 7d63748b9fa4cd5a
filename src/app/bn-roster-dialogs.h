/* bn-roster-dialogs.h — a connector's questions before changing who belongs:
 * appoint, dismiss, remove, renew the key
 *
 * Each asks in plain words what will happen, and only on "yes" writes the
 * roster entry through the session; how it went comes back as a toast on the
 * window (or in the log, for a page shown outside one).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>
#include "bn-session.h"

G_BEGIN_DECLS

GtkWidget *bn_roster_ask_appoint (GtkWidget       *parent,
                                  BnSession       *session,
                                  const BnProfile *neighbour);
GtkWidget *bn_roster_ask_dismiss (GtkWidget       *parent,
                                  BnSession       *session,
                                  const BnProfile *neighbour);
GtkWidget *bn_roster_ask_remove  (GtkWidget       *parent,
                                  BnSession       *session,
                                  const BnProfile *neighbour);
GtkWidget *bn_roster_ask_renew   (GtkWidget       *parent,
                                  BnSession       *session);

G_END_DECLS
