/* kd-overview-page.h: the town at a glance, and how phones reach the office. */
#pragma once

#include <gtk/gtk.h>

#include "kd-server.h"
#include "kd-store.h"

G_BEGIN_DECLS

#define KD_TYPE_OVERVIEW_PAGE (kd_overview_page_get_type ())

G_DECLARE_FINAL_TYPE (KdOverviewPage, kd_overview_page, KD, OVERVIEW_PAGE, GtkWidget)

KdStore  *kd_overview_page_get_store          (KdOverviewPage *self);
void      kd_overview_page_set_store          (KdOverviewPage *self,
                                               KdStore        *store);
KdServer *kd_overview_page_get_server         (KdOverviewPage *self);
void      kd_overview_page_set_server         (KdOverviewPage *self,
                                               KdServer       *server);
void      kd_overview_page_set_endpoint_error (KdOverviewPage *self,
                                               const char     *message);

G_END_DECLS
