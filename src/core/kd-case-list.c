#define G_LOG_DOMAIN "kd-case-list"

#include "config.h"

#include "kd-case-list.h"
#include "kd-case-list-private.h"

#define MAX_CACHED_PAGES 32

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (KdCaseList, kd_case_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

/* While a search is set, a case is in the list when case_search matches it,
 * or when it is still queued for indexing and matches it directly (kd-fts.h). */
#define PENDING_MATCHES \
  "SELECT p.case_id FROM case_search_pending p CROSS JOIN case_search_source x ON x.id = p.case_id" \
  " WHERE kd_pending_match (:search, x.title, x.description, x.replies, x.notes)"
#define SEARCH_IN " AND (c.id IN (SELECT rowid FROM case_search WHERE case_search MATCH :search)" \
                  " OR c.id IN (" PENDING_MATCHES "))"
#define SEARCH_IN_INDEXED " AND c.id IN (SELECT rowid FROM case_search WHERE case_search MATCH :search)"
/* The matches as (id, r): ranked by kd_rank, the queued ones first. */
#define RANKED_MATCHES \
  "(SELECT rowid AS id, rank AS r FROM case_search WHERE case_search MATCH :search" \
  " UNION ALL SELECT case_id, -1e300 FROM (" PENDING_MATCHES ")) s"
/* The same when nothing is queued: a plain subquery SQLite flattens, so the
 * ranking reads the index as it would on its own (a UNION cannot be). */
#define RANKED_MATCHES_INDEXED \
  "(SELECT rowid AS id, rank AS r FROM case_search WHERE case_search MATCH :search) s"

/* Relevance without a search falls back to the default order. */
static KdCaseSort
effective_sort (KdCaseList *self)
{
  if (self->sort == KD_CASE_SORT_RELEVANCE && self->query == NULL)
    return KD_CASE_SORT_CREATED;
  return self->sort;
}

/* A search with nothing searchable in it ("***") matches nothing. */
static gboolean
matches_nothing (KdCaseList *self)
{
  return self->query != NULL && self->query->match == NULL;
}

/* The sort key's columns; c.id always breaks ties so the order is total.
 * Each key has an index that the ORDER BY walks (schema steps 1 and 2). */
static const char *
sort_key (KdCaseSort sort)
{
  switch (sort)
    {
    case KD_CASE_SORT_CREATED:  return "c.created_at";
    case KD_CASE_SORT_VILLAGE:  return "c.village_id, c.created_at";
    case KD_CASE_SORT_CATEGORY: return "c.category_id, c.created_at";
    case KD_CASE_SORT_URGENT:   return "c.urgent, c.created_at";
    case KD_CASE_SORT_STATUS:   return "c.status, c.created_at";
    case KD_CASE_SORT_TITLE:    return "c.title";
    case KD_CASE_SORT_KIND:     return "c.kind, c.created_at";
    /* No ", " inside an expression: order_by() splits at it. */
    case KD_CASE_SORT_ASSIGNEE: return "ifnull(c.assignee_id,0), c.created_at";
    case KD_CASE_SORT_DUE:      return "ifnull(c.resolution_due_at,0)";
    case KD_CASE_SORT_RELEVANCE:
    case KD_CASE_SORT_ID:
    default:                    return NULL;
    }
}

/* "c.village_id, c.created_at, c.id" */
static char *
key_columns (KdCaseList *self)
{
  const char *key = sort_key (effective_sort (self));

  return key ? g_strconcat (key, ", c.id", NULL) : g_strdup ("c.id");
}

static char *
order_by (KdCaseList *self,
          gboolean    reversed)
{
  const char *dir = (self->descending != reversed) ? " DESC" : "";
  g_autofree char *cols = key_columns (self);
  g_auto(GStrv) parts = g_strsplit (cols, ", ", -1);
  g_autoptr(GString) s = g_string_new (" ORDER BY ");

  for (guint i = 0; parts[i]; i++)
    g_string_append_printf (s, "%s%s%s", i ? ", " : "", parts[i], dir);

  return g_string_free (g_steal_pointer (&s), FALSE);
}

static void
rebuild_filter (KdCaseList *self)
{
  g_autoptr(GString) s = g_string_new (NULL);

  if (self->status >= 0)
    g_string_append (s, " AND c.status = :status");
  if (self->village_id > 0)
    g_string_append (s, " AND c.village_id = :village");
  if (self->category_id > 0)
    g_string_append (s, " AND c.category_id = :category");
  if (self->urgent_only)
    g_string_append (s, " AND c.urgent = 1");
  kd_case_filter_append_sql (&self->workflow, s);

  g_free (self->filter_sql);
  self->filter_sql = g_string_free (g_steal_pointer (&s), FALSE);
}

/* The search's condition on c; the cases queued for indexing are looked at
 * only when there are any (kd-fts.h). */
static const char *
search_in (KdCaseList *self)
{
  if (self->query == NULL)
    return "";
  return self->pending ? SEARCH_IN : SEARCH_IN_INDEXED;
}

/* " WHERE 1 AND …" for the filters and the search, or "" when there are
 * none (so SQLite may count from the smallest index). */
static char *
where_sql (KdCaseList *self)
{
  const char *search = search_in (self);

  if (*self->filter_sql == '\0' && *search == '\0')
    return g_strdup ("");
  return g_strconcat (" WHERE 1", self->filter_sql, search, NULL);
}

/* The matches of the search with the filters, ranked: "FROM (…) s …" with
 * s.id and s.r. CROSS JOIN keeps the index first: the other way round,
 * SQLite would run the full-text query once per case of the filter. */
static char *
ranked_source_sql (KdCaseList *self)
{
  return g_strconcat (" FROM ", self->pending ? RANKED_MATCHES : RANKED_MATCHES_INDEXED,
                      *self->filter_sql ? " CROSS JOIN cases c ON c.id = s.id" : "",
                      " WHERE 1", self->filter_sql, NULL);
}

void
kd_case_list_bind_filter (KdCaseList   *self,
                          sqlite3_stmt *stmt)
{
  int i;

  if ((i = sqlite3_bind_parameter_index (stmt, ":status")) > 0)
    sqlite3_bind_int (stmt, i, self->status);
  if ((i = sqlite3_bind_parameter_index (stmt, ":village")) > 0)
    sqlite3_bind_int64 (stmt, i, self->village_id);
  if ((i = sqlite3_bind_parameter_index (stmt, ":category")) > 0)
    sqlite3_bind_int64 (stmt, i, self->category_id);
  kd_case_filter_bind (&self->workflow, stmt);
  if ((i = sqlite3_bind_parameter_index (stmt, ":search")) > 0)
    kd_db_bind_text (stmt, i, self->query ? self->query->match : NULL);
}

guint
kd_case_list_count_rows (KdCaseList *self)
{
  g_autofree char *where = NULL;
  g_autofree char *ranked = NULL;
  g_autofree char *sql = NULL;
  g_autoptr(GError) error = NULL;
  sqlite3_stmt *stmt;
  guint n = 0;

  if (matches_nothing (self))
    return 0;

  /* Every page read until the next count uses the SQL chosen here. */
  self->pending = self->query != NULL &&
                  kd_db_query_int (self->db, "SELECT EXISTS (SELECT 1 FROM case_search_pending)", NULL) > 0;
  where = where_sql (self);
  ranked = ranked_source_sql (self);
  sql = self->query != NULL ? g_strconcat ("SELECT count(*)", ranked, NULL)
                            : g_strconcat ("SELECT count(*) FROM cases c", where, NULL);
  stmt = kd_db_prepare (self->db, sql, &error);
  if (stmt == NULL)
    {
      g_warning ("Could not count cases: %s", error->message);
      return 0;
    }
  kd_case_list_bind_filter (self, stmt);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    n = (guint) MIN (sqlite3_column_int64 (stmt, 0), G_MAXUINT - 1);
  sqlite3_reset (stmt);

  return n;
}

/* Most relevant first is "descending": the smallest rank first, and among
 * equals the newest. Only the page's rows are joined with cases. */
static char *
ranked_page_sql (KdCaseList *self,
                 gboolean    reversed)
{
  gboolean best_first = self->descending != reversed;
  const char *rank_dir = best_first ? "" : " DESC";
  const char *id_dir = best_first ? " DESC" : "";
  g_autofree char *ranked = ranked_source_sql (self);

  return g_strdup_printf ("SELECT " KD_CASE_COLUMNS KD_CASE_FROM
                          " JOIN (SELECT s.id AS id, s.r AS r%s"
                          " ORDER BY r%s, id%s LIMIT :limit OFFSET :offset) s ON s.id = c.id"
                          " ORDER BY s.r%s, s.id%s",
                          ranked, rank_dir, id_dir, rank_dir, id_dir);
}

/* With @keyed, the page starts after (in the order read) the row whose key
 * is bound to :k0, :k1, …: keyset paging, as cheap deep down as at the top. */
static char *
page_sql (KdCaseList *self,
          gboolean    reversed,
          gboolean    keyed)
{
  g_autofree char *where = NULL;
  g_autofree char *order = NULL;
  g_autoptr(GString) s = NULL;

  if (effective_sort (self) == KD_CASE_SORT_RELEVANCE)
    return ranked_page_sql (self, reversed);

  where = where_sql (self);
  order = order_by (self, reversed);
  s = g_string_new ("SELECT " KD_CASE_COLUMNS KD_CASE_FROM);
  g_string_append (s, *where ? where : " WHERE 1");
  if (keyed)
    {
      g_autofree char *cols = key_columns (self);
      guint n = 1;

      for (const char *p = cols; (p = strstr (p, ", ")) != NULL; p += 2)
        n++;

      g_string_append_printf (s, " AND (%s) %s (", cols, (self->descending != reversed) ? "<" : ">");
      for (guint i = 0; i < n; i++)
        g_string_append_printf (s, "%s:k%u", i ? ", " : "", i);
      g_string_append_c (s, ')');
    }
  g_string_append_printf (s, "%s LIMIT :limit OFFSET :offset", order);

  return g_string_free (g_steal_pointer (&s), FALSE);
}

/* Binds :k0, :k1, … to @row's values of the sort key columns. */
static void
bind_key (KdCaseList   *self,
          sqlite3_stmt *stmt,
          KdCase       *row)
{
  gint64 values[2];
  guint n = 0;

  switch (effective_sort (self))
    {
    case KD_CASE_SORT_VILLAGE:  values[n++] = kd_case_get_village_id (row); break;
    case KD_CASE_SORT_CATEGORY: values[n++] = kd_case_get_category_id (row); break;
    case KD_CASE_SORT_URGENT:   values[n++] = kd_case_get_urgent (row) ? 1 : 0; break;
    case KD_CASE_SORT_STATUS:   values[n++] = kd_case_get_status (row); break;
    case KD_CASE_SORT_KIND:     values[n++] = kd_case_get_kind (row); break;
    case KD_CASE_SORT_ASSIGNEE: values[n++] = MAX (kd_case_get_assignee_id (row), 0); break;
    case KD_CASE_SORT_DUE:
      sqlite3_bind_int64 (stmt, sqlite3_bind_parameter_index (stmt, ":k0"), MAX (kd_case_get_resolution_due_at (row), 0));
      sqlite3_bind_int64 (stmt, sqlite3_bind_parameter_index (stmt, ":k1"), kd_case_get_id (row));
      return;
    case KD_CASE_SORT_TITLE:
      kd_db_bind_text (stmt, sqlite3_bind_parameter_index (stmt, ":k0"), kd_case_get_title (row));
      sqlite3_bind_int64 (stmt, sqlite3_bind_parameter_index (stmt, ":k1"), kd_case_get_id (row));
      return;
    default: break;
    }
  if (effective_sort (self) != KD_CASE_SORT_ID)
    values[n++] = kd_case_get_created_at (row);

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *name = g_strdup_printf (":k%u", i);
      sqlite3_bind_int64 (stmt, sqlite3_bind_parameter_index (stmt, name), values[i]);
    }
  {
    g_autofree char *name = g_strdup_printf (":k%u", n);
    sqlite3_bind_int64 (stmt, sqlite3_bind_parameter_index (stmt, name), kd_case_get_id (row));
  }
}

static void
reverse_rows (GPtrArray *rows)
{
  for (guint i = 0; i < rows->len / 2; i++)
    {
      gpointer tmp = rows->pdata[i];
      rows->pdata[i] = rows->pdata[rows->len - 1 - i];
      rows->pdata[rows->len - 1 - i] = tmp;
    }
}

/* Pages. The rows are cached by pages of KD_CASE_LIST_PAGE_SIZE rows along
 * an axis that starts @origin rows above the first row: page p holds the
 * positions p * PAGE_SIZE - origin up to the next page's, within the list.
 * When a refresh puts k rows on top, origin goes down by k and the rows
 * below keep their pages (kd-case-list-refresh.c); the first page of the
 * list then holds fewer rows. */
static guint
page_of (KdCaseList *self,
         guint       position)
{
  return (guint) ((position + self->origin) / KD_CASE_LIST_PAGE_SIZE);
}

/* The first position of @page, clamped to the list. */
guint
kd_case_list_page_start (KdCaseList *self,
                         guint       page)
{
  gint64 start = (gint64) page * KD_CASE_LIST_PAGE_SIZE - self->origin;

  return (guint) CLAMP (start, 0, (gint64) self->n_items);
}

/* One past the last position of @page, clamped to the list. */
guint
kd_case_list_page_end (KdCaseList *self,
                       guint       page)
{
  return kd_case_list_page_start (self, page + 1);
}

/* A cached neighbour of @page to start from, whole and not empty: the last
 * row of the page before it (read forwards) or the first row of the page
 * after it (read backwards). Not for relevance, whose rank has no index. */
static KdCase *
find_anchor (KdCaseList *self,
             guint       page,
             gboolean   *reversed)
{
  KdCaseListPage *before = g_hash_table_lookup (self->pages, GUINT_TO_POINTER (page - 1));
  KdCaseListPage *after = g_hash_table_lookup (self->pages, GUINT_TO_POINTER (page + 1));
  GPtrArray *prev = before ? before->rows : NULL;
  GPtrArray *next = after ? after->rows : NULL;

  if (effective_sort (self) == KD_CASE_SORT_RELEVANCE)
    return NULL;
  if (prev != NULL && prev->len > 0 &&
      prev->len == kd_case_list_page_end (self, page - 1) - kd_case_list_page_start (self, page - 1))
    {
      *reversed = FALSE;
      return prev->pdata[prev->len - 1];
    }
  if (next != NULL && next->len > 0 &&
      next->len == kd_case_list_page_end (self, page + 1) - kd_case_list_page_start (self, page + 1))
    {
      *reversed = TRUE;
      return next->pdata[0];
    }
  return NULL;
}

/* Loads one page: after or before a cached neighbour when there is one;
 * otherwise by offset, from the nearer end (the last page, read backwards,
 * costs what the first does). */
static GPtrArray *
load_page (KdCaseList *self,
           guint       page)
{
  guint start = kd_case_list_page_start (self, page);
  guint count = kd_case_list_page_end (self, page) - start;
  gboolean reversed = start > self->n_items / 2;
  KdCase *anchor = find_anchor (self, page, &reversed);
  g_autofree char *sql = page_sql (self, reversed, anchor != NULL);
  g_autoptr(GError) error = NULL;
  GPtrArray *rows = g_ptr_array_new_full (count, g_object_unref);
  sqlite3_stmt *stmt = kd_db_prepare (self->db, sql, &error);

  if (stmt == NULL)
    {
      g_warning ("Could not load cases: %s", error->message);
      return rows;
    }

  kd_case_list_bind_filter (self, stmt);
  if (anchor != NULL)
    bind_key (self, stmt, anchor);
  sqlite3_bind_int (stmt, sqlite3_bind_parameter_index (stmt, ":limit"), count);
  sqlite3_bind_int (stmt, sqlite3_bind_parameter_index (stmt, ":offset"),
                    anchor != NULL ? 0 : reversed ? self->n_items - start - count : start);

  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (rows, kd_case_new_from_stmt (stmt));
  sqlite3_reset (stmt);

  if (reversed)
    reverse_rows (rows);

  self->pages_loaded++;
  return rows;
}

static GType
kd_case_list_get_item_type (GListModel *model)
{
  return KD_TYPE_CASE;
}

static guint
kd_case_list_get_n_items (GListModel *model)
{
  return KD_CASE_LIST (model)->n_items;
}

/* Keeps the neighbours of the page being loaded: it may start from them. */
static gboolean
is_far_from (gpointer key,
             gpointer value,
             gpointer data)
{
  guint p = GPOINTER_TO_UINT (key), page = GPOINTER_TO_UINT (data);

  return p + 1 != page && p != page + 1;
}

static gpointer
kd_case_list_get_item (GListModel *model,
                       guint       position)
{
  KdCaseList *self = KD_CASE_LIST (model);
  guint page, offset;
  KdCaseListPage *cached;

  if (position >= self->n_items)
    return NULL;
  page = page_of (self, position);
  offset = position - kd_case_list_page_start (self, page);

  cached = g_hash_table_lookup (self->pages, GUINT_TO_POINTER (page));
  if (cached == NULL)
    {
      if (g_hash_table_size (self->pages) >= MAX_CACHED_PAGES)
        g_hash_table_foreach_remove (self->pages, is_far_from, GUINT_TO_POINTER (page));
      cached = g_new0 (KdCaseListPage, 1);
      cached->rows = load_page (self, page);
      cached->stamp = self->snapshot;   /* 0 but during a refresh */
      g_hash_table_insert (self->pages, GUINT_TO_POINTER (page), cached);
    }

  if (offset >= cached->rows->len)
    return NULL;   /* the table changed under us; a refresh is on its way */

  return g_object_ref (cached->rows->pdata[offset]);
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = kd_case_list_get_item_type;
  iface->get_n_items = kd_case_list_get_n_items;
  iface->get_item = kd_case_list_get_item;
}

static void
kd_case_list_finalize (GObject *object)
{
  KdCaseList *self = (KdCaseList *)object;

  g_clear_handle_id (&self->refresh_source, g_source_remove);
  g_clear_pointer (&self->pages, g_hash_table_unref);
  g_clear_pointer (&self->search, g_free);
  g_clear_pointer (&self->query, kd_fts_query_free);
  g_clear_pointer (&self->filter_sql, g_free);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (kd_case_list_parent_class)->finalize (object);
}

static void
kd_case_list_class_init (KdCaseListClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = kd_case_list_finalize;
}

static void
kd_case_list_init (KdCaseList *self)
{
  self->pages = g_hash_table_new_full (NULL, NULL, NULL, kd_case_list_page_free);
  self->status = -1;
  kd_case_filter_init (&self->workflow);
  self->sort = KD_CASE_SORT_CREATED;
  self->descending = TRUE;
  self->origin = KD_CASE_LIST_ORIGIN;
  rebuild_filter (self);
}

void
kd_case_list_page_free (gpointer data)
{
  KdCaseListPage *page = data;

  g_ptr_array_unref (page->rows);
  g_free (page);
}

KdCaseList *
kd_case_list_new (KdStore *store)
{
  KdCaseList *self;

  g_return_val_if_fail (KD_IS_STORE (store), NULL);

  self = g_object_new (KD_TYPE_CASE_LIST, NULL);
  self->store = g_object_ref (store);
  self->db = kd_store_get_reader (store);
  kd_case_list_watch_store (self);

  return self;
}

static void
filter_changed (KdCaseList *self)
{
  if (self->workflow.held)   /* kd_case_list_hold() */
    {
      self->workflow.dirty = TRUE;
      return;
    }
  rebuild_filter (self);
  kd_case_list_refresh (self);
}

void
kd_case_list_set_status (KdCaseList *self,
                         int         status)
{
  g_return_if_fail (KD_IS_CASE_LIST (self));

  status = status < 0 ? -1 : status;
  if (self->status == status)
    return;
  self->status = status;
  filter_changed (self);
}

void
kd_case_list_set_village (KdCaseList *self,
                          gint64      village_id)
{
  g_return_if_fail (KD_IS_CASE_LIST (self));

  if (self->village_id == village_id)
    return;
  self->village_id = village_id;
  filter_changed (self);
}

void
kd_case_list_set_category (KdCaseList *self,
                           gint64      category_id)
{
  g_return_if_fail (KD_IS_CASE_LIST (self));

  if (self->category_id == category_id)
    return;
  self->category_id = category_id;
  filter_changed (self);
}

void
kd_case_list_set_urgent_only (KdCaseList *self,
                              gboolean    urgent_only)
{
  g_return_if_fail (KD_IS_CASE_LIST (self));

  if (self->urgent_only == !!urgent_only)
    return;
  self->urgent_only = !!urgent_only;
  filter_changed (self);
}

/* For the setters of kd-case-filter.c (kd-case-list-private.h). */
KdCaseFilter *
kd_case_list_get_workflow_filter (KdCaseList *self)
{
  return &self->workflow;
}

void
kd_case_list_filter_changed (KdCaseList *self)
{
  filter_changed (self);
}

/* Searches the title, description, replies and internal notes with the
 * full-text index (kd-fts.h says how @text is read; nothing of it is taken
 * as query syntax). Setting a search sorts by relevance, most relevant
 * first, until another sort is chosen; clearing it brings back the sort
 * that was in use before. */
void
kd_case_list_set_search (KdCaseList *self,
                         const char *text)
{
  g_autofree char *search = NULL;
  gboolean was_searching;

  g_return_if_fail (KD_IS_CASE_LIST (self));

  search = g_strstrip (g_strdup (text ? text : ""));
  if (*search == '\0')
    g_clear_pointer (&search, g_free);
  if (g_strcmp0 (search, self->search) == 0)
    return;

  was_searching = self->search != NULL;
  g_free (self->search);
  self->search = g_steal_pointer (&search);
  g_clear_pointer (&self->query, kd_fts_query_free);
  if (self->search != NULL)
    self->query = kd_fts_query_new (self->search);

  if (!was_searching && self->search != NULL)
    {
      self->sort_before_search = self->sort;
      self->descending_before_search = self->descending;
      self->sort = KD_CASE_SORT_RELEVANCE;
      self->descending = TRUE;
    }
  else if (was_searching && self->search == NULL && self->sort == KD_CASE_SORT_RELEVANCE)
    {
      self->sort = self->sort_before_search;
      self->descending = self->descending_before_search;
    }

  filter_changed (self);
}

const char *
kd_case_list_get_search (KdCaseList *self)
{
  g_return_val_if_fail (KD_IS_CASE_LIST (self), NULL);

  return self->search;
}

/* For KD_CASE_SORT_RELEVANCE, @descending means most relevant first. */
void
kd_case_list_set_sort (KdCaseList *self,
                       KdCaseSort  sort,
                       gboolean    descending)
{
  g_return_if_fail (KD_IS_CASE_LIST (self));
  g_return_if_fail (sort <= KD_CASE_SORT_DUE);

  if (self->sort == sort && self->descending == !!descending)
    return;
  self->sort = sort;
  self->descending = !!descending;
  kd_case_list_refresh (self);
}

/* The order the rows are in: relevance without a search is newest first. */
KdCaseSort
kd_case_list_get_sort (KdCaseList *self,
                       gboolean   *descending)
{
  g_return_val_if_fail (KD_IS_CASE_LIST (self), KD_CASE_SORT_CREATED);

  if (descending != NULL)
    *descending = self->descending;
  return effective_sort (self);
}

static gint64
query_position (KdCaseList *self,
                const char *sql,
                gint64      case_id,
                double      rank)
{
  g_autoptr(GError) error = NULL;
  sqlite3_stmt *stmt = kd_db_prepare (self->db, sql, &error);
  gint64 pos = -1;
  int i;

  if (stmt == NULL)
    {
      g_warning ("Could not find case %" G_GINT64_FORMAT ": %s", case_id, error->message);
      return -1;
    }
  kd_case_list_bind_filter (self, stmt);
  sqlite3_bind_int64 (stmt, sqlite3_bind_parameter_index (stmt, ":id"), case_id);
  if ((i = sqlite3_bind_parameter_index (stmt, ":rank")) > 0)
    sqlite3_bind_double (stmt, i, rank);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    pos = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);

  return pos;
}

/* The rank of the case in the current search, or FALSE when the search
 * (with the filters) does not find it. */
static gboolean
ranked_case (KdCaseList *self,
             gint64      case_id,
             double     *rank)
{
  g_autofree char *ranked = ranked_source_sql (self);
  g_autofree char *sql = g_strconcat ("SELECT s.r", ranked,
                                      " AND s.id = :id", NULL);
  g_autoptr(GError) error = NULL;
  sqlite3_stmt *stmt = kd_db_prepare (self->db, sql, &error);
  gboolean found = FALSE;

  if (stmt == NULL)
    {
      g_warning ("Could not rank case %" G_GINT64_FORMAT ": %s", case_id, error->message);
      return FALSE;
    }
  kd_case_list_bind_filter (self, stmt);
  sqlite3_bind_int64 (stmt, sqlite3_bind_parameter_index (stmt, ":id"), case_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      *rank = sqlite3_column_double (stmt, 0);
      found = TRUE;
    }
  sqlite3_reset (stmt);

  return found;
}

static gint64
find_ranked (KdCaseList *self,
             gint64      case_id)
{
  g_autofree char *ranked = ranked_source_sql (self);
  g_autofree char *sql = NULL;
  double rank = 0;

  if (!ranked_case (self, case_id, &rank))
    return -1;

  sql = g_strdup_printf ("SELECT count(*)%s AND (s.r, -s.id) %s (:rank, -:id)",
                         ranked, self->descending ? "<" : ">");
  return query_position (self, sql, case_id, rank);
}

/* The position of a case under the current filter, search and sort, or
 * G_MAXUINT when it is not in the list: lets a view keep its selection
 * across refreshes. */
guint
kd_case_list_find (KdCaseList *self,
                   gint64      case_id)
{
  g_autofree char *cols = NULL;
  g_autofree char *where = NULL;
  g_autofree char *sql = NULL;
  gint64 pos;

  g_return_val_if_fail (KD_IS_CASE_LIST (self), G_MAXUINT);

  if (matches_nothing (self))
    return G_MAXUINT;

  if (effective_sort (self) == KD_CASE_SORT_RELEVANCE)
    {
      pos = find_ranked (self, case_id);
      return pos < 0 || pos >= self->n_items ? G_MAXUINT : (guint) pos;
    }

  cols = key_columns (self);
  where = g_strconcat (" WHERE 1", self->filter_sql, search_in (self), NULL);
  sql = g_strdup_printf ("SELECT (SELECT count(*) FROM cases c%s AND (%s) %s (SELECT %s FROM cases c WHERE c.id = :id))"
                         " FROM cases c%s AND c.id = :id",
                         where, cols, self->descending ? ">" : "<", cols, where);
  pos = query_position (self, sql, case_id, 0);

  return pos < 0 || pos >= self->n_items ? G_MAXUINT : (guint) pos;
}

/* A line of @kase's description around the first match of the search, for
 * the list to show under the title; when only a reply or an internal note
 * matches, a line of that instead (*@field says which).
 *
 * Returns plain text, never markup: the villagers' words as they wrote them
 * (on one line, cut with "…"). *@ranges gets a GArray of KdFtsRange, byte
 * offsets into the returned string of the matched words, to turn into
 * PangoAttributes (start_index/end_index take byte offsets) — do not escape
 * the text and parse it as markup instead. Without a search, or when nothing
 * matches, the ranges are empty. */
char *
kd_case_list_dup_highlight (KdCaseList  *self,
                            KdCase      *kase,
                            KdFtsField  *field,
                            GArray     **ranges)
{
  g_autoptr(GArray) found = NULL;
  g_autofree char *text = NULL;
  KdFtsField where = KD_FTS_FIELD_DESCRIPTION;

  g_return_val_if_fail (KD_IS_CASE_LIST (self), NULL);
  g_return_val_if_fail (KD_IS_CASE (kase), NULL);

  if (self->query != NULL && self->query->match != NULL)
    text = kd_fts_dup_match (self->db, self->query, kd_case_get_id (kase), &where, &found);
  if (text == NULL)
    {
      /* Not (yet) in the index, or matched by its title only. */
      text = g_strdup (kd_case_get_description (kase));
      g_clear_pointer (&found, g_array_unref);
      if (self->query != NULL && self->query->match != NULL)
        found = kd_fts_match_text (self->query, text);
    }

  if (field != NULL)
    *field = where;
  return kd_fts_snippet (text, found, KD_CASE_LIST_SNIPPET_CHARS, ranges);
}

guint
kd_case_list_get_pages_loaded (KdCaseList *self)
{
  return self->pages_loaded;
}
