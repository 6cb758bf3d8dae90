/* kd-report-parse.h: turning what a phone sent into a KdReport. No HTTP here,
 * so the fuzz targets reach exactly the code the LAN reaches. */
#pragma once

#include <json-glib/json-glib.h>

#include "kd-report.h"

G_BEGIN_DECLS

/* Errors: JSON_PARSER_ERROR for a body that is not JSON, KD_REPORT_ERROR (with
 * the field as code) for everything else. */
KdReport *kd_report_parse_json (const char *data,
                                gsize       len,
                                GError    **error);
KdReport *kd_report_parse_form (const char *data,
                                gsize       len);
KdReport *kd_report_parse_multipart (GPtrArray  *parts,
                                     GPtrArray **uploads);

G_END_DECLS
