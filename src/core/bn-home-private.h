/* bn-home-private.h — what bn-home.c and bn-home-posts.c share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "bn-home.h"
#include "bn-store-private.h"   /* the home runs its own transactions */

G_BEGIN_DECLS

gboolean _bn_home_require_hood  (BnHome      *self,
                                 GError     **error);
gboolean _bn_home_adopt_hood    (BnHome      *self,
                                 BnHood      *hood,
                                 GPtrArray   *keys,
                                 const guint8 *current,
                                 GError     **error);

/* bn-home-place.c */
gboolean _bn_home_publish_place  (BnHome          *self,
                                  const BnProfile *profile,
                                  GError         **error);
gboolean _bn_home_tend_place     (BnHome          *self,
                                  GError         **error);

G_END_DECLS
