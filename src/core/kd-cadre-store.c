/* kd-cadre-store.c: signing in and the account changes through the store.
 * Passwords are hashed and verified on the calling thread (a worker thread
 * for the _async forms), never on the writer: it only records the outcome. */
#define G_LOG_DOMAIN "kd-cadre"

#include "config.h"

#include <string.h>
#include <glib/gi18n.h>
#include <sodium.h>

#include "kd-cadre-private.h"
#include "kd-auth.h"

typedef enum {
  OP_SIGN_IN,
  OP_CREATE,
  OP_PASSWORD,
  OP_ROLE,
  OP_ACTIVE,
} OpKind;

/* Everything one account operation needs, copied for another thread. */
typedef struct
{
  OpKind    kind;
  KdCadre  *by;
  gint64    cadre_id;
  char     *username;
  char     *display_name;
  char     *password;
  char     *old_password;
  char     *address;
  char     *hash;
  KdRole    role;
  gint64    village_id;
  gboolean  active;
} AccountOp;

static void
secret_free (char *secret)
{
  if (secret != NULL)
    sodium_memzero (secret, strlen (secret));
  g_free (secret);
}

static void
account_op_free (gpointer data)
{
  AccountOp *op = data;

  g_clear_object (&op->by);
  g_free (op->username);
  g_free (op->display_name);
  secret_free (op->password);
  secret_free (op->old_password);
  g_free (op->address);
  g_free (op->hash);
  g_free (op);
}

static AccountOp *
account_op_new (KdCadre *by,
                gint64   cadre_id)
{
  AccountOp *op = g_new0 (AccountOp, 1);

  op->by = by ? g_object_ref (by) : NULL;
  op->cadre_id = cadre_id;

  return op;
}

static gint64
now_seconds (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

/* The quick writes of an account, after any hashing. */
static gpointer
edit_job (KdDb      *db,
          gpointer   data,
          KdChanges *changes,
          GError   **error)
{
  AccountOp *op = data;
  gint64 now = now_seconds ();
  gboolean ok = FALSE;

  switch (op->kind)
    {
    case OP_PASSWORD:
      ok = kd_cadre_set_password_hash (db, op->by, op->cadre_id, op->hash, now, changes, error);
      break;
    case OP_ROLE:
      ok = kd_cadre_set_role (db, op->by, op->cadre_id, op->role, op->village_id, now, changes, error);
      break;
    case OP_ACTIVE:
      ok = kd_cadre_set_active (db, op->by, op->cadre_id, op->active, now, changes, error);
      break;
    default:
      g_assert_not_reached ();
    }

  return ok ? GINT_TO_POINTER (TRUE) : NULL;
}

/* Signing in */

typedef struct
{
  KdCadre *cadre;
  GError  *refusal;
} SignInResult;

static void
sign_in_result_free (gpointer data)
{
  SignInResult *r = data;

  g_clear_object (&r->cadre);
  g_clear_error (&r->refusal);
  g_free (r);
}

static gpointer
sign_in_job (KdDb      *db,
             gpointer   data,
             KdChanges *changes,
             GError   **error)
{
  SignInResult *r = g_new0 (SignInResult, 1);
  GError *local = NULL;

  r->cadre = kd_cadre_record_sign_in (db, data, changes, &r->refusal, &local);
  if (local != NULL)
    {
      g_propagate_error (error, local);
      sign_in_result_free (r);
      return NULL;
    }

  return r;
}

/* Reads the account; a read that fails is an error, a missing one is not. */
static gboolean
find_account (KdDb        *reader,
              const char  *username,
              KdCadre    **cadre,
              char       **hash,
              GError     **error)
{
  g_autoptr(GError) local = NULL;

  if (username == NULL)
    return TRUE;
  *cadre = kd_cadre_load_by_username (reader, username, hash, &local);
  if (*cadre != NULL || g_error_matches (local, KD_CADRE_ERROR, KD_CADRE_ERROR_NOT_FOUND))
    return TRUE;

  g_propagate_error (error, g_steal_pointer (&local));
  return FALSE;
}

/* Signs @username in, or fails with KD_CADRE_ERROR_SIGN_IN (the same for a
 * wrong name and a wrong password), _LOCKED or _INACTIVE. Takes the time of
 * one argon2id verification even for a name that has no account. */
KdCadre *
kd_cadre_sign_in (KdStore     *store,
                  KdDb        *reader,
                  const char  *username,
                  const char  *password,
                  const char  *address,
                  gint64       now,
                  GError     **error)
{
  g_autoptr(KdDb) own_reader = NULL;
  g_autofree char *user = kd_cadre_normalize_username (username, NULL);
  g_autofree char *hash = NULL;
  g_autofree char *new_hash = NULL;
  g_autoptr(KdCadre) cadre = NULL;
  KdSignInAttempt attempt = { 0 };
  SignInResult *r;
  KdCadre *result;

  g_return_val_if_fail (KD_IS_STORE (store), NULL);

  if (password == NULL || strlen (password) > 4 * KD_CADRE_PASSWORD_MAX)
    password = "";
  if (reader == NULL && (reader = own_reader = kd_store_open_reader (store, error)) == NULL)
    return NULL;
  if (!find_account (reader, user, &cadre, &hash, error))
    return NULL;

  if (cadre == NULL)
    kd_auth_verify_dummy (password);
  else
    attempt.verified = kd_auth_verify_password (hash, password);
  if (attempt.verified && kd_auth_needs_rehash (hash))
    new_hash = kd_auth_hash_password (password, NULL);

  attempt.cadre_id = cadre ? kd_cadre_get_id (cadre) : 0;
  attempt.username = user;
  attempt.verified_hash = hash;
  attempt.new_hash = new_hash;
  attempt.address = address;
  attempt.now = now;

  r = kd_writer_run_sync (kd_store_get_writer (store), sign_in_job, &attempt,
                          sign_in_result_free, error);
  if (r == NULL)
    return NULL;
  if (r->refusal != NULL)
    g_propagate_error (error, g_steal_pointer (&r->refusal));
  result = g_steal_pointer (&r->cadre);
  sign_in_result_free (r);

  return result;
}

/* Creating an account */

static gpointer
create_job (KdDb      *db,
            gpointer   data,
            KdChanges *changes,
            GError   **error)
{
  AccountOp *op = data;
  g_autoptr(GError) local = NULL;
  gint64 count;

  if (op->by == NULL)
    {
      count = kd_cadre_count (db, error);
      if (count < 0)
        return NULL;
      if (count > 0)
        {
          g_set_error_literal (error, KD_CADRE_ERROR, KD_CADRE_ERROR_NOT_FIRST,
                               _("There are accounts already: a town administrator must sign in to add one."));
          return NULL;
        }
      if (op->role != KD_ROLE_TOWN_ADMIN)
        {
          g_set_error_literal (error, KD_CADRE_ERROR, KD_CADRE_ERROR_DENIED,
                               _("The first account must be a town administrator."));
          return NULL;
        }
    }

  return kd_cadre_insert (db, op->by, op->username, op->display_name, op->role,
                          op->village_id, op->hash, now_seconds (), changes, error);
}

static KdCadre *
create_cadre (KdStore    *self,
              AccountOp  *op,
              GError    **error)
{
  g_autofree char *user = NULL;
  g_autofree char *name = NULL;

  /* What can be refused is refused before the slow hashing. */
  if ((user = kd_cadre_normalize_username (op->username, error)) == NULL ||
      (name = kd_cadre_normalize_display_name (op->display_name, error)) == NULL ||
      !kd_cadre_check_password (op->password, error))
    return NULL;

  op->hash = kd_auth_hash_password (op->password, error);
  if (op->hash == NULL)
    return NULL;

  return kd_writer_run_sync (kd_store_get_writer (self), create_job, op, g_object_unref, error);
}

static AccountOp *
create_op_new (KdCadre    *by,
               const char *username,
               const char *display_name,
               KdRole      role,
               gint64      village_id,
               const char *password)
{
  AccountOp *op = account_op_new (by, 0);

  op->kind = OP_CREATE;
  op->username = g_strdup (username);
  op->display_name = g_strdup (display_name);
  op->role = role;
  op->village_id = village_id;
  op->password = g_strdup (password);

  return op;
}

/* @by NULL: the first account of the town (a town administrator). */
KdCadre *
kd_store_create_cadre (KdStore     *self,
                       KdCadre     *by,
                       const char  *username,
                       const char  *display_name,
                       KdRole       role,
                       gint64       village_id,
                       const char  *password,
                       GError     **error)
{
  AccountOp *op;
  KdCadre *cadre;

  g_return_val_if_fail (KD_IS_STORE (self), NULL);
  g_return_val_if_fail (by == NULL || KD_IS_CADRE (by), NULL);

  op = create_op_new (by, username, display_name, role, village_id, password);
  cadre = create_cadre (self, op, error);
  account_op_free (op);

  return cadre;
}

/* Changing a password */

/* A cadre changing their own password must give the current one. */
static gboolean
check_old_password (KdStore    *self,
                    AccountOp  *op,
                    GError    **error)
{
  g_autoptr(KdDb) reader = NULL;
  g_autofree char *hash = NULL;

  if (kd_cadre_get_id (op->by) != op->cadre_id)
    return TRUE;

  reader = kd_store_open_reader (self, error);
  if (reader == NULL || (hash = kd_cadre_dup_password_hash (reader, op->cadre_id, error)) == NULL)
    return FALSE;
  if (kd_auth_verify_password (hash, op->old_password ? op->old_password : ""))
    return TRUE;

  g_set_error_literal (error, KD_CADRE_ERROR, KD_CADRE_ERROR_PASSWORD,
                       _("The current password is wrong."));
  return FALSE;
}

static gboolean
change_password (KdStore    *self,
                 AccountOp  *op,
                 GError    **error)
{
  if (!kd_cadre_check_password (op->password, error) || !check_old_password (self, op, error))
    return FALSE;

  op->hash = kd_auth_hash_password (op->password, error);
  if (op->hash == NULL)
    return FALSE;

  return kd_writer_run_sync (kd_store_get_writer (self), edit_job, op, NULL, error) != NULL;
}

static AccountOp *
password_op_new (KdCadre    *by,
                 gint64      cadre_id,
                 const char *old_password,
                 const char *new_password)
{
  AccountOp *op = account_op_new (by, cadre_id);

  op->kind = OP_PASSWORD;
  op->old_password = g_strdup (old_password);
  op->password = g_strdup (new_password);

  return op;
}

/* @by changes the password of account @cadre_id: their own (@old_password
 * needed) or, for a town administrator, anyone's (@old_password ignored). */
gboolean
kd_store_change_password (KdStore     *self,
                          KdCadre     *by,
                          gint64       cadre_id,
                          const char  *old_password,
                          const char  *new_password,
                          GError     **error)
{
  AccountOp *op;
  gboolean ok;

  g_return_val_if_fail (KD_IS_STORE (self), FALSE);
  g_return_val_if_fail (KD_IS_CADRE (by), FALSE);

  op = password_op_new (by, cadre_id, old_password, new_password);
  ok = change_password (self, op, error);
  account_op_free (op);

  return ok;
}

/* Role, village, active: quick writes, straight to the writer */

void
kd_store_set_cadre_role_async (KdStore             *self,
                               KdCadre             *by,
                               gint64               cadre_id,
                               KdRole               role,
                               gint64               village_id,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  AccountOp *op;

  g_return_if_fail (KD_IS_STORE (self));
  g_return_if_fail (KD_IS_CADRE (by));
  g_return_if_fail ((guint) role < KD_N_ROLES);

  op = account_op_new (by, cadre_id);
  op->kind = OP_ROLE;
  op->role = role;
  op->village_id = village_id;
  kd_writer_submit (kd_store_get_writer (self), edit_job, op, account_op_free, NULL,
                    cancellable, callback, user_data);
}

gboolean
kd_store_set_cadre_role_finish (KdStore      *self,
                                GAsyncResult *result,
                                GError      **error)
{
  return kd_writer_submit_finish (result, error) != NULL;
}

void
kd_store_set_cadre_active_async (KdStore             *self,
                                 KdCadre             *by,
                                 gint64               cadre_id,
                                 gboolean             active,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  AccountOp *op;

  g_return_if_fail (KD_IS_STORE (self));
  g_return_if_fail (KD_IS_CADRE (by));

  op = account_op_new (by, cadre_id);
  op->kind = OP_ACTIVE;
  op->active = active;
  kd_writer_submit (kd_store_get_writer (self), edit_job, op, account_op_free, NULL,
                    cancellable, callback, user_data);
}

gboolean
kd_store_set_cadre_active_finish (KdStore      *self,
                                  GAsyncResult *result,
                                  GError      **error)
{
  return kd_writer_submit_finish (result, error) != NULL;
}

/* The _async forms: the same, on a worker thread */

static void
account_thread (GTask        *task,
                gpointer      source,
                gpointer      data,
                GCancellable *cancellable)
{
  AccountOp *op = data;
  GError *error = NULL;
  gpointer result = NULL;

  switch (op->kind)
    {
    case OP_SIGN_IN:
      result = kd_cadre_sign_in (source, NULL, op->username, op->password, op->address,
                                 now_seconds (), &error);
      break;
    case OP_CREATE:
      result = create_cadre (source, op, &error);
      break;
    case OP_PASSWORD:
      if (change_password (source, op, &error))
        result = g_object_ref (source);
      break;
    default:
      g_assert_not_reached ();
    }

  if (result == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, result, g_object_unref);
}

static void
run_in_thread (KdStore             *self,
               AccountOp           *op,
               gpointer             source_tag,
               GCancellable        *cancellable,
               GAsyncReadyCallback  callback,
               gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, op, account_op_free);
  g_task_run_in_thread (task, account_thread);
}

static gpointer
account_finish (KdStore       *self,
                GAsyncResult  *result,
                GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
kd_store_sign_in_async (KdStore             *self,
                        const char          *username,
                        const char          *password,
                        const char          *address,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  AccountOp *op;

  g_return_if_fail (KD_IS_STORE (self));

  op = account_op_new (NULL, 0);
  op->kind = OP_SIGN_IN;
  op->username = g_strdup (username);
  op->password = g_strdup (password);
  op->address = g_strdup (address);
  run_in_thread (self, op, kd_store_sign_in_async, cancellable, callback, user_data);
}

KdCadre *
kd_store_sign_in_finish (KdStore      *self,
                         GAsyncResult *result,
                         GError      **error)
{
  return account_finish (self, result, error);
}

void
kd_store_create_cadre_async (KdStore             *self,
                             KdCadre             *by,
                             const char          *username,
                             const char          *display_name,
                             KdRole               role,
                             gint64               village_id,
                             const char          *password,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_return_if_fail (KD_IS_STORE (self));
  g_return_if_fail (by == NULL || KD_IS_CADRE (by));

  run_in_thread (self, create_op_new (by, username, display_name, role, village_id, password),
                 kd_store_create_cadre_async, cancellable, callback, user_data);
}

KdCadre *
kd_store_create_cadre_finish (KdStore      *self,
                              GAsyncResult *result,
                              GError      **error)
{
  return account_finish (self, result, error);
}

void
kd_store_change_password_async (KdStore             *self,
                                KdCadre             *by,
                                gint64               cadre_id,
                                const char          *old_password,
                                const char          *new_password,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_return_if_fail (KD_IS_STORE (self));
  g_return_if_fail (KD_IS_CADRE (by));

  run_in_thread (self, password_op_new (by, cadre_id, old_password, new_password),
                 kd_store_change_password_async, cancellable, callback, user_data);
}

gboolean
kd_store_change_password_finish (KdStore      *self,
                                 GAsyncResult *result,
                                 GError      **error)
{
  g_autoptr(GObject) done = account_finish (self, result, error);

  return done != NULL;
}
