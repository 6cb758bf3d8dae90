/* kd-case-event.h: one entry of a case's timeline. */
#pragma once

#include <gio/gio.h>

#include "kd-types.h"
#include "kd-db.h"

G_BEGIN_DECLS

#define KD_TYPE_CASE_EVENT (kd_case_event_get_type ())

G_DECLARE_FINAL_TYPE (KdCaseEvent, kd_case_event, KD, CASE_EVENT, GObject)

GListModel *kd_case_event_list       (KdDb        *db,
                                      gint64       case_id,
                                      gboolean     public_only,
                                      GError     **error);
gint64      kd_case_event_get_at     (KdCaseEvent *self);
const char *kd_case_event_get_kind   (KdCaseEvent *self);
const char *kd_case_event_get_actor  (KdCaseEvent *self);
int         kd_case_event_get_status (KdCaseEvent *self);
const char *kd_case_event_get_body   (KdCaseEvent *self);
gboolean    kd_case_event_is_public  (KdCaseEvent *self);
char       *kd_case_event_dup_summary (KdCaseEvent *self);

G_END_DECLS
