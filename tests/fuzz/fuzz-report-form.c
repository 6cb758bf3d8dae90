/* libFuzzer target: the body of POST /report (the phone form) and the
 * tracking codes that reach /r/{code} and /r?code=. */
#include "config.h"

#include <stdint.h>

#include "kd-case.h"
#include "kd-report-parse.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KdReport) report = kd_report_parse_form ((const char *) data, size);
  g_autofree char *text = g_strndup ((const char *) data, size);
  g_autofree char *code = kd_tracking_code_normalize (text);

  if (kd_report_validate (report, &error))
    {
      g_autofree char *title = kd_report_make_title (report->description);
      g_assert (g_utf8_validate (title, -1, NULL));
    }

  if (code != NULL)
    {
      g_autofree char *shown = kd_tracking_code_format (code);
      g_autofree char *again = kd_tracking_code_normalize (shown);
      g_assert (g_strcmp0 (again, code) == 0);
    }

  return 0;
}
