/* kd-case-list-refresh.c: KdCaseList after the store changed.
 *
 * A full refresh counts the rows again and drops every cached page. While
 * phones report, a refresh mostly only brings new cases, which the default
 * order (newest first) puts on top: a quick refresh reads just the cases
 * newer than those it knows (up to QUICK_MAX_NEW), puts them first and
 * moves the cached pages down by as many rows. No count(*) over the whole
 * table, no page read again, and the views find their rows where they
 * expect them.
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
 * it), and only those are moved. Pages read later (scrolling) carry none and
 * go at the next refresh, as all pages did before.
 *
 * Late notifications. A change is announced after its commit, so a
 * snapshot may hold cases whose notification comes after the refresh: they
 * are newer than the newest case a notification had named. Those are the
 * list's "recent" rows, its first n_recent, read again by the next quick
 * refresh, so that their notifications change nothing. */
#define G_LOG_DOMAIN "kd-case-list"

#include "config.h"

#include "kd-case.h"
#include "kd-case-list-private.h"

#define REFRESH_DELAY_MS 100
/* More new cases than this at once (an import): the full refresh, which
 * reads only the rows on show, costs less than reading them all. */
#define QUICK_MAX_NEW    1000

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

/* The cases newer than @from: a range of ids. NOT INDEXED keeps SQLite on
 * it, when a filter's index would otherwise look better to it. */
#define NEWER_FROM " FROM cases c NOT INDEXED"
#define NEWER_WHERE " WHERE c.id > :from"

static sqlite3_stmt *
prepare_newer (KdCaseList *self,
               const char *select,
               const char *from,
               gint64      newer_than)
{
  g_autofree char *sql = g_strconcat (select, from, NEWER_WHERE, self->filter_sql, " ORDER BY c.id DESC", NULL);
  g_autoptr(GError) error = NULL;
  sqlite3_stmt *stmt = kd_db_prepare (self->db, sql, &error);

  if (stmt == NULL)
    {
      g_warning ("Could not read the new cases: %s", error->message);
      return NULL;
    }
  kd_case_list_bind_filter (self, stmt);
  sqlite3_bind_int64 (stmt, sqlite3_bind_parameter_index (stmt, ":from"), newer_than);
  return stmt;
}

/* How many cases newer than @from the filters let through, or -1. */
static gint64
count_newer (KdCaseList *self,
             gint64      from)
{
  sqlite3_stmt *stmt = prepare_newer (self, "SELECT count(*)", NEWER_FROM, from);
  gint64 n = -1;

  if (stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW)
    n = sqlite3_column_int64 (stmt, 0);
  if (stmt != NULL)
    sqlite3_reset (stmt);
  return n;
}

/* Those cases, in the list's order, or NULL. */
static GPtrArray *
read_newer (KdCaseList *self,
            gint64      from)
{
  /* KD_CASE_FROM with NOT INDEXED after "FROM cases c". */
  static const char cases_c[] = " FROM cases c ";
  g_autofree char *joins = NULL;
  sqlite3_stmt *stmt;
  GPtrArray *found;
  int rc;

  g_assert (g_str_has_prefix (KD_CASE_FROM, cases_c));
  joins = g_strconcat (NEWER_FROM, KD_CASE_FROM + sizeof cases_c - 2, NULL);
  if ((stmt = prepare_newer (self, "SELECT " KD_CASE_COLUMNS, joins, from)) == NULL)
    return NULL;

  found = g_ptr_array_new_with_free_func (g_object_unref);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (found, kd_case_new_from_stmt (stmt));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    g_clear_pointer (&found, g_ptr_array_unref);

  return found;
}

/* The list's order: newest first, by created_at then id, or by id. */
static int
compare_newest_first (gconstpointer a,
                      gconstpointer b,
                      gpointer      by_id)
{
  KdCase *x = *(KdCase * const *) a, *y = *(KdCase * const *) b;
  gint64 cx = kd_case_get_created_at (x), cy = kd_case_get_created_at (y);

  if (!GPOINTER_TO_INT (by_id) && cx != cy)
    return cx > cy ? -1 : 1;
  return kd_case_get_id (x) > kd_case_get_id (y) ? -1 : kd_case_get_id (x) < kd_case_get_id (y);
}

static gboolean
quick_possible (KdCaseList *self)
{
  gboolean descending;
  KdCaseSort sort = kd_case_list_get_sort (self, &descending);

  return self->search == NULL && descending && !self->workflow.overdue &&
         (sort == KD_CASE_SORT_CREATED || sort == KD_CASE_SORT_ID);
}

/* The rows after a quick refresh: @fresh on top, then the rows kept, found
 * in the pages of @old read in the last snapshot (@stamp), below the
 * @old_recent rows that @fresh replaces. */
typedef struct
{
  GHashTable *old;
  gint64      stamp;
  GPtrArray  *fresh;
  guint       old_recent;
} Move;

static KdCase *
row_after_move (const Move *m,
                guint       pos)
{
  KdCaseListPage *page;
  guint old_pos;

  if (pos < m->fresh->len)
    return m->fresh->pdata[pos];
  old_pos = pos - m->fresh->len + m->old_recent;
  page = g_hash_table_lookup (m->old, GUINT_TO_POINTER (old_pos / KD_CASE_LIST_PAGE_SIZE));
  if (page == NULL || page->stamp != m->stamp || old_pos % KD_CASE_LIST_PAGE_SIZE >= page->rows->len)
    return NULL;
  return page->rows->pdata[old_pos % KD_CASE_LIST_PAGE_SIZE];
}

/* Page @n after the move, when every row of it is known. */
static void
move_page (KdCaseList *self,
           const Move *m,
           guint       n,
           gint64      stamp)
{
  guint start = n * KD_CASE_LIST_PAGE_SIZE;
  guint count = MIN (KD_CASE_LIST_PAGE_SIZE, self->n_items - start);
  g_autoptr(GPtrArray) rows = g_ptr_array_new_full (count, g_object_unref);
  KdCaseListPage *page;

  if (start >= self->n_items || g_hash_table_contains (self->pages, GUINT_TO_POINTER (n)))
    return;
  for (guint i = 0; i < count; i++)
    {
      KdCase *row = row_after_move (m, start + i);

      if (row == NULL)
        return;
      g_ptr_array_add (rows, g_object_ref (row));
    }
  page = g_new0 (KdCaseListPage, 1);
  page->rows = g_steal_pointer (&rows);
  page->stamp = stamp;
  g_hash_table_insert (self->pages, GUINT_TO_POINTER (n), page);
}

/* The pages of the new snapshot (@stamp) made of @fresh and the rows of
 * the old pages, n_items being the new count already. */
static void
move_pages (KdCaseList *self,
            GPtrArray  *fresh,
            gint64      stamp)
{
  Move m = { g_steal_pointer (&self->pages), self->stamp, fresh, self->n_recent };
  GHashTableIter iter;
  gpointer key, value;

  self->pages = g_hash_table_new_full (NULL, NULL, NULL, kd_case_list_page_free);
  for (guint n = 0; n * KD_CASE_LIST_PAGE_SIZE < fresh->len; n++)
    move_page (self, &m, n, stamp);

  g_hash_table_iter_init (&iter, m.old);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      KdCaseListPage *page = value;
      guint first = GPOINTER_TO_UINT (key) * KD_CASE_LIST_PAGE_SIZE;
      guint last = first + page->rows->len;   /* one past */

      if (page->stamp != m.stamp || last <= m.old_recent)
        continue;
      first = MAX (first, m.old_recent) - m.old_recent + fresh->len;
      last = last - m.old_recent + fresh->len;
      for (guint n = first / KD_CASE_LIST_PAGE_SIZE; n <= (last - 1) / KD_CASE_LIST_PAGE_SIZE; n++)
        move_page (self, &m, n, stamp);
    }
  g_hash_table_unref (m.old);
}

/* How many of @fresh (newest first) are newer than @from, when they are its
 * first rows; -1 when not. */
static int
count_newer_first (GPtrArray *fresh,
                   gint64     from)
{
  guint n = 0;

  while (n < fresh->len && kd_case_get_id (fresh->pdata[n]) > from)
    n++;
  for (guint i = n; i < fresh->len; i++)
    if (kd_case_get_id (fresh->pdata[i]) > from)
      return -1;
  return (int) n;
}

/* Sets which cases the next quick refresh reads again: those newer than
 * the newest a notification named, when they are the first rows. */
static void
set_recent (KdCaseList *self,
            GPtrArray  *fresh)
{
  gint64 from = MIN (self->stamp, self->newest_seen);
  int n;

  if (fresh != NULL && (n = count_newer_first (fresh, from)) >= 0)
    {
      self->recent_from = from;
      self->n_recent = n;
      return;
    }
  if (fresh == NULL && from < self->stamp && newer_on_top (self, from))
    {
      gint64 newer = count_newer (self, from);

      if (newer >= 0 && newer <= self->n_items)
        {
          self->recent_from = from;
          self->n_recent = (guint) newer;
          return;
        }
    }
  if (fresh != NULL)   /* the recent rows stay those read */
    {
      self->n_recent = fresh->len;
      return;
    }
  /* Notifications still on their way will ask for a full refresh. */
  self->recent_from = self->stamp;
  self->n_recent = 0;
}

static gboolean
quick_refresh (KdCaseList *self)
{
  g_autoptr(GPtrArray) fresh = NULL;
  gint64 stamp;
  guint kept;

  if (self->stamp == 0 || self->old_changed || !quick_possible (self) || self->n_recent > self->n_items)
    return FALSE;
  if (!newer_on_top (self, self->recent_from))
    return FALSE;

  stamp = newest_id (self);
  if (stamp - self->recent_from > QUICK_MAX_NEW || (fresh = read_newer (self, self->recent_from)) == NULL)
    return FALSE;
  g_ptr_array_sort_with_data (fresh, compare_newest_first,
                              GINT_TO_POINTER (kd_case_list_get_sort (self, NULL) == KD_CASE_SORT_ID));

  kept = self->n_items - self->n_recent;
  self->n_items = kept + fresh->len;
  move_pages (self, fresh, stamp);
  self->stamp = stamp;
  set_recent (self, fresh);

  return TRUE;
}

static void
full_refresh (KdCaseList *self,
              gboolean    in_snapshot)
{
  g_hash_table_remove_all (self->pages);
  self->n_items = kd_case_list_count_rows (self);
  self->stamp = 0;
  self->recent_from = 0;
  self->n_recent = 0;
  if (!in_snapshot || !quick_possible (self))
    return;

  self->stamp = newest_id (self);
  set_recent (self, NULL);
}

/* @quick: after changes in the store; a full refresh otherwise. */
static void
refresh (KdCaseList *self,
         gboolean    quick)
{
  sqlite3 *handle = kd_db_get_handle (self->db);
  gboolean began = FALSE, in_snapshot;
  guint old_n = self->n_items;

  g_clear_handle_id (&self->refresh_source, g_source_remove);
  self->workflow.now = g_get_real_time () / G_USEC_PER_SEC;

  /* Within another read transaction (a refresh in answer to another), its snapshot. */
  if (sqlite3_get_autocommit (handle))
    began = kd_db_exec (self->db, "BEGIN", NULL);
  in_snapshot = !sqlite3_get_autocommit (handle);

  if (!(quick && in_snapshot && quick_refresh (self)))
    full_refresh (self, in_snapshot);
  self->old_changed = FALSE;

  self->snapshot = in_snapshot ? self->stamp : 0;
  if (old_n > 0 || self->n_items > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, old_n, self->n_items);
  self->snapshot = 0;

  /* A read transaction left open would keep every later read in this snapshot. */
  if (began && !kd_db_exec (self->db, "COMMIT", NULL))
    kd_db_exec (self->db, "ROLLBACK", NULL);
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

void
kd_case_list_watch_store (KdCaseList *self)
{
  self->newest_seen = newest_id (self);
  g_signal_connect_object (self->store, "changed::cases", G_CALLBACK (store_changed_cb),
                           self, G_CONNECT_SWAPPED);
}
