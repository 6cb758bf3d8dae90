/* kd-db.h: one SQLite connection, used by one thread, with its statements cached. */
#pragma once

#include <glib.h>
#include <sqlite3.h>

#include "kd-types.h"

G_BEGIN_DECLS

#define KD_DB_ERROR (kd_db_error_quark ())

typedef enum {
  KD_DB_ERROR_FAILED,
  KD_DB_ERROR_BUSY,
  KD_DB_ERROR_CORRUPT,
  KD_DB_ERROR_CONSTRAINT,
  KD_DB_ERROR_NOT_FOUND,
  KD_DB_ERROR_TOO_NEW,
} KdDbError;

typedef enum {
  KD_DB_READER,   /* reads only; synchronous=NORMAL */
  KD_DB_WRITER,   /* the one writer; synchronous=FULL so a commit is durable */
} KdDbRole;

GQuark        kd_db_error_quark      (void);
void          kd_db_init_library     (void);
KdDb         *kd_db_open             (const char   *path,
                                      KdDbRole      role,
                                      GError      **error);
void          kd_db_close            (KdDb         *db);
sqlite3      *kd_db_get_handle       (KdDb         *db);
const char   *kd_db_get_path         (KdDb         *db);
sqlite3_stmt *kd_db_prepare          (KdDb         *db,
                                      const char   *sql,
                                      GError      **error);
gboolean      kd_db_exec             (KdDb         *db,
                                      const char   *sql,
                                      GError      **error);
gboolean      kd_db_run              (KdDb         *db,
                                      const char   *sql,
                                      GError      **error);
gboolean      kd_db_step_done        (KdDb         *db,
                                      sqlite3_stmt *stmt,
                                      GError      **error);
gboolean      kd_db_set_error        (KdDb         *db,
                                      int           rc,
                                      const char   *context,
                                      GError      **error);
gint64        kd_db_query_int        (KdDb         *db,
                                      const char   *sql,
                                      GError      **error);
int           kd_db_get_user_version (KdDb         *db);
gboolean      kd_db_migrate          (KdDb         *db,
                                      GError      **error);
void          kd_db_bind_text        (sqlite3_stmt *stmt,
                                      int           index,
                                      const char   *text);
gpointer      kd_db_get_cached       (KdDb         *db,
                                      const char   *name);
void          kd_db_set_cached       (KdDb         *db,
                                      const char   *name,
                                      gpointer      data,
                                      GDestroyNotify destroy);
void          kd_db_drop_cached      (KdDb         *db);

#define KD_DB_SCHEMA_VERSION 5

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KdDb, kd_db_close)

G_END_DECLS
