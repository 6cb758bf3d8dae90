/* kd-test-photo.c: photos made in the tests. */
#include "config.h"

#include <string.h>
#include <zlib.h>
#include <gdk-pixbuf/gdk-pixbuf.h>

#include "kd-test-photo.h"

/* A gradient, so that the encoders have something to do. */
static GdkPixbuf *
make_pixbuf (int      width,
             int      height,
             gboolean alpha)
{
  GdkPixbuf *p = gdk_pixbuf_new (GDK_COLORSPACE_RGB, alpha, 8, width, height);
  int n = gdk_pixbuf_get_n_channels (p), stride = gdk_pixbuf_get_rowstride (p);
  guint8 *px = gdk_pixbuf_get_pixels (p);

  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++)
      {
        guint8 *q = px + (gsize) y * stride + (gsize) x * n;
        q[0] = x * 255 / width;
        q[1] = y * 255 / height;
        q[2] = 128;
        if (alpha)
          q[3] = 200;
      }
  return p;
}

static GBytes *
save (GdkPixbuf  *p,
      const char *type)
{
  g_autoptr(GError) error = NULL;
  char *buf = NULL;
  gsize len = 0;

  g_assert_true (gdk_pixbuf_save_to_buffer (p, &buf, &len, type, &error, NULL));
  g_assert_no_error (error);
  return g_bytes_new_take (buf, len);
}

static void
put16 (GByteArray *a, guint v)   /* little endian (TIFF "II") */
{
  guint8 b[2] = { v & 0xff, v >> 8 };
  g_byte_array_append (a, b, 2);
}

static void
put32 (GByteArray *a, guint32 v)
{
  guint8 b[4] = { v & 0xff, (v >> 8) & 0xff, (v >> 16) & 0xff, v >> 24 };
  g_byte_array_append (a, b, 4);
}

/* An EXIF APP1 segment: orientation 6 (turn right) and a GPS block with a
 * latitude reference, the kind of thing a phone writes. */
static GByteArray *
exif_segment (void)
{
  GByteArray *t = g_byte_array_new ();
  GByteArray *seg = g_byte_array_new ();
  guint len;

  g_byte_array_append (t, (const guint8 *) "II*\0", 4);
  put32 (t, 8);                     /* IFD0 at 8 */
  put16 (t, 2);                     /* two entries */
  put16 (t, 0x0112); put16 (t, 3); put32 (t, 1); put16 (t, 6); put16 (t, 0);   /* Orientation */
  put16 (t, 0x8825); put16 (t, 4); put32 (t, 1); put32 (t, 38);                 /* GPS IFD */
  put32 (t, 0);                     /* no next IFD; offset now 38 */
  put16 (t, 1);
  put16 (t, 0x0001); put16 (t, 2); put32 (t, 2); g_byte_array_append (t, (const guint8 *) "N\0\0\0", 4);
  put32 (t, 0);

  len = 2 + 6 + t->len;
  g_byte_array_append (seg, (const guint8 *) "\xff\xe1", 2);
  g_byte_array_append (seg, (guint8[]) { len >> 8, len & 0xff }, 2);
  g_byte_array_append (seg, (const guint8 *) "Exif\0\0", 6);
  g_byte_array_append (seg, t->data, t->len);
  g_byte_array_unref (t);

  return seg;
}

GBytes *
kd_test_jpeg (int      width,
              int      height,
              gboolean with_exif)
{
  g_autoptr(GdkPixbuf) p = make_pixbuf (width, height, FALSE);
  g_autoptr(GBytes) plain = save (p, "jpeg");
  g_autoptr(GByteArray) seg = NULL;
  GByteArray *out;
  gsize len;
  const guint8 *data = g_bytes_get_data (plain, &len);

  if (!with_exif)
    return g_steal_pointer (&plain);

  /* SOI, then our APP1, then the rest. */
  seg = exif_segment ();
  out = g_byte_array_new ();
  g_byte_array_append (out, data, 2);
  g_byte_array_append (out, seg->data, seg->len);
  g_byte_array_append (out, data + 2, len - 2);
  return g_byte_array_free_to_bytes (out);
}

GBytes *
kd_test_png (int width,
             int height)
{
  g_autoptr(GdkPixbuf) p = make_pixbuf (width, height, TRUE);

  return save (p, "png");
}

static void
put_be32 (GByteArray *a, guint32 v)
{
  guint8 b[4] = { v >> 24, (v >> 16) & 0xff, (v >> 8) & 0xff, v & 0xff };
  g_byte_array_append (a, b, 4);
}

/* A PNG whose header claims @width x @height, followed by a little data: a
 * decoder that believed it would allocate the whole. */
GBytes *
kd_test_png_bomb (guint32 width,
                  guint32 height)
{
  static const guint8 sig[] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };
  GByteArray *a = g_byte_array_new ();
  guint8 ihdr[17] = { 'I', 'H', 'D', 'R' };
  guint8 idat[64] = { 'I', 'D', 'A', 'T' };
  uLongf zlen = sizeof idat - 4;
  guint8 raw[32] = { 0 };

  g_byte_array_append (a, sig, sizeof sig);
  ihdr[4] = width >> 24; ihdr[5] = width >> 16; ihdr[6] = width >> 8; ihdr[7] = width;
  ihdr[8] = height >> 24; ihdr[9] = height >> 16; ihdr[10] = height >> 8; ihdr[11] = height;
  ihdr[12] = 8; ihdr[13] = 2;                 /* 8 bits, RGB */
  put_be32 (a, 13);
  g_byte_array_append (a, ihdr, 17);
  put_be32 (a, crc32 (0, ihdr, 17));
  g_assert_cmpint (compress (idat + 4, &zlen, raw, sizeof raw), ==, Z_OK);
  put_be32 (a, zlen);
  g_byte_array_append (a, idat, zlen + 4);
  put_be32 (a, crc32 (0, idat, zlen + 4));
  put_be32 (a, 0);
  g_byte_array_append (a, (const guint8 *) "IEND", 4);
  put_be32 (a, crc32 (0, (const guint8 *) "IEND", 4));

  return g_byte_array_free_to_bytes (a);
}

/* Whether a JPEG has an APP1 "Exif" segment before its image data. */
gboolean
kd_test_has_exif (GBytes *jpeg)
{
  gsize len;
  const guint8 *d = g_bytes_get_data (jpeg, &len);

  for (gsize i = 2; i + 4 <= len && d[i] == 0xff && d[i + 1] != 0xda; )
    {
      gsize seg = (d[i + 2] << 8) | d[i + 3];

      if (d[i + 1] == 0xe1 && i + 10 <= len && memcmp (d + i + 4, "Exif", 4) == 0)
        return TRUE;
      i += 2 + seg;
    }
  return FALSE;
}
