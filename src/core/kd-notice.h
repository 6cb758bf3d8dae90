/* kd-notice.h: the township's notices, as the phones' home page shows them,
 * and their editing on the desktop (through the writer). */
#pragma once

#include <gio/gio.h>

#include "kd-db.h"
#include "kd-store.h"
#include "kd-workflow.h"

G_BEGIN_DECLS

#define KD_NOTICE_MAX_TITLE 100
#define KD_NOTICE_MAX_BODY  4000

#define KD_NOTICE_ERROR (kd_notice_error_quark ())

/* The error code names the field at fault. */
typedef enum {
  KD_NOTICE_ERROR_TITLE,
  KD_NOTICE_ERROR_BODY,
  KD_NOTICE_ERROR_VILLAGE,
  KD_NOTICE_ERROR_NOT_FOUND,
} KdNoticeError;

typedef struct
{
  gint64  id;
  char   *title;
  char   *body;
  gint64  published_at;
  gint64  village_id;     /* 0: the whole town */
  char   *village_name;   /* NULL: the whole town */
} KdNotice;

GQuark     kd_notice_error_quark (void);
void       kd_notice_free        (KdNotice *notice);
GPtrArray *kd_notice_list_newest (KdDb     *db,
                                  guint     limit,
                                  GError  **error);
GPtrArray *kd_notice_list_all    (KdDb     *db,
                                  GError  **error);

/* Inside a writer job (the async wrappers below, the tests). */
gint64     kd_notice_add         (KdDb           *db,
                                  const char     *title,
                                  const char     *body,
                                  gint64          village_id,
                                  const KdActor  *actor,
                                  gint64          now,
                                  KdChanges      *changes,
                                  GError        **error);
gboolean   kd_notice_update      (KdDb           *db,
                                  gint64          id,
                                  const char     *title,
                                  const char     *body,
                                  gint64          village_id,
                                  const KdActor  *actor,
                                  gint64          now,
                                  KdChanges      *changes,
                                  GError        **error);
gboolean   kd_notice_delete      (KdDb           *db,
                                  gint64          id,
                                  const KdActor  *actor,
                                  gint64          now,
                                  KdChanges      *changes,
                                  GError        **error);

/* Through the writer. kd_notice_add_finish() returns the new notice's id, 0 on error. */
void       kd_notice_add_async     (KdStore             *store,
                                    const char          *title,
                                    const char          *body,
                                    gint64               village_id,
                                    const KdActor       *actor,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data);
gint64     kd_notice_add_finish    (KdStore             *store,
                                    GAsyncResult        *result,
                                    GError             **error);
void       kd_notice_update_async  (KdStore             *store,
                                    gint64               id,
                                    const char          *title,
                                    const char          *body,
                                    gint64               village_id,
                                    const KdActor       *actor,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data);
gboolean   kd_notice_update_finish (KdStore             *store,
                                    GAsyncResult        *result,
                                    GError             **error);
void       kd_notice_delete_async  (KdStore             *store,
                                    gint64               id,
                                    const KdActor       *actor,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data);
gboolean   kd_notice_delete_finish (KdStore             *store,
                                    GAsyncResult        *result,
                                    GError             **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KdNotice, kd_notice_free)

G_END_DECLS
