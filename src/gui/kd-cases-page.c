/* kd-cases-page.c: the case queue. The table shows a KdCaseList, which pages
 * rows from SQLite; filters and column sorting are handed to it as SQL, never
 * done in memory. The selection (several rows: for the bulk actions) follows
 * the cases, not the rows, across the live refreshes the store's changes
 * cause; the detail pane shows the case last clicked. */
#define G_LOG_DOMAIN "kd-cases-page"

#include "config.h"

#include <glib/gi18n.h>

#include "kd-cadre.h"
#include "kd-case.h"
#include "kd-cases-page-private.h"
#include "kd-ui-resources.h"

G_DEFINE_FINAL_TYPE (KdCasesPage, kd_cases_page, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_STORE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Who acts: the signed-in cadre (kd_cases_page_set_viewer()); without one
 * (the tests), the town office. */
void
kd_cases_page_current_actor (KdCasesPage *self,
                             KdActor     *out)
{
  out->cadre_id = self->viewer ? kd_cadre_get_id (self->viewer) : 0;
  out->name = self->viewer ? kd_cadre_get_display_name (self->viewer) : _("Town office");
}

void
kd_cases_page_toast (KdCasesPage *self,
                     const char  *text)
{
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (text));
}

/* Sorting. GTK 4.8 has no public GtkColumnViewSorter API (4.10), but its
 * sorter is documented to compare by the primary column's sorter, inverted
 * when that column sorts descending. Each column's sorter is a probe that
 * records which column it is and always says "smaller": one comparison of two
 * dummies tells the primary column and its direction, which go to SQL. */
static int
probe_compare (gconstpointer a,
               gconstpointer b,
               gpointer      data)
{
  SortProbe *probe = data;

  if (probe->self->probe_hit < 0)
    probe->self->probe_hit = probe->sort;

  return GTK_ORDERING_SMALLER;
}

static void
sorter_changed_cb (KdCasesPage *self,
                   int          change,
                   GtkSorter   *sorter)
{
  GtkOrdering order;

  self->probe_hit = -1;
  order = gtk_sorter_compare (sorter, self, sorter);

  if (self->list == NULL)
    return;
  if (self->probe_hit < 0)
    kd_case_list_set_sort (self->list, KD_CASE_SORT_CREATED, TRUE);
  else
    kd_case_list_set_sort (self->list, self->probe_hit, order == GTK_ORDERING_LARGER);
}

/* "Assigned to" and "Due" are not sortable: their columns are NULL for most
 * cases, which the keyset paging of KdCaseList cannot walk. */
static void
setup_sorting (KdCasesPage *self)
{
  GtkColumnViewColumn *columns[N_SORTABLE] = {
    self->id_column, self->time_column, self->village_column, self->category_column,
    self->urgent_column, self->status_column, self->title_column, self->kind_column,
    self->assignee_column, self->due_column,
  };
  const KdCaseSort sorts[N_SORTABLE] = {
    KD_CASE_SORT_ID, KD_CASE_SORT_CREATED, KD_CASE_SORT_VILLAGE, KD_CASE_SORT_CATEGORY,
    KD_CASE_SORT_URGENT, KD_CASE_SORT_STATUS, KD_CASE_SORT_TITLE, KD_CASE_SORT_KIND,
    KD_CASE_SORT_ASSIGNEE, KD_CASE_SORT_DUE,
  };

  for (guint i = 0; i < N_SORTABLE; i++)
    {
      GtkSorter *sorter = gtk_column_view_column_get_sorter (columns[i]);

      self->probes[i].self = self;
      self->probes[i].sort = sorts[i];
      gtk_custom_sorter_set_sort_func (GTK_CUSTOM_SORTER (sorter), probe_compare, &self->probes[i], NULL);
    }

  g_signal_connect_object (gtk_column_view_get_sorter (self->column_view), "changed",
                           G_CALLBACK (sorter_changed_cb), self, G_CONNECT_SWAPPED);
  /* The list's own default: newest first. */
  gtk_column_view_sort_by_column (self->column_view, self->time_column, GTK_SORT_DESCENDING);
}

static void scroll_to (KdCasesPage *self,
                       guint        pos);

/* Selection across refreshes. */

static void
update_count (KdCasesPage *self)
{
  guint n = self->list ? g_list_model_get_n_items (G_LIST_MODEL (self->list)) : 0;
  g_autofree char *text = NULL;

  if (n == self->count)
    return;

  self->count = n;
  text = g_strdup_printf (ngettext ("%u case", "%u cases", n), n);
  gtk_inscription_set_text (self->count_label, text);
  gtk_stack_set_visible_child_name (self->list_stack, n > 0 ? "list" : "empty");
}

/* The selected cases' ids, or NULL when there are too many to follow. */
static GHashTable *
collect_selected_ids (KdCasesPage *self)
{
  g_autoptr(GtkBitset) set = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
  GHashTable *ids;
  GtkBitsetIter iter;
  guint pos;

  if (gtk_bitset_get_size (set) > KD_CASES_MAX_TRACKED)
    return NULL;

  ids = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  for (gboolean ok = gtk_bitset_iter_init_first (&iter, set, &pos); ok; ok = gtk_bitset_iter_next (&iter, &pos))
    {
      g_autoptr(KdCase) kase = g_list_model_get_item (G_LIST_MODEL (self->selection), pos);

      if (kase != NULL)
        g_hash_table_add (ids, g_memdup2 (&(gint64) { kd_case_get_id (kase) }, sizeof (gint64)));
    }
  return ids;
}

/* Runs before the view's models see a refresh. KdRefreshModel moves the
 * selected rows along with the rows that arrive above them; a row that now
 * reads differently loses its selection, which is taken again by id once the
 * refresh is through (list_changed_after_cb). */
static void
list_changed_before_cb (KdCasesPage *self,
                        guint        position,
                        guint        removed,
                        guint        added,
                        GListModel  *list)
{
  self->refreshing = TRUE;
  /* New cases come on top. They wait behind the "new cases" button, as in
   * a feed: the rows on show do not move under the cadre's pointer, and a
   * hundred phones reporting at once cost the desk a count, not a table. */
  if (self->rows != NULL)
    kd_refresh_model_set_holding (self->rows, kd_case_list_is_adding_new (self->list));
}

/* Selects again, by id, the selected cases whose rows lost the selection. */
static void
reselect (KdCasesPage *self)
{
  g_autoptr(GHashTable) now = collect_selected_ids (self);
  g_autoptr(GtkBitset) add = gtk_bitset_new_empty ();
  GHashTableIter iter;
  gint64 *id;

  if (now == NULL || self->selected_ids == NULL)
    return;

  g_hash_table_iter_init (&iter, self->selected_ids);
  while (g_hash_table_iter_next (&iter, (gpointer *) &id, NULL))
    if (!g_hash_table_contains (now, id))
      {
        guint pos = kd_refresh_model_from_list (self->rows, kd_case_list_find (self->list, *id));

        if (pos != GTK_INVALID_LIST_POSITION)
          gtk_bitset_add (add, pos);
      }
  if (!gtk_bitset_is_empty (add))
    gtk_selection_model_set_selection (GTK_SELECTION_MODEL (self->selection), add, add);
}

static void
list_changed_after_cb (KdCasesPage *self,
                       guint        position,
                       guint        removed,
                       guint        added,
                       GListModel  *list)
{
  guint pos;

  update_count (self);
  reselect (self);
  self->refreshing = FALSE;
  kd_cases_page_update_bulk (self);
  if (self->selected_id == 0)
    return;

  /* The detail pane reads the case again, wherever its row went. */
  {
    g_autoptr(GtkBitset) set = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
    g_autoptr(KdCase) kept = gtk_bitset_get_size (set) == 1
                             ? g_list_model_get_item (G_LIST_MODEL (self->selection), gtk_bitset_get_minimum (set))
                             : NULL;

    if (kept != NULL && kd_case_get_id (kept) == self->selected_id)
      {
        kd_case_detail_set_case (self->detail, kept);
        return;
      }
  }
  pos = kd_case_list_find (self->list, self->selected_id);
  if (pos != GTK_INVALID_LIST_POSITION)
    {
      g_autoptr(KdCase) kase = g_list_model_get_item (G_LIST_MODEL (self->list), pos);

      if (kase != NULL)
        kd_case_detail_set_case (self->detail, kase);
    }
}

/* The detail follows the row the cadre clicked last: a row just selected
 * alone, or the only one selected. A case that a filter hides stays on show
 * until another is picked. */
static void
selection_changed_cb (KdCasesPage       *self,
                      guint              position,
                      guint              n_items,
                      GtkSelectionModel *model)
{
  g_autoptr(GtkBitset) set = NULL;
  g_autoptr(KdCase) kase = NULL;
  guint pick = GTK_INVALID_LIST_POSITION;

  if (self->refreshing)
    return;

  set = gtk_selection_model_get_selection (model);
  if (gtk_bitset_get_size (set) == 1)
    pick = gtk_bitset_get_minimum (set);
  else if (n_items == 1 && gtk_selection_model_is_selected (model, position))
    pick = position;

  g_clear_pointer (&self->selected_ids, g_hash_table_unref);
  self->selected_ids = collect_selected_ids (self);
  kd_cases_page_update_bulk (self);

  if (pick == GTK_INVALID_LIST_POSITION || (kase = g_list_model_get_item (G_LIST_MODEL (model), pick)) == NULL)
    return;
  self->selected_id = kd_case_get_id (kase);
  kd_case_detail_set_case (self->detail, kase);
}

/* A link in the detail (the case kept, a duplicate): its row when the
 * filters show it, else the case alone, as a hidden case stays on show. */
static void
detail_show_case_cb (KdCasesPage  *self,
                     gint64        case_id,
                     KdCaseDetail *detail)
{
  g_autoptr(KdCase) kase = NULL;

  kd_cases_page_select_case (self, case_id);
  if (self->selected_id == case_id || self->store == NULL)
    return;

  kase = kd_case_load (kd_store_get_reader (self->store), case_id, NULL);
  if (kase == NULL)
    return;
  self->refreshing = TRUE;
  gtk_selection_model_unselect_all (GTK_SELECTION_MODEL (self->selection));
  self->refreshing = FALSE;
  self->selected_id = case_id;
  kd_case_detail_set_case (detail, kase);
}

/* Search. */

static void
search_changed_cb (KdCasesPage    *self,
                   GtkSearchEntry *entry)
{
  if (self->list != NULL)
    kd_case_list_set_search (self->list, gtk_editable_get_text (GTK_EDITABLE (entry)));
}

/* New cases held back (list_changed_before_cb): a button at the foot of the
 * table, by the count, says how many, and shows them on top. */

static void
update_new_button (KdCasesPage *self)
{
  guint n = self->rows != NULL ? kd_refresh_model_get_n_hidden (self->rows) : 0;

  if (n > 0)
    {
      g_autofree char *text = g_strdup_printf (ngettext ("%u new case", "%u new cases", n), n);
      g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (GTK_WIDGET (self->new_label), text);
      int width, known;

      /* An inscription: its text changes without resizing the window, as
       * the count grows under a flood of reports; it only widens. */
      pango_layout_get_pixel_size (layout, &width, NULL);
      gtk_widget_get_size_request (GTK_WIDGET (self->new_label), &known, NULL);
      if (width > known)
        gtk_widget_set_size_request (GTK_WIDGET (self->new_label), width, -1);
      gtk_inscription_set_text (self->new_label, text);
      gtk_accessible_update_property (GTK_ACCESSIBLE (gtk_revealer_get_child (self->new_revealer)),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, text, -1);
    }
  gtk_revealer_set_reveal_child (self->new_revealer, n > 0);
}

static void
show_new_cases (KdCasesPage *self)
{
  if (self->rows == NULL)
    return;
  kd_refresh_model_reveal (self->rows);
  scroll_to (self, 0);
}

static void
show_new_activated (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  show_new_cases (KD_CASES_PAGE (widget));
}

/* Keyboard: the next or previous case. */

/* GTK 4.8 has no gtk_column_view_scroll_to(); the list view inside has the action. */
static void
scroll_to (KdCasesPage *self,
           guint        pos)
{
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->column_view));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_LIST_VIEW (child))
      gtk_widget_activate_action (child, "list.scroll-to-item", "u", pos);
}

static void
select_only (KdCasesPage *self,
             guint        pos)
{
  gtk_selection_model_select_item (GTK_SELECTION_MODEL (self->selection), pos, TRUE);
  scroll_to (self, pos);
}

static void
step_activated (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  KdCasesPage *self = KD_CASES_PAGE (widget);
  int step = g_variant_get_int32 (param);
  guint n, pos;

  if (self->list == NULL || (n = g_list_model_get_n_items (G_LIST_MODEL (self->rows))) == 0)
    return;
  pos = self->selected_id ? kd_refresh_model_from_list (self->rows, kd_case_list_find (self->list, self->selected_id))
                          : GTK_INVALID_LIST_POSITION;
  if (pos == GTK_INVALID_LIST_POSITION)
    pos = 0;
  else if (step > 0)
    pos = MIN (pos + 1, n - 1);
  else
    pos = pos > 0 ? pos - 1 : 0;
  select_only (self, pos);
}

static void
select_all_activated (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *param)
{
  KdCasesPage *self = KD_CASES_PAGE (widget);

  if (self->selection != NULL)
    gtk_selection_model_select_all (GTK_SELECTION_MODEL (self->selection));
}

static void
focus_search_activated (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *param)
{
  kd_cases_page_focus_search (KD_CASES_PAGE (widget));
}

static void
kd_cases_page_dispose (GObject *object)
{
  KdCasesPage *self = (KdCasesPage *)object;
  GtkWidget *child;

  if (self->list != NULL)
    g_signal_handlers_disconnect_by_data (self->list, self);
  kd_cases_page_dispose_filters (self);
  gtk_widget_dispose_template (GTK_WIDGET (self), KD_TYPE_CASES_PAGE);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->selection);
  g_clear_object (&self->rows);
  g_clear_object (&self->list);
  g_clear_object (&self->store);
  g_clear_object (&self->viewer);
  g_clear_pointer (&self->selected_ids, g_hash_table_unref);
  g_clear_pointer (&self->bulk_error, g_free);

  G_OBJECT_CLASS (kd_cases_page_parent_class)->dispose (object);
}

static void
kd_cases_page_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  KdCasesPage *self = KD_CASES_PAGE (object);

  switch (prop_id)
    {
    case PROP_STORE: g_value_set_object (value, self->store); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kd_cases_page_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  KdCasesPage *self = KD_CASES_PAGE (object);

  switch (prop_id)
    {
    case PROP_STORE: kd_cases_page_set_store (self, g_value_get_object (value)); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
class_init_keys (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "queue.step", "i", step_activated);
  gtk_widget_class_install_action (widget_class, "queue.select-all", NULL, select_all_activated);
  gtk_widget_class_install_action (widget_class, "queue.focus-search", NULL, focus_search_activated);
  gtk_widget_class_install_action (widget_class, "queue.show-new", NULL, show_new_activated);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Down, GDK_ALT_MASK, "queue.step", "i", 1);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Up, GDK_ALT_MASK, "queue.step", "i", -1);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_a, GDK_CONTROL_MASK, "queue.select-all", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, GDK_CONTROL_MASK, "queue.show-new", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "queue.focus-search", NULL);
}

static void
kd_cases_page_class_init (KdCasesPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kd_cases_page_dispose;
  object_class->get_property = kd_cases_page_get_property;
  object_class->set_property = kd_cases_page_set_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, KD_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  (void) kd_ui_get_resource ();  /* links the bundle and its registering constructor */
  gtk_widget_class_set_template_from_resource (widget_class, "/org/kuiduo/Kuiduo/ui/kd-cases-page.ui");
  gtk_widget_class_bind_template_child (widget_class, KdCasesPage, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, KdCasesPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, KdCasesPage, view_dropdown);
  gtk_widget_class_bind_template_child (widget_class, KdCasesPage, view_menu_button);
  gtk_widget_class_bind_template_child (widget_class, KdCasesPage, status_dropdown);
  gtk_widget_class_bind_template_child (widget_class, KdCasesPage, filters_button);
  gtk_widget_class_bind_template_child (widget_class, KdCasesPage, kind_dropdown);
  gtk_widget_class_bind_template_child (widget_class, KdCasesPage, village_dropdown);
  gtk_widget_class_bind_template_child (widget_class, KdCasesPage, category_dropdown);
  gtk_widget_class_bind_template_child (widget_class, KdCasesPage, urgent_toggle);
  gtk_widget_class_bind_template_child (widget_class, KdCasesPage, overdue_toggle);
  gtk_widget_class_bind_template_child (widget_class, KdCasesPage, mine_toggle);
  gtk_widget_class_bind_template_child (widget_class, KdCasesPage, unassigned_toggle);
  gtk_widget_class_bind_template_child (widget_class, KdCasesPage, list_stack);
  gtk_widget_class_bind_template_child (widget_class, KdCasesPage, column_view);
  gtk_widget_class_bind_template_child (widget_class, KdCasesPage, bulk_revealer);
  gtk_widget_class_bind_template_child (widget_class, KdCasesPage, bulk_label);
  gtk_widget_class_bind_template_child (widget_class, KdCasesPage, count_label);
  gtk_widget_class_bind_template_child (widget_class, KdCasesPage, new_revealer);
  gtk_widget_class_bind_template_child (widget_class, KdCasesPage, new_label);
  gtk_widget_class_bind_template_child (widget_class, KdCasesPage, detail);
  gtk_widget_class_bind_template_child (widget_class, KdCasesPage, id_column);
  gtk_widget_class_bind_template_child (widget_class, KdCasesPage, time_column);
  gtk_widget_class_bind_template_child (widget_class, KdCasesPage, kind_column);
  gtk_widget_class_bind_template_child (widget_class, KdCasesPage, village_column);
  gtk_widget_class_bind_template_child (widget_class, KdCasesPage, category_column);
  gtk_widget_class_bind_template_child (widget_class, KdCasesPage, urgent_column);
  gtk_widget_class_bind_template_child (widget_class, KdCasesPage, status_column);
  gtk_widget_class_bind_template_child (widget_class, KdCasesPage, title_column);
  gtk_widget_class_bind_template_child (widget_class, KdCasesPage, assignee_column);
  gtk_widget_class_bind_template_child (widget_class, KdCasesPage, due_column);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  kd_cases_page_class_init_cells (widget_class);
  kd_cases_page_class_init_filters (widget_class);
  kd_cases_page_class_init_bulk (widget_class);
  class_init_keys (widget_class);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "casespage");

  g_type_ensure (KD_TYPE_CASE);
  g_type_ensure (KD_TYPE_CASE_DETAIL);
}

static void
kd_cases_page_init (KdCasesPage *self)
{
  self->count = G_MAXUINT;
  self->viewer_role = -1;
  gtk_widget_init_template (GTK_WIDGET (self));

  kd_cases_page_init_filters (self);
  g_signal_connect_object (self->detail, "show-case", G_CALLBACK (detail_show_case_cb), self, G_CONNECT_SWAPPED);
  setup_sorting (self);
  update_count (self);
  kd_cases_page_update_bulk (self);
}

KdStore *
kd_cases_page_get_store (KdCasesPage *self)
{
  g_return_val_if_fail (KD_IS_CASES_PAGE (self), NULL);

  return self->store;
}

static void
bind_list (KdCasesPage *self)
{
  /* Connected before the models between the list and the view: see
   * list_changed_before_cb() and kd-refresh-model.c. */
  g_signal_connect_object (self->list, "items-changed", G_CALLBACK (list_changed_before_cb),
                           self, G_CONNECT_SWAPPED);
  self->rows = kd_refresh_model_new (G_LIST_MODEL (self->list));
  self->selection = gtk_multi_selection_new (G_LIST_MODEL (g_object_ref (self->rows)));
  g_signal_connect_object (self->list, "items-changed", G_CALLBACK (list_changed_after_cb),
                           self, G_CONNECT_SWAPPED | G_CONNECT_AFTER);
  g_signal_connect_object (self->selection, "selection-changed", G_CALLBACK (selection_changed_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->rows, "notify::n-hidden", G_CALLBACK (update_new_button),
                           self, G_CONNECT_SWAPPED);
  update_new_button (self);
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (self->selection));
}

void
kd_cases_page_set_store (KdCasesPage *self,
                         KdStore     *store)
{
  g_return_if_fail (KD_IS_CASES_PAGE (self));
  g_return_if_fail (store == NULL || KD_IS_STORE (store));

  if (self->store == store)
    return;

  gtk_column_view_set_model (self->column_view, NULL);
  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (self->store, self);
  if (self->list != NULL)
    g_signal_handlers_disconnect_by_data (self->list, self);
  g_clear_object (&self->selection);
  g_clear_object (&self->rows);
  g_clear_object (&self->list);
  g_clear_pointer (&self->selected_ids, g_hash_table_unref);
  g_set_object (&self->store, store);
  self->selected_id = 0;

  kd_case_detail_set_case (self->detail, NULL);
  kd_case_detail_set_store (self->detail, store);
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");

  if (store != NULL)
    {
      self->list = kd_case_list_new (store);
      kd_case_list_set_viewer (self->list, self->viewer_role, self->viewer_village);
      bind_list (self);
      sorter_changed_cb (self, 0, gtk_column_view_get_sorter (self->column_view));
    }
  kd_cases_page_reset_filters (self);
  if (self->selection != NULL && g_list_model_get_n_items (G_LIST_MODEL (self->selection)) > 0)
    /* Open on the newest case rather than on an empty pane. */
    gtk_selection_model_select_item (GTK_SELECTION_MODEL (self->selection), 0, TRUE);
  update_count (self);
  kd_cases_page_update_bulk (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STORE]);
}

/* Who is looking: the queue holds only the cases @cadre's role may see
 * (kd-access.h). NULL (no one signed in: tests) shows every case. */
void
kd_cases_page_set_viewer (KdCasesPage *self,
                          KdCadre     *cadre)
{
  g_return_if_fail (KD_IS_CASES_PAGE (self));

  g_set_object (&self->viewer, cadre);
  self->viewer_role = cadre ? (int) kd_cadre_get_role (cadre) : -1;
  self->viewer_village = cadre ? kd_cadre_get_village_id (cadre) : 0;
  if (self->list != NULL)
    kd_case_list_set_viewer (self->list, self->viewer_role, self->viewer_village);
}

KdCaseList *
kd_cases_page_get_list (KdCasesPage *self)
{
  g_return_val_if_fail (KD_IS_CASES_PAGE (self), NULL);

  return self->list;
}

KdCaseDetail *
kd_cases_page_get_detail (KdCasesPage *self)
{
  g_return_val_if_fail (KD_IS_CASES_PAGE (self), NULL);

  return self->detail;
}

/* Selects the case alone and scrolls to it, when the filters show it. */
void
kd_cases_page_select_case (KdCasesPage *self,
                           gint64       case_id)
{
  guint pos;

  g_return_if_fail (KD_IS_CASES_PAGE (self));

  if (self->list == NULL)
    return;

  pos = kd_case_list_find (self->list, case_id);
  if (pos != GTK_INVALID_LIST_POSITION && kd_refresh_model_from_list (self->rows, pos) == GTK_INVALID_LIST_POSITION)
    show_new_cases (self);   /* one of the new cases held back */
  pos = kd_refresh_model_from_list (self->rows, pos);
  if (pos != GTK_INVALID_LIST_POSITION)
    select_only (self, pos);
}

gint64
kd_cases_page_get_selected_id (KdCasesPage *self)
{
  g_return_val_if_fail (KD_IS_CASES_PAGE (self), 0);

  return self->selected_id;
}

void
kd_cases_page_focus_search (KdCasesPage *self)
{
  g_return_if_fail (KD_IS_CASES_PAGE (self));

  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}
