/* kd-audit-page.c: the audit log as a table, newest first. The filters go
 * to SQL (kd_audit_query); a page of entries is read at a time and "Load
 * Older" reads the next one from where the last ended (keyset paging). New
 * entries, as the store announces them, are put on top. */
#define G_LOG_DOMAIN "kd-audit-page"

#include "config.h"

#include <glib/gi18n.h>

#include "kd-audit-page.h"
#include "kd-id-choices.h"
#include "kd-audit.h"
#include "kd-cadre.h"
#include "kd-ui-resources.h"

#define PAGE_SIZE        200
#define REFRESH_DELAY_MS 300
#define DAY_SECONDS      (24 * 60 * 60)

struct _KdAuditPage
{
  AdwBin         parent_instance;

  KdStore       *store;
  GListStore    *entries;
  GArray        *cadre_ids;       /* of the cadre dropdown's items; 0: everyone */
  GHashTable    *cadre_names;     /* id → display name, for the targets */
  guint          refresh_source;
  gboolean       syncing;

  /* template */
  GtkSearchEntry *search_entry;
  GtkDropDown    *cadre_dropdown;
  GtkDropDown    *action_dropdown;
  GtkDropDown    *period_dropdown;
  GtkStack       *stack;
  GtkColumnView  *column_view;
  GtkLabel       *count_label;
  GtkButton      *older_button;
};

G_DEFINE_FINAL_TYPE (KdAuditPage, kd_audit_page, ADW_TYPE_BIN)

static const struct {
  const char *prefix;
  const char *label;
} actions[] = {
  { NULL,         N_("Everything") },
  { "case",       N_("Cases") },
  { "cadre",      N_("Accounts") },
  { "sign-in",    N_("Sign-ins") },
  { "sign-out",   N_("Sign-outs") },
  { "attendance", N_("Attendance") },
};

static const struct {
  int         days;
  const char *label;
} periods[] = {
  { 0,  N_("All Time") },
  { 1,  N_("Last 24 Hours") },
  { 7,  N_("Last 7 Days") },
  { 30, N_("Last 30 Days") },
};

/* The filters as chosen; filter->text points into the search entry. */
static void
get_filter (KdAuditPage   *self,
            KdAuditFilter *filter)
{
  guint action = gtk_drop_down_get_selected (self->action_dropdown);
  guint period = gtk_drop_down_get_selected (self->period_dropdown);
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));

  *filter = (KdAuditFilter) { .limit = PAGE_SIZE };
  filter->cadre_id = kd_id_choices_get (self->cadre_dropdown, self->cadre_ids, 0);
  if (action < G_N_ELEMENTS (actions))
    filter->action = actions[action].prefix;
  if (period < G_N_ELEMENTS (periods) && periods[period].days > 0)
    filter->from = g_get_real_time () / G_USEC_PER_SEC - (gint64) periods[period].days * DAY_SECONDS;
  if (*text != '\0')
    filter->text = text;
}

static void
update_status (KdAuditPage *self,
               gboolean     more)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->entries));
  g_autofree char *count = g_strdup_printf (ngettext ("%u entry shown", "%u entries shown", n), n);

  gtk_label_set_text (self->count_label, count);
  gtk_widget_set_visible (GTK_WIDGET (self->older_button), more);
  gtk_stack_set_visible_child_name (self->stack, n > 0 ? "list" : "empty");
}

/* Reads a page of @filter and puts it at @position, replacing @n_removed. */
static gboolean
read_page (KdAuditPage         *self,
           const KdAuditFilter *filter,
           guint                position,
           guint                n_removed)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) page = kd_audit_query (kd_store_get_reader (self->store), filter, &error);
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  guint n;

  if (page == NULL)
    {
      g_warning ("Could not read the audit log: %s", error->message);
      return FALSE;
    }

  n = g_list_model_get_n_items (page);
  for (guint i = 0; i < n; i++)
    g_ptr_array_add (items, g_list_model_get_item (page, i));
  g_list_store_splice (self->entries, position, n_removed, items->pdata, items->len);

  return n == filter->limit;
}

static void
reload (KdAuditPage *self)
{
  KdAuditFilter filter;
  gboolean more = FALSE;

  g_clear_handle_id (&self->refresh_source, g_source_remove);
  if (self->store == NULL)
    g_list_store_remove_all (self->entries);
  else
    {
      get_filter (self, &filter);
      more = read_page (self, &filter, 0, g_list_model_get_n_items (G_LIST_MODEL (self->entries)));
    }
  update_status (self, more);
}

static void
load_older_activated (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *param)
{
  KdAuditPage *self = KD_AUDIT_PAGE (widget);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->entries));
  g_autoptr(KdAuditEntry) last = NULL;
  KdAuditFilter filter;

  if (self->store == NULL || n == 0)
    return;

  last = g_list_model_get_item (G_LIST_MODEL (self->entries), n - 1);
  get_filter (self, &filter);
  filter.before_at = kd_audit_entry_get_at (last);
  filter.before_id = kd_audit_entry_get_id (last);
  update_status (self, read_page (self, &filter, n, 0));
}

/* Entries added since the newest shown go on top; the pages below stay. */
static gboolean
refresh_cb (gpointer data)
{
  KdAuditPage *self = data;
  g_autoptr(KdAuditEntry) newest = g_list_model_get_item (G_LIST_MODEL (self->entries), 0);
  g_autoptr(GListModel) page = NULL;
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  KdAuditFilter filter;
  guint n;

  self->refresh_source = 0;
  if (newest == NULL)
    {
      reload (self);
      return G_SOURCE_REMOVE;
    }

  get_filter (self, &filter);
  filter.from = MAX (filter.from, kd_audit_entry_get_at (newest));
  page = kd_audit_query (kd_store_get_reader (self->store), &filter, NULL);
  n = page ? g_list_model_get_n_items (page) : 0;
  for (guint i = 0; i < n; i++)
    {
      KdAuditEntry *entry = g_list_model_get_item (page, i);

      if (kd_audit_entry_get_id (entry) > kd_audit_entry_get_id (newest))
        g_ptr_array_add (items, entry);
      else
        g_object_unref (entry);
    }
  g_list_store_splice (self->entries, 0, 0, items->pdata, items->len);
  update_status (self, gtk_widget_get_visible (GTK_WIDGET (self->older_button)));

  return G_SOURCE_REMOVE;
}

static void
audit_changed_cb (KdAuditPage *self,
                  const char  *table,
                  gint64       row_id,
                  KdStore     *store)
{
  if (self->refresh_source == 0)
    self->refresh_source = g_timeout_add (REFRESH_DELAY_MS, refresh_cb, self);
}

static void
filter_changed_cb (KdAuditPage *self)
{
  if (!self->syncing)
    reload (self);
}

/* The cadre dropdown: everyone, then each account; the choice is kept. */
static void
fill_cadres (KdAuditPage *self)
{
  g_autoptr(GListModel) cadres = NULL;
  KdIdChoices choices;
  guint n;

  g_hash_table_remove_all (self->cadre_names);
  kd_id_choices_begin (&choices, self->cadre_dropdown, self->cadre_ids);
  kd_id_choices_add (&choices, 0, _("Everyone"));
  if (self->store != NULL)
    cadres = kd_cadre_list (kd_store_get_reader (self->store), TRUE, NULL);
  n = cadres ? g_list_model_get_n_items (cadres) : 0;
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(KdCadre) cadre = g_list_model_get_item (cadres, i);
      gint64 id = kd_cadre_get_id (cadre);

      kd_id_choices_add (&choices, id, kd_cadre_get_display_name (cadre));
      g_hash_table_insert (self->cadre_names, g_memdup2 (&id, sizeof id),
                           g_strdup (kd_cadre_get_display_name (cadre)));
    }

  self->syncing = TRUE;
  kd_id_choices_end (&choices);
  self->syncing = FALSE;
}

static void
cadres_changed_cb (KdAuditPage *self,
                   const char  *table,
                   gint64       row_id,
                   KdStore     *store)
{
  fill_cadres (self);
}

/* Cells: plain text (a detail may quote what someone typed). */

static void
setup_cell_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               KdAuditPage              *self)
{
  GtkWidget *cell = gtk_inscription_new (NULL);

  gtk_inscription_set_xalign (GTK_INSCRIPTION (cell), 0);
  gtk_inscription_set_text_overflow (GTK_INSCRIPTION (cell), GTK_INSCRIPTION_OVERFLOW_ELLIPSIZE_END);
  gtk_list_item_set_child (item, cell);
}

static void
set_cell_text (GtkListItem *item,
               const char  *text)
{
  GtkInscription *cell = GTK_INSCRIPTION (gtk_list_item_get_child (item));

  gtk_inscription_set_text (cell, text);
  gtk_widget_set_tooltip_text (GTK_WIDGET (cell), text);
}

static void
bind_time_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              KdAuditPage              *self)
{
  g_autoptr(GDateTime) when = g_date_time_new_from_unix_local (kd_audit_entry_get_at (gtk_list_item_get_item (item)));
  g_autofree char *text = when ? g_date_time_format (when, "%Y-%m-%d %H:%M:%S") : NULL;

  set_cell_text (item, text);
}

static void
bind_actor_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               KdAuditPage              *self)
{
  const char *actor = kd_audit_entry_get_actor (gtk_list_item_get_item (item));

  set_cell_text (item, actor && *actor ? actor : _("System"));
}

static void
bind_action_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *item,
                KdAuditPage              *self)
{
  set_cell_text (item, kd_audit_action_label (kd_audit_entry_get_action (gtk_list_item_get_item (item))));
}

static void
bind_target_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *item,
                KdAuditPage              *self)
{
  KdAuditEntry *entry = gtk_list_item_get_item (item);
  const char *target = kd_audit_entry_get_target (entry);
  gint64 id = kd_audit_entry_get_target_id (entry);
  const char *name = NULL;
  g_autofree char *text = NULL;
  g_autofree char *number = g_strdup_printf ("%" G_GINT64_FORMAT, id);

  if (g_strcmp0 (target, "cadre") == 0)
    name = g_hash_table_lookup (self->cadre_names, &id);

  if (name != NULL)
    text = g_strdup (name);
  else if (g_strcmp0 (target, "case") == 0)
    text = g_strdup_printf (_("Case %s"), number);
  else if (g_strcmp0 (target, "cadre") == 0)
    text = g_strdup_printf (_("Account %s"), number);
  else if (target != NULL)
    text = g_strdup_printf ("%s %s", target, number);

  set_cell_text (item, text);
}

static void
bind_detail_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *item,
                KdAuditPage              *self)
{
  set_cell_text (item, kd_audit_entry_get_detail (gtk_list_item_get_item (item)));
}

static void
bind_address_cb (GtkSignalListItemFactory *factory,
                 GtkListItem              *item,
                 KdAuditPage              *self)
{
  set_cell_text (item, kd_audit_entry_get_address (gtk_list_item_get_item (item)));
}

static void
fill_choices (KdAuditPage *self)
{
  g_autoptr(GtkStringList) action_labels = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) period_labels = gtk_string_list_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (actions); i++)
    gtk_string_list_append (action_labels, _(actions[i].label));
  for (guint i = 0; i < G_N_ELEMENTS (periods); i++)
    gtk_string_list_append (period_labels, _(periods[i].label));
  gtk_drop_down_set_model (self->action_dropdown, G_LIST_MODEL (action_labels));
  gtk_drop_down_set_model (self->period_dropdown, G_LIST_MODEL (period_labels));
}

static void
kd_audit_page_dispose (GObject *object)
{
  KdAuditPage *self = (KdAuditPage *)object;

  g_clear_handle_id (&self->refresh_source, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), KD_TYPE_AUDIT_PAGE);
  g_clear_object (&self->entries);
  g_clear_object (&self->store);
  g_clear_pointer (&self->cadre_ids, g_array_unref);
  g_clear_pointer (&self->cadre_names, g_hash_table_unref);

  G_OBJECT_CLASS (kd_audit_page_parent_class)->dispose (object);
}

static void
kd_audit_page_class_init (KdAuditPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kd_audit_page_dispose;

  (void) kd_ui_get_resource ();
  gtk_widget_class_set_template_from_resource (widget_class, "/org/kuiduo/Kuiduo/ui/kd-audit-page.ui");
  gtk_widget_class_bind_template_child (widget_class, KdAuditPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, KdAuditPage, cadre_dropdown);
  gtk_widget_class_bind_template_child (widget_class, KdAuditPage, action_dropdown);
  gtk_widget_class_bind_template_child (widget_class, KdAuditPage, period_dropdown);
  gtk_widget_class_bind_template_child (widget_class, KdAuditPage, stack);
  gtk_widget_class_bind_template_child (widget_class, KdAuditPage, column_view);
  gtk_widget_class_bind_template_child (widget_class, KdAuditPage, count_label);
  gtk_widget_class_bind_template_child (widget_class, KdAuditPage, older_button);
  gtk_widget_class_bind_template_callback (widget_class, filter_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, setup_cell_cb);
  gtk_widget_class_bind_template_callback (widget_class, bind_time_cb);
  gtk_widget_class_bind_template_callback (widget_class, bind_actor_cb);
  gtk_widget_class_bind_template_callback (widget_class, bind_action_cb);
  gtk_widget_class_bind_template_callback (widget_class, bind_target_cb);
  gtk_widget_class_bind_template_callback (widget_class, bind_detail_cb);
  gtk_widget_class_bind_template_callback (widget_class, bind_address_cb);

  gtk_widget_class_install_action (widget_class, "audit.load-older", NULL, load_older_activated);
}

static void
kd_audit_page_init (KdAuditPage *self)
{
  g_autoptr(GtkNoSelection) selection = NULL;

  self->entries = g_list_store_new (KD_TYPE_AUDIT_ENTRY);
  self->cadre_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->cadre_names = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);

  self->syncing = TRUE;
  gtk_widget_init_template (GTK_WIDGET (self));
  fill_choices (self);
  fill_cadres (self);
  self->syncing = FALSE;

  selection = gtk_no_selection_new (g_object_ref (G_LIST_MODEL (self->entries)));
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (selection));
  update_status (self, FALSE);
}

void
kd_audit_page_set_store (KdAuditPage *self,
                         KdStore     *store)
{
  g_return_if_fail (KD_IS_AUDIT_PAGE (self));
  g_return_if_fail (store == NULL || KD_IS_STORE (store));

  if (self->store == store)
    return;

  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (self->store, self);
  g_set_object (&self->store, store);
  if (store != NULL)
    {
      g_signal_connect_object (store, "changed::audit_log", G_CALLBACK (audit_changed_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (store, "changed::cadres", G_CALLBACK (cadres_changed_cb), self, G_CONNECT_SWAPPED);
    }
  fill_cadres (self);
  reload (self);
}

/* The entries shown, KdAuditEntry items, newest first. */
GListModel *
kd_audit_page_get_model (KdAuditPage *self)
{
  g_return_val_if_fail (KD_IS_AUDIT_PAGE (self), NULL);

  return G_LIST_MODEL (self->entries);
}
