/* kd-cadre-private.h: what kd-cadre*.c share. */
#pragma once

#include "kd-cadre.h"

G_BEGIN_DECLS

#define KD_CADRE_COLUMNS \
  "c.id, c.username, c.display_name, c.role, c.village_id, v.name, c.active," \
  " c.locked_until, c.created_at, c.password_hash" \
  " FROM cadres c LEFT JOIN villages v ON v.id = c.village_id"

/* One sign-in, verified (or not) off the writer, to record on it. */
typedef struct
{
  gint64      cadre_id;        /* 0: no such account */
  const char *username;        /* normalized; NULL when not even well formed */
  const char *verified_hash;   /* the hash the password was checked against */
  const char *new_hash;        /* a fresh hash when the stored one is outdated */
  const char *address;
  gint64      now;
  gboolean    verified;
} KdSignInAttempt;

KdCadre *kd_cadre_new_from_stmt    (sqlite3_stmt          *stmt);
KdCadre *kd_cadre_load_by_username (KdDb                  *db,
                                    const char            *username,
                                    char                 **password_hash,
                                    GError               **error);
char    *kd_cadre_dup_password_hash (KdDb                 *db,
                                    gint64                 id,
                                    GError               **error);
gboolean kd_cadre_village_exists   (KdDb                  *db,
                                    gint64                 village_id);
KdCadre *kd_cadre_record_sign_in   (KdDb                  *db,
                                    const KdSignInAttempt *attempt,
                                    KdChanges             *changes,
                                    GError               **refusal,
                                    GError               **error);

G_END_DECLS
