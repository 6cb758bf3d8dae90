/* kd-cadre.h: cadres' accounts: who they are, their role and village, their
 * password (argon2id, kd-auth.h), signing in with a lockout.
 *
 * Rules: a username is 2 to 32 of a-z 0-9 . _ - (stored in lower case,
 * unique whatever the case); a display name 1 to 40 characters of plain
 * text; a password at least 8 characters (at most 128). A village secretary
 * belongs to a village, no other role does. Only a town administrator
 * manages accounts (anyone may change their own password, giving the old
 * one); the last active town administrator cannot be deactivated or given
 * another role. Five wrong passwords in a row lock the account for 15
 * minutes; a right one resets the count. A wrong username and a wrong
 * password give the same error. Every change and every sign-in is in the
 * audit log.
 *
 * Hashing takes about 0.1 s on purpose. The kd_store_… functions without
 * _async hash on the calling thread and then wait for the writer: call them
 * from a worker thread (their _async forms do) or from tests. The
 * in-transaction kd_cadre_… writes take an already made hash.
 *
 * @by is the cadre doing the change; NULL is the system: in-transaction
 * writes trust it (the demo, the tests), kd_store_create_cadre() accepts it
 * only for the first account, a town administrator, when there is none. */
#pragma once

#include <gio/gio.h>

#include "kd-types.h"
#include "kd-db.h"
#include "kd-store.h"

G_BEGIN_DECLS

#define KD_TYPE_CADRE (kd_cadre_get_type ())

G_DECLARE_FINAL_TYPE (KdCadre, kd_cadre, KD, CADRE, GObject)

#define KD_CADRE_ERROR (kd_cadre_error_quark ())

typedef enum {
  KD_CADRE_ERROR_USERNAME,        /* not 2-32 of a-z 0-9 . _ - */
  KD_CADRE_ERROR_USERNAME_TAKEN,
  KD_CADRE_ERROR_DISPLAY_NAME,
  KD_CADRE_ERROR_PASSWORD,        /* too short or too long; a wrong old password */
  KD_CADRE_ERROR_VILLAGE,
  KD_CADRE_ERROR_SIGN_IN,         /* wrong username or password */
  KD_CADRE_ERROR_LOCKED,
  KD_CADRE_ERROR_INACTIVE,
  KD_CADRE_ERROR_DENIED,
  KD_CADRE_ERROR_LAST_ADMIN,
  KD_CADRE_ERROR_NOT_FOUND,
  KD_CADRE_ERROR_NOT_FIRST,       /* the first account when there are already some */
} KdCadreError;

#define KD_CADRE_USERNAME_MIN      2
#define KD_CADRE_USERNAME_MAX      32
#define KD_CADRE_DISPLAY_NAME_MAX  40
#define KD_CADRE_PASSWORD_MIN      8
#define KD_CADRE_PASSWORD_MAX      128
#define KD_CADRE_MAX_FAILURES      5
#define KD_CADRE_LOCKOUT_SECONDS   (15 * 60)

GQuark      kd_cadre_error_quark            (void);

gint64      kd_cadre_get_id                 (KdCadre *self);
const char *kd_cadre_get_username           (KdCadre *self);
const char *kd_cadre_get_display_name       (KdCadre *self);
KdRole      kd_cadre_get_role               (KdCadre *self);
gint64      kd_cadre_get_village_id         (KdCadre *self);
const char *kd_cadre_get_village_name       (KdCadre *self);
gboolean    kd_cadre_get_active             (KdCadre *self);
gint64      kd_cadre_get_locked_until       (KdCadre *self);
gint64      kd_cadre_get_created_at         (KdCadre *self);

/* Validation (also done by every write). */
char       *kd_cadre_normalize_username     (const char  *username,
                                             GError     **error);
char       *kd_cadre_normalize_display_name (const char  *display_name,
                                             GError     **error);
gboolean    kd_cadre_check_password         (const char  *password,
                                             GError     **error);

/* Reads, on any reader. */
KdCadre    *kd_cadre_load                   (KdDb        *db,
                                             gint64       id,
                                             GError     **error);
GListModel *kd_cadre_list                   (KdDb        *db,
                                             gboolean     include_inactive,
                                             GError     **error);
gint64      kd_cadre_count                  (KdDb        *db,
                                             GError     **error);

/* In-transaction writes (inside a writer job). */
KdCadre    *kd_cadre_insert                 (KdDb        *db,
                                             KdCadre     *by,
                                             const char  *username,
                                             const char  *display_name,
                                             KdRole       role,
                                             gint64       village_id,
                                             const char  *password_hash,
                                             gint64       now,
                                             KdChanges   *changes,
                                             GError     **error);
gboolean    kd_cadre_set_password_hash      (KdDb        *db,
                                             KdCadre     *by,
                                             gint64       cadre_id,
                                             const char  *password_hash,
                                             gint64       now,
                                             KdChanges   *changes,
                                             GError     **error);
gboolean    kd_cadre_set_role               (KdDb        *db,
                                             KdCadre     *by,
                                             gint64       cadre_id,
                                             KdRole       role,
                                             gint64       village_id,
                                             gint64       now,
                                             KdChanges   *changes,
                                             GError     **error);
gboolean    kd_cadre_set_active             (KdDb        *db,
                                             KdCadre     *by,
                                             gint64       cadre_id,
                                             gboolean     active,
                                             gint64       now,
                                             KdChanges   *changes,
                                             GError     **error);

/* Demo accounts (demo only!), all with the password "kuiduo-" + username:
 *   admin       town administrator   password kuiduo-admin
 *   staff       town staff           password kuiduo-staff
 *   secretary   village secretary    password kuiduo-secretary   (魁多村)
 *   discipline  discipline           password kuiduo-discipline
 * Accounts that exist already are left alone. Hashes on the writer. */
gboolean    kd_cadre_demo_seed              (KdDb        *db,
                                             KdChanges   *changes,
                                             GError     **error);

/* Signing in: reads on @reader (NULL: one of its own), verifies on the
 * calling thread, records the outcome through the writer. */
KdCadre    *kd_cadre_sign_in                (KdStore     *store,
                                             KdDb        *reader,
                                             const char  *username,
                                             const char  *password,
                                             const char  *address,
                                             gint64       now,
                                             GError     **error);
void        kd_store_sign_in_async          (KdStore             *self,
                                             const char          *username,
                                             const char          *password,
                                             const char          *address,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data);
KdCadre    *kd_store_sign_in_finish         (KdStore             *self,
                                             GAsyncResult        *result,
                                             GError             **error);

/* Account changes through the writer (hashing first, where there is any). */
KdCadre    *kd_store_create_cadre           (KdStore             *self,
                                             KdCadre             *by,
                                             const char          *username,
                                             const char          *display_name,
                                             KdRole               role,
                                             gint64               village_id,
                                             const char          *password,
                                             GError             **error);
void        kd_store_create_cadre_async     (KdStore             *self,
                                             KdCadre             *by,
                                             const char          *username,
                                             const char          *display_name,
                                             KdRole               role,
                                             gint64               village_id,
                                             const char          *password,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data);
KdCadre    *kd_store_create_cadre_finish    (KdStore             *self,
                                             GAsyncResult        *result,
                                             GError             **error);
gboolean    kd_store_change_password        (KdStore             *self,
                                             KdCadre             *by,
                                             gint64               cadre_id,
                                             const char          *old_password,
                                             const char          *new_password,
                                             GError             **error);
void        kd_store_change_password_async  (KdStore             *self,
                                             KdCadre             *by,
                                             gint64               cadre_id,
                                             const char          *old_password,
                                             const char          *new_password,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data);
gboolean    kd_store_change_password_finish (KdStore             *self,
                                             GAsyncResult        *result,
                                             GError             **error);
void        kd_store_set_cadre_role_async   (KdStore             *self,
                                             KdCadre             *by,
                                             gint64               cadre_id,
                                             KdRole               role,
                                             gint64               village_id,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data);
gboolean    kd_store_set_cadre_role_finish  (KdStore             *self,
                                             GAsyncResult        *result,
                                             GError             **error);
void        kd_store_set_cadre_active_async (KdStore             *self,
                                             KdCadre             *by,
                                             gint64               cadre_id,
                                             gboolean             active,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data);
gboolean    kd_store_set_cadre_active_finish (KdStore            *self,
                                             GAsyncResult        *result,
                                             GError             **error);

G_END_DECLS
