/* kd-attendance.c: clocking in and out. */
#define G_LOG_DOMAIN "kd-attendance"

#include "config.h"

#include <glib/gi18n.h>

#include "kd-sla.h"
#include "kd-attendance.h"
#include "kd-audit.h"
#include "kd-cadre.h"

struct _KdAttendance
{
  GObject           parent_instance;

  gint64            id;
  gint64            cadre_id;
  gint64            at;
  KdAttendanceKind  kind;
  char             *address;
};

G_DEFINE_FINAL_TYPE (KdAttendance, kd_attendance, G_TYPE_OBJECT)
G_DEFINE_QUARK (kd-attendance-error-quark, kd_attendance_error)

static void
kd_attendance_finalize (GObject *object)
{
  KdAttendance *self = (KdAttendance *)object;

  g_free (self->address);

  G_OBJECT_CLASS (kd_attendance_parent_class)->finalize (object);
}

static void
kd_attendance_class_init (KdAttendanceClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = kd_attendance_finalize;
}

static void
kd_attendance_init (KdAttendance *self)
{
}

gint64           kd_attendance_get_id       (KdAttendance *self) { return self->id; }
gint64           kd_attendance_get_cadre_id (KdAttendance *self) { return self->cadre_id; }
gint64           kd_attendance_get_at       (KdAttendance *self) { return self->at; }
KdAttendanceKind kd_attendance_get_kind     (KdAttendance *self) { return self->kind; }
const char      *kd_attendance_get_address  (KdAttendance *self) { return self->address; }

#define ATTENDANCE_COLUMNS "id, cadre_id, at, kind, address FROM attendance"

static KdAttendance *
attendance_new_from_stmt (sqlite3_stmt *stmt)
{
  KdAttendance *self = g_object_new (KD_TYPE_ATTENDANCE, NULL);

  self->id = sqlite3_column_int64 (stmt, 0);
  self->cadre_id = sqlite3_column_int64 (stmt, 1);
  self->at = sqlite3_column_int64 (stmt, 2);
  self->kind = g_strcmp0 ((const char *) sqlite3_column_text (stmt, 3), "out") == 0
               ? KD_ATTENDANCE_OUT : KD_ATTENDANCE_IN;
  self->address = g_strdup ((const char *) sqlite3_column_text (stmt, 4));

  return self;
}

/* The town's time zone; China's when the setting names none that is known. */
static GTimeZone *
town_timezone (KdDb *db)
{
  sqlite3_stmt *stmt = kd_db_prepare (db, "SELECT value FROM settings WHERE key = 'timezone'", NULL);
  GTimeZone *tz = NULL;

  if (stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW)
    tz = kd_time_zone_new ((const char *) sqlite3_column_text (stmt, 0));
  if (stmt != NULL)
    sqlite3_reset (stmt);

  return tz ? tz : g_time_zone_new_offset (8 * 60 * 60);
}

/* The town's day that contains @at: [*start, *end). */
void
kd_attendance_day_bounds (KdDb   *db,
                          gint64  at,
                          gint64 *start,
                          gint64 *end)
{
  g_autoptr(GTimeZone) tz = town_timezone (db);
  g_autoptr(GDateTime) t = g_date_time_new_from_unix_utc (at);
  g_autoptr(GDateTime) local = g_date_time_to_timezone (t, tz);
  g_autoptr(GDateTime) midnight = g_date_time_new (tz, g_date_time_get_year (local),
                                                   g_date_time_get_month (local),
                                                   g_date_time_get_day_of_month (local), 0, 0, 0);
  g_autoptr(GDateTime) next = g_date_time_add_days (midnight, 1);

  *start = g_date_time_to_unix (midnight);
  *end = g_date_time_to_unix (next);
}

/* A cadre's records with @from <= at < @to, oldest first. */
GListModel *
kd_attendance_list (KdDb    *db,
                    gint64   cadre_id,
                    gint64   from,
                    gint64   to,
                    GError **error)
{
  g_autoptr(GListStore) store = g_list_store_new (KD_TYPE_ATTENDANCE);
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (db != NULL, NULL);

  stmt = kd_db_prepare (db,
                        "SELECT " ATTENDANCE_COLUMNS
                        " WHERE cadre_id = ?1 AND at >= ?2 AND at < ?3 ORDER BY at, id",
                        error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, cadre_id);
  sqlite3_bind_int64 (stmt, 2, from);
  sqlite3_bind_int64 (stmt, 3, to);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autoptr(KdAttendance) record = attendance_new_from_stmt (stmt);
      g_list_store_append (store, record);
    }
  sqlite3_reset (stmt);

  if (rc != SQLITE_DONE)
    {
      kd_db_set_error (db, rc, "attendance", error);
      return NULL;
    }

  return G_LIST_MODEL (g_steal_pointer (&store));
}

/* Today's state: the cadre's last record of the day of @now up to @now
 * (its kind tells clocked in or out), or NULL without an error when there
 * is none yet. */
KdAttendance *
kd_attendance_last_today (KdDb    *db,
                          gint64   cadre_id,
                          gint64   now,
                          GError **error)
{
  KdAttendance *record = NULL;
  sqlite3_stmt *stmt;
  gint64 start, end;
  int rc;

  g_return_val_if_fail (db != NULL, NULL);

  kd_attendance_day_bounds (db, now, &start, &end);
  stmt = kd_db_prepare (db,
                        "SELECT " ATTENDANCE_COLUMNS
                        " WHERE cadre_id = ?1 AND at >= ?2 AND at <= ?3 ORDER BY at DESC, id DESC LIMIT 1",
                        error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, cadre_id);
  sqlite3_bind_int64 (stmt, 2, start);
  sqlite3_bind_int64 (stmt, 3, now);

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    record = attendance_new_from_stmt (stmt);
  else if (rc != SQLITE_DONE)
    kd_db_set_error (db, rc, "attendance", error);
  sqlite3_reset (stmt);

  return record;
}

static char *
format_town_time (KdDb   *db,
                  gint64  at)
{
  g_autoptr(GTimeZone) tz = town_timezone (db);
  g_autoptr(GDateTime) t = g_date_time_new_from_unix_utc (at);
  g_autoptr(GDateTime) local = g_date_time_to_timezone (t, tz);

  return g_date_time_format (local, "%H:%M");
}

/* Refuses clocking in twice and clocking out without clocking in. */
static gboolean
check_clock (KdDb              *db,
             gint64             cadre_id,
             KdAttendanceKind   kind,
             gint64             at,
             GError           **error)
{
  g_autoptr(GError) local = NULL;
  g_autoptr(KdAttendance) last = kd_attendance_last_today (db, cadre_id, at, &local);
  gboolean clocked_in = last != NULL && last->kind == KD_ATTENDANCE_IN;

  if (local != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }

  if (kind == KD_ATTENDANCE_IN && clocked_in)
    {
      g_autofree char *time = format_town_time (db, last->at);

      g_set_error (error, KD_ATTENDANCE_ERROR, KD_ATTENDANCE_ERROR_ALREADY_IN,
                   _("You clocked in already today at %s."), time);
      return FALSE;
    }
  if (kind == KD_ATTENDANCE_OUT && !clocked_in)
    {
      g_set_error_literal (error, KD_ATTENDANCE_ERROR, KD_ATTENDANCE_ERROR_NOT_IN,
                           _("You cannot clock out: you have not clocked in today."));
      return FALSE;
    }

  return TRUE;
}

KdAttendance *
kd_attendance_clock (KdDb              *db,
                     gint64             cadre_id,
                     KdAttendanceKind   kind,
                     gint64             at,
                     const char        *address,
                     KdChanges         *changes,
                     GError           **error)
{
  g_autoptr(KdCadre) cadre = NULL;
  g_autoptr(KdAttendance) record = g_object_new (KD_TYPE_ATTENDANCE, NULL);
  const char *kind_str = kind == KD_ATTENDANCE_OUT ? "out" : "in";
  sqlite3_stmt *stmt;

  g_return_val_if_fail (db != NULL, NULL);

  cadre = kd_cadre_load (db, cadre_id, error);
  if (cadre == NULL)
    return NULL;
  if (!kd_cadre_get_active (cadre))
    {
      g_set_error_literal (error, KD_CADRE_ERROR, KD_CADRE_ERROR_INACTIVE,
                           _("This account has been deactivated. Ask the town administrator."));
      return NULL;
    }
  if (!check_clock (db, cadre_id, kind, at, error))
    return NULL;

  stmt = kd_db_prepare (db, "INSERT INTO attendance (cadre_id, at, kind, address) VALUES (?1, ?2, ?3, ?4)",
                        error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, cadre_id);
  sqlite3_bind_int64 (stmt, 2, at);
  kd_db_bind_text (stmt, 3, kind_str);
  kd_db_bind_text (stmt, 4, address);
  if (!kd_db_step_done (db, stmt, error))
    return NULL;

  record->id = sqlite3_last_insert_rowid (kd_db_get_handle (db));
  record->cadre_id = cadre_id;
  record->at = at;
  record->kind = kind;
  record->address = g_strdup (address);
  kd_changes_add (changes, "attendance", record->id);

  if (!kd_audit_add (db, at, cadre_id, kd_cadre_get_display_name (cadre),
                     kind == KD_ATTENDANCE_OUT ? "attendance.out" : "attendance.in",
                     "attendance", record->id, NULL, address, changes, error))
    return NULL;

  return g_steal_pointer (&record);
}

typedef struct
{
  gint64            cadre_id;
  KdAttendanceKind  kind;
  char             *address;
} ClockOp;

static void
clock_op_free (gpointer data)
{
  ClockOp *op = data;

  g_free (op->address);
  g_free (op);
}

static gpointer
clock_job (KdDb      *db,
           gpointer   data,
           KdChanges *changes,
           GError   **error)
{
  ClockOp *op = data;

  return kd_attendance_clock (db, op->cadre_id, op->kind, g_get_real_time () / G_USEC_PER_SEC,
                              op->address, changes, error);
}

void
kd_store_clock_async (KdStore             *self,
                      gint64               cadre_id,
                      KdAttendanceKind     kind,
                      const char          *address,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  ClockOp *op;

  g_return_if_fail (KD_IS_STORE (self));

  op = g_new0 (ClockOp, 1);
  op->cadre_id = cadre_id;
  op->kind = kind;
  op->address = g_strdup (address);
  kd_writer_submit (kd_store_get_writer (self), clock_job, op, clock_op_free, g_object_unref,
                    cancellable, callback, user_data);
}

KdAttendance *
kd_store_clock_finish (KdStore      *self,
                       GAsyncResult *result,
                       GError      **error)
{
  return kd_writer_submit_finish (result, error);
}
