/* kd-session.h: a village cadre signed in on a phone. The session token is
 * 32 random bytes handed to the caller once (for the cookie); the database
 * keeps only its SHA-256, so a copy of the database signs no one in. Each
 * session has its own CSRF token, compared in constant time, and lasts 12
 * hours. A session of a deactivated account, or one whose password changed,
 * is over. */
#pragma once

#include <gio/gio.h>

#include "kd-types.h"
#include "kd-db.h"
#include "kd-store.h"
#include "kd-cadre.h"

G_BEGIN_DECLS

#define KD_TYPE_SESSION (kd_session_get_type ())

G_DECLARE_FINAL_TYPE (KdSession, kd_session, KD, SESSION, GObject)

#define KD_SESSION_LIFETIME (12 * 60 * 60)

KdCadre    *kd_session_get_cadre       (KdSession   *self);
const char *kd_session_get_csrf        (KdSession   *self);
gint64      kd_session_get_created_at  (KdSession   *self);
gint64      kd_session_get_expires_at  (KdSession   *self);
const char *kd_session_get_address     (KdSession   *self);
gboolean    kd_session_check_csrf      (KdSession   *self,
                                        const char  *csrf);

/* Reads, on any reader: NULL without an error when there is no such live session. */
KdSession  *kd_session_lookup          (KdDb        *db,
                                        const char  *token,
                                        gint64       now,
                                        GError     **error);

/* In-transaction writes. */
KdSession  *kd_session_create          (KdDb        *db,
                                        gint64       cadre_id,
                                        const char  *address,
                                        gint64       now,
                                        char       **token,
                                        KdChanges   *changes,
                                        GError     **error);
gboolean    kd_session_delete          (KdDb        *db,
                                        const char  *token,
                                        const char  *address,
                                        gint64       now,
                                        KdChanges   *changes,
                                        GError     **error);
gint64      kd_session_purge_expired   (KdDb        *db,
                                        gint64       now,
                                        KdChanges   *changes,
                                        GError     **error);

/* Through the writer. */
void        kd_store_create_session_async  (KdStore             *self,
                                            gint64               cadre_id,
                                            const char          *address,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
KdSession  *kd_store_create_session_finish (KdStore             *self,
                                            GAsyncResult        *result,
                                            char               **token,
                                            GError             **error);
void        kd_store_delete_session_async  (KdStore             *self,
                                            const char          *token,
                                            const char          *address,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
gboolean    kd_store_delete_session_finish (KdStore             *self,
                                            GAsyncResult        *result,
                                            GError             **error);
void        kd_store_purge_sessions_async  (KdStore             *self,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
gboolean    kd_store_purge_sessions_finish (KdStore             *self,
                                            GAsyncResult        *result,
                                            GError             **error);

G_END_DECLS
