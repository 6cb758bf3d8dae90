/* kd-disclosure-dialog.c: the disclosure editor: kind, village (or the
 * town), period, title, text and, for finance, the ledger. Saving goes
 * through the writer (kd_disclosure_save_async); the core's refusals are
 * shown beside the field they name and nothing typed is lost. A published
 * version, or one the cadre may not edit, is shown read-only. The actions
 * on it are in kd-disclosure-dialog-actions.c. */
#define G_LOG_DOMAIN "kd-disclosure-dialog"

#include "config.h"

#include <glib/gi18n.h>
#include <stdlib.h>

#include "kd-case.h"
#include "kd-catalog-item.h"
#include "kd-current-actor.h"
#include "kd-disclosure-dialog-private.h"
#include "kd-disclosure-item.h"
#include "kd-ui-resources.h"

G_DEFINE_FINAL_TYPE (KdDisclosureDialog, kd_disclosure_dialog, ADW_TYPE_WINDOW)

enum { GRAIN_MONTH, GRAIN_QUARTER, GRAIN_YEAR };

#define LEDGER_HELP N_("Amounts in yuan, such as 1,280.50. Each line has either an income or an expense.")

static const char * const quarter_labels[] = {
  N_("Q1 (January–March)"), N_("Q2 (April–June)"), N_("Q3 (July–September)"), N_("Q4 (October–December)"),
};

void
kd_disclosure_dialog_toast (KdDisclosureDialog *self,
                            const char         *message)
{
  g_autofree char *escaped = g_markup_escape_text (message, -1);   /* a toast's title is markup */

  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (escaped));
}

void
kd_disclosure_dialog_set_busy (KdDisclosureDialog *self,
                               gboolean            busy)
{
  self->busy = busy;
  kd_disclosure_dialog_update_actions (self);
}

/* Errors, each beside its field. */

static void
show_label (GtkLabel   *label,
            const char *message)
{
  gtk_label_set_text (label, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (label), message != NULL);
}

static void
clear_errors (KdDisclosureDialog *self)
{
  show_label (self->general_error, NULL);
  show_label (self->period_error, NULL);
  show_label (self->text_error, NULL);
  gtk_widget_remove_css_class (GTK_WIDGET (self->year_entry), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (self->title_row), "error");
}

void
kd_disclosure_dialog_show_error (KdDisclosureDialog *self,
                                 const GError       *error)
{
  int code = error->domain == KD_DISCLOSURE_ERROR ? error->code : -1;

  switch (code)
    {
    case KD_DISCLOSURE_ERROR_PERIOD:
      show_label (self->period_error, error->message);
      gtk_widget_add_css_class (GTK_WIDGET (self->year_entry), "error");
      gtk_widget_grab_focus (GTK_WIDGET (self->year_entry));
      break;
    case KD_DISCLOSURE_ERROR_TITLE:
      show_label (self->text_error, error->message);
      gtk_widget_add_css_class (GTK_WIDGET (self->title_row), "error");
      gtk_widget_grab_focus (GTK_WIDGET (self->title_row));
      break;
    case KD_DISCLOSURE_ERROR_BODY:
      show_label (self->text_error, error->message);
      gtk_widget_grab_focus (GTK_WIDGET (self->body_view));
      break;
    default:
      show_label (self->general_error, error->message);
      kd_disclosure_dialog_toast (self, error->message);
      break;
    }
}

/* The period: a month, a quarter or a year, then the year and which part. */

static void
fill_parts (KdDisclosureDialog *self)
{
  g_autoptr(GtkStringList) parts = gtk_string_list_new (NULL);
  guint grain = gtk_drop_down_get_selected (self->granularity_dropdown);

  if (grain == GRAIN_MONTH)
    for (int m = 1; m <= 12; m++)
      {
        g_autoptr(GDateTime) dt = g_date_time_new_utc (2000, m, 1, 0, 0, 0);
        g_autofree char *name = g_date_time_format (dt, "%B");

        gtk_string_list_append (parts, name);
      }
  else if (grain == GRAIN_QUARTER)
    for (guint q = 0; q < G_N_ELEMENTS (quarter_labels); q++)
      gtk_string_list_append (parts, _(quarter_labels[q]));

  gtk_drop_down_set_model (self->part_dropdown, G_LIST_MODEL (parts));
  gtk_widget_set_visible (GTK_WIDGET (self->part_dropdown), grain != GRAIN_YEAR);
}

static void
set_period (KdDisclosureDialog *self,
            const char         *period)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *year = g_strdup_printf ("%d", g_date_time_get_year (now));
  guint grain = GRAIN_QUARTER;
  guint part = (g_date_time_get_month (now) - 1) / 3;

  if (period != NULL && strlen (period) >= 4)
    {
      g_free (year);
      year = g_strndup (period, 4);
      grain = GRAIN_YEAR;
      part = 0;
      if (period[4] == '-' && period[5] == 'Q')
        grain = GRAIN_QUARTER, part = (guint) CLAMP (atoi (period + 6), 1, 4) - 1;
      else if (period[4] == '-')
        grain = GRAIN_MONTH, part = (guint) CLAMP (atoi (period + 5), 1, 12) - 1;
    }

  gtk_drop_down_set_selected (self->granularity_dropdown, grain);
  fill_parts (self);
  gtk_drop_down_set_selected (self->part_dropdown, part);
  gtk_editable_set_text (GTK_EDITABLE (self->year_entry), year);
}

/* "2026", "2026-Q4" or "2026-11", as chosen (checked by the core's rule). */
static char *
dup_period (KdDisclosureDialog *self)
{
  g_autofree char *year = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->year_entry))));
  guint part = gtk_drop_down_get_selected (self->part_dropdown) + 1;

  switch (gtk_drop_down_get_selected (self->granularity_dropdown))
    {
    case GRAIN_MONTH:   return g_strdup_printf ("%s-%02u", year, part);
    case GRAIN_QUARTER: return g_strdup_printf ("%s-Q%u", year, part);
    default:            return g_steal_pointer (&year);
    }
}

/* Places: the town and every village for the town office, a village
 * secretary's own village; and always the disclosure's own. */
static void
fill_villages (KdDisclosureDialog *self)
{
  KdCadre *cadre = kd_current_cadre (GTK_WIDGET (self));
  KdRole role = cadre ? kd_cadre_get_role (cadre) : KD_ROLE_DISCIPLINE;
  gint64 own = cadre ? kd_cadre_get_village_id (cadre) : 0;
  gint64 current = self->disclosure ? self->disclosure->village_id : -1;
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  g_autoptr(GListModel) villages = kd_catalog_item_list (kd_store_get_reader (self->store), KD_CATALOG_VILLAGES, NULL);
  gint64 town = 0;
  guint selected = 0;

  g_array_set_size (self->village_ids, 0);
  if (current == 0 || (cadre != NULL && kd_disclosure_can_edit (role, own, 0)))
    {
      gtk_string_list_append (names, _("The whole town"));
      g_array_append_val (self->village_ids, town);
    }
  for (guint i = 0; villages != NULL && i < g_list_model_get_n_items (villages); i++)
    {
      g_autoptr(KdCatalogItem) village = g_list_model_get_item (villages, i);
      gint64 id = kd_catalog_item_get_id (village);

      if (id != current && (cadre == NULL || !kd_disclosure_can_edit (role, own, id)))
        continue;
      if (id == current || (current < 0 && id == own))
        selected = self->village_ids->len;
      gtk_string_list_append (names, kd_catalog_item_get_name (village));
      g_array_append_val (self->village_ids, id);
    }

  adw_combo_row_set_model (self->village_row, G_LIST_MODEL (names));
  adw_combo_row_set_selected (self->village_row, selected);
}

static void
update_kind (KdDisclosureDialog *self)
{
  gtk_widget_set_visible (GTK_WIDGET (self->ledger_group),
                          adw_combo_row_get_selected (self->kind_row) == KD_DISCLOSURE_FINANCE);
}

/* The form. */

static gboolean
may_edit (KdDisclosureDialog *self)
{
  KdCadre *cadre = kd_current_cadre (GTK_WIDGET (self));
  const KdDisclosure *d = self->disclosure;
  KdRole role;
  gint64 own;

  if (cadre == NULL)
    return FALSE;
  role = kd_cadre_get_role (cadre);
  own = kd_cadre_get_village_id (cadre);
  if (d == NULL)
    return kd_disclosure_can_edit (role, own, 0) || kd_disclosure_can_edit (role, own, own);
  return d->state != KD_DISCLOSURE_PUBLISHED && kd_disclosure_can_edit (role, own, d->village_id);
}

static void
set_editable (KdDisclosureDialog *self,
              gboolean            editable)
{
  /* A correction keeps the kind, place and period of what it corrects. */
  gboolean identity = editable && (self->disclosure == NULL || self->disclosure->supersedes_id == 0);

  gtk_widget_set_sensitive (GTK_WIDGET (self->kind_row), identity);
  gtk_widget_set_sensitive (GTK_WIDGET (self->village_row), identity);
  gtk_widget_set_sensitive (self->period_box, identity);
  gtk_editable_set_editable (GTK_EDITABLE (self->title_row), editable);
  if (editable)
    gtk_widget_remove_css_class (GTK_WIDGET (self->title_row), "read-only");
  else
    gtk_widget_add_css_class (GTK_WIDGET (self->title_row), "read-only");
  gtk_text_view_set_editable (self->body_view, editable);
  gtk_text_view_set_cursor_visible (self->body_view, editable);
  kd_ledger_editor_set_editable (self->ledger, editable);
  adw_preferences_group_set_description (self->ledger_group, editable ? _(LEDGER_HELP) : NULL);
}

static void
fill_form (KdDisclosureDialog *self)
{
  const KdDisclosure *d = self->disclosure;

  self->filling = TRUE;
  adw_combo_row_set_selected (self->kind_row, d ? d->kind : KD_DISCLOSURE_VILLAGE_AFFAIRS);
  fill_villages (self);
  set_period (self, d ? d->period : NULL);
  gtk_editable_set_text (GTK_EDITABLE (self->title_row), d ? d->title : "");
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->body_view), d ? d->body : "", -1);
  kd_ledger_editor_set_lines (self->ledger, d ? d->lines : NULL);
  set_editable (self, may_edit (self));
  update_kind (self);
  clear_errors (self);
  self->dirty = FALSE;
  self->filling = FALSE;
}

/* What the form says, as a draft to save; NULL with the first problem
 * the desktop can see for itself (the core checks the rest). */
static KdDisclosure *
collect (KdDisclosureDialog  *self,
         GError             **error)
{
  guint kind = adw_combo_row_get_selected (self->kind_row);
  guint village = adw_combo_row_get_selected (self->village_row);
  g_autoptr(KdDisclosure) d = kd_disclosure_new (MIN (kind, KD_DISCLOSURE_N_KINDS - 1));
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->body_view);
  GtkTextIter start, end;

  d->id = self->disclosure ? self->disclosure->id : 0;
  d->village_id = village < self->village_ids->len ? g_array_index (self->village_ids, gint64, village) : 0;
  d->period = dup_period (self);
  d->title = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->title_row)));
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  d->body = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);

  if (!kd_disclosure_check_period (d->period, error))
    return NULL;
  if (d->kind == KD_DISCLOSURE_FINANCE && !kd_ledger_editor_collect (self->ledger, d->lines, error))
    return NULL;
  return g_steal_pointer (&d);
}

/* The state, who did what when, the fingerprint and the other versions. */
static char *
dup_who_when (const char *format,
              gint64      at,
              const char *who)
{
  g_autofree char *when = kd_format_local_time (at);

  return g_strdup_printf (format, when, who ? who : _("someone"));
}

static char *
dup_state_detail (KdDisclosureDialog *self)
{
  const KdDisclosure *d = self->disclosure;
  KdCadre *cadre = kd_current_cadre (GTK_WIDGET (self));

  switch (d->state)
    {
    case KD_DISCLOSURE_PUBLISHED:
      /* TRANSLATORS: 1$ a date and time, 2$ a cadre's name */
      return dup_who_when (_("Published %1$s by %2$s. It never changes; a mistake is corrected by a new version."),
                           d->published_at, d->published_by_name);
    case KD_DISCLOSURE_REVIEWED:
      /* TRANSLATORS: 1$ a date and time, 2$ a cadre's name */
      return dup_who_when (_("Reviewed %1$s by %2$s. The town office may publish it now."),
                           d->reviewed_at, d->reviewed_by_name);
    case KD_DISCLOSURE_DRAFT:
    default:
      if (cadre != NULL && kd_cadre_get_id (cadre) == d->updated_by)
        /* TRANSLATORS: 1$ a date and time, 2$ a cadre's name */
        return dup_who_when (_("Last edited %1$s by %2$s (you): a second cadre reviews it."),
                             d->updated_at, d->updated_by_name);
      /* TRANSLATORS: 1$ a date and time, 2$ a cadre's name */
      return dup_who_when (_("Last edited %1$s by %2$s. It needs a review by a second cadre."),
                           d->updated_at, d->updated_by_name);
    }
}

static void
update_history (KdDisclosureDialog *self)
{
  const KdDisclosure *d = self->disclosure;
  g_autoptr(KdDisclosure) other = NULL;
  g_autofree char *text = NULL;

  self->history_id = d->superseded_by ? d->superseded_by : d->supersedes_id;
  if (self->history_id != 0)
    other = kd_disclosure_load (kd_store_get_reader (self->store), self->history_id, NULL);
  if (other != NULL && d->superseded_by != 0)
    /* TRANSLATORS: %d is the version number of the correction */
    text = g_strdup_printf (_("Corrected by version %d: open it"), (int) other->version);
  else if (other != NULL)
    /* TRANSLATORS: %d is the version number this draft corrects */
    text = g_strdup_printf (_("Corrects version %d: open it"), (int) other->version);

  adw_action_row_set_subtitle (self->history_row, text ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->history_row), text != NULL);
}

static void
update_status (KdDisclosureDialog *self)
{
  const KdDisclosure *d = self->disclosure;
  g_autofree char *state = NULL;
  g_autofree char *detail = NULL;
  g_autofree char *heading = NULL;
  g_autofree char *town = NULL;

  gtk_widget_set_visible (GTK_WIDGET (self->status_group), d != NULL);
  if (d == NULL)
    {
      adw_window_title_set_title (self->window_title, _("New Disclosure"));
      adw_window_title_set_subtitle (self->window_title, NULL);
      return;
    }

  town = kd_store_dup_town_name (kd_store_get_reader (self->store));
  heading = kd_disclosure_heading (d, town);
  adw_window_title_set_title (self->window_title, d->title);
  adw_window_title_set_subtitle (self->window_title, heading);

  state = kd_disclosure_dup_state_label (d);
  detail = dup_state_detail (self);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->state_row), state);
  adw_action_row_set_subtitle (self->state_row, detail);
  gtk_image_set_from_icon_name (self->state_icon, d->state == KD_DISCLOSURE_PUBLISHED ? "emblem-ok-symbolic"
                                                  : "document-edit-symbolic");

  gtk_widget_set_visible (GTK_WIDGET (self->fingerprint_row), d->fingerprint != NULL);
  if (d->fingerprint != NULL)
    {
      g_autofree char *fingerprint = kd_disclosure_short_fingerprint (d->fingerprint);
      g_autofree char *text = kd_disclosure_verify (d) ? g_strdup (fingerprint)
        /* TRANSLATORS: %s is the fingerprint; the stored text no longer matches it */
        : g_strdup_printf (_("%s — does NOT match the text any more: it was changed outside Kuiduo"), fingerprint);

      adw_action_row_set_subtitle (self->fingerprint_row, text);
    }
  update_history (self);
}

/* Reads disclosure @id (0: a new one) into the form. */
void
kd_disclosure_dialog_load (KdDisclosureDialog *self,
                           gint64              id)
{
  g_autoptr(GError) error = NULL;
  KdDisclosure *d = NULL;

  if (id != 0)
    {
      d = kd_disclosure_load (kd_store_get_reader (self->store), id, &error);
      if (d == NULL && self->disclosure != NULL)
        {
          kd_disclosure_dialog_show_error (self, error);
          return;
        }
    }

  g_clear_pointer (&self->disclosure, kd_disclosure_free);
  self->disclosure = d;
  fill_form (self);
  update_status (self);
  kd_disclosure_dialog_update_actions (self);
  if (error != NULL)   /* gone before it could be opened: a new one instead */
    kd_disclosure_dialog_show_error (self, error);
}

static void
edited_cb (KdDisclosureDialog *self)
{
  if (self->filling)
    return;

  update_kind (self);
  if (!self->dirty)
    {
      self->dirty = TRUE;
      kd_disclosure_dialog_update_actions (self);
    }
}

static void
granularity_changed_cb (KdDisclosureDialog *self)
{
  if (self->filling)
    return;

  fill_parts (self);
  edited_cb (self);
}

static void
history_activated_cb (KdDisclosureDialog *self)
{
  if (self->history_id != 0 && !self->busy)
    kd_disclosure_dialog_load (self, self->history_id);
}

/* Saving. */

static void
save_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      data)
{
  g_autoptr(KdDisclosureDialog) self = data;
  g_autoptr(GError) error = NULL;
  gboolean was_reviewed = self->disclosure && self->disclosure->state == KD_DISCLOSURE_REVIEWED;
  gint64 id = kd_disclosure_save_finish (KD_STORE (source), result, &error);

  kd_disclosure_dialog_set_busy (self, FALSE);
  if (id == 0)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        kd_disclosure_dialog_show_error (self, error);
      return;
    }

  kd_disclosure_dialog_load (self, id);
  kd_disclosure_dialog_toast (self, was_reviewed ? _("Saved. It was changed after the review, so it needs another.")
                                                 : _("Draft saved. A second cadre reviews it next."));
}

static void
save_activated (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  KdDisclosureDialog *self = KD_DISCLOSURE_DIALOG (widget);
  g_autoptr(KdDisclosure) draft = NULL;
  g_autoptr(GError) error = NULL;
  KdActor actor;

  if (self->busy || !gtk_widget_get_visible (GTK_WIDGET (self->save_button)))
    return;

  clear_errors (self);
  draft = collect (self, &error);
  if (draft == NULL)
    {
      /* A ledger line shows its own problem beside it. */
      if (g_error_matches (error, KD_DISCLOSURE_ERROR, KD_DISCLOSURE_ERROR_PERIOD))
        kd_disclosure_dialog_show_error (self, error);
      else
        kd_disclosure_dialog_toast (self, error->message);
      return;
    }

  kd_current_actor (widget, &actor);
  kd_disclosure_dialog_set_busy (self, TRUE);
  kd_disclosure_save_async (self->store, draft, &actor, self->cancellable, save_done_cb, g_object_ref (self));
}

/* The class. */

static void
fill_choices (KdDisclosureDialog *self)
{
  g_autoptr(GtkStringList) kinds = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) grains = gtk_string_list_new (NULL);

  for (guint i = 0; i < KD_DISCLOSURE_N_KINDS; i++)
    gtk_string_list_append (kinds, kd_disclosure_kind_label (i));
  gtk_string_list_append (grains, _("Month"));
  gtk_string_list_append (grains, _("Quarter"));
  gtk_string_list_append (grains, _("Year"));
  adw_combo_row_set_model (self->kind_row, G_LIST_MODEL (kinds));
  gtk_drop_down_set_model (self->granularity_dropdown, G_LIST_MODEL (grains));
}

static void
connect_edits (KdDisclosureDialog *self)
{
  GObject *selected[] = { G_OBJECT (self->kind_row), G_OBJECT (self->village_row), G_OBJECT (self->part_dropdown) };

  for (guint i = 0; i < G_N_ELEMENTS (selected); i++)
    g_signal_connect_object (selected[i], "notify::selected", G_CALLBACK (edited_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->granularity_dropdown, "notify::selected", G_CALLBACK (granularity_changed_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->year_entry, "changed", G_CALLBACK (edited_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->title_row, "changed", G_CALLBACK (edited_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (gtk_text_view_get_buffer (self->body_view), "changed", G_CALLBACK (edited_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->ledger, "changed", G_CALLBACK (edited_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->history_row, "activated", G_CALLBACK (history_activated_cb), self, G_CONNECT_SWAPPED);
}

static void
kd_disclosure_dialog_dispose (GObject *object)
{
  KdDisclosureDialog *self = (KdDisclosureDialog *)object;

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), KD_TYPE_DISCLOSURE_DIALOG);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->store);
  g_clear_object (&self->server);
  g_clear_pointer (&self->disclosure, kd_disclosure_free);
  g_clear_pointer (&self->village_ids, g_array_unref);

  G_OBJECT_CLASS (kd_disclosure_dialog_parent_class)->dispose (object);
}

static void
kd_disclosure_dialog_class_init (KdDisclosureDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kd_disclosure_dialog_dispose;

  (void) kd_ui_get_resource ();
  gtk_widget_class_set_template_from_resource (widget_class, "/org/kuiduo/Kuiduo/ui/kd-disclosure-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, KdDisclosureDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, KdDisclosureDialog, save_button);
  gtk_widget_class_bind_template_child (widget_class, KdDisclosureDialog, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, KdDisclosureDialog, status_group);
  gtk_widget_class_bind_template_child (widget_class, KdDisclosureDialog, state_row);
  gtk_widget_class_bind_template_child (widget_class, KdDisclosureDialog, state_icon);
  gtk_widget_class_bind_template_child (widget_class, KdDisclosureDialog, fingerprint_row);
  gtk_widget_class_bind_template_child (widget_class, KdDisclosureDialog, history_row);
  gtk_widget_class_bind_template_child (widget_class, KdDisclosureDialog, general_error);
  gtk_widget_class_bind_template_child (widget_class, KdDisclosureDialog, kind_row);
  gtk_widget_class_bind_template_child (widget_class, KdDisclosureDialog, village_row);
  gtk_widget_class_bind_template_child (widget_class, KdDisclosureDialog, period_box);
  gtk_widget_class_bind_template_child (widget_class, KdDisclosureDialog, granularity_dropdown);
  gtk_widget_class_bind_template_child (widget_class, KdDisclosureDialog, year_entry);
  gtk_widget_class_bind_template_child (widget_class, KdDisclosureDialog, part_dropdown);
  gtk_widget_class_bind_template_child (widget_class, KdDisclosureDialog, period_error);
  gtk_widget_class_bind_template_child (widget_class, KdDisclosureDialog, title_row);
  gtk_widget_class_bind_template_child (widget_class, KdDisclosureDialog, body_view);
  gtk_widget_class_bind_template_child (widget_class, KdDisclosureDialog, text_error);
  gtk_widget_class_bind_template_child (widget_class, KdDisclosureDialog, ledger_group);
  gtk_widget_class_bind_template_child (widget_class, KdDisclosureDialog, ledger);
  gtk_widget_class_bind_template_child (widget_class, KdDisclosureDialog, action_bar);
  gtk_widget_class_bind_template_child (widget_class, KdDisclosureDialog, delete_button);
  gtk_widget_class_bind_template_child (widget_class, KdDisclosureDialog, publish_button);
  gtk_widget_class_bind_template_child (widget_class, KdDisclosureDialog, review_button);
  gtk_widget_class_bind_template_child (widget_class, KdDisclosureDialog, correct_button);
  gtk_widget_class_bind_template_child (widget_class, KdDisclosureDialog, print_button);

  gtk_widget_class_install_action (widget_class, "disclosure.save", NULL, save_activated);
  kd_disclosure_dialog_class_add_actions (widget_class);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "disclosure.save", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);

  g_type_ensure (KD_TYPE_LEDGER_EDITOR);
}

static void
kd_disclosure_dialog_init (KdDisclosureDialog *self)
{
  self->cancellable = g_cancellable_new ();
  self->village_ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  gtk_widget_init_template (GTK_WIDGET (self));
  fill_choices (self);
  connect_edits (self);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (self->history_row), TRUE);
  adw_action_row_add_suffix (self->history_row, gtk_image_new_from_icon_name ("go-next-symbolic"));
}

/* @id: the disclosure to open, or 0 for a new one. @server (may be NULL)
 * gives the address in the printed sheets' QR codes. */
GtkWidget *
kd_disclosure_dialog_new (GtkWindow *parent,
                          KdStore   *store,
                          KdServer  *server,
                          gint64     id)
{
  KdDisclosureDialog *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (KD_IS_STORE (store), NULL);
  g_return_val_if_fail (server == NULL || KD_IS_SERVER (server), NULL);

  self = g_object_new (KD_TYPE_DISCLOSURE_DIALOG, "transient-for", parent, NULL);
  self->store = g_object_ref (store);
  self->server = server ? g_object_ref (server) : NULL;
  kd_disclosure_dialog_load (self, id);
  if (self->disclosure == NULL)
    gtk_widget_grab_focus (GTK_WIDGET (self->title_row));
  return GTK_WIDGET (self);
}

/* The disclosure as last read (NULL: a new one, not saved yet). */
const KdDisclosure *
kd_disclosure_dialog_get_disclosure (KdDisclosureDialog *self)
{
  g_return_val_if_fail (KD_IS_DISCLOSURE_DIALOG (self), NULL);

  return self->disclosure;
}

/* Whether a save or an action is on its way to the writer. */
gboolean
kd_disclosure_dialog_get_busy (KdDisclosureDialog *self)
{
  g_return_val_if_fail (KD_IS_DISCLOSURE_DIALOG (self), FALSE);

  return self->busy;
}
