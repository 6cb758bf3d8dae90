/* kd-test-cadres.h: what test-cadres.c and test-sessions.c share. */
#pragma once

#include "kd-store.h"
#include "kd-cadre.h"

G_BEGIN_DECLS

#define T0 G_GINT64_CONSTANT (1718000000)   /* 2024-06-10 14:13:20 in 魁多 (UTC+8) */

typedef struct
{
  char    *dir;
  KdStore *store;
  KdCadre *admin;        /* "admin", password "admin-password" */
  gint64   village_id;   /* 魁多村 */
} Fixture;

void           kd_test_cadres_setup    (Fixture        *f,
                                        gconstpointer   data);
void           kd_test_cadres_teardown (Fixture        *f,
                                        gconstpointer   data);
gint64         query_int               (Fixture        *f,
                                        const char     *sql);
KdCadre       *make_cadre              (Fixture        *f,
                                        const char     *username,
                                        KdRole          role,
                                        gint64          village_id);
KdCadre       *sign_in                 (Fixture        *f,
                                        const char     *username,
                                        const char     *password,
                                        gint64          now,
                                        GError        **error);
void           got_result              (GObject        *source,
                                        GAsyncResult   *result,
                                        gpointer        data);
GAsyncResult  *wait_for                (GAsyncResult  **slot);

#define add_test(path, func) \
  g_test_add (path, Fixture, NULL, kd_test_cadres_setup, func, kd_test_cadres_teardown)

G_END_DECLS
