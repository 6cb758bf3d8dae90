/* kd-case-detail.h: one case in full, its timeline, the reply box and the
 * status changes core allows from where it stands. */
#pragma once

#include <gtk/gtk.h>

#include "kd-case.h"
#include "kd-store.h"

G_BEGIN_DECLS

#define KD_TYPE_CASE_DETAIL (kd_case_detail_get_type ())

G_DECLARE_FINAL_TYPE (KdCaseDetail, kd_case_detail, KD, CASE_DETAIL, GtkWidget)

KdStore   *kd_case_detail_get_store        (KdCaseDetail *self);
void       kd_case_detail_set_store        (KdCaseDetail *self,
                                            KdStore      *store);
KdCase    *kd_case_detail_get_case         (KdCaseDetail *self);
void       kd_case_detail_set_case         (KdCaseDetail *self,
                                            KdCase       *kase);
gboolean   kd_case_detail_get_busy         (KdCaseDetail *self);
void       kd_case_detail_send_reply       (KdCaseDetail *self,
                                            const char   *text);
GtkWidget *kd_case_detail_get_reply_button (KdCaseDetail *self);
GtkWindow *kd_case_detail_get_dialog       (KdCaseDetail *self);
char      *kd_case_detail_dup_reply_text   (KdCaseDetail *self);

G_END_DECLS
