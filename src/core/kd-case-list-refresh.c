/* kd-case-list-refresh.c: KdCaseList after the store changed.
 *
 * A full refresh counts the rows again and drops every cached page. While
 * phones report, a refresh mostly only brings new cases, which the default
 * order (newest first) puts on top: a quick refresh counts the cases newer
 * than those it knows and moves the start of the pages up by as many rows
 * (kd-case-list.c), so the rows below keep their pages and the new ones are
 * read only when a view asks for them. No count(*) over the whole table, no
 * page read again, and the views find their rows where they expect them.
 *
 * The rows kept must read the same in the new snapshot: so only when no
 * change came for an older case, no filter depends on the clock (overdue),
 * there is no search (relevance) and every new case sorts above every older
 * one (created_at is a clock, which may have gone back). Otherwise, full.
 *
 * Snapshots. Cached pages and the count agree only when read in one
 * snapshot of the database. A refresh holds a read transaction on the
 * reader while it counts and while the views read rows in answer to its
 * items-changed; pages read then carry its stamp (the newest case id in
 * it), and only those are kept. Pages read later (scrolling) carry none and
 * go at the next refresh, as all pages did before.
 *
 * Late notifications. A change is announced after its commit, so a
 * snapshot may hold cases whose notification comes after the refresh: they
 * are newer than the newest case a notification had named. Those are the
 * list's "recent" rows, its first n_recent, read again by the next quick
 * refresh, so that their notifications change nothing. */
#define G_LOG_DOMAIN "kd-case-list"

#include "config.h"

#include "kd-case-list-private.h"

#define REFRESH_DELAY_MS 100

static gint64
newest_id (KdCaseList *self)
{
  return MAX (0, kd_db_query_int (self->db, "SELECT coalesce (max (id), 0) FROM cases", NULL));
}

/* TRUE when every case newer than @from sorts above every older one in the
 * default order: none was created before the newest older one. */
static gboolean
newer_on_top (KdCaseList *self,
              gint64      from)
{
  /* "+id": read down cases_by_created, not every older row by id. */
  sqlite3_stmt *newest_old = kd_db_prepare (self->db, "SELECT created_at FROM cases WHERE +id <= ?1"
                                                      " ORDER BY created_at DESC LIMIT 1", NULL);
  /* "+created_at": not min()'s walk up cases_by_created, but the new ids. */
  sqlite3_stmt *oldest_new = kd_db_prepare (self->db, "SELECT min (+created_at) FROM cases WHERE id > ?1", NULL);
  gboolean on_top = FALSE;

  if (newest_old == NULL || oldest_new == NULL)
    return FALSE;

  sqlite3_bind_int64 (newest_old, 1, from);
  sqlite3_bind_int64 (oldest_new, 1, from);
  if (sqlite3_step (newest_old) != SQLITE_ROW)
    on_top = TRUE;   /* nothing older */
  else if (sqlite3_step (oldest_new) == SQLITE_ROW)
    on_top = sqlite3_column_type (oldest_new, 0) == SQLITE_NULL ||
             sqlite3_column_int64 (oldest_new, 0) >= sqlite3_column_int64 (newest_old, 0);
  sqlite3_reset (newest_old);
  sqlite3_reset (oldest_new);

  return on_top;
}

/* How many cases newer than @from the filters let through, or -1: a range
 * of ids. NOT INDEXED keeps SQLite on it, when a filter's index would
 * otherwise look better to it. */
static gint64
count_newer (KdCaseList *self,
             gint64      from)
{
  g_autofree char *sql = g_strconcat ("SELECT count(*) FROM cases c NOT INDEXED WHERE c.id > :from",
                                      self->filter_sql, NULL);
  g_autoptr(GError) error = NULL;
  sqlite3_stmt *stmt = kd_db_prepare (self->db, sql, &error);
  gint64 n = -1;

  if (stmt == NULL)
    {
      g_warning ("Could not count the new cases: %s", error->message);
      return -1;
    }
  kd_case_list_bind_filter (self, stmt);
  sqlite3_bind_int64 (stmt, sqlite3_bind_parameter_index (stmt, ":from"), from);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    n = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return n;
}

static gboolean
quick_possible (KdCaseList *self)
{
  gboolean descending;
  KdCaseSort sort = kd_case_list_get_sort (self, &descending);

  return self->search == NULL && descending && !self->workflow.overdue &&
         (sort == KD_CASE_SORT_CREATED || sort == KD_CASE_SORT_ID);
}

/* Keeps the pages of the rows kept, read in the last snapshot, for the new
 * one (@stamp): origin moved with them; the pages that reach into the first
 * @n_top rows go, to be read when asked for. */
static void
keep_pages (KdCaseList *self,
            guint       n_top,
            gint64      stamp)
{
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, self->pages);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      KdCaseListPage *page = value;
      gint64 first = (gint64) GPOINTER_TO_UINT (key) * KD_CASE_LIST_PAGE_SIZE - self->origin;

      if (page->stamp != self->stamp || first < (gint64) n_top)
        g_hash_table_iter_remove (&iter);
      else
        page->stamp = stamp;
    }
}

/* Sets which cases the next quick refresh reads again: those newer than
 * the newest a notification named, when they are the first rows. */
static void
set_recent (KdCaseList *self)
{
  gint64 from = MIN (self->stamp, self->newest_seen);

  if (from < self->stamp && newer_on_top (self, from))
    {
      gint64 newer = count_newer (self, from);

      if (newer >= 0 && newer <= self->n_items)
        {
          self->recent_from = from;
          self->n_recent = (guint) newer;
          return;
        }
    }
  /* Notifications still on their way will ask for a full refresh. */
  self->recent_from = self->stamp;
  self->n_recent = 0;
}

/* The new cases on top and the recent rows they replace only counted: the
 * rows below keep their pages, and the first rows are read when a view asks
 * for them. *@removed of the first rows became *@added. */
static gboolean
quick_refresh (KdCaseList *self,
               guint      *removed,
               guint      *added)
{
  gint64 stamp, on_top, delta;

  if (self->stamp == 0 || self->old_changed || !quick_possible (self) || self->n_recent > self->n_items)
    return FALSE;
  if (!newer_on_top (self, self->recent_from))
    return FALSE;

  stamp = newest_id (self);
  on_top = count_newer (self, self->recent_from);
  delta = on_top - self->n_recent;
  if (on_top < 0 || self->origin - delta < (gint64) self->n_items + delta + KD_CASE_LIST_PAGE_SIZE)
    return FALSE;

  *removed = self->n_recent;
  *added = (guint) on_top;
  self->n_items += delta;
  self->origin -= delta;
  keep_pages (self, (guint) on_top, stamp);
  self->stamp = stamp;
  set_recent (self);

  return TRUE;
}

static void
full_refresh (KdCaseList *self,
              gboolean    in_snapshot)
{
  g_hash_table_remove_all (self->pages);
  self->origin = KD_CASE_LIST_ORIGIN;
  self->n_items = kd_case_list_count_rows (self);
  self->stamp = 0;
  self->recent_from = 0;
  self->n_recent = 0;
  if (!in_snapshot || !quick_possible (self))
    return;

  self->stamp = newest_id (self);
  set_recent (self);
}

/* @quick: after changes in the store; a full refresh otherwise. */
static void
refresh (KdCaseList *self,
         gboolean    quick)
{
  sqlite3 *handle = kd_db_get_handle (self->db);
  gboolean began = FALSE, in_snapshot, quick_done;
  guint removed = self->n_items, added;

  g_clear_handle_id (&self->refresh_source, g_source_remove);
  self->workflow.now = g_get_real_time () / G_USEC_PER_SEC;

  /* Within another read transaction (a refresh in answer to another), its snapshot. */
  if (sqlite3_get_autocommit (handle))
    began = kd_db_exec (self->db, "BEGIN", NULL);
  in_snapshot = !sqlite3_get_autocommit (handle);

  quick_done = quick && in_snapshot && quick_refresh (self, &removed, &added);
  if (!quick_done)
    {
      full_refresh (self, in_snapshot);
      added = self->n_items;
    }
  self->old_changed = FALSE;

  /* A quick refresh says which first rows changed; a full one, all. */
  self->snapshot = in_snapshot ? self->stamp : 0;
  self->adding_new = quick_done;
  if (removed > 0 || added > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, removed, added);
  self->adding_new = FALSE;
  self->snapshot = 0;

  /* A read transaction left open would keep every later read in this snapshot. */
  if (began && !kd_db_exec (self->db, "COMMIT", NULL))
    kd_db_exec (self->db, "ROLLBACK", NULL);
}

/* TRUE while the list announces a quick refresh: new cases on top of the
 * rows it had, which read as they did (its first rows may have been read
 * again). A view may hold them back (kd-refresh-model.c). */
gboolean
kd_case_list_is_adding_new (KdCaseList *self)
{
  g_return_val_if_fail (KD_IS_CASE_LIST (self), FALSE);

  return self->adding_new;
}

/* Re-reads the count and drops every cached row, in one items-changed. */
void
kd_case_list_refresh (KdCaseList *self)
{
  g_return_if_fail (KD_IS_CASE_LIST (self));

  refresh (self, FALSE);
}

static gboolean
refresh_cb (gpointer data)
{
  KdCaseList *self = data;

  self->refresh_source = 0;
  refresh (self, TRUE);

  return G_SOURCE_REMOVE;
}

/* A burst of changes (200 phones at once) becomes one refresh. */
static void
store_changed_cb (KdCaseList *self,
                  const char *table,
                  gint64      row_id,
                  KdStore    *store)
{
  self->newest_seen = MAX (self->newest_seen, row_id);
  if (row_id <= self->recent_from)
    self->old_changed = TRUE;
  if (self->refresh_source == 0)
    self->refresh_source = g_timeout_add (REFRESH_DELAY_MS, refresh_cb, self);
}

/* Counts the rows, in a snapshot that the first quick refresh can start
 * from, and follows the store's changes. */
void
kd_case_list_watch_store (KdCaseList *self)
{
  gboolean began = FALSE;

  if (sqlite3_get_autocommit (kd_db_get_handle (self->db)))
    began = kd_db_exec (self->db, "BEGIN", NULL);
  self->newest_seen = newest_id (self);
  full_refresh (self, !sqlite3_get_autocommit (kd_db_get_handle (self->db)));
  if (began && !kd_db_exec (self->db, "COMMIT", NULL))
    kd_db_exec (self->db, "ROLLBACK", NULL);

  g_signal_connect_object (self->store, "changed::cases", G_CALLBACK (store_changed_cb),
                           self, G_CONNECT_SWAPPED);
}
