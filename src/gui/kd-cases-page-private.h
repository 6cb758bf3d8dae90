/* kd-cases-page-private.h: what the parts of KdCasesPage share — the table
 * and its selection (kd-cases-page.c), its cells (kd-cases-page-cells.c),
 * the filters and views (kd-cases-page-filters.c) and the bulk actions
 * (kd-cases-page-bulk.c). */
#pragma once

#include <adwaita.h>

#include "kd-cases-page.h"
#include "kd-refresh-model.h"
#include "kd-saved-view.h"
#include "kd-workflow.h"

G_BEGIN_DECLS

#define N_SORTABLE 10
/* More selected than this are not followed by id across refreshes. */
#define KD_CASES_MAX_TRACKED 1000


typedef struct
{
  KdCasesPage *self;
  KdCaseSort   sort;
} SortProbe;

struct _KdCasesPage
{
  GtkWidget           parent_instance;

  KdStore            *store;
  KdCaseList         *list;
  KdCadre            *viewer;          /* the signed-in cadre; NULL: none */
  int                 viewer_role;     /* its KdRole; -1: none */
  gint64              viewer_village;
  KdRefreshModel     *rows;            /* the list, as the view may read it */
  GtkMultiSelection  *selection;
  GArray             *village_ids;     /* gint64, parallel to the village drop-down */
  GArray             *category_ids;    /* gint64, parallel to the category drop-down */
  gint64              selected_id;     /* the case in the detail pane; 0: none */
  GHashTable         *selected_ids;    /* gint64 * set of the selected cases; NULL: too many */
  guint               count;           /* what count_label says; G_MAXUINT: nothing yet */
  gboolean            refreshing;
  SortProbe           probes[N_SORTABLE];
  int                 probe_hit;

  /* filters and views */
  KdViewFilter        filter;          /* what the filter widgets say */
  gboolean            syncing;         /* the widgets are being set from a view */
  GListModel         *saved_views;     /* KdSavedView */
  guint               n_view_rows;     /* rows of the view drop-down */
  gboolean            custom_row;      /* its last row is "Custom" */

  /* bulk actions */
  guint               bulk_pending;
  guint               bulk_done;
  guint               bulk_refused;
  char               *bulk_error;      /* the first refusal's reason */

  /* template */
  AdwToastOverlay    *toast_overlay;
  GtkSearchEntry     *search_entry;
  GtkDropDown        *view_dropdown;
  GtkMenuButton      *view_menu_button;
  GtkDropDown        *status_dropdown;
  GtkMenuButton      *filters_button;
  GtkDropDown        *kind_dropdown;
  GtkDropDown        *village_dropdown;
  GtkDropDown        *category_dropdown;
  GtkToggleButton    *urgent_toggle;
  GtkToggleButton    *overdue_toggle;
  GtkToggleButton    *mine_toggle;
  GtkToggleButton    *unassigned_toggle;
  GtkStack           *list_stack;
  GtkColumnView      *column_view;
  GtkRevealer        *bulk_revealer;
  GtkLabel           *bulk_label;
  GtkInscription     *count_label;
  GtkRevealer        *new_revealer;
  GtkInscription     *new_label;
  KdCaseDetail       *detail;
  GtkColumnViewColumn *id_column;
  GtkColumnViewColumn *time_column;
  GtkColumnViewColumn *kind_column;
  GtkColumnViewColumn *village_column;
  GtkColumnViewColumn *category_column;
  GtkColumnViewColumn *urgent_column;
  GtkColumnViewColumn *status_column;
  GtkColumnViewColumn *title_column;
  GtkColumnViewColumn *assignee_column;
  GtkColumnViewColumn *due_column;
};

/* kd-cases-page.c */
void     kd_cases_page_current_actor       (KdCasesPage *self,
                                            KdActor     *out);
void     kd_cases_page_toast               (KdCasesPage *self,
                                            const char  *text);

/* kd-cases-page-cells.c */
void     kd_cases_page_class_init_cells    (GtkWidgetClass *widget_class);
char    *kd_cases_page_format_due          (gint64       due,
                                            gint64       now);

/* kd-cases-page-filters.c */
void     kd_cases_page_class_init_filters  (GtkWidgetClass *widget_class);
void     kd_cases_page_init_filters        (KdCasesPage *self);
void     kd_cases_page_reset_filters       (KdCasesPage *self);
void     kd_cases_page_dispose_filters     (KdCasesPage *self);

/* kd-cases-page-bulk.c */
void     kd_cases_page_class_init_bulk     (GtkWidgetClass *widget_class);
void     kd_cases_page_update_bulk         (KdCasesPage *self);

G_END_DECLS
