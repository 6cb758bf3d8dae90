#define G_LOG_DOMAIN "kd-notice"

#include "config.h"

#include "kd-notice.h"

void
kd_notice_free (KdNotice *notice)
{
  if (notice == NULL)
    return;

  g_free (notice->title);
  g_free (notice->body);
  g_free (notice);
}

/* The newest @limit notices published until now, newest first. */
GPtrArray *
kd_notice_list_newest (KdDb     *db,
                       guint     limit,
                       GError  **error)
{
  sqlite3_stmt *stmt = kd_db_prepare (db, "SELECT id, title, body, published_at FROM notices"
                                          " WHERE published_at <= ?2"
                                          " ORDER BY published_at DESC, id DESC LIMIT ?1", error);
  GPtrArray *notices;
  int rc;

  if (stmt == NULL)
    return NULL;

  notices = g_ptr_array_new_with_free_func ((GDestroyNotify) kd_notice_free);
  sqlite3_bind_int (stmt, 1, limit);
  sqlite3_bind_int64 (stmt, 2, g_get_real_time () / G_USEC_PER_SEC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      KdNotice *n = g_new0 (KdNotice, 1);

      n->id = sqlite3_column_int64 (stmt, 0);
      n->title = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      n->body = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
      n->published_at = sqlite3_column_int64 (stmt, 3);
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
