/* kd-disclosure-dialog-private.h: what the editor's files share:
 * kd-disclosure-dialog.c (the form and saving) and
 * kd-disclosure-dialog-actions.c (review, publish, delete, correct, print). */
#pragma once

#include "kd-disclosure-dialog.h"
#include "kd-ledger-editor.h"

G_BEGIN_DECLS

struct _KdDisclosureDialog
{
  AdwWindow            parent_instance;

  KdStore             *store;
  KdServer            *server;
  GCancellable        *cancellable;
  KdDisclosure        *disclosure;    /* as last read; NULL: a new one */
  GArray              *village_ids;   /* gint64, parallel to village_row: 0 the town */
  gint64               history_id;    /* the version history_row opens */
  gboolean             filling;       /* the form is being filled: no edit */
  gboolean             dirty;         /* typed in since read */
  gboolean             busy;

  /* template */
  AdwWindowTitle      *window_title;
  GtkButton           *save_button;
  AdwToastOverlay     *toast_overlay;
  AdwPreferencesGroup *status_group;
  AdwActionRow        *state_row;
  GtkImage            *state_icon;
  AdwActionRow        *fingerprint_row;
  AdwActionRow        *history_row;
  GtkLabel            *general_error;
  AdwComboRow         *kind_row;
  AdwComboRow         *village_row;
  GtkWidget           *period_box;
  GtkDropDown         *granularity_dropdown;
  GtkEntry            *year_entry;
  GtkDropDown         *part_dropdown;
  GtkLabel            *period_error;
  AdwEntryRow         *title_row;
  GtkTextView         *body_view;
  GtkLabel            *text_error;
  AdwPreferencesGroup *ledger_group;
  KdLedgerEditor      *ledger;
  GtkActionBar        *action_bar;
  GtkButton           *delete_button;
  GtkButton           *publish_button;
  GtkButton           *review_button;
  GtkButton           *correct_button;
  GtkButton           *print_button;
};

void kd_disclosure_dialog_load            (KdDisclosureDialog *self,
                                           gint64              id);
void kd_disclosure_dialog_toast           (KdDisclosureDialog *self,
                                           const char         *message);
void kd_disclosure_dialog_show_error      (KdDisclosureDialog *self,
                                           const GError       *error);
void kd_disclosure_dialog_set_busy        (KdDisclosureDialog *self,
                                           gboolean            busy);
void kd_disclosure_dialog_update_actions  (KdDisclosureDialog *self);
void kd_disclosure_dialog_class_add_actions (GtkWidgetClass   *widget_class);

G_END_DECLS
