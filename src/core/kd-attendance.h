/* kd-attendance.h: cadres clocking in and out (考勤), with the time and the
 * address the request came from. Days are the town's (settings "timezone").
 * A cadre clocks in once before clocking out, and out only after clocking in
 * the same day; a clock-in left open from an earlier day does not block
 * today's. */
#pragma once

#include <gio/gio.h>

#include "kd-types.h"
#include "kd-db.h"
#include "kd-store.h"

G_BEGIN_DECLS

#define KD_TYPE_ATTENDANCE (kd_attendance_get_type ())

G_DECLARE_FINAL_TYPE (KdAttendance, kd_attendance, KD, ATTENDANCE, GObject)

#define KD_ATTENDANCE_ERROR (kd_attendance_error_quark ())

typedef enum {
  KD_ATTENDANCE_ERROR_ALREADY_IN,
  KD_ATTENDANCE_ERROR_NOT_IN,
} KdAttendanceError;

typedef enum {
  KD_ATTENDANCE_IN,
  KD_ATTENDANCE_OUT,
} KdAttendanceKind;

GQuark            kd_attendance_error_quark    (void);

gint64            kd_attendance_get_id         (KdAttendance *self);
gint64            kd_attendance_get_cadre_id   (KdAttendance *self);
gint64            kd_attendance_get_at         (KdAttendance *self);
KdAttendanceKind  kd_attendance_get_kind       (KdAttendance *self);
const char       *kd_attendance_get_address    (KdAttendance *self);

/* Reads. */
void              kd_attendance_day_bounds     (KdDb             *db,
                                                gint64            at,
                                                gint64           *start,
                                                gint64           *end);
GListModel       *kd_attendance_list           (KdDb             *db,
                                                gint64            cadre_id,
                                                gint64            from,
                                                gint64            to,
                                                GError          **error);
KdAttendance     *kd_attendance_last_today     (KdDb             *db,
                                                gint64            cadre_id,
                                                gint64            now,
                                                GError          **error);

/* In-transaction write. */
KdAttendance     *kd_attendance_clock          (KdDb             *db,
                                                gint64            cadre_id,
                                                KdAttendanceKind  kind,
                                                gint64            at,
                                                const char       *address,
                                                KdChanges        *changes,
                                                GError          **error);

void              kd_store_clock_async         (KdStore             *self,
                                                gint64               cadre_id,
                                                KdAttendanceKind     kind,
                                                const char          *address,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
KdAttendance     *kd_store_clock_finish        (KdStore             *self,
                                                GAsyncResult        *result,
                                                GError             **error);

G_END_DECLS
