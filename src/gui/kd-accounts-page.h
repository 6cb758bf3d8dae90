/* kd-accounts-page.h: the cadres' accounts, for the town administrator:
 * add one, change a role or village, reset a password, deactivate. */
#pragma once

#include <adwaita.h>

#include "kd-cadre.h"
#include "kd-store.h"

G_BEGIN_DECLS

#define KD_TYPE_ACCOUNTS_PAGE (kd_accounts_page_get_type ())

G_DECLARE_FINAL_TYPE (KdAccountsPage, kd_accounts_page, KD, ACCOUNTS_PAGE, AdwBin)

void        kd_accounts_page_set_store (KdAccountsPage *self,
                                        KdStore        *store);
void        kd_accounts_page_set_cadre (KdAccountsPage *self,
                                        KdCadre        *cadre);
GListModel *kd_accounts_page_get_model (KdAccountsPage *self);

G_END_DECLS
