/* kd-demo.h: a demo town, so a newcomer sees a living workbench. */
#pragma once

#include "kd-store.h"

G_BEGIN_DECLS

#define KD_DEMO_CASES 300

gboolean kd_demo_populate (KdStore  *store,
                           guint     n_cases,
                           GError  **error);
gboolean kd_demo_add_accounts (KdStore  *store,
                               GError  **error);
gboolean kd_demo_add_disclosures (KdStore  *store,
                                  GError  **error);

G_END_DECLS
