/* kd-session.c: phone sessions of village cadres. */
#define G_LOG_DOMAIN "kd-session"

#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "kd-session.h"
#include "kd-audit.h"
#include "kd-auth.h"

#define TOKEN_MAX_LEN 128   /* longer is not one of ours: not even hashed */

struct _KdSession
{
  GObject   parent_instance;

  KdCadre  *cadre;
  char     *csrf;
  char     *address;
  gint64    created_at;
  gint64    expires_at;
};

G_DEFINE_FINAL_TYPE (KdSession, kd_session, G_TYPE_OBJECT)

static void
kd_session_finalize (GObject *object)
{
  KdSession *self = (KdSession *)object;

  g_clear_object (&self->cadre);
  g_free (self->csrf);
  g_free (self->address);

  G_OBJECT_CLASS (kd_session_parent_class)->finalize (object);
}

static void
kd_session_class_init (KdSessionClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = kd_session_finalize;
}

static void
kd_session_init (KdSession *self)
{
}

KdCadre    *kd_session_get_cadre      (KdSession *self) { return self->cadre; }
const char *kd_session_get_csrf       (KdSession *self) { return self->csrf; }
gint64      kd_session_get_created_at (KdSession *self) { return self->created_at; }
gint64      kd_session_get_expires_at (KdSession *self) { return self->expires_at; }
const char *kd_session_get_address    (KdSession *self) { return self->address; }

/* TRUE when @csrf (from the form) is this session's token. */
gboolean
kd_session_check_csrf (KdSession  *self,
                       const char *csrf)
{
  g_return_val_if_fail (KD_IS_SESSION (self), FALSE);

  return kd_auth_equal (self->csrf, csrf);
}

static char *
token_hash (const char *token)
{
  if (token == NULL || *token == '\0' || strlen (token) > TOKEN_MAX_LEN)
    return NULL;

  return kd_auth_token_hash (token);
}

KdSession *
kd_session_lookup (KdDb        *db,
                   const char  *token,
                   gint64       now,
                   GError     **error)
{
  g_autofree char *hash = token_hash (token);
  g_autoptr(KdSession) self = NULL;
  sqlite3_stmt *stmt;
  gint64 cadre_id = 0;
  int rc;

  g_return_val_if_fail (db != NULL, NULL);

  if (hash == NULL)
    return NULL;

  stmt = kd_db_prepare (db,
                        "SELECT cadre_id, csrf, created_at, expires_at, address FROM sessions"
                        " WHERE token_hash = ?1 AND expires_at > ?2",
                        error);
  if (stmt == NULL)
    return NULL;
  kd_db_bind_text (stmt, 1, hash);
  sqlite3_bind_int64 (stmt, 2, now);

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      self = g_object_new (KD_TYPE_SESSION, NULL);
      cadre_id = sqlite3_column_int64 (stmt, 0);
      self->csrf = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      self->created_at = sqlite3_column_int64 (stmt, 2);
      self->expires_at = sqlite3_column_int64 (stmt, 3);
      self->address = g_strdup ((const char *) sqlite3_column_text (stmt, 4));
    }
  sqlite3_reset (stmt);

  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      kd_db_set_error (db, rc, "session", error);
      return NULL;
    }
  if (self == NULL)
    return NULL;

  self->cadre = kd_cadre_load (db, cadre_id, NULL);
  if (self->cadre == NULL || !kd_cadre_get_active (self->cadre))
    return NULL;

  return g_steal_pointer (&self);
}

/* Purges expired sessions first, so the table stays small without a timer. */
KdSession *
kd_session_create (KdDb        *db,
                   gint64       cadre_id,
                   const char  *address,
                   gint64       now,
                   char       **token,
                   KdChanges   *changes,
                   GError     **error)
{
  g_autofree char *secret = NULL;
  g_autofree char *hash = NULL;
  g_autoptr(KdSession) self = g_object_new (KD_TYPE_SESSION, NULL);
  sqlite3_stmt *stmt;

  g_return_val_if_fail (db != NULL, NULL);
  g_return_val_if_fail (token != NULL && *token == NULL, NULL);

  self->cadre = kd_cadre_load (db, cadre_id, error);
  if (self->cadre == NULL)
    return NULL;
  if (!kd_cadre_get_active (self->cadre))
    {
      g_set_error_literal (error, KD_CADRE_ERROR, KD_CADRE_ERROR_INACTIVE,
                           _("This account has been deactivated. Ask the town administrator."));
      return NULL;
    }
  if (kd_session_purge_expired (db, now, changes, error) < 0)
    return NULL;

  secret = kd_auth_random_token (KD_AUTH_TOKEN_BYTES);
  hash = kd_auth_token_hash (secret);
  self->csrf = kd_auth_random_token (KD_AUTH_TOKEN_BYTES);
  self->address = g_strdup (address);
  self->created_at = now;
  self->expires_at = now + KD_SESSION_LIFETIME;

  stmt = kd_db_prepare (db,
                        "INSERT INTO sessions (token_hash, cadre_id, csrf, created_at, expires_at, address)"
                        " VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                        error);
  if (stmt == NULL)
    return NULL;
  kd_db_bind_text (stmt, 1, hash);
  sqlite3_bind_int64 (stmt, 2, cadre_id);
  kd_db_bind_text (stmt, 3, self->csrf);
  sqlite3_bind_int64 (stmt, 4, now);
  sqlite3_bind_int64 (stmt, 5, self->expires_at);
  kd_db_bind_text (stmt, 6, address);
  if (!kd_db_step_done (db, stmt, error))
    return NULL;
  kd_changes_add (changes, "sessions", cadre_id);

  *token = g_steal_pointer (&secret);
  return g_steal_pointer (&self);
}

/* Signs out: deleting a session that is not there is not an error. */
gboolean
kd_session_delete (KdDb        *db,
                   const char  *token,
                   const char  *address,
                   gint64       now,
                   KdChanges   *changes,
                   GError     **error)
{
  g_autofree char *hash = token_hash (token);
  sqlite3_stmt *stmt;
  gint64 cadre_id = 0;
  int rc;

  g_return_val_if_fail (db != NULL, FALSE);

  if (hash == NULL)
    return TRUE;

  stmt = kd_db_prepare (db, "DELETE FROM sessions WHERE token_hash = ?1 RETURNING cadre_id", error);
  if (stmt == NULL)
    return FALSE;
  kd_db_bind_text (stmt, 1, hash);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    cadre_id = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return kd_db_set_error (db, rc, "sign-out", error);
  if (cadre_id == 0)
    return TRUE;

  kd_changes_add (changes, "sessions", cadre_id);
  {
    g_autoptr(KdCadre) cadre = kd_cadre_load (db, cadre_id, NULL);

    return kd_audit_add (db, now, cadre_id, cadre ? kd_cadre_get_display_name (cadre) : NULL,
                         "sign-out", "cadre", cadre_id, NULL, address, changes, error);
  }
}

/* The number of sessions purged, or -1 on error. */
gint64
kd_session_purge_expired (KdDb       *db,
                          gint64      now,
                          KdChanges  *changes,
                          GError    **error)
{
  sqlite3_stmt *stmt = kd_db_prepare (db, "DELETE FROM sessions WHERE expires_at <= ?1", error);
  gint64 n;

  if (stmt == NULL)
    return -1;
  sqlite3_bind_int64 (stmt, 1, now);
  if (!kd_db_step_done (db, stmt, error))
    return -1;

  n = sqlite3_changes (kd_db_get_handle (db));
  if (n > 0)
    kd_changes_add (changes, "sessions", 0);
  return n;
}

/* Through the writer */

typedef struct
{
  gint64  cadre_id;
  char   *token;
  char   *address;
} SessionOp;

static void
session_op_free (gpointer data)
{
  SessionOp *op = data;

  g_free (op->token);
  g_free (op->address);
  g_free (op);
}

static SessionOp *
session_op_new (gint64      cadre_id,
                const char *token,
                const char *address)
{
  SessionOp *op = g_new0 (SessionOp, 1);

  op->cadre_id = cadre_id;
  op->token = g_strdup (token);
  op->address = g_strdup (address);
  return op;
}

static gint64
now_seconds (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

/* The job returns the session with the token in its "token" data. */
static gpointer
create_job (KdDb      *db,
            gpointer   data,
            KdChanges *changes,
            GError   **error)
{
  SessionOp *op = data;
  char *token = NULL;
  KdSession *session;

  session = kd_session_create (db, op->cadre_id, op->address, now_seconds (), &token, changes, error);
  if (session != NULL)
    g_object_set_data_full (G_OBJECT (session), "kd-session-token", token, g_free);
  return session;
}

void
kd_store_create_session_async (KdStore             *self,
                               gint64               cadre_id,
                               const char          *address,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_return_if_fail (KD_IS_STORE (self));

  kd_writer_submit (kd_store_get_writer (self), create_job, session_op_new (cadre_id, NULL, address),
                    session_op_free, g_object_unref, cancellable, callback, user_data);
}

/* @token: the cookie's value, the only time it is seen. */
KdSession *
kd_store_create_session_finish (KdStore       *self,
                                GAsyncResult  *result,
                                char         **token,
                                GError       **error)
{
  KdSession *session;

  g_return_val_if_fail (token != NULL && *token == NULL, NULL);

  session = kd_writer_submit_finish (result, error);
  if (session != NULL)
    *token = g_object_steal_data (G_OBJECT (session), "kd-session-token");
  return session;
}

static gpointer
delete_job (KdDb      *db,
            gpointer   data,
            KdChanges *changes,
            GError   **error)
{
  SessionOp *op = data;

  if (!kd_session_delete (db, op->token, op->address, now_seconds (), changes, error))
    return NULL;
  return GINT_TO_POINTER (TRUE);
}

void
kd_store_delete_session_async (KdStore             *self,
                               const char          *token,
                               const char          *address,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_return_if_fail (KD_IS_STORE (self));

  kd_writer_submit (kd_store_get_writer (self), delete_job, session_op_new (0, token, address),
                    session_op_free, NULL, cancellable, callback, user_data);
}

gboolean
kd_store_delete_session_finish (KdStore      *self,
                                GAsyncResult *result,
                                GError      **error)
{
  return kd_writer_submit_finish (result, error) != NULL;
}

static gpointer
purge_job (KdDb      *db,
           gpointer   data,
           KdChanges *changes,
           GError   **error)
{
  return kd_session_purge_expired (db, now_seconds (), changes, error) < 0 ? NULL : GINT_TO_POINTER (TRUE);
}

void
kd_store_purge_sessions_async (KdStore             *self,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_return_if_fail (KD_IS_STORE (self));

  kd_writer_submit (kd_store_get_writer (self), purge_job, NULL, NULL, NULL,
                    cancellable, callback, user_data);
}

gboolean
kd_store_purge_sessions_finish (KdStore      *self,
                                GAsyncResult *result,
                                GError      **error)
{
  return kd_writer_submit_finish (result, error) != NULL;
}
