/* kd-sla.c: working-time arithmetic and the SLA deadlines (kd-sla.h). */
#define G_LOG_DOMAIN "kd-sla"

#include "config.h"

#include <stdio.h>
#include <gio/gio.h>
#include <glib/gi18n.h>

#include "kd-sla.h"

#define MAX_PERIODS 8

/* How far a walk through the calendar looks for working time before giving
 * up (a calendar of holidays only): ten years. */
#define MAX_DAYS 3660

struct _KdCalendar
{
  guint       work_days;              /* bit d: ISO weekday d (Monday = 1) */
  guint       n_periods;
  int         starts[MAX_PERIODS];    /* minutes after local midnight, sorted */
  int         ends[MAX_PERIODS];
  GTimeZone  *tz;
  GHashTable *holidays;               /* "YYYY-MM-DD" → GINT_TO_POINTER (is_workday + 1) */
};

static gboolean
parse_work_days (const char *text,
                 guint      *days)
{
  *days = 0;
  for (const char *p = text; *p; p++)
    {
      if (*p < '1' || *p > '7')
        return FALSE;
      *days |= 1u << (*p - '0');
    }
  return *days != 0;
}

/* "09:00" → 540 */
static gboolean
parse_clock (const char *text,
             int        *minutes)
{
  guint h, m;
  char tail;

  if (sscanf (text, "%2u:%2u%c", &h, &m, &tail) != 2 || h > 24 || m > 59 || (h == 24 && m > 0))
    return FALSE;
  *minutes = (int) (h * 60 + m);
  return TRUE;
}

static gboolean
parse_work_hours (KdCalendar *self,
                  const char *text)
{
  g_auto(GStrv) ranges = g_strsplit (text, ",", -1);

  self->n_periods = 0;
  for (guint i = 0; ranges[i]; i++)
    {
      g_auto(GStrv) ends = g_strsplit (g_strstrip (ranges[i]), "-", 3);
      int start, end;

      if (self->n_periods == MAX_PERIODS || g_strv_length (ends) != 2 ||
          !parse_clock (ends[0], &start) || !parse_clock (ends[1], &end) || start >= end)
        return FALSE;
      if (self->n_periods > 0 && start < self->ends[self->n_periods - 1])
        return FALSE;   /* out of order or overlapping */
      self->starts[self->n_periods] = start;
      self->ends[self->n_periods] = end;
      self->n_periods++;
    }

  return self->n_periods > 0;
}

/* The time zone named @identifier, or NULL. GTimeZone is immutable, and
 * reading one from tzdata costs more than the rest of a case's insert: each
 * is read once per process. Without tzdata, China's zone (no daylight saving
 * since 1991) still works. */
GTimeZone *
kd_time_zone_new (const char *identifier)
{
  static GMutex lock;
  static GHashTable *zones;   /* identifier → GTimeZone */
  GTimeZone *tz;

  g_return_val_if_fail (identifier != NULL, NULL);

  g_mutex_lock (&lock);
  if (zones == NULL)
    zones = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_time_zone_unref);
  tz = g_hash_table_lookup (zones, identifier);
  if (tz == NULL)
    {
      tz = g_time_zone_new_identifier (identifier);
      if (tz == NULL && g_strcmp0 (identifier, "Asia/Shanghai") == 0)
        tz = g_time_zone_new_identifier ("+08:00");
      if (tz != NULL)
        g_hash_table_insert (zones, g_strdup (identifier), tz);
    }
  tz = tz ? g_time_zone_ref (tz) : NULL;
  g_mutex_unlock (&lock);

  return tz;
}

/* @work_days: ISO weekdays ("12345"); @work_hours: "09:00-12:00,13:30-17:30";
 * @timezone: an identifier such as "Asia/Shanghai". */
KdCalendar *
kd_calendar_new (const char  *work_days,
                 const char  *work_hours,
                 const char  *timezone,
                 GError     **error)
{
  g_autoptr(KdCalendar) self = g_new0 (KdCalendar, 1);

  g_return_val_if_fail (work_days != NULL && work_hours != NULL && timezone != NULL, NULL);

  self->holidays = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  if (!parse_work_days (work_days, &self->work_days))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("The working days “%s” are not valid: write the days of the week as digits, Monday = 1 (for example 12345)."),
                   work_days);
      return NULL;
    }
  if (!parse_work_hours (self, work_hours))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("The working hours “%s” are not valid: write periods in order such as 09:00-12:00,13:30-17:30."),
                   work_hours);
      return NULL;
    }
  self->tz = kd_time_zone_new (timezone);
  if (self->tz == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("The time zone “%s” is not known."), timezone);
      return NULL;
    }

  return g_steal_pointer (&self);
}

void
kd_calendar_free (KdCalendar *self)
{
  if (self == NULL)
    return;
  g_clear_pointer (&self->tz, g_time_zone_unref);
  g_clear_pointer (&self->holidays, g_hash_table_unref);
  g_free (self);
}

/* @day: "YYYY-MM-DD". @is_workday: a day worked although a weekend (调休);
 * otherwise a holiday although a weekday. */
void
kd_calendar_add_holiday (KdCalendar *self,
                         const char *day,
                         gboolean    is_workday)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (day != NULL);

  g_hash_table_replace (self->holidays, g_strdup (day), GINT_TO_POINTER (is_workday ? 2 : 1));
}

static gboolean
is_working_date (KdCalendar  *self,
                 const GDate *date)
{
  char key[16];
  gpointer listed;

  g_snprintf (key, sizeof key, "%04u-%02u-%02u", g_date_get_year (date),
              g_date_get_month (date), g_date_get_day (date));
  listed = g_hash_table_lookup (self->holidays, key);
  if (listed != NULL)
    return GPOINTER_TO_INT (listed) == 2;

  return (self->work_days & (1u << g_date_get_weekday (date))) != 0;
}

gboolean
kd_calendar_is_working_day (KdCalendar *self,
                            GDateTime  *local_day)
{
  GDate date;

  g_return_val_if_fail (self != NULL && local_day != NULL, FALSE);

  g_date_clear (&date, 1);
  g_date_set_dmy (&date, g_date_time_get_day_of_month (local_day),
                  g_date_time_get_month (local_day), g_date_time_get_year (local_day));
  return is_working_date (self, &date);
}

/* The local calendar day that @t falls on. */
static void
local_date (KdCalendar *self,
            gint64      t,
            GDate      *date)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (t);
  g_autoptr(GDateTime) local = g_date_time_to_timezone (utc, self->tz);

  g_date_clear (date, 1);
  g_date_set_dmy (date, g_date_time_get_day_of_month (local),
                  g_date_time_get_month (local), g_date_time_get_year (local));
}

/* @minutes after local midnight of @date, as unix seconds. */
static gint64
local_time (KdCalendar  *self,
            const GDate *date,
            int          minutes)
{
  g_autoptr(GDateTime) dt = g_date_time_new (self->tz, g_date_get_year (date), g_date_get_month (date),
                                             g_date_get_day (date), 0, 0, 0);
  g_autoptr(GDateTime) at = g_date_time_add_minutes (dt, minutes);

  return g_date_time_to_unix (at);
}

/* The time at which @seconds of working time have passed since @from.
 * Adding nothing returns @from itself, in working time or not. */
gint64
kd_calendar_add_working_seconds (KdCalendar *self,
                                 gint64      from,
                                 gint64      seconds)
{
  GDate date;

  g_return_val_if_fail (self != NULL, from);

  if (seconds <= 0)
    return from;

  local_date (self, from, &date);
  for (guint i = 0; i < MAX_DAYS; i++, g_date_add_days (&date, 1))
    {
      if (!is_working_date (self, &date))
        continue;

      for (guint p = 0; p < self->n_periods; p++)
        {
          gint64 start = MAX (local_time (self, &date, self->starts[p]), from);
          gint64 end = local_time (self, &date, self->ends[p]);

          if (start >= end)
            continue;
          if (seconds <= end - start)
            return start + seconds;
          seconds -= end - start;
        }
    }

  return from + seconds;   /* no working time for ten years: the clock's */
}

gint64
kd_calendar_add_working_minutes (KdCalendar *self,
                                 gint64      from,
                                 gint64      minutes)
{
  return kd_calendar_add_working_seconds (self, from, minutes * 60);
}

/* The working time between @from and @to (0 when @to is not after @from). */
gint64
kd_calendar_working_seconds (KdCalendar *self,
                             gint64      from,
                             gint64      to)
{
  gint64 total = 0;
  GDate date;

  g_return_val_if_fail (self != NULL, 0);

  if (to <= from)
    return 0;

  local_date (self, from, &date);
  while (local_time (self, &date, 0) < to)
    {
      if (is_working_date (self, &date))
        for (guint p = 0; p < self->n_periods; p++)
          {
            gint64 start = MAX (local_time (self, &date, self->starts[p]), from);
            gint64 end = MIN (local_time (self, &date, self->ends[p]), to);

            if (end > start)
              total += end - start;
          }
      g_date_add_days (&date, 1);
    }

  return total;
}

gint64
kd_calendar_working_minutes (KdCalendar *self,
                             gint64      from,
                             gint64      to)
{
  return kd_calendar_working_seconds (self, from, to) / 60;
}

static char *
dup_setting (KdDb       *db,
             const char *key,
             const char *fallback)
{
  sqlite3_stmt *stmt = kd_db_prepare (db, "SELECT value FROM settings WHERE key = ?1", NULL);
  char *value = NULL;

  if (stmt == NULL)
    return g_strdup (fallback);
  kd_db_bind_text (stmt, 1, key);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    value = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_reset (stmt);

  return value ? value : g_strdup (fallback);
}

/* The town's calendar: the settings work_days, work_hours and timezone, and
 * the holidays table. */
KdCalendar *
kd_calendar_load (KdDb    *db,
                  GError **error)
{
  g_autofree char *days = dup_setting (db, "work_days", "12345");
  g_autofree char *hours = dup_setting (db, "work_hours", "09:00-12:00,13:30-17:30");
  g_autofree char *tz = dup_setting (db, "timezone", "Asia/Shanghai");
  g_autoptr(KdCalendar) self = kd_calendar_new (days, hours, tz, error);
  sqlite3_stmt *stmt;
  int rc;

  if (self == NULL)
    return NULL;

  stmt = kd_db_prepare (db, "SELECT day, is_workday FROM holidays", error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    kd_calendar_add_holiday (self, (const char *) sqlite3_column_text (stmt, 0),
                             sqlite3_column_int (stmt, 1) != 0);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      kd_db_set_error (db, rc, "load holidays", error);
      return NULL;
    }

  return g_steal_pointer (&self);
}

/* The rule of sla_rules for @kind and @urgent; the defaults when the
 * table has none (emergency 2 h / 24 h of the clock, others one working day
 * / five working days). */
gboolean
kd_sla_rule_load (KdDb       *db,
                  KdCaseKind  kind,
                  gboolean    urgent,
                  KdSlaRule  *rule,
                  GError    **error)
{
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (rule != NULL, FALSE);

  rule->working_time = kind != KD_CASE_KIND_EMERGENCY;
  rule->response_minutes = rule->working_time ? 420 : 120;
  rule->resolution_minutes = rule->working_time ? 2100 : 1440;

  stmt = kd_db_prepare (db,
                        "SELECT response_minutes, resolution_minutes, working_time FROM sla_rules"
                        " WHERE kind = ?1 AND urgent = ?2",
                        error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int (stmt, 1, kind);
  sqlite3_bind_int (stmt, 2, urgent ? 1 : 0);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      rule->response_minutes = sqlite3_column_int (stmt, 0);
      rule->resolution_minutes = sqlite3_column_int (stmt, 1);
      rule->working_time = sqlite3_column_int (stmt, 2) != 0;
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return kd_db_set_error (db, rc, "load SLA rule", error);

  return TRUE;
}

/* @minutes after @from, of working time or of the clock as @rule says. */
gint64
kd_sla_deadline (KdCalendar      *calendar,
                 const KdSlaRule *rule,
                 gint64           from,
                 int              minutes)
{
  g_return_val_if_fail (calendar != NULL && rule != NULL, from);

  if (rule->working_time)
    return kd_calendar_add_working_minutes (calendar, from, minutes);
  return from + (gint64) minutes * 60;
}

/* @due pushed back by the time the clock was paused, from @paused_from to
 * @paused_to: the working time of the pause for a rule of working time, all
 * of it for a rule of clock time. */
gint64
kd_sla_shift (KdCalendar      *calendar,
              const KdSlaRule *rule,
              gint64           due,
              gint64           paused_from,
              gint64           paused_to)
{
  g_return_val_if_fail (calendar != NULL && rule != NULL, due);

  if (paused_to <= paused_from)
    return due;
  if (rule->working_time)
    return kd_calendar_add_working_seconds (calendar, due,
                                            kd_calendar_working_seconds (calendar, paused_from, paused_to));
  return due + (paused_to - paused_from);
}
