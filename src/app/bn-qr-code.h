/* bn-qr-code.h — a QR code drawn from text with libqrencode
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define BN_TYPE_QR_CODE (bn_qr_code_get_type ())
G_DECLARE_FINAL_TYPE (BnQrCode, bn_qr_code, BN, QR_CODE, GtkWidget)

GtkWidget  *bn_qr_code_new          (void);
void        bn_qr_code_set_text     (BnQrCode   *self,
                                     const char *text);
const char *bn_qr_code_get_text     (BnQrCode   *self);
guint       bn_qr_code_get_modules  (BnQrCode   *self);
GdkTexture *bn_qr_code_to_texture   (const char *text,
                                     guint       scale);

G_END_DECLS
