/* test-backup.c: backups, their checks, restore, the daily run, and
 * migrations from every schema version that has shipped. */
#include "config.h"

#include <glib/gstdio.h>

#include "kd-backup.h"
#include "kd-store.h"
#include "kd-test-util.h"
#include "kd-db-schema.h"

typedef struct
{
  char    *dir;
  char    *path;
  KdStore *store;
} Fixture;

/* A temporary folder and the path of a database in it, not yet created. */
static void
tmp_setup (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("kd-backup-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "live", "town.db", NULL);
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  tmp_setup (f, data);
  f->store = kd_store_open (f->path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (f->store);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_object (&f->store);
  while (g_main_context_iteration (NULL, FALSE))
    ;  /* change notifications still queued */
  kd_test_remove_tree (f->dir);
  g_assert_false (g_file_test (f->dir, G_FILE_TEST_EXISTS));
  g_free (f->path);
  g_free (f->dir);
}

static char *
tmp_path (Fixture    *f,
          const char *name)
{
  return g_build_filename (f->dir, name, NULL);
}

static gboolean
exists (const char *path,
        const char *suffix)
{
  g_autofree char *p = g_strconcat (path, suffix, NULL);

  return g_file_test (p, G_FILE_TEST_EXISTS);
}

/* ---- writing cases through the writer, as the app does ---- */

typedef struct
{
  guint n;
  guint padding;   /* bytes of description beyond the words */
} Batch;

static gpointer
insert_batch_job (KdDb      *db,
                  gpointer   data,
                  KdChanges *changes,
                  GError   **error)
{
  const Batch *b = data;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  for (guint i = 0; i < b->n; i++)
    {
      g_autoptr(KdReport) r = kd_report_new ();
      g_autoptr(KdCase) kase = NULL;
      g_autofree char *pad = g_strnfill (b->padding, 'x');

      r->village = g_strdup ("kuiduo");
      r->category = g_strdup (i % 2 ? "roads" : "water-power");
      r->description = g_strdup_printf ("第%u号：路面坍塌，请派人来看看 %s", i, pad);
      kase = kd_case_insert (db, r, now, changes, error);
      if (kase == NULL)
        return NULL;
    }

  return GINT_TO_POINTER (1);
}

static void
insert_cases (KdStore *store,
              guint    n,
              guint    padding)
{
  g_autoptr(GError) error = NULL;
  Batch b = { n, padding };

  g_assert_nonnull (kd_writer_run_sync (kd_store_get_writer (store), insert_batch_job, &b, NULL, &error));
  g_assert_no_error (error);
}

static gint64
live_count (Fixture *f)
{
  return kd_store_count_cases (kd_store_get_reader (f->store), -1);
}

/* ---- looking into files without changing them ---- */

static sqlite3 *
open_read_only (const char *path)
{
  sqlite3 *handle = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &handle, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  return handle;
}

static char *
file_query (const char *path,
            const char *sql)
{
  sqlite3 *handle = open_read_only (path);
  sqlite3_stmt *stmt = NULL;
  char *value;

  g_assert_cmpint (sqlite3_prepare_v2 (handle, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  sqlite3_close (handle);

  return value;
}

static gint64
file_query_int (const char *path,
                const char *sql)
{
  g_autofree char *text = file_query (path, sql);

  return g_ascii_strtoll (text, NULL, 10);
}

static void
assert_sound_backup (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *check = file_query (path, "PRAGMA integrity_check");
  g_autofree char *contents = NULL;
  gsize len;

  g_assert_cmpstr (check, ==, "ok");
  g_assert_cmpint (file_query_int (path, "PRAGMA user_version"), ==, KD_DB_SCHEMA_VERSION);
  g_assert_true (kd_backup_check (path, &error));
  g_assert_no_error (error);

  /* One self-contained file: rollback-journal format in the header, nothing beside it. */
  g_assert_true (g_file_get_contents (path, &contents, &len, NULL));
  g_assert_cmpuint (len, >=, 100);
  g_assert_cmpint (contents[18], ==, 1);
  g_assert_cmpint (contents[19], ==, 1);
  g_assert_false (exists (path, ".part"));
  g_assert_false (exists (path, "-wal"));
  g_assert_false (exists (path, "-journal"));
}

static guint
page_size_of (const char *contents)
{
  guint size = ((guchar) contents[16] << 8) | (guchar) contents[17];

  return size == 1 ? 65536 : size;
}

/* Writes random bytes over the whole page @pgno (1-based) of the file. */
static void
smash_page (const char *path,
            guint       pgno)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize len;
  guint page_size;

  g_assert_true (g_file_get_contents (path, &contents, &len, &error));
  page_size = page_size_of (contents);
  g_assert_cmpuint (pgno, >=, 2);
  g_assert_cmpuint ((gsize) pgno * page_size, <=, len);

  for (guint i = 0; i < page_size; i++)
    contents[(gsize) (pgno - 1) * page_size + i] = (char) g_test_rand_int_range (0, 256);

  g_assert_true (g_file_set_contents (path, contents, len, &error));
}

static void
copy_file (const char *from,
           const char *to)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize len;

  g_assert_true (g_file_get_contents (from, &contents, &len, &error));
  g_assert_true (g_file_set_contents (to, contents, len, &error));
  g_assert_no_error (error);
}

static gboolean
same_bytes (const char *a,
            const char *b)
{
  g_autofree char *ca = NULL;
  g_autofree char *cb = NULL;
  gsize la, lb;

  g_assert_true (g_file_get_contents (a, &ca, &la, NULL));
  g_assert_true (g_file_get_contents (b, &cb, &lb, NULL));
  return la == lb && memcmp (ca, cb, la) == 0;
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(char * const *) a, *(char * const *) b);
}

/* The names in @dir, sorted, joined by spaces. */
static char *
dir_listing (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  while (d && (name = g_dir_read_name (d)))
    g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);
  g_ptr_array_add (names, NULL);

  return g_strjoinv (" ", (char **) names->pdata);
}

/* ---- (1) a backup of a store with cases ---- */

static void
test_create (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dest = g_build_filename (f->dir, "backups", "nested", "copy.db", NULL);
  g_autofree char *junk_dest = tmp_path (f, "old-copy.db");

  insert_cases (f->store, 50, 40);
  g_assert_cmpint (live_count (f), ==, 50);
  g_assert_true (exists (f->path, "-wal"));   /* some of it is only in the WAL */

  g_assert_true (kd_backup_create (f->path, dest, &error));
  g_assert_no_error (error);
  assert_sound_backup (dest);
  g_assert_cmpint (file_query_int (dest, "SELECT count(*) FROM cases"), ==, 50);
  g_assert_cmpint (file_query_int (dest, "SELECT count(*) FROM case_events"), ==, 50);

  /* The store goes on writing as before. */
  insert_cases (f->store, 1, 0);
  g_assert_cmpint (live_count (f), ==, 51);
  g_assert_cmpint (file_query_int (dest, "SELECT count(*) FROM cases"), ==, 50);

  /* An older file at the destination is replaced whole. */
  g_assert_true (g_file_set_contents (junk_dest, "not a database", -1, NULL));
  g_assert_true (kd_backup_create (f->path, junk_dest, &error));
  g_assert_no_error (error);
  assert_sound_backup (junk_dest);
  g_assert_cmpint (file_query_int (junk_dest, "SELECT count(*) FROM cases"), ==, 51);
}

static void
test_create_refused (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *missing = tmp_path (f, "missing.db");
  g_autofree char *blocker = tmp_path (f, "a-file");
  g_autofree char *under_file = g_build_filename (blocker, "copy.db", NULL);
  g_autofree char *dest = tmp_path (f, "copy.db");

  g_assert_false (kd_backup_create (missing, dest, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (exists (dest, ""));
  g_assert_false (exists (missing, ""));

  /* The destination folder cannot be made: a file is in the way. */
  g_assert_true (g_file_set_contents (blocker, "x", -1, NULL));
  g_assert_false (kd_backup_create (f->path, under_file, &error));
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, blocker));
  g_clear_error (&error);

  /* Never over the live database itself. */
  g_assert_false (kd_backup_create (f->path, f->path, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_assert_cmpint (live_count (f), ==, 0);
}

typedef struct
{
  gboolean  done;
  gboolean  ok;
  GError   *error;
} AsyncState;

static void
on_backup_done (GObject      *source,
                GAsyncResult *result,
                gpointer      data)
{
  AsyncState *st = data;

  st->ok = kd_backup_create_finish (result, &st->error);
  st->done = TRUE;
}

static void
run_async_backup (Fixture      *f,
                  const char   *dest,
                  GCancellable *cancellable,
                  AsyncState   *st)
{
  kd_backup_create_async (f->path, dest, cancellable, on_backup_done, st);
  while (!st->done)
    g_main_context_iteration (NULL, TRUE);
}

static void
test_create_async (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *dest = g_build_filename (f->dir, "backups", "async.db", NULL);
  g_autofree char *cancelled_dest = g_build_filename (f->dir, "backups", "cancelled.db", NULL);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  AsyncState st = { FALSE, FALSE, NULL };
  AsyncState cst = { FALSE, FALSE, NULL };

  insert_cases (f->store, 30, 0);
  run_async_backup (f, dest, NULL, &st);
  g_assert_no_error (st.error);
  g_assert_true (st.ok);
  assert_sound_backup (dest);
  g_assert_cmpint (file_query_int (dest, "SELECT count(*) FROM cases"), ==, 30);

  g_cancellable_cancel (cancellable);
  run_async_backup (f, cancelled_dest, cancellable, &cst);
  g_assert_false (cst.ok);
  g_assert_error (cst.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&cst.error);
  g_assert_false (exists (cancelled_dest, ""));
  g_assert_false (exists (cancelled_dest, ".part"));
}

/* ---- (2) a backup while another thread keeps writing ---- */

typedef struct
{
  KdStore *store;
  gint     stop;
  gint     done;
} Inserter;

static gpointer
inserter_thread (gpointer data)
{
  Inserter *in = data;

  while (!g_atomic_int_get (&in->stop))
    {
      insert_cases (in->store, 1, 200);
      g_atomic_int_inc (&in->done);
    }

  return NULL;
}

static void
wait_for_inserts (Inserter *in,
                  gint      n)
{
  while (g_atomic_int_get (&in->done) < n)
    g_usleep (1000);
}

static void
test_concurrent (Fixture       *f,
                 gconstpointer  data)
{
  const gint64 base = 3000;
  Inserter in = { f->store, 0, 0 };
  GThread *thread;

  insert_cases (f->store, base, 600);   /* a few MB: the copy takes many steps */
  thread = g_thread_new ("inserter", inserter_thread, &in);
  wait_for_inserts (&in, 3);

  for (guint round = 0; round < 3; round++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *name = g_strdup_printf ("during-%u.db", round);
      g_autofree char *dest = tmp_path (f, name);
      gint before = g_atomic_int_get (&in.done);
      gint after;
      gint64 n;

      g_assert_true (kd_backup_create (f->path, dest, &error));
      g_assert_no_error (error);
      after = g_atomic_int_get (&in.done);
      g_test_message ("round %u: %d cases written during the backup", round, after - before);

      /* A snapshot between the start and the end of the backup, whole. */
      assert_sound_backup (dest);
      n = file_query_int (dest, "SELECT count(*) FROM cases");
      g_assert_cmpint (n, >=, base + before);
      g_assert_cmpint (n, <=, base + after + 1);
      g_assert_cmpint (file_query_int (dest, "SELECT count(*) FROM cases c WHERE NOT EXISTS "
                                             "(SELECT 1 FROM case_events e WHERE e.case_id = c.id)"), ==, 0);
      g_assert_cmpint (file_query_int (dest, "SELECT count(*) FROM case_events"), ==, n);
      wait_for_inserts (&in, after + 2);
    }

  g_atomic_int_set (&in.stop, 1);
  g_thread_join (thread);

  for (guint round = 0; round < 3; round++)
    {
      g_autofree char *name = g_strdup_printf ("during-%u.db", round);
      g_autofree char *dest = tmp_path (f, name);

      g_assert_cmpint (file_query_int (dest, "SELECT count(*) FROM cases"), <=, live_count (f));
    }
  g_assert_cmpint (live_count (f), ==, base + in.done);
}

/* ---- (3) damaged files are refused ---- */

/* A closed copy of the store with @n cases, every page of it in a b-tree. */
static char *
make_good_copy (Fixture    *f,
                guint       n,
                const char *name)
{
  g_autoptr(GError) error = NULL;
  char *good = tmp_path (f, name);

  insert_cases (f->store, n, 100);   /* no overflow pages */
  g_assert_true (kd_backup_create (f->path, good, &error));
  g_assert_no_error (error);

  /* The search index leaves free pages behind; VACUUM packs them so that
   * every page of the copy is a b-tree page. */
  {
    sqlite3 *db = NULL;
    g_assert_cmpint (sqlite3_open (good, &db), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_exec (db, "VACUUM", NULL, NULL, NULL), ==, SQLITE_OK);
    sqlite3_close (db);
  }

  g_assert_cmpint (file_query_int (good, "PRAGMA freelist_count"), ==, 0);
  g_assert_cmpint (file_query_int (good, "PRAGMA auto_vacuum"), ==, 0);
  return good;
}

static void
assert_refused (const char *path,
                int         code)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (kd_backup_check (path, &error));
  g_assert_error (error, KD_DB_ERROR, code);
  g_assert_nonnull (strstr (error->message, path));
}

static void
assert_quick_check_corrupt (const char *path)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (kd_db_file_quick_check (path, &error));
  g_assert_error (error, KD_DB_ERROR, KD_DB_ERROR_CORRUPT);
  g_assert_nonnull (strstr (error->message, path));
  g_assert_nonnull (strstr (error->message, "backup"));   /* says what to do */
}

static void
test_check_damaged (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *good = make_good_copy (f, 400, "good.db");
  g_autofree char *middle = tmp_path (f, "middle.db");
  g_autofree char *root = tmp_path (f, "root.db");
  g_autofree char *text = tmp_path (f, "villages.txt");
  g_autofree char *missing = tmp_path (f, "missing.db");
  g_autofree char *dest = tmp_path (f, "from-damaged.db");
  g_autoptr(GString) words = g_string_new (NULL);

  g_assert_cmpint (file_query_int (good, "PRAGMA page_count"), >, 20);
  g_assert_true (kd_backup_check (good, &error));
  g_assert_true (kd_db_file_quick_check (good, &error));
  g_assert_true (kd_db_file_quick_check (f->path, &error));   /* live, open */
  g_assert_true (kd_db_file_quick_check (missing, &error));
  g_assert_no_error (error);

  /* A page in the middle (every page is in use), and the root of the cases table. */
  copy_file (good, middle);
  smash_page (middle, file_query_int (good, "PRAGMA page_count") / 2 + 1);
  copy_file (good, root);
  smash_page (root, file_query_int (good, "SELECT rootpage FROM sqlite_schema WHERE name = 'cases'"));
  for (guint i = 0; i < 300; i++)
    g_string_append (words, "魁多村, 一组, 汤万高, 138 0000 0000\n");
  g_assert_true (g_file_set_contents (text, words->str, words->len, NULL));

  assert_refused (middle, KD_DB_ERROR_CORRUPT);
  assert_refused (root, KD_DB_ERROR_CORRUPT);
  assert_refused (text, KD_DB_ERROR_CORRUPT);
  assert_quick_check_corrupt (middle);
  assert_quick_check_corrupt (root);
  assert_quick_check_corrupt (text);

  g_assert_false (kd_backup_check (missing, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* No backup is made of a damaged database, and nothing is left behind. */
  g_assert_false (kd_backup_create (middle, dest, &error));
  g_assert_error (error, KD_DB_ERROR, KD_DB_ERROR_CORRUPT);
  g_assert_false (exists (dest, ""));
  g_assert_false (exists (dest, ".part"));
  g_assert_false (exists (dest, ".part-journal"));
}

static void
test_check_foreign (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *good = make_good_copy (f, 10, "good.db");
  g_autofree char *newer = tmp_path (f, "newer.db");
  g_autofree char *other = tmp_path (f, "other.db");
  g_autofree char *sql = g_strdup_printf ("PRAGMA user_version = %d", KD_DB_SCHEMA_VERSION + 1);
  sqlite3 *handle = NULL;

  copy_file (good, newer);
  g_assert_cmpint (sqlite3_open (newer, &handle), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (handle, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (handle);
  assert_refused (newer, KD_DB_ERROR_TOO_NEW);
  g_assert_true (kd_db_file_quick_check (newer, NULL));   /* sound, only newer */

  /* A sound SQLite file that is not ours (user_version 0). */
  g_assert_cmpint (sqlite3_open (other, &handle), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (handle, "CREATE TABLE t (x)", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (handle);
  assert_refused (other, KD_DB_ERROR_CORRUPT);
}

/* ---- (4) restore ---- */

/* The one file in @dir whose name starts with @prefix, not its -wal etc. */
static char *
find_aside (const char *dir,
            const char *prefix)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;
  char *found = NULL;

  while (d && (name = g_dir_read_name (d)))
    if (g_str_has_prefix (name, prefix) && !g_str_has_suffix (name, "-wal") &&
        !g_str_has_suffix (name, "-shm") && !g_str_has_suffix (name, "-journal"))
      {
        g_assert_null (found);
        found = g_build_filename (dir, name, NULL);
      }

  return found;
}

static void
test_restore (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *backup = g_build_filename (f->dir, "backups", "kuiduo-20240301-093000.db", NULL);
  g_autofree char *damaged = tmp_path (f, "damaged-copy.db");
  g_autofree char *live_dir = g_path_get_dirname (f->path);
  g_autofree char *wal = g_strconcat (f->path, "-wal", NULL);
  g_autofree char *aside = NULL;
  g_autofree char *aside_wal = NULL;
  g_autofree char *wal_kept = NULL;
  g_autoptr(KdStore) again = NULL;

  insert_cases (f->store, 20, 0);
  g_assert_true (kd_backup_create (f->path, backup, &error));
  g_assert_no_error (error);
  insert_cases (f->store, 5, 0);   /* lost by the restore: after the backup */
  g_clear_object (&f->store);

  smash_page (f->path, file_query_int (backup, "SELECT rootpage FROM sqlite_schema WHERE name = 'cases'"));
  assert_quick_check_corrupt (f->path);
  copy_file (f->path, damaged);
  g_assert_true (g_file_set_contents (wal, "a stale WAL", -1, NULL));

  g_assert_true (kd_backup_restore (backup, f->path, &error));
  g_assert_no_error (error);

  /* The damaged file and its WAL are kept aside, byte for byte. */
  aside = find_aside (live_dir, "town.db.before-restore-");
  g_assert_nonnull (aside);
  g_assert_true (same_bytes (aside, damaged));
  aside_wal = g_strconcat (aside, "-wal", NULL);
  g_assert_true (g_file_get_contents (aside_wal, &wal_kept, NULL, NULL));
  g_assert_cmpstr (wal_kept, ==, "a stale WAL");
  g_assert_false (exists (f->path, "-wal"));
  g_assert_false (exists (f->path, ".restore.part"));

  g_assert_true (kd_db_file_quick_check (f->path, &error));
  again = kd_store_open (f->path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (kd_db_get_user_version (kd_store_get_reader (again)), ==, KD_DB_SCHEMA_VERSION);
  g_assert_cmpint (kd_store_count_cases (kd_store_get_reader (again), -1), ==, 20);
  g_assert_true (kd_backup_check (backup, NULL));   /* the backup itself is untouched */
}

static void
test_restore_refused (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *backup = make_good_copy (f, 20, "backup.db");
  g_autofree char *bad = tmp_path (f, "bad-backup.db");
  g_autofree char *before = tmp_path (f, "live-before.db");
  g_autofree char *live_dir = g_path_get_dirname (f->path);
  g_autofree char *listing = NULL;
  g_autofree char *listing_after = NULL;

  insert_cases (f->store, 3, 0);
  g_clear_object (&f->store);
  copy_file (f->path, before);
  listing = dir_listing (live_dir);

  copy_file (backup, bad);
  smash_page (bad, file_query_int (backup, "PRAGMA page_count") / 2 + 1);
  g_assert_false (kd_backup_restore (bad, f->path, &error));
  g_assert_error (error, KD_DB_ERROR, KD_DB_ERROR_CORRUPT);
  g_assert_nonnull (strstr (error->message, bad));
  g_clear_error (&error);

  /* Nothing changed: the same bytes, the same files. */
  g_assert_true (same_bytes (before, f->path));
  listing_after = dir_listing (live_dir);
  g_assert_cmpstr (listing_after, ==, listing);
  g_assert_cmpint (file_query_int (f->path, "SELECT count(*) FROM cases"), ==, 23);
}

static void
test_restore_fresh (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *backup = make_good_copy (f, 7, "backup.db");
  g_autofree char *fresh = g_build_filename (f->dir, "new", "place", "town.db", NULL);
  g_autofree char *fresh_dir = g_path_get_dirname (fresh);
  g_autofree char *listing = NULL;

  g_assert_true (kd_backup_restore (backup, fresh, &error));
  g_assert_no_error (error);
  listing = dir_listing (fresh_dir);
  g_assert_cmpstr (listing, ==, "town.db");   /* nothing was there to set aside */
  g_assert_cmpint (file_query_int (fresh, "SELECT count(*) FROM cases"), ==, 7);
}

/* ---- (5) the daily run ---- */

static gint64
local_unix (int year, int month, int day, int hour, int minute)
{
  g_autoptr(GDateTime) dt = g_date_time_new_local (year, month, day, hour, minute, 0);

  return g_date_time_to_unix (dt);
}

static char *
run_daily (Fixture    *f,
           const char *dir,
           guint       keep,
           gint64      now)
{
  g_autoptr(GError) error = NULL;
  char *path = kd_backup_run_daily (f->path, dir, keep, now, &error);

  g_assert_no_error (error);
  return path;
}

static guint
n_backups (const char *dir)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = kd_backup_list (dir, &error);

  g_assert_no_error (error);
  return list->len;
}

static void
test_daily (Fixture       *f,
            gconstpointer  data)
{
  g_autofree char *dir = tmp_path (f, "backups");
  g_autofree char *notes = g_build_filename (dir, "notes.txt", NULL);
  g_autofree char *odd = g_build_filename (dir, "kuiduo-20241399-000000.db", NULL);
  const gint64 t = local_unix (2024, 3, 1, 9, 30);
  g_autofree char *first = NULL;
  g_autofree char *none = NULL;
  g_autofree char *second = NULL;
  g_autofree char *name = NULL;
  g_autoptr(GPtrArray) list = NULL;

  insert_cases (f->store, 5, 0);
  g_assert_cmpuint (n_backups (dir), ==, 0);   /* no folder yet: no backups */

  first = run_daily (f, dir, 7, t);
  g_assert_nonnull (first);
  name = g_path_get_basename (first);
  g_assert_cmpstr (name, ==, "kuiduo-20240301-093000.db");
  assert_sound_backup (first);
  g_assert_cmpint (file_query_int (first, "SELECT count(*) FROM cases"), ==, 5);

  g_assert_true (g_file_set_contents (notes, "x", -1, NULL));
  g_assert_true (g_file_set_contents (odd, "x", -1, NULL));
  none = run_daily (f, dir, 7, t + 3600);
  g_assert_null (none);
  g_assert_cmpuint (n_backups (dir), ==, 1);

  second = run_daily (f, dir, 7, t + 25 * 3600);
  g_assert_nonnull (second);
  g_clear_pointer (&name, g_free);
  name = g_path_get_basename (second);
  g_assert_cmpstr (name, ==, "kuiduo-20240302-103000.db");

  list = kd_backup_list (dir, NULL);
  g_assert_cmpuint (list->len, ==, 2);
  g_assert_cmpstr (list->pdata[0], ==, second);   /* newest first */
  g_assert_cmpstr (list->pdata[1], ==, first);
  g_assert_true (exists (notes, ""));
  g_assert_true (exists (odd, ""));
}

static void
test_daily_keep (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *dir = tmp_path (f, "backups");
  g_autofree char *notes = g_build_filename (dir, "notes.txt", NULL);
  g_autoptr(GPtrArray) list = NULL;
  char *made[5];
  const gint64 t = local_unix (2024, 6, 1, 20, 0);

  insert_cases (f->store, 2, 0);
  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_assert_true (g_file_set_contents (notes, "x", -1, NULL));

  for (guint i = 0; i < G_N_ELEMENTS (made); i++)
    {
      made[i] = run_daily (f, dir, 3, t + i * 25 * 3600);
      g_assert_nonnull (made[i]);
    }

  list = kd_backup_list (dir, NULL);
  g_assert_cmpuint (list->len, ==, 3);
  for (guint i = 0; i < 3; i++)
    g_assert_cmpstr (list->pdata[i], ==, made[4 - i]);
  g_assert_false (exists (made[0], ""));
  g_assert_false (exists (made[1], ""));
  g_assert_true (exists (notes, ""));

  for (guint i = 0; i < G_N_ELEMENTS (made); i++)
    g_free (made[i]);
}

static void
test_daily_failure (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = tmp_path (f, "backups");
  g_autofree char *missing = tmp_path (f, "missing.db");
  g_autofree char *made = kd_backup_run_daily (missing, dir, 3, local_unix (2024, 3, 1, 9, 30), &error);

  g_assert_null (made);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_assert_cmpuint (n_backups (dir), ==, 0);
}

/* ---- (6) migrations from each shipped schema version ---- */

typedef struct
{
  char   *table;
  gint64  rowid;
  gint64  count;
} Sample;

static void
sample_free (gpointer data)
{
  Sample *s = data;

  g_free (s->table);
  g_free (s);
}

/* The database exactly as schema @version left it; version 0 is an empty file. */
static void
build_at_version (const char *path,
                  int         version)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KdDb) db = NULL;
  g_autofree char *dir = g_path_get_dirname (path);

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_assert_true (g_file_set_contents (path, "", 0, &error));
  if (version == 0)
    return;

  db = kd_db_open (path, KD_DB_WRITER, &error);
  g_assert_no_error (error);
  for (int v = 1; v <= version; v++)
    {
      g_autofree char *sql = g_strdup_printf ("BEGIN IMMEDIATE;\n%s\nPRAGMA user_version = %d;\nCOMMIT;",
                                              kd_db_schema_steps[v - 1], v);
      g_assert_true (kd_db_exec (db, sql, &error));
      g_assert_no_error (error);
    }
  g_assert_cmpint (kd_db_get_user_version (db), ==, version);
}

static char *
quoted (const char *name)
{
  g_autoptr(GString) s = g_string_new ("\"");

  for (const char *p = name; *p; p++)
    g_string_append_printf (s, *p == '"' ? "\"\"" : "%c", *p);
  g_string_append_c (s, '"');
  return g_string_free (g_steal_pointer (&s), FALSE);
}

/* The parent a column refers to, as an SQL value: its newest row. */
static char *
reference_value (sqlite3    *h,
                 const char *table,
                 const char *column)
{
  g_autofree char *sql = g_strdup_printf ("PRAGMA foreign_key_list(%s)", table);
  sqlite3_stmt *stmt = NULL;
  char *value = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (h, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  while (value == NULL && sqlite3_step (stmt) == SQLITE_ROW)
    if (g_strcmp0 ((const char *) sqlite3_column_text (stmt, 3), column) == 0)
      {
        const char *to = (const char *) sqlite3_column_text (stmt, 4);
        g_autofree char *parent = quoted ((const char *) sqlite3_column_text (stmt, 2));
        g_autofree char *key = to ? quoted (to) : g_strdup ("rowid");

        value = g_strdup_printf ("(SELECT %s FROM %s ORDER BY rowid DESC LIMIT 1)", key, parent);
      }
  sqlite3_finalize (stmt);

  return value;
}

/* Tables whose constraints a made-up value cannot meet. */
static const struct { const char *table; const char *sql; } sample_by_hand[] = {
  { "attendance", "INSERT INTO attendance (cadre_id, at, kind, address)"
                  " VALUES ((SELECT id FROM cadres ORDER BY rowid DESC LIMIT 1), 1, 'in', '10.0.0.2')" },
  { "sla_rules",  "INSERT INTO sla_rules VALUES (9, 0, 1, 1, 1)" },
  { "cadres",     "INSERT INTO cadres (username, display_name, role, village_id, password_hash, created_at)"
                  " VALUES ('kd-migrate', 'kd-migrate', 'village_secretary',"
                  " (SELECT id FROM villages ORDER BY rowid DESC LIMIT 1), 'x', 1)" },
};

/* INSERT of one row with a value in every column but an INTEGER PRIMARY KEY. */
static char *
sample_insert_sql (sqlite3    *h,
                   const char *name)
{
  g_autofree char *table = quoted (name);
  g_autofree char *sql = g_strdup_printf ("SELECT name, upper(type), pk, (SELECT count(*) FROM "
                                          "pragma_table_info(?1) WHERE pk > 0) FROM pragma_table_info(?1)");
  g_autoptr(GString) cols = g_string_new (NULL);
  g_autoptr(GString) vals = g_string_new (NULL);
  sqlite3_stmt *stmt = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (sample_by_hand); i++)
    if (g_str_equal (name, sample_by_hand[i].table))
      return g_strdup (sample_by_hand[i].sql);

  g_assert_cmpint (sqlite3_prepare_v2 (h, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, name, -1, SQLITE_TRANSIENT);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      const char *col = (const char *) sqlite3_column_text (stmt, 0);
      const char *type = (const char *) sqlite3_column_text (stmt, 1);
      g_autofree char *qcol = quoted (col);
      g_autofree char *value = reference_value (h, table, col);

      if (g_str_equal (type, "INTEGER") && sqlite3_column_int (stmt, 2) == 1 && sqlite3_column_int (stmt, 3) == 1)
        continue;   /* the rowid */
      if (value == NULL)
        value = strstr (type, "INT") ? g_strdup ("1")
              : (strstr (type, "REAL") || strstr (type, "FLOA") || strstr (type, "DOUB")) ? g_strdup ("1.5")
              : strstr (type, "BLOB") ? g_strdup ("x'6b64'")
              : g_strdup_printf ("'kd-migrate %s.%s'", name, col);
      g_string_append_printf (cols, "%s%s", cols->len ? ", " : "", qcol);
      g_string_append_printf (vals, "%s%s", vals->len ? ", " : "", value);
    }
  sqlite3_finalize (stmt);

  if (cols->len == 0)   /* only the rowid */
    return g_strdup_printf ("INSERT INTO %s DEFAULT VALUES", table);
  return g_strdup_printf ("INSERT INTO %s (%s) VALUES (%s)", table, cols->str, vals->str);
}

static gint64
table_count (sqlite3    *h,
             const char *name)
{
  g_autofree char *table = quoted (name);
  g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM %s", table);
  sqlite3_stmt *stmt = NULL;
  gint64 n;

  g_assert_cmpint (sqlite3_prepare_v2 (h, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return n;
}

/* One row in every table; parents before children, found by trying again. */
static GPtrArray *
insert_samples (KdDb *db)
{
  sqlite3 *h = kd_db_get_handle (db);
  g_autoptr(GPtrArray) pending = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) samples = g_ptr_array_new_with_free_func (sample_free);
  g_autofree char *last_error = NULL;
  sqlite3_stmt *stmt = NULL;

  /* Not the full-text index and its shadow tables: the triggers fill them.
   * Nor its queue, which the triggers fill too and the store's writer
   * empties whenever it likes, also while the samples are checked. */
  g_assert_cmpint (sqlite3_prepare_v2 (h, "SELECT name FROM sqlite_schema WHERE type = 'table' AND "
                                          "name NOT LIKE 'sqlite_%' AND sql NOT LIKE 'CREATE VIRTUAL TABLE%' AND "
                                          "name != 'case_search_pending' AND "
                                          "name NOT IN (SELECT v.name || s.column1 FROM sqlite_schema v, (VALUES ('_data'), "
                                          "('_idx'), ('_content'), ('_docsize'), ('_config')) s "
                                          "WHERE v.sql LIKE 'CREATE VIRTUAL TABLE%') ORDER BY name", -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (pending, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
  sqlite3_finalize (stmt);

  for (guint pass = 0; pending->len > 0 && pass <= samples->len + pending->len; pass++)
    for (guint i = 0; i < pending->len; )
      {
        g_autofree char *sql = sample_insert_sql (h, pending->pdata[i]);

        if (sqlite3_exec (h, sql, NULL, NULL, NULL) != SQLITE_OK)
          {
            g_free (last_error);
            last_error = g_strdup_printf ("%s: %s", sql, sqlite3_errmsg (h));
            i++;
            continue;
          }
        {
          Sample *s = g_new0 (Sample, 1);
          s->table = g_strdup (pending->pdata[i]);
          s->rowid = sqlite3_last_insert_rowid (h);
          s->count = table_count (h, s->table);
          g_ptr_array_add (samples, s);
          g_ptr_array_remove_index (pending, i);
        }
      }

  if (pending->len > 0)
    g_error ("No representative row could be made for %s (%s); give the table a sample "
             "row by hand in this test", (char *) pending->pdata[0], last_error);
  return g_steal_pointer (&samples);
}

static char *
schema_of (KdDb *db)
{
  sqlite3 *h = kd_db_get_handle (db);
  g_autoptr(GString) s = g_string_new (NULL);
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (h, "SELECT type, name, tbl_name, sql FROM sqlite_schema "
                                          "ORDER BY type, name", -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    for (int c = 0; c < 4; c++)
      {
        const char *text = (const char *) sqlite3_column_text (stmt, c);
        g_string_append_printf (s, "%s%c", text ? text : "", c == 3 ? '\n' : '|');
      }
  sqlite3_finalize (stmt);

  return g_string_free (g_steal_pointer (&s), FALSE);
}

static void
assert_sample_kept (KdDb         *db,
                    const Sample *s)
{
  g_autofree char *table = quoted (s->table);
  g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM %s WHERE rowid = %" G_GINT64_FORMAT,
                                          table, s->rowid);
  g_autofree char *wr_sql = g_strdup_printf ("SELECT wr FROM pragma_table_list WHERE name = '%s'", s->table);
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (table_count (kd_db_get_handle (db), s->table), >=, s->count);
  if (kd_db_query_int (db, wr_sql, NULL) == 1)
    return;   /* WITHOUT ROWID: its count is what can be checked */
  g_assert_cmpint (kd_db_query_int (db, sql, &error), ==, 1);
  g_assert_no_error (error);
}

static void
test_migrate_from (Fixture       *f,
                   gconstpointer  data)
{
  int version = GPOINTER_TO_INT (data);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) samples = NULL;
  g_autoptr(KdStore) fresh = NULL;
  g_autofree char *fresh_path = tmp_path (f, "fresh.db");
  g_autofree char *expected = NULL;
  g_autofree char *schema = NULL;

  build_at_version (f->path, version);
  if (version > 0)
    {
      g_autoptr(KdDb) db = kd_db_open (f->path, KD_DB_WRITER, &error);

      g_assert_no_error (error);
      samples = insert_samples (db);
      g_assert_cmpuint (samples->len, >, 0);
    }

  f->store = kd_store_open (f->path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (f->store);
  g_assert_cmpint (kd_db_get_user_version (kd_store_get_reader (f->store)), ==, KD_DB_SCHEMA_VERSION);
  for (guint i = 0; samples != NULL && i < samples->len; i++)
    assert_sample_kept (kd_store_get_reader (f->store), samples->pdata[i]);

  /* Every step ran: the same tables and indexes as a database made today. */
  fresh = kd_store_open (fresh_path, &error);
  g_assert_no_error (error);
  expected = schema_of (kd_store_get_reader (fresh));
  schema = schema_of (kd_store_get_reader (f->store));
  g_assert_cmpstr (schema, ==, expected);
}

int
main (int   argc,
      char *argv[])
{
  /* Backup names are in local time; pin it so the expected names hold. */
  g_setenv ("TZ", "Asia/Shanghai", TRUE);
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/kd/backup/create", Fixture, NULL, fixture_setup, test_create, fixture_teardown);
  g_test_add ("/kd/backup/create/refused", Fixture, NULL, fixture_setup, test_create_refused, fixture_teardown);
  g_test_add ("/kd/backup/create/async", Fixture, NULL, fixture_setup, test_create_async, fixture_teardown);
  g_test_add ("/kd/backup/create/concurrent", Fixture, NULL, fixture_setup, test_concurrent, fixture_teardown);
  g_test_add ("/kd/backup/check/damaged", Fixture, NULL, fixture_setup, test_check_damaged, fixture_teardown);
  g_test_add ("/kd/backup/check/foreign", Fixture, NULL, fixture_setup, test_check_foreign, fixture_teardown);
  g_test_add ("/kd/backup/restore", Fixture, NULL, fixture_setup, test_restore, fixture_teardown);
  g_test_add ("/kd/backup/restore/refused", Fixture, NULL, fixture_setup, test_restore_refused, fixture_teardown);
  g_test_add ("/kd/backup/restore/fresh", Fixture, NULL, fixture_setup, test_restore_fresh, fixture_teardown);
  g_test_add ("/kd/backup/daily", Fixture, NULL, fixture_setup, test_daily, fixture_teardown);
  g_test_add ("/kd/backup/daily/keep", Fixture, NULL, fixture_setup, test_daily_keep, fixture_teardown);
  g_test_add ("/kd/backup/daily/failure", Fixture, NULL, tmp_setup, test_daily_failure, fixture_teardown);

  for (int v = 0; v < KD_DB_SCHEMA_VERSION; v++)
    {
      g_autofree char *path = g_strdup_printf ("/kd/backup/migrate/from-%d", v);

      g_test_add (path, Fixture, GINT_TO_POINTER (v), tmp_setup, test_migrate_from, fixture_teardown);
    }

  return g_test_run ();
}
