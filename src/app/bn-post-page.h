/* bn-post-page.h — one request or offer: details, replies, and what to do next
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>
#include "bn-session.h"

G_BEGIN_DECLS

#define BN_TYPE_POST_PAGE (bn_post_page_get_type ())
G_DECLARE_FINAL_TYPE (BnPostPage, bn_post_page, BN, POST_PAGE, GtkWidget)

void        bn_post_page_set_post_id (BnPostPage *self,
                                      const char *post_id);
const char *bn_post_page_get_post_id (BnPostPage *self);
void        bn_post_page_announce    (BnPostPage *self,
                                      const char *message);

G_END_DECLS
