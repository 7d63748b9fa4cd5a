/* bn-screenshot.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "bn-screenshot.h"

/**
 * bn_screenshot_render:
 *
 * Renders @widget with its window's renderer, the way it is on screen (same
 * renderer and backend give pixel-identical output run to run).
 *
 * Returns: (transfer full) (nullable): the picture, or %NULL with @error set
 */
GdkTexture *
bn_screenshot_render (GtkWidget  *widget,
                      GError    **error)
{
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GtkSnapshot) snapshot = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  GtkNative *native = gtk_widget_get_native (widget);

  if (width <= 0 || height <= 0 || native == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_INITIALIZED, "%s is not on screen yet",
                   G_OBJECT_TYPE_NAME (widget));
      return NULL;
    }
  paintable = gtk_widget_paintable_new (widget);
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  if (node == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "Nothing to render");
      return NULL;
    }
  return gsk_renderer_render_texture (gtk_native_get_renderer (native), node,
                                      &GRAPHENE_RECT_INIT (0, 0, width, height));
}

/**
 * bn_screenshot_save:
 *
 * Renders @widget as bn_screenshot_render() does into a PNG at @path.
 */
gboolean
bn_screenshot_save (GtkWidget   *widget,
                    const char  *path,
                    GError     **error)
{
  g_autoptr(GdkTexture) texture = bn_screenshot_render (widget, error);

  if (texture == NULL)
    return FALSE;
  if (!gdk_texture_save_to_png (texture, path))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "Could not write %s", path);
      return FALSE;
    }
  return TRUE;
}
