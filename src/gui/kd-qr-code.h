/* kd-qr-code.h: a QR code drawn crisply, black modules on white with a quiet zone. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define KD_TYPE_QR_CODE (kd_qr_code_get_type ())

G_DECLARE_FINAL_TYPE (KdQrCode, kd_qr_code, KD, QR_CODE, GtkWidget)

#define KD_QR_CODE_QUIET_ZONE 4

GtkWidget  *kd_qr_code_new        (void);
const char *kd_qr_code_get_text   (KdQrCode   *self);
void        kd_qr_code_set_text   (KdQrCode   *self,
                                   const char *text);
guint       kd_qr_code_get_size   (KdQrCode   *self);
gboolean    kd_qr_code_get_module (KdQrCode   *self,
                                   guint       x,
                                   guint       y);

guint8     *kd_qr_encode          (const char *text,
                                   guint      *size);
gboolean    kd_qr_draw            (cairo_t    *cr,
                                   const char *text,
                                   double      x,
                                   double      y,
                                   double      side);

G_END_DECLS
