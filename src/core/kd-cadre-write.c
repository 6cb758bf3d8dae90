/* kd-cadre-write.c: the writes of accounts, run inside a writer job; every
 * one checks the rules of kd-cadre.h and leaves a row in the audit log. */
#define G_LOG_DOMAIN "kd-cadre"

#include "config.h"

#include <glib/gi18n.h>

#include "kd-cadre-private.h"
#include "kd-access.h"
#include "kd-audit.h"
#include "kd-auth.h"

static gboolean
audit (KdDb        *db,
       KdCadre     *by,
       gint64       now,
       const char  *action,
       gint64       cadre_id,
       const char  *detail,
       const char  *address,
       KdChanges   *changes,
       GError     **error)
{
  return kd_audit_add (db, now, by ? kd_cadre_get_id (by) : 0,
                       by ? kd_cadre_get_display_name (by) : NULL,
                       action, "cadre", cadre_id, detail, address, changes, error);
}

/* @by (re-read: it may have changed since it was loaded) may manage accounts. */
static gboolean
check_manager (KdDb     *db,
               KdCadre  *by,
               GError  **error)
{
  g_autoptr(KdCadre) fresh = NULL;

  if (by == NULL)
    return TRUE;

  fresh = kd_cadre_load (db, kd_cadre_get_id (by), NULL);
  if (fresh == NULL || !kd_cadre_get_active (fresh) ||
      !kd_access_can_manage_cadres (kd_cadre_get_role (fresh)))
    {
      g_set_error_literal (error, KD_CADRE_ERROR, KD_CADRE_ERROR_DENIED,
                           _("Only a town administrator can manage accounts."));
      return FALSE;
    }

  return TRUE;
}

static gboolean
check_village (KdDb     *db,
               KdRole    role,
               gint64    village_id,
               GError  **error)
{
  if ((guint) role >= KD_N_ROLES)
    {
      g_set_error_literal (error, KD_CADRE_ERROR, KD_CADRE_ERROR_DENIED, _("There is no such role."));
      return FALSE;
    }

  if (kd_access_role_needs_village (role))
    {
      if (village_id > 0 && kd_cadre_village_exists (db, village_id))
        return TRUE;
      g_set_error_literal (error, KD_CADRE_ERROR, KD_CADRE_ERROR_VILLAGE,
                           _("A village secretary must belong to a village."));
      return FALSE;
    }

  if (village_id != 0)
    {
      g_set_error (error, KD_CADRE_ERROR, KD_CADRE_ERROR_VILLAGE,
                   _("A “%s” account does not belong to a village."), kd_role_label (role));
      return FALSE;
    }

  return TRUE;
}

static gboolean
username_taken (KdDb       *db,
                const char *username)
{
  sqlite3_stmt *stmt = kd_db_prepare (db, "SELECT 1 FROM cadres WHERE username = ?1", NULL);
  gboolean taken;

  if (stmt == NULL)
    return FALSE;   /* the insert then reports the constraint */
  kd_db_bind_text (stmt, 1, username);
  taken = sqlite3_step (stmt) == SQLITE_ROW;
  sqlite3_reset (stmt);

  return taken;
}

/* Refuses to leave the town without an active administrator. */
static gboolean
check_not_last_admin (KdDb     *db,
                      KdCadre  *target,
                      GError  **error)
{
  gint64 admins;

  if (kd_cadre_get_role (target) != KD_ROLE_TOWN_ADMIN || !kd_cadre_get_active (target))
    return TRUE;

  admins = kd_db_query_int (db, "SELECT count(*) FROM cadres WHERE role = 'town_admin' AND active", error);
  if (admins > 1)
    return TRUE;
  if (admins == 1)
    g_set_error_literal (error, KD_CADRE_ERROR, KD_CADRE_ERROR_LAST_ADMIN,
                         _("This is the last active town administrator: make another one first."));
  return FALSE;
}

static gboolean
run (KdDb        *db,
     const char  *sql,
     gint64       id,
     gint64       value,
     const char  *text,
     KdChanges   *changes,
     GError     **error)
{
  sqlite3_stmt *stmt = kd_db_prepare (db, sql, error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  sqlite3_bind_int64 (stmt, 2, value);
  kd_db_bind_text (stmt, 3, text);
  if (!kd_db_step_done (db, stmt, error))
    return FALSE;

  kd_changes_add (changes, "cadres", id);
  return TRUE;
}

static gboolean
delete_sessions (KdDb       *db,
                 gint64      cadre_id,
                 KdChanges  *changes,
                 GError    **error)
{
  sqlite3_stmt *stmt = kd_db_prepare (db, "DELETE FROM sessions WHERE cadre_id = ?1", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, cadre_id);
  if (!kd_db_step_done (db, stmt, error))
    return FALSE;

  kd_changes_add (changes, "sessions", cadre_id);
  return TRUE;
}

KdCadre *
kd_cadre_insert (KdDb        *db,
                 KdCadre     *by,
                 const char  *username,
                 const char  *display_name,
                 KdRole       role,
                 gint64       village_id,
                 const char  *password_hash,
                 gint64       now,
                 KdChanges   *changes,
                 GError     **error)
{
  g_autofree char *user = NULL;
  g_autofree char *name = NULL;
  g_autofree char *detail = NULL;
  sqlite3_stmt *stmt;
  gint64 id;

  g_return_val_if_fail (db != NULL, NULL);
  g_return_val_if_fail (g_str_has_prefix (password_hash ? password_hash : "", "$argon2id$"), NULL);

  if (!check_manager (db, by, error) ||
      (user = kd_cadre_normalize_username (username, error)) == NULL ||
      (name = kd_cadre_normalize_display_name (display_name, error)) == NULL ||
      !check_village (db, role, village_id, error))
    return NULL;

  if (username_taken (db, user))
    {
      g_set_error (error, KD_CADRE_ERROR, KD_CADRE_ERROR_USERNAME_TAKEN,
                   _("The username “%s” is already taken."), user);
      return NULL;
    }

  stmt = kd_db_prepare (db,
                        "INSERT INTO cadres (username, display_name, role, village_id,"
                        " password_hash, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                        error);
  if (stmt == NULL)
    return NULL;
  kd_db_bind_text (stmt, 1, user);
  kd_db_bind_text (stmt, 2, name);
  kd_db_bind_text (stmt, 3, kd_role_to_string (role));
  if (village_id > 0)
    sqlite3_bind_int64 (stmt, 4, village_id);
  kd_db_bind_text (stmt, 5, password_hash);
  sqlite3_bind_int64 (stmt, 6, now);
  if (!kd_db_step_done (db, stmt, error))
    return NULL;
  id = sqlite3_last_insert_rowid (kd_db_get_handle (db));
  kd_changes_add (changes, "cadres", id);

  detail = g_strdup_printf ("%s (%s)", user, kd_role_to_string (role));
  if (!audit (db, by, now, "cadre.create", id, detail, NULL, changes, error))
    return NULL;

  return kd_cadre_load (db, id, error);
}

/* Also unlocks the account and ends its phone sessions. */
gboolean
kd_cadre_set_password_hash (KdDb        *db,
                            KdCadre     *by,
                            gint64       cadre_id,
                            const char  *password_hash,
                            gint64       now,
                            KdChanges   *changes,
                            GError     **error)
{
  g_autoptr(KdCadre) target = NULL;

  g_return_val_if_fail (db != NULL, FALSE);
  g_return_val_if_fail (g_str_has_prefix (password_hash ? password_hash : "", "$argon2id$"), FALSE);

  if ((by == NULL || kd_cadre_get_id (by) != cadre_id) && !check_manager (db, by, error))
    return FALSE;
  target = kd_cadre_load (db, cadre_id, error);
  if (target == NULL)
    return FALSE;

  return run (db, "UPDATE cadres SET password_hash = ?3, failed_logins = 0, locked_until = 0"
                  " WHERE id = ?1",
              cadre_id, 0, password_hash, changes, error) &&
         delete_sessions (db, cadre_id, changes, error) &&
         audit (db, by, now, "cadre.password", cadre_id, kd_cadre_get_username (target), NULL,
                changes, error);
}

gboolean
kd_cadre_set_role (KdDb        *db,
                   KdCadre     *by,
                   gint64       cadre_id,
                   KdRole       role,
                   gint64       village_id,
                   gint64       now,
                   KdChanges   *changes,
                   GError     **error)
{
  g_autoptr(KdCadre) target = NULL;
  g_autofree char *detail = NULL;

  g_return_val_if_fail (db != NULL, FALSE);

  if (!check_manager (db, by, error) || !check_village (db, role, village_id, error))
    return FALSE;
  target = kd_cadre_load (db, cadre_id, error);
  if (target == NULL)
    return FALSE;
  if (kd_cadre_get_role (target) == role && kd_cadre_get_village_id (target) == village_id)
    return TRUE;
  if (role != KD_ROLE_TOWN_ADMIN && !check_not_last_admin (db, target, error))
    return FALSE;

  detail = g_strdup_printf ("%s: %s → %s", kd_cadre_get_username (target),
                            kd_role_to_string (kd_cadre_get_role (target)), kd_role_to_string (role));
  return run (db, "UPDATE cadres SET role = ?3, village_id = nullif (?2, 0) WHERE id = ?1",
              cadre_id, village_id, kd_role_to_string (role), changes, error) &&
         audit (db, by, now, "cadre.role", cadre_id, detail, NULL, changes, error);
}

/* A deactivated account cannot sign in and loses its phone sessions; it
 * stays in the records it is named in. */
gboolean
kd_cadre_set_active (KdDb        *db,
                     KdCadre     *by,
                     gint64       cadre_id,
                     gboolean     active,
                     gint64       now,
                     KdChanges   *changes,
                     GError     **error)
{
  g_autoptr(KdCadre) target = NULL;

  g_return_val_if_fail (db != NULL, FALSE);

  if (!check_manager (db, by, error))
    return FALSE;
  target = kd_cadre_load (db, cadre_id, error);
  if (target == NULL)
    return FALSE;
  if (kd_cadre_get_active (target) == !!active)
    return TRUE;
  if (!active && !check_not_last_admin (db, target, error))
    return FALSE;

  return run (db, "UPDATE cadres SET active = ?2, failed_logins = 0, locked_until = 0 WHERE id = ?1",
              cadre_id, !!active, NULL, changes, error) &&
         (active || delete_sessions (db, cadre_id, changes, error)) &&
         audit (db, by, now, active ? "cadre.reactivate" : "cadre.deactivate", cadre_id,
                kd_cadre_get_username (target), NULL, changes, error);
}

static void
set_locked_error (GError **refusal,
                  gint64   locked_until,
                  gint64   now)
{
  int minutes = (int) MAX (1, (locked_until - now + 59) / 60);

  g_set_error (refusal, KD_CADRE_ERROR, KD_CADRE_ERROR_LOCKED,
               g_dngettext (GETTEXT_PACKAGE,
                            "Too many wrong passwords: this account is locked. Try again in %d minute.",
                            "Too many wrong passwords: this account is locked. Try again in %d minutes.",
                            minutes),
               minutes);
}

/* Counts one more failure; the fifth in a row locks the account. */
static gboolean
record_failure (KdDb       *db,
                KdCadre    *cadre,
                const KdSignInAttempt *a,
                KdChanges  *changes,
                GError    **refusal,
                GError    **error)
{
  gint64 id = kd_cadre_get_id (cadre);
  gint64 failures;
  int rc;
  sqlite3_stmt *stmt = kd_db_prepare (db, "UPDATE cadres SET failed_logins = failed_logins + 1"
                                          " WHERE id = ?1 RETURNING failed_logins", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  rc = sqlite3_step (stmt);
  failures = rc == SQLITE_ROW ? sqlite3_column_int64 (stmt, 0) : 0;
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW)
    return kd_db_set_error (db, rc, "sign-in", error);
  kd_changes_add (changes, "cadres", id);

  if (failures < KD_CADRE_MAX_FAILURES)
    {
      g_set_error_literal (refusal, KD_CADRE_ERROR, KD_CADRE_ERROR_SIGN_IN,
                           _("The username or the password is wrong."));
      return audit (db, NULL, a->now, "sign-in.failed", id, NULL, a->address, changes, error);
    }

  set_locked_error (refusal, a->now + KD_CADRE_LOCKOUT_SECONDS, a->now);
  return run (db, "UPDATE cadres SET failed_logins = 0, locked_until = ?2 WHERE id = ?1",
              id, a->now + KD_CADRE_LOCKOUT_SECONDS, NULL, changes, error) &&
         audit (db, NULL, a->now, "sign-in.locked", id, NULL, a->address, changes, error);
}

/* Records the outcome of a sign-in verified off the writer. Returns the
 * cadre, or NULL with @refusal set (recorded: commit it) or @error set (the
 * database failed: roll back). The checks that depend on the account's state
 * are made here, on the writer, so that concurrent attempts cannot pass the
 * lockout. */
KdCadre *
kd_cadre_record_sign_in (KdDb                  *db,
                         const KdSignInAttempt *a,
                         KdChanges             *changes,
                         GError               **refusal,
                         GError               **error)
{
  g_autoptr(KdCadre) cadre = NULL;
  g_autofree char *hash = NULL;
  gint64 id = a->cadre_id;

  if (id != 0 && (cadre = kd_cadre_load (db, id, NULL)) != NULL &&
      (hash = kd_cadre_dup_password_hash (db, id, error)) == NULL)
    return NULL;

  if (cadre == NULL)
    {
      g_set_error_literal (refusal, KD_CADRE_ERROR, KD_CADRE_ERROR_SIGN_IN,
                           _("The username or the password is wrong."));
      kd_audit_add (db, a->now, 0, NULL, "sign-in.failed", "cadre", 0, a->username,
                    a->address, changes, error);
      return NULL;
    }

  if (kd_cadre_get_locked_until (cadre) > a->now)
    {
      set_locked_error (refusal, kd_cadre_get_locked_until (cadre), a->now);
      audit (db, NULL, a->now, "sign-in.failed", id, "locked", a->address, changes, error);
      return NULL;
    }

  /* A password checked against a hash that has changed since is not good. */
  if (!a->verified || !kd_auth_equal (hash, a->verified_hash))
    {
      record_failure (db, cadre, a, changes, refusal, error);
      return NULL;
    }

  if (!kd_cadre_get_active (cadre))
    {
      g_set_error_literal (refusal, KD_CADRE_ERROR, KD_CADRE_ERROR_INACTIVE,
                           _("This account has been deactivated. Ask the town administrator."));
      audit (db, NULL, a->now, "sign-in.failed", id, "deactivated", a->address, changes, error);
      return NULL;
    }

  if (!run (db, "UPDATE cadres SET failed_logins = 0, locked_until = 0,"
                " password_hash = coalesce (?3, password_hash) WHERE id = ?1",
            id, 0, a->new_hash, changes, error) ||
      !audit (db, cadre, a->now, "sign-in", id, NULL, a->address, changes, error))
    return NULL;

  return kd_cadre_load (db, id, error);
}
