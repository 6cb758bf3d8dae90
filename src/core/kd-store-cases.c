/* kd-store-cases.c: the writes of the case queue, each run on the writer. */
#define G_LOG_DOMAIN "kd-store"

#include "config.h"

#include <glib/gi18n.h>

#include "kd-store.h"
#include "kd-audit.h"
#include "kd-sla.h"
#include "kd-workflow.h"

/* What a report needs from the office's settings (its villages, categories,
 * calendar and deadline rules), read once and kept on the writer's
 * connection until those change (kd_db_get_cached()). */
typedef struct
{
  gboolean  loaded;
  KdSlaRule rule;
  gint64    at;           /* the last deadlines worked out, and from when */
  gint64    response;
  gint64    resolution;
} Deadlines;

typedef struct
{
  GHashTable *villages;     /* code → id */
  GHashTable *categories;   /* code → Category */
  KdCalendar *calendar;     /* read when first needed */
  Deadlines   deadlines[KD_CASE_N_KINDS][2];   /* by kind and urgent */
} ReportRules;

typedef struct
{
  gint64 id;
  gint64 kinds;
} Category;

static void
report_rules_free (gpointer data)
{
  ReportRules *rules = data;

  g_hash_table_unref (rules->villages);
  g_hash_table_unref (rules->categories);
  g_clear_pointer (&rules->calendar, kd_calendar_free);
  g_free (rules);
}

static ReportRules *
report_rules_get (KdDb *db)
{
  ReportRules *rules = kd_db_get_cached (db, "report-rules");

  if (rules == NULL)
    {
      rules = g_new0 (ReportRules, 1);
      rules->villages = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
      rules->categories = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
      kd_db_set_cached (db, "report-rules", rules, report_rules_free);
    }
  return rules;
}

static gboolean
no_such (const char     *code,
         KdReportField   field,
         GError        **error)
{
  g_set_error (error, KD_REPORT_ERROR, field,
               field == KD_REPORT_FIELD_VILLAGE ? _("There is no village “%s”.")
                                                : _("There is no category “%s”."),
               code);
  return FALSE;
}

static gint64
village_id (KdDb        *db,
            const char  *code,
            GError     **error)
{
  ReportRules *rules = report_rules_get (db);
  gint64 *id = g_hash_table_lookup (rules->villages, code);
  sqlite3_stmt *stmt;

  if (id != NULL)
    return *id;

  stmt = kd_db_prepare (db, "SELECT id FROM villages WHERE code = ?1", error);
  if (stmt == NULL)
    return 0;
  kd_db_bind_text (stmt, 1, code);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      id = g_new (gint64, 1);
      *id = sqlite3_column_int64 (stmt, 0);
    }
  sqlite3_reset (stmt);

  if (id == NULL)
    return no_such (code, KD_REPORT_FIELD_VILLAGE, error);
  g_hash_table_insert (rules->villages, g_strdup (code), id);
  return *id;
}

/* The category's id and kinds; FALSE if there is none or it is offered for
 * no kind (then not offered at all). */
static gboolean
category (KdDb        *db,
          const char  *code,
          Category    *out,
          GError     **error)
{
  ReportRules *rules = report_rules_get (db);
  Category *c = g_hash_table_lookup (rules->categories, code);
  sqlite3_stmt *stmt;

  if (c == NULL)
    {
      stmt = kd_db_prepare (db, "SELECT id, kinds FROM categories WHERE code = ?1", error);
      if (stmt == NULL)
        return FALSE;
      kd_db_bind_text (stmt, 1, code);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        {
          c = g_new (Category, 1);
          c->id = sqlite3_column_int64 (stmt, 0);
          c->kinds = sqlite3_column_int64 (stmt, 1);
          g_hash_table_insert (rules->categories, g_strdup (code), c);
        }
      sqlite3_reset (stmt);
    }

  if (c == NULL || c->id == 0 || c->kinds == 0)
    return no_such (code, KD_REPORT_FIELD_CATEGORY, error);
  *out = *c;
  return TRUE;
}

static gboolean
blank (const char *s)
{
  return s == NULL || *s == '\0';
}

/* The kind of @report (see KdReport.kind), checked against the kinds the
 * category is offered for (bit k of @kinds). */
static gboolean
report_kind (const KdReport *report,
             gint64          kinds,
             KdCaseKind     *kind,
             GError        **error)
{
  if (report->kind >= 0)
    *kind = (KdCaseKind) report->kind;
  else if (report->urgent && (kinds & (1 << KD_CASE_KIND_EMERGENCY)))
    *kind = KD_CASE_KIND_EMERGENCY;
  else
    {
      *kind = KD_CASE_KIND_LIVELIHOOD;
      for (int k = 0; k < KD_CASE_N_KINDS; k++)
        if (kinds & (1 << k))
          {
            *kind = (KdCaseKind) k;
            break;
          }
    }

  if ((kinds & (1 << *kind)) == 0)
    {
      g_set_error (error, KD_REPORT_ERROR, KD_REPORT_FIELD_KIND,
                   _("The category “%s” is not offered for a “%s”."),
                   report->category, kd_case_kind_label (*kind));
      return FALSE;
    }
  return TRUE;
}

/* The response and resolution deadlines of a case of @kind received at @at
 * (the same for every report of the same second). */
static gboolean
deadlines (KdDb       *db,
           KdCaseKind  kind,
           gboolean    urgent,
           gint64      at,
           gint64     *response,
           gint64     *resolution,
           GError    **error)
{
  ReportRules *rules = report_rules_get (db);
  Deadlines *d = &rules->deadlines[kind][urgent ? 1 : 0];

  if (rules->calendar == NULL && (rules->calendar = kd_calendar_load (db, error)) == NULL)
    return FALSE;
  if (!d->loaded)
    {
      if (!kd_sla_rule_load (db, kind, urgent, &d->rule, error))
        return FALSE;
      d->loaded = TRUE;
      d->at = G_MININT64;
    }
  if (d->at != at)
    {
      d->response = kd_sla_deadline (rules->calendar, &d->rule, at, d->rule.response_minutes);
      d->resolution = kd_sla_deadline (rules->calendar, &d->rule, at, d->rule.resolution_minutes);
      d->at = at;
    }

  *response = d->response;
  *resolution = d->resolution;
  return TRUE;
}

/* Inserts a validated report as a new case, with its "received" event. A
 * tracking code that collides (one in 2^50) is drawn again. */
KdCase *
kd_case_insert (KdDb           *db,
                const KdReport *report,
                gint64          created_at,
                KdChanges      *changes,
                GError        **error)
{
  g_autofree char *title = NULL;
  gint64 village, id = 0;
  gint64 response_due = 0, resolution_due = 0;
  Category cat;
  KdCaseKind kind;
  gboolean urgent;
  sqlite3_stmt *stmt;

  if (!kd_report_validate (report, error))
    return NULL;

  if ((village = village_id (db, report->village, error)) == 0 ||
      !category (db, report->category, &cat, error) ||
      !report_kind (report, cat.kinds, &kind, error))
    return NULL;
  urgent = report->urgent || kind == KD_CASE_KIND_EMERGENCY;
  if (!deadlines (db, kind, urgent, created_at, &response_due, &resolution_due, error))
    return NULL;

  title = blank (report->title) ? kd_report_make_title (report->description) : g_strstrip (g_strdup (report->title));

  stmt = kd_db_prepare (db,
                        "INSERT INTO cases (tracking_code, created_at, updated_at, village_id,"
                        " category_id, title, description, reporter_name, reporter_phone,"
                        " location, urgent, status, channel, kind, response_due_at, resolution_due_at, created_by)"
                        " VALUES (?1, ?2, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, 0, ?11, ?12, ?13, ?14, nullif (?15, 0))"
                        " ON CONFLICT (tracking_code) DO NOTHING",
                        error);
  if (stmt == NULL)
    return NULL;

  for (guint attempt = 0; id == 0 && attempt < 8; attempt++)
    {
      g_autofree char *code = kd_tracking_code_new ();

      sqlite3_reset (stmt);
      kd_db_bind_text (stmt, 1, code);
      sqlite3_bind_int64 (stmt, 2, created_at);
      sqlite3_bind_int64 (stmt, 3, village);
      sqlite3_bind_int64 (stmt, 4, cat.id);
      kd_db_bind_text (stmt, 5, title);
      kd_db_bind_text (stmt, 6, report->description);
      kd_db_bind_text (stmt, 7, blank (report->reporter_name) ? NULL : report->reporter_name);
      kd_db_bind_text (stmt, 8, blank (report->reporter_phone) ? NULL : report->reporter_phone);
      kd_db_bind_text (stmt, 9, blank (report->location) ? NULL : report->location);
      sqlite3_bind_int (stmt, 10, urgent);
      kd_db_bind_text (stmt, 11, report->channel ? report->channel : "phone");
      sqlite3_bind_int (stmt, 12, kind);
      sqlite3_bind_int64 (stmt, 13, response_due);
      sqlite3_bind_int64 (stmt, 14, resolution_due);
      sqlite3_bind_int64 (stmt, 15, report->created_by);

      if (!kd_db_step_done (db, stmt, error))
        return NULL;
      if (sqlite3_changes (kd_db_get_handle (db)) == 1)
        id = sqlite3_last_insert_rowid (kd_db_get_handle (db));
    }

  if (id == 0)
    {
      g_set_error (error, KD_DB_ERROR, KD_DB_ERROR_FAILED, "no free tracking code");
      return NULL;
    }

  if (!kd_case_add_event (db, id, created_at, "created", report->reporter_name,
                          KD_CASE_STATUS_NEW, NULL, TRUE, changes, error) ||
      !kd_photo_insert_all (db, id, report->photos, changes, error))
    return NULL;

  kd_changes_add (changes, "cases", id);

  return kd_case_load (db, id, error);
}

/* An event by someone who is not a signed-in cadre (kd_workflow_add_event()). */
gboolean
kd_case_add_event (KdDb       *db,
                   gint64      case_id,
                   gint64      at,
                   const char *kind,
                   const char *actor,
                   int         status,
                   const char *body,
                   gboolean    is_public,
                   KdChanges  *changes,
                   GError    **error)
{
  g_autofree char *action = g_strconcat ("case.", kind, NULL);
  KdActor who = { 0, blank (actor) ? NULL : actor };

  if (!kd_workflow_add_event (db, case_id, at, kind, &who, status, body, is_public, changes, error))
    return FALSE;

  /* The audit log is what cadres and the system did; a villager's report is
   * recorded by itself (the case and its "created" event). Audited without
   * the villager's name or text (kd-audit.h). */
  if (g_strcmp0 (kind, "created") == 0)
    return TRUE;
  return kd_audit_add (db, at, 0, who.name, action, "case", case_id,
                       status >= 0 ? kd_case_status_to_string (status) : NULL, NULL, changes, error);
}

/* A public reply is a response: the first one sets responded_at. */
static gboolean
touch_case (KdDb       *db,
            gint64      case_id,
            gint64      at,
            gboolean    responded,
            KdChanges  *changes,
            GError    **error)
{
  sqlite3_stmt *stmt;

  stmt = kd_db_prepare (db,
                        "UPDATE cases SET updated_at = ?2,"
                        " responded_at = CASE WHEN ?3 THEN coalesce (responded_at, ?2) ELSE responded_at END"
                        " WHERE id = ?1",
                        error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, case_id);
  sqlite3_bind_int64 (stmt, 2, at);
  sqlite3_bind_int (stmt, 3, responded);
  if (!kd_db_step_done (db, stmt, error))
    return FALSE;

  kd_changes_add (changes, "cases", case_id);

  return TRUE;
}

/* Core refuses what the rules refuse, whoever asks (desktop, phone, test):
 * kd_workflow_change_status() with an actor that is no signed-in cadre. */
gboolean
kd_case_set_status (KdDb         *db,
                    gint64        case_id,
                    KdCaseStatus  status,
                    const char   *actor,
                    const char   *note,
                    gint64        at,
                    KdChanges    *changes,
                    GError      **error)
{
  KdActor who = { 0, actor };

  return kd_workflow_change_status (db, case_id, status, &who, note, at, changes, error);
}

static gboolean
add_reply (KdDb       *db,
           gint64      case_id,
           const char *actor,
           const char *body,
           gboolean    is_public,
           gint64      at,
           KdChanges  *changes,
           GError    **error)
{
  g_autoptr(KdCase) kase = NULL;
  g_autofree char *text = g_strstrip (g_strdup (body ? body : ""));

  if (*text == '\0' || !kd_text_is_plain (text, TRUE) ||
      g_utf8_strlen (text, -1) > KD_REPORT_MAX_DESCRIPTION)
    {
      g_set_error (error, KD_REPORT_ERROR, KD_REPORT_FIELD_BODY,
                   _("A reply must be plain text of 1 to %d characters."), KD_REPORT_MAX_DESCRIPTION);
      return FALSE;
    }

  kase = kd_case_load (db, case_id, error);
  if (kase == NULL)
    return FALSE;

  return kd_case_add_event (db, case_id, at, is_public ? "reply" : "note", actor, -1,
                            text, is_public, changes, error) &&
         touch_case (db, case_id, at, is_public, changes, error);
}

/* Async wrappers: the UI thread and the server thread never wait on a write. */

static gpointer
submit_report_job (KdDb      *db,
                   gpointer   data,
                   KdChanges *changes,
                   GError   **error)
{
  return kd_case_insert (db, data, g_get_real_time () / G_USEC_PER_SEC, changes, error);
}

void
kd_store_submit_report_async (KdStore             *self,
                              KdReport            *report,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_return_if_fail (KD_IS_STORE (self));
  g_return_if_fail (report != NULL);

  kd_writer_submit (kd_store_get_writer (self), submit_report_job, report,
                    (GDestroyNotify) kd_report_free, g_object_unref,
                    cancellable, callback, user_data);
}

KdCase *
kd_store_submit_report_finish (KdStore      *self,
                               GAsyncResult *result,
                               GError      **error)
{
  return kd_writer_submit_finish (result, error);
}

typedef struct
{
  gint64        case_id;
  KdCaseStatus  status;
  char         *actor;
  char         *body;
  gboolean      is_public;
} CaseEdit;

static void
case_edit_free (gpointer data)
{
  CaseEdit *edit = data;

  g_free (edit->actor);
  g_free (edit->body);
  g_free (edit);
}

static CaseEdit *
case_edit_new (gint64      case_id,
               const char *actor,
               const char *body)
{
  CaseEdit *edit = g_new0 (CaseEdit, 1);

  edit->case_id = case_id;
  edit->actor = g_strdup (actor);
  edit->body = g_strdup (body);

  return edit;
}

static gpointer
reply_job (KdDb      *db,
           gpointer   data,
           KdChanges *changes,
           GError   **error)
{
  CaseEdit *edit = data;

  if (!add_reply (db, edit->case_id, edit->actor, edit->body, edit->is_public,
                  g_get_real_time () / G_USEC_PER_SEC, changes, error))
    return NULL;

  return GINT_TO_POINTER (TRUE);
}

void
kd_store_add_reply_async (KdStore             *self,
                          gint64               case_id,
                          const char          *actor,
                          const char          *body,
                          gboolean             is_public,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  CaseEdit *edit;

  g_return_if_fail (KD_IS_STORE (self));

  edit = case_edit_new (case_id, actor, body);
  edit->is_public = is_public;
  kd_writer_submit (kd_store_get_writer (self), reply_job, edit, case_edit_free, NULL,
                    cancellable, callback, user_data);
}

gboolean
kd_store_add_reply_finish (KdStore      *self,
                           GAsyncResult *result,
                           GError      **error)
{
  return kd_writer_submit_finish (result, error) != NULL;
}

static gpointer
status_job (KdDb      *db,
            gpointer   data,
            KdChanges *changes,
            GError   **error)
{
  CaseEdit *edit = data;

  if (!kd_case_set_status (db, edit->case_id, edit->status, edit->actor, edit->body,
                           g_get_real_time () / G_USEC_PER_SEC, changes, error))
    return NULL;

  return GINT_TO_POINTER (TRUE);
}

void
kd_store_change_status_async (KdStore             *self,
                              gint64               case_id,
                              KdCaseStatus         status,
                              const char          *actor,
                              const char          *note,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  CaseEdit *edit;

  g_return_if_fail (KD_IS_STORE (self));

  edit = case_edit_new (case_id, actor, note);
  edit->status = status;
  kd_writer_submit (kd_store_get_writer (self), status_job, edit, case_edit_free, NULL,
                    cancellable, callback, user_data);
}

gboolean
kd_store_change_status_finish (KdStore      *self,
                               GAsyncResult *result,
                               GError      **error)
{
  return kd_writer_submit_finish (result, error) != NULL;
}
