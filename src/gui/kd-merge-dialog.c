/* kd-merge-dialog.c: looks the kept case up as the cadre types (on the UI
 * thread's reader: one indexed row) and says what it found. */
#define G_LOG_DOMAIN "kd-merge-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "kd-merge-dialog.h"

struct _KdMergeDialog
{
  AdwMessageDialog  parent_instance;

  KdDb             *reader;      /* not owned: the store's, which outlives its windows */
  gint64            duplicate_id;
  KdCase           *kept;
  GtkEntry         *entry;
  GtkLabel         *found_label;
};

G_DEFINE_FINAL_TYPE (KdMergeDialog, kd_merge_dialog, ADW_TYPE_MESSAGE_DIALOG)

static gboolean
all_digits (const char *s)
{
  if (*s == '\0')
    return FALSE;
  for (; *s; s++)
    if (!g_ascii_isdigit (*s))
      return FALSE;
  return TRUE;
}

/* A case number ("#12", "12") or a tracking code, as typed. */
static KdCase *
look_up (KdMergeDialog *self,
         const char    *query)
{
  g_autofree char *clean = g_strstrip (g_strdup (query));
  const char *number = clean[0] == '#' ? clean + 1 : clean;
  KdCase *kase = NULL;

  if (*clean == '\0')
    return NULL;
  if (!all_digits (number) || strlen (number) >= KD_TRACKING_CODE_LEN)
    kase = kd_case_load_by_code (self->reader, clean, NULL);
  if (kase == NULL && all_digits (number) && strlen (number) < 18)
    kase = kd_case_load (self->reader, g_ascii_strtoll (number, NULL, 10), NULL);

  return kase;
}

/* Why the case found cannot be kept, or NULL. */
static const char *
refusal (KdMergeDialog *self,
         KdCase        *kept)
{
  if (kd_case_get_id (kept) == self->duplicate_id)
    return _("A case cannot be merged into itself.");
  if (kd_case_get_status (kept) == KD_CASE_STATUS_DUPLICATE)
    return _("That case is itself a duplicate: merge into the case it follows.");
  if (kd_case_get_status (kept) == KD_CASE_STATUS_REJECTED)
    return _("That case was not accepted.");
  return NULL;
}

static void
query_changed_cb (KdMergeDialog *self)
{
  const char *query = gtk_editable_get_text (GTK_EDITABLE (self->entry));
  g_autoptr(KdCase) found = look_up (self, query);
  const char *why = found ? refusal (self, found) : NULL;

  g_clear_object (&self->kept);
  gtk_widget_remove_css_class (GTK_WIDGET (self->found_label), "error");
  if (found == NULL)
    {
      gtk_label_set_text (self->found_label, *query ? _("No case has this number or tracking code.") : "");
      if (*query)
        gtk_widget_add_css_class (GTK_WIDGET (self->found_label), "error");
    }
  else if (why != NULL)
    {
      gtk_label_set_text (self->found_label, why);
      gtk_widget_add_css_class (GTK_WIDGET (self->found_label), "error");
    }
  else
    {
      g_autofree char *text = g_strdup_printf (_("Case #%lld · %s · %s"),
                                               (long long) kd_case_get_id (found), kd_case_get_title (found),
                                               kd_case_status_label (kd_case_get_status (found)));

      gtk_label_set_text (self->found_label, text);
      self->kept = g_steal_pointer (&found);
    }

  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (self), KD_MERGE_DIALOG_MERGE, self->kept != NULL);
}

static void
kd_merge_dialog_dispose (GObject *object)
{
  KdMergeDialog *self = KD_MERGE_DIALOG (object);

  g_clear_object (&self->kept);

  G_OBJECT_CLASS (kd_merge_dialog_parent_class)->dispose (object);
}

static void
kd_merge_dialog_class_init (KdMergeDialogClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = kd_merge_dialog_dispose;
}

static void
kd_merge_dialog_init (KdMergeDialog *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);

  self->entry = GTK_ENTRY (gtk_entry_new ());
  gtk_entry_set_placeholder_text (self->entry, _("Case number or tracking code"));
  gtk_entry_set_activates_default (self->entry, TRUE);
  self->found_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (self->found_label, 0);
  gtk_label_set_wrap (self->found_label, TRUE);
  gtk_label_set_wrap_mode (self->found_label, PANGO_WRAP_WORD_CHAR);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->entry));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->found_label));
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (self), box);

  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (self),
                                    "cancel", _("_Cancel"),
                                    KD_MERGE_DIALOG_MERGE, _("_Merge"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (self), KD_MERGE_DIALOG_MERGE,
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (self), KD_MERGE_DIALOG_MERGE, FALSE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (self), KD_MERGE_DIALOG_MERGE);
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (self), "cancel");
  g_signal_connect_object (self->entry, "changed", G_CALLBACK (query_changed_cb), self, G_CONNECT_SWAPPED);
}

KdMergeDialog *
kd_merge_dialog_new (GtkWindow *parent,
                     KdDb      *reader,
                     KdCase    *duplicate)
{
  KdMergeDialog *self;

  g_return_val_if_fail (reader != NULL, NULL);
  g_return_val_if_fail (KD_IS_CASE (duplicate), NULL);

  self = g_object_new (KD_TYPE_MERGE_DIALOG,
                       "transient-for", parent,
                       "modal", TRUE,
                       "destroy-with-parent", TRUE,
                       "heading", _("Merge into Another Case"),
                       "body", _("This case reports the same problem as another one. After the merge it is "
                                 "closed as a duplicate, and its villager follows the kept case: they see "
                                 "its progress and its result with their own tracking code."),
                       NULL);
  self->reader = reader;
  self->duplicate_id = kd_case_get_id (duplicate);

  return self;
}

void
kd_merge_dialog_set_query (KdMergeDialog *self,
                           const char    *number_or_code)
{
  g_return_if_fail (KD_IS_MERGE_DIALOG (self));

  gtk_editable_set_text (GTK_EDITABLE (self->entry), number_or_code ? number_or_code : "");
}

/* The case to keep, or NULL while none fits. */
KdCase *
kd_merge_dialog_get_kept (KdMergeDialog *self)
{
  g_return_val_if_fail (KD_IS_MERGE_DIALOG (self), NULL);

  return self->kept;
}
