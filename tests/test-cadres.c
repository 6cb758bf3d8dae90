/* test-cadres.c: accounts, passwords, sign-in and lockout, the role rules. */
#include "config.h"

#include <string.h>

#include "kd-test-cadres.h"
#include "kd-test-util.h"
#include "kd-access.h"
#include "kd-auth.h"

/* Passwords and tokens */

static void
test_hash (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *hash = kd_auth_hash_password ("correct horse", &error);
  g_autofree char *again = kd_auth_hash_password ("correct horse", &error);

  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (hash, "$argon2id$"));
  g_assert_cmpstr (hash, !=, again);   /* a salt of its own */
  g_assert_true (kd_auth_verify_password (hash, "correct horse"));
  g_assert_true (kd_auth_verify_password (again, "correct horse"));
  g_assert_false (kd_auth_verify_password (hash, "correct horsE"));
  g_assert_false (kd_auth_verify_password (hash, ""));
  g_assert_false (kd_auth_verify_password ("not a hash", "correct horse"));
  g_assert_false (kd_auth_needs_rehash (hash));
  g_assert_true (kd_auth_needs_rehash ("$argon2i$v=19$m=4096,t=3,p=1$c2FsdHNhbHQ$aGFzaGhhc2g"));
}

static void
test_tokens (void)
{
  g_autofree char *a = kd_auth_random_token (KD_AUTH_TOKEN_BYTES);
  g_autofree char *b = kd_auth_random_token (KD_AUTH_TOKEN_BYTES);
  g_autofree char *hex = kd_auth_random_hex (16);
  g_autofree char *sha = kd_auth_token_hash ("abc");

  g_assert_cmpuint (strlen (a), ==, 43);   /* 32 bytes, base64 without padding */
  g_assert_cmpuint (strspn (a, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"), ==, 43);
  g_assert_cmpstr (a, !=, b);
  g_assert_cmpuint (strlen (hex), ==, 32);
  g_assert_cmpuint (strspn (hex, "0123456789abcdef"), ==, 32);
  g_assert_cmpstr (sha, ==, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");

  g_assert_true (kd_auth_equal (a, a));
  g_assert_false (kd_auth_equal (a, b));
  g_assert_false (kd_auth_equal (a, "short"));
  g_assert_false (kd_auth_equal (a, NULL));
  g_assert_false (kd_auth_equal (NULL, NULL));
}

/* Accounts */

static void
test_first_account (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KdCadre) second = NULL;
  g_autoptr(KdCadre) staff = NULL;
  g_autoptr(KdCadre) by_staff = NULL;
  g_autoptr(GListModel) list = NULL;

  g_assert_cmpstr (kd_cadre_get_username (f->admin), ==, "admin");   /* lower case */
  g_assert_cmpint (kd_cadre_get_role (f->admin), ==, KD_ROLE_TOWN_ADMIN);
  g_assert_cmpint (kd_cadre_count (kd_store_get_reader (f->store), NULL), ==, 1);
  g_assert_true (g_str_has_prefix (kd_cadre_get_display_name (f->admin), "镇管理员"));
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM cadres WHERE password_hash LIKE '$argon2id$%'"), ==, 1);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM audit_log WHERE action = 'cadre.create'"), ==, 1);

  /* Without a signed-in administrator only the very first account. */
  second = kd_store_create_cadre (f->store, NULL, "other", "Other", KD_ROLE_TOWN_ADMIN, 0,
                                  "password-2", &error);
  g_assert_error (error, KD_CADRE_ERROR, KD_CADRE_ERROR_NOT_FIRST);
  g_clear_error (&error);

  staff = make_cadre (f, "staff", KD_ROLE_TOWN_STAFF, 0);
  by_staff = kd_store_create_cadre (f->store, staff, "third", "Third", KD_ROLE_TOWN_STAFF, 0,
                                    "password-3", &error);
  g_assert_error (error, KD_CADRE_ERROR, KD_CADRE_ERROR_DENIED);
  g_assert_null (by_staff);

  list = kd_cadre_list (kd_store_get_reader (f->store), FALSE, NULL);
  g_assert_cmpuint (g_list_model_get_n_items (list), ==, 2);
}

static void
test_first_must_be_admin (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("kd-cadres-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "town.db", NULL);
  g_autoptr(KdStore) store = kd_store_open (path, &error);
  g_autoptr(KdCadre) cadre = NULL;

  g_assert_no_error (error);
  cadre = kd_store_create_cadre (store, NULL, "staff", "Staff", KD_ROLE_TOWN_STAFF, 0, "password-1", &error);
  g_assert_error (error, KD_CADRE_ERROR, KD_CADRE_ERROR_DENIED);
  g_assert_cmpint (kd_cadre_count (kd_store_get_reader (store), NULL), ==, 0);

  g_clear_object (&store);
  kd_test_remove_tree (dir);
}

static void
test_validation (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *long_name = g_strnfill (KD_CADRE_DISPLAY_NAME_MAX + 1, 'x');
  g_autofree char *long_user = g_strnfill (KD_CADRE_USERNAME_MAX + 1, 'x');
  g_autofree char *max_user = g_strnfill (KD_CADRE_USERNAME_MAX, 'x');
  struct {
    const char *username, *display_name, *password;
    KdRole role;
    gint64 village_id;
    KdCadreError code;
  } bad[] = {
    { "a", "A", "password-1", KD_ROLE_TOWN_STAFF, 0, KD_CADRE_ERROR_USERNAME },
    { long_user, "A", "password-1", KD_ROLE_TOWN_STAFF, 0, KD_CADRE_ERROR_USERNAME },
    { "with space", "A", "password-1", KD_ROLE_TOWN_STAFF, 0, KD_CADRE_ERROR_USERNAME },
    { "张三", "A", "password-1", KD_ROLE_TOWN_STAFF, 0, KD_CADRE_ERROR_USERNAME },
    { "x'; DROP TABLE cadres; --", "A", "password-1", KD_ROLE_TOWN_STAFF, 0, KD_CADRE_ERROR_USERNAME },
    { "", "A", "password-1", KD_ROLE_TOWN_STAFF, 0, KD_CADRE_ERROR_USERNAME },
    { NULL, "A", "password-1", KD_ROLE_TOWN_STAFF, 0, KD_CADRE_ERROR_USERNAME },
    { "ADMIN", "A", "password-1", KD_ROLE_TOWN_STAFF, 0, KD_CADRE_ERROR_USERNAME_TAKEN },
    { "bob", "   ", "password-1", KD_ROLE_TOWN_STAFF, 0, KD_CADRE_ERROR_DISPLAY_NAME },
    { "bob", long_name, "password-1", KD_ROLE_TOWN_STAFF, 0, KD_CADRE_ERROR_DISPLAY_NAME },
    { "bob", "Bob\nSmith", "password-1", KD_ROLE_TOWN_STAFF, 0, KD_CADRE_ERROR_DISPLAY_NAME },
    { "bob", "Bob", "1234567", KD_ROLE_TOWN_STAFF, 0, KD_CADRE_ERROR_PASSWORD },
    { "bob", "Bob", NULL, KD_ROLE_TOWN_STAFF, 0, KD_CADRE_ERROR_PASSWORD },
    { "bob", "Bob", "password-1", KD_ROLE_VILLAGE_SECRETARY, 0, KD_CADRE_ERROR_VILLAGE },
    { "bob", "Bob", "password-1", KD_ROLE_VILLAGE_SECRETARY, 9999, KD_CADRE_ERROR_VILLAGE },
    { "bob", "Bob", "password-1", KD_ROLE_TOWN_STAFF, 1, KD_CADRE_ERROR_VILLAGE },
    { "bob", "Bob", "password-1", KD_ROLE_DISCIPLINE, 1, KD_CADRE_ERROR_VILLAGE },
  };
  gint64 audit_rows = query_int (f, "SELECT count(*) FROM audit_log");

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(KdCadre) cadre = kd_store_create_cadre (f->store, f->admin, bad[i].username,
                                                        bad[i].display_name, bad[i].role,
                                                        bad[i].village_id, bad[i].password, &error);

      g_test_message ("case %u", i);
      g_assert_null (cadre);
      g_assert_error (error, KD_CADRE_ERROR, (int) bad[i].code);
    }

  /* Nothing changed. */
  g_assert_cmpint (kd_cadre_count (kd_store_get_reader (f->store), NULL), ==, 1);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM audit_log"), ==, audit_rows);

  /* The limits themselves are fine; 8 Chinese characters are 8 characters. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(KdCadre) cadre = kd_store_create_cadre (f->store, f->admin, max_user, "张", KD_ROLE_TOWN_STAFF,
                                                      0, "八个汉字的密码", &error);
    g_autoptr(KdCadre) secretary = NULL;

    g_assert_error (error, KD_CADRE_ERROR, KD_CADRE_ERROR_PASSWORD);   /* 7 */
    g_clear_error (&error);
    cadre = kd_store_create_cadre (f->store, f->admin, max_user, "张", KD_ROLE_TOWN_STAFF,
                                   0, "八个汉字的密码啊", &error);
    g_assert_no_error (error);
    secretary = make_cadre (f, "li.si_2-x", KD_ROLE_VILLAGE_SECRETARY, f->village_id);
    g_assert_cmpstr (kd_cadre_get_village_name (secretary), ==, "魁多村");
  }
}

/* Signing in */

static void
test_sign_in (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GError) wrong_password = NULL;
  g_autoptr(GError) unknown = NULL;
  g_autoptr(GError) malformed = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(KdCadre) cadre = NULL;

  cadre = sign_in (f, "ADMIN", "admin-password", T0, &error);
  g_assert_no_error (error);
  g_assert_cmpint (kd_cadre_get_id (cadre), ==, kd_cadre_get_id (f->admin));
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM audit_log WHERE action = 'sign-in'"
                                 " AND address = '192.168.1.23' AND cadre_id IS NOT NULL"), ==, 1);

  g_assert_null (sign_in (f, "admin", "admin-passwor", T0, &wrong_password));
  g_assert_null (sign_in (f, "nobody", "admin-password", T0, &unknown));
  g_assert_null (sign_in (f, "no body", "admin-password", T0, &malformed));
  g_assert_error (wrong_password, KD_CADRE_ERROR, KD_CADRE_ERROR_SIGN_IN);
  g_assert_error (unknown, KD_CADRE_ERROR, KD_CADRE_ERROR_SIGN_IN);
  g_assert_error (malformed, KD_CADRE_ERROR, KD_CADRE_ERROR_SIGN_IN);
  g_assert_cmpstr (wrong_password->message, ==, unknown->message);
  g_assert_cmpstr (wrong_password->message, ==, malformed->message);

  g_assert_cmpint (query_int (f, "SELECT count(*) FROM audit_log WHERE action = 'sign-in.failed'"), ==, 3);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM audit_log WHERE action = 'sign-in.failed'"
                                 " AND detail = 'nobody'"), ==, 1);
  /* The password is never written down. */
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM audit_log WHERE instr (detail, 'passw')"), ==, 0);
}

static void
test_lockout (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(KdCadre) staff = make_cadre (f, "staff", KD_ROLE_TOWN_STAFF, 0);
  gint64 now = T0;

  /* Four failures, then the right password: the count starts again. */
  for (guint i = 0; i < KD_CADRE_MAX_FAILURES - 1; i++)
    {
      g_autoptr(GError) error = NULL;
      g_assert_null (sign_in (f, "staff", "wrong-password", now++, &error));
      g_assert_error (error, KD_CADRE_ERROR, KD_CADRE_ERROR_SIGN_IN);
    }
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(KdCadre) ok = sign_in (f, "staff", "password-1", now++, &error);
    g_assert_no_error (error);
  }

  /* Five in a row lock the account, the fifth says so. */
  for (guint i = 0; i < KD_CADRE_MAX_FAILURES; i++)
    {
      g_autoptr(GError) error = NULL;
      g_assert_null (sign_in (f, "staff", "wrong-password", now++, &error));
      g_assert_error (error, KD_CADRE_ERROR,
                      (i + 1 < KD_CADRE_MAX_FAILURES ? KD_CADRE_ERROR_SIGN_IN : KD_CADRE_ERROR_LOCKED));
    }
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM audit_log WHERE action = 'sign-in.locked'"), ==, 1);

  /* Locked: even the right password, until the time has passed. */
  {
    g_autoptr(GError) error = NULL;
    g_assert_null (sign_in (f, "staff", "password-1", now + KD_CADRE_LOCKOUT_SECONDS - 10, &error));
    g_assert_error (error, KD_CADRE_ERROR, KD_CADRE_ERROR_LOCKED);
  }
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(KdCadre) ok = sign_in (f, "staff", "password-1", now + KD_CADRE_LOCKOUT_SECONDS, &error);
    g_assert_no_error (error);
    g_assert_cmpint (kd_cadre_get_locked_until (ok), ==, 0);
  }

  /* Another account is not affected. */
  g_assert_cmpint (query_int (f, "SELECT locked_until FROM cadres WHERE username = 'admin'"), ==, 0);
}


static void
test_sign_in_async (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GAsyncResult) ok_result = NULL;
  g_autoptr(GAsyncResult) bad_result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(KdCadre) cadre = NULL;

  kd_store_sign_in_async (f->store, "admin", "admin-password", "10.0.0.9", NULL, got_result, &ok_result);
  kd_store_sign_in_async (f->store, "admin", "nope-nope", "10.0.0.9", NULL, got_result, &bad_result);
  cadre = kd_store_sign_in_finish (f->store, wait_for (&ok_result), &error);
  g_assert_no_error (error);
  g_assert_nonnull (cadre);
  g_assert_null (kd_store_sign_in_finish (f->store, wait_for (&bad_result), &error));
  g_assert_error (error, KD_CADRE_ERROR, KD_CADRE_ERROR_SIGN_IN);
  g_clear_error (&error);
  g_clear_object (&ok_result);
  g_clear_object (&bad_result);

  /* Creating an account and changing a password the same way. */
  kd_store_create_cadre_async (f->store, cadre, "staff", "Staff", KD_ROLE_TOWN_STAFF, 0,
                               "password-1", NULL, got_result, &ok_result);
  kd_store_create_cadre_async (f->store, cadre, "staff2", "Staff", KD_ROLE_TOWN_STAFF, 0,
                               "short", NULL, got_result, &bad_result);
  g_clear_object (&cadre);
  cadre = kd_store_create_cadre_finish (f->store, wait_for (&ok_result), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (kd_cadre_get_username (cadre), ==, "staff");
  g_assert_null (kd_store_create_cadre_finish (f->store, wait_for (&bad_result), &error));
  g_assert_error (error, KD_CADRE_ERROR, KD_CADRE_ERROR_PASSWORD);
  g_clear_error (&error);
  g_clear_object (&ok_result);
  g_clear_object (&bad_result);

  kd_store_change_password_async (f->store, cadre, kd_cadre_get_id (cadre), "password-1", "password-2",
                                  NULL, got_result, &ok_result);
  kd_store_change_password_async (f->store, cadre, kd_cadre_get_id (f->admin), NULL, "password-3",
                                  NULL, got_result, &bad_result);
  g_assert_true (kd_store_change_password_finish (f->store, wait_for (&ok_result), &error));
  g_assert_no_error (error);
  g_assert_false (kd_store_change_password_finish (f->store, wait_for (&bad_result), &error));
  g_assert_error (error, KD_CADRE_ERROR, KD_CADRE_ERROR_DENIED);
}

static void
test_deactivate (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(KdCadre) staff = make_cadre (f, "staff", KD_ROLE_TOWN_STAFF, 0);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(KdCadre) again = NULL;
  g_autoptr(GListModel) active = NULL;
  g_autoptr(GListModel) all = NULL;

  kd_store_set_cadre_active_async (f->store, f->admin, kd_cadre_get_id (staff), FALSE, NULL,
                                   got_result, &result);
  g_assert_true (kd_store_set_cadre_active_finish (f->store, wait_for (&result), &error));
  g_assert_no_error (error);
  g_clear_object (&result);

  g_assert_null (sign_in (f, "staff", "password-1", T0, &error));
  g_assert_error (error, KD_CADRE_ERROR, KD_CADRE_ERROR_INACTIVE);
  g_clear_error (&error);
  /* A wrong password says nothing about the account. */
  g_assert_null (sign_in (f, "staff", "password-2", T0, &error));
  g_assert_error (error, KD_CADRE_ERROR, KD_CADRE_ERROR_SIGN_IN);
  g_clear_error (&error);

  active = kd_cadre_list (kd_store_get_reader (f->store), FALSE, NULL);
  all = kd_cadre_list (kd_store_get_reader (f->store), TRUE, NULL);
  g_assert_cmpuint (g_list_model_get_n_items (active), ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (all), ==, 2);

  /* The last administrator stays. */
  kd_store_set_cadre_active_async (f->store, f->admin, kd_cadre_get_id (f->admin), FALSE, NULL,
                                   got_result, &result);
  g_assert_false (kd_store_set_cadre_active_finish (f->store, wait_for (&result), &error));
  g_assert_error (error, KD_CADRE_ERROR, KD_CADRE_ERROR_LAST_ADMIN);
  g_clear_error (&error);
  g_clear_object (&result);

  kd_store_set_cadre_active_async (f->store, f->admin, kd_cadre_get_id (staff), TRUE, NULL,
                                   got_result, &result);
  g_assert_true (kd_store_set_cadre_active_finish (f->store, wait_for (&result), &error));
  again = sign_in (f, "staff", "password-1", T0, &error);
  g_assert_no_error (error);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM audit_log WHERE action IN"
                                 " ('cadre.deactivate', 'cadre.reactivate')"), ==, 2);
}

static void
test_roles (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(KdCadre) staff = make_cadre (f, "staff", KD_ROLE_TOWN_STAFF, 0);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(KdCadre) loaded = NULL;

  /* A village secretary needs the village. */
  kd_store_set_cadre_role_async (f->store, f->admin, kd_cadre_get_id (staff), KD_ROLE_VILLAGE_SECRETARY,
                                 0, NULL, got_result, &result);
  g_assert_false (kd_store_set_cadre_role_finish (f->store, wait_for (&result), &error));
  g_assert_error (error, KD_CADRE_ERROR, KD_CADRE_ERROR_VILLAGE);
  g_clear_error (&error);
  g_clear_object (&result);

  kd_store_set_cadre_role_async (f->store, f->admin, kd_cadre_get_id (staff), KD_ROLE_VILLAGE_SECRETARY,
                                 f->village_id, NULL, got_result, &result);
  g_assert_true (kd_store_set_cadre_role_finish (f->store, wait_for (&result), &error));
  g_assert_no_error (error);
  g_clear_object (&result);
  loaded = kd_cadre_load (kd_store_get_reader (f->store), kd_cadre_get_id (staff), NULL);
  g_assert_cmpint (kd_cadre_get_role (loaded), ==, KD_ROLE_VILLAGE_SECRETARY);
  g_assert_cmpint (kd_cadre_get_village_id (loaded), ==, f->village_id);

  /* Only an administrator changes roles; the last one keeps theirs. */
  kd_store_set_cadre_role_async (f->store, loaded, kd_cadre_get_id (loaded), KD_ROLE_TOWN_ADMIN,
                                 0, NULL, got_result, &result);
  g_assert_false (kd_store_set_cadre_role_finish (f->store, wait_for (&result), &error));
  g_assert_error (error, KD_CADRE_ERROR, KD_CADRE_ERROR_DENIED);
  g_clear_error (&error);
  g_clear_object (&result);

  kd_store_set_cadre_role_async (f->store, f->admin, kd_cadre_get_id (f->admin), KD_ROLE_TOWN_STAFF,
                                 0, NULL, got_result, &result);
  g_assert_false (kd_store_set_cadre_role_finish (f->store, wait_for (&result), &error));
  g_assert_error (error, KD_CADRE_ERROR, KD_CADRE_ERROR_LAST_ADMIN);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM audit_log WHERE action = 'cadre.role'"), ==, 1);
}

static void
test_password_change (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(KdCadre) staff = make_cadre (f, "staff", KD_ROLE_TOWN_STAFF, 0);
  g_autoptr(KdCadre) other = make_cadre (f, "other", KD_ROLE_TOWN_STAFF, 0);
  g_autoptr(GError) error = NULL;
  g_autoptr(KdCadre) signed_in = NULL;
  gint64 id = kd_cadre_get_id (staff);

  /* Their own: the old password is needed. */
  g_assert_false (kd_store_change_password (f->store, staff, id, "password-x", "new-password", &error));
  g_assert_error (error, KD_CADRE_ERROR, KD_CADRE_ERROR_PASSWORD);
  g_clear_error (&error);
  g_assert_false (kd_store_change_password (f->store, staff, id, "password-1", "short", &error));
  g_assert_error (error, KD_CADRE_ERROR, KD_CADRE_ERROR_PASSWORD);
  g_clear_error (&error);
  g_assert_true (kd_store_change_password (f->store, staff, id, "password-1", "new-password", &error));
  g_assert_no_error (error);

  g_assert_null (sign_in (f, "staff", "password-1", T0, &error));
  g_assert_error (error, KD_CADRE_ERROR, KD_CADRE_ERROR_SIGN_IN);
  g_clear_error (&error);
  signed_in = sign_in (f, "staff", "new-password", T0, &error);
  g_assert_no_error (error);

  /* Someone else's: an administrator only. */
  g_assert_false (kd_store_change_password (f->store, staff, kd_cadre_get_id (other), NULL,
                                            "taken-over", &error));
  g_assert_error (error, KD_CADRE_ERROR, KD_CADRE_ERROR_DENIED);
  g_clear_error (&error);
  g_assert_true (kd_store_change_password (f->store, f->admin, id, NULL, "reset-by-admin", &error));
  g_assert_no_error (error);
  g_clear_object (&signed_in);
  signed_in = sign_in (f, "staff", "reset-by-admin", T0, &error);
  g_assert_no_error (error);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM audit_log WHERE action = 'cadre.password'"), ==, 2);
}

static gpointer
seed_job (KdDb      *db,
          gpointer   data,
          KdChanges *changes,
          GError   **error)
{
  return kd_cadre_demo_seed (db, changes, error) ? GINT_TO_POINTER (TRUE) : NULL;
}

static void
test_demo_seed (Fixture       *f,
                gconstpointer  data)
{
  const char *names[] = { "admin", "staff", "secretary", "discipline" };
  KdRole roles[] = { KD_ROLE_TOWN_ADMIN, KD_ROLE_TOWN_STAFF, KD_ROLE_VILLAGE_SECRETARY, KD_ROLE_DISCIPLINE };
  g_autoptr(GError) error = NULL;

  for (guint round = 0; round < 2; round++)
    {
      g_assert_nonnull (kd_writer_run_sync (kd_store_get_writer (f->store), seed_job, NULL, NULL, &error));
      g_assert_no_error (error);
    }
  /* "admin" was there already (with its own password). */
  g_assert_cmpint (kd_cadre_count (kd_store_get_reader (f->store), NULL), ==, 4);

  for (guint i = 1; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *password = g_strconcat ("kuiduo-", names[i], NULL);
      g_autoptr(KdCadre) cadre = sign_in (f, names[i], password, T0, &error);

      g_assert_no_error (error);
      g_assert_cmpint (kd_cadre_get_role (cadre), ==, roles[i]);
      g_assert_cmpint (kd_cadre_get_village_id (cadre) != 0, ==, roles[i] == KD_ROLE_VILLAGE_SECRETARY);
    }
}

/* The role rules */

static void
test_access_table (void)
{
  enum { OWN = 1, OTHER = 2 };
  /* Cases: in the cadre's village, in another village, in another but
   * assigned to the cadre's village. */
  struct { gint64 village, assigned; } where[] = { { OWN, 0 }, { OTHER, 0 }, { OTHER, OWN } };
  /* Expected sight, per role, kind (the 4 public kinds behave alike) and place. */
  struct { KdRole role; gint64 cadre_village; gboolean pub[3], integrity[3]; } table[] = {
    { KD_ROLE_TOWN_ADMIN,        0,   { 1, 1, 1 }, { 0, 0, 0 } },
    { KD_ROLE_TOWN_STAFF,        0,   { 1, 1, 1 }, { 0, 0, 0 } },
    { KD_ROLE_VILLAGE_SECRETARY, OWN, { 1, 0, 1 }, { 0, 0, 0 } },
    { KD_ROLE_VILLAGE_SECRETARY, 0,   { 0, 0, 0 }, { 0, 0, 0 } },   /* broken account: nothing */
    { KD_ROLE_DISCIPLINE,        0,   { 0, 0, 0 }, { 1, 1, 1 } },
  };

  for (guint r = 0; r < G_N_ELEMENTS (table); r++)
    for (guint k = 0; k < KD_CASE_N_KINDS; k++)
      for (guint w = 0; w < G_N_ELEMENTS (where); w++)
        {
          gboolean expected = k == KD_CASE_KIND_INTEGRITY ? table[r].integrity[w] : table[r].pub[w];

          g_test_message ("role %d kind %u place %u", table[r].role, k, w);
          g_assert_cmpint (kd_access_can_see_case (table[r].role, table[r].cadre_village, k,
                                                   where[w].village, where[w].assigned), ==, expected);
          g_assert_cmpint (kd_access_can_act_on_case (table[r].role, table[r].cadre_village, k,
                                                      where[w].village, where[w].assigned), ==, expected);
        }

  for (KdRole role = 0; role < KD_N_ROLES; role++)
    {
      gboolean admin = role == KD_ROLE_TOWN_ADMIN;

      g_assert_cmpint (kd_access_can_manage_cadres (role), ==, admin);
      g_assert_cmpint (kd_access_can_edit_settings (role), ==, admin);
      g_assert_cmpint (kd_access_can_issue_api_keys (role), ==, admin);
      g_assert_cmpint (kd_access_can_view_audit (role), ==, admin);
      g_assert_cmpint (kd_access_role_needs_village (role), ==, role == KD_ROLE_VILLAGE_SECRETARY);
      g_assert_cmpint (kd_access_can_see_reporter (role, KD_CASE_KIND_INTEGRITY), ==, role == KD_ROLE_DISCIPLINE);
      g_assert_true (kd_access_can_see_reporter (role, KD_CASE_KIND_LIVELIHOOD));
    }

  /* Out of range: nothing. */
  g_assert_false (kd_access_can_see_case (KD_N_ROLES, 0, KD_CASE_KIND_LIVELIHOOD, 1, 0));
  g_assert_false (kd_access_can_see_case (KD_ROLE_TOWN_ADMIN, 0, KD_CASE_N_KINDS, 1, 0));
}

/* The SQL condition picks exactly the cases kd_access_can_see_case() allows. */
static void
test_access_sql (void)
{
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (":memory:", &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "CREATE TABLE cases (id INTEGER PRIMARY KEY, kind INTEGER,"
                                     " village_id INTEGER, assigned_village_id INTEGER)",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  for (guint k = 0; k < KD_CASE_N_KINDS; k++)
    for (guint v = 1; v <= 3; v++)
      for (guint a = 0; a <= 3; a++)
        {
          g_autofree char *sql = g_strdup_printf ("INSERT INTO cases (kind, village_id, assigned_village_id)"
                                                  " VALUES (%u, %u, nullif (%u, 0))", k, v, a);
          g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
        }

  for (KdRole role = 0; role < KD_N_ROLES; role++)
    for (gint64 village = 0; village <= 2; village++)
      {
        g_autofree char *cond = kd_access_case_condition (role, village, "c");
        g_autofree char *sql = g_strdup_printf ("SELECT kind, village_id, coalesce (assigned_village_id, 0),"
                                                " %s FROM cases c", cond);
        sqlite3_stmt *stmt = NULL;
        guint rows = 0;

        g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
        while (sqlite3_step (stmt) == SQLITE_ROW)
          {
            gboolean expected = kd_access_can_see_case (role, village, sqlite3_column_int (stmt, 0),
                                                        sqlite3_column_int64 (stmt, 1),
                                                        sqlite3_column_int64 (stmt, 2));
            g_assert_cmpint (sqlite3_column_int (stmt, 3) != 0, ==, expected);
            rows++;
          }
        sqlite3_finalize (stmt);
        g_assert_cmpuint (rows, ==, KD_CASE_N_KINDS * 3 * 4);
      }

  sqlite3_close (db);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/kd/cadres/hash", test_hash);
  g_test_add_func ("/kd/cadres/tokens", test_tokens);
  g_test_add_func ("/kd/cadres/first-must-be-admin", test_first_must_be_admin);
  g_test_add_func ("/kd/access/table", test_access_table);
  g_test_add_func ("/kd/access/sql", test_access_sql);
  add_test ("/kd/cadres/first-account", test_first_account);
  add_test ("/kd/cadres/validation", test_validation);
  add_test ("/kd/cadres/sign-in", test_sign_in);
  add_test ("/kd/cadres/sign-in-async", test_sign_in_async);
  add_test ("/kd/cadres/lockout", test_lockout);
  add_test ("/kd/cadres/deactivate", test_deactivate);
  add_test ("/kd/cadres/roles", test_roles);
  add_test ("/kd/cadres/password", test_password_change);
  add_test ("/kd/cadres/demo-seed", test_demo_seed);

  return g_test_run ();
}
