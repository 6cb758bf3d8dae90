/* kd-disclosure-write.c: writing, reviewing, publishing and correcting
 * disclosures, inside writer jobs, and their async wrappers. Every write
 * checks who asks (kd-disclosure.h) and leaves an audit row; a refusal
 * changes nothing. */
#define G_LOG_DOMAIN "kd-disclosure"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

#include "kd-audit.h"
#include "kd-cadre.h"
#include "kd-disclosure.h"
#include "kd-report.h"

static gboolean
refuse (GError          **error,
        KdDisclosureError code,
        const char       *message)
{
  g_set_error_literal (error, KD_DISCLOSURE_ERROR, code, message);
  return FALSE;
}

/* The same, for functions that return an id. */
static gint64
refuse_id (GError          **error,
           KdDisclosureError code,
           const char       *message)
{
  refuse (error, code, message);
  return 0;
}

static gboolean
check_text (const char        *text,
            gsize              max_chars,
            gboolean           multiline,
            KdDisclosureError  code,
            const char        *format,
            GError           **error)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (text ? text : ""));

  if (*trimmed != '\0' && kd_text_is_plain (trimmed, multiline) &&
      g_utf8_strlen (trimmed, -1) <= (glong) max_chars)
    return TRUE;

  g_set_error (error, KD_DISCLOSURE_ERROR, code, format, (int) max_chars);
  return FALSE;
}

static gboolean
check_day (const char *day)
{
  int y, m, d;

  if (day == NULL || strlen (day) != 10 || sscanf (day, "%4d-%2d-%2d", &y, &m, &d) != 3 ||
      day[4] != '-' || day[7] != '-' || !g_date_valid_dmy (d, m, y))
    return FALSE;
  return y >= 2000 && y <= 2100;
}

/* One ledger line, numbered @n from 1 in the messages: the same check a
 * save makes, for an editor to show beside the line at fault. */
gboolean
kd_ledger_line_check (const KdLedgerLine  *line,
                      guint                n,
                      GError             **error)
{
  g_autofree char *item = g_strstrip (g_strdup (line->item ? line->item : ""));
  const char *problem = NULL;

  if (!check_day (line->day))
    problem = _("the date is not a day such as 2026-11-28");
  else if (*item == '\0' || !kd_text_is_plain (item, FALSE) ||
           g_utf8_strlen (item, -1) > KD_DISCLOSURE_MAX_ITEM)
    problem = _("describe the item on one line of at most 200 characters");
  else if (line->income_fen < 0 || line->expense_fen < 0 ||
           line->income_fen > KD_DISCLOSURE_MAX_FEN || line->expense_fen > KD_DISCLOSURE_MAX_FEN)
    problem = _("amounts are not negative and at most 100,000,000 yuan");
  else if ((line->income_fen == 0) == (line->expense_fen == 0))
    problem = _("give either an income or an expense");
  else
    return TRUE;

  /* TRANSLATORS: 1$ the line's number in the ledger, 2$ what is wrong with it */
  g_set_error (error, KD_DISCLOSURE_ERROR, KD_DISCLOSURE_ERROR_LINE,
               _("Ledger line %1$u: %2$s."), n, problem);
  return FALSE;
}

static gboolean
check_draft (const KdDisclosure  *d,
             GError             **error)
{
  if ((guint) d->kind >= KD_DISCLOSURE_N_KINDS)
    return refuse (error, KD_DISCLOSURE_ERROR_STATE, _("Choose village affairs, finance or party affairs."));
  if (!check_text (d->title, KD_DISCLOSURE_MAX_TITLE, FALSE, KD_DISCLOSURE_ERROR_TITLE,
                   _("Give the disclosure a title of 1 to %d characters, on one line."), error) ||
      !kd_disclosure_check_period (d->period, error) ||
      !check_text (d->body, KD_DISCLOSURE_MAX_BODY, TRUE, KD_DISCLOSURE_ERROR_BODY,
                   _("Write the disclosure as plain text of 1 to %d characters."), error))
    return FALSE;

  if (d->kind != KD_DISCLOSURE_FINANCE && d->lines->len > 0)
    return refuse (error, KD_DISCLOSURE_ERROR_LINE, _("Only a finance disclosure has a ledger."));
  if (d->lines->len > KD_DISCLOSURE_MAX_LINES)
    return refuse (error, KD_DISCLOSURE_ERROR_LINE, _("A ledger has at most 500 lines: split it by month."));
  for (guint i = 0; i < d->lines->len; i++)
    if (!kd_ledger_line_check (d->lines->pdata[i], i + 1, error))
      return FALSE;

  return TRUE;
}

/* The cadre who asks, signed in and active. */
static KdCadre *
load_actor (KdDb           *db,
            const KdActor  *actor,
            GError        **error)
{
  g_autoptr(KdCadre) cadre = NULL;

  if (actor != NULL && actor->cadre_id != 0)
    cadre = kd_cadre_load (db, actor->cadre_id, NULL);
  if (cadre == NULL || !kd_cadre_get_active (cadre))
    {
      refuse (error, KD_DISCLOSURE_ERROR_FORBIDDEN, _("Sign in with your own account to work on disclosures."));
      return NULL;
    }
  return g_steal_pointer (&cadre);
}

static gboolean
may_edit (KdCadre  *cadre,
          gint64    village_id,
          GError  **error)
{
  if (kd_disclosure_can_edit (kd_cadre_get_role (cadre), kd_cadre_get_village_id (cadre), village_id))
    return TRUE;
  return refuse (error, KD_DISCLOSURE_ERROR_FORBIDDEN,
                 _("Your account may not write this disclosure: a village secretary writes their own village’s."));
}

static gboolean
audit (KdDb                *db,
       gint64               now,
       const KdActor       *actor,
       const char          *action,
       const KdDisclosure  *d,
       KdChanges           *changes,
       GError             **error)
{
  kd_changes_add (changes, "disclosures", d->id);
  return kd_audit_add (db, now, actor->cadre_id, actor->name, action, "disclosure", d->id,
                       d->title, NULL, changes, error);
}

static gboolean
write_lines (KdDb                *db,
             gint64               id,
             const KdDisclosure  *d,
             GError             **error)
{
  sqlite3_stmt *stmt = kd_db_prepare (db, "DELETE FROM disclosure_lines WHERE disclosure_id = ?1", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  if (!kd_db_step_done (db, stmt, error))
    return FALSE;

  for (guint i = 0; i < d->lines->len; i++)
    {
      const KdLedgerLine *line = d->lines->pdata[i];
      g_autofree char *item = g_strstrip (g_strdup (line->item));

      stmt = kd_db_prepare (db, "INSERT INTO disclosure_lines"
                                " (disclosure_id, position, day, description, income_fen, expense_fen)"
                                " VALUES (?1, ?2, ?3, ?4, ?5, ?6)", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, id);
      sqlite3_bind_int (stmt, 2, i);
      kd_db_bind_text (stmt, 3, line->day);
      kd_db_bind_text (stmt, 4, item);
      sqlite3_bind_int64 (stmt, 5, line->income_fen);
      sqlite3_bind_int64 (stmt, 6, line->expense_fen);
      if (!kd_db_step_done (db, stmt, error))
        return FALSE;
    }
  return TRUE;
}

/* Binds the draft's fields as ?1…?7 (?7: the cadre). */
static gboolean
write_row (KdDb                *db,
           const char          *sql,
           const KdDisclosure  *d,
           gint64               id_or_now,
           const KdActor       *actor,
           gint64               now,
           GError             **error)
{
  g_autofree char *title = g_strstrip (g_strdup (d->title));
  g_autofree char *body = g_strstrip (g_strdup (d->body));
  g_autoptr(GError) local = NULL;
  sqlite3_stmt *stmt = kd_db_prepare (db, sql, error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int (stmt, 1, d->kind);
  if (d->village_id != 0)
    sqlite3_bind_int64 (stmt, 2, d->village_id);
  kd_db_bind_text (stmt, 3, d->period);
  kd_db_bind_text (stmt, 4, title);
  kd_db_bind_text (stmt, 5, body);
  sqlite3_bind_int64 (stmt, 6, now);
  sqlite3_bind_int64 (stmt, 7, actor->cadre_id);
  sqlite3_bind_int64 (stmt, 8, id_or_now);
  if (kd_db_step_done (db, stmt, &local))
    return TRUE;

  if (d->village_id != 0 && g_error_matches (local, KD_DB_ERROR, KD_DB_ERROR_CONSTRAINT))
    return refuse (error, KD_DISCLOSURE_ERROR_VILLAGE,
                   _("There is no such village. Choose one from the list, or the town."));
  g_propagate_error (error, g_steal_pointer (&local));
  return FALSE;
}

gint64
kd_disclosure_save (KdDb                *db,
                    const KdDisclosure  *draft,
                    const KdActor       *actor,
                    gint64               now,
                    KdChanges           *changes,
                    GError             **error)
{
  g_autoptr(KdCadre) cadre = load_actor (db, actor, error);
  g_autoptr(KdDisclosure) old = NULL;
  gint64 id = draft->id;

  if (cadre == NULL || !check_draft (draft, error) || !may_edit (cadre, draft->village_id, error))
    return 0;

  if (id == 0)
    {
      if (!write_row (db, "INSERT INTO disclosures (kind, village_id, period, title, body,"
                          " updated_at, updated_by, created_at)"
                          " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)", draft, now, actor, now, error))
        return 0;
      id = sqlite3_last_insert_rowid (kd_db_get_handle (db));
    }
  else
    {
      old = kd_disclosure_load (db, id, error);
      if (old == NULL || !may_edit (cadre, old->village_id, error))
        return 0;
      if (old->state == KD_DISCLOSURE_PUBLISHED)
        return refuse_id (error, KD_DISCLOSURE_ERROR_STATE, _("A published disclosure never changes: ask for a correction instead."));
      if (old->supersedes_id != 0 && (old->kind != draft->kind || old->village_id != draft->village_id ||
                                      g_strcmp0 (old->period, draft->period) != 0))
        return refuse_id (error, KD_DISCLOSURE_ERROR_STATE, _("A correction keeps the kind, village and period of the version it corrects."));
      /* Edited: whatever was reviewed is reviewed no more. */
      if (!write_row (db, "UPDATE disclosures SET kind = ?1, village_id = ?2, period = ?3, title = ?4,"
                          " body = ?5, updated_at = ?6, updated_by = ?7, state = 0,"
                          " reviewed_at = NULL, reviewed_by = NULL WHERE id = ?8",
                      draft, id, actor, now, error))
        return 0;
    }

  if (!write_lines (db, id, draft, error))
    return 0;

  {
    KdDisclosure saved = *draft;

    saved.id = id;
    if (!audit (db, now, actor, old == NULL ? "disclosure.add" : "disclosure.update", &saved, changes, error))
      return 0;
  }
  return id;
}

/* Actions. */

static gboolean
set_state (KdDb     *db,
           const char *sql,
           gint64    id,
           gint64    now,
           gint64    cadre_id,
           GError  **error)
{
  sqlite3_stmt *stmt = kd_db_prepare (db, sql, error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  sqlite3_bind_int64 (stmt, 2, now);
  sqlite3_bind_int64 (stmt, 3, cadre_id);
  return kd_db_step_done (db, stmt, error);
}

static gboolean
review (KdDb          *db,
        KdDisclosure  *d,
        KdCadre       *cadre,
        gint64         now,
        GError       **error)
{
  if (d->state != KD_DISCLOSURE_DRAFT)
    return refuse (error, KD_DISCLOSURE_ERROR_STATE, _("Only a draft can be reviewed."));
  if (!kd_disclosure_can_review (kd_cadre_get_role (cadre), kd_cadre_get_village_id (cadre), d->village_id))
    return refuse (error, KD_DISCLOSURE_ERROR_FORBIDDEN, _("Your account may not review this disclosure."));
  if (d->updated_by == kd_cadre_get_id (cadre))
    return refuse (error, KD_DISCLOSURE_ERROR_FORBIDDEN,
                   _("A second person reviews a disclosure: you edited this draft last."));

  return set_state (db, "UPDATE disclosures SET state = 1, reviewed_at = ?2, reviewed_by = ?3"
                        " WHERE id = ?1 AND state = 0", d->id, now, kd_cadre_get_id (cadre), error);
}

/* Publishing: the version number, the time and the fingerprint are fixed
 * in the same statement that makes it immutable. */
static gboolean
publish (KdDb          *db,
         KdDisclosure  *d,
         KdCadre       *cadre,
         gint64         now,
         GError       **error)
{
  sqlite3_stmt *stmt;

  if (d->state != KD_DISCLOSURE_REVIEWED)
    return refuse (error, KD_DISCLOSURE_ERROR_STATE, _("A disclosure is reviewed before it is published."));
  if (!kd_disclosure_can_publish (kd_cadre_get_role (cadre)))
    return refuse (error, KD_DISCLOSURE_ERROR_FORBIDDEN, _("The town office publishes disclosures."));

  d->version = 1;
  if (d->supersedes_id != 0)
    {
      g_autoptr(KdDisclosure) old = kd_disclosure_load (db, d->supersedes_id, error);

      if (old == NULL)
        return FALSE;
      if (old->superseded_by != 0)
        return refuse (error, KD_DISCLOSURE_ERROR_STATE, _("That version has been corrected already."));
      d->version = old->version + 1;
    }
  d->published_at = now;
  d->state = KD_DISCLOSURE_PUBLISHED;
  g_free (d->fingerprint);
  d->fingerprint = kd_disclosure_compute_fingerprint (d);

  stmt = kd_db_prepare (db, "UPDATE disclosures SET state = 2, published_at = ?2, published_by = ?3,"
                            " version = ?4, fingerprint = ?5 WHERE id = ?1 AND state = 1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, d->id);
  sqlite3_bind_int64 (stmt, 2, now);
  sqlite3_bind_int64 (stmt, 3, kd_cadre_get_id (cadre));
  sqlite3_bind_int64 (stmt, 4, d->version);
  kd_db_bind_text (stmt, 5, d->fingerprint);
  return kd_db_step_done (db, stmt, error);
}

static gboolean
delete_draft (KdDb          *db,
              KdDisclosure  *d,
              KdCadre       *cadre,
              GError       **error)
{
  sqlite3_stmt *stmt;

  if (d->state == KD_DISCLOSURE_PUBLISHED)
    return refuse (error, KD_DISCLOSURE_ERROR_STATE, _("A published disclosure is never deleted."));
  if (!may_edit (cadre, d->village_id, error))
    return FALSE;

  stmt = kd_db_prepare (db, "DELETE FROM disclosure_lines WHERE disclosure_id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, d->id);
  if (!kd_db_step_done (db, stmt, error))
    return FALSE;
  stmt = kd_db_prepare (db, "DELETE FROM disclosures WHERE id = ?1 AND state < 2", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, d->id);
  return kd_db_step_done (db, stmt, error);
}

/* A new draft with the published version's content, to be edited. */
static gint64
correct (KdDb           *db,
         KdDisclosure   *d,
         KdCadre        *cadre,
         const KdActor  *actor,
         gint64          now,
         GError        **error)
{
  sqlite3_stmt *stmt;
  gint64 id;

  if (d->state != KD_DISCLOSURE_PUBLISHED)
    return refuse_id (error, KD_DISCLOSURE_ERROR_STATE, _("Only a published disclosure is corrected: edit the draft."));
  if (d->superseded_by != 0)
    return refuse_id (error, KD_DISCLOSURE_ERROR_STATE, _("That version has been corrected already."));
  if (!may_edit (cadre, d->village_id, error))
    return 0;

  stmt = kd_db_prepare (db, "SELECT id FROM disclosures WHERE supersedes_id = ?1", error);
  if (stmt == NULL)
    return 0;
  sqlite3_bind_int64 (stmt, 1, d->id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      id = sqlite3_column_int64 (stmt, 0);
      sqlite3_reset (stmt);
      return id;   /* a correction is already being written: go on with it */
    }
  sqlite3_reset (stmt);

  if (!write_row (db, "INSERT INTO disclosures (kind, village_id, period, title, body,"
                      " updated_at, updated_by, supersedes_id, created_at)"
                      " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?6)", d, d->id, actor, now, error))
    return 0;
  id = sqlite3_last_insert_rowid (kd_db_get_handle (db));
  return write_lines (db, id, d, error) ? id : 0;
}

gint64
kd_disclosure_act (KdDb                *db,
                   gint64               id,
                   KdDisclosureAction   action,
                   const KdActor       *actor,
                   gint64               now,
                   KdChanges           *changes,
                   GError             **error)
{
  static const char * const actions[] = {
    [KD_DISCLOSURE_REVIEW] = "disclosure.review",
    [KD_DISCLOSURE_PUBLISH] = "disclosure.publish",
    [KD_DISCLOSURE_DELETE] = "disclosure.delete",
    [KD_DISCLOSURE_CORRECT] = "disclosure.correct",
  };
  g_autoptr(KdCadre) cadre = load_actor (db, actor, error);
  g_autoptr(KdDisclosure) d = NULL;
  gint64 result = id;
  gboolean ok;

  g_return_val_if_fail ((guint) action < G_N_ELEMENTS (actions), 0);

  if (cadre == NULL || (d = kd_disclosure_load (db, id, error)) == NULL)
    return 0;

  switch (action)
    {
    case KD_DISCLOSURE_REVIEW:
      ok = review (db, d, cadre, now, error);
      break;
    case KD_DISCLOSURE_PUBLISH:
      ok = publish (db, d, cadre, now, error);
      break;
    case KD_DISCLOSURE_DELETE:
      ok = delete_draft (db, d, cadre, error);
      break;
    case KD_DISCLOSURE_CORRECT:
    default:
      ok = (result = correct (db, d, cadre, actor, now, error)) != 0;
      break;
    }

  if (!ok || !audit (db, now, actor, actions[action], d, changes, error))
    return 0;
  if (result != id)
    kd_changes_add (changes, "disclosures", result);
  return result;
}

/* Async wrappers, over the writer. */

typedef struct
{
  KdDisclosure       *draft;    /* NULL for an action */
  gint64              id;
  KdDisclosureAction  action;
  gint64              cadre_id;
  char               *actor;
} DisclosureJob;

static void
job_free (gpointer data)
{
  DisclosureJob *job = data;

  kd_disclosure_free (job->draft);
  g_free (job->actor);
  g_free (job);
}

static gpointer
disclosure_job (KdDb       *db,
                gpointer    data,
                KdChanges  *changes,
                GError    **error)
{
  DisclosureJob *job = data;
  KdActor actor = { job->cadre_id, job->actor };
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  gint64 id;

  if (job->draft != NULL)
    id = kd_disclosure_save (db, job->draft, &actor, now, changes, error);
  else
    id = kd_disclosure_act (db, job->id, job->action, &actor, now, changes, error);
  return id != 0 ? g_memdup2 (&id, sizeof id) : NULL;
}

static KdDisclosure *
copy_draft (const KdDisclosure *d)
{
  KdDisclosure *copy = kd_disclosure_new (d->kind);

  copy->id = d->id;
  copy->village_id = d->village_id;
  copy->period = g_strdup (d->period);
  copy->title = g_strdup (d->title);
  copy->body = g_strdup (d->body);
  for (guint i = 0; i < d->lines->len; i++)
    {
      const KdLedgerLine *line = d->lines->pdata[i];

      g_ptr_array_add (copy->lines, kd_ledger_line_new (line->day, line->item,
                                                        line->income_fen, line->expense_fen));
    }
  return copy;
}

static void
submit (KdStore             *store,
        DisclosureJob       *job,
        const KdActor       *actor,
        GCancellable        *cancellable,
        GAsyncReadyCallback  callback,
        gpointer             user_data)
{
  job->cadre_id = actor ? actor->cadre_id : 0;
  job->actor = actor ? g_strdup (actor->name) : NULL;
  kd_writer_submit (kd_store_get_writer (store), disclosure_job, job, job_free, g_free,
                    cancellable, callback, user_data);
}

static gint64
finish (GAsyncResult  *result,
        GError       **error)
{
  g_autofree gint64 *id = kd_writer_submit_finish (result, error);

  return id != NULL ? *id : 0;
}

void
kd_disclosure_save_async (KdStore             *store,
                          const KdDisclosure  *draft,
                          const KdActor       *actor,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  DisclosureJob *job;

  g_return_if_fail (KD_IS_STORE (store));
  g_return_if_fail (draft != NULL);

  job = g_new0 (DisclosureJob, 1);
  job->draft = copy_draft (draft);
  submit (store, job, actor, cancellable, callback, user_data);
}

gint64
kd_disclosure_save_finish (KdStore       *store,
                           GAsyncResult  *result,
                           GError       **error)
{
  return finish (result, error);
}

void
kd_disclosure_act_async (KdStore             *store,
                         gint64               id,
                         KdDisclosureAction   action,
                         const KdActor       *actor,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  DisclosureJob *job;

  g_return_if_fail (KD_IS_STORE (store));

  job = g_new0 (DisclosureJob, 1);
  job->id = id;
  job->action = action;
  submit (store, job, actor, cancellable, callback, user_data);
}

gint64
kd_disclosure_act_finish (KdStore       *store,
                          GAsyncResult  *result,
                          GError       **error)
{
  return finish (result, error);
}
