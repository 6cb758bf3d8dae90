/* libFuzzer target: a multipart/form-data body of POST /report (and of
 * POST /api/v1/reports), through the parser and into a report, exactly as
 * the LAN reaches them. The first line of the input is the boundary. */
#include "config.h"

#include <stdint.h>
#include <string.h>

#include "kd-multipart.h"
#include "kd-report-parse.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  const uint8_t *eol = memchr (data, '\n', MIN (size, 100));
  g_autofree char *boundary = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GPtrArray) parts = NULL;
  g_autoptr(GPtrArray) uploads = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(KdReport) report = NULL;
  guint files = 0;

  if (eol == NULL)
    return 0;

  boundary = g_strndup ((const char *) data, eol - data);
  body = g_bytes_new (eol + 1, size - (eol + 1 - data));
  parts = kd_multipart_parse (boundary, body, &error);
  if (parts == NULL)
    {
      g_assert (error != NULL && error->domain == KD_MULTIPART_ERROR);
      return 0;
    }

  /* What the parser promises. */
  g_assert (parts->len <= KD_MULTIPART_MAX_PARTS);
  for (guint i = 0; i < parts->len; i++)
    {
      KdMultipartPart *p = g_ptr_array_index (parts, i);
      gsize len = g_bytes_get_size (p->data);

      g_assert (p->name != NULL && *p->name != '\0' && strlen (p->name) <= KD_MULTIPART_MAX_NAME);
      g_assert (g_utf8_validate (p->name, -1, NULL));
      if (p->filename != NULL)
        {
          g_assert (len > 0 && len <= KD_MULTIPART_MAX_FILE);
          files++;
        }
      else
        g_assert (len <= KD_MULTIPART_MAX_FIELD);
    }
  g_assert (files <= KD_MULTIPART_MAX_FILES);

  report = kd_report_parse_multipart (parts, &uploads);
  g_assert (uploads->len == files);
  if (kd_report_validate (report, NULL))
    {
      g_autofree char *title = kd_report_make_title (report->description);
      g_assert (g_utf8_validate (title, -1, NULL));
    }

  return 0;
}
