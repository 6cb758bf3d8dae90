/* kd-test-qr.h: printed pages rasterized and their QR code read back with
 * zbarimg, for the display tests of the receipt and the disclosure sheet. */
#pragma once

#include <cairo.h>
#include <glib.h>

G_BEGIN_DECLS

/* Draws one page of @width × @height points. */
typedef void (*KdTestDrawFunc) (cairo_t *cr,
                                double   width,
                                double   height,
                                gpointer data);

char *kd_test_decode_qr (const char     *png,
                         double          width,
                         double          height,
                         double          zoom,
                         KdTestDrawFunc  draw,
                         gpointer        data);

G_END_DECLS
