/* kd-case-detail-actions.c: the workflow's buttons — exactly the changes
 * core allows from where the case stands — the dialogs that ask for what a
 * change needs, and the writes, all async. An error from core is shown and
 * changes nothing. */
#define G_LOG_DOMAIN "kd-case-detail"

#include "config.h"

#include <glib/gi18n.h>

#include "kd-case-detail-private.h"
#include "kd-assign-dialog.h"
#include "kd-merge-dialog.h"
#include "kd-reason-dialog.h"

typedef enum {
  OP_ACCEPT,
  OP_ASSIGN,
  OP_START,
  OP_RESOLVE,
  OP_REJECT,
  OP_MERGE,
  OP_REOPEN,
  OP_CLOSE,
  OP_PAUSE,
  OP_RESUME,
} Op;

/* A change on its way: for the case it was asked for, whatever is shown
 * when it ends. */
typedef struct
{
  KdCaseDetail *self;
  gint64        case_id;
  Op            op;
} Pending;

static Pending *
pending_new (KdCaseDetail *self,
             Op            op)
{
  Pending *pending = g_new0 (Pending, 1);

  pending->self = g_object_ref (self);
  pending->case_id = kd_case_get_id (self->kase);
  pending->op = op;

  return pending;
}

static void
pending_free (gpointer data)
{
  Pending *pending = data;

  g_object_unref (pending->self);
  g_free (pending);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Pending, pending_free)

static void
pending_closure_free (gpointer  data,
                      GClosure *closure)
{
  pending_free (data);
}

static Pending *
pending_copy (const Pending *pending)
{
  Pending *copy = g_memdup2 (pending, sizeof *pending);

  g_object_ref (copy->self);
  return copy;
}

static void
action_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(Pending) pending = user_data;
  g_autoptr(GError) error = NULL;

  kd_case_detail_set_busy (pending->self, FALSE);
  if (!kd_store_case_action_finish (KD_STORE (source), result, &error))
    {
      g_message ("Case %" G_GINT64_FORMAT " not changed: %s", pending->case_id, error->message);
      kd_case_detail_show_toast (pending->self, error->message);
    }
}

/* Sends the change to the writer; @text is the note or reason, @target the
 * village (assign) or the case kept (merge), @cadre_id the assignee. */
static void
submit (Pending    *pending,
        const char *text,
        gint64      target,
        gint64      cadre_id)
{
  KdCaseDetail *self = pending->self;
  KdStore *store = self->store;
  gint64 id = pending->case_id;
  KdActor actor;

  kd_case_detail_current_actor (self, &actor);
  kd_case_detail_set_busy (self, TRUE);
  switch (pending->op)
    {
    case OP_ACCEPT:  kd_store_accept_async (store, id, &actor, text, NULL, action_done_cb, pending); break;
    case OP_ASSIGN:  kd_store_assign_async (store, id, target, cadre_id, &actor, text, NULL, action_done_cb, pending); break;
    case OP_START:   kd_store_start_async (store, id, &actor, text, NULL, action_done_cb, pending); break;
    case OP_RESOLVE: kd_store_resolve_async (store, id, &actor, text, NULL, action_done_cb, pending); break;
    case OP_REJECT:  kd_store_reject_async (store, id, &actor, text, NULL, action_done_cb, pending); break;
    case OP_MERGE:   kd_store_merge_async (store, id, target, &actor, text, NULL, action_done_cb, pending); break;
    case OP_REOPEN:  kd_store_reopen_async (store, id, &actor, text, NULL, action_done_cb, pending); break;
    case OP_CLOSE:   kd_store_close_async (store, id, &actor, text, NULL, action_done_cb, pending); break;
    case OP_PAUSE:   kd_store_pause_async (store, id, &actor, text, NULL, action_done_cb, pending); break;
    case OP_RESUME:  kd_store_resume_async (store, id, &actor, text, NULL, action_done_cb, pending); break;
    default:
      g_assert_not_reached ();
    }
}

/* What core allows: the graph of kd_case_status_can_change(), and
 * reassigning an assigned case (kd_workflow_assign()). */
static gboolean
may_change (KdCaseStatus from,
            KdCaseStatus to)
{
  return kd_case_status_can_change (from, to) ||
         (from == KD_CASE_STATUS_ASSIGNED && to == KD_CASE_STATUS_ASSIGNED);
}

/* The dialogs. */

static void
dialog_response_cb (AdwMessageDialog *dialog,
                    const char       *response,
                    gpointer          user_data)
{
  const Pending *pending = user_data;

  if (KD_IS_REASON_DIALOG (dialog) && g_strcmp0 (response, KD_REASON_DIALOG_ACCEPT) == 0)
    {
      g_autofree char *text = kd_reason_dialog_dup_text (KD_REASON_DIALOG (dialog));

      submit (pending_copy (pending), text, 0, 0);
    }
  else if (KD_IS_ASSIGN_DIALOG (dialog) && g_strcmp0 (response, KD_ASSIGN_DIALOG_ASSIGN) == 0)
    {
      KdAssignDialog *assign = KD_ASSIGN_DIALOG (dialog);

      submit (pending_copy (pending), NULL, kd_assign_dialog_get_village_id (assign),
              kd_assign_dialog_get_cadre_id (assign));
    }
  else if (KD_IS_MERGE_DIALOG (dialog) && g_strcmp0 (response, KD_MERGE_DIALOG_MERGE) == 0 &&
           kd_merge_dialog_get_kept (KD_MERGE_DIALOG (dialog)) != NULL)
    {
      submit (pending_copy (pending), NULL, kd_case_get_id (kd_merge_dialog_get_kept (KD_MERGE_DIALOG (dialog))), 0);
    }
}

static void
present_dialog (KdCaseDetail     *self,
                AdwMessageDialog *dialog,
                Op                op)
{
  if (self->dialog != NULL)
    gtk_window_destroy (self->dialog);
  self->dialog = GTK_WINDOW (dialog);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &self->dialog);
  g_signal_connect_data (dialog, "response", G_CALLBACK (dialog_response_cb), pending_new (self, op),
                         pending_closure_free, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static GtkWindow *
parent_window (KdCaseDetail *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

static void
ask_reason (KdCaseDetail *self,
            Op            op)
{
  const char *heading, *body, *label;
  AdwResponseAppearance appearance = ADW_RESPONSE_SUGGESTED;
  gboolean required = TRUE;

  switch (op)
    {
    case OP_RESOLVE:
      heading = _("Resolve the Case");
      body = _("Tell the villager what was done: this note is public and shows on their phone. "
               "It may stay empty only when a public reply since the case was accepted already says it.");
      label = _("_Resolve");
      required = FALSE;
      break;
    case OP_REJECT:
      heading = _("Reject the Case");
      body = _("Say why the township does not take up this report. The reason is shown to the villager "
               "on their phone. A rejected case cannot be opened again.");
      label = _("Re_ject");
      appearance = ADW_RESPONSE_DESTRUCTIVE;
      break;
    case OP_REOPEN:
      heading = _("Reopen the Case");
      body = _("Say why the case is opened again, for example the villager called to say the problem "
               "is not fixed. A new resolution deadline starts now.");
      label = _("Re_open");
      break;
    case OP_PAUSE:
      heading = _("Wait for the Villager");
      body = _("Say what the township needs from the villager, such as a document or someone at home "
               "for a visit. The villager sees this on their phone. The deadlines stop until the work resumes.");
      label = _("_Wait");
      break;
    default:
      g_assert_not_reached ();
    }

  present_dialog (self, ADW_MESSAGE_DIALOG (kd_reason_dialog_new (parent_window (self), heading, body,
                                                                   label, appearance, required)), op);
}

/* What each change of status does when its button is clicked. */
static void
change_status_activated (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *param)
{
  KdCaseDetail *self = KD_CASE_DETAIL (widget);
  KdDb *reader;
  int to = g_variant_get_int32 (param);

  if (self->kase == NULL || self->store == NULL || self->busy ||
      !may_change (kd_case_get_status (self->kase), to))
    return;

  reader = kd_store_get_reader (self->store);
  switch (to)
    {
    case KD_CASE_STATUS_ACCEPTED:    submit (pending_new (self, OP_ACCEPT), NULL, 0, 0); break;
    case KD_CASE_STATUS_IN_PROGRESS: submit (pending_new (self, OP_START), NULL, 0, 0); break;
    case KD_CASE_STATUS_CLOSED:      submit (pending_new (self, OP_CLOSE), NULL, 0, 0); break;
    case KD_CASE_STATUS_RESOLVED:    ask_reason (self, OP_RESOLVE); break;
    case KD_CASE_STATUS_REJECTED:    ask_reason (self, OP_REJECT); break;
    case KD_CASE_STATUS_REOPENED:    ask_reason (self, OP_REOPEN); break;
    case KD_CASE_STATUS_ASSIGNED:
      present_dialog (self, ADW_MESSAGE_DIALOG (kd_assign_dialog_new (parent_window (self), reader, self->kase)),
                      OP_ASSIGN);
      break;
    case KD_CASE_STATUS_DUPLICATE:
      present_dialog (self, ADW_MESSAGE_DIALOG (kd_merge_dialog_new (parent_window (self), reader, self->kase)),
                      OP_MERGE);
      break;
    default:
      break;
    }
}

static void
pause_activated (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *param)
{
  KdCaseDetail *self = KD_CASE_DETAIL (widget);

  if (self->kase != NULL && self->store != NULL && !self->busy)
    ask_reason (self, OP_PAUSE);
}

static void
resume_activated (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  KdCaseDetail *self = KD_CASE_DETAIL (widget);

  if (self->kase != NULL && self->store != NULL && !self->busy)
    submit (pending_new (self, OP_RESUME), NULL, 0, 0);
}

/* The buttons. */

#define ACTION_PAUSE  (-1)
#define ACTION_RESUME (-2)

static const char *
button_label (KdCaseDetail *self,
              int           action)
{
  KdCaseStatus from = kd_case_get_status (self->kase);

  switch (action)
    {
    case KD_CASE_STATUS_ACCEPTED:    return _("_Accept");
    case KD_CASE_STATUS_ASSIGNED:
      return from == KD_CASE_STATUS_ASSIGNED || from == KD_CASE_STATUS_IN_PROGRESS ? _("Re_assign…") : _("_Assign…");
    case KD_CASE_STATUS_IN_PROGRESS: return _("_Start Work");
    case KD_CASE_STATUS_RESOLVED:    return _("_Resolve…");
    case KD_CASE_STATUS_CLOSED:      return _("_Close");
    case KD_CASE_STATUS_REJECTED:    return _("Re_ject…");
    case KD_CASE_STATUS_DUPLICATE:   return _("_Merge into…");
    case KD_CASE_STATUS_REOPENED:    return _("Re_open…");
    case ACTION_PAUSE:               return _("_Wait for Villager…");
    case ACTION_RESUME:              return _("Res_ume");
    default:                         g_assert_not_reached ();
    }
}

static gboolean
can_pause (KdCaseStatus status)
{
  return status == KD_CASE_STATUS_ACCEPTED || status == KD_CASE_STATUS_ASSIGNED ||
         status == KD_CASE_STATUS_IN_PROGRESS || status == KD_CASE_STATUS_REOPENED;
}

static gboolean
offered (KdCaseDetail *self,
         int           action)
{
  KdCaseStatus from = kd_case_get_status (self->kase);
  gboolean paused = kd_case_get_paused_at (self->kase) != 0;

  if (action == ACTION_PAUSE)
    return can_pause (from) && !paused;
  if (action == ACTION_RESUME)
    return paused;

  return may_change (from, action);
}

/* The next step of the usual way through. */
static int
primary_action (KdCaseDetail *self)
{
  if (kd_case_get_paused_at (self->kase) != 0)
    return ACTION_RESUME;

  switch (kd_case_get_status (self->kase))
    {
    case KD_CASE_STATUS_NEW:         return KD_CASE_STATUS_ACCEPTED;
    case KD_CASE_STATUS_ACCEPTED:
    case KD_CASE_STATUS_REOPENED:    return KD_CASE_STATUS_ASSIGNED;
    case KD_CASE_STATUS_ASSIGNED:    return KD_CASE_STATUS_IN_PROGRESS;
    case KD_CASE_STATUS_IN_PROGRESS: return KD_CASE_STATUS_RESOLVED;
    case KD_CASE_STATUS_RESOLVED:    return KD_CASE_STATUS_CLOSED;
    case KD_CASE_STATUS_CLOSED:
    case KD_CASE_STATUS_REJECTED:
    case KD_CASE_STATUS_DUPLICATE:
    default:                         return G_MININT;
    }
}

static GtkWidget *
action_button_new (KdCaseDetail *self,
                   int           action)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (button_label (self, action));

  if (action == ACTION_PAUSE)
    gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "detail.pause");
  else if (action == ACTION_RESUME)
    gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "detail.resume");
  else
    {
      gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "detail.change-status");
      gtk_actionable_set_action_target_value (GTK_ACTIONABLE (button), g_variant_new_int32 (action));
    }
  if (action == KD_CASE_STATUS_REJECTED)
    gtk_widget_add_css_class (button, "destructive-action");
  if (action == primary_action (self))
    gtk_widget_add_css_class (button, "suggested-action");

  return button;
}

void
kd_case_detail_fill_actions (KdCaseDetail *self)
{
  /* The usual next step first, the final ones last. */
  static const int order[] = {
    KD_CASE_STATUS_ACCEPTED, KD_CASE_STATUS_ASSIGNED, KD_CASE_STATUS_IN_PROGRESS, KD_CASE_STATUS_RESOLVED,
    KD_CASE_STATUS_CLOSED, KD_CASE_STATUS_REOPENED, ACTION_RESUME, ACTION_PAUSE,
    KD_CASE_STATUS_DUPLICATE, KD_CASE_STATUS_REJECTED,
  };
  int primary = primary_action (self);
  GtkWidget *child;
  gboolean any = FALSE;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->status_box))))
    gtk_flow_box_remove (self->status_box, child);

  if (primary != G_MININT && offered (self, primary))
    {
      gtk_flow_box_append (self->status_box, action_button_new (self, primary));
      any = TRUE;
    }
  for (gsize i = 0; i < G_N_ELEMENTS (order); i++)
    {
      if (order[i] == primary || !offered (self, order[i]))
        continue;
      gtk_flow_box_append (self->status_box, action_button_new (self, order[i]));
      any = TRUE;
    }

  gtk_widget_set_visible (GTK_WIDGET (self->status_box), any);
}

void
kd_case_detail_update_actions (KdCaseDetail *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->reply_view);
  gboolean ready = self->kase != NULL && self->store != NULL && !self->busy;
  GtkTextIter start, end;
  g_autofree char *text = NULL;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = g_strstrip (gtk_text_buffer_get_text (buffer, &start, &end, FALSE));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "detail.send-reply", ready && *text != '\0');
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "detail.change-status", ready);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "detail.pause", ready);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "detail.resume", ready);
}

void
kd_case_detail_actions_class_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "detail.change-status", "i", change_status_activated);
  gtk_widget_class_install_action (widget_class, "detail.pause", NULL, pause_activated);
  gtk_widget_class_install_action (widget_class, "detail.resume", NULL, resume_activated);
}

/* The workflow dialog open for this case, if any (for tests). */
GtkWindow *
kd_case_detail_get_dialog (KdCaseDetail *self)
{
  g_return_val_if_fail (KD_IS_CASE_DETAIL (self), NULL);

  return self->dialog;
}
