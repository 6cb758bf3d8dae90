/* kd-notice.c: the township's notices. Cadres' text, kept as plain text: the
 * phones' pages escape it like everything else they show. */
#define G_LOG_DOMAIN "kd-notice"

#include "config.h"

#include <glib/gi18n.h>

#include "kd-notice.h"
#include "kd-audit.h"
#include "kd-report.h"

G_DEFINE_QUARK (kd-notice-error-quark, kd_notice_error)

#define NOTICE_COLUMNS "n.id, n.title, n.body, n.published_at, n.village_id, v.name" \
                       " FROM notices n LEFT JOIN villages v ON v.id = n.village_id"

void
kd_notice_free (KdNotice *notice)
{
  if (notice == NULL)
    return;

  g_free (notice->title);
  g_free (notice->body);
  g_free (notice->village_name);
  g_free (notice);
}

static GPtrArray *
list_notices (KdDb          *db,
              sqlite3_stmt  *stmt,
              GError       **error)
{
  GPtrArray *notices = g_ptr_array_new_with_free_func ((GDestroyNotify) kd_notice_free);
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      KdNotice *n = g_new0 (KdNotice, 1);

      n->id = sqlite3_column_int64 (stmt, 0);
      n->title = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      n->body = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
      n->published_at = sqlite3_column_int64 (stmt, 3);
      n->village_id = sqlite3_column_int64 (stmt, 4);
      n->village_name = g_strdup ((const char *) sqlite3_column_text (stmt, 5));
      g_ptr_array_add (notices, n);
    }
  sqlite3_reset (stmt);

  if (rc != SQLITE_DONE)
    {
      kd_db_set_error (db, rc, "listing notices", error);
      g_ptr_array_unref (notices);
      return NULL;
    }

  return notices;
}

/* The newest @limit notices published until now, newest first. */
GPtrArray *
kd_notice_list_newest (KdDb     *db,
                       guint     limit,
                       GError  **error)
{
  sqlite3_stmt *stmt = kd_db_prepare (db, "SELECT " NOTICE_COLUMNS
                                          " WHERE n.published_at <= ?2"
                                          " ORDER BY n.published_at DESC, n.id DESC LIMIT ?1", error);

  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int (stmt, 1, limit);
  sqlite3_bind_int64 (stmt, 2, g_get_real_time () / G_USEC_PER_SEC);
  return list_notices (db, stmt, error);
}

/* Every notice, newest first, as the desktop edits them. */
GPtrArray *
kd_notice_list_all (KdDb    *db,
                    GError **error)
{
  sqlite3_stmt *stmt = kd_db_prepare (db, "SELECT " NOTICE_COLUMNS
                                          " ORDER BY n.published_at DESC, n.id DESC", error);

  if (stmt == NULL)
    return NULL;

  return list_notices (db, stmt, error);
}

/* Writes. */

static gboolean
check_text (const char     *text,
            gsize           max_chars,
            gboolean        multiline,
            KdNoticeError   code,
            const char     *message,
            GError        **error)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (text ? text : ""));

  if (*trimmed == '\0' || !kd_text_is_plain (trimmed, multiline) ||
      g_utf8_strlen (trimmed, -1) > (glong) max_chars)
    {
      g_set_error (error, KD_NOTICE_ERROR, code, message, (int) max_chars);
      return FALSE;
    }

  return TRUE;
}

static gboolean
check_notice (const char  *title,
              const char  *body,
              GError     **error)
{
  return check_text (title, KD_NOTICE_MAX_TITLE, FALSE, KD_NOTICE_ERROR_TITLE,
                     _("Give the notice a title of 1 to %d characters, on one line."), error) &&
         check_text (body, KD_NOTICE_MAX_BODY, TRUE, KD_NOTICE_ERROR_BODY,
                     _("Write the notice as plain text of 1 to %d characters."), error);
}

static gboolean
audit (KdDb           *db,
       gint64          now,
       const KdActor  *actor,
       const char     *action,
       gint64          id,
       const char     *title,
       KdChanges      *changes,
       GError        **error)
{
  return kd_audit_add (db, now, actor ? actor->cadre_id : 0, actor ? actor->name : NULL,
                       action, "notice", id, title, NULL, changes, error);
}

/* Binds ?1 title, ?2 body, ?3 village (NULL: the whole town), ?4 @int4; steps.
 * A village that does not exist is refused by its foreign key. */
static gboolean
write_notice (KdDb        *db,
              const char  *sql,
              const char  *title,
              const char  *body,
              gint64       village_id,
              gint64       int4,
              GError     **error)
{
  g_autofree char *t = g_strstrip (g_strdup (title));
  g_autofree char *b = g_strstrip (g_strdup (body));
  g_autoptr(GError) local = NULL;
  sqlite3_stmt *stmt = kd_db_prepare (db, sql, error);

  if (stmt == NULL)
    return FALSE;
  kd_db_bind_text (stmt, 1, t);
  kd_db_bind_text (stmt, 2, b);
  if (village_id != 0)
    sqlite3_bind_int64 (stmt, 3, village_id);
  else
    sqlite3_bind_null (stmt, 3);
  sqlite3_bind_int64 (stmt, 4, int4);

  if (kd_db_step_done (db, stmt, &local))
    return TRUE;

  if (village_id != 0 && g_error_matches (local, KD_DB_ERROR, KD_DB_ERROR_CONSTRAINT))
    g_set_error (error, KD_NOTICE_ERROR, KD_NOTICE_ERROR_VILLAGE,
                 _("There is no such village. Choose one from the list, or the whole town."));
  else
    g_propagate_error (error, g_steal_pointer (&local));
  return FALSE;
}

static gboolean
check_changed_one (KdDb    *db,
                   gint64   id,
                   GError **error)
{
  if (sqlite3_changes (kd_db_get_handle (db)) == 1)
    return TRUE;

  g_set_error (error, KD_NOTICE_ERROR, KD_NOTICE_ERROR_NOT_FOUND,
               _("The notice was deleted meanwhile."));
  return FALSE;
}

/* Published at @now. Returns its id, or 0 with @error set. */
gint64
kd_notice_add (KdDb           *db,
               const char     *title,
               const char     *body,
               gint64          village_id,
               const KdActor  *actor,
               gint64          now,
               KdChanges      *changes,
               GError        **error)
{
  gint64 id;

  if (!check_notice (title, body, error) ||
      !write_notice (db, "INSERT INTO notices (title, body, village_id, published_at)"
                         " VALUES (?1, ?2, ?3, ?4)",
                     title, body, village_id, now, error))
    return 0;

  id = sqlite3_last_insert_rowid (kd_db_get_handle (db));
  kd_changes_add (changes, "notices", id);
  if (!audit (db, now, actor, "notice.add", id, title, changes, error))
    return 0;

  return id;
}

/* Keeps the time it was published. */
gboolean
kd_notice_update (KdDb           *db,
                  gint64          id,
                  const char     *title,
                  const char     *body,
                  gint64          village_id,
                  const KdActor  *actor,
                  gint64          now,
                  KdChanges      *changes,
                  GError        **error)
{
  if (!check_notice (title, body, error) ||
      !write_notice (db, "UPDATE notices SET title = ?1, body = ?2, village_id = ?3 WHERE id = ?4",
                     title, body, village_id, id, error) ||
      !check_changed_one (db, id, error))
    return FALSE;

  kd_changes_add (changes, "notices", id);
  return audit (db, now, actor, "notice.update", id, title, changes, error);
}

gboolean
kd_notice_delete (KdDb           *db,
                  gint64          id,
                  const KdActor  *actor,
                  gint64          now,
                  KdChanges      *changes,
                  GError        **error)
{
  sqlite3_stmt *stmt = kd_db_prepare (db, "DELETE FROM notices WHERE id = ?1", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  if (!kd_db_step_done (db, stmt, error) || !check_changed_one (db, id, error))
    return FALSE;

  kd_changes_add (changes, "notices", id);
  return audit (db, now, actor, "notice.delete", id, NULL, changes, error);
}

/* Async wrappers, over the writer. */

typedef enum { NOTICE_ADD, NOTICE_UPDATE, NOTICE_DELETE } NoticeOp;

typedef struct
{
  NoticeOp  op;
  gint64    id;
  char     *title;
  char     *body;
  gint64    village_id;
  gint64    cadre_id;
  char     *actor;
} NoticeEdit;

static void
notice_edit_free (gpointer data)
{
  NoticeEdit *edit = data;

  g_free (edit->title);
  g_free (edit->body);
  g_free (edit->actor);
  g_free (edit);
}

/* Returns a gint64 (the notice's id) for every operation. */
static gpointer
notice_job (KdDb       *db,
            gpointer    data,
            KdChanges  *changes,
            GError    **error)
{
  NoticeEdit *edit = data;
  KdActor actor = { edit->cadre_id, edit->actor };
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  gint64 id = edit->id;
  gboolean ok;

  switch (edit->op)
    {
    case NOTICE_ADD:
      ok = (id = kd_notice_add (db, edit->title, edit->body, edit->village_id, &actor, now, changes, error)) != 0;
      break;
    case NOTICE_UPDATE:
      ok = kd_notice_update (db, id, edit->title, edit->body, edit->village_id, &actor, now, changes, error);
      break;
    case NOTICE_DELETE:
    default:
      ok = kd_notice_delete (db, id, &actor, now, changes, error);
      break;
    }

  return ok ? g_memdup2 (&id, sizeof id) : NULL;
}

static void
submit_edit (KdStore             *store,
             NoticeOp             op,
             gint64               id,
             const char          *title,
             const char          *body,
             gint64               village_id,
             const KdActor       *actor,
             GCancellable        *cancellable,
             GAsyncReadyCallback  callback,
             gpointer             user_data)
{
  NoticeEdit *edit = g_new0 (NoticeEdit, 1);

  edit->op = op;
  edit->id = id;
  edit->title = g_strdup (title);
  edit->body = g_strdup (body);
  edit->village_id = village_id;
  edit->cadre_id = actor ? actor->cadre_id : 0;
  edit->actor = actor ? g_strdup (actor->name) : NULL;
  kd_writer_submit (kd_store_get_writer (store), notice_job, edit, notice_edit_free, g_free,
                    cancellable, callback, user_data);
}

static gint64
finish_edit (GAsyncResult  *result,
             GError       **error)
{
  g_autofree gint64 *id = kd_writer_submit_finish (result, error);

  return id != NULL ? *id : 0;
}

void
kd_notice_add_async (KdStore             *store,
                     const char          *title,
                     const char          *body,
                     gint64               village_id,
                     const KdActor       *actor,
                     GCancellable        *cancellable,
                     GAsyncReadyCallback  callback,
                     gpointer             user_data)
{
  g_return_if_fail (KD_IS_STORE (store));

  submit_edit (store, NOTICE_ADD, 0, title, body, village_id, actor, cancellable, callback, user_data);
}

gint64
kd_notice_add_finish (KdStore       *store,
                      GAsyncResult  *result,
                      GError       **error)
{
  return finish_edit (result, error);
}

void
kd_notice_update_async (KdStore             *store,
                        gint64               id,
                        const char          *title,
                        const char          *body,
                        gint64               village_id,
                        const KdActor       *actor,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_return_if_fail (KD_IS_STORE (store));

  submit_edit (store, NOTICE_UPDATE, id, title, body, village_id, actor, cancellable, callback, user_data);
}

gboolean
kd_notice_update_finish (KdStore       *store,
                         GAsyncResult  *result,
                         GError       **error)
{
  return finish_edit (result, error) != 0;
}

void
kd_notice_delete_async (KdStore             *store,
                        gint64               id,
                        const KdActor       *actor,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_return_if_fail (KD_IS_STORE (store));

  submit_edit (store, NOTICE_DELETE, id, NULL, NULL, 0, actor, cancellable, callback, user_data);
}

gboolean
kd_notice_delete_finish (KdStore       *store,
                         GAsyncResult  *result,
                         GError       **error)
{
  return finish_edit (result, error) != 0;
}
