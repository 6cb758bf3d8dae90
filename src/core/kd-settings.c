/* kd-settings.c: the township's settings — readers and in-transaction
 * writes, each checked first and audited. The writer jobs are in
 * kd-settings-async.c. */
#define G_LOG_DOMAIN "kd-settings"

#include "config.h"

#include <stdio.h>
#include <string.h>

#include <glib/gi18n.h>

#include "kd-settings.h"
#include "kd-audit.h"
#include "kd-report.h"

G_DEFINE_QUARK (kd-settings-error-quark, kd_settings_error)

void
kd_holiday_free (KdHoliday *holiday)
{
  if (holiday == NULL)
    return;

  g_free (holiday->day);
  g_free (holiday->name);
  g_free (holiday);
}

/* Readers. */

char *
kd_settings_dup (KdDb        *db,
                 const char  *key,
                 GError     **error)
{
  sqlite3_stmt *stmt = kd_db_prepare (db, "SELECT value FROM settings WHERE key = ?1", error);
  char *value = NULL;
  int rc;

  if (stmt == NULL)
    return NULL;
  kd_db_bind_text (stmt, 1, key);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    value = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    kd_db_set_error (db, rc, "read a setting", error);
  else if (value == NULL)
    g_set_error (error, KD_SETTINGS_ERROR, KD_SETTINGS_ERROR_NOT_FOUND,
                 _("The setting “%s” is missing."), key);

  return value;
}

GPtrArray *
kd_holiday_list (KdDb    *db,
                 GError **error)
{
  sqlite3_stmt *stmt = kd_db_prepare (db, "SELECT day, name, is_workday FROM holidays ORDER BY day", error);
  GPtrArray *holidays;
  int rc;

  if (stmt == NULL)
    return NULL;

  holidays = g_ptr_array_new_with_free_func ((GDestroyNotify) kd_holiday_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      KdHoliday *holiday = g_new0 (KdHoliday, 1);

      holiday->day = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      holiday->name = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      holiday->is_workday = sqlite3_column_int (stmt, 2) != 0;
      g_ptr_array_add (holidays, holiday);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      kd_db_set_error (db, rc, "list holidays", error);
      g_ptr_array_unref (holidays);
      return NULL;
    }

  return holidays;
}

/* Writes. */

static gboolean
audit (KdDb          *db,
       const KdActor *actor,
       gint64         at,
       const char    *action,
       const char    *target,
       gint64         target_id,
       const char    *detail,
       KdChanges     *changes,
       GError       **error)
{
  return kd_audit_add (db, at, actor ? actor->cadre_id : 0, actor ? actor->name : NULL,
                       action, target, target_id, detail, NULL, changes, error);
}

/* A trimmed one-line plain name of 1 to KD_SETTINGS_NAME_MAX characters. */
static char *
clean_name (const char  *name,
            int          code,
            const char  *message,
            GError     **error)
{
  g_autofree char *clean = g_strstrip (g_strdup (name ? name : ""));

  if (*clean == '\0' || !g_utf8_validate (clean, -1, NULL) || !kd_text_is_plain (clean, FALSE) ||
      g_utf8_strlen (clean, -1) > KD_SETTINGS_NAME_MAX)
    {
      g_set_error (error, KD_SETTINGS_ERROR, code, message, KD_SETTINGS_NAME_MAX);
      return NULL;
    }

  return g_steal_pointer (&clean);
}

static gboolean
set_setting (KdDb        *db,
             const char  *key,
             const char  *value,
             KdChanges   *changes,
             GError     **error)
{
  sqlite3_stmt *stmt = kd_db_prepare (db, "INSERT INTO settings (key, value) VALUES (?1, ?2)"
                                          " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                                      error);

  if (stmt == NULL)
    return FALSE;
  kd_db_bind_text (stmt, 1, key);
  kd_db_bind_text (stmt, 2, value);
  if (!kd_db_step_done (db, stmt, error))
    return FALSE;
  kd_changes_add (changes, "settings", 0);
  return TRUE;
}

gboolean
kd_settings_set_work_time (KdDb          *db,
                           const char    *work_days,
                           const char    *work_hours,
                           const KdActor *actor,
                           gint64         at,
                           KdChanges     *changes,
                           GError       **error)
{
  g_autofree char *days = g_strstrip (g_strdup (work_days ? work_days : ""));
  g_autofree char *hours = g_strstrip (g_strdup (work_hours ? work_hours : ""));
  g_autofree char *detail = NULL;
  g_autoptr(GError) local = NULL;
  g_autoptr(KdCalendar) calendar = kd_calendar_new (days, hours, "UTC", &local);

  if (calendar == NULL)
    {
      g_set_error_literal (error, KD_SETTINGS_ERROR, KD_SETTINGS_ERROR_WORK_TIME, local->message);
      return FALSE;
    }

  detail = g_strdup_printf ("%s %s", days, hours);
  return set_setting (db, "work_days", days, changes, error) &&
         set_setting (db, "work_hours", hours, changes, error) &&
         audit (db, actor, at, "settings.work-time", "settings", 0, detail, changes, error);
}

static gboolean
valid_day (const char *day)
{
  guint y, m, d;
  char tail;

  return day != NULL && strlen (day) == 10 && day[4] == '-' && day[7] == '-' &&
         sscanf (day, "%4u-%2u-%2u%c", &y, &m, &d, &tail) == 3 &&
         g_date_valid_dmy ((GDateDay) d, (GDateMonth) m, (GDateYear) y) && y >= 2000 && y <= 2200;
}

gboolean
kd_settings_add_holiday (KdDb          *db,
                         const char    *day,
                         const char    *name,
                         gboolean       is_workday,
                         const KdActor *actor,
                         gint64         at,
                         KdChanges     *changes,
                         GError       **error)
{
  g_autofree char *clean_day = g_strstrip (g_strdup (day ? day : ""));
  g_autofree char *clean = NULL;
  g_autofree char *detail = NULL;
  sqlite3_stmt *stmt;

  if (!valid_day (clean_day))
    {
      g_set_error (error, KD_SETTINGS_ERROR, KD_SETTINGS_ERROR_HOLIDAY,
                   _("The date “%s” is not valid: write it as YYYY-MM-DD, for example 2026-10-01."),
                   clean_day);
      return FALSE;
    }
  clean = clean_name (name, KD_SETTINGS_ERROR_HOLIDAY,
                      _("A holiday needs a name of one line and at most %d characters."), error);
  if (clean == NULL)
    return FALSE;

  stmt = kd_db_prepare (db, "INSERT INTO holidays (day, name, is_workday) VALUES (?1, ?2, ?3)"
                            " ON CONFLICT (day) DO UPDATE SET name = excluded.name, is_workday = excluded.is_workday",
                        error);
  if (stmt == NULL)
    return FALSE;
  kd_db_bind_text (stmt, 1, clean_day);
  kd_db_bind_text (stmt, 2, clean);
  sqlite3_bind_int (stmt, 3, is_workday ? 1 : 0);
  if (!kd_db_step_done (db, stmt, error))
    return FALSE;
  kd_changes_add (changes, "holidays", 0);

  detail = g_strdup_printf ("%s %s%s", clean_day, clean, is_workday ? " (workday)" : "");
  return audit (db, actor, at, "settings.holiday-add", "holiday", 0, detail, changes, error);
}

gboolean
kd_settings_delete_holiday (KdDb          *db,
                            const char    *day,
                            const KdActor *actor,
                            gint64         at,
                            KdChanges     *changes,
                            GError       **error)
{
  sqlite3_stmt *stmt = kd_db_prepare (db, "DELETE FROM holidays WHERE day = ?1", error);

  if (stmt == NULL)
    return FALSE;
  kd_db_bind_text (stmt, 1, day ? day : "");
  if (!kd_db_step_done (db, stmt, error))
    return FALSE;
  if (sqlite3_changes (kd_db_get_handle (db)) == 0)
    {
      g_set_error (error, KD_SETTINGS_ERROR, KD_SETTINGS_ERROR_NOT_FOUND,
                   _("There is no holiday on %s."), day ? day : "");
      return FALSE;
    }
  kd_changes_add (changes, "holidays", 0);

  return audit (db, actor, at, "settings.holiday-delete", "holiday", 0, day, changes, error);
}

gboolean
kd_settings_set_sla_rule (KdDb            *db,
                          KdCaseKind       kind,
                          gboolean         urgent,
                          const KdSlaRule *rule,
                          const KdActor   *actor,
                          gint64           at,
                          KdChanges       *changes,
                          GError         **error)
{
  g_autofree char *detail = NULL;
  sqlite3_stmt *stmt;

  if ((guint) kind >= KD_CASE_N_KINDS)
    {
      g_set_error_literal (error, KD_SETTINGS_ERROR, KD_SETTINGS_ERROR_SLA_RULE,
                           _("There is no such kind of case."));
      return FALSE;
    }
  if (rule->response_minutes <= 0 || rule->resolution_minutes <= 0 ||
      rule->response_minutes > KD_SETTINGS_MINUTES_MAX || rule->resolution_minutes > KD_SETTINGS_MINUTES_MAX)
    {
      g_set_error (error, KD_SETTINGS_ERROR, KD_SETTINGS_ERROR_SLA_RULE,
                   _("The time to respond and the time to resolve must each be more than zero and at most %d days."),
                   KD_SETTINGS_MINUTES_MAX / (24 * 60));
      return FALSE;
    }
  if (rule->resolution_minutes < rule->response_minutes)
    {
      g_set_error_literal (error, KD_SETTINGS_ERROR, KD_SETTINGS_ERROR_SLA_RULE,
                           _("The time to resolve cannot be shorter than the time to respond."));
      return FALSE;
    }

  stmt = kd_db_prepare (db, "INSERT OR REPLACE INTO sla_rules"
                            " (kind, urgent, response_minutes, resolution_minutes, working_time)"
                            " VALUES (?1, ?2, ?3, ?4, ?5)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int (stmt, 1, kind);
  sqlite3_bind_int (stmt, 2, urgent ? 1 : 0);
  sqlite3_bind_int (stmt, 3, rule->response_minutes);
  sqlite3_bind_int (stmt, 4, rule->resolution_minutes);
  sqlite3_bind_int (stmt, 5, rule->working_time ? 1 : 0);
  if (!kd_db_step_done (db, stmt, error))
    return FALSE;
  kd_changes_add (changes, "sla_rules", kind);

  detail = g_strdup_printf ("%s%s: %d/%d min (%s)", kd_case_kind_to_string (kind), urgent ? " urgent" : "",
                            rule->response_minutes, rule->resolution_minutes,
                            rule->working_time ? "working time" : "clock");
  return audit (db, actor, at, "settings.sla-rule", "sla_rule", kind, detail, changes, error);
}

static gboolean
check_kinds (guint    kinds,
             GError **error)
{
  if ((kinds & KD_SETTINGS_ALL_KINDS) == 0 || (kinds & ~KD_SETTINGS_ALL_KINDS) != 0)
    {
      g_set_error_literal (error, KD_SETTINGS_ERROR, KD_SETTINGS_ERROR_CATEGORY,
                           _("A category must be offered for at least one kind of case."));
      return FALSE;
    }
  return TRUE;
}

static char *
clean_category_name (const char  *name,
                     GError     **error)
{
  return clean_name (name, KD_SETTINGS_ERROR_CATEGORY,
                     _("A category needs a name of one line and at most %d characters."), error);
}

gboolean
kd_settings_set_category (KdDb          *db,
                          gint64         id,
                          const char    *name,
                          guint          kinds,
                          const KdActor *actor,
                          gint64         at,
                          KdChanges     *changes,
                          GError       **error)
{
  g_autofree char *clean = clean_category_name (name, error);
  g_autofree char *detail = NULL;
  sqlite3_stmt *stmt;

  if (clean == NULL || !check_kinds (kinds, error))
    return FALSE;

  stmt = kd_db_prepare (db, "UPDATE categories SET name = ?2, kinds = ?3 WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  kd_db_bind_text (stmt, 2, clean);
  sqlite3_bind_int (stmt, 3, (int) kinds);
  if (!kd_db_step_done (db, stmt, error))
    return FALSE;
  if (sqlite3_changes (kd_db_get_handle (db)) == 0)
    {
      g_set_error_literal (error, KD_SETTINGS_ERROR, KD_SETTINGS_ERROR_NOT_FOUND,
                           _("This category no longer exists."));
      return FALSE;
    }
  kd_changes_add (changes, "categories", id);

  detail = g_strdup_printf ("%s (kinds %u)", clean, kinds);
  return audit (db, actor, at, "category.edit", "category", id, detail, changes, error);
}

/* A new category goes last; its code is made from its position
 * ("category-51"), drawn again in the unlikely case that it is taken. */
gint64
kd_settings_add_category (KdDb          *db,
                          const char    *name,
                          guint          kinds,
                          const KdActor *actor,
                          gint64         at,
                          KdChanges     *changes,
                          GError       **error)
{
  g_autofree char *clean = clean_category_name (name, error);
  g_autofree char *detail = NULL;
  g_autoptr(GError) local = NULL;
  sqlite3_stmt *stmt;
  gint64 position, id;

  if (clean == NULL || !check_kinds (kinds, error))
    return 0;

  position = kd_db_query_int (db, "SELECT coalesce (max (position), -1) + 1 FROM categories", &local);
  if (local != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return 0;
    }

  stmt = kd_db_prepare (db, "INSERT INTO categories (code, name, position, kinds)"
                            " SELECT 'category-' || (?1 + n), ?2, ?1, ?3"
                            " FROM (WITH RECURSIVE s (n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM s WHERE n < 1000)"
                            "       SELECT n FROM s)"
                            " WHERE NOT EXISTS (SELECT 1 FROM categories WHERE code = 'category-' || (?1 + n))"
                            " LIMIT 1", error);
  if (stmt == NULL)
    return 0;
  sqlite3_bind_int64 (stmt, 1, position);
  kd_db_bind_text (stmt, 2, clean);
  sqlite3_bind_int (stmt, 3, (int) kinds);
  if (!kd_db_step_done (db, stmt, error))
    return 0;
  id = sqlite3_last_insert_rowid (kd_db_get_handle (db));
  kd_changes_add (changes, "categories", id);

  detail = g_strdup_printf ("%s (kinds %u)", clean, kinds);
  if (!audit (db, actor, at, "category.add", "category", id, detail, changes, error))
    return 0;
  return id;
}
