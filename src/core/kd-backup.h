/* kd-backup.h: backups of the town's database, their checks and their restore.
 *
 * A backup is one self-contained SQLite file (no -wal), taken online from a
 * connection of its own while the store keeps writing, checked with
 * PRAGMA integrity_check and renamed into place only when complete. */
#pragma once

#include <gio/gio.h>

#include "kd-db.h"

G_BEGIN_DECLS

char      *kd_backup_default_dir   (void);
gboolean   kd_backup_create        (const char           *db_path,
                                    const char           *dest_path,
                                    GError              **error);
void       kd_backup_create_async  (const char           *db_path,
                                    const char           *dest_path,
                                    GCancellable         *cancellable,
                                    GAsyncReadyCallback   callback,
                                    gpointer              user_data);
gboolean   kd_backup_create_finish (GAsyncResult         *result,
                                    GError              **error);
gboolean   kd_backup_check         (const char           *path,
                                    GError              **error);
gboolean   kd_db_file_quick_check  (const char           *db_path,
                                    GError              **error);
gboolean   kd_backup_restore       (const char           *backup_path,
                                    const char           *db_path,
                                    GError              **error);
GPtrArray *kd_backup_list          (const char           *dir,
                                    GError              **error);
char      *kd_backup_run_daily     (const char           *db_path,
                                    const char           *dir,
                                    guint                 keep,
                                    gint64                now_unix,
                                    GError              **error);

guint      kd_backup_schedule_daily (const char          *db_path,
                                    const char           *dir,
                                    guint                 keep);

#define KD_BACKUP_KEEP 14   /* daily backups kept: two weeks */

G_END_DECLS
