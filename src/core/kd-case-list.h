/* kd-case-list.h: the case queue as a GListModel that pages rows from SQLite.
 * Filtering and sorting happen in SQL; only the rows on screen are loaded. */
#pragma once

#include <gio/gio.h>

#include "kd-types.h"
#include "kd-store.h"
#include "kd-fts.h"

G_BEGIN_DECLS

#define KD_TYPE_CASE_LIST (kd_case_list_get_type ())

G_DECLARE_FINAL_TYPE (KdCaseList, kd_case_list, KD, CASE_LIST, GObject)

#define KD_CASE_LIST_PAGE_SIZE 100

/* How many characters kd_case_list_dup_highlight() returns at most. */
#define KD_CASE_LIST_SNIPPET_CHARS 60

KdCaseList *kd_case_list_new             (KdStore     *store);
void        kd_case_list_set_status      (KdCaseList  *self,
                                          int          status);
void        kd_case_list_set_village     (KdCaseList  *self,
                                          gint64       village_id);
void        kd_case_list_set_category    (KdCaseList  *self,
                                          gint64       category_id);
void        kd_case_list_set_urgent_only (KdCaseList  *self,
                                          gboolean     urgent_only);
void        kd_case_list_set_kind        (KdCaseList  *self,
                                          int          kind);
void        kd_case_list_set_assignee    (KdCaseList  *self,
                                          gint64       cadre_id);
void        kd_case_list_set_unassigned  (KdCaseList  *self,
                                          gboolean     unassigned);
void        kd_case_list_set_overdue     (KdCaseList  *self,
                                          gboolean     overdue);
void        kd_case_list_set_viewer      (KdCaseList  *self,
                                          int          role,
                                          gint64       village_id);
void        kd_case_list_hold            (KdCaseList  *self,
                                          gboolean     hold);
void        kd_case_list_set_search      (KdCaseList  *self,
                                          const char  *text);
void        kd_case_list_set_sort        (KdCaseList  *self,
                                          KdCaseSort   sort,
                                          gboolean     descending);
KdCaseSort  kd_case_list_get_sort        (KdCaseList  *self,
                                          gboolean    *descending);
const char *kd_case_list_get_search      (KdCaseList  *self);
/* Plain text plus byte ranges (KdFtsRange) of the matches, never markup. */
char       *kd_case_list_dup_highlight   (KdCaseList  *self,
                                          KdCase      *kase,
                                          KdFtsField  *field,
                                          GArray     **ranges);
void        kd_case_list_refresh         (KdCaseList  *self);
guint       kd_case_list_find            (KdCaseList  *self,
                                          gint64       case_id);
guint       kd_case_list_get_pages_loaded (KdCaseList *self);
gboolean    kd_case_list_is_adding_new   (KdCaseList  *self);

G_END_DECLS
