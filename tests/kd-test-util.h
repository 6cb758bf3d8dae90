/* kd-test-util.h: what the test programs share. */
#pragma once

#include <glib.h>

#include "kd-store.h"

G_BEGIN_DECLS

void     kd_test_remove_tree (const char *dir);
KdStore *kd_test_store_new   (const char *tmpl,
                              char      **dir);
void     kd_test_insert_cases (KdStore   *store,
                               guint      n,
                               gint64     created_at);
void     kd_test_change_status (KdStore  *store,
                                gint64    id,
                                int       status);

G_END_DECLS
