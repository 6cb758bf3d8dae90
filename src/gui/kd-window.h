/* kd-window.h: the workbench window: a sidebar of areas and the area shown. */
#pragma once

#include <adwaita.h>

#include "kd-accounts-page.h"
#include "kd-audit-page.h"
#include "kd-cadre.h"
#include "kd-cases-page.h"
#include "kd-overview-page.h"
#include "kd-server.h"
#include "kd-store.h"

G_BEGIN_DECLS

#define KD_TYPE_WINDOW (kd_window_get_type ())

G_DECLARE_FINAL_TYPE (KdWindow, kd_window, KD, WINDOW, AdwApplicationWindow)

KdWindow       *kd_window_new               (AdwApplication *app,
                                             KdStore        *store,
                                             KdServer       *server);
KdStore        *kd_window_get_store         (KdWindow       *self);
KdServer       *kd_window_get_server        (KdWindow       *self);
KdOverviewPage *kd_window_get_overview_page (KdWindow       *self);
KdCasesPage    *kd_window_get_cases_page    (KdWindow       *self);
void            kd_window_show_page         (KdWindow       *self,
                                             const char     *name);
const char     *kd_window_get_page          (KdWindow       *self);
KdCadre        *kd_window_get_cadre         (KdWindow       *self);
void            kd_window_set_cadre         (KdWindow       *self,
                                             KdCadre        *cadre);
KdAccountsPage *kd_window_get_accounts_page (KdWindow       *self);
KdAuditPage    *kd_window_get_audit_page    (KdWindow       *self);

G_END_DECLS
