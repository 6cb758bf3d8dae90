/* kd-case.h: one case of the queue (你呼我应), as read from the store. */
#pragma once

#include <glib-object.h>
#include <sqlite3.h>

#include "kd-types.h"
#include "kd-db.h"

G_BEGIN_DECLS

#define KD_TYPE_CASE (kd_case_get_type ())

G_DECLARE_FINAL_TYPE (KdCase, kd_case, KD, CASE, GObject)

#define KD_TRACKING_CODE_LEN 10

/* The columns kd_case_new_from_stmt() reads, in order. */
#define KD_CASE_COLUMNS \
  "c.id, c.tracking_code, c.created_at, c.updated_at, c.village_id, v.name, " \
  "c.category_id, g.name, c.title, c.description, c.reporter_name, " \
  "c.reporter_phone, c.location, c.urgent, c.status, c.channel, " \
  "c.kind, c.assigned_village_id, av.name, c.assignee_id, ad.display_name, " \
  "c.duplicate_of, c.reject_reason, c.response_due_at, c.resolution_due_at, " \
  "c.responded_at, c.resolved_at, c.closed_at, c.paused_at, c.escalated_at, " \
  "c.resolutions"
#define KD_CASE_FROM \
  " FROM cases c JOIN villages v ON v.id = c.village_id" \
  " JOIN categories g ON g.id = c.category_id" \
  " LEFT JOIN villages av ON av.id = c.assigned_village_id" \
  " LEFT JOIN cadres ad ON ad.id = c.assignee_id"

KdCase       *kd_case_new_from_stmt          (sqlite3_stmt *stmt);
KdCase       *kd_case_load                   (KdDb         *db,
                                              gint64        id,
                                              GError      **error);
KdCase       *kd_case_load_by_code           (KdDb         *db,
                                              const char   *tracking_code,
                                              GError      **error);

gint64        kd_case_get_id                 (KdCase *self);
const char   *kd_case_get_tracking_code      (KdCase *self);
char         *kd_case_dup_display_code       (KdCase *self);
gint64        kd_case_get_created_at         (KdCase *self);
gint64        kd_case_get_updated_at         (KdCase *self);
gint64        kd_case_get_village_id         (KdCase *self);
const char   *kd_case_get_village_name       (KdCase *self);
gint64        kd_case_get_category_id        (KdCase *self);
const char   *kd_case_get_category_name      (KdCase *self);
const char   *kd_case_get_title              (KdCase *self);
const char   *kd_case_get_description        (KdCase *self);
const char   *kd_case_get_reporter_name      (KdCase *self);
const char   *kd_case_get_reporter_phone     (KdCase *self);
const char   *kd_case_get_location           (KdCase *self);
gboolean      kd_case_get_urgent             (KdCase *self);
KdCaseStatus  kd_case_get_status             (KdCase *self);
const char   *kd_case_get_channel            (KdCase *self);
KdCaseKind    kd_case_get_kind               (KdCase *self);
gint64        kd_case_get_assigned_village_id (KdCase *self);
const char   *kd_case_get_assigned_village_name (KdCase *self);
gint64        kd_case_get_assignee_id        (KdCase *self);
const char   *kd_case_get_assignee_name      (KdCase *self);
gint64        kd_case_get_duplicate_of       (KdCase *self);
const char   *kd_case_get_reject_reason      (KdCase *self);
/* Times below are 0 when not (yet) set. */
gint64        kd_case_get_response_due_at    (KdCase *self);
gint64        kd_case_get_resolution_due_at  (KdCase *self);
gint64        kd_case_get_responded_at       (KdCase *self);
gint64        kd_case_get_resolved_at        (KdCase *self);
gint64        kd_case_get_closed_at          (KdCase *self);
gint64        kd_case_get_paused_at          (KdCase *self);
gint64        kd_case_get_escalated_at       (KdCase *self);
int           kd_case_get_resolutions        (KdCase *self);
gboolean      kd_case_is_overdue             (KdCase *self,
                                              gint64  now);

void          kd_random_bytes                (guint8     *buf,
                                              gsize       len);
char         *kd_tracking_code_new           (void);
char         *kd_tracking_code_normalize     (const char *input);
char         *kd_tracking_code_format        (const char *code);
char         *kd_format_local_time           (gint64      unix_time);

G_END_DECLS
