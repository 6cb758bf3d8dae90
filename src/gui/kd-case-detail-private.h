/* kd-case-detail-private.h: what the files of KdCaseDetail share:
 * kd-case-detail.c (the widget, the timeline, the reply box),
 * kd-case-detail-header.c (status, assignee, SLA, links) and
 * kd-case-detail-actions.c (the workflow's buttons and dialogs). */
#pragma once

#include <adwaita.h>

#include "kd-case-detail.h"
#include "kd-photo-strip.h"
#include "kd-workflow.h"

G_BEGIN_DECLS

struct _KdCaseDetail
{
  GtkWidget        parent_instance;

  KdStore         *store;
  KdCase          *kase;
  guint            reload_source;
  guint            clock_source;
  gboolean         busy;
  GtkWindow       *dialog;          /* the workflow dialog open, if any (weak) */
  char            *pause_reason;    /* of the last pause, from the timeline */

  /* template */
  AdwToastOverlay *toast_overlay;
  GtkStack        *stack;
  GtkScrolledWindow *scroller;
  GtkLabel        *title_label;
  GtkLabel        *code_label;
  GtkLabel        *kind_label;
  GtkLabel        *status_label;
  GtkLabel        *urgent_label;
  GtkFlowBox      *status_box;
  GtkBox          *state_box;
  GtkLabel        *assignee_label;
  GtkLabel        *response_label;
  GtkLabel        *resolution_label;
  GtkLabel        *paused_label;
  GtkLabel        *reject_label;
  GtkButton       *merged_button;
  GtkBox          *duplicates_box;
  GtkLabel        *village_label;
  GtkLabel        *category_label;
  GtkLabel        *time_label;
  GtkLabel        *channel_label;
  GtkLabel        *reporter_label;
  GtkLabel        *phone_label;
  GtkLabel        *location_label;
  GtkLabel        *description_label;
  KdPhotoStrip    *photo_strip;
  GtkListBox      *timeline_list;
  GtkTextView     *reply_view;
  GtkMenuButton   *canned_button;
  GtkListBox      *canned_list;
  GtkCheckButton  *internal_check;
  GtkLabel        *reply_error;
  GtkButton       *reply_button;
};

enum {
  SIGNAL_SHOW_CASE,
  N_SIGNALS
};

extern guint kd_case_detail_signals[N_SIGNALS];

void  kd_case_detail_current_actor    (KdCaseDetail   *self,
                                       KdActor        *out);
void  kd_case_detail_set_busy         (KdCaseDetail   *self,
                                       gboolean        busy);
void  kd_case_detail_show_toast       (KdCaseDetail   *self,
                                       const char     *text);

/* kd-case-detail-header.c */
void  kd_case_detail_fill_header      (KdCaseDetail   *self);
void  kd_case_detail_header_class_init (GtkWidgetClass *widget_class);

/* kd-case-detail-actions.c */
void  kd_case_detail_fill_actions     (KdCaseDetail   *self);
void  kd_case_detail_update_actions   (KdCaseDetail   *self);
void  kd_case_detail_actions_class_init (GtkWidgetClass *widget_class);

G_END_DECLS
