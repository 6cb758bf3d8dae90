/* kd-case-detail-header.c: where the case stands — kind, status, who has
 * it, the deadlines as time left or overdue, a wait on the villager, a
 * rejection's reason, and the links between a duplicate and the case kept. */
#define G_LOG_DOMAIN "kd-case-detail"

#include "config.h"

#include <glib/gi18n.h>

#include "kd-case-detail-private.h"

#define SOON (2 * 3600)   /* a deadline this close is a warning */

/* A span of time the way a cadre says it: "25 min", "3 h", "2 d". */
static char *
format_span (gint64 seconds)
{
  gint64 minutes = MAX (seconds, 0) / 60;

  if (minutes < 60)
    return g_strdup_printf (_("%d min"), (int) MAX (minutes, 1));
  if (minutes < 48 * 60)
    return g_strdup_printf (_("%d h"), (int) (minutes / 60));
  return g_strdup_printf (_("%d d"), (int) (minutes / (24 * 60)));
}

/* "Response due in 3 h" or "Response overdue by 2 d", coloured by urgency. */
static void
show_deadline (GtkLabel   *label,
               gint64      due,
               gint64      now,
               const char *due_format,
               const char *overdue_format)
{
  g_autofree char *span = NULL;
  g_autofree char *text = NULL;

  gtk_widget_remove_css_class (GTK_WIDGET (label), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (label), "warning");
  gtk_widget_set_visible (GTK_WIDGET (label), due != 0);
  if (due == 0)
    return;

  span = format_span (ABS (due - now));
  text = g_strdup_printf (due < now ? overdue_format : due_format, span);
  gtk_label_set_text (label, text);
  if (due < now)
    gtk_widget_add_css_class (GTK_WIDGET (label), "error");
  else if (due - now < SOON)
    gtk_widget_add_css_class (GTK_WIDGET (label), "warning");
}

static void
fill_deadlines (KdCaseDetail *self)
{
  KdCase *kase = self->kase;
  gboolean running = kd_case_status_is_open (kd_case_get_status (kase)) && kd_case_get_paused_at (kase) == 0;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  /* TRANSLATORS: %s is a span of time such as "3 h" */
  show_deadline (self->response_label,
                 running && kd_case_get_responded_at (kase) == 0 ? kd_case_get_response_due_at (kase) : 0,
                 now, _("Response due in %s"), _("Response overdue by %s"));
  show_deadline (self->resolution_label, running ? kd_case_get_resolution_due_at (kase) : 0,
                 now, _("Resolution due in %s"), _("Resolution overdue by %s"));
}

static void
fill_assignee (KdCaseDetail *self)
{
  const char *village = kd_case_get_assigned_village_name (self->kase);
  const char *cadre = kd_case_get_assignee_name (self->kase);
  g_autofree char *text = NULL;

  if (village != NULL && cadre != NULL)
    text = g_strdup_printf (_("Assigned to %s · %s"), village, cadre);
  else if (village != NULL || cadre != NULL)
    text = g_strdup_printf (_("Assigned to %s"), village ? village : cadre);

  gtk_label_set_text (self->assignee_label, text ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->assignee_label), text != NULL);
}

static void
fill_pause_and_reason (KdCaseDetail *self)
{
  gint64 paused_at = kd_case_get_paused_at (self->kase);
  const char *reason = kd_case_get_reject_reason (self->kase);
  gboolean rejected = kd_case_get_status (self->kase) == KD_CASE_STATUS_REJECTED && reason != NULL;

  gtk_widget_set_visible (GTK_WIDGET (self->paused_label), paused_at != 0);
  if (paused_at != 0)
    {
      g_autofree char *since = kd_format_local_time (paused_at);
      g_autofree char *text = NULL;

      if (self->pause_reason != NULL)
        text = g_strdup_printf (_("Waiting for the villager since %s (the deadlines are stopped): %s"),
                                since, self->pause_reason);
      else
        text = g_strdup_printf (_("Waiting for the villager since %s (the deadlines are stopped)"), since);
      gtk_label_set_text (self->paused_label, text);
    }

  gtk_widget_set_visible (GTK_WIDGET (self->reject_label), rejected);
  if (rejected)
    {
      g_autofree char *text = g_strdup_printf (_("Not taken up: %s"), reason);

      gtk_label_set_text (self->reject_label, text);
    }
}

static void
case_link_clicked_cb (GtkButton    *button,
                      KdCaseDetail *self)
{
  gint64 *id = g_object_get_data (G_OBJECT (button), "kd-case-id");

  if (id != NULL)
    g_signal_emit (self, kd_case_detail_signals[SIGNAL_SHOW_CASE], 0, *id);
}

static void
set_link_target (GtkWidget *button,
                 gint64     case_id)
{
  g_object_set_data_full (G_OBJECT (button), "kd-case-id", g_memdup2 (&case_id, sizeof case_id), g_free);
}

static GtkWidget *
case_link_new (KdCaseDetail *self,
               gint64        case_id)
{
  g_autofree char *label = g_strdup_printf ("#%lld", (long long) case_id);
  GtkWidget *button = gtk_button_new_with_label (label);

  gtk_widget_add_css_class (button, "link");
  gtk_widget_set_tooltip_text (button, _("Show this case"));
  set_link_target (button, case_id);
  g_signal_connect_object (button, "clicked", G_CALLBACK (case_link_clicked_cb), self, 0);

  return button;
}

static void
fill_duplicates (KdCaseDetail *self)
{
  g_autoptr(GListModel) duplicates = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *child;
  guint n;

  while ((child = gtk_widget_get_last_child (GTK_WIDGET (self->duplicates_box))) !=
         gtk_widget_get_first_child (GTK_WIDGET (self->duplicates_box)))
    gtk_box_remove (self->duplicates_box, child);

  duplicates = kd_workflow_list_duplicates (kd_store_get_reader (self->store), kd_case_get_id (self->kase), &error);
  if (duplicates == NULL)
    g_warning ("Could not list the duplicates of case %" G_GINT64_FORMAT ": %s",
               kd_case_get_id (self->kase), error->message);
  n = duplicates ? g_list_model_get_n_items (duplicates) : 0;
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(KdCase) duplicate = g_list_model_get_item (duplicates, i);

      gtk_box_append (self->duplicates_box, case_link_new (self, kd_case_get_id (duplicate)));
    }
  gtk_widget_set_visible (GTK_WIDGET (self->duplicates_box), n > 0);
}

static void
fill_merged (KdCaseDetail *self)
{
  gint64 kept = kd_case_get_duplicate_of (self->kase);

  gtk_widget_set_visible (GTK_WIDGET (self->merged_button), kept != 0);
  if (kept != 0)
    {
      g_autofree char *label = g_strdup_printf (_("Merged into case #%lld"), (long long) kept);

      gtk_button_set_label (self->merged_button, label);
      set_link_target (GTK_WIDGET (self->merged_button), kept);
    }
}

void
kd_case_detail_fill_header (KdCaseDetail *self)
{
  KdCaseKind kind = kd_case_get_kind (self->kase);

  gtk_label_set_text (self->kind_label, kd_case_kind_label (kind));
  if (kind == KD_CASE_KIND_EMERGENCY)
    gtk_widget_add_css_class (GTK_WIDGET (self->kind_label), "emergency");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->kind_label), "emergency");
  gtk_label_set_text (self->status_label, kd_case_status_label (kd_case_get_status (self->kase)));
  gtk_widget_set_visible (GTK_WIDGET (self->urgent_label), kd_case_get_urgent (self->kase));

  fill_assignee (self);
  fill_deadlines (self);
  fill_pause_and_reason (self);
  fill_merged (self);
  fill_duplicates (self);
}

void
kd_case_detail_header_class_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_bind_template_callback (widget_class, case_link_clicked_cb);
}
