/* kd-canned-reply.c: the township's ready-made replies, read anywhere and
 * changed through the writer. */
#define G_LOG_DOMAIN "kd-canned-reply"

#include "config.h"

#include <glib/gi18n.h>

#include "kd-canned-reply.h"
#include "kd-report.h"

G_DEFINE_QUARK (kd-canned-reply-error-quark, kd_canned_reply_error)

void
kd_canned_reply_free (KdCannedReply *reply)
{
  if (reply == NULL)
    return;

  g_free (reply->category_name);
  g_free (reply->title);
  g_free (reply->body);
  g_free (reply);
}

static KdCannedReply *
reply_new_from_stmt (sqlite3_stmt *stmt)
{
  KdCannedReply *reply = g_new0 (KdCannedReply, 1);

  reply->id = sqlite3_column_int64 (stmt, 0);
  reply->category_id = sqlite3_column_int64 (stmt, 1);
  reply->category_name = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
  reply->title = g_strdup ((const char *) sqlite3_column_text (stmt, 3));
  reply->body = g_strdup ((const char *) sqlite3_column_text (stmt, 4));
  reply->position = sqlite3_column_int (stmt, 5);

  return reply;
}

GPtrArray *
kd_canned_reply_list (KdDb     *db,
                      gint64    category_id,
                      GError  **error)
{
  /* ?1 > 0: that category's, then the general ones; 0: general; -1: all. */
  sqlite3_stmt *stmt = kd_db_prepare (db,
                                      "SELECT r.id, r.category_id, g.name, r.title, r.body, r.position"
                                      " FROM canned_replies r LEFT JOIN categories g ON g.id = r.category_id"
                                      " WHERE ?1 < 0 OR r.category_id IS NULL OR r.category_id = ?1"
                                      " ORDER BY r.category_id IS NULL, g.position, r.position, r.id",
                                      error);
  GPtrArray *replies;
  int rc;

  if (stmt == NULL)
    return NULL;

  replies = g_ptr_array_new_with_free_func ((GDestroyNotify) kd_canned_reply_free);
  sqlite3_bind_int64 (stmt, 1, category_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (replies, reply_new_from_stmt (stmt));
  sqlite3_reset (stmt);

  if (rc != SQLITE_DONE)
    {
      kd_db_set_error (db, rc, "listing canned replies", error);
      g_ptr_array_unref (replies);
      return NULL;
    }

  return replies;
}

/* Trimmed plain text of 1 to @max characters, or an error of @code. */
static char *
clean_text (const char  *text,
            gboolean     multiline,
            int          max,
            int          code,
            const char  *message,
            GError     **error)
{
  g_autofree char *clean = g_strstrip (g_strdup (text ? text : ""));

  if (*clean == '\0' || !g_utf8_validate (clean, -1, NULL) || !kd_text_is_plain (clean, multiline) ||
      g_utf8_strlen (clean, -1) > max)
    {
      g_set_error (error, KD_CANNED_REPLY_ERROR, code, message, max);
      return NULL;
    }

  return g_steal_pointer (&clean);
}

static gboolean
check_category (KdDb    *db,
                gint64   category_id,
                GError **error)
{
  sqlite3_stmt *stmt;
  int rc;

  if (category_id == 0)
    return TRUE;
  if (category_id < 0 || (stmt = kd_db_prepare (db, "SELECT 1 FROM categories WHERE id = ?1", NULL)) == NULL)
    rc = SQLITE_DONE;
  else
    {
      sqlite3_bind_int64 (stmt, 1, category_id);
      rc = sqlite3_step (stmt);
      sqlite3_reset (stmt);
    }
  if (rc == SQLITE_ROW)
    return TRUE;

  g_set_error_literal (error, KD_CANNED_REPLY_ERROR, KD_CANNED_REPLY_ERROR_CATEGORY,
                       _("There is no such category."));
  return FALSE;
}

/* Checks what a reply is made of; the cleaned title and body on success. */
static gboolean
check_reply (KdDb        *db,
             gint64       category_id,
             const char  *title,
             const char  *body,
             char       **clean_title,
             char       **clean_body,
             GError     **error)
{
  *clean_title = clean_text (title, FALSE, KD_CANNED_REPLY_TITLE_MAX, KD_CANNED_REPLY_ERROR_TITLE,
                             _("A canned reply needs a title of one line and at most %d characters."), error);
  if (*clean_title == NULL)
    return FALSE;
  *clean_body = clean_text (body, TRUE, KD_CANNED_REPLY_BODY_MAX, KD_CANNED_REPLY_ERROR_BODY,
                            _("A canned reply needs a text of at most %d characters."), error);
  if (*clean_body == NULL)
    {
      g_clear_pointer (clean_title, g_free);
      return FALSE;
    }
  if (!check_category (db, category_id, error))
    {
      g_clear_pointer (clean_title, g_free);
      g_clear_pointer (clean_body, g_free);
      return FALSE;
    }

  return TRUE;
}

static void
bind_category (sqlite3_stmt *stmt,
               int           index,
               gint64        category_id)
{
  if (category_id > 0)
    sqlite3_bind_int64 (stmt, index, category_id);
  else
    sqlite3_bind_null (stmt, index);
}

gint64
kd_canned_reply_insert (KdDb        *db,
                        gint64       category_id,
                        const char  *title,
                        const char  *body,
                        KdChanges   *changes,
                        GError     **error)
{
  g_autofree char *clean_title = NULL;
  g_autofree char *clean_body = NULL;
  sqlite3_stmt *stmt;
  gint64 id;

  if (!check_reply (db, category_id, title, body, &clean_title, &clean_body, error))
    return 0;

  stmt = kd_db_prepare (db,
                        "INSERT INTO canned_replies (category_id, title, body, position)"
                        " SELECT ?1, ?2, ?3, coalesce (max (position) + 1, 0) FROM canned_replies"
                        " WHERE category_id IS ?1",
                        error);
  if (stmt == NULL)
    return 0;
  bind_category (stmt, 1, category_id);
  kd_db_bind_text (stmt, 2, clean_title);
  kd_db_bind_text (stmt, 3, clean_body);
  if (!kd_db_step_done (db, stmt, error))
    return 0;

  id = sqlite3_last_insert_rowid (kd_db_get_handle (db));
  kd_changes_add (changes, "canned_replies", id);
  return id;
}

static gboolean
changed_one (KdDb       *db,
             gint64      id,
             KdChanges  *changes,
             GError    **error)
{
  if (sqlite3_changes (kd_db_get_handle (db)) == 0)
    {
      g_set_error_literal (error, KD_CANNED_REPLY_ERROR, KD_CANNED_REPLY_ERROR_NOT_FOUND,
                           _("This canned reply no longer exists."));
      return FALSE;
    }

  kd_changes_add (changes, "canned_replies", id);
  return TRUE;
}

gboolean
kd_canned_reply_update (KdDb        *db,
                        gint64       id,
                        gint64       category_id,
                        const char  *title,
                        const char  *body,
                        KdChanges   *changes,
                        GError     **error)
{
  g_autofree char *clean_title = NULL;
  g_autofree char *clean_body = NULL;
  sqlite3_stmt *stmt;

  if (!check_reply (db, category_id, title, body, &clean_title, &clean_body, error))
    return FALSE;

  stmt = kd_db_prepare (db, "UPDATE canned_replies SET category_id = ?2, title = ?3, body = ?4 WHERE id = ?1",
                        error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  bind_category (stmt, 2, category_id);
  kd_db_bind_text (stmt, 3, clean_title);
  kd_db_bind_text (stmt, 4, clean_body);
  if (!kd_db_step_done (db, stmt, error))
    return FALSE;

  return changed_one (db, id, changes, error);
}

gboolean
kd_canned_reply_delete (KdDb        *db,
                        gint64       id,
                        KdChanges   *changes,
                        GError     **error)
{
  sqlite3_stmt *stmt = kd_db_prepare (db, "DELETE FROM canned_replies WHERE id = ?1", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  if (!kd_db_step_done (db, stmt, error))
    return FALSE;

  return changed_one (db, id, changes, error);
}

gboolean
kd_canned_reply_demo_seed (KdDb       *db,
                           KdChanges  *changes,
                           GError    **error)
{
  static const struct { const char *title; const char *body; } seeds[] = {
    { "已收到", "您好，您反映的问题我们已经收到，正在安排人员核实处理，请耐心等待。" },
    { "已派人", "您好，我们已安排村干部到现场查看，处理进展会及时在这里告诉您。" },
    { "需补充材料", "您好，为了尽快办理，请您补充相关材料（如身份证、户口本复印件），可以拍照上传或带到镇便民服务中心。" },
    { "已处理完毕", "您好，您反映的问题已经处理完毕。如仍有问题，请随时告诉我们；也请您对这次办理进行评价。" },
    { "转相关部门", "您好，您反映的问题需要上级相关部门处理，我们已经转交并会持续跟进，有结果会第一时间告诉您。" },
  };
  g_autoptr(GError) local = NULL;
  gint64 existing = kd_db_query_int (db, "SELECT count(*) FROM canned_replies WHERE category_id IS NULL", &local);

  if (local != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  if (existing > 0)
    return TRUE;

  for (gsize i = 0; i < G_N_ELEMENTS (seeds); i++)
    if (kd_canned_reply_insert (db, 0, seeds[i].title, seeds[i].body, changes, error) == 0)
      return FALSE;

  return TRUE;
}

/* Through the writer. */

typedef struct
{
  gint64  id;
  gint64  category_id;
  char   *title;
  char   *body;
  gboolean delete;
} Job;

static void
job_free (gpointer data)
{
  Job *job = data;

  g_free (job->title);
  g_free (job->body);
  g_free (job);
}

static gpointer
job_run (KdDb      *db,
         gpointer   data,
         KdChanges *changes,
         GError   **error)
{
  Job *job = data;
  gint64 id = job->id;

  if (job->delete)
    id = kd_canned_reply_delete (db, job->id, changes, error) ? 1 : 0;
  else if (job->id == 0)
    id = kd_canned_reply_insert (db, job->category_id, job->title, job->body, changes, error);
  else if (!kd_canned_reply_update (db, job->id, job->category_id, job->title, job->body, changes, error))
    id = 0;

  return id != 0 ? g_memdup2 (&id, sizeof id) : NULL;
}

void
kd_store_save_canned_reply_async (KdStore             *self,
                                  gint64               id,
                                  gint64               category_id,
                                  const char          *title,
                                  const char          *body,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  Job *job;

  g_return_if_fail (KD_IS_STORE (self));

  job = g_new0 (Job, 1);
  job->id = id;
  job->category_id = category_id;
  job->title = g_strdup (title);
  job->body = g_strdup (body);
  kd_writer_submit (kd_store_get_writer (self), job_run, job, job_free, g_free,
                    cancellable, callback, user_data);
}

void
kd_store_delete_canned_reply_async (KdStore             *self,
                                    gint64               id,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  Job *job;

  g_return_if_fail (KD_IS_STORE (self));

  job = g_new0 (Job, 1);
  job->id = id;
  job->delete = TRUE;
  kd_writer_submit (kd_store_get_writer (self), job_run, job, job_free, g_free,
                    cancellable, callback, user_data);
}

gint64
kd_store_canned_reply_finish (KdStore       *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  g_autofree gint64 *id = kd_writer_submit_finish (result, error);

  return id != NULL ? *id : 0;
}
