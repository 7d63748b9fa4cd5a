/* bn-qr-code.c
 *
 * Always dark modules on white with a quiet zone, whatever the theme: phone
 * cameras read that, not the inverted colours of dark mode.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "bn-qr-code.h"

#include <qrencode.h>
#include <string.h>

#define QUIET_ZONE 4   /* modules of white around the code, as the standard asks */
#define MIN_SIZE 232

struct _BnQrCode
{
  GtkWidget parent_instance;

  char     *text;
  QRcode   *code;     /* Owned, NULL when there is no text or it does not fit */
};

G_DEFINE_FINAL_TYPE (BnQrCode, bn_qr_code, GTK_TYPE_WIDGET)

enum { PROP_0, PROP_TEXT, N_PROPS };
static GParamSpec *properties[N_PROPS];

static QRcode *
encode (const char *text)
{
  if (text == NULL || *text == '\0')
    return NULL;
  /* Invite codes are base32 in upper or lower case; 8-bit mode keeps them exact. */
  return QRcode_encodeData ((int) strlen (text), (const unsigned char *) text, 0, QR_ECLEVEL_M);
}

static void
append_modules (GtkSnapshot *snapshot, const QRcode *code, float origin_x, float origin_y,
                float module)
{
  static const GdkRGBA white = { 1, 1, 1, 1 };
  static const GdkRGBA black = { 0, 0, 0, 1 };
  float total = (code->width + 2 * QUIET_ZONE) * module;

  gtk_snapshot_append_color (snapshot, &white,
                             &GRAPHENE_RECT_INIT (origin_x, origin_y, total, total));
  for (int y = 0; y < code->width; y++)
    for (int x = 0; x < code->width; x++)
      if (code->data[y * code->width + x] & 1)
        gtk_snapshot_append_color (snapshot, &black,
                                   &GRAPHENE_RECT_INIT (origin_x + (x + QUIET_ZONE) * module,
                                                        origin_y + (y + QUIET_ZONE) * module,
                                                        module, module));
}

static void
bn_qr_code_snapshot (GtkWidget   *widget,
                     GtkSnapshot *snapshot)
{
  BnQrCode *self = BN_QR_CODE (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  int side = MIN (width, height);
  int modules;
  float module;

  if (self->code == NULL)
    return;
  modules = self->code->width + 2 * QUIET_ZONE;
  /* Whole pixels per module keep the edges sharp for a camera. */
  module = MAX (1, side / modules);
  append_modules (snapshot, self->code, (width - module * modules) / 2.0f,
                  (height - module * modules) / 2.0f, module);
}

static void
bn_qr_code_measure (GtkWidget      *widget,
                    GtkOrientation  orientation,
                    int             for_size,
                    int            *minimum,
                    int            *natural,
                    int            *minimum_baseline,
                    int            *natural_baseline)
{
  BnQrCode *self = BN_QR_CODE (widget);
  int modules = self->code ? self->code->width + 2 * QUIET_ZONE : 0;

  *minimum = self->code ? MAX (MIN_SIZE, modules * 4) : 0;
  *natural = self->code ? MAX (MIN_SIZE + 48, modules * 5) : 0;
}

void
bn_qr_code_set_text (BnQrCode   *self,
                     const char *text)
{
  if (g_strcmp0 (self->text, text) == 0)
    return;
  g_free (self->text);
  self->text = g_strdup (text);
  g_clear_pointer (&self->code, QRcode_free);
  self->code = encode (text);
  gtk_widget_queue_resize (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TEXT]);
}

const char *
bn_qr_code_get_text (BnQrCode *self)
{
  return self->text;
}

/* Returns: the width of the code in modules without the quiet zone, 0 if none */
guint
bn_qr_code_get_modules (BnQrCode *self)
{
  return self->code ? (guint) self->code->width : 0;
}

/**
 * bn_qr_code_to_texture:
 * @scale: pixels per module
 *
 * Returns: (transfer full) (nullable): the code as an image, e.g. to save or print
 */
GdkTexture *
bn_qr_code_to_texture (const char *text,
                       guint       scale)
{
  QRcode *code = encode (text);
  g_autoptr(GBytes) bytes = NULL;
  gsize side, stride;
  guchar *pixels;

  if (code == NULL)
    return NULL;
  /* Drawn by hand into memory: no renderer (and so no display) is needed. */
  side = (code->width + 2 * QUIET_ZONE) * scale;
  stride = side * 4;
  pixels = g_malloc (stride * side);
  memset (pixels, 0xff, stride * side);
  for (int y = 0; y < code->width; y++)
    for (int x = 0; x < code->width; x++)
      if (code->data[y * code->width + x] & 1)
        for (guint dy = 0; dy < scale; dy++)
          for (guint dx = 0; dx < scale; dx++)
            {
              guchar *p = pixels + ((y + QUIET_ZONE) * scale + dy) * stride
                          + ((x + QUIET_ZONE) * scale + dx) * 4;
              p[0] = p[1] = p[2] = 0;
            }
  QRcode_free (code);
  bytes = g_bytes_new_take (pixels, stride * side);
  return gdk_memory_texture_new ((int) side, (int) side, GDK_MEMORY_R8G8B8A8, bytes, stride);
}

static void
bn_qr_code_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  switch (prop_id)
    {
    case PROP_TEXT:
      g_value_set_string (value, BN_QR_CODE (object)->text);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bn_qr_code_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  switch (prop_id)
    {
    case PROP_TEXT:
      bn_qr_code_set_text (BN_QR_CODE (object), g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bn_qr_code_finalize (GObject *object)
{
  BnQrCode *self = BN_QR_CODE (object);

  g_clear_pointer (&self->code, QRcode_free);
  g_clear_pointer (&self->text, g_free);
  G_OBJECT_CLASS (bn_qr_code_parent_class)->finalize (object);
}

static void
bn_qr_code_class_init (BnQrCodeClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = bn_qr_code_finalize;
  object_class->get_property = bn_qr_code_get_property;
  object_class->set_property = bn_qr_code_set_property;
  widget_class->snapshot = bn_qr_code_snapshot;
  widget_class->measure = bn_qr_code_measure;

  properties[PROP_TEXT] =
    g_param_spec_string ("text", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_css_name (widget_class, "bn-qr-code");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
bn_qr_code_init (BnQrCode *self)
{
}

GtkWidget *
bn_qr_code_new (void)
{
  return g_object_new (BN_TYPE_QR_CODE, NULL);
}
