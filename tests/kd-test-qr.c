/* kd-test-qr.c: see kd-test-qr.h. */
#include "config.h"

#include "kd-test-qr.h"

/* The page drawn by @draw at @zoom pixels per point into @png, its QR code
 * read by zbarimg; NULL when it finds none. */
char *
kd_test_decode_qr (const char     *png,
                   double          width,
                   double          height,
                   double          zoom,
                   KdTestDrawFunc  draw,
                   gpointer        data)
{
  const char *argv[] = { "zbarimg", "--raw", "-q", png, NULL };
  g_autofree char *out = NULL;
  g_autoptr(GError) error = NULL;
  cairo_surface_t *surface;
  cairo_t *cr;
  int status;

  surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, (int) (width * zoom), (int) (height * zoom));
  cr = cairo_create (surface);
  cairo_scale (cr, zoom, zoom);
  draw (cr, width, height, data);
  g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
  cairo_destroy (cr);
  g_assert_cmpint (cairo_surface_write_to_png (surface, png), ==, CAIRO_STATUS_SUCCESS);
  cairo_surface_destroy (surface);

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                NULL, NULL, &out, NULL, &status, &error);
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    return NULL;
  return g_strstrip (g_steal_pointer (&out));
}
