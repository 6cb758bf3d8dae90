/* kd-audit-page.h: the audit log, newest first, filtered by who, what,
 * when and words, in pages. */
#pragma once

#include <adwaita.h>

#include "kd-store.h"

G_BEGIN_DECLS

#define KD_TYPE_AUDIT_PAGE (kd_audit_page_get_type ())

G_DECLARE_FINAL_TYPE (KdAuditPage, kd_audit_page, KD, AUDIT_PAGE, AdwBin)

void        kd_audit_page_set_store (KdAuditPage *self,
                                     KdStore     *store);
GListModel *kd_audit_page_get_model (KdAuditPage *self);

G_END_DECLS
