/* kd-proxy-report-dialog.h: a cadre enters a report for a villager who came
 * to the office or phoned, then prints the villager's receipt slip. */
#pragma once

#include <adwaita.h>

#include "kd-receipt.h"
#include "kd-server.h"
#include "kd-store.h"

G_BEGIN_DECLS

#define KD_TYPE_PROXY_REPORT_DIALOG (kd_proxy_report_dialog_get_type ())

G_DECLARE_FINAL_TYPE (KdProxyReportDialog, kd_proxy_report_dialog, KD, PROXY_REPORT_DIALOG, AdwWindow)

GtkWidget       *kd_proxy_report_dialog_new         (GtkWindow           *parent,
                                                     KdStore             *store,
                                                     KdServer            *server);
KdCase          *kd_proxy_report_dialog_get_case    (KdProxyReportDialog *self);
const KdReceipt *kd_proxy_report_dialog_get_receipt (KdProxyReportDialog *self);
gboolean         kd_proxy_report_dialog_get_busy    (KdProxyReportDialog *self);

G_END_DECLS
