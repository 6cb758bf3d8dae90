#define G_LOG_DOMAIN "kd-db"

#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "kd-db.h"
#include "kd-db-schema.h"
#include "kd-fts.h"

struct _KdDb
{
  sqlite3    *handle;
  char       *path;
  GHashTable *stmts;   /* SQL text → sqlite3_stmt */
  KdDbRole    role;
  GHashTable *cache;   /* name → Cached (kd_db_get_cached()) */
  int         cache_version;   /* SQLITE_FCNTL_DATA_VERSION when filled */
};

typedef struct
{
  gpointer       data;
  GDestroyNotify destroy;
} Cached;

/* The tables the cached values are read from: the office's settings, its
 * calendar and deadlines, its villages and categories. */
static const char * const cached_tables[] = {
  "settings", "holidays", "sla_rules", "villages", "categories",
};

G_DEFINE_QUARK (kd-db-error-quark, kd_db_error)

gboolean
kd_db_set_error (KdDb       *db,
                 int         rc,
                 const char *context,
                 GError    **error)
{
  KdDbError code = KD_DB_ERROR_FAILED;

  switch (rc & 0xff)
    {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:     code = KD_DB_ERROR_BUSY; break;
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:     code = KD_DB_ERROR_CORRUPT; break;
    case SQLITE_CONSTRAINT: code = KD_DB_ERROR_CONSTRAINT; break;
    default: break;
    }

  g_set_error (error, KD_DB_ERROR, code, "%s: %s", context,
               db && db->handle ? sqlite3_errmsg (db->handle) : sqlite3_errstr (rc));
  return FALSE;
}

static void
finalize_stmt (gpointer data)
{
  sqlite3_finalize (data);
}

/* Before SQLite's first use in the process (it refuses later). Without
 * memory statistics, which nothing reads, sqlite3_malloc() and _free() take
 * no mutex shared by every connection: the writer and the endpoint threads,
 * which give way to the UI thread (kd-thread.h), would otherwise be
 * preempted holding it while the UI thread's reader waits. */
void
kd_db_init_library (void)
{
  static gsize done = 0;

  if (g_once_init_enter (&done))
    {
      int rc = sqlite3_config (SQLITE_CONFIG_MEMSTATUS, 0);

      if (rc != SQLITE_OK)
        g_debug ("SQLite was in use already, memory statistics stay on: %s", sqlite3_errstr (rc));
      g_once_init_leave (&done, 1);
    }
}

static void
cached_free (gpointer data)
{
  Cached *c = data;

  if (c->destroy != NULL)
    c->destroy (c->data);
  g_free (c);
}

/* Forgets every cached value. */
void
kd_db_drop_cached (KdDb *db)
{
  if (g_hash_table_size (db->cache) > 0)
    g_hash_table_remove_all (db->cache);
}

static void
update_hook (gpointer      data,
             int           op,
             const char   *database,
             const char   *table,
             sqlite3_int64 row_id)
{
  for (guint i = 0; i < G_N_ELEMENTS (cached_tables); i++)
    if (strcmp (table, cached_tables[i]) == 0)
      {
        kd_db_drop_cached (data);
        return;
      }
}

static void
rollback_hook (gpointer data)
{
  kd_db_drop_cached (data);
}

/* A DELETE without WHERE would empty a table without calling the update
 * hook (SQLite's truncate optimization): not for the cached tables. */
static int
authorizer (gpointer    data,
            int         action,
            const char *arg1,
            const char *arg2,
            const char *database,
            const char *trigger)
{
  if (action == SQLITE_DELETE && arg1 != NULL)
    for (guint i = 0; i < G_N_ELEMENTS (cached_tables); i++)
      if (strcmp (arg1, cached_tables[i]) == 0)
        return SQLITE_IGNORE;   /* deletes row by row, each through the hook */
  return SQLITE_OK;
}

/* The one place each connection is configured. */
static gboolean
kd_db_configure (KdDb    *db,
                 GError **error)
{
  sqlite3_busy_timeout (db->handle, 10000);
  sqlite3_extended_result_codes (db->handle, TRUE);
  sqlite3_update_hook (db->handle, update_hook, db);
  sqlite3_rollback_hook (db->handle, rollback_hook, db);
  sqlite3_set_authorizer (db->handle, authorizer, db);

  /* case_search needs its tokenizer on every connection, readers included. */
  if (!kd_fts_register (db->handle, error))
    return FALSE;

  if (!kd_db_exec (db, "PRAGMA foreign_keys = ON", error) ||
      !kd_db_exec (db, "PRAGMA journal_mode = WAL", error))
    return FALSE;

  /* Each write job runs in a savepoint of its own, which copies every page
   * it changes to the statement journal first: in memory, not a temporary
   * file (tens of kilobytes of writes per report otherwise). */
  if (db->role == KD_DB_WRITER)
    return kd_db_exec (db, "PRAGMA synchronous = FULL", error) &&
           kd_db_exec (db, "PRAGMA temp_store = MEMORY", error);

  return kd_db_exec (db, "PRAGMA synchronous = NORMAL", error) &&
         kd_db_exec (db, "PRAGMA query_only = ON", error);
}

KdDb *
kd_db_open (const char *path,
            KdDbRole    role,
            GError    **error)
{
  g_autoptr(KdDb) db = NULL;
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
  int rc;

  g_return_val_if_fail (path != NULL, NULL);

  kd_db_init_library ();
  db = g_new0 (KdDb, 1);
  db->path = g_strdup (path);
  db->role = role;
  db->stmts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, finalize_stmt);
  db->cache = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, cached_free);

  rc = sqlite3_open_v2 (path, &db->handle, flags, NULL);
  if (rc != SQLITE_OK)
    {
      g_set_error (error, KD_DB_ERROR, KD_DB_ERROR_FAILED,
                   _("Could not open the database “%s”: %s"), path,
                   db->handle ? sqlite3_errmsg (db->handle) : sqlite3_errstr (rc));
      return NULL;
    }

  if (!kd_db_configure (db, error))
    return NULL;

  return g_steal_pointer (&db);
}

void
kd_db_close (KdDb *db)
{
  if (db == NULL)
    return;

  g_clear_pointer (&db->stmts, g_hash_table_unref);
  g_clear_pointer (&db->cache, g_hash_table_unref);
  if (db->handle != NULL)
    sqlite3_close (db->handle);
  g_free (db->path);
  g_free (db);
}

sqlite3 *
kd_db_get_handle (KdDb *db)
{
  return db->handle;
}

const char *
kd_db_get_path (KdDb *db)
{
  return db->path;
}

/* Returns a cached statement, reset and with its bindings cleared. */
sqlite3_stmt *
kd_db_prepare (KdDb       *db,
               const char *sql,
               GError    **error)
{
  sqlite3_stmt *stmt;
  int rc;

  stmt = g_hash_table_lookup (db->stmts, sql);
  if (stmt != NULL)
    {
      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
      return stmt;
    }

  rc = sqlite3_prepare_v3 (db->handle, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      kd_db_set_error (db, rc, "prepare", error);
      return NULL;
    }

  g_hash_table_insert (db->stmts, g_strdup (sql), stmt);
  return stmt;
}

static int
data_version (KdDb *db)
{
  int version = 0;

  sqlite3_file_control (db->handle, "main", SQLITE_FCNTL_DATA_VERSION, &version);
  return version;
}

/* A value derived from the cached tables (settings, holidays, sla_rules,
 * villages, categories), as kd_db_set_cached() left it under @name; NULL if
 * there is none, or if those tables may have changed since: a row of them
 * changed on this connection, a transaction was rolled back (who rolls back
 * to a savepoint calls kd_db_drop_cached()), or the file changed (a commit,
 * here or by another connection). Inside a transaction only, where SQLite
 * has looked for other connections' commits: outside one, always NULL. */
gpointer
kd_db_get_cached (KdDb       *db,
                  const char *name)
{
  Cached *c;

  if (sqlite3_get_autocommit (db->handle) || db->cache_version != data_version (db))
    kd_db_drop_cached (db);
  c = g_hash_table_lookup (db->cache, name);

  return c ? c->data : NULL;
}

/* Keeps @data (freed with @destroy when dropped) under @name; see
 * kd_db_get_cached(). Only for values read from the cached tables. */
void
kd_db_set_cached (KdDb           *db,
                  const char     *name,
                  gpointer        data,
                  GDestroyNotify  destroy)
{
  Cached *c = g_new0 (Cached, 1);

  if (db->cache_version != data_version (db))
    kd_db_drop_cached (db);
  db->cache_version = data_version (db);
  c->data = data;
  c->destroy = destroy;
  g_hash_table_replace (db->cache, g_strdup (name), c);
}

gboolean
kd_db_exec (KdDb       *db,
            const char *sql,
            GError    **error)
{
  char *errmsg = NULL;
  int rc;

  rc = sqlite3_exec (db->handle, sql, NULL, NULL, &errmsg);
  if (rc != SQLITE_OK)
    {
      g_set_error (error, KD_DB_ERROR,
                   (rc & 0xff) == SQLITE_BUSY ? KD_DB_ERROR_BUSY :
                   ((rc & 0xff) == SQLITE_CORRUPT || (rc & 0xff) == SQLITE_NOTADB) ?
                     KD_DB_ERROR_CORRUPT : KD_DB_ERROR_FAILED,
                   "%s", errmsg ? errmsg : sqlite3_errstr (rc));
      sqlite3_free (errmsg);
      return FALSE;
    }

  return TRUE;
}

/* Runs one statement without results, prepared once and cached: for the
 * BEGIN, SAVEPOINT and COMMIT that every write goes through. */
gboolean
kd_db_run (KdDb       *db,
           const char *sql,
           GError    **error)
{
  sqlite3_stmt *stmt = kd_db_prepare (db, sql, error);

  return stmt != NULL && kd_db_step_done (db, stmt, error);
}

gboolean
kd_db_step_done (KdDb         *db,
                 sqlite3_stmt *stmt,
                 GError      **error)
{
  int rc = sqlite3_step (stmt);

  if (rc != SQLITE_DONE && rc != SQLITE_ROW)
    {
      kd_db_set_error (db, rc, "step", error);
      sqlite3_reset (stmt);
      return FALSE;
    }

  sqlite3_reset (stmt);
  return TRUE;
}

gint64
kd_db_query_int (KdDb       *db,
                 const char *sql,
                 GError    **error)
{
  sqlite3_stmt *stmt = kd_db_prepare (db, sql, error);
  gint64 value = -1;
  int rc;

  if (stmt == NULL)
    return -1;

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    value = sqlite3_column_int64 (stmt, 0);
  else if (rc != SQLITE_DONE)
    kd_db_set_error (db, rc, "query", error);
  else
    g_set_error (error, KD_DB_ERROR, KD_DB_ERROR_NOT_FOUND, "no row");
  sqlite3_reset (stmt);

  return value;
}

int
kd_db_get_user_version (KdDb *db)
{
  return (int) kd_db_query_int (db, "PRAGMA user_version", NULL);
}

void
kd_db_bind_text (sqlite3_stmt *stmt,
                 int           index,
                 const char   *text)
{
  if (text == NULL)
    sqlite3_bind_null (stmt, index);
  else
    sqlite3_bind_text (stmt, index, text, -1, SQLITE_TRANSIENT);
}

/* Each step in its own BEGIN IMMEDIATE … PRAGMA user_version = N; COMMIT,
 * rolled back on failure, so a half-migrated file never exists. */
gboolean
kd_db_migrate (KdDb    *db,
               GError **error)
{
  int version = kd_db_get_user_version (db);

  if (version < 0)
    return kd_db_set_error (db, sqlite3_errcode (db->handle), "user_version", error);

  if (version > KD_DB_SCHEMA_VERSION)
    {
      g_set_error (error, KD_DB_ERROR, KD_DB_ERROR_TOO_NEW,
                   _("The database was made by a newer Kuiduo (schema %d; this version knows %d)."),
                   version, KD_DB_SCHEMA_VERSION);
      return FALSE;
    }

  for (int v = version + 1; v <= KD_DB_SCHEMA_VERSION; v++)
    {
      g_autofree char *sql = g_strdup_printf ("BEGIN IMMEDIATE;\n%s\nPRAGMA user_version = %d;\nCOMMIT;",
                                              kd_db_schema_steps[v - 1], v);
      g_autoptr(GError) local_error = NULL;

      if (!kd_db_exec (db, sql, &local_error))
        {
          kd_db_exec (db, "ROLLBACK", NULL);
          g_set_error (error, KD_DB_ERROR, KD_DB_ERROR_FAILED,
                       _("Could not upgrade the database to schema %d: %s"),
                       v, local_error->message);
          return FALSE;
        }
      g_debug ("Migrated %s to schema %d", db->path, v);
    }

  return TRUE;
}
