/* kd-api-key.h: the keys that Open311 clients present to submit requests.
 * Issued on the desktop; only a SHA-256 of each key is stored, and the key
 * itself is shown once, when it is issued. */
#pragma once

#include <gio/gio.h>

#include "kd-db.h"
#include "kd-store.h"

G_BEGIN_DECLS

#define KD_TYPE_API_KEY (kd_api_key_get_type ())

G_DECLARE_FINAL_TYPE (KdApiKey, kd_api_key, KD, API_KEY, GObject)

#define KD_API_KEY_BYTES     32                      /* of randomness */
#define KD_API_KEY_LEN       (KD_API_KEY_BYTES * 2)  /* hex characters */
#define KD_API_KEY_MAX_LABEL 100

#define KD_API_KEY_ERROR (kd_api_key_error_quark ())

typedef enum {
  KD_API_KEY_ERROR_REFUSED,   /* missing, unknown or revoked */
} KdApiKeyError;

GQuark      kd_api_key_error_quark     (void);

/* A list of KdApiKey, revoked ones too, newest first. */
GListModel *kd_api_key_list            (KdDb          *db,
                                        GError       **error);
gint64      kd_api_key_get_id          (KdApiKey      *self);
const char *kd_api_key_get_label       (KdApiKey      *self);
gint64      kd_api_key_get_created_at  (KdApiKey      *self);
gint64      kd_api_key_get_revoked_at  (KdApiKey      *self);   /* 0: in use */

char       *kd_api_key_hash            (const char    *key);
gboolean    kd_api_key_verify          (KdDb          *db,
                                        const char    *key);
gboolean    kd_api_key_check           (KdDb          *db,
                                        const char    *key,
                                        GError       **error);

/* Inside a writer job (the async wrappers below, the tests). */
char       *kd_api_key_issue           (KdDb          *db,
                                        const char    *label,
                                        const char    *actor,
                                        gint64         now,
                                        gint64        *out_id,
                                        KdChanges     *changes,
                                        GError       **error);
gboolean    kd_api_key_revoke          (KdDb          *db,
                                        gint64         id,
                                        const char    *actor,
                                        gint64         now,
                                        KdChanges     *changes,
                                        GError       **error);

/* Through the writer: the clear key comes back once, from _finish. */
void        kd_api_key_issue_async     (KdStore             *store,
                                        const char          *label,
                                        const char          *actor,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data);
char       *kd_api_key_issue_finish    (KdStore             *store,
                                        GAsyncResult        *result,
                                        GError             **error);
void        kd_api_key_revoke_async    (KdStore             *store,
                                        gint64               id,
                                        const char          *actor,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data);
gboolean    kd_api_key_revoke_finish   (KdStore             *store,
                                        GAsyncResult        *result,
                                        GError             **error);

G_END_DECLS
