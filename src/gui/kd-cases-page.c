/* kd-cases-page.c: the case queue. The table shows a KdCaseList, which pages
 * rows from SQLite; filters and column sorting are handed to it as SQL, never
 * done in memory. The selection follows the case, not the row, across the
 * live refreshes the store's changes cause. */
#define G_LOG_DOMAIN "kd-cases-page"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>
#include <adwaita.h>

#include "kd-case.h"
#include "kd-cases-page.h"
#include "kd-fts.h"
#include "kd-catalog-item.h"
#include "kd-refresh-model.h"
#include "kd-ui-resources.h"

#define N_COLUMNS 7

typedef struct
{
  KdCasesPage *self;
  KdCaseSort   sort;
} SortProbe;

struct _KdCasesPage
{
  GtkWidget           parent_instance;

  KdStore            *store;
  KdCaseList         *list;
  KdRefreshModel     *rows;            /* the list, as the view may read it */
  GtkSingleSelection *selection;
  GArray             *village_ids;     /* gint64, parallel to the village drop-down */
  gint64              selected_id;     /* 0: none */
  guint               count;           /* what count_label says; G_MAXUINT: nothing yet */
  gboolean            refreshing;
  SortProbe           probes[N_COLUMNS];
  int                 probe_hit;

  /* template */
  GtkSearchEntry     *search_entry;
  GtkDropDown        *status_dropdown;
  GtkDropDown        *village_dropdown;
  GtkToggleButton    *urgent_toggle;
  GtkStack           *list_stack;
  GtkColumnView      *column_view;
  GtkInscription     *count_label;
  KdCaseDetail       *detail;
  GtkColumnViewColumn *id_column;
  GtkColumnViewColumn *time_column;
  GtkColumnViewColumn *village_column;
  GtkColumnViewColumn *category_column;
  GtkColumnViewColumn *urgent_column;
  GtkColumnViewColumn *status_column;
  GtkColumnViewColumn *title_column;
};

G_DEFINE_FINAL_TYPE (KdCasesPage, kd_cases_page, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_STORE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

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

static void
setup_sorting (KdCasesPage *self)
{
  GtkColumnViewColumn *columns[N_COLUMNS] = {
    self->id_column, self->time_column, self->village_column, self->category_column,
    self->urgent_column, self->status_column, self->title_column,
  };
  const KdCaseSort sorts[N_COLUMNS] = {
    KD_CASE_SORT_ID, KD_CASE_SORT_CREATED, KD_CASE_SORT_VILLAGE, KD_CASE_SORT_CATEGORY,
    KD_CASE_SORT_URGENT, KD_CASE_SORT_STATUS, KD_CASE_SORT_TITLE,
  };

  for (guint i = 0; i < N_COLUMNS; i++)
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

/* Cells. Each is made once per cell and only has its text set when it shows
 * another case: plain text, never markup (the villagers' words as written).
 * GTK 4.8 binds every cell of a row again when the row only moved (reports
 * arrived above it); the cell keeps the case it shows, to skip that. */

static GQuark shown_quark;

static void
setup_text_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               KdCasesPage              *self)
{
  GtkWidget *cell = gtk_inscription_new (NULL);

  gtk_inscription_set_xalign (GTK_INSCRIPTION (cell), 0);
  gtk_inscription_set_text_overflow (GTK_INSCRIPTION (cell), GTK_INSCRIPTION_OVERFLOW_ELLIPSIZE_END);
  gtk_list_item_set_child (item, cell);
}

/* The case @item's cell is to show now, or NULL when it shows it already. */
static KdCase *
case_to_show (GtkListItem *item)
{
  GObject *cell = G_OBJECT (gtk_list_item_get_child (item));
  KdCase *kase = gtk_list_item_get_item (item);

  if (kase == NULL || g_object_get_qdata (cell, shown_quark) == kase)
    return NULL;
  g_object_set_qdata_full (cell, shown_quark, g_object_ref (kase), g_object_unref);

  return kase;
}

static void
set_cell_text (GtkListItem *item,
               const char  *text)
{
  gtk_inscription_set_text (GTK_INSCRIPTION (gtk_list_item_get_child (item)), text);
}

static void
bind_id_cb (GtkSignalListItemFactory *factory,
            GtkListItem              *item,
            KdCasesPage              *self)
{
  KdCase *kase = case_to_show (item);
  char text[24];

  if (kase == NULL)
    return;
  g_snprintf (text, sizeof text, "%" G_GINT64_FORMAT, kd_case_get_id (kase));
  set_cell_text (item, text);
}

/* While searching, the summary has a second line: where the search matched
 * (the description, or a reply or internal note), the matched words in bold
 * on a highlight. Attributes on plain text, never markup. */
static PangoAttrList *
highlight_attributes (GArray *ranges)
{
  PangoAttrList *attrs = pango_attr_list_new ();

  for (guint i = 0; ranges != NULL && i < ranges->len; i++)
    {
      const KdFtsRange *r = &g_array_index (ranges, KdFtsRange, i);
      PangoAttribute *bold = pango_attr_weight_new (PANGO_WEIGHT_BOLD);
      PangoAttribute *mark = pango_attr_background_new (0xffff, 0xe6e6, 0x8080);

      bold->start_index = mark->start_index = r->start;
      bold->end_index = mark->end_index = r->end;
      pango_attr_list_insert (attrs, bold);
      pango_attr_list_insert (attrs, mark);
    }
  return attrs;
}

static GtkWidget *
ellipsized_line (void)
{
  GtkWidget *line = gtk_inscription_new (NULL);

  gtk_inscription_set_xalign (GTK_INSCRIPTION (line), 0);
  gtk_inscription_set_text_overflow (GTK_INSCRIPTION (line), GTK_INSCRIPTION_OVERFLOW_ELLIPSIZE_END);
  return line;
}

/* The summary cell: the title, and under it the match while searching. */
static void
setup_title_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *item,
                KdCasesPage              *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *match = ellipsized_line ();

  gtk_widget_add_css_class (match, "dim-label");
  gtk_widget_set_visible (match, FALSE);
  gtk_box_append (GTK_BOX (box), ellipsized_line ());
  gtk_box_append (GTK_BOX (box), match);
  gtk_list_item_set_child (item, box);
}

static void
bind_title_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               KdCasesPage              *self)
{
  GtkWidget *box = gtk_list_item_get_child (item);
  GtkInscription *title = GTK_INSCRIPTION (gtk_widget_get_first_child (box));
  GtkInscription *match = GTK_INSCRIPTION (gtk_widget_get_last_child (box));
  const char *search = self->list ? kd_case_list_get_search (self->list) : NULL;
  gboolean searching = search != NULL && *search != '\0';
  g_autoptr(GArray) ranges = NULL;
  g_autoptr(PangoAttrList) attrs = NULL;
  g_autofree char *line = NULL;
  KdCase *kase;

  if (!searching)
    {
      if ((kase = case_to_show (item)) == NULL)
        return;
      gtk_widget_set_visible (GTK_WIDGET (match), FALSE);
      gtk_inscription_set_text (title, kd_case_get_title (kase));
      return;
    }

  /* The same case may match differently as the search changes: always. */
  g_object_set_qdata (G_OBJECT (box), shown_quark, NULL);
  if ((kase = gtk_list_item_get_item (item)) == NULL)
    return;
  line = kd_case_list_dup_highlight (self->list, kase, NULL, &ranges);
  attrs = highlight_attributes (ranges);
  gtk_inscription_set_text (title, kd_case_get_title (kase));
  gtk_inscription_set_text (match, line);
  gtk_inscription_set_attributes (match, attrs);
  gtk_widget_set_visible (GTK_WIDGET (match), TRUE);
}

static void
bind_village_cb (GtkSignalListItemFactory *factory,
                 GtkListItem              *item,
                 KdCasesPage              *self)
{
  KdCase *kase = case_to_show (item);

  if (kase != NULL)
    set_cell_text (item, kd_case_get_village_name (kase));
}

static void
bind_category_cb (GtkSignalListItemFactory *factory,
                  GtkListItem              *item,
                  KdCasesPage              *self)
{
  KdCase *kase = case_to_show (item);

  if (kase != NULL)
    set_cell_text (item, kd_case_get_category_name (kase));
}

static void
bind_status_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *item,
                KdCasesPage              *self)
{
  KdCase *kase = case_to_show (item);

  if (kase != NULL)
    set_cell_text (item, kd_case_status_label (kd_case_get_status (kase)));
}

static void
bind_time_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              KdCasesPage              *self)
{
  KdCase *kase = case_to_show (item);
  g_autofree char *text = NULL;

  if (kase == NULL)
    return;
  text = kd_format_local_time (kd_case_get_created_at (kase));
  set_cell_text (item, text);
}

static void
setup_urgent_cb (GtkSignalListItemFactory *factory,
                 GtkListItem              *item,
                 KdCasesPage              *self)
{
  GtkWidget *pill = gtk_label_new (_("Urgent"));

  gtk_widget_set_halign (pill, GTK_ALIGN_START);
  gtk_widget_add_css_class (pill, "urgent-pill");
  gtk_widget_set_visible (pill, FALSE);
  gtk_list_item_set_child (item, pill);
}

static void
bind_urgent_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *item,
                KdCasesPage              *self)
{
  KdCase *kase = case_to_show (item);

  if (kase != NULL)
    gtk_widget_set_visible (gtk_list_item_get_child (item), kd_case_get_urgent (kase));
}

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

/* Runs before the view's models see a refresh. KdRefreshModel moves the
 * selected row along with the rows that arrive above it; the selection only
 * goes when that row now reads differently, and is taken again by id once
 * the refresh is through (list_changed_after_cb). */
static void
list_changed_before_cb (KdCasesPage *self,
                        guint        position,
                        guint        removed,
                        guint        added,
                        GListModel  *list)
{
  self->refreshing = TRUE;
}

static void
list_changed_after_cb (KdCasesPage *self,
                       guint        position,
                       guint        removed,
                       guint        added,
                       GListModel  *list)
{
  KdCase *kept;
  guint pos;

  self->refreshing = FALSE;
  update_count (self);
  if (self->selected_id == 0)
    return;

  kept = gtk_single_selection_get_selected_item (self->selection);
  if (kept != NULL && kd_case_get_id (kept) == self->selected_id)
    {
      kd_case_detail_set_case (self->detail, kept);
      return;
    }

  pos = kd_case_list_find (self->list, self->selected_id);
  self->refreshing = TRUE;
  gtk_single_selection_set_selected (self->selection, pos);
  self->refreshing = FALSE;

  if (pos != GTK_INVALID_LIST_POSITION)
    kd_case_detail_set_case (self->detail, gtk_single_selection_get_selected_item (self->selection));
}

/* The detail follows the row the cadre picks; a case that a filter hides
 * stays on show until another is picked. */
static void
selection_changed_cb (KdCasesPage *self,
                      guint        position,
                      guint        n_items,
                      GtkSelectionModel *model)
{
  KdCase *kase;

  if (self->refreshing)
    return;

  kase = gtk_single_selection_get_selected_item (self->selection);
  if (kase == NULL)
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
  gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
  self->refreshing = FALSE;
  self->selected_id = case_id;
  kd_case_detail_set_case (detail, kase);
}

/* Filters. */

static void
search_changed_cb (KdCasesPage    *self,
                   GtkSearchEntry *entry)
{
  if (self->list != NULL)
    kd_case_list_set_search (self->list, gtk_editable_get_text (GTK_EDITABLE (entry)));
}

static void
status_selected_cb (KdCasesPage *self,
                    GParamSpec  *pspec,
                    GtkDropDown *dropdown)
{
  guint selected = gtk_drop_down_get_selected (dropdown);

  /* Row 0 is "All statuses"; row n is status n - 1. */
  if (self->list != NULL && selected != GTK_INVALID_LIST_POSITION)
    kd_case_list_set_status (self->list, (int) selected - 1);
}

static void
village_selected_cb (KdCasesPage *self,
                     GParamSpec  *pspec,
                     GtkDropDown *dropdown)
{
  guint selected = gtk_drop_down_get_selected (dropdown);

  if (self->list != NULL && self->village_ids != NULL && selected < self->village_ids->len)
    kd_case_list_set_village (self->list, g_array_index (self->village_ids, gint64, selected));
}

static void
urgent_toggled_cb (KdCasesPage     *self,
                   GtkToggleButton *toggle)
{
  if (self->list != NULL)
    kd_case_list_set_urgent_only (self->list, gtk_toggle_button_get_active (toggle));
}

static void
fill_status_dropdown (KdCasesPage *self)
{
  g_autoptr(GtkStringList) strings = gtk_string_list_new (NULL);

  gtk_string_list_append (strings, _("All Statuses"));
  for (int s = 0; s < KD_CASE_N_STATUSES; s++)
    gtk_string_list_append (strings, kd_case_status_label (s));

  gtk_drop_down_set_model (self->status_dropdown, G_LIST_MODEL (strings));
  gtk_drop_down_set_selected (self->status_dropdown, 0);
}

static void
fill_village_dropdown (KdCasesPage *self)
{
  g_autoptr(GtkStringList) strings = gtk_string_list_new (NULL);
  g_autoptr(GListModel) villages = NULL;
  g_autoptr(GError) error = NULL;
  gint64 all = 0;

  g_clear_pointer (&self->village_ids, g_array_unref);
  self->village_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  gtk_string_list_append (strings, _("All Villages"));
  g_array_append_val (self->village_ids, all);

  if (self->store != NULL)
    villages = kd_catalog_item_list (kd_store_get_reader (self->store), KD_CATALOG_VILLAGES, &error);
  if (error != NULL)
    g_warning ("Could not list the villages: %s", error->message);

  for (guint i = 0; villages && i < g_list_model_get_n_items (villages); i++)
    {
      g_autoptr(KdCatalogItem) item = g_list_model_get_item (villages, i);
      gint64 id = kd_catalog_item_get_id (item);

      gtk_string_list_append (strings, kd_catalog_item_get_name (item));
      g_array_append_val (self->village_ids, id);
    }

  gtk_drop_down_set_model (self->village_dropdown, G_LIST_MODEL (strings));
  gtk_drop_down_set_selected (self->village_dropdown, 0);
}

static void
kd_cases_page_dispose (GObject *object)
{
  KdCasesPage *self = (KdCasesPage *)object;
  GtkWidget *child;

  if (self->list != NULL)
    g_signal_handlers_disconnect_by_data (self->list, self);
  gtk_widget_dispose_template (GTK_WIDGET (self), KD_TYPE_CASES_PAGE);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->selection);
  g_clear_object (&self->rows);
  g_clear_object (&self->list);
  g_clear_object (&self->store);
  g_clear_pointer (&self->village_ids, g_array_unref);

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

  shown_quark = g_quark_from_static_string ("kd-cases-page-shown");

  (void) kd_ui_get_resource ();  /* links the bundle and its registering constructor */
  gtk_widget_class_set_template_from_resource (widget_class, "/org/kuiduo/Kuiduo/ui/kd-cases-page.ui");
  gtk_widget_class_bind_template_child (widget_class, KdCasesPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, KdCasesPage, status_dropdown);
  gtk_widget_class_bind_template_child (widget_class, KdCasesPage, village_dropdown);
  gtk_widget_class_bind_template_child (widget_class, KdCasesPage, urgent_toggle);
  gtk_widget_class_bind_template_child (widget_class, KdCasesPage, list_stack);
  gtk_widget_class_bind_template_child (widget_class, KdCasesPage, column_view);
  gtk_widget_class_bind_template_child (widget_class, KdCasesPage, count_label);
  gtk_widget_class_bind_template_child (widget_class, KdCasesPage, detail);
  gtk_widget_class_bind_template_child (widget_class, KdCasesPage, id_column);
  gtk_widget_class_bind_template_child (widget_class, KdCasesPage, time_column);
  gtk_widget_class_bind_template_child (widget_class, KdCasesPage, village_column);
  gtk_widget_class_bind_template_child (widget_class, KdCasesPage, category_column);
  gtk_widget_class_bind_template_child (widget_class, KdCasesPage, urgent_column);
  gtk_widget_class_bind_template_child (widget_class, KdCasesPage, status_column);
  gtk_widget_class_bind_template_child (widget_class, KdCasesPage, title_column);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, status_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, village_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, urgent_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, setup_text_cb);
  gtk_widget_class_bind_template_callback (widget_class, setup_urgent_cb);
  gtk_widget_class_bind_template_callback (widget_class, setup_title_cb);
  gtk_widget_class_bind_template_callback (widget_class, bind_id_cb);
  gtk_widget_class_bind_template_callback (widget_class, bind_title_cb);
  gtk_widget_class_bind_template_callback (widget_class, bind_village_cb);
  gtk_widget_class_bind_template_callback (widget_class, bind_category_cb);
  gtk_widget_class_bind_template_callback (widget_class, bind_status_cb);
  gtk_widget_class_bind_template_callback (widget_class, bind_time_cb);
  gtk_widget_class_bind_template_callback (widget_class, bind_urgent_cb);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "casespage");

  g_type_ensure (KD_TYPE_CASE);
  g_type_ensure (KD_TYPE_CASE_DETAIL);
}

static void
kd_cases_page_init (KdCasesPage *self)
{
  self->count = G_MAXUINT;
  gtk_widget_init_template (GTK_WIDGET (self));

  g_signal_connect_object (self->detail, "show-case", G_CALLBACK (detail_show_case_cb), self, G_CONNECT_SWAPPED);
  fill_status_dropdown (self);
  fill_village_dropdown (self);
  setup_sorting (self);
  update_count (self);
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
  /* autoselect off before the model is set, or row 0 gets selected unseen */
  self->selection = g_object_new (GTK_TYPE_SINGLE_SELECTION,
                                  "autoselect", FALSE,
                                  "can-unselect", TRUE,
                                  "model", self->rows,
                                  NULL);
  g_signal_connect_object (self->list, "items-changed", G_CALLBACK (list_changed_after_cb),
                           self, G_CONNECT_SWAPPED | G_CONNECT_AFTER);
  g_signal_connect_object (self->selection, "selection-changed", G_CALLBACK (selection_changed_cb),
                           self, G_CONNECT_SWAPPED);
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
  if (self->list != NULL)
    g_signal_handlers_disconnect_by_data (self->list, self);
  g_clear_object (&self->selection);
  g_clear_object (&self->rows);
  g_clear_object (&self->list);
  g_set_object (&self->store, store);
  self->selected_id = 0;

  kd_case_detail_set_case (self->detail, NULL);
  kd_case_detail_set_store (self->detail, store);
  fill_village_dropdown (self);
  gtk_drop_down_set_selected (self->status_dropdown, 0);
  gtk_toggle_button_set_active (self->urgent_toggle, FALSE);
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");

  if (store != NULL)
    {
      self->list = kd_case_list_new (store);
      bind_list (self);
      sorter_changed_cb (self, 0, gtk_column_view_get_sorter (self->column_view));
      /* Open on the newest case rather than on an empty pane. */
      gtk_single_selection_set_selected (self->selection, 0);
    }
  update_count (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STORE]);
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

/* Selects the case and scrolls to it, when the filters show it. */
void
kd_cases_page_select_case (KdCasesPage *self,
                           gint64       case_id)
{
  guint pos;

  g_return_if_fail (KD_IS_CASES_PAGE (self));

  if (self->list == NULL)
    return;

  pos = kd_case_list_find (self->list, case_id);
  if (pos == GTK_INVALID_LIST_POSITION)
    return;

  gtk_single_selection_set_selected (self->selection, pos);
  scroll_to (self, pos);
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
