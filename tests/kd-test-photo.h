/* kd-test-photo.h: photos made in the tests (gdk-pixbuf), with and without EXIF. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

GBytes *kd_test_jpeg          (int      width,
                               int      height,
                               gboolean with_exif);
GBytes *kd_test_png           (int      width,
                               int      height);
GBytes *kd_test_png_bomb      (guint32  width,
                               guint32  height);
gboolean kd_test_has_exif     (GBytes  *jpeg);

G_END_DECLS
