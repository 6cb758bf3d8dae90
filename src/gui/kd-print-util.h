/* kd-print-util.h: what the printed slips and sheets share (the receipt,
 * the disclosure sheet): plain-text Pango layouts and the phone address a
 * QR code carries. */
#pragma once

#include <pango/pangocairo.h>

G_BEGIN_DECLS

PangoLayout *kd_print_layout_new (cairo_t        *cr,
                                  const char     *family,
                                  double          size,
                                  PangoWeight     weight,
                                  double          width,
                                  PangoAlignment  align,
                                  const char     *text);
char        *kd_print_lan_url    (const char     *base_url,
                                  const char     *path);

G_END_DECLS
