/* kd-reason-dialog.c: a message dialog with a text box; the confirming
 * button waits for text when a reason is required. */
#define G_LOG_DOMAIN "kd-reason-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "kd-reason-dialog.h"
#include "kd-ui-resources.h"

struct _KdReasonDialog
{
  AdwMessageDialog  parent_instance;

  gboolean          required;

  /* template */
  GtkTextView      *text_view;
};

G_DEFINE_FINAL_TYPE (KdReasonDialog, kd_reason_dialog, ADW_TYPE_MESSAGE_DIALOG)

static void
text_changed_cb (KdReasonDialog *self)
{
  g_autofree char *text = kd_reason_dialog_dup_text (self);

  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (self), KD_REASON_DIALOG_ACCEPT,
                                           !self->required || *text != '\0');
}

static void
kd_reason_dialog_map (GtkWidget *widget)
{
  KdReasonDialog *self = KD_REASON_DIALOG (widget);

  GTK_WIDGET_CLASS (kd_reason_dialog_parent_class)->map (widget);
  gtk_widget_grab_focus (GTK_WIDGET (self->text_view));
}

static void
kd_reason_dialog_class_init (KdReasonDialogClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  widget_class->map = kd_reason_dialog_map;

  (void) kd_ui_get_resource ();
  gtk_widget_class_set_template_from_resource (widget_class, "/org/kuiduo/Kuiduo/ui/kd-reason-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, KdReasonDialog, text_view);
}

static void
kd_reason_dialog_init (KdReasonDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  g_signal_connect_object (gtk_text_view_get_buffer (self->text_view), "changed",
                           G_CALLBACK (text_changed_cb), self, G_CONNECT_SWAPPED);
}

/* @body explains what the text is for and who reads it. With @required the
 * confirming button stays off while the text is blank. */
KdReasonDialog *
kd_reason_dialog_new (GtkWindow             *parent,
                      const char            *heading,
                      const char            *body,
                      const char            *accept_label,
                      AdwResponseAppearance  appearance,
                      gboolean               required)
{
  KdReasonDialog *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (accept_label != NULL, NULL);

  self = g_object_new (KD_TYPE_REASON_DIALOG,
                       "transient-for", parent,
                       "heading", heading,
                       "body", body,
                       NULL);
  self->required = required;
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (self),
                                    "cancel", _("_Cancel"),
                                    KD_REASON_DIALOG_ACCEPT, accept_label,
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (self), KD_REASON_DIALOG_ACCEPT, appearance);
  text_changed_cb (self);

  return self;
}

/* The text, trimmed. */
char *
kd_reason_dialog_dup_text (KdReasonDialog *self)
{
  GtkTextBuffer *buffer;
  GtkTextIter start, end;

  g_return_val_if_fail (KD_IS_REASON_DIALOG (self), NULL);

  buffer = gtk_text_view_get_buffer (self->text_view);
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return g_strstrip (gtk_text_buffer_get_text (buffer, &start, &end, FALSE));
}

void
kd_reason_dialog_set_text (KdReasonDialog *self,
                           const char     *text)
{
  g_return_if_fail (KD_IS_REASON_DIALOG (self));

  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->text_view), text ? text : "", -1);
}
