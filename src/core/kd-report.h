/* kd-report.h: what a villager (or a cadre on their behalf) submits, and its checks. */
#pragma once

#include <glib.h>

#include "kd-types.h"
#include "kd-photo.h"

G_BEGIN_DECLS

#define KD_REPORT_ERROR (kd_report_error_quark ())

/* The error code names the field at fault. */
typedef enum {
  KD_REPORT_FIELD_VILLAGE,
  KD_REPORT_FIELD_CATEGORY,
  KD_REPORT_FIELD_TITLE,
  KD_REPORT_FIELD_DESCRIPTION,
  KD_REPORT_FIELD_REPORTER_NAME,
  KD_REPORT_FIELD_REPORTER_PHONE,
  KD_REPORT_FIELD_LOCATION,
  KD_REPORT_FIELD_URGENT,
  KD_REPORT_FIELD_BODY,
  KD_REPORT_FIELD_KIND,
  KD_REPORT_FIELD_PHOTOS,
} KdReportField;

#define KD_REPORT_MAX_DESCRIPTION 4000
#define KD_REPORT_MAX_TITLE       100
#define KD_REPORT_MAX_NAME        50
#define KD_REPORT_MAX_PHONE       20
#define KD_REPORT_MAX_LOCATION    200
#define KD_REPORT_MAX_CODE        64

struct _KdReport
{
  char     *village;         /* village code */
  char     *category;        /* category code */
  char     *title;           /* optional; made from the description when absent */
  char     *description;
  char     *reporter_name;
  char     *reporter_phone;
  char     *location;
  char     *channel;         /* "phone", "api", "office", … */
  gboolean  urgent;
  /* A KdCaseKind, or -1 (what kd_report_new() sets): the kind is then taken
   * from the category — emergency when urgent and the category is offered for
   * emergencies, otherwise the first kind the category is offered for
   * (livelihood for the common categories). An emergency is always urgent. */
  int       kind;
  GPtrArray *photos;         /* of KdPhoto, already re-encoded; NULL: none */
  gint64    created_by;      /* the cadre who entered it for the villager; 0: the villager */
};

GQuark      kd_report_error_quark (void);
KdReport   *kd_report_new         (void);
void        kd_report_free        (KdReport       *report);
KdReport   *kd_report_copy        (const KdReport *report);
gboolean    kd_report_validate    (const KdReport *report,
                                   GError        **error);
char       *kd_report_make_title  (const char     *description);
const char *kd_report_field_name  (KdReportField   field);
gboolean    kd_text_is_plain      (const char     *text,
                                   gboolean        multiline);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KdReport, kd_report_free)

G_END_DECLS
