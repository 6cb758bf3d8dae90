/* kd-disclosures-page.h: the three public disclosures (村务, 财务, 党务公开)
 * of the town and its villages, newest period first, filtered by kind,
 * place and state; each opens in the editor. */
#pragma once

#include <adwaita.h>

#include "kd-server.h"
#include "kd-store.h"

G_BEGIN_DECLS

#define KD_TYPE_DISCLOSURES_PAGE (kd_disclosures_page_get_type ())

G_DECLARE_FINAL_TYPE (KdDisclosuresPage, kd_disclosures_page, KD, DISCLOSURES_PAGE, AdwBin)

void        kd_disclosures_page_set_store  (KdDisclosuresPage *self,
                                            KdStore           *store);
void        kd_disclosures_page_set_server (KdDisclosuresPage *self,
                                            KdServer          *server);
GListModel *kd_disclosures_page_get_model  (KdDisclosuresPage *self);
GtkWindow  *kd_disclosures_page_open       (KdDisclosuresPage *self,
                                            gint64             id);

G_END_DECLS
