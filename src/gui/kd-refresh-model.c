/* kd-refresh-model.c: KdCaseList announces a full refresh as one
 * items-changed (0, all, all). GTK 4.8's list item manager answers that by
 * fetching every added row to look for the rows it was tracking (the scroll
 * anchor, the selection), which pages in the whole table from SQLite, and
 * by building every row widget anew.
 *
 * Only the rows someone still holds (the rows on screen, the selected one)
 * can show stale data, so this model remembers which rows it handed out and,
 * on a full refresh, looks up just those rows in the refreshed list. When
 * rows came above them, the held rows are found further down, and the
 * refresh is announced as rows inserted there, so GTK moves the row widgets
 * it has instead of rebuilding them. More generally the held rows before
 * some point are found where they were and those after it shifted by the
 * change of the count; the rows found neither way are announced as
 * replaced. Then each held row whose case now reads differently is
 * announced as changed, one row at a time. When no shift fits, the change of
 * the count is announced at the end of the list and every held row that
 * differs from the row now at its position is announced as changed. Either
 * way the rows that are not held are read when they scroll into view.
 *
 * Holding back. A quick refresh of the list (new cases on top) comes as an
 * edit of its first rows. While the view says the list is adding new rows
 * (kd_refresh_model_set_holding()), those rows are not shown: the model
 * shows the list but for its first n_hidden rows, and GTK hears of nothing,
 * or only of the first rows shown that were read again. The rows on show
 * stay where they are, and a hundred phones reporting cost the view no
 * work. kd_refresh_model_reveal() announces them as inserted on top; any
 * other change (a filter, a case changed) shows them with it. */
#define G_LOG_DOMAIN "kd-refresh-model"

#include "config.h"

#include "kd-case.h"
#include "kd-refresh-model.h"

#define PRUNE_AT      4096   /* prune dead entries when the table grows past this */
#define MAX_REPLACED  512    /* a replaced stretch longer than this is not worth finding */

struct _KdRefreshModel
{
  GObject     parent_instance;

  GListModel *model;
  guint       n_items;     /* the rows shown: the list's but the hidden ones */
  guint       hidden;      /* the list's first rows, held back (see the top) */
  gboolean    holding;     /* the list's changes now are new rows on top, to hold back */
  GHashTable *handed;      /* position → GWeakRef * of the item handed out there */
};

enum {
  PROP_0,
  PROP_N_HIDDEN,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* A held row at a refresh: where it was and the case it showed. */
typedef struct
{
  guint   pos;
  KdCase *kase;
} Held;

/* One items-changed: rows before @pos stay, rows after the removed ones move
 * by @added - @removed. */
typedef struct
{
  guint pos;
  guint removed;
  guint added;
} Edit;

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (KdRefreshModel, kd_refresh_model, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

static void
weak_ref_free (gpointer data)
{
  g_weak_ref_clear (data);
  g_free (data);
}

static GWeakRef *
weak_ref_new (gpointer object)
{
  GWeakRef *ref = g_new0 (GWeakRef, 1);

  g_weak_ref_init (ref, object);
  return ref;
}

static gboolean
is_dead (gpointer key,
         gpointer value,
         gpointer data)
{
  g_autoptr(GObject) item = g_weak_ref_get (value);

  return item == NULL;
}

/* TRUE when the two rows show the same: updated_at counts in seconds, so a
 * status change in the second of the report would not move it. */
static gboolean
same_row (KdCase *a,
          KdCase *b)
{
  return kd_case_get_id (a) == kd_case_get_id (b) &&
         kd_case_get_updated_at (a) == kd_case_get_updated_at (b) &&
         kd_case_get_created_at (a) == kd_case_get_created_at (b) &&
         kd_case_get_status (a) == kd_case_get_status (b) &&
         kd_case_get_urgent (a) == kd_case_get_urgent (b) &&
         g_strcmp0 (kd_case_get_title (a), kd_case_get_title (b)) == 0 &&
         g_strcmp0 (kd_case_get_village_name (a), kd_case_get_village_name (b)) == 0 &&
         g_strcmp0 (kd_case_get_category_name (a), kd_case_get_category_name (b)) == 0;
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

/* Between refreshes a row is one object, however often it is asked for (the
 * list may have dropped its page and read it again): the view and the
 * selection compare rows by pointer. */
static gpointer
kd_refresh_model_get_item (GListModel *list,
                           guint       position)
{
  KdRefreshModel *self = KD_REFRESH_MODEL (list);
  g_autoptr(KdCase) item = NULL;
  GWeakRef *ref;

  if (position >= self->n_items)
    return NULL;
  item = g_list_model_get_item (self->model, position + self->hidden);
  if (item == NULL)
    return NULL;

  ref = g_hash_table_lookup (self->handed, GUINT_TO_POINTER (position));
  if (ref != NULL)
    {
      g_autoptr(KdCase) held = g_weak_ref_get (ref);

      if (held != NULL && same_row (held, item))
        return g_steal_pointer (&held);
    }

  if (g_hash_table_size (self->handed) > PRUNE_AT)
    g_hash_table_foreach_remove (self->handed, is_dead, NULL);
  g_hash_table_insert (self->handed, GUINT_TO_POINTER (position), weak_ref_new (item));

  return g_steal_pointer (&item);
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = kd_refresh_model_get_item_type;
  iface->get_n_items = kd_refresh_model_get_n_items;
  iface->get_item = kd_refresh_model_get_item;
}

static void
held_clear (gpointer data)
{
  g_clear_object (&((Held *) data)->kase);
}

static int
compare_held (gconstpointer a,
              gconstpointer b)
{
  guint pa = ((const Held *) a)->pos;
  guint pb = ((const Held *) b)->pos;

  return pa < pb ? -1 : pa > pb;
}

/* The rows below @limit that someone still holds, in order; forgets them all. */
static GArray *
steal_held (KdRefreshModel *self,
            guint           limit)
{
  GArray *held = g_array_new (FALSE, FALSE, sizeof (Held));
  GHashTableIter iter;
  gpointer key, value;

  g_array_set_clear_func (held, held_clear);
  g_hash_table_iter_init (&iter, self->handed);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      Held h = { GPOINTER_TO_UINT (key), g_weak_ref_get (value) };

      if (h.kase != NULL && h.pos < limit)
        g_array_append_val (held, h);
      else
        g_clear_object (&h.kase);
    }
  g_hash_table_remove_all (self->handed);
  g_array_sort (held, compare_held);

  return held;
}

static Held *
held_at (GArray *held,
         guint   i)
{
  return &g_array_index (held, Held, i);
}

/* The list's row now at @pos, or NULL. */
static KdCase *
row_at (KdRefreshModel *self,
        gint64          pos)
{
  if (pos < 0 || pos >= g_list_model_get_n_items (self->model))
    return NULL;
  return g_list_model_get_item (self->model, (guint) pos);
}

static gboolean
case_is_at (KdRefreshModel *self,
            Held           *h,
            gint64          pos)
{
  g_autoptr(KdCase) now = row_at (self, pos);

  return now != NULL && kd_case_get_id (now) == kd_case_get_id (h->kase);
}

/* Rows s.. of @held were found @delta further; rows ..a-1 where they were.
 * The rows between (none when a == s) were replaced: one edit that keeps
 * the rest in place, or FALSE when the count does not fit in the gaps. */
static gboolean
edit_between (GArray *held,
              guint   a,
              guint   s,
              gint64  delta,
              guint   old_n,
              Edit   *edit)
{
  gint64 lo_min = a > 0 ? held_at (held, a - 1)->pos + 1 : 0;
  gint64 hi_max = s < held->len ? held_at (held, s)->pos : old_n;
  gint64 lo = a < s ? held_at (held, a)->pos : lo_min;
  gint64 hi = a < s ? held_at (held, s - 1)->pos + 1 : lo;

  /* Fewer rows left than the replaced stretch holds: widen it into the gaps. */
  if (hi - lo + delta < 0)
    hi = MIN (hi_max, lo - delta);
  if (hi - lo + delta < 0)
    lo = MAX (lo_min, hi + delta);
  if (hi - lo + delta < 0 || hi - lo > MAX_REPLACED)
    return FALSE;

  *edit = (Edit) { lo, hi - lo, hi - lo + delta };
  return TRUE;
}

/* Finds how the count changed around the held rows (see the top). */
static gboolean
find_shift (KdRefreshModel *self,
            GArray         *held,
            guint           old_n,
            Edit           *edit)
{
  gint64 delta = (gint64) self->n_items - old_n;
  guint a = 0, s = held->len;

  if (delta == 0 || held->len == 0)
    return FALSE;

  while (s > 0 && case_is_at (self, held_at (held, s - 1), held_at (held, s - 1)->pos + delta))
    s--;
  if (s == held->len)
    return FALSE;
  while (a < s && case_is_at (self, held_at (held, a), held_at (held, a)->pos))
    a++;

  return edit_between (held, a, s, delta, old_n, edit);
}

/* Where the row at old position @pos is after @edit, or -1 when it was replaced. */
static gint64
map_position (const Edit *edit,
              guint       pos)
{
  if (pos < edit->pos)
    return pos;
  if (pos >= edit->pos + edit->removed)
    return (gint64) pos - edit->removed + edit->added;
  return -1;
}

/* Remembers the held rows that read the same at their new positions and
 * returns the new positions of those that do not. */
static GArray *
keep_unchanged (KdRefreshModel *self,
                GArray         *held,
                const Edit     *edit)
{
  GArray *changed = g_array_new (FALSE, FALSE, sizeof (guint));

  for (guint i = 0; i < held->len; i++)
    {
      Held *h = held_at (held, i);
      gint64 pos = map_position (edit, h->pos);
      g_autoptr(KdCase) now = NULL;

      if (pos < 0 || pos >= self->n_items)
        continue;

      now = row_at (self, pos);
      if (now != NULL && same_row (h->kase, now))
        {
          g_hash_table_insert (self->handed, GUINT_TO_POINTER ((guint) pos), weak_ref_new (h->kase));
        }
      else
        {
          guint p = (guint) pos;
          g_array_append_val (changed, p);
        }
    }

  return changed;
}

/* Announces the changed rows, adjacent ones as one range. */
static void
announce_changed (KdRefreshModel *self,
                  GArray         *changed)
{
  for (guint i = 0; i < changed->len;)
    {
      guint first = g_array_index (changed, guint, i);
      guint n = 1;

      for (i++; i < changed->len && g_array_index (changed, guint, i) == first + n; i++)
        n++;
      g_list_model_items_changed (G_LIST_MODEL (self), first, n, n);
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

/* What an edit of the list's rows (@edit, in the list's positions) does to
 * the rows shown, and how many rows are held back after it. New rows on top
 * (while holding) are held back: the rows shown stay, but for those the
 * edit replaced (the first rows, read again), which get as many of its last
 * rows as it has. Any other change shows the rows held back with it. */
static Edit
shown_edit (KdRefreshModel *self,
            const Edit     *edit,
            guint          *hidden)
{
  guint before = self->hidden;
  gboolean hold = self->holding && (before > 0 || self->n_items > 0);   /* an empty view has nothing to keep */

  if ((hold && edit->pos > before) ||
      (before == 0 && !(hold && edit->pos == 0 && edit->added > edit->removed)))
    {
      *hidden = before;
      return (Edit) { edit->pos - before, edit->removed, edit->added };
    }
  if (!hold)
    {
      guint end = MAX (before, edit->pos + edit->removed);   /* in the list as it was */

      *hidden = 0;
      return (Edit) { 0, end - before, end - edit->removed + edit->added };
    }
  if (edit->pos + edit->removed <= before)
    {
      *hidden = before - edit->removed + edit->added;
      return (Edit) { 0, 0, 0 };
    }
  {
    guint shown = edit->pos + edit->removed - before;   /* rows shown that the edit replaced */
    guint kept = MIN (edit->added, shown);

    *hidden = edit->pos + edit->added - kept;
    return (Edit) { 0, shown, kept };
  }
}

/* Tells the view of @shown, the rows held back being @hidden now. */
static void
announce (KdRefreshModel *self,
          const Edit     *shown,
          guint           hidden)
{
  gboolean notify = hidden != self->hidden;

  self->hidden = hidden;
  self->n_items = self->n_items - shown->removed + shown->added;
  if (shown->removed > 0 || shown->added > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), shown->pos, shown->removed, shown->added);
  if (notify)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_HIDDEN]);
}

/* A full refresh: the edit is found in the list's rows, as if none were
 * held back, then told as the rows shown see it. */
static void
announce_refresh (KdRefreshModel *self,
                  guint           old_n,
                  guint           new_n)
{
  g_autoptr(GArray) held = steal_held (self, self->n_items);
  g_autoptr(GArray) changed = NULL;
  guint view_n = self->n_items, hidden, n_changed = 0;
  Edit edit, shown;

  for (guint i = 0; i < held->len; i++)
    held_at (held, i)->pos += self->hidden;
  self->n_items = new_n;   /* the list's, for find_shift() and keep_unchanged() */
  if (!find_shift (self, held, old_n, &edit))
    edit = (Edit) { MIN (old_n, new_n), old_n - MIN (old_n, new_n), new_n - MIN (old_n, new_n) };

  /* The rows kept are remembered before the view hears of the change and
   * asks for rows. */
  changed = keep_unchanged (self, held, &edit);
  g_clear_pointer (&held, g_array_unref);
  self->n_items = view_n;
  shown = shown_edit (self, &edit, &hidden);
  shift_handed (self, 0, hidden, 0);   /* to the positions shown */

  /* The rows changed, where shown, but for those in the edit's range. */
  for (guint i = 0; i < changed->len; i++)
    {
      guint pos = g_array_index (changed, guint, i);

      if (pos >= hidden && (pos - hidden < shown.pos || pos - hidden >= shown.pos + shown.added))
        g_array_index (changed, guint, n_changed++) = pos - hidden;
    }
  g_array_set_size (changed, n_changed);

  announce (self, &shown, hidden);
  announce_changed (self, changed);
}

static void
items_changed_cb (KdRefreshModel *self,
                  guint           position,
                  guint           removed,
                  guint           added,
                  GListModel     *model)
{
  guint old_n = self->n_items + self->hidden;
  Edit edit = { position, removed, added }, shown;
  guint hidden;

  if (position == 0 && removed == old_n && removed > 0 && added > 0)
    {
      announce_refresh (self, old_n, added);
      return;
    }
  shown = shown_edit (self, &edit, &hidden);
  shift_handed (self, shown.pos, shown.removed, shown.added);
  announce (self, &shown, hidden);
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
kd_refresh_model_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  KdRefreshModel *self = KD_REFRESH_MODEL (object);

  switch (prop_id)
    {
    case PROP_N_HIDDEN:
      g_value_set_uint (value, self->hidden);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kd_refresh_model_class_init (KdRefreshModelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = kd_refresh_model_dispose;
  object_class->finalize = kd_refresh_model_finalize;
  object_class->get_property = kd_refresh_model_get_property;

  properties[PROP_N_HIDDEN] =
    g_param_spec_uint ("n-hidden", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
kd_refresh_model_init (KdRefreshModel *self)
{
  self->handed = g_hash_table_new_full (NULL, NULL, NULL, weak_ref_free);
}

/* @model lists KdCase rows. */
KdRefreshModel *
kd_refresh_model_new (GListModel *model)
{
  KdRefreshModel *self;

  g_return_val_if_fail (G_IS_LIST_MODEL (model), NULL);
  g_return_val_if_fail (g_type_is_a (g_list_model_get_item_type (model), KD_TYPE_CASE), NULL);

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

/* Whether the list's changes now bring new rows on top, to be held back
 * from the view until kd_refresh_model_reveal(): so that the rows on show
 * do not move under the pointer. Otherwise (the default) changes are told
 * as they are, and show the rows held back with them. */
void
kd_refresh_model_set_holding (KdRefreshModel *self,
                              gboolean        holding)
{
  g_return_if_fail (KD_IS_REFRESH_MODEL (self));

  self->holding = holding;
}

/* How many of the list's first rows are held back. */
guint
kd_refresh_model_get_n_hidden (KdRefreshModel *self)
{
  g_return_val_if_fail (KD_IS_REFRESH_MODEL (self), 0);

  return self->hidden;
}

/* Shows the rows held back, on top. */
void
kd_refresh_model_reveal (KdRefreshModel *self)
{
  guint hidden;

  g_return_if_fail (KD_IS_REFRESH_MODEL (self));

  if ((hidden = self->hidden) == 0)
    return;
  shift_handed (self, 0, 0, hidden);
  announce (self, &(Edit) { 0, 0, hidden }, 0);
}

/* Where the list's row @position is shown, or G_MAXUINT when it is held back. */
guint
kd_refresh_model_from_list (KdRefreshModel *self,
                            guint           position)
{
  g_return_val_if_fail (KD_IS_REFRESH_MODEL (self), G_MAXUINT);

  if (position == G_MAXUINT || position < self->hidden)
    return G_MAXUINT;
  return position - self->hidden;
}
