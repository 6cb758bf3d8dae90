/* kd-refresh-model.c: KdCaseList announces a refresh as one
 * items-changed (0, all, all). GTK 4.8's list item manager answers that by
 * fetching every added row to look for the rows it was tracking (the scroll
 * anchor, the selection), which pages in the whole table from SQLite.
 *
 * Only the rows someone still holds (the rows on screen, the selected one)
 * can show stale data, so this model remembers which rows it handed out and,
 * on a full refresh, announces the change of the count at the end of the list
 * plus a change of just those rows. What is on screen is re-read; the rest is
 * read when it scrolls into view, from the refreshed list. Other changes pass
 * through unchanged. */
#define G_LOG_DOMAIN "kd-refresh-model"

#include "config.h"

#include "kd-refresh-model.h"

#define MAX_GAP     8      /* handed-out rows this close are announced as one range */
#define PRUNE_AT    4096   /* prune dead entries when the table grows past this */

struct _KdRefreshModel
{
  GObject     parent_instance;

  GListModel *model;
  guint       n_items;
  GHashTable *handed;      /* position → GWeakRef * of the item handed out there */
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (KdRefreshModel, kd_refresh_model, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

static void
weak_ref_free (gpointer data)
{
  g_weak_ref_clear (data);
  g_free (data);
}

static gboolean
is_dead (gpointer key,
         gpointer value,
         gpointer data)
{
  g_autoptr(GObject) item = g_weak_ref_get (value);

  return item == NULL;
}

static GType
kd_refresh_model_get_item_type (GListModel *list)
{
  return g_list_model_get_item_type (KD_REFRESH_MODEL (list)->model);
}

static guint
kd_refresh_model_get_n_items (GListModel *list)
{
  return KD_REFRESH_MODEL (list)->n_items;
}

static gpointer
kd_refresh_model_get_item (GListModel *list,
                           guint       position)
{
  KdRefreshModel *self = KD_REFRESH_MODEL (list);
  GObject *item = g_list_model_get_item (self->model, position);
  GWeakRef *ref;

  if (item == NULL)
    return NULL;

  if (g_hash_table_size (self->handed) > PRUNE_AT)
    g_hash_table_foreach_remove (self->handed, is_dead, NULL);

  ref = g_new0 (GWeakRef, 1);
  g_weak_ref_init (ref, item);
  g_hash_table_insert (self->handed, GUINT_TO_POINTER (position), ref);

  return item;
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = kd_refresh_model_get_item_type;
  iface->get_n_items = kd_refresh_model_get_n_items;
  iface->get_item = kd_refresh_model_get_item;
}

static int
compare_positions (gconstpointer a,
                   gconstpointer b)
{
  guint pa = *(const guint *) a;
  guint pb = *(const guint *) b;

  return pa < pb ? -1 : pa > pb;
}

/* The positions below @limit whose items are still alive, in order. */
static GArray *
steal_live_positions (KdRefreshModel *self,
                      guint           limit)
{
  GArray *live = g_array_new (FALSE, FALSE, sizeof (guint));
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, self->handed);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      guint pos = GPOINTER_TO_UINT (key);

      if (pos < limit && !is_dead (key, value, NULL))
        g_array_append_val (live, pos);
    }
  g_hash_table_remove_all (self->handed);
  g_array_sort (live, compare_positions);

  return live;
}

static void
announce_refresh (KdRefreshModel *self,
                  guint           old_n,
                  guint           new_n)
{
  g_autoptr(GArray) live = steal_live_positions (self, MIN (old_n, new_n));

  self->n_items = new_n;
  if (new_n > old_n)
    g_list_model_items_changed (G_LIST_MODEL (self), old_n, 0, new_n - old_n);
  else if (new_n < old_n)
    g_list_model_items_changed (G_LIST_MODEL (self), new_n, old_n - new_n, 0);

  for (guint i = 0; i < live->len;)
    {
      guint first = g_array_index (live, guint, i);
      guint last = first;

      for (i++; i < live->len && g_array_index (live, guint, i) <= last + MAX_GAP; i++)
        last = g_array_index (live, guint, i);
      g_list_model_items_changed (G_LIST_MODEL (self), first, last - first + 1, last - first + 1);
    }
}

/* A change that is not a full refresh: move the remembered rows along. */
static void
shift_handed (KdRefreshModel *self,
              guint           position,
              guint           removed,
              guint           added)
{
  g_autoptr(GHashTable) moved = g_hash_table_new_full (NULL, NULL, NULL, weak_ref_free);
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, self->handed);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      guint pos = GPOINTER_TO_UINT (key);

      if (pos >= position && pos < position + removed)
        continue;
      if (pos >= position + removed)
        pos = pos - removed + added;
      g_hash_table_iter_steal (&iter);
      g_hash_table_insert (moved, GUINT_TO_POINTER (pos), value);
    }

  g_clear_pointer (&self->handed, g_hash_table_unref);
  self->handed = g_steal_pointer (&moved);
}

static void
items_changed_cb (KdRefreshModel *self,
                  guint           position,
                  guint           removed,
                  guint           added,
                  GListModel     *model)
{
  guint old_n = self->n_items;

  if (position == 0 && removed == old_n && removed > 0 && added > 0)
    {
      announce_refresh (self, old_n, added);
      return;
    }

  shift_handed (self, position, removed, added);
  self->n_items = g_list_model_get_n_items (model);
  g_list_model_items_changed (G_LIST_MODEL (self), position, removed, added);
}

static void
kd_refresh_model_dispose (GObject *object)
{
  KdRefreshModel *self = (KdRefreshModel *)object;

  if (self->model != NULL)
    g_signal_handlers_disconnect_by_data (self->model, self);
  g_clear_object (&self->model);

  G_OBJECT_CLASS (kd_refresh_model_parent_class)->dispose (object);
}

static void
kd_refresh_model_finalize (GObject *object)
{
  KdRefreshModel *self = (KdRefreshModel *)object;

  g_clear_pointer (&self->handed, g_hash_table_unref);

  G_OBJECT_CLASS (kd_refresh_model_parent_class)->finalize (object);
}

static void
kd_refresh_model_class_init (KdRefreshModelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = kd_refresh_model_dispose;
  object_class->finalize = kd_refresh_model_finalize;
}

static void
kd_refresh_model_init (KdRefreshModel *self)
{
  self->handed = g_hash_table_new_full (NULL, NULL, NULL, weak_ref_free);
}

KdRefreshModel *
kd_refresh_model_new (GListModel *model)
{
  KdRefreshModel *self;

  g_return_val_if_fail (G_IS_LIST_MODEL (model), NULL);

  self = g_object_new (KD_TYPE_REFRESH_MODEL, NULL);
  self->model = g_object_ref (model);
  self->n_items = g_list_model_get_n_items (model);
  g_signal_connect_object (model, "items-changed", G_CALLBACK (items_changed_cb),
                           self, G_CONNECT_SWAPPED);

  return self;
}

GListModel *
kd_refresh_model_get_model (KdRefreshModel *self)
{
  g_return_val_if_fail (KD_IS_REFRESH_MODEL (self), NULL);

  return self->model;
}
