/* kd-disclosures-page.c: the disclosures as a table, newest period first
 * (the order is the core's, kd_disclosure_list). The filters go to SQL; the
 * list is read again on the reader when the store says the disclosures
 * changed. A row opens the editor; "New Disclosure…" is there for the
 * cadres who may write one. */
#define G_LOG_DOMAIN "kd-disclosures-page"

#include "config.h"

#include <glib/gi18n.h>

#include "kd-catalog-item.h"
#include "kd-current-actor.h"
#include "kd-disclosure-dialog.h"
#include "kd-disclosure-item.h"
#include "kd-disclosures-page.h"
#include "kd-id-choices.h"
#include "kd-ui-resources.h"
#include "kd-window.h"

#define REFRESH_DELAY_MS 150

struct _KdDisclosuresPage
{
  AdwBin          parent_instance;

  KdStore        *store;
  KdServer       *server;
  GListStore     *items;
  GArray         *village_ids;    /* parallel to village_dropdown: -1 every place, 0 the town */
  GtkWidget      *window;         /* the workbench window we are in (not owned), for who is signed in */
  guint           refresh_source;
  gboolean        syncing;

  /* template */
  GtkDropDown    *kind_dropdown;
  GtkDropDown    *village_dropdown;
  GtkDropDown    *state_dropdown;
  GtkButton      *new_button;
  GtkStack       *stack;
  GtkColumnView  *column_view;
  AdwStatusPage  *empty_page;
  GtkLabel       *count_label;
};

G_DEFINE_FINAL_TYPE (KdDisclosuresPage, kd_disclosures_page, ADW_TYPE_BIN)

/* The state filter's choices, as KdDisclosureQuery sees them. */
static const struct {
  int         state;
  gboolean    current_only;
  const char *label;
} states[] = {
  { -1,                      FALSE, N_("Every State") },
  { KD_DISCLOSURE_DRAFT,     FALSE, N_("Drafts") },
  { KD_DISCLOSURE_REVIEWED,  FALSE, N_("Reviewed") },
  { KD_DISCLOSURE_PUBLISHED, TRUE,  N_("Published, Current") },
  { KD_DISCLOSURE_PUBLISHED, FALSE, N_("Published, Every Version") },
};

static void
get_query (KdDisclosuresPage *self,
           KdDisclosureQuery *query)
{
  guint kind = gtk_drop_down_get_selected (self->kind_dropdown);
  guint state = gtk_drop_down_get_selected (self->state_dropdown);

  *query = (KdDisclosureQuery) { .kind = -1, .state = -1 };
  query->village_id = kd_id_choices_get (self->village_dropdown, self->village_ids, -1);
  if (kind >= 1 && kind <= KD_DISCLOSURE_N_KINDS)
    query->kind = (int) kind - 1;
  if (state < G_N_ELEMENTS (states))
    {
      query->state = states[state].state;
      query->current_only = states[state].current_only;
    }
}

static gboolean
filtered (KdDisclosuresPage *self)
{
  return gtk_drop_down_get_selected (self->kind_dropdown) != 0 ||
         gtk_drop_down_get_selected (self->village_dropdown) != 0 ||
         gtk_drop_down_get_selected (self->state_dropdown) != 0;
}

static void
update_status (KdDisclosuresPage *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->items));
  g_autofree char *count = g_strdup_printf (ngettext ("%u disclosure", "%u disclosures", n), n);

  gtk_label_set_text (self->count_label, count);
  if (filtered (self))
    {
      adw_status_page_set_title (self->empty_page, _("Nothing Matches"));
      adw_status_page_set_description (self->empty_page, _("No disclosure matches these filters."));
    }
  else
    {
      adw_status_page_set_title (self->empty_page, _("No Disclosures Yet"));
      adw_status_page_set_description (self->empty_page,
                                       _("Village affairs, finance and party affairs are written here, "
                                         "reviewed by a second cadre and published for the notice boards "
                                         "and the villagers’ phones."));
    }
  gtk_stack_set_visible_child_name (self->stack, n > 0 ? "list" : "empty");
}

static void
reload (KdDisclosuresPage *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  KdDisclosureQuery query;

  g_clear_handle_id (&self->refresh_source, g_source_remove);
  if (self->store != NULL)
    {
      get_query (self, &query);
      list = kd_disclosure_list (kd_store_get_reader (self->store), &query, &error);
      if (list == NULL)
        g_warning ("Could not read the disclosures: %s", error->message);
    }

  /* The items take the disclosures: the array gives them up. */
  if (list != NULL)
    g_ptr_array_set_free_func (list, NULL);
  for (guint i = 0; list != NULL && i < list->len; i++)
    g_ptr_array_add (items, kd_disclosure_item_new (list->pdata[i]));

  g_list_store_splice (self->items, 0, g_list_model_get_n_items (G_LIST_MODEL (self->items)),
                       items->pdata, items->len);
  update_status (self);
}

static gboolean
refresh_cb (gpointer data)
{
  KdDisclosuresPage *self = data;

  self->refresh_source = 0;
  reload (self);
  return G_SOURCE_REMOVE;
}

static void
disclosures_changed_cb (KdDisclosuresPage *self,
                        const char        *table,
                        gint64             row_id,
                        KdStore           *store)
{
  if (self->refresh_source == 0)
    self->refresh_source = g_timeout_add (REFRESH_DELAY_MS, refresh_cb, self);
}

static void
filter_changed_cb (KdDisclosuresPage *self)
{
  if (!self->syncing)
    reload (self);
}

/* The place filter: every place, the town, then each village; the choice is kept. */
static void
fill_villages (KdDisclosuresPage *self)
{
  g_autoptr(GListModel) villages = NULL;
  KdIdChoices choices;
  guint n;

  kd_id_choices_begin (&choices, self->village_dropdown, self->village_ids);
  kd_id_choices_add (&choices, -1, _("Every Place"));
  kd_id_choices_add (&choices, 0, _("The whole town"));
  if (self->store != NULL)
    villages = kd_catalog_item_list (kd_store_get_reader (self->store), KD_CATALOG_VILLAGES, NULL);
  n = villages ? g_list_model_get_n_items (villages) : 0;
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(KdCatalogItem) village = g_list_model_get_item (villages, i);

      kd_id_choices_add (&choices, kd_catalog_item_get_id (village), kd_catalog_item_get_name (village));
    }

  self->syncing = TRUE;
  kd_id_choices_end (&choices);
  self->syncing = FALSE;
}

static void
fill_choices (KdDisclosuresPage *self)
{
  g_autoptr(GtkStringList) kinds = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) state_labels = gtk_string_list_new (NULL);

  gtk_string_list_append (kinds, _("Every Kind"));
  for (guint i = 0; i < KD_DISCLOSURE_N_KINDS; i++)
    gtk_string_list_append (kinds, kd_disclosure_kind_label (i));
  for (guint i = 0; i < G_N_ELEMENTS (states); i++)
    gtk_string_list_append (state_labels, _(states[i].label));
  gtk_drop_down_set_model (self->kind_dropdown, G_LIST_MODEL (kinds));
  gtk_drop_down_set_model (self->state_dropdown, G_LIST_MODEL (state_labels));
}

/* Who is signed in: only those who may write one see "New Disclosure…". */
static void
update_cadre (KdDisclosuresPage *self)
{
  KdCadre *cadre = kd_current_cadre (GTK_WIDGET (self));
  gboolean may_write = FALSE;

  if (cadre != NULL)
    {
      KdRole role = kd_cadre_get_role (cadre);
      gint64 own = kd_cadre_get_village_id (cadre);

      may_write = kd_disclosure_can_edit (role, own, 0) || kd_disclosure_can_edit (role, own, own);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->new_button), may_write);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "disclosures.new", may_write && self->store != NULL);
}

/* Opening. */

static void
row_activated_cb (KdDisclosuresPage *self,
                  guint              position,
                  GtkColumnView     *view)
{
  g_autoptr(KdDisclosureItem) item = g_list_model_get_item (G_LIST_MODEL (self->items), position);

  if (item != NULL)
    kd_disclosures_page_open (self, kd_disclosure_item_get (item)->id);
}

static void
new_activated (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  kd_disclosures_page_open (KD_DISCLOSURES_PAGE (widget), 0);
}

/* The workbench window says who is signed in. */

static void
kd_disclosures_page_root (GtkWidget *widget)
{
  KdDisclosuresPage *self = KD_DISCLOSURES_PAGE (widget);
  GtkRoot *root;

  GTK_WIDGET_CLASS (kd_disclosures_page_parent_class)->root (widget);

  root = gtk_widget_get_root (widget);
  if (KD_IS_WINDOW (root))
    {
      self->window = GTK_WIDGET (root);
      g_signal_connect_object (root, "notify::cadre", G_CALLBACK (update_cadre), self, G_CONNECT_SWAPPED);
    }
  update_cadre (self);
}

static void
kd_disclosures_page_unroot (GtkWidget *widget)
{
  KdDisclosuresPage *self = KD_DISCLOSURES_PAGE (widget);

  if (self->window != NULL)
    g_signal_handlers_disconnect_by_func (self->window, update_cadre, self);
  self->window = NULL;

  GTK_WIDGET_CLASS (kd_disclosures_page_parent_class)->unroot (widget);
}

static void
kd_disclosures_page_dispose (GObject *object)
{
  KdDisclosuresPage *self = (KdDisclosuresPage *)object;

  g_clear_handle_id (&self->refresh_source, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), KD_TYPE_DISCLOSURES_PAGE);
  g_clear_object (&self->items);
  g_clear_object (&self->store);
  g_clear_object (&self->server);
  g_clear_pointer (&self->village_ids, g_array_unref);

  G_OBJECT_CLASS (kd_disclosures_page_parent_class)->dispose (object);
}

static void
kd_disclosures_page_class_init (KdDisclosuresPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kd_disclosures_page_dispose;
  widget_class->root = kd_disclosures_page_root;
  widget_class->unroot = kd_disclosures_page_unroot;

  (void) kd_ui_get_resource ();
  gtk_widget_class_set_template_from_resource (widget_class, "/org/kuiduo/Kuiduo/ui/kd-disclosures-page.ui");
  gtk_widget_class_bind_template_child (widget_class, KdDisclosuresPage, kind_dropdown);
  gtk_widget_class_bind_template_child (widget_class, KdDisclosuresPage, village_dropdown);
  gtk_widget_class_bind_template_child (widget_class, KdDisclosuresPage, state_dropdown);
  gtk_widget_class_bind_template_child (widget_class, KdDisclosuresPage, new_button);
  gtk_widget_class_bind_template_child (widget_class, KdDisclosuresPage, stack);
  gtk_widget_class_bind_template_child (widget_class, KdDisclosuresPage, column_view);
  gtk_widget_class_bind_template_child (widget_class, KdDisclosuresPage, empty_page);
  gtk_widget_class_bind_template_child (widget_class, KdDisclosuresPage, count_label);
  gtk_widget_class_bind_template_callback (widget_class, filter_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, row_activated_cb);

  gtk_widget_class_install_action (widget_class, "disclosures.new", NULL, new_activated);

  g_type_ensure (KD_TYPE_DISCLOSURE_ITEM);
}

static void
kd_disclosures_page_init (KdDisclosuresPage *self)
{
  g_autoptr(GtkSingleSelection) selection = NULL;

  self->items = g_list_store_new (KD_TYPE_DISCLOSURE_ITEM);
  self->village_ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  self->syncing = TRUE;
  gtk_widget_init_template (GTK_WIDGET (self));
  fill_choices (self);
  fill_villages (self);
  self->syncing = FALSE;

  selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->items)));
  gtk_single_selection_set_autoselect (selection, FALSE);
  gtk_single_selection_set_can_unselect (selection, TRUE);
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (selection));
  update_cadre (self);
  update_status (self);
}

void
kd_disclosures_page_set_store (KdDisclosuresPage *self,
                               KdStore           *store)
{
  g_return_if_fail (KD_IS_DISCLOSURES_PAGE (self));
  g_return_if_fail (store == NULL || KD_IS_STORE (store));

  if (self->store == store)
    return;

  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (self->store, self);
  g_set_object (&self->store, store);
  if (store != NULL)
    {
      g_signal_connect_object (store, "changed::disclosures", G_CALLBACK (disclosures_changed_cb),
                               self, G_CONNECT_SWAPPED);
      g_signal_connect_object (store, "changed::villages", G_CALLBACK (fill_villages),
                               self, G_CONNECT_SWAPPED);
    }
  fill_villages (self);
  update_cadre (self);
  reload (self);
}

/* For the QR codes of the printed sheets: the phone endpoint. */
void
kd_disclosures_page_set_server (KdDisclosuresPage *self,
                                KdServer          *server)
{
  g_return_if_fail (KD_IS_DISCLOSURES_PAGE (self));
  g_return_if_fail (server == NULL || KD_IS_SERVER (server));

  g_set_object (&self->server, server);
}

/* The disclosures listed, KdDisclosureItem items, in the order shown. */
GListModel *
kd_disclosures_page_get_model (KdDisclosuresPage *self)
{
  g_return_val_if_fail (KD_IS_DISCLOSURES_PAGE (self), NULL);

  return G_LIST_MODEL (self->items);
}

/* Opens disclosure @id in the editor, or a new one for 0. */
GtkWindow *
kd_disclosures_page_open (KdDisclosuresPage *self,
                          gint64             id)
{
  GtkRoot *root;
  GtkWidget *dialog;

  g_return_val_if_fail (KD_IS_DISCLOSURES_PAGE (self), NULL);
  g_return_val_if_fail (self->store != NULL, NULL);

  root = gtk_widget_get_root (GTK_WIDGET (self));
  dialog = kd_disclosure_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                     self->store, self->server, id);
  gtk_window_present (GTK_WINDOW (dialog));
  return GTK_WINDOW (dialog);
}
