#define G_LOG_DOMAIN "kd-api-key"

#include "config.h"

#include <glib/gi18n.h>

#include "kd-api-key.h"
#include "kd-report.h"

struct _KdApiKey
{
  GObject  parent_instance;

  gint64   id;
  char    *label;
  gint64   created_at;
  gint64   revoked_at;
};

G_DEFINE_FINAL_TYPE (KdApiKey, kd_api_key, G_TYPE_OBJECT)
G_DEFINE_QUARK (kd-api-key-error-quark, kd_api_key_error)

static void
kd_api_key_finalize (GObject *object)
{
  KdApiKey *self = (KdApiKey *)object;

  g_free (self->label);

  G_OBJECT_CLASS (kd_api_key_parent_class)->finalize (object);
}

static void
kd_api_key_class_init (KdApiKeyClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = kd_api_key_finalize;
}

static void
kd_api_key_init (KdApiKey *self)
{
}

gint64      kd_api_key_get_id         (KdApiKey *self) { g_return_val_if_fail (KD_IS_API_KEY (self), 0); return self->id; }
const char *kd_api_key_get_label      (KdApiKey *self) { g_return_val_if_fail (KD_IS_API_KEY (self), NULL); return self->label; }
gint64      kd_api_key_get_created_at (KdApiKey *self) { g_return_val_if_fail (KD_IS_API_KEY (self), 0); return self->created_at; }
gint64      kd_api_key_get_revoked_at (KdApiKey *self) { g_return_val_if_fail (KD_IS_API_KEY (self), 0); return self->revoked_at; }

GListModel *
kd_api_key_list (KdDb    *db,
                 GError **error)
{
  g_autoptr(GListStore) store = g_list_store_new (KD_TYPE_API_KEY);
  sqlite3_stmt *stmt = kd_db_prepare (db,
                                      "SELECT id, label, created_at, coalesce (revoked_at, 0)"
                                      " FROM api_keys ORDER BY created_at DESC, id DESC",
                                      error);
  int rc;

  if (stmt == NULL)
    return NULL;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autoptr(KdApiKey) key = g_object_new (KD_TYPE_API_KEY, NULL);

      key->id = sqlite3_column_int64 (stmt, 0);
      key->label = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      key->created_at = sqlite3_column_int64 (stmt, 2);
      key->revoked_at = sqlite3_column_int64 (stmt, 3);
      g_list_store_append (store, key);
    }
  sqlite3_reset (stmt);

  if (rc != SQLITE_DONE)
    {
      kd_db_set_error (db, rc, "list api keys", error);
      return NULL;
    }

  return G_LIST_MODEL (g_steal_pointer (&store));
}

/* The stored form: SHA-256 of the key as presented, lower-case hex. */
char *
kd_api_key_hash (const char *key)
{
  g_return_val_if_fail (key != NULL, NULL);

  return g_compute_checksum_for_string (G_CHECKSUM_SHA256, key, -1);
}

static char *
new_key (void)
{
  guint8 bytes[KD_API_KEY_BYTES];
  GString *hex = g_string_sized_new (KD_API_KEY_LEN);

  kd_random_bytes (bytes, sizeof bytes);

  for (guint i = 0; i < sizeof bytes; i++)
    g_string_append_printf (hex, "%02x", bytes[i]);

  return g_string_free (hex, FALSE);
}

static gboolean
is_key_shaped (const char *key)
{
  if (key == NULL || strlen (key) != KD_API_KEY_LEN)
    return FALSE;
  for (const char *p = key; *p; p++)
    if (!g_ascii_isxdigit (*p))
      return FALSE;
  return TRUE;
}

/* TRUE only for a key that was issued here and is not revoked. */
gboolean
kd_api_key_verify (KdDb       *db,
                   const char *key)
{
  g_autofree char *lower = NULL;
  g_autofree char *hash = NULL;
  sqlite3_stmt *stmt;
  gboolean found;

  g_return_val_if_fail (db != NULL, FALSE);

  if (!is_key_shaped (key))
    return FALSE;

  lower = g_ascii_strdown (key, -1);
  hash = kd_api_key_hash (lower);
  stmt = kd_db_prepare (db, "SELECT 1 FROM api_keys WHERE key_hash = ?1 AND revoked_at IS NULL", NULL);
  if (stmt == NULL)
    return FALSE;
  kd_db_bind_text (stmt, 1, hash);
  found = sqlite3_step (stmt) == SQLITE_ROW;
  sqlite3_reset (stmt);

  return found;
}

/* kd_api_key_verify() with the refusal said as an error. */
gboolean
kd_api_key_check (KdDb        *db,
                  const char  *key,
                  GError     **error)
{
  if (key == NULL || *key == '\0')
    {
      g_set_error (error, KD_API_KEY_ERROR, KD_API_KEY_ERROR_REFUSED,
                   _("An api_key is required to submit a request."));
      return FALSE;
    }
  if (!kd_api_key_verify (db, key))
    {
      g_set_error (error, KD_API_KEY_ERROR, KD_API_KEY_ERROR_REFUSED,
                   _("The api_key is not valid, or it has been revoked."));
      return FALSE;
    }
  return TRUE;
}

static gboolean
audit (KdDb       *db,
       gint64      now,
       const char *actor,
       const char *action,
       gint64      key_id,
       const char *detail,
       KdChanges  *changes,
       GError    **error)
{
  sqlite3_stmt *stmt = kd_db_prepare (db,
                                      "INSERT INTO audit_log (at, actor, action, target, target_id, detail)"
                                      " VALUES (?1, ?2, ?3, 'api_key', ?4, ?5)",
                                      error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, now);
  kd_db_bind_text (stmt, 2, actor);
  kd_db_bind_text (stmt, 3, action);
  sqlite3_bind_int64 (stmt, 4, key_id);
  kd_db_bind_text (stmt, 5, detail);
  if (!kd_db_step_done (db, stmt, error))
    return FALSE;

  kd_changes_add (changes, "audit_log", sqlite3_last_insert_rowid (kd_db_get_handle (db)));
  return TRUE;
}

static gboolean
check_label (const char  *label,
             GError     **error)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (label ? label : ""));

  if (*trimmed == '\0' || !kd_text_is_plain (trimmed, FALSE) ||
      g_utf8_strlen (trimmed, -1) > KD_API_KEY_MAX_LABEL)
    {
      g_set_error (error, KD_DB_ERROR, KD_DB_ERROR_CONSTRAINT,
                   _("Give the key a name of 1 to %d characters, on one line."), KD_API_KEY_MAX_LABEL);
      return FALSE;
    }

  return TRUE;
}

/* Returns the clear key (the only time it exists outside the client). */
char *
kd_api_key_issue (KdDb        *db,
                  const char  *label,
                  const char  *actor,
                  gint64       now,
                  gint64      *out_id,
                  KdChanges   *changes,
                  GError     **error)
{
  g_autofree char *key = NULL;
  g_autofree char *hash = NULL;
  g_autofree char *trimmed = NULL;
  sqlite3_stmt *stmt;
  gint64 id;

  if (!check_label (label, error))
    return NULL;

  trimmed = g_strstrip (g_strdup (label));
  key = new_key ();
  hash = kd_api_key_hash (key);
  stmt = kd_db_prepare (db, "INSERT INTO api_keys (label, key_hash, created_at) VALUES (?1, ?2, ?3)", error);
  if (stmt == NULL)
    return NULL;
  kd_db_bind_text (stmt, 1, trimmed);
  kd_db_bind_text (stmt, 2, hash);
  sqlite3_bind_int64 (stmt, 3, now);
  if (!kd_db_step_done (db, stmt, error))
    return NULL;

  id = sqlite3_last_insert_rowid (kd_db_get_handle (db));
  kd_changes_add (changes, "api_keys", id);
  if (!audit (db, now, actor, "api_key.issue", id, trimmed, changes, error))
    return NULL;

  if (out_id != NULL)
    *out_id = id;
  return g_steal_pointer (&key);
}

gboolean
kd_api_key_revoke (KdDb        *db,
                   gint64       id,
                   const char  *actor,
                   gint64       now,
                   KdChanges   *changes,
                   GError     **error)
{
  sqlite3_stmt *stmt = kd_db_prepare (db,
                                      "UPDATE api_keys SET revoked_at = ?2"
                                      " WHERE id = ?1 AND revoked_at IS NULL",
                                      error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  sqlite3_bind_int64 (stmt, 2, now);
  if (!kd_db_step_done (db, stmt, error))
    return FALSE;

  if (sqlite3_changes (kd_db_get_handle (db)) != 1)
    {
      g_autofree char *number = g_strdup_printf ("%" G_GINT64_FORMAT, id);

      g_set_error (error, KD_DB_ERROR, KD_DB_ERROR_NOT_FOUND,
                   _("There is no API key in use with the number %s."), number);
      return FALSE;
    }

  kd_changes_add (changes, "api_keys", id);
  return audit (db, now, actor, "api_key.revoke", id, NULL, changes, error);
}

/* Async wrappers, over the writer. */

typedef struct
{
  gint64  id;
  char   *label;
  char   *actor;
} KeyEdit;

static void
key_edit_free (gpointer data)
{
  KeyEdit *edit = data;

  g_free (edit->label);
  g_free (edit->actor);
  g_free (edit);
}

static gpointer
issue_job (KdDb       *db,
           gpointer    data,
           KdChanges  *changes,
           GError    **error)
{
  KeyEdit *edit = data;

  return kd_api_key_issue (db, edit->label, edit->actor, g_get_real_time () / G_USEC_PER_SEC,
                           NULL, changes, error);
}

static gpointer
revoke_job (KdDb       *db,
            gpointer    data,
            KdChanges  *changes,
            GError    **error)
{
  KeyEdit *edit = data;

  if (!kd_api_key_revoke (db, edit->id, edit->actor, g_get_real_time () / G_USEC_PER_SEC,
                          changes, error))
    return NULL;
  return GINT_TO_POINTER (TRUE);
}

static void
submit_edit (KdStore             *store,
             KdWriteFunc          func,
             GDestroyNotify       result_free,
             gint64               id,
             const char          *label,
             const char          *actor,
             GCancellable        *cancellable,
             GAsyncReadyCallback  callback,
             gpointer             user_data)
{
  KeyEdit *edit = g_new0 (KeyEdit, 1);

  edit->id = id;
  edit->label = g_strdup (label);
  edit->actor = g_strdup (actor);
  kd_writer_submit (kd_store_get_writer (store), func, edit, key_edit_free, result_free,
                    cancellable, callback, user_data);
}

void
kd_api_key_issue_async (KdStore             *store,
                        const char          *label,
                        const char          *actor,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_return_if_fail (KD_IS_STORE (store));

  submit_edit (store, issue_job, g_free, 0, label, actor, cancellable, callback, user_data);
}

char *
kd_api_key_issue_finish (KdStore       *store,
                         GAsyncResult  *result,
                         GError       **error)
{
  return kd_writer_submit_finish (result, error);
}

void
kd_api_key_revoke_async (KdStore             *store,
                         gint64               id,
                         const char          *actor,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_return_if_fail (KD_IS_STORE (store));

  submit_edit (store, revoke_job, NULL, id, NULL, actor, cancellable, callback, user_data);
}

gboolean
kd_api_key_revoke_finish (KdStore       *store,
                          GAsyncResult  *result,
                          GError       **error)
{
  return kd_writer_submit_finish (result, error) != NULL;
}
