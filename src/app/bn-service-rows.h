/* bn-service-rows.h — a service's details as rows (the services page and the
 * referral on a post page), and the words for its coded fields
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>
#include "bn-core.h"

G_BEGIN_DECLS

const char *bn_service_cost_label      (const char *cost);
const char *bn_service_access_label    (const char *access);
const char *bn_service_language_label  (const char *code);
const char *bn_referral_status_label   (const char *status);
const char *bn_referral_consent_label  (const char *consent);
/* (array zero-terminated=1) (transfer none): the IDs, in order */
const char *const *bn_referral_statuses (void);
const char *const *bn_referral_consents (void);

char       *bn_service_summary         (const BnService *service);
char       *bn_service_checked_label   (const BnService *service);
/* Adds a row per detail the service has: links for phone, e-mail, website. */
void        bn_service_add_detail_rows (const BnService *service,
                                        void           (*add_row) (gpointer   container,
                                                                   GtkWidget *row),
                                        gpointer         container);

/* A drop-down that fits a phone: the chosen words are cut short there. */
void        bn_drop_down_fit_narrow    (GtkDropDown     *drop_down);

G_END_DECLS
