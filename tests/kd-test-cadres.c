/* kd-test-cadres.c: the fixture the cadre tests share: a new town with its
 * first administrator. */
#include "config.h"

#include "kd-test-cadres.h"
#include "kd-test-util.h"

void
kd_test_cadres_setup (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  f->dir = g_dir_make_tmp ("kd-cadres-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (f->dir, "town.db", NULL);
  f->store = kd_store_open (path, &error);
  g_assert_no_error (error);

  g_assert_cmpint (kd_cadre_count (kd_store_get_reader (f->store), NULL), ==, 0);
  f->admin = kd_store_create_cadre (f->store, NULL, "Admin", "镇管理员", KD_ROLE_TOWN_ADMIN, 0,
                                    "admin-password", &error);
  g_assert_no_error (error);
  f->village_id = kd_db_query_int (kd_store_get_reader (f->store),
                                   "SELECT id FROM villages WHERE code = 'kuiduo'", NULL);
  g_assert_cmpint (f->village_id, >, 0);
}

void
kd_test_cadres_teardown (Fixture       *f,
                         gconstpointer  data)
{
  g_clear_object (&f->admin);
  g_clear_object (&f->store);
  kd_test_remove_tree (f->dir);
  g_free (f->dir);
}

gint64
query_int (Fixture    *f,
           const char *sql)
{
  g_autoptr(GError) error = NULL;
  gint64 n = kd_db_query_int (kd_store_get_reader (f->store), sql, &error);

  g_assert_no_error (error);
  return n;
}

KdCadre *
make_cadre (Fixture    *f,
            const char *username,
            KdRole      role,
            gint64      village_id)
{
  g_autoptr(GError) error = NULL;
  KdCadre *cadre = kd_store_create_cadre (f->store, f->admin, username, username, role, village_id,
                                          "password-1", &error);

  g_assert_no_error (error);
  g_assert_nonnull (cadre);
  return cadre;
}

KdCadre *
sign_in (Fixture    *f,
         const char *username,
         const char *password,
         gint64      now,
         GError    **error)
{
  return kd_cadre_sign_in (f->store, kd_store_get_reader (f->store), username, password,
                           "192.168.1.23", now, error);
}

void
got_result (GObject      *source,
            GAsyncResult *result,
            gpointer      data)
{
  *(GAsyncResult **) data = g_object_ref (result);
}

GAsyncResult *
wait_for (GAsyncResult **slot)
{
  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *slot;
}
