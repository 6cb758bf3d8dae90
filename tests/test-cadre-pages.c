/* test-cadre-pages.c: village cadres on a phone (/staff/), a real SoupSession
 * against a real server on 127.0.0.1: signing in, the guard on every POST,
 * handling a case, clocking in and out. */
#include "config.h"

#include <locale.h>
#include <glib/gi18n.h>
#include <libsoup/soup.h>

#include "kd-server.h"
#include "kd-store.h"
#include "kd-cadre.h"
#include "kd-auth.h"
#include "kd-test-util.h"

#define PASSWORD "password-1"

typedef struct
{
  char        *dir;
  KdStore     *store;
  KdServer    *server;
  SoupSession *session;
  char        *base;
  gint64       own_case;       /* 魁多村, with the reporter's name and phone */
  gint64       other_case;     /* 新寨村 */
  gint64       integrity_case; /* 魁多村, 清风 */
} Fixture;

typedef struct
{
  guint  status;
  char  *body;
  char  *location;
  char  *cookie;          /* Set-Cookie */
  char  *cache_control;
} Reply;

static void
reply_clear (Reply *r)
{
  g_clear_pointer (&r->body, g_free);
  g_clear_pointer (&r->location, g_free);
  g_clear_pointer (&r->cookie, g_free);
  g_clear_pointer (&r->cache_control, g_free);
}

/* --- the town: two villages, four cadres, three cases --- */

static gint64
insert_case (KdDb        *db,
             const char  *village,
             const char  *category,
             const char  *description,
             KdChanges   *changes,
             GError     **error)
{
  g_autoptr(KdReport) r = kd_report_new ();
  g_autoptr(KdCase) kase = NULL;

  r->village = g_strdup (village);
  r->category = g_strdup (category);
  r->description = g_strdup (description);
  r->reporter_name = g_strdup ("王<b>五</b>");
  r->reporter_phone = g_strdup ("13800001111");
  kase = kd_case_insert (db, r, 1718000000, changes, error);

  return kase ? kd_case_get_id (kase) : 0;
}

static gpointer
populate_job (KdDb      *db,
              gpointer   data,
              KdChanges *changes,
              GError   **error)
{
  Fixture *f = ((gpointer *) data)[0];
  const char *hash = ((gpointer *) data)[1];
  gint64 kuiduo, xinzhai;
  const struct { const char *user, *name; KdRole role; gboolean own; } cadres[] = {
    { "secretary", "张书记", KD_ROLE_VILLAGE_SECRETARY, TRUE },
    { "secretary2", "李书记", KD_ROLE_VILLAGE_SECRETARY, FALSE },
    { "staff", "镇干部", KD_ROLE_TOWN_STAFF, FALSE },
    { "discipline", "纪检员", KD_ROLE_DISCIPLINE, FALSE },
  };

  if (!kd_db_exec (db, "INSERT INTO villages (code, name, position) VALUES ('xinzhai', '新寨村', 1)", error))
    return NULL;
  kuiduo = kd_db_query_int (db, "SELECT id FROM villages WHERE code = 'kuiduo'", error);
  xinzhai = kd_db_query_int (db, "SELECT id FROM villages WHERE code = 'xinzhai'", error);

  for (guint i = 0; i < G_N_ELEMENTS (cadres); i++)
    {
      g_autoptr(KdCadre) c = kd_cadre_insert (db, NULL, cadres[i].user, cadres[i].name, cadres[i].role,
                                              cadres[i].role != KD_ROLE_VILLAGE_SECRETARY ? 0
                                              : cadres[i].own ? kuiduo : xinzhai,
                                              hash, 1718000000, changes, error);
      if (c == NULL)
        return NULL;
    }

  f->own_case = insert_case (db, "kuiduo", "roads", "村口的桥<script>alert(1)</script>坏了", changes, error);
  f->other_case = insert_case (db, "xinzhai", "roads", "新寨的路塌了", changes, error);
  f->integrity_case = insert_case (db, "kuiduo", "integrity-funds", "有人挪用补贴", changes, error);
  if (f->integrity_case == 0 ||
      !kd_db_exec (db, "UPDATE cases SET kind = 4 WHERE description = '有人挪用补贴'", error))
    return NULL;

  return GINT_TO_POINTER (TRUE);
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *hash = kd_auth_hash_password (PASSWORD, &error);
  gpointer job[2] = { f, hash };

  g_assert_no_error (error);
  f->dir = g_dir_make_tmp ("kd-cadre-pages-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (f->dir, "town.db", NULL);
  f->store = kd_store_open (path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (kd_writer_run_sync (kd_store_get_writer (f->store), populate_job, job, NULL, &error));
  g_assert_no_error (error);

  f->server = kd_server_new (f->store);
  g_assert_true (kd_server_start (f->server, 0, TRUE, &error));
  g_assert_no_error (error);
  f->base = g_strdup_printf ("http://127.0.0.1:%u", kd_server_get_port (f->server));
  f->session = soup_session_new ();
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_object (&f->session);
  kd_server_stop (f->server);
  g_clear_object (&f->server);
  g_clear_object (&f->store);
  kd_test_remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->base);
}

static gint64
query_int (Fixture    *f,
           const char *sql)
{
  g_autoptr(GError) error = NULL;
  gint64 n = kd_db_query_int (kd_store_get_reader (f->store), sql, &error);

  g_assert_no_error (error);
  return n;
}

/* Everything a test can write, so that a refusal can be seen to write nothing. */
static gint64
count_writes (Fixture *f)
{
  return query_int (f, "SELECT (SELECT count(*) FROM case_events) + (SELECT count(*) FROM attendance)"
                       " + (SELECT sum (status) FROM cases) + (SELECT count(*) FROM sessions)");
}

/* --- requests --- */

typedef struct
{
  const char *cookie;     /* the session token */
  const char *origin;     /* NULL: our own; "": none */
  const char *referer;
  const char *language;   /* NULL: English (the messages the tests look for); "": none */
} Headers;

static Reply
request (Fixture       *f,
         const char    *method,
         const char    *path,
         const char    *form,
         const Headers *h)
{
  g_autofree char *url = g_strconcat (f->base, path, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new (method, url);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = NULL;
  SoupMessageHeaders *req = soup_message_get_request_headers (msg);
  SoupMessageHeaders *resp = soup_message_get_response_headers (msg);
  Headers none = { 0 };
  Reply r = { 0 };

  h = h ? h : &none;
  soup_message_add_flags (msg, SOUP_MESSAGE_NO_REDIRECT);
  if (h->cookie != NULL)
    {
      g_autofree char *cookie = g_strconcat ("kd_session=", h->cookie, NULL);
      soup_message_headers_append (req, "Cookie", cookie);
    }
  if (h->origin == NULL && g_str_equal (method, "POST"))
    soup_message_headers_append (req, "Origin", f->base);
  else if (h->origin != NULL && *h->origin != '\0')
    soup_message_headers_append (req, "Origin", h->origin);
  if (h->referer != NULL)
    soup_message_headers_append (req, "Referer", h->referer);
  if (h->language == NULL || *h->language != '\0')
    soup_message_headers_append (req, "Accept-Language", h->language ? h->language : "en");
  if (form != NULL)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (form, strlen (form));
      soup_message_set_request_body_from_bytes (msg, "application/x-www-form-urlencoded", bytes);
    }

  body = soup_session_send_and_read (f->session, msg, NULL, &error);
  g_assert_no_error (error);
  r.status = soup_message_get_status (msg);
  r.body = g_strndup (g_bytes_get_data (body, NULL), g_bytes_get_size (body));
  r.location = g_strdup (soup_message_headers_get_one (resp, "Location"));
  r.cookie = g_strdup (soup_message_headers_get_one (resp, "Set-Cookie"));
  r.cache_control = g_strdup (soup_message_headers_get_one (resp, "Cache-Control"));

  return r;
}

static Reply
sign_in_reply (Fixture    *f,
               const char *user,
               const char *password)
{
  g_autofree char *form = soup_form_encode ("username", user, "password", password, NULL);

  return request (f, "POST", "/staff/sign-in", form, NULL);
}

/* Signs in; returns the session token. */
static char *
sign_in (Fixture    *f,
         const char *user)
{
  Reply r = sign_in_reply (f, user, PASSWORD);
  char *token;

  g_assert_cmpuint (r.status, ==, 303);
  g_assert_true (g_str_has_suffix (r.location, "/staff/"));
  g_assert_nonnull (r.cookie);
  g_assert_true (g_str_has_prefix (r.cookie, "kd_session="));
  token = g_strndup (r.cookie + strlen ("kd_session="), strcspn (r.cookie + strlen ("kd_session="), ";"));
  reply_clear (&r);

  return token;
}

/* The CSRF token of a page's forms. */
static char *
csrf_of (const char *html)
{
  const char *p = strstr (html, "name=\"csrf\" value=\"");

  g_assert_nonnull (p);
  p += strlen ("name=\"csrf\" value=\"");
  return g_strndup (p, strcspn (p, "\""));
}

static char *
csrf_for (Fixture    *f,
          const char *token)
{
  Headers h = { .cookie = token };
  Reply r = request (f, "GET", "/staff/", NULL, &h);
  char *csrf;

  g_assert_cmpuint (r.status, ==, 200);
  csrf = csrf_of (r.body);
  reply_clear (&r);
  return csrf;
}

static Reply
post_action (Fixture       *f,
             const char    *token,
             const char    *path,
             const char    *csrf,
             const char    *text,
             const Headers *extra)
{
  Headers h = extra ? *extra : (Headers) { 0 };
  g_autofree char *form = NULL;

  h.cookie = token;
  form = text ? soup_form_encode ("csrf", csrf ? csrf : "", "text", text, NULL)
              : soup_form_encode ("csrf", csrf ? csrf : "", NULL);
  return request (f, "POST", path, form, &h);
}

static char *
case_path (gint64      id,
           const char *action)
{
  return action ? g_strdup_printf ("/staff/cases/%" G_GINT64_FORMAT "/%s", id, action)
                : g_strdup_printf ("/staff/cases/%" G_GINT64_FORMAT, id);
}

static void
assert_page_ok (const Reply *r)
{
  g_assert_cmpstr (r->cache_control, ==, "no-store");
  g_assert_cmpuint (strlen (r->body), <, 30 * 1024);
  g_assert_null (strstr (r->body, "<script"));
  g_assert_null (strstr (r->body, "http://"));
  g_assert_null (strstr (r->body, "https://"));
}

/* --- signing in --- */

static void
test_sign_in_refused (Fixture       *f,
                      gconstpointer  data)
{
  Reply unknown = sign_in_reply (f, "nobody", PASSWORD);
  Reply wrong = sign_in_reply (f, "secretary", "wrong-password");
  Reply r;

  /* The same answer for a name without an account as for a wrong password. */
  g_assert_cmpuint (unknown.status, ==, 403);
  g_assert_cmpuint (wrong.status, ==, 403);
  g_assert_null (unknown.cookie);
  g_assert_null (wrong.cookie);
  g_assert_nonnull (strstr (wrong.body, _("The username or the password is wrong.")));
  g_assert_nonnull (strstr (unknown.body, _("The username or the password is wrong.")));
  assert_page_ok (&wrong);
  reply_clear (&unknown);
  reply_clear (&wrong);

  for (guint i = 1; i < 4; i++)
    {
      r = sign_in_reply (f, "secretary", "wrong-password");
      g_assert_cmpuint (r.status, ==, 403);
      reply_clear (&r);
    }
  /* The fifth failure in a row locks the account, even for the right password. */
  r = sign_in_reply (f, "secretary", "wrong-password");
  g_assert_cmpuint (r.status, ==, 403);
  g_assert_nonnull (strstr (r.body, "locked"));
  reply_clear (&r);
  r = sign_in_reply (f, "secretary", PASSWORD);
  g_assert_cmpuint (r.status, ==, 403);
  g_assert_null (r.cookie);
  g_assert_nonnull (strstr (r.body, "locked"));
  g_assert_nonnull (strstr (r.body, "15"));
  reply_clear (&r);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM sessions"), ==, 0);
}

static void
test_sign_in (Fixture       *f,
              gconstpointer  data)
{
  Reply r = sign_in_reply (f, "Secretary", PASSWORD);
  g_autofree char *token = NULL;
  Headers h = { 0 };

  g_assert_cmpuint (r.status, ==, 303);
  g_assert_nonnull (r.cookie);
  g_assert_nonnull (strstr (r.cookie, "; Path=/staff;"));
  g_assert_nonnull (strstr (r.cookie, "; HttpOnly"));
  g_assert_nonnull (strstr (r.cookie, "; SameSite=Strict"));
  g_assert_nonnull (strstr (r.cookie, "; Max-Age=43200"));
  /* The token is never in a URL. */
  token = g_strndup (r.cookie + strlen ("kd_session="), strcspn (r.cookie + strlen ("kd_session="), ";"));
  g_assert_cmpuint (strlen (token), >=, 32);
  g_assert_null (strstr (r.location, token));
  reply_clear (&r);

  h.cookie = token;
  r = request (f, "GET", "/staff/", NULL, &h);
  g_assert_cmpuint (r.status, ==, 200);
  assert_page_ok (&r);
  g_assert_nonnull (strstr (r.body, "张书记"));
  g_assert_nonnull (strstr (r.body, "魁多村"));
  g_assert_null (strstr (r.body, token));
  /* The village's open case, not the other village's, not the 清风 one. */
  g_assert_nonnull (strstr (r.body, "村口的桥"));
  g_assert_null (strstr (r.body, "新寨的路"));
  g_assert_null (strstr (r.body, "挪用"));
  /* Villagers' text escaped. */
  g_assert_nonnull (strstr (r.body, "&lt;script&gt;"));
  reply_clear (&r);

  /* Signed in already: the sign-in page sends home. */
  r = request (f, "GET", "/staff/sign-in", NULL, &h);
  g_assert_cmpuint (r.status, ==, 303);
  reply_clear (&r);
}

static void
test_not_signed_in (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *own = case_path (f->own_case, NULL);
  g_autofree char *reply = case_path (f->own_case, "reply");
  const char *paths[] = { "/staff/", "/staff", own };
  Headers bogus = { .cookie = "not-a-session" };
  gint64 before = count_writes (f);
  Reply r;

  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    for (guint j = 0; j < 2; j++)
      {
        r = request (f, "GET", paths[i], NULL, j ? &bogus : NULL);
        g_assert_cmpuint (r.status, ==, 303);
        g_assert_true (g_str_has_suffix (r.location, "/staff/sign-in"));
        g_assert_cmpstr (r.cache_control, ==, "no-store");
        reply_clear (&r);
      }

  r = post_action (f, "not-a-session", reply, "x", "回复", NULL);
  g_assert_cmpuint (r.status, ==, 403);
  g_assert_nonnull (strstr (r.body, "not signed in"));
  reply_clear (&r);

  r = request (f, "GET", "/staff/sign-in", NULL, NULL);
  g_assert_cmpuint (r.status, ==, 200);
  assert_page_ok (&r);
  g_assert_nonnull (strstr (r.body, "type=\"password\""));
  reply_clear (&r);

  /* No administrative route. */
  r = request (f, "GET", "/staff/cadres", NULL, NULL);
  g_assert_cmpuint (r.status, ==, 404);
  reply_clear (&r);

  g_assert_cmpint (count_writes (f), ==, before);
}

static void
test_sign_out (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *token = sign_in (f, "secretary");
  g_autofree char *csrf = csrf_for (f, token);
  Headers h = { .cookie = token };
  Reply r = post_action (f, token, "/staff/sign-out", csrf, NULL, NULL);

  g_assert_cmpuint (r.status, ==, 303);
  g_assert_true (g_str_has_suffix (r.location, "/staff/sign-in"));
  g_assert_nonnull (strstr (r.cookie, "Max-Age=0"));
  reply_clear (&r);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM sessions"), ==, 0);

  r = request (f, "GET", "/staff/", NULL, &h);
  g_assert_cmpuint (r.status, ==, 303);
  reply_clear (&r);
}

/* --- the guard --- */

static void
test_refused_csrf (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *token = sign_in (f, "secretary");
  g_autofree char *other = sign_in (f, "staff");
  g_autofree char *other_csrf = csrf_for (f, other);
  g_autofree char *path = case_path (f->own_case, "reply");
  const char *bad[] = { NULL, "", "forged", other_csrf };
  gint64 before = count_writes (f);

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      Reply r = post_action (f, token, path, bad[i], "偷偷回复", NULL);

      g_assert_cmpuint (r.status, ==, 403);
      g_assert_nonnull (strstr (r.body, "out of date"));
      assert_page_ok (&r);
      reply_clear (&r);
    }
  g_assert_cmpint (count_writes (f), ==, before);
}

static void
test_refused_origin (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *token = sign_in (f, "secretary");
  g_autofree char *csrf = csrf_for (f, token);
  g_autofree char *path = case_path (f->own_case, "note");
  g_autofree char *good_referer = g_strconcat (f->base, "/staff/", NULL);
  g_autofree char *sneaky = g_strconcat (f->base, ".evil.example/staff/", NULL);
  const Headers bad[] = {
    { .origin = "http://evil.example" },
    { .origin = "null" },
    { .origin = "" },                                   /* neither Origin nor Referer */
    { .origin = "", .referer = "http://evil.example/staff/" },
    { .origin = "", .referer = sneaky },
  };
  const Headers good = { .origin = "", .referer = good_referer };
  gint64 before = count_writes (f);
  g_autofree char *form = soup_form_encode ("username", "secretary", "password", PASSWORD, NULL);
  Reply r;

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      r = post_action (f, token, path, csrf, "备注", &bad[i]);
      g_assert_cmpuint (r.status, ==, 403);
      g_assert_nonnull (strstr (r.body, "refused"));
      reply_clear (&r);
    }
  r = post_action (f, token, "/staff/attendance/in", csrf, NULL, &bad[0]);
  g_assert_cmpuint (r.status, ==, 403);
  reply_clear (&r);
  /* Signing in from another site: no session made. */
  r = request (f, "POST", "/staff/sign-in", form, &bad[0]);
  g_assert_cmpuint (r.status, ==, 403);
  g_assert_null (r.cookie);
  reply_clear (&r);
  g_assert_cmpint (count_writes (f), ==, before);

  /* Without Origin, a Referer of our own is enough. */
  r = post_action (f, token, path, csrf, "备注", &good);
  g_assert_cmpuint (r.status, ==, 303);
  reply_clear (&r);
  g_assert_cmpint (count_writes (f), ==, before + 1);
}

/* --- handling a case --- */

static void
test_case_actions (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *token = sign_in (f, "secretary");
  g_autofree char *csrf = csrf_for (f, token);
  g_autofree char *page = case_path (f->own_case, NULL);
  g_autofree char *accept = case_path (f->own_case, "accept");
  g_autofree char *reply = case_path (f->own_case, "reply");
  g_autofree char *note = case_path (f->own_case, "note");
  g_autofree char *resolve = case_path (f->own_case, "resolve");
  g_autoptr(KdCase) kase = kd_case_load (kd_store_get_reader (f->store), f->own_case, NULL);
  g_autofree char *code = kd_case_dup_display_code (kase);
  g_autofree char *public_path = g_strconcat ("/r/", code, NULL);
  Headers h = { .cookie = token };
  gint64 before;
  Reply r;

  r = request (f, "GET", page, NULL, &h);
  g_assert_cmpuint (r.status, ==, 200);
  assert_page_ok (&r);
  g_assert_nonnull (strstr (r.body, "王&lt;b&gt;五&lt;/b&gt;"));
  g_assert_nonnull (strstr (r.body, "13800001111"));
  g_assert_nonnull (strstr (r.body, "/accept\""));
  g_assert_null (strstr (r.body, "/resolve\""));   /* new → resolved is not a step */
  reply_clear (&r);

  /* Text that is not plain is refused, and the form keeps what was typed. */
  before = count_writes (f);
  r = post_action (f, token, reply, csrf, "   ", NULL);
  g_assert_cmpuint (r.status, ==, 400);
  reply_clear (&r);
  g_assert_cmpint (count_writes (f), ==, before);

  r = post_action (f, token, accept, csrf, NULL, NULL);
  g_assert_cmpuint (r.status, ==, 303);
  reply_clear (&r);
  r = post_action (f, token, accept, csrf, NULL, NULL);
  g_assert_cmpuint (r.status, ==, 409);
  g_assert_nonnull (strstr (r.body, "cannot become"));
  reply_clear (&r);

  r = post_action (f, token, reply, csrf, "明天<修>桥", NULL);
  g_assert_cmpuint (r.status, ==, 303);
  reply_clear (&r);
  r = post_action (f, token, note, csrf, "内部：找交通局", NULL);
  g_assert_cmpuint (r.status, ==, 303);
  reply_clear (&r);
  r = post_action (f, token, resolve, csrf, "桥修好了", NULL);
  g_assert_cmpuint (r.status, ==, 303);
  g_assert_true (g_str_has_suffix (r.location, "#resolve"));
  reply_clear (&r);
  g_assert_cmpint (query_int (f, "SELECT status FROM cases WHERE description LIKE '村口%'"), ==,
                   KD_CASE_STATUS_RESOLVED);

  r = request (f, "GET", page, NULL, &h);
  g_assert_cmpuint (r.status, ==, 200);
  g_assert_nonnull (strstr (r.body, "明天&lt;修&gt;桥"));
  g_assert_nonnull (strstr (r.body, "内部：找交通局"));
  g_assert_nonnull (strstr (r.body, "桥修好了"));
  g_assert_nonnull (strstr (r.body, "张书记"));
  g_assert_null (strstr (r.body, "/resolve\""));
  reply_clear (&r);

  /* The villager's page has the reply and the resolution, not the note. */
  r = request (f, "GET", public_path, NULL, NULL);
  g_assert_cmpuint (r.status, ==, 200);
  g_assert_nonnull (strstr (r.body, "明天&lt;修&gt;桥"));
  g_assert_nonnull (strstr (r.body, "桥修好了"));
  g_assert_null (strstr (r.body, "交通局"));
  reply_clear (&r);
}

static void
assert_not_found (Fixture    *f,
                  const char *token,
                  gint64      case_id)
{
  g_autofree char *page = case_path (case_id, NULL);
  g_autofree char *reply = case_path (case_id, "reply");
  g_autofree char *csrf = csrf_for (f, token);
  Headers h = { .cookie = token };
  gint64 before = count_writes (f);
  Reply r = request (f, "GET", page, NULL, &h);

  g_assert_cmpuint (r.status, ==, 404);
  g_assert_null (strstr (r.body, "13800001111"));
  reply_clear (&r);
  r = post_action (f, token, reply, csrf, "越权回复", NULL);
  g_assert_cmpuint (r.status, ==, 404);
  reply_clear (&r);
  g_assert_cmpint (count_writes (f), ==, before);
}

static void
test_case_access (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *secretary = sign_in (f, "secretary");
  g_autofree char *staff = sign_in (f, "staff");
  g_autofree char *discipline = sign_in (f, "discipline");
  g_autofree char *integrity = case_path (f->integrity_case, NULL);
  g_autofree char *other = case_path (f->other_case, NULL);
  Headers h = { .cookie = discipline };
  Reply r;

  assert_not_found (f, secretary, f->other_case);
  assert_not_found (f, secretary, f->integrity_case);
  assert_not_found (f, secretary, 999999);
  assert_not_found (f, staff, f->integrity_case);
  assert_not_found (f, discipline, f->own_case);

  /* Discipline inspection sees the 清风 case and its reporter. */
  r = request (f, "GET", integrity, NULL, &h);
  g_assert_cmpuint (r.status, ==, 200);
  g_assert_nonnull (strstr (r.body, "有人挪用补贴"));
  g_assert_nonnull (strstr (r.body, "13800001111"));
  reply_clear (&r);

  /* Town staff see every village. */
  h.cookie = staff;
  r = request (f, "GET", other, NULL, &h);
  g_assert_cmpuint (r.status, ==, 200);
  reply_clear (&r);
  r = request (f, "GET", "/staff/", NULL, &h);
  g_assert_nonnull (strstr (r.body, "新寨的路"));
  g_assert_nonnull (strstr (r.body, "村口的桥"));
  g_assert_null (strstr (r.body, "挪用"));
  reply_clear (&r);
}

/* --- attendance --- */

static void
test_attendance (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *token = sign_in (f, "secretary");
  g_autofree char *csrf = csrf_for (f, token);
  Headers h = { .cookie = token };
  gint64 before;
  Reply r;

  r = post_action (f, token, "/staff/attendance/in", csrf, NULL, NULL);
  g_assert_cmpuint (r.status, ==, 303);
  reply_clear (&r);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM attendance WHERE kind = 'in' AND address = '127.0.0.1'"
                                 " AND at > 1718000000"), ==, 1);

  r = request (f, "GET", "/staff/", NULL, &h);
  g_assert_nonnull (strstr (r.body, "/staff/attendance/out"));
  g_assert_nonnull (strstr (r.body, "127.0.0.1"));
  reply_clear (&r);

  r = post_action (f, token, "/staff/attendance/in", csrf, NULL, NULL);
  g_assert_cmpuint (r.status, ==, 409);
  g_assert_nonnull (strstr (r.body, "already"));
  reply_clear (&r);

  r = post_action (f, token, "/staff/attendance/out", csrf, NULL, NULL);
  g_assert_cmpuint (r.status, ==, 303);
  reply_clear (&r);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM attendance WHERE kind = 'out' AND address = '127.0.0.1'"), ==, 1);

  before = count_writes (f);
  r = post_action (f, token, "/staff/attendance/out", csrf, NULL, NULL);
  g_assert_cmpuint (r.status, ==, 409);
  g_assert_nonnull (strstr (r.body, "cannot clock out"));
  assert_page_ok (&r);
  reply_clear (&r);
  g_assert_cmpint (count_writes (f), ==, before);

  /* GET on a write is refused too. */
  r = request (f, "GET", "/staff/attendance/in", NULL, &h);
  g_assert_cmpuint (r.status, ==, 405);
  reply_clear (&r);
}

/* --- language --- */

static void
test_language (Fixture       *f,
               gconstpointer  data)
{
  Headers en = { .language = "en-US,en;q=0.9" };
  Headers zh = { .language = "zh-CN,zh;q=0.9" };
  Headers none = { .language = "" };
  Reply r = request (f, "GET", "/staff/sign-in", NULL, &en);

  g_assert_cmpuint (r.status, ==, 200);
  g_assert_nonnull (strstr (r.body, ">Sign in</h1>"));
  g_assert_nonnull (strstr (r.body, "the data runs"));
  reply_clear (&r);

  /* Chinese by default (a string already translated). */
  r = request (f, "GET", "/staff/sign-in", NULL, &zh);
  g_assert_nonnull (strstr (r.body, "让数据多跑路"));
  reply_clear (&r);
  r = request (f, "GET", "/staff/sign-in", NULL, &none);
  g_assert_nonnull (strstr (r.body, "让数据多跑路"));
  reply_clear (&r);
}

int
main (int   argc,
      char *argv[])
{
  const char *localedir = g_getenv ("KUIDUO_LOCALEDIR");

  setlocale (LC_ALL, "C.UTF-8");
  bindtextdomain (GETTEXT_PACKAGE, localedir ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  g_test_init (&argc, &argv, NULL);

#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_setup, fn, fixture_teardown)
  ADD ("/kd/cadre-pages/sign-in/refused", test_sign_in_refused);
  ADD ("/kd/cadre-pages/sign-in/ok", test_sign_in);
  ADD ("/kd/cadre-pages/sign-in/required", test_not_signed_in);
  ADD ("/kd/cadre-pages/sign-out", test_sign_out);
  ADD ("/kd/cadre-pages/refused/csrf", test_refused_csrf);
  ADD ("/kd/cadre-pages/refused/origin", test_refused_origin);
  ADD ("/kd/cadre-pages/case/actions", test_case_actions);
  ADD ("/kd/cadre-pages/case/access", test_case_access);
  ADD ("/kd/cadre-pages/attendance", test_attendance);
  ADD ("/kd/cadre-pages/language", test_language);
#undef ADD

  return g_test_run ();
}
