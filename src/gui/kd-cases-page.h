/* kd-cases-page.h: the case queue (你呼我应) as a table, with filters and
 * the selected case beside it. */
#pragma once

#include <gtk/gtk.h>

#include "kd-case-detail.h"
#include "kd-case-list.h"
#include "kd-store.h"
#include "kd-cadre.h"

G_BEGIN_DECLS

#define KD_TYPE_CASES_PAGE (kd_cases_page_get_type ())

G_DECLARE_FINAL_TYPE (KdCasesPage, kd_cases_page, KD, CASES_PAGE, GtkWidget)

/* The built-in views of the queue (Ctrl+1 to Ctrl+5). */
typedef enum {
  KD_QUEUE_VIEW_MINE,
  KD_QUEUE_VIEW_OVERDUE,
  KD_QUEUE_VIEW_EMERGENCIES,
  KD_QUEUE_VIEW_UNASSIGNED,
  KD_QUEUE_VIEW_ALL,
} KdQueueView;

#define KD_QUEUE_N_VIEWS 5

KdStore      *kd_cases_page_get_store    (KdCasesPage *self);
void          kd_cases_page_set_store    (KdCasesPage *self,
                                          KdStore     *store);
KdCaseList   *kd_cases_page_get_list     (KdCasesPage *self);
KdCaseDetail *kd_cases_page_get_detail   (KdCasesPage *self);
void          kd_cases_page_select_case  (KdCasesPage *self,
                                          gint64       case_id);
gint64        kd_cases_page_get_selected_id (KdCasesPage *self);
void          kd_cases_page_focus_search (KdCasesPage *self);
void          kd_cases_page_set_viewer   (KdCasesPage *self,
                                          KdCadre     *cadre);
void          kd_cases_page_show_view    (KdCasesPage *self,
                                          KdQueueView  view);

G_END_DECLS
