#define G_LOG_DOMAIN "kd-case-list"

#include "config.h"

#include "kd-case-list.h"

#define MAX_CACHED_PAGES 32

struct _KdCaseList
{
  GObject     parent_instance;

  KdStore    *store;
  KdDb       *db;              /* the store's reader for this thread */
  GHashTable *pages;           /* page number → GPtrArray of KdCase */
  guint       n_items;
  guint       pages_loaded;
  guint       refresh_source;

  /* filter and sort */
  int         status;          /* < 0: any */
  gint64      village_id;      /* 0: any */
  gint64      category_id;     /* 0: any */
  gboolean    urgent_only;
  char       *search;          /* LIKE pattern, escaped; NULL: none */
  KdCaseSort  sort;
  gboolean    descending;

  char       *where_sql;       /* built from the filter */
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (KdCaseList, kd_case_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

/* The sort key's columns; c.id always breaks ties so the order is total. */
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
    case KD_CASE_SORT_ID:
    default:                    return NULL;
    }
}

static char *
order_by (KdCaseList *self,
          gboolean    reversed)
{
  const char *dir = (self->descending != reversed) ? " DESC" : "";
  const char *key = sort_key (self->sort);
  g_autoptr(GString) s = g_string_new (" ORDER BY ");

  if (key != NULL)
    {
      g_auto(GStrv) parts = g_strsplit (key, ", ", -1);
      for (guint i = 0; parts[i]; i++)
        g_string_append_printf (s, "%s%s, ", parts[i], dir);
    }
  g_string_append_printf (s, "c.id%s", dir);

  return g_string_free (g_steal_pointer (&s), FALSE);
}

static void
rebuild_where (KdCaseList *self)
{
  g_autoptr(GString) s = g_string_new (" WHERE 1");

  if (self->status >= 0)
    g_string_append (s, " AND c.status = :status");
  if (self->village_id > 0)
    g_string_append (s, " AND c.village_id = :village");
  if (self->category_id > 0)
    g_string_append (s, " AND c.category_id = :category");
  if (self->urgent_only)
    g_string_append (s, " AND c.urgent = 1");
  if (self->search != NULL)
    g_string_append (s, " AND (c.title LIKE :search ESCAPE '\\' OR c.description LIKE :search ESCAPE '\\')");

  g_free (self->where_sql);
  self->where_sql = g_string_free (g_steal_pointer (&s), FALSE);
}

static void
bind_filter (KdCaseList   *self,
             sqlite3_stmt *stmt)
{
  int i;

  if ((i = sqlite3_bind_parameter_index (stmt, ":status")) > 0)
    sqlite3_bind_int (stmt, i, self->status);
  if ((i = sqlite3_bind_parameter_index (stmt, ":village")) > 0)
    sqlite3_bind_int64 (stmt, i, self->village_id);
  if ((i = sqlite3_bind_parameter_index (stmt, ":category")) > 0)
    sqlite3_bind_int64 (stmt, i, self->category_id);
  if ((i = sqlite3_bind_parameter_index (stmt, ":search")) > 0)
    kd_db_bind_text (stmt, i, self->search);
}

static guint
count_rows (KdCaseList *self)
{
  g_autofree char *sql = g_strconcat ("SELECT count(*) FROM cases c", self->where_sql, NULL);
  g_autoptr(GError) error = NULL;
  sqlite3_stmt *stmt = kd_db_prepare (self->db, sql, &error);
  guint n = 0;

  if (stmt == NULL)
    {
      g_warning ("Could not count cases: %s", error->message);
      return 0;
    }
  bind_filter (self, stmt);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    n = (guint) MIN (sqlite3_column_int64 (stmt, 0), G_MAXUINT - 1);
  sqlite3_reset (stmt);

  return n;
}

/* Loads one page. Pages past the middle are read from the other end in the
 * reverse order, so the last page costs what the first does. */
static GPtrArray *
load_page (KdCaseList *self,
           guint       page)
{
  guint start = page * KD_CASE_LIST_PAGE_SIZE;
  guint count = MIN (KD_CASE_LIST_PAGE_SIZE, self->n_items - start);
  gboolean reversed = start > self->n_items / 2;
  g_autofree char *order = order_by (self, reversed);
  g_autofree char *sql = g_strconcat ("SELECT " KD_CASE_COLUMNS KD_CASE_FROM, self->where_sql,
                                      order, " LIMIT :limit OFFSET :offset", NULL);
  g_autoptr(GError) error = NULL;
  GPtrArray *rows = g_ptr_array_new_full (count, g_object_unref);
  sqlite3_stmt *stmt = kd_db_prepare (self->db, sql, &error);

  if (stmt == NULL)
    {
      g_warning ("Could not load cases: %s", error->message);
      return rows;
    }

  bind_filter (self, stmt);
  sqlite3_bind_int (stmt, sqlite3_bind_parameter_index (stmt, ":limit"), count);
  sqlite3_bind_int (stmt, sqlite3_bind_parameter_index (stmt, ":offset"),
                    reversed ? self->n_items - start - count : start);

  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (rows, kd_case_new_from_stmt (stmt));
  sqlite3_reset (stmt);

  if (reversed)
    for (guint i = 0; i < rows->len / 2; i++)
      {
        gpointer tmp = rows->pdata[i];
        rows->pdata[i] = rows->pdata[rows->len - 1 - i];
        rows->pdata[rows->len - 1 - i] = tmp;
      }

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

static gpointer
kd_case_list_get_item (GListModel *model,
                       guint       position)
{
  KdCaseList *self = KD_CASE_LIST (model);
  guint page = position / KD_CASE_LIST_PAGE_SIZE;
  guint offset = position % KD_CASE_LIST_PAGE_SIZE;
  GPtrArray *rows;

  if (position >= self->n_items)
    return NULL;

  rows = g_hash_table_lookup (self->pages, GUINT_TO_POINTER (page));
  if (rows == NULL)
    {
      if (g_hash_table_size (self->pages) >= MAX_CACHED_PAGES)
        g_hash_table_remove_all (self->pages);
      rows = load_page (self, page);
      g_hash_table_insert (self->pages, GUINT_TO_POINTER (page), rows);
    }

  if (offset >= rows->len)
    return NULL;   /* the table changed under us; a refresh is on its way */

  return g_object_ref (rows->pdata[offset]);
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
  g_clear_pointer (&self->where_sql, g_free);
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
  self->pages = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) g_ptr_array_unref);
  self->status = -1;
  self->sort = KD_CASE_SORT_CREATED;
  self->descending = TRUE;
  rebuild_where (self);
}

/* Re-reads the count and drops every cached row, in one items-changed. */
void
kd_case_list_refresh (KdCaseList *self)
{
  guint old_n;

  g_return_if_fail (KD_IS_CASE_LIST (self));

  g_clear_handle_id (&self->refresh_source, g_source_remove);
  old_n = self->n_items;
  g_hash_table_remove_all (self->pages);
  self->n_items = count_rows (self);

  if (old_n > 0 || self->n_items > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, old_n, self->n_items);
}

static gboolean
refresh_cb (gpointer data)
{
  KdCaseList *self = data;

  self->refresh_source = 0;
  kd_case_list_refresh (self);

  return G_SOURCE_REMOVE;
}

/* A burst of changes (200 phones at once) becomes one refresh. */
static void
store_changed_cb (KdCaseList *self,
                  const char *table,
                  gint64      row_id,
                  KdStore    *store)
{
  if (self->refresh_source == 0)
    self->refresh_source = g_timeout_add (100, refresh_cb, self);
}

KdCaseList *
kd_case_list_new (KdStore *store)
{
  KdCaseList *self;

  g_return_val_if_fail (KD_IS_STORE (store), NULL);

  self = g_object_new (KD_TYPE_CASE_LIST, NULL);
  self->store = g_object_ref (store);
  self->db = kd_store_get_reader (store);
  g_signal_connect_object (store, "changed::cases", G_CALLBACK (store_changed_cb),
                           self, G_CONNECT_SWAPPED);
  self->n_items = count_rows (self);

  return self;
}

static void
filter_changed (KdCaseList *self)
{
  rebuild_where (self);
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

/* Matches the words anywhere in the title or description, literally. */
void
kd_case_list_set_search (KdCaseList *self,
                         const char *text)
{
  g_autofree char *pattern = NULL;

  g_return_if_fail (KD_IS_CASE_LIST (self));

  g_autofree char *trimmed = g_strstrip (g_strdup (text ? text : ""));

  if (*trimmed != '\0')
    {
      g_autoptr(GString) s = g_string_new ("%");

      for (const char *p = trimmed; *p; p++)
        {
          if (*p == '%' || *p == '_' || *p == '\\')
            g_string_append_c (s, '\\');
          g_string_append_c (s, *p);
        }
      g_string_append_c (s, '%');
      pattern = g_string_free (g_steal_pointer (&s), FALSE);
    }

  if (g_strcmp0 (pattern, self->search) == 0)
    return;
  g_free (self->search);
  self->search = g_steal_pointer (&pattern);
  filter_changed (self);
}

void
kd_case_list_set_sort (KdCaseList *self,
                       KdCaseSort  sort,
                       gboolean    descending)
{
  g_return_if_fail (KD_IS_CASE_LIST (self));

  if (self->sort == sort && self->descending == !!descending)
    return;
  self->sort = sort;
  self->descending = !!descending;
  kd_case_list_refresh (self);
}

/* The position of a case under the current filter and sort, or G_MAXUINT
 * when it is not in the list: lets a view keep its selection across refreshes. */
guint
kd_case_list_find (KdCaseList *self,
                   gint64      case_id)
{
  const char *key = sort_key (self->sort);
  g_autofree char *cols = key ? g_strconcat (key, ", c.id", NULL) : g_strdup ("c.id");
  g_autofree char *sql = NULL;
  sqlite3_stmt *stmt;
  g_autoptr(GError) error = NULL;
  gint64 pos = -1;

  g_return_val_if_fail (KD_IS_CASE_LIST (self), G_MAXUINT);

  sql = g_strdup_printf ("SELECT (SELECT count(*) FROM cases c%s AND (%s) %s (SELECT %s FROM cases c WHERE c.id = :id))"
                         " FROM cases c%s AND c.id = :id",
                         self->where_sql, cols, self->descending ? ">" : "<", cols,
                         self->where_sql);
  stmt = kd_db_prepare (self->db, sql, &error);
  if (stmt == NULL)
    {
      g_warning ("Could not find case: %s", error->message);
      return G_MAXUINT;
    }
  bind_filter (self, stmt);
  sqlite3_bind_int64 (stmt, sqlite3_bind_parameter_index (stmt, ":id"), case_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    pos = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);

  return pos < 0 || pos >= self->n_items ? G_MAXUINT : (guint) pos;
}

guint
kd_case_list_get_pages_loaded (KdCaseList *self)
{
  return self->pages_loaded;
}
