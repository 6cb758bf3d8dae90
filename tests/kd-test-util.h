/* kd-test-util.h: what the test programs share. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

void kd_test_remove_tree (const char *dir);

G_END_DECLS
