/* bench-photo: how long re-encoding a phone photo takes (decode, EXIF
 * orientation, scale to 1600 px, JPEG 82), for a 12 MP JPEG and PNG. */
#include "config.h"

#include "kd-photo.h"
#include "kd-test-photo.h"

static void
measure (const char *what,
         GBytes     *upload)
{
  double best = G_MAXDOUBLE, total = 0;
  const int rounds = 5;

  for (int i = 0; i < rounds; i++)
    {
      g_autoptr(GError) error = NULL;
      gint64 start = g_get_monotonic_time ();
      g_autoptr(KdPhoto) photo = kd_photo_new_from_upload (upload, &error);
      double ms = (g_get_monotonic_time () - start) / 1000.0;

      g_assert_no_error (error);
      best = MIN (best, ms);
      total += ms;
      if (i == 0)
        g_print ("%s: %zu bytes in, %dx%d %zu bytes out\n", what, g_bytes_get_size (upload),
                 photo->width, photo->height, g_bytes_get_size (photo->data));
    }
  g_print ("%s: best %.0f ms, mean %.0f ms over %d rounds\n", what, best, total / rounds, rounds);
}

int
main (void)
{
  g_autoptr(GBytes) jpeg = kd_test_jpeg (4000, 3000, TRUE);
  g_autoptr(GBytes) png = kd_test_png (4000, 3000);

  measure ("JPEG 4000x3000", jpeg);
  measure ("PNG 4000x3000", png);
  return 0;
}
