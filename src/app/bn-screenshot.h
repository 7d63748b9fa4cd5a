/* bn-screenshot.h — render a widget as a person sees it into a PNG
 *
 * Used by the tests, and by the app itself when BN_SCREENSHOT_DIR is set (the
 * out-of-process story test asks for one through the accessibility bus with
 * the window's "win.screenshot" action).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

GdkTexture *bn_screenshot_render (GtkWidget   *widget,
                                  GError     **error);
gboolean bn_screenshot_save (GtkWidget   *widget,
                             const char  *path,
                             GError     **error);

G_END_DECLS
