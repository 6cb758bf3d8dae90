/* kd-proxy-report-dialog.c: the form a cadre fills in for a villager at the
 * counter or on the phone. Core checks the report (KdReport's rules, then the
 * writer's); each refusal is shown under the field it names. On success the
 * dialog turns into the receipt: the tracking code and "Print Receipt…". */
#define G_LOG_DOMAIN "kd-proxy-report"

#include "config.h"

#include <glib/gi18n.h>

#include "kd-current-actor.h"
#include "kd-proxy-report-dialog.h"
#include "kd-catalog-item.h"
#include "kd-workflow.h"

/* The kinds a cadre may enter here: the four public ones. 清风 reports are
 * for the discipline-inspection role only (not offered until sign-in). */
static const KdCaseKind public_kinds[] = {
  KD_CASE_KIND_LIVELIHOOD, KD_CASE_KIND_EMERGENCY, KD_CASE_KIND_POLICY, KD_CASE_KIND_SERVICE,
};

/* In the order of the "How They Came" list. */
static const char * const channels[] = { "office", "hotline", "other" };

struct _KdProxyReportDialog
{
  AdwWindow         parent_instance;

  KdStore          *store;
  KdServer         *server;
  GtkCustomFilter  *category_filter;
  GCancellable     *cancellable;
  KdCase           *kase;
  KdReceipt        *receipt;
  gboolean          busy;

  /* template */
  GtkButton        *cancel_button;
  GtkButton        *submit_button;
  GtkStack         *stack;
  AdwPreferencesPage *form_page;
  GtkLabel         *general_error;
  AdwComboRow      *channel_row;
  AdwComboRow      *kind_row;
  AdwComboRow      *village_row;
  AdwComboRow      *category_row;
  GtkSwitch        *urgent_switch;
  GtkTextView      *description_view;
  GtkLabel         *description_error;
  AdwEntryRow      *name_row;
  AdwEntryRow      *phone_row;
  AdwEntryRow      *location_row;
  GtkWidget        *kind_error;
  GtkWidget        *village_error;
  GtkWidget        *category_error;
  GtkWidget        *name_error;
  GtkWidget        *phone_error;
  GtkWidget        *location_error;
  GtkLabel         *code_label;
  GtkLabel         *url_label;
};

G_DEFINE_FINAL_TYPE (KdProxyReportDialog, kd_proxy_report_dialog, ADW_TYPE_WINDOW)

static KdCaseKind
selected_kind (KdProxyReportDialog *self)
{
  guint i = adw_combo_row_get_selected (self->kind_row);

  return public_kinds[i < G_N_ELEMENTS (public_kinds) ? i : 0];
}

static const char *
selected_code (AdwComboRow *row)
{
  KdCatalogItem *item = adw_combo_row_get_selected_item (row);

  return item != NULL ? kd_catalog_item_get_code (item) : NULL;
}

/* Errors, each beside its field. */

static void
set_error_row (GtkWidget  *row,
               const char *message)
{
  GtkWidget *label = gtk_list_box_row_get_child (GTK_LIST_BOX_ROW (row));
  gtk_label_set_text (GTK_LABEL (label), message ? message : "");
  gtk_widget_set_visible (row, message != NULL);
}

static void
clear_errors (KdProxyReportDialog *self)
{
  GtkWidget *rows[] = { self->kind_error, self->village_error, self->category_error,
                        self->name_error, self->phone_error, self->location_error };

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    set_error_row (rows[i], NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->description_error), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->general_error), FALSE);
  gtk_widget_remove_css_class (GTK_WIDGET (self->phone_row), "error");
}

static GtkWidget *
error_row_for (KdProxyReportDialog *self,
               KdReportField        field)
{
  switch (field)
    {
    case KD_REPORT_FIELD_KIND:           return self->kind_error;
    case KD_REPORT_FIELD_VILLAGE:        return self->village_error;
    case KD_REPORT_FIELD_CATEGORY:       return self->category_error;
    case KD_REPORT_FIELD_REPORTER_NAME:  return self->name_error;
    case KD_REPORT_FIELD_REPORTER_PHONE: return self->phone_error;
    case KD_REPORT_FIELD_LOCATION:       return self->location_error;
    case KD_REPORT_FIELD_TITLE:
    case KD_REPORT_FIELD_DESCRIPTION:
    case KD_REPORT_FIELD_URGENT:
    case KD_REPORT_FIELD_BODY:
    case KD_REPORT_FIELD_PHOTOS:
    default:
      return NULL;
    }
}

/* What to focus for the error shown in @error_widget. */
static GtkWidget *
field_widget (KdProxyReportDialog *self,
              GtkWidget           *error_widget)
{
  struct { GtkWidget *error; gpointer field; } fields[] = {
    { self->kind_error, self->kind_row },
    { self->village_error, self->village_row },
    { self->category_error, self->category_row },
    { self->name_error, self->name_row },
    { self->phone_error, self->phone_row },
    { self->location_error, self->location_row },
  };

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    if (fields[i].error == error_widget)
      return fields[i].field;
  return GTK_WIDGET (self->description_view);
}

static void
show_error (KdProxyReportDialog *self,
            const GError        *error)
{
  GtkWidget *row = NULL;
  GtkWidget *shown;

  if (error->domain == KD_REPORT_ERROR)
    row = error_row_for (self, error->code);

  if (row != NULL)
    {
      set_error_row (row, error->message);
      shown = row;
      if (error->code == KD_REPORT_FIELD_REPORTER_PHONE)
        gtk_widget_add_css_class (GTK_WIDGET (self->phone_row), "error");
    }
  else if (error->domain == KD_REPORT_ERROR &&
           (error->code == KD_REPORT_FIELD_DESCRIPTION || error->code == KD_REPORT_FIELD_TITLE))
    {
      gtk_label_set_text (self->description_error, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->description_error), TRUE);
      shown = GTK_WIDGET (self->description_error);
    }
  else
    {
      gtk_label_set_text (self->general_error, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->general_error), TRUE);
      shown = GTK_WIDGET (self->general_error);
    }

  /* Focus moves to the field at fault, which scrolls it into view. */
  gtk_widget_grab_focus (field_widget (self, shown));
}

/* The form. */

static char *
entry_text (AdwEntryRow *row)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));
}

static KdReport *
build_report (KdProxyReportDialog *self)
{
  KdReport *report = kd_report_new ();
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->description_view);
  GtkTextIter start, end;
  guint channel = adw_combo_row_get_selected (self->channel_row);
  KdActor actor;

  kd_current_actor (GTK_WIDGET (self), &actor);
  gtk_text_buffer_get_bounds (buffer, &start, &end);

  report->village = g_strdup (selected_code (self->village_row));
  report->category = g_strdup (selected_code (self->category_row));
  report->kind = selected_kind (self);
  report->description = g_strstrip (gtk_text_buffer_get_text (buffer, &start, &end, FALSE));
  report->reporter_name = entry_text (self->name_row);
  report->reporter_phone = entry_text (self->phone_row);
  report->location = entry_text (self->location_row);
  report->urgent = gtk_switch_get_active (self->urgent_switch);
  report->channel = g_strdup (channels[channel < G_N_ELEMENTS (channels) ? channel : 0]);
  report->created_by = actor.cadre_id;

  return report;
}

static void
set_busy (KdProxyReportDialog *self,
          gboolean             busy)
{
  self->busy = busy;
  gtk_widget_set_sensitive (GTK_WIDGET (self->form_page), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->submit_button), !busy);
}

static char *
dup_base_url (KdProxyReportDialog *self)
{
  g_auto(GStrv) urls = NULL;

  if (self->server == NULL || !kd_server_get_running (self->server))
    return NULL;

  urls = kd_server_dup_urls (self->server);
  return urls[0] != NULL ? g_strdup (urls[0]) : NULL;
}

static void
show_receipt (KdProxyReportDialog *self)
{
  g_autofree char *town = kd_store_dup_town_name (kd_store_get_reader (self->store));
  g_autofree char *base = dup_base_url (self);

  g_clear_pointer (&self->receipt, kd_receipt_free);
  self->receipt = kd_receipt_new_for_case (self->kase, town, base);

  gtk_label_set_text (self->code_label, self->receipt->tracking_code);
  gtk_label_set_text (self->url_label, self->receipt->url ? self->receipt->url
                                                          : _("The phone endpoint is stopped: the slip has no QR code."));
  gtk_stack_set_visible_child_name (self->stack, "receipt");
  gtk_widget_set_visible (GTK_WIDGET (self->submit_button), FALSE);
  gtk_button_set_label (self->cancel_button, _("_Close"));
  gtk_widget_grab_focus (GTK_WIDGET (self->code_label));
}

static void
submit_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      data)
{
  g_autoptr(KdProxyReportDialog) self = data;
  g_autoptr(GError) error = NULL;
  KdCase *kase = kd_store_submit_report_finish (KD_STORE (source), result, &error);

  set_busy (self, FALSE);
  if (kase == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_error (self, error);
      return;
    }

  g_set_object (&self->kase, kase);
  g_object_unref (kase);
  show_receipt (self);
}

static void
submit_clicked_cb (KdProxyReportDialog *self,
                   GtkButton           *button)
{
  g_autoptr(KdReport) report = build_report (self);
  g_autoptr(GError) error = NULL;

  if (self->busy)
    return;

  clear_errors (self);
  if (!kd_report_validate (report, &error))
    {
      show_error (self, error);
      return;
    }

  set_busy (self, TRUE);
  kd_store_submit_report_async (self->store, g_steal_pointer (&report), self->cancellable,
                                submit_done_cb, g_object_ref (self));
}

static void
print_clicked_cb (KdProxyReportDialog *self,
                  GtkButton           *button)
{
  if (self->receipt != NULL)
    kd_receipt_print (self->receipt, GTK_WINDOW (self));
}

/* A fresh form; the channel and the kind stay as they were (the next
 * villager at the counter likely came the same way). */
static void
another_clicked_cb (KdProxyReportDialog *self,
                    GtkButton           *button)
{
  AdwEntryRow *entries[] = { self->name_row, self->phone_row, self->location_row };

  for (guint i = 0; i < G_N_ELEMENTS (entries); i++)
    gtk_editable_set_text (GTK_EDITABLE (entries[i]), "");
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->description_view), "", -1);
  gtk_switch_set_active (self->urgent_switch, selected_kind (self) == KD_CASE_KIND_EMERGENCY);
  clear_errors (self);
  g_clear_object (&self->kase);
  g_clear_pointer (&self->receipt, kd_receipt_free);

  gtk_stack_set_visible_child_name (self->stack, "form");
  gtk_widget_set_visible (GTK_WIDGET (self->submit_button), TRUE);
  gtk_button_set_label (self->cancel_button, _("_Cancel"));
  gtk_widget_grab_focus (GTK_WIDGET (self->description_view));
}

/* Categories follow the kind (bit 1 << kind of categories.kinds); an
 * emergency is always urgent. */
static gboolean
category_offered (gpointer item,
                  gpointer data)
{
  KdProxyReportDialog *self = data;

  return (kd_catalog_item_get_kinds (item) & (1u << selected_kind (self))) != 0;
}

static void
kind_changed_cb (KdProxyReportDialog *self,
                 GParamSpec          *pspec,
                 AdwComboRow         *row)
{
  gboolean emergency = selected_kind (self) == KD_CASE_KIND_EMERGENCY;

  if (self->category_filter != NULL)
    gtk_filter_changed (GTK_FILTER (self->category_filter), GTK_FILTER_CHANGE_DIFFERENT);
  if (emergency)
    gtk_switch_set_active (self->urgent_switch, TRUE);
  gtk_widget_set_sensitive (GTK_WIDGET (self->urgent_switch), !emergency);
}

static void
load_catalogs (KdProxyReportDialog *self)
{
  KdDb *db = kd_store_get_reader (self->store);
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) villages = kd_catalog_item_list (db, KD_CATALOG_VILLAGES, &error);
  g_autoptr(GListModel) categories = NULL;
  g_autoptr(GtkStringList) kinds = gtk_string_list_new (NULL);
  GtkFilterListModel *offered;

  for (guint i = 0; i < G_N_ELEMENTS (public_kinds); i++)
    gtk_string_list_append (kinds, kd_case_kind_label (public_kinds[i]));
  adw_combo_row_set_model (self->kind_row, G_LIST_MODEL (kinds));

  if (villages != NULL)
    categories = kd_catalog_item_list (db, KD_CATALOG_CATEGORIES, &error);
  if (categories == NULL)
    {
      show_error (self, error);
      gtk_widget_set_sensitive (GTK_WIDGET (self->submit_button), FALSE);
      return;
    }

  adw_combo_row_set_model (self->village_row, villages);
  self->category_filter = gtk_custom_filter_new (category_offered, self, NULL);
  offered = gtk_filter_list_model_new (g_object_ref (categories),
                                       GTK_FILTER (g_object_ref (self->category_filter)));
  adw_combo_row_set_model (self->category_row, G_LIST_MODEL (offered));
  g_object_unref (offered);

  g_signal_connect_object (self->kind_row, "notify::selected", G_CALLBACK (kind_changed_cb),
                           self, G_CONNECT_SWAPPED);
}

static void
kd_proxy_report_dialog_dispose (GObject *object)
{
  KdProxyReportDialog *self = (KdProxyReportDialog *)object;

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), KD_TYPE_PROXY_REPORT_DIALOG);
  g_clear_object (&self->category_filter);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->kase);
  g_clear_object (&self->server);
  g_clear_object (&self->store);
  g_clear_pointer (&self->receipt, kd_receipt_free);

  G_OBJECT_CLASS (kd_proxy_report_dialog_parent_class)->dispose (object);
}

static void
kd_proxy_report_dialog_class_init (KdProxyReportDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kd_proxy_report_dialog_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/org/kuiduo/Kuiduo/ui/kd-proxy-report-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, KdProxyReportDialog, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, KdProxyReportDialog, submit_button);
  gtk_widget_class_bind_template_child (widget_class, KdProxyReportDialog, stack);
  gtk_widget_class_bind_template_child (widget_class, KdProxyReportDialog, form_page);
  gtk_widget_class_bind_template_child (widget_class, KdProxyReportDialog, general_error);
  gtk_widget_class_bind_template_child (widget_class, KdProxyReportDialog, channel_row);
  gtk_widget_class_bind_template_child (widget_class, KdProxyReportDialog, kind_row);
  gtk_widget_class_bind_template_child (widget_class, KdProxyReportDialog, village_row);
  gtk_widget_class_bind_template_child (widget_class, KdProxyReportDialog, category_row);
  gtk_widget_class_bind_template_child (widget_class, KdProxyReportDialog, urgent_switch);
  gtk_widget_class_bind_template_child (widget_class, KdProxyReportDialog, description_view);
  gtk_widget_class_bind_template_child (widget_class, KdProxyReportDialog, description_error);
  gtk_widget_class_bind_template_child (widget_class, KdProxyReportDialog, name_row);
  gtk_widget_class_bind_template_child (widget_class, KdProxyReportDialog, phone_row);
  gtk_widget_class_bind_template_child (widget_class, KdProxyReportDialog, location_row);
  gtk_widget_class_bind_template_child (widget_class, KdProxyReportDialog, kind_error);
  gtk_widget_class_bind_template_child (widget_class, KdProxyReportDialog, village_error);
  gtk_widget_class_bind_template_child (widget_class, KdProxyReportDialog, category_error);
  gtk_widget_class_bind_template_child (widget_class, KdProxyReportDialog, name_error);
  gtk_widget_class_bind_template_child (widget_class, KdProxyReportDialog, phone_error);
  gtk_widget_class_bind_template_child (widget_class, KdProxyReportDialog, location_error);
  gtk_widget_class_bind_template_child (widget_class, KdProxyReportDialog, code_label);
  gtk_widget_class_bind_template_child (widget_class, KdProxyReportDialog, url_label);
  gtk_widget_class_bind_template_callback (widget_class, submit_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, print_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, another_clicked_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);

  g_type_ensure (KD_TYPE_CATALOG_ITEM);
}

static void
kd_proxy_report_dialog_init (KdProxyReportDialog *self)
{
  self->cancellable = g_cancellable_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
kd_proxy_report_dialog_new (GtkWindow *parent,
                            KdStore   *store,
                            KdServer  *server)
{
  KdProxyReportDialog *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (KD_IS_STORE (store), NULL);
  g_return_val_if_fail (server == NULL || KD_IS_SERVER (server), NULL);

  self = g_object_new (KD_TYPE_PROXY_REPORT_DIALOG, "transient-for", parent, NULL);
  self->store = g_object_ref (store);
  self->server = server ? g_object_ref (server) : NULL;
  load_catalogs (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->description_view));

  return GTK_WIDGET (self);
}

/* The case entered, once the writer stored it; NULL before. */
KdCase *
kd_proxy_report_dialog_get_case (KdProxyReportDialog *self)
{
  g_return_val_if_fail (KD_IS_PROXY_REPORT_DIALOG (self), NULL);

  return self->kase;
}

const KdReceipt *
kd_proxy_report_dialog_get_receipt (KdProxyReportDialog *self)
{
  g_return_val_if_fail (KD_IS_PROXY_REPORT_DIALOG (self), NULL);

  return self->receipt;
}

gboolean
kd_proxy_report_dialog_get_busy (KdProxyReportDialog *self)
{
  g_return_val_if_fail (KD_IS_PROXY_REPORT_DIALOG (self), FALSE);

  return self->busy;
}
