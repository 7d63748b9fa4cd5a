/* bn-services-page.h — where to get help: the directory of services every
 * neighbour can open; connectors add, edit, remove, import and export
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>
#include "bn-session.h"

G_BEGIN_DECLS

#define BN_TYPE_SERVICES_PAGE (bn_services_page_get_type ())
G_DECLARE_FINAL_TYPE (BnServicesPage, bn_services_page, BN, SERVICES_PAGE, GtkWidget)

GtkWidget  *bn_services_page_new           (BnSession      *session);
void        bn_services_page_set_search    (BnServicesPage *self,
                                            const char     *text);
void        bn_services_page_set_category  (BnServicesPage *self,
                                            const char     *category);
void        bn_services_page_set_language  (BnServicesPage *self,
                                            const char     *language);
guint       bn_services_page_get_n_shown   (BnServicesPage *self);
/* Import a CSV file, as the file chooser would: problems show in a dialog. */
void        bn_services_page_import_file   (BnServicesPage *self,
                                            GFile          *file);
void        bn_services_page_export_file   (BnServicesPage *self,
                                            GFile          *file);

G_END_DECLS
