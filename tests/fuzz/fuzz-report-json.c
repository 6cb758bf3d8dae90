/* libFuzzer target: the body of POST /api/v1/reports, as the LAN sends it. */
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
  g_autoptr(KdReport) report = kd_report_parse_json ((const char *) data, size, &error);

  if (report != NULL && kd_report_validate (report, &error))
    {
      g_autofree char *title = kd_report_make_title (report->description);
      g_assert (title != NULL);
    }
  else
    g_assert (error != NULL && error->message != NULL);

  return 0;
}
