/* kd-store.h: the database of one town: its readers, its one writer, and the
 * change notifications that keep open views live. */
#pragma once

#include <gio/gio.h>

#include "kd-types.h"
#include "kd-db.h"
#include "kd-writer.h"
#include "kd-case.h"
#include "kd-report.h"

G_BEGIN_DECLS

#define KD_TYPE_STORE (kd_store_get_type ())

G_DECLARE_FINAL_TYPE (KdStore, kd_store, KD, STORE, GObject)

char       *kd_store_default_path        (void);
KdStore    *kd_store_open                (const char           *path,
                                          GError              **error);
const char *kd_store_get_path            (KdStore              *self);
KdDb       *kd_store_get_reader          (KdStore              *self);
KdDb       *kd_store_open_reader         (KdStore              *self,
                                          GError              **error);
KdWriter   *kd_store_get_writer          (KdStore              *self);
char       *kd_store_dup_town_name       (KdDb                 *db);
gint64      kd_store_count_cases         (KdDb                 *db,
                                          int                   status);
gboolean    kd_store_index_search        (KdStore              *self,
                                          GError              **error);

/* Writes, all through the writer (kd-store-cases.c). */
void        kd_store_submit_report_async (KdStore              *self,
                                          KdReport             *report,
                                          GCancellable         *cancellable,
                                          GAsyncReadyCallback   callback,
                                          gpointer              user_data);
KdCase     *kd_store_submit_report_finish (KdStore             *self,
                                          GAsyncResult         *result,
                                          GError              **error);
void        kd_store_add_reply_async     (KdStore              *self,
                                          gint64                case_id,
                                          const char           *actor,
                                          const char           *body,
                                          gboolean              is_public,
                                          GCancellable         *cancellable,
                                          GAsyncReadyCallback   callback,
                                          gpointer              user_data);
gboolean    kd_store_add_reply_finish    (KdStore              *self,
                                          GAsyncResult         *result,
                                          GError              **error);
void        kd_store_change_status_async (KdStore              *self,
                                          gint64                case_id,
                                          KdCaseStatus          status,
                                          const char           *actor,
                                          const char           *note,
                                          GCancellable         *cancellable,
                                          GAsyncReadyCallback   callback,
                                          gpointer              user_data);
gboolean    kd_store_change_status_finish (KdStore             *self,
                                          GAsyncResult         *result,
                                          GError              **error);

/* The same writes, to run inside a writer job (the demo, the tests). */
KdCase     *kd_case_insert               (KdDb                 *db,
                                          const KdReport       *report,
                                          gint64                created_at,
                                          KdChanges            *changes,
                                          GError              **error);
gboolean    kd_case_add_event            (KdDb                 *db,
                                          gint64                case_id,
                                          gint64                at,
                                          const char           *kind,
                                          const char           *actor,
                                          int                   status,
                                          const char           *body,
                                          gboolean              is_public,
                                          KdChanges            *changes,
                                          GError              **error);
gboolean    kd_case_set_status           (KdDb                 *db,
                                          gint64                case_id,
                                          KdCaseStatus          status,
                                          const char           *actor,
                                          const char           *note,
                                          gint64                at,
                                          KdChanges            *changes,
                                          GError              **error);

G_END_DECLS
