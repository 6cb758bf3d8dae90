/* kd-disclosure-dialog-actions.c: what can be done with a saved
 * disclosure — review, publish, delete a draft, start a correction, print —
 * each offered only to a cadre the core allows it, in the state it allows
 * it (the core refuses anyway, and its refusal is shown). Publishing and
 * deleting ask first; nothing is acted on while the form has unsaved
 * changes. */
#define G_LOG_DOMAIN "kd-disclosure-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "kd-current-actor.h"
#include "kd-disclosure-dialog-private.h"

typedef struct
{
  gboolean save;
  gboolean review;
  gboolean publish;
  gboolean remove;
  gboolean correct;
  gboolean print;
} Allowed;

static void
get_allowed (KdDisclosureDialog *self,
             Allowed            *allowed)
{
  KdCadre *cadre = kd_current_cadre (GTK_WIDGET (self));
  const KdDisclosure *d = self->disclosure;
  KdRole role;
  gint64 own, me;
  gboolean edit;

  *allowed = (Allowed) { FALSE };
  if (cadre == NULL)
    return;
  role = kd_cadre_get_role (cadre);
  own = kd_cadre_get_village_id (cadre);
  me = kd_cadre_get_id (cadre);

  if (d == NULL)
    {
      allowed->save = kd_disclosure_can_edit (role, own, 0) || kd_disclosure_can_edit (role, own, own);
      return;
    }

  edit = kd_disclosure_can_edit (role, own, d->village_id);
  allowed->save = edit && d->state != KD_DISCLOSURE_PUBLISHED;
  allowed->review = d->state == KD_DISCLOSURE_DRAFT && d->updated_by != me &&
                    kd_disclosure_can_review (role, own, d->village_id);
  allowed->publish = d->state == KD_DISCLOSURE_REVIEWED && kd_disclosure_can_publish (role);
  allowed->remove = edit && d->state != KD_DISCLOSURE_PUBLISHED;
  allowed->correct = edit && d->state == KD_DISCLOSURE_PUBLISHED && d->superseded_by == 0;
  allowed->print = TRUE;
}

/* Each button shows when it is allowed, and works when nothing is pending. */
void
kd_disclosure_dialog_update_actions (KdDisclosureDialog *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  gboolean idle = !self->busy;
  gboolean as_shown = idle && !self->dirty;   /* what is shown is what is stored */
  const char *unsaved = self->dirty ? _("Save the changes first") : NULL;
  gboolean any = FALSE;
  Allowed allowed;

  get_allowed (self, &allowed);
  {
    struct { GtkButton *button; const char *action; gboolean shown; gboolean enabled; } buttons[] = {
      { self->review_button,  "disclosure.review",  allowed.review,  as_shown },
      { self->publish_button, "disclosure.publish", allowed.publish, as_shown },
      { self->delete_button,  "disclosure.delete",  allowed.remove,  idle },
      { self->correct_button, "disclosure.correct", allowed.correct, as_shown },
      { self->print_button,   "disclosure.print",   allowed.print,   as_shown },
    };

    for (guint i = 0; i < G_N_ELEMENTS (buttons); i++)
      {
        gtk_widget_set_visible (GTK_WIDGET (buttons[i].button), buttons[i].shown);
        gtk_widget_action_set_enabled (widget, buttons[i].action, buttons[i].shown && buttons[i].enabled);
        gtk_widget_set_tooltip_text (GTK_WIDGET (buttons[i].button), buttons[i].enabled ? NULL : unsaved);
        any |= buttons[i].shown;
      }
  }
  gtk_widget_set_visible (GTK_WIDGET (self->save_button), allowed.save);
  gtk_widget_action_set_enabled (widget, "disclosure.save", allowed.save && idle);
  gtk_widget_set_visible (GTK_WIDGET (self->action_bar), any);
}

typedef struct
{
  KdDisclosureDialog *self;
  KdDisclosureAction  action;
} Acting;

/* After an action: the disclosure as it is now (for a correction, the new draft). */
static void
act_done_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      data)
{
  g_autofree Acting *acting = data;
  g_autoptr(KdDisclosureDialog) self = acting->self;
  g_autoptr(GError) error = NULL;
  gint64 id = kd_disclosure_act_finish (KD_STORE (source), result, &error);

  kd_disclosure_dialog_set_busy (self, FALSE);
  if (id == 0)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      /* Someone else may have acted first: show it as it is now. */
      if (self->disclosure != NULL)
        kd_disclosure_dialog_load (self, self->disclosure->id);
      kd_disclosure_dialog_show_error (self, error);
      return;
    }

  switch (acting->action)
    {
    case KD_DISCLOSURE_DELETE:
      gtk_window_destroy (GTK_WINDOW (self));
      return;
    case KD_DISCLOSURE_REVIEW:
      kd_disclosure_dialog_load (self, id);
      kd_disclosure_dialog_toast (self, _("Reviewed. The town office may publish it now."));
      break;
    case KD_DISCLOSURE_PUBLISH:
      kd_disclosure_dialog_load (self, id);
      kd_disclosure_dialog_toast (self, _("Published: the phones show it now. Print it for the notice board."));
      break;
    case KD_DISCLOSURE_CORRECT:
    default:
      kd_disclosure_dialog_load (self, id);
      kd_disclosure_dialog_toast (self, _("This is the correction: edit it, then have it reviewed and published."));
      break;
    }
}

static void
act (KdDisclosureDialog *self,
     KdDisclosureAction  action)
{
  Acting *acting;
  KdActor actor;

  if (self->busy || self->disclosure == NULL)
    return;

  acting = g_new0 (Acting, 1);
  acting->self = g_object_ref (self);
  acting->action = action;
  kd_current_actor (GTK_WIDGET (self), &actor);
  kd_disclosure_dialog_set_busy (self, TRUE);
  kd_disclosure_act_async (self->store, self->disclosure->id, action, &actor, self->cancellable,
                           act_done_cb, acting);
}

static void
review_activated (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  act (KD_DISCLOSURE_DIALOG (widget), KD_DISCLOSURE_REVIEW);
}

/* Confirmations. */

static void
confirm_response_cb (AdwMessageDialog   *dialog,
                     const char         *response,
                     KdDisclosureDialog *self)
{
  if (g_strcmp0 (response, "cancel") == 0 || g_strcmp0 (response, "close") == 0)
    return;

  act (self, GPOINTER_TO_INT (g_object_get_data (G_OBJECT (dialog), "kd-action")));
}

static void
confirm (KdDisclosureDialog     *self,
         KdDisclosureAction      action,
         const char             *heading,
         const char             *body,
         const char             *label,
         AdwResponseAppearance   appearance)
{
  GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (self), heading, body);

  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"), "go", label, NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "go", appearance);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data (G_OBJECT (dialog), "kd-action", GINT_TO_POINTER (action));
  g_signal_connect_object (dialog, "response", G_CALLBACK (confirm_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
publish_activated (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *param)
{
  confirm (KD_DISCLOSURE_DIALOG (widget), KD_DISCLOSURE_PUBLISH, _("Publish This Disclosure?"),
           _("Once published it can never be changed or deleted. The phones show it at once, with its "
             "fingerprint; a mistake can only be corrected by a new version, and both stay readable."),
           _("_Publish"), ADW_RESPONSE_SUGGESTED);
}

static void
delete_activated (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  confirm (KD_DISCLOSURE_DIALOG (widget), KD_DISCLOSURE_DELETE, _("Delete This Draft?"),
           _("The draft and its ledger are deleted. This cannot be undone."),
           _("_Delete"), ADW_RESPONSE_DESTRUCTIVE);
}

static void
correct_activated (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *param)
{
  confirm (KD_DISCLOSURE_DIALOG (widget), KD_DISCLOSURE_CORRECT, _("Correct This Disclosure?"),
           _("A new draft is made with the same content, to be edited, reviewed and published as the next "
             "version. This version stays as it is until then, and readable afterwards."),
           _("_Start a Correction"), ADW_RESPONSE_SUGGESTED);
}

/* Printing. */

static char *
dup_base_url (KdDisclosureDialog *self)
{
  g_auto(GStrv) urls = NULL;

  if (self->server == NULL || !kd_server_get_running (self->server))
    return NULL;
  urls = kd_server_dup_urls (self->server);
  return urls[0] != NULL ? g_strdup (urls[0]) : NULL;
}

/* The sheet as it would print now: with a QR code when the phone endpoint
 * is running and the disclosure is published. */
KdDisclosureSheet *
kd_disclosure_dialog_dup_sheet (KdDisclosureDialog *self)
{
  g_autofree char *town = NULL;
  g_autofree char *base = NULL;

  g_return_val_if_fail (KD_IS_DISCLOSURE_DIALOG (self), NULL);

  if (self->disclosure == NULL)
    return NULL;
  town = kd_store_dup_town_name (kd_store_get_reader (self->store));
  base = dup_base_url (self);
  return kd_disclosure_sheet_new (self->disclosure, town, base);
}

static void
print_activated (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *param)
{
  KdDisclosureDialog *self = KD_DISCLOSURE_DIALOG (widget);
  KdDisclosureSheet *sheet = kd_disclosure_dialog_dup_sheet (self);

  if (sheet == NULL)
    return;
  if (self->disclosure->state != KD_DISCLOSURE_PUBLISHED)
    kd_disclosure_dialog_toast (self, _("Not published yet: the sheet is marked as a draft."));
  else if (kd_disclosure_sheet_get_url (sheet) == NULL)
    kd_disclosure_dialog_toast (self, _("The phone endpoint is stopped: the sheet has no QR code."));
  kd_disclosure_sheet_print (sheet, GTK_WINDOW (self));
}

void
kd_disclosure_dialog_class_add_actions (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "disclosure.review", NULL, review_activated);
  gtk_widget_class_install_action (widget_class, "disclosure.publish", NULL, publish_activated);
  gtk_widget_class_install_action (widget_class, "disclosure.delete", NULL, delete_activated);
  gtk_widget_class_install_action (widget_class, "disclosure.correct", NULL, correct_activated);
  gtk_widget_class_install_action (widget_class, "disclosure.print", NULL, print_activated);
}
