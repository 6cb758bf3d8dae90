/* kd-case-detail.c: shows one case and writes to it through the store's
 * writer (async), then follows the store's change signals to stay current. */
#define G_LOG_DOMAIN "kd-case-detail"

#include "config.h"

#include <glib/gi18n.h>
#include <adwaita.h>

#include "kd-case-detail-private.h"
#include "kd-canned-replies-dialog.h"
#include "kd-canned-reply.h"
#include "kd-case-event.h"
#include "kd-ui-resources.h"
#include "kd-window.h"

G_DEFINE_FINAL_TYPE (KdCaseDetail, kd_case_detail, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_STORE,
  PROP_CASE,
  PROP_BUSY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];
guint kd_case_detail_signals[N_SIGNALS];

/* Who the changes are recorded as: the cadre signed in on the window (the
 * town office when no one is: the tests). */
void
kd_case_detail_current_actor (KdCaseDetail *self,
                              KdActor      *out)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  KdCadre *cadre = KD_IS_WINDOW (root) ? kd_window_get_cadre (KD_WINDOW (root)) : NULL;

  out->cadre_id = cadre != NULL ? kd_cadre_get_id (cadre) : 0;
  out->name = cadre != NULL ? kd_cadre_get_display_name (cadre) : _("Town office");
}

static char *
dup_reply_text (KdCaseDetail *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->reply_view);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return g_strstrip (gtk_text_buffer_get_text (buffer, &start, &end, FALSE));
}

void
kd_case_detail_set_busy (KdCaseDetail *self,
                         gboolean      busy)
{
  if (self->busy == busy)
    return;

  self->busy = busy;
  kd_case_detail_update_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

void
kd_case_detail_show_toast (KdCaseDetail *self,
                           const char   *text)
{
  /* Toast titles are markup in libadwaita 1.2. */
  g_autofree char *escaped = g_markup_escape_text (text, -1);

  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (escaped));
}

static const char *
channel_label (const char *channel)
{
  if (g_strcmp0 (channel, "phone") == 0)
    return _("Phone form");
  if (g_strcmp0 (channel, "api") == 0)
    return _("Phone app");
  if (g_strcmp0 (channel, "office") == 0)
    return _("At the town office");
  if (g_strcmp0 (channel, "hotline") == 0)
    return _("By telephone");
  if (g_strcmp0 (channel, "open311") == 0)
    return _("Open311 app");
  if (g_strcmp0 (channel, "other") == 0)
    return _("Other");

  return channel ? channel : "";
}

static GtkWidget *
plain_label (const char *text,
             const char *css_class)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);

  return label;
}

/* What happened, marked when only cadres see it. */
static GtkWidget *
event_header_new (KdCaseEvent *event)
{
  g_autofree char *summary = kd_case_event_dup_summary (event);
  GtkWidget *header = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);

  gtk_box_append (GTK_BOX (header), plain_label (summary, "heading"));
  if (!kd_case_event_is_public (event))
    {
      GtkWidget *pill = gtk_label_new (_("Internal"));

      gtk_widget_add_css_class (pill, "internal-pill");
      gtk_widget_set_valign (pill, GTK_ALIGN_CENTER);
      gtk_box_append (GTK_BOX (header), pill);
    }

  return header;
}

/* Who and when. */
static GtkWidget *
event_meta_new (KdCaseEvent *event)
{
  g_autofree char *when = kd_format_local_time (kd_case_event_get_at (event));
  const char *actor = kd_case_event_get_actor (event);
  g_autofree char *meta = actor ? g_strdup_printf ("%s · %s", actor, when) : g_strdup (when);
  GtkWidget *label = plain_label (meta, "dim-label");

  gtk_widget_add_css_class (label, "caption");

  return label;
}

static GtkWidget *
event_row_new (gpointer item,
               gpointer data)
{
  KdCaseEvent *event = item;
  const char *body = kd_case_event_get_body (event);
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);

  gtk_widget_add_css_class (box, "timeline-entry");
  gtk_box_append (GTK_BOX (box), event_header_new (event));
  gtk_box_append (GTK_BOX (box), event_meta_new (event));
  if (body != NULL && *body != '\0')
    {
      GtkWidget *label = plain_label (body, "timeline-body");

      gtk_label_set_selectable (GTK_LABEL (label), TRUE);
      gtk_box_append (GTK_BOX (box), label);
    }

  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  if (!kd_case_event_is_public (event))
    gtk_widget_add_css_class (row, "internal-note");

  return row;
}

/* What the township waits for, as the last pause said it. */
static void
remember_pause_reason (KdCaseDetail *self,
                       GListModel   *events)
{
  guint n = events ? g_list_model_get_n_items (events) : 0;

  g_clear_pointer (&self->pause_reason, g_free);
  for (guint i = n; i > 0 && self->pause_reason == NULL; i--)
    {
      g_autoptr(KdCaseEvent) event = g_list_model_get_item (events, i - 1);
      const char *body = kd_case_event_get_body (event);

      if (g_strcmp0 (kd_case_event_get_kind (event), "pause") == 0 && body != NULL && *body != '\0')
        self->pause_reason = g_strdup (body);
    }
}

static void
fill_timeline (KdCaseDetail *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) events = NULL;

  events = kd_case_event_list (kd_store_get_reader (self->store), kd_case_get_id (self->kase),
                               FALSE, &error);
  if (events == NULL)
    {
      g_warning ("Could not read the timeline of case %" G_GINT64_FORMAT ": %s",
                 kd_case_get_id (self->kase), error->message);
      kd_case_detail_show_toast (self, error->message);
    }
  gtk_list_box_bind_model (self->timeline_list, events, event_row_new, NULL, NULL);
  remember_pause_reason (self, events);
}

static void
set_text_or_dash (GtkLabel   *label,
                  const char *text)
{
  gtk_label_set_text (label, text != NULL && *text != '\0' ? text : "—");
}

static void
show_case (KdCaseDetail *self)
{
  g_autofree char *code = NULL;
  g_autofree char *when = NULL;

  if (self->kase == NULL || self->store == NULL)
    {
      gtk_stack_set_visible_child_name (self->stack, "empty");
      kd_photo_strip_set_case (self->photo_strip, NULL, 0);
      kd_case_detail_update_actions (self);
      return;
    }

  code = kd_case_dup_display_code (self->kase);
  when = kd_format_local_time (kd_case_get_created_at (self->kase));
  gtk_label_set_text (self->title_label, kd_case_get_title (self->kase));
  gtk_label_set_text (self->code_label, code);
  set_text_or_dash (self->village_label, kd_case_get_village_name (self->kase));
  set_text_or_dash (self->category_label, kd_case_get_category_name (self->kase));
  set_text_or_dash (self->time_label, when);
  set_text_or_dash (self->channel_label, channel_label (kd_case_get_channel (self->kase)));
  set_text_or_dash (self->reporter_label, kd_case_get_reporter_name (self->kase));
  set_text_or_dash (self->phone_label, kd_case_get_reporter_phone (self->kase));
  set_text_or_dash (self->location_label, kd_case_get_location (self->kase));
  gtk_label_set_text (self->description_label, kd_case_get_description (self->kase));

  fill_timeline (self);
  kd_case_detail_fill_header (self);
  kd_case_detail_fill_actions (self);
  kd_photo_strip_set_case (self->photo_strip, self->store, kd_case_get_id (self->kase));
  gtk_stack_set_visible_child_name (self->stack, "case");
  kd_case_detail_update_actions (self);
}

static void
reload (KdCaseDetail *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KdCase) fresh = NULL;

  if (self->kase == NULL || self->store == NULL)
    return;

  fresh = kd_case_load (kd_store_get_reader (self->store), kd_case_get_id (self->kase), &error);
  if (fresh == NULL)
    {
      g_warning ("Could not reload case %" G_GINT64_FORMAT ": %s",
                 kd_case_get_id (self->kase), error->message);
      return;
    }

  g_set_object (&self->kase, fresh);
  show_case (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CASE]);
}

static gboolean
reload_cb (gpointer data)
{
  KdCaseDetail *self = data;

  self->reload_source = 0;
  reload (self);

  return G_SOURCE_REMOVE;
}

/* A reply or status change touches the case's row, whoever made it. */
static void
store_changed_cb (KdCaseDetail *self,
                  const char   *table,
                  gint64        row_id,
                  KdStore      *store)
{
  if (self->kase == NULL || row_id != kd_case_get_id (self->kase))
    return;

  /* At default priority: an idle could wait behind redraws for long. */
  if (self->reload_source == 0)
    self->reload_source = g_idle_add_full (G_PRIORITY_DEFAULT, reload_cb, self, NULL);
}

typedef struct
{
  KdCaseDetail *self;
  gint64        case_id;
  gboolean      is_public;
} WriteData;

static void
write_data_free (WriteData *data)
{
  g_object_unref (data->self);
  g_free (data);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (WriteData, write_data_free)

static WriteData *
write_data_new (KdCaseDetail *self)
{
  WriteData *data = g_new0 (WriteData, 1);

  data->self = g_object_ref (self);
  data->case_id = kd_case_get_id (self->kase);

  return data;
}

static gboolean
still_showing (WriteData *data)
{
  return data->self->kase != NULL && kd_case_get_id (data->self->kase) == data->case_id;
}

static void
reply_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(WriteData) data = user_data;
  KdCaseDetail *self = data->self;
  g_autoptr(GError) error = NULL;

  kd_case_detail_set_busy (self, FALSE);

  if (!kd_store_add_reply_finish (KD_STORE (source), result, &error))
    {
      g_message ("Reply to case %" G_GINT64_FORMAT " not saved: %s", data->case_id, error->message);
      gtk_label_set_text (self->reply_error, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->reply_error), still_showing (data));
      return;
    }

  if (still_showing (data))
    {
      gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->reply_view), "", 0);
      gtk_widget_set_visible (GTK_WIDGET (self->reply_error), FALSE);
    }
  kd_case_detail_show_toast (self, data->is_public ? _("Reply sent") : _("Note added"));
}

static void
send_reply_activated (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *param)
{
  KdCaseDetail *self = KD_CASE_DETAIL (widget);
  g_autofree char *text = dup_reply_text (self);
  WriteData *data;
  KdActor actor;

  if (self->kase == NULL || self->store == NULL || self->busy || *text == '\0')
    return;

  data = write_data_new (self);
  data->is_public = !gtk_check_button_get_active (self->internal_check);
  kd_case_detail_set_busy (self, TRUE);
  kd_case_detail_current_actor (self, &actor);
  kd_store_add_reply_async (self->store, data->case_id, actor.name, text, data->is_public,
                            NULL, reply_done_cb, data);
}

static gboolean
clock_cb (gpointer data)
{
  KdCaseDetail *self = data;

  if (self->kase != NULL && self->store != NULL)
    kd_case_detail_fill_header (self);

  return G_SOURCE_CONTINUE;
}

/* Canned replies: the case's category's first, then the general ones. */

static GtkWidget *
canned_row_new (KdCannedReply *reply)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *title = plain_label (reply->title, "heading");
  GtkWidget *body = plain_label (reply->body, "dim-label");

  gtk_label_set_wrap (GTK_LABEL (body), FALSE);
  gtk_label_set_ellipsize (GTK_LABEL (body), PANGO_ELLIPSIZE_END);
  gtk_label_set_max_width_chars (GTK_LABEL (body), 36);
  gtk_widget_add_css_class (body, "caption");
  gtk_widget_add_css_class (box, "canned-entry");
  gtk_box_append (GTK_BOX (box), title);
  gtk_box_append (GTK_BOX (box), body);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_widget_set_tooltip_text (row, reply->body);
  g_object_set_data_full (G_OBJECT (row), "kd-body", g_strdup (reply->body), g_free);

  return row;
}

static void
canned_popover_show_cb (KdCaseDetail *self)
{
  g_autoptr(GPtrArray) replies = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->canned_list))) != NULL)
    gtk_list_box_remove (self->canned_list, child);
  if (self->kase == NULL || self->store == NULL)
    return;

  replies = kd_canned_reply_list (kd_store_get_reader (self->store), kd_case_get_category_id (self->kase), &error);
  if (replies == NULL)
    {
      g_warning ("Could not list the canned replies: %s", error->message);
      return;
    }
  for (guint i = 0; i < replies->len; i++)
    gtk_list_box_append (self->canned_list, canned_row_new (g_ptr_array_index (replies, i)));
  if (replies->len == 0)
    {
      GtkWidget *empty = plain_label (_("No canned replies yet."), "dim-label");

      gtk_widget_set_margin_top (empty, 12);
      gtk_widget_set_margin_bottom (empty, 12);
      gtk_widget_set_halign (empty, GTK_ALIGN_CENTER);
      gtk_list_box_set_placeholder (self->canned_list, empty);
    }
}

/* Into the reply box where the cursor is, to edit before sending. */
static void
canned_row_activated_cb (KdCaseDetail  *self,
                         GtkListBoxRow *row)
{
  const char *body = g_object_get_data (G_OBJECT (row), "kd-body");
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->reply_view);

  if (body == NULL)
    return;

  gtk_text_buffer_insert_at_cursor (buffer, body, -1);
  gtk_menu_button_popdown (self->canned_button);
  gtk_widget_grab_focus (GTK_WIDGET (self->reply_view));
}

static void
manage_canned_activated (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *param)
{
  KdCaseDetail *self = KD_CASE_DETAIL (widget);
  GtkRoot *root = gtk_widget_get_root (widget);

  if (self->store == NULL)
    return;
  gtk_menu_button_popdown (self->canned_button);
  gtk_window_present (GTK_WINDOW (kd_canned_replies_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                                                self->store)));
}

static void
internal_toggled_cb (KdCaseDetail   *self,
                     GtkCheckButton *check)
{
  gtk_button_set_label (self->reply_button,
                        gtk_check_button_get_active (check) ? _("_Add Note") : _("_Send Reply"));
}

static void
kd_case_detail_dispose (GObject *object)
{
  KdCaseDetail *self = (KdCaseDetail *)object;
  GtkWidget *child;

  g_clear_handle_id (&self->reload_source, g_source_remove);
  g_clear_handle_id (&self->clock_source, g_source_remove);
  if (self->dialog != NULL)
    gtk_window_destroy (self->dialog);
  g_clear_pointer (&self->pause_reason, g_free);
  g_clear_object (&self->kase);
  g_clear_object (&self->store);
  gtk_widget_dispose_template (GTK_WIDGET (self), KD_TYPE_CASE_DETAIL);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (kd_case_detail_parent_class)->dispose (object);
}

static void
kd_case_detail_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  KdCaseDetail *self = KD_CASE_DETAIL (object);

  switch (prop_id)
    {
    case PROP_STORE: g_value_set_object (value, self->store); break;
    case PROP_CASE:  g_value_set_object (value, self->kase); break;
    case PROP_BUSY:  g_value_set_boolean (value, self->busy); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kd_case_detail_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  KdCaseDetail *self = KD_CASE_DETAIL (object);

  switch (prop_id)
    {
    case PROP_STORE: kd_case_detail_set_store (self, g_value_get_object (value)); break;
    case PROP_CASE:  kd_case_detail_set_case (self, g_value_get_object (value)); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kd_case_detail_class_init (KdCaseDetailClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kd_case_detail_dispose;
  object_class->get_property = kd_case_detail_get_property;
  object_class->set_property = kd_case_detail_set_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, KD_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CASE] =
    g_param_spec_object ("case", NULL, NULL, KD_TYPE_CASE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * KdCaseDetail::show-case:
   * @case_id: the case linked to (the case kept, a duplicate)
   *
   * The cadre followed a link to another case; whoever holds the detail
   * selects it.
   */
  kd_case_detail_signals[SIGNAL_SHOW_CASE] =
    g_signal_new ("show-case", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_INT64);

  (void) kd_ui_get_resource ();  /* links the bundle and its registering constructor */
  gtk_widget_class_set_template_from_resource (widget_class, "/org/kuiduo/Kuiduo/ui/kd-case-detail.ui");
  gtk_widget_class_bind_template_child (widget_class, KdCaseDetail, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, KdCaseDetail, stack);
  gtk_widget_class_bind_template_child (widget_class, KdCaseDetail, scroller);
  gtk_widget_class_bind_template_child (widget_class, KdCaseDetail, title_label);
  gtk_widget_class_bind_template_child (widget_class, KdCaseDetail, code_label);
  gtk_widget_class_bind_template_child (widget_class, KdCaseDetail, kind_label);
  gtk_widget_class_bind_template_child (widget_class, KdCaseDetail, status_label);
  gtk_widget_class_bind_template_child (widget_class, KdCaseDetail, urgent_label);
  gtk_widget_class_bind_template_child (widget_class, KdCaseDetail, status_box);
  gtk_widget_class_bind_template_child (widget_class, KdCaseDetail, state_box);
  gtk_widget_class_bind_template_child (widget_class, KdCaseDetail, assignee_label);
  gtk_widget_class_bind_template_child (widget_class, KdCaseDetail, response_label);
  gtk_widget_class_bind_template_child (widget_class, KdCaseDetail, resolution_label);
  gtk_widget_class_bind_template_child (widget_class, KdCaseDetail, paused_label);
  gtk_widget_class_bind_template_child (widget_class, KdCaseDetail, reject_label);
  gtk_widget_class_bind_template_child (widget_class, KdCaseDetail, merged_button);
  gtk_widget_class_bind_template_child (widget_class, KdCaseDetail, duplicates_box);
  gtk_widget_class_bind_template_child (widget_class, KdCaseDetail, village_label);
  gtk_widget_class_bind_template_child (widget_class, KdCaseDetail, category_label);
  gtk_widget_class_bind_template_child (widget_class, KdCaseDetail, time_label);
  gtk_widget_class_bind_template_child (widget_class, KdCaseDetail, channel_label);
  gtk_widget_class_bind_template_child (widget_class, KdCaseDetail, reporter_label);
  gtk_widget_class_bind_template_child (widget_class, KdCaseDetail, phone_label);
  gtk_widget_class_bind_template_child (widget_class, KdCaseDetail, location_label);
  gtk_widget_class_bind_template_child (widget_class, KdCaseDetail, description_label);
  gtk_widget_class_bind_template_child (widget_class, KdCaseDetail, photo_strip);
  gtk_widget_class_bind_template_child (widget_class, KdCaseDetail, timeline_list);
  gtk_widget_class_bind_template_child (widget_class, KdCaseDetail, reply_view);
  gtk_widget_class_bind_template_child (widget_class, KdCaseDetail, canned_button);
  gtk_widget_class_bind_template_child (widget_class, KdCaseDetail, canned_list);
  gtk_widget_class_bind_template_child (widget_class, KdCaseDetail, internal_check);
  gtk_widget_class_bind_template_child (widget_class, KdCaseDetail, reply_error);
  gtk_widget_class_bind_template_child (widget_class, KdCaseDetail, reply_button);
  gtk_widget_class_bind_template_callback (widget_class, internal_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, canned_popover_show_cb);
  gtk_widget_class_bind_template_callback (widget_class, canned_row_activated_cb);
  kd_case_detail_header_class_init (widget_class);

  gtk_widget_class_install_action (widget_class, "detail.send-reply", NULL, send_reply_activated);
  gtk_widget_class_install_action (widget_class, "detail.manage-canned", NULL, manage_canned_activated);
  kd_case_detail_actions_class_init (widget_class);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "casedetail");

  g_type_ensure (KD_TYPE_PHOTO_STRIP);
}

static void
kd_case_detail_init (KdCaseDetail *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  g_signal_connect_object (gtk_text_view_get_buffer (self->reply_view), "changed",
                           G_CALLBACK (kd_case_detail_update_actions), self, G_CONNECT_SWAPPED);
  kd_case_detail_update_actions (self);
  /* The deadlines read "due in 3 h": keep them true. */
  self->clock_source = g_timeout_add_seconds (60, clock_cb, self);
}

KdStore *
kd_case_detail_get_store (KdCaseDetail *self)
{
  g_return_val_if_fail (KD_IS_CASE_DETAIL (self), NULL);

  return self->store;
}

void
kd_case_detail_set_store (KdCaseDetail *self,
                          KdStore      *store)
{
  g_return_if_fail (KD_IS_CASE_DETAIL (self));
  g_return_if_fail (store == NULL || KD_IS_STORE (store));

  if (self->store == store)
    return;

  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (self->store, self);
  g_set_object (&self->store, store);
  if (store != NULL)
    g_signal_connect_object (store, "changed::cases", G_CALLBACK (store_changed_cb),
                             self, G_CONNECT_SWAPPED);

  show_case (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STORE]);
}

KdCase *
kd_case_detail_get_case (KdCaseDetail *self)
{
  g_return_val_if_fail (KD_IS_CASE_DETAIL (self), NULL);

  return self->kase;
}

/* A fresher copy of the same case keeps what is being typed; another case
 * starts with an empty reply box. */
void
kd_case_detail_set_case (KdCaseDetail *self,
                         KdCase       *kase)
{
  gboolean same;

  g_return_if_fail (KD_IS_CASE_DETAIL (self));
  g_return_if_fail (kase == NULL || KD_IS_CASE (kase));

  if (self->kase == kase)
    return;

  same = self->kase != NULL && kase != NULL && kd_case_get_id (self->kase) == kd_case_get_id (kase);
  if (same && kd_case_get_updated_at (self->kase) == kd_case_get_updated_at (kase) &&
      kd_case_get_status (self->kase) == kd_case_get_status (kase))
    {
      /* The list refreshed for another case: nothing here changed. */
      g_set_object (&self->kase, kase);
      return;
    }
  g_set_object (&self->kase, kase);

  if (!same)
    {
      gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->reply_view), "", 0);
      gtk_check_button_set_active (self->internal_check, FALSE);
      gtk_widget_set_visible (GTK_WIDGET (self->reply_error), FALSE);
      gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->scroller), 0);
    }
  show_case (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CASE]);
}

/* TRUE while a reply or a status change is on its way to the database. */
gboolean
kd_case_detail_get_busy (KdCaseDetail *self)
{
  g_return_val_if_fail (KD_IS_CASE_DETAIL (self), FALSE);

  return self->busy;
}

/* What typing @text and clicking Send does. */
void
kd_case_detail_send_reply (KdCaseDetail *self,
                           const char   *text)
{
  g_return_if_fail (KD_IS_CASE_DETAIL (self));
  g_return_if_fail (text != NULL);

  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->reply_view), text, -1);
  g_signal_emit_by_name (self->reply_button, "clicked");
}

GtkWidget *
kd_case_detail_get_reply_button (KdCaseDetail *self)
{
  g_return_val_if_fail (KD_IS_CASE_DETAIL (self), NULL);

  return GTK_WIDGET (self->reply_button);
}

/* What the reply box holds, trimmed. */
char *
kd_case_detail_dup_reply_text (KdCaseDetail *self)
{
  g_return_val_if_fail (KD_IS_CASE_DETAIL (self), NULL);

  return dup_reply_text (self);
}
