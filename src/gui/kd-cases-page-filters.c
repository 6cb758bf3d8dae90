/* kd-cases-page-filters.c: the queue's filters and views. The status sits
 * on the bar; the rest in the "Filters" popover, whose button counts the
 * ones set. A view (built in, or saved by a cadre) is a set of filters:
 * picking one sets the widgets, and the widgets set the list in one refresh.
 * When the filters match no view, the drop-down says "Custom". */
#define G_LOG_DOMAIN "kd-cases-page"

#include "config.h"

#include <glib/gi18n.h>

#include "kd-case.h"
#include "kd-catalog-item.h"
#include "kd-cases-page-private.h"

#define N_BUILTIN KD_QUEUE_N_VIEWS

static KdViewFilter
builtin_filter (KdQueueView view)
{
  KdViewFilter f;

  kd_view_filter_init (&f);
  switch (view)
    {
    case KD_QUEUE_VIEW_MINE:        f.mine = TRUE; break;
    case KD_QUEUE_VIEW_OVERDUE:     f.overdue = TRUE; break;
    case KD_QUEUE_VIEW_EMERGENCIES: f.kind = KD_CASE_KIND_EMERGENCY; break;
    case KD_QUEUE_VIEW_UNASSIGNED:  f.unassigned = TRUE; break;
    case KD_QUEUE_VIEW_ALL:
    default:                        break;
    }
  return f;
}

static const char *
builtin_name (KdQueueView view)
{
  switch (view)
    {
    case KD_QUEUE_VIEW_MINE:        return _("My Cases");
    case KD_QUEUE_VIEW_OVERDUE:     return _("Overdue");
    case KD_QUEUE_VIEW_EMERGENCIES: return _("Emergencies");
    case KD_QUEUE_VIEW_UNASSIGNED:  return _("Unassigned");
    case KD_QUEUE_VIEW_ALL:
    default:                        return _("All Cases");
    }
}

/* The filters of row @i of the view drop-down; FALSE for "Custom". */
static gboolean
view_filter (KdCasesPage  *self,
             guint         i,
             KdViewFilter *out)
{
  guint n_saved = self->saved_views ? g_list_model_get_n_items (self->saved_views) : 0;

  if (i < N_BUILTIN)
    {
      *out = builtin_filter (i);
      return TRUE;
    }
  if (i - N_BUILTIN < n_saved)
    {
      g_autoptr(KdSavedView) view = g_list_model_get_item (self->saved_views, i - N_BUILTIN);

      *out = *kd_saved_view_get_filter (view);
      return TRUE;
    }
  return FALSE;
}

/* The saved view picked in the drop-down, if one is. */
static KdSavedView *
picked_saved_view (KdCasesPage *self)
{
  guint i = gtk_drop_down_get_selected (self->view_dropdown);
  guint n_saved = self->saved_views ? g_list_model_get_n_items (self->saved_views) : 0;

  if (i == GTK_INVALID_LIST_POSITION || i < N_BUILTIN || i - N_BUILTIN >= n_saved)
    return NULL;
  return g_list_model_get_item (self->saved_views, i - N_BUILTIN);
}

/* The drop-down's rows: the built-in views, the saved ones, and "Custom"
 * while the filters match none; the row matching the filters is selected. */
static void
sync_view_dropdown (KdCasesPage *self)
{
  guint n_saved = self->saved_views ? g_list_model_get_n_items (self->saved_views) : 0;
  guint match = GTK_INVALID_LIST_POSITION;
  g_autoptr(KdSavedView) picked = picked_saved_view (self);
  KdViewFilter f;

  /* The row picked first, if it still matches (two views may be alike). */
  if (picked != NULL && kd_view_filter_equal (kd_saved_view_get_filter (picked), &self->filter))
    match = gtk_drop_down_get_selected (self->view_dropdown);
  for (guint i = 0; match == GTK_INVALID_LIST_POSITION && i < N_BUILTIN + n_saved; i++)
    if (view_filter (self, i, &f) && kd_view_filter_equal (&f, &self->filter))
      match = i;

  self->syncing = TRUE;
  if (self->n_view_rows != N_BUILTIN + n_saved + (match == GTK_INVALID_LIST_POSITION)
      || self->custom_row != (match == GTK_INVALID_LIST_POSITION))
    {
      g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);

      for (guint i = 0; i < N_BUILTIN; i++)
        gtk_string_list_append (names, builtin_name (i));
      for (guint i = 0; i < n_saved; i++)
        {
          g_autoptr(KdSavedView) view = g_list_model_get_item (self->saved_views, i);

          gtk_string_list_append (names, kd_saved_view_get_name (view));
        }
      if (match == GTK_INVALID_LIST_POSITION)
        gtk_string_list_append (names, _("Custom"));
      gtk_drop_down_set_model (self->view_dropdown, G_LIST_MODEL (names));
      self->n_view_rows = g_list_model_get_n_items (G_LIST_MODEL (names));
      self->custom_row = match == GTK_INVALID_LIST_POSITION;
    }
  gtk_drop_down_set_selected (self->view_dropdown, match != GTK_INVALID_LIST_POSITION ? match : self->n_view_rows - 1);
  self->syncing = FALSE;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "queue.delete-view", match >= N_BUILTIN && match != GTK_INVALID_LIST_POSITION);
}

static guint
index_of (GArray *ids,
          gint64  id)
{
  for (guint i = 0; ids != NULL && i < ids->len; i++)
    if (g_array_index (ids, gint64, i) == id)
      return i;
  return 0;
}

/* The widgets show @f (without reacting to themselves). */
static void
set_widgets (KdCasesPage        *self,
             const KdViewFilter *f)
{
  self->syncing = TRUE;
  gtk_drop_down_set_selected (self->status_dropdown, f->status < 0 ? 0 : f->status + 1);
  gtk_drop_down_set_selected (self->kind_dropdown, f->kind < 0 ? 0 : f->kind + 1);
  gtk_drop_down_set_selected (self->village_dropdown, index_of (self->village_ids, f->village_id));
  gtk_drop_down_set_selected (self->category_dropdown, index_of (self->category_ids, f->category_id));
  gtk_toggle_button_set_active (self->urgent_toggle, f->urgent);
  gtk_toggle_button_set_active (self->overdue_toggle, f->overdue);
  gtk_toggle_button_set_active (self->mine_toggle, f->mine);
  gtk_toggle_button_set_active (self->unassigned_toggle, f->unassigned);
  self->syncing = FALSE;
}

static gint64
id_at (GArray *ids,
       guint   i)
{
  return ids != NULL && i < ids->len ? g_array_index (ids, gint64, i) : 0;
}

/* Row 0 of the status and kind drop-downs is "all"; row n is value n - 1. */
static void
read_widgets (KdCasesPage  *self,
              KdViewFilter *f)
{
  guint status = gtk_drop_down_get_selected (self->status_dropdown);
  guint kind = gtk_drop_down_get_selected (self->kind_dropdown);

  kd_view_filter_init (f);
  f->status = status == GTK_INVALID_LIST_POSITION ? -1 : (int) status - 1;
  f->kind = kind == GTK_INVALID_LIST_POSITION ? -1 : (int) kind - 1;
  f->village_id = id_at (self->village_ids, gtk_drop_down_get_selected (self->village_dropdown));
  f->category_id = id_at (self->category_ids, gtk_drop_down_get_selected (self->category_dropdown));
  f->urgent = gtk_toggle_button_get_active (self->urgent_toggle);
  f->overdue = gtk_toggle_button_get_active (self->overdue_toggle);
  f->mine = gtk_toggle_button_get_active (self->mine_toggle);
  f->unassigned = gtk_toggle_button_get_active (self->unassigned_toggle);
}

/* The list gets self->filter; the Filters button counts what it holds
 * besides the status, which shows on the bar. */
static void
apply_filter (KdCasesPage *self)
{
  guint hidden = kd_view_filter_count (&self->filter) - (self->filter.status >= 0);
  g_autofree char *label = hidden > 0 ? g_strdup_printf (_("Filters (%u)"), hidden) : g_strdup (_("Filters"));
  KdActor me;

  gtk_menu_button_set_label (self->filters_button, label);
  if (hidden > 0)
    gtk_widget_add_css_class (GTK_WIDGET (self->filters_button), "filters-active");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->filters_button), "filters-active");

  kd_cases_page_current_actor (self, &me);
  if (self->list != NULL)
    kd_view_filter_apply (&self->filter, self->list, me.cadre_id);
  sync_view_dropdown (self);
}

static void
filter_widget_changed_cb (KdCasesPage *self)
{
  if (self->syncing)
    return;
  read_widgets (self, &self->filter);
  apply_filter (self);
}

static void
status_selected_cb (KdCasesPage *self)
{
  filter_widget_changed_cb (self);
}

static void
show_filter (KdCasesPage        *self,
             const KdViewFilter *f)
{
  self->filter = *f;
  set_widgets (self, f);
  apply_filter (self);
}

static void
view_selected_cb (KdCasesPage *self)
{
  KdViewFilter f;

  if (self->syncing || !view_filter (self, gtk_drop_down_get_selected (self->view_dropdown), &f))
    return;
  show_filter (self, &f);
}

/* Shows the built-in view @view. */
void
kd_cases_page_show_view (KdCasesPage *self,
                         KdQueueView  view)
{
  KdViewFilter f;

  g_return_if_fail (KD_IS_CASES_PAGE (self));
  g_return_if_fail (view < KD_QUEUE_N_VIEWS);

  f = builtin_filter (view);
  show_filter (self, &f);
}

static void
view_activated (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  int view = g_variant_get_int32 (param);

  if (view >= 0 && view < KD_QUEUE_N_VIEWS)
    kd_cases_page_show_view (KD_CASES_PAGE (widget), view);
}

static void
clear_filters_activated (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *param)
{
  kd_cases_page_show_view (KD_CASES_PAGE (widget), KD_QUEUE_VIEW_ALL);
}

static void
filters_activated (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *param)
{
  gtk_menu_button_popup (KD_CASES_PAGE (widget)->filters_button);
}

/* The drop-downs' rows. */

static void
fill_status_dropdown (KdCasesPage *self)
{
  g_autoptr(GtkStringList) strings = gtk_string_list_new (NULL);

  gtk_string_list_append (strings, _("All Statuses"));
  for (int s = 0; s < KD_CASE_N_STATUSES; s++)
    gtk_string_list_append (strings, kd_case_status_label (s));
  gtk_drop_down_set_model (self->status_dropdown, G_LIST_MODEL (strings));
}

static void
fill_kind_dropdown (KdCasesPage *self)
{
  g_autoptr(GtkStringList) strings = gtk_string_list_new (NULL);

  gtk_string_list_append (strings, _("All Kinds"));
  for (int k = 0; k < KD_CASE_N_KINDS; k++)
    gtk_string_list_append (strings, kd_case_kind_label (k));
  gtk_drop_down_set_model (self->kind_dropdown, G_LIST_MODEL (strings));
}

static GArray *
fill_catalog_dropdown (KdCasesPage *self,
                       GtkDropDown *dropdown,
                       KdCatalog    catalog,
                       const char  *all)
{
  g_autoptr(GtkStringList) strings = gtk_string_list_new (NULL);
  g_autoptr(GListModel) items = NULL;
  g_autoptr(GError) error = NULL;
  GArray *ids = g_array_new (FALSE, TRUE, sizeof (gint64));

  gtk_string_list_append (strings, all);
  g_array_set_size (ids, 1);
  if (self->store != NULL)
    items = kd_catalog_item_list (kd_store_get_reader (self->store), catalog, &error);
  if (error != NULL)
    g_warning ("Could not list the villages or categories: %s", error->message);

  for (guint i = 0; items && i < g_list_model_get_n_items (items); i++)
    {
      g_autoptr(KdCatalogItem) item = g_list_model_get_item (items, i);
      gint64 id = kd_catalog_item_get_id (item);

      gtk_string_list_append (strings, kd_catalog_item_get_name (item));
      g_array_append_val (ids, id);
    }
  gtk_drop_down_set_model (dropdown, G_LIST_MODEL (strings));
  return ids;
}

static void
load_saved_views (KdCasesPage *self)
{
  g_autoptr(GError) error = NULL;
  KdActor me;

  g_clear_object (&self->saved_views);
  if (self->store == NULL)
    return;
  kd_cases_page_current_actor (self, &me);
  self->saved_views = kd_saved_view_list (kd_store_get_reader (self->store), me.cadre_id, &error);
  if (error != NULL)
    g_warning ("Could not list the saved views: %s", error->message);
}

static void
saved_views_changed_cb (KdCasesPage *self)
{
  load_saved_views (self);
  sync_view_dropdown (self);
}

/* A new store: its villages, categories and saved views; every case. */
void
kd_cases_page_reset_filters (KdCasesPage *self)
{
  KdViewFilter all = builtin_filter (KD_QUEUE_VIEW_ALL);

  self->syncing = TRUE;
  g_clear_pointer (&self->village_ids, g_array_unref);
  g_clear_pointer (&self->category_ids, g_array_unref);
  self->village_ids = fill_catalog_dropdown (self, self->village_dropdown, KD_CATALOG_VILLAGES, _("All Villages"));
  self->category_ids = fill_catalog_dropdown (self, self->category_dropdown, KD_CATALOG_CATEGORIES, _("All Categories"));
  self->syncing = FALSE;
  load_saved_views (self);
  if (self->store != NULL)
    g_signal_connect_object (self->store, "changed::saved_views", G_CALLBACK (saved_views_changed_cb),
                             self, G_CONNECT_SWAPPED);
  self->n_view_rows = 0;
  show_filter (self, &all);
}

void
kd_cases_page_init_filters (KdCasesPage *self)
{
  fill_status_dropdown (self);
  fill_kind_dropdown (self);
  kd_cases_page_reset_filters (self);
}

void
kd_cases_page_dispose_filters (KdCasesPage *self)
{
  if (self->store != NULL)
    g_signal_handlers_disconnect_by_func (self->store, saved_views_changed_cb, self);
  g_clear_object (&self->saved_views);
  g_clear_pointer (&self->village_ids, g_array_unref);
  g_clear_pointer (&self->category_ids, g_array_unref);
}

/* Saving and deleting views. */

static void
view_saved_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      data)
{
  g_autoptr(KdCasesPage) self = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(KdSavedView) view = kd_store_add_saved_view_finish (KD_STORE (source), result, &error);

  if (view == NULL)
    {
      kd_cases_page_toast (self, error->message);
      return;
    }
  saved_views_changed_cb (self);
}

static void
save_response_cb (AdwMessageDialog *dialog,
                  const char       *response,
                  KdCasesPage      *self)
{
  GtkEditable *entry = g_object_get_data (G_OBJECT (dialog), "entry");
  KdActor me;

  if (g_strcmp0 (response, "save") != 0 || self->store == NULL)
    return;
  kd_cases_page_current_actor (self, &me);
  kd_store_add_saved_view_async (self->store, me.cadre_id, gtk_editable_get_text (entry), &self->filter,
                                 NULL, view_saved_cb, g_object_ref (self));
}

static void
name_changed_cb (GtkEditable      *entry,
                 AdwMessageDialog *dialog)
{
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (entry)));

  adw_message_dialog_set_response_enabled (dialog, "save", *name != '\0');
}

static void
save_view_activated (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  KdCasesPage *self = KD_CASES_PAGE (widget);
  GtkWidget *entry = gtk_entry_new ();
  AdwMessageDialog *dialog;

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (widget)),
                                                       _("Save Current View"),
                                                       _("The queue's filters are kept under this name.")));
  gtk_entry_set_max_length (GTK_ENTRY (entry), KD_SAVED_VIEW_MAX_NAME);
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), _("Name of the view"));
  adw_message_dialog_set_extra_child (dialog, entry);
  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "save", _("_Save"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "save", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, "save");
  adw_message_dialog_set_close_response (dialog, "cancel");
  adw_message_dialog_set_response_enabled (dialog, "save", FALSE);
  g_object_set_data (G_OBJECT (dialog), "entry", entry);
  g_signal_connect (entry, "changed", G_CALLBACK (name_changed_cb), dialog);
  g_signal_connect_object (dialog, "response", G_CALLBACK (save_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (entry);
}

static void
view_deleted_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      data)
{
  g_autoptr(KdCasesPage) self = data;
  g_autoptr(GError) error = NULL;

  if (!kd_store_delete_saved_view_finish (KD_STORE (source), result, &error))
    kd_cases_page_toast (self, error->message);
  saved_views_changed_cb (self);
}

static void
delete_view_activated (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *param)
{
  KdCasesPage *self = KD_CASES_PAGE (widget);
  g_autoptr(KdSavedView) view = picked_saved_view (self);
  KdActor me;

  if (view == NULL || self->store == NULL)
    return;
  kd_cases_page_current_actor (self, &me);
  kd_store_delete_saved_view_async (self->store, kd_saved_view_get_id (view), me.cadre_id,
                                    NULL, view_deleted_cb, g_object_ref (self));
}

void
kd_cases_page_class_init_filters (GtkWidgetClass *widget_class)
{
  gtk_widget_class_bind_template_callback (widget_class, status_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, filter_widget_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, view_selected_cb);

  gtk_widget_class_install_action (widget_class, "queue.view", "i", view_activated);
  gtk_widget_class_install_action (widget_class, "queue.clear-filters", NULL, clear_filters_activated);
  gtk_widget_class_install_action (widget_class, "queue.filters", NULL, filters_activated);
  gtk_widget_class_install_action (widget_class, "queue.save-view", NULL, save_view_activated);
  gtk_widget_class_install_action (widget_class, "queue.delete-view", NULL, delete_view_activated);

  for (int i = 0; i < KD_QUEUE_N_VIEWS; i++)
    gtk_widget_class_add_binding_action (widget_class, GDK_KEY_1 + i, GDK_CONTROL_MASK, "queue.view", "i", i);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "queue.filters", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "queue.save-view", NULL);
}
