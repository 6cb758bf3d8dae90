/* kd-cadre-pages.c: cadres on a phone: signing in and out, the guard every
 * cadre page passes, the page frame and the routes under /staff/.
 *
 * Who may sign in: any active cadre. What they then see and do follows
 * kd-access.h, exactly as on the desktop: a village secretary the cases of
 * their own village (or assigned to it), town staff and the town
 * administrator those of every village, discipline inspection only the 清风
 * cases; nobody sees a 清风 case but discipline inspection. Nothing about
 * accounts, settings, API keys or the audit log is reachable here: those stay
 * on the desktop.
 *
 * The guard: the session is a cookie (HttpOnly, SameSite=Strict, Path=/staff,
 * never in a URL). Every POST must come from this server's own origin (the
 * Origin header, or the Referer when a browser sends no Origin; neither →
 * refused) and, once signed in, carry the session's CSRF token in a hidden
 * field. Signing in is rate limited per address (kd-http) on top of the
 * core's lockout. The plain-HTTP LAN allows no Secure flag. The cadre pages
 * send Referrer-Policy: same-origin rather than no-referrer: with
 * no-referrer, browsers send "Origin: null" on a form POST, which the Origin
 * check would refuse. */
#define G_LOG_DOMAIN "kd-cadre-pages"

#include "config.h"

#include <glib/gi18n.h>

#include "kd-cadre-pages-private.h"

#define SIGN_IN_PATH "/staff/sign-in"

/* --- the request --- */

void
kd_cadre_request_free (KdCadreRequest *req)
{
  if (req->held)
    kd_http_release (req->state, req->msg);
  g_clear_object (&req->session);
  g_free (req->token);
  g_clear_pointer (&req->form, g_hash_table_unref);
  g_free (req);
}

KdCadre *
kd_cadre_request_get_cadre (KdCadreRequest *req)
{
  return req->session ? kd_session_get_cadre (req->session) : NULL;
}

const char *
kd_cadre_request_get_field (KdCadreRequest *req,
                            const char     *name)
{
  return req->form ? g_hash_table_lookup (req->form, name) : NULL;
}

const char *
kd_cadre_request_get_address (KdCadreRequest *req)
{
  const char *address = soup_server_message_get_remote_host (req->msg);

  return address ? address : "";
}

void
kd_cadre_hold (KdCadreRequest *req)
{
  kd_http_hold (req->state, req->msg);
  req->held = TRUE;
}

/* Back from the writer: FALSE when the phone left meanwhile (nothing to
 * answer). Also puts back the phone's language: other requests may have
 * changed the thread's meanwhile. The message is let go when @req is freed,
 * after the answer is set. */
gboolean
kd_cadre_resume (KdCadreRequest *req)
{
  kd_http_use_language (req->msg);

  return g_object_get_data (G_OBJECT (req->msg), "kd-finished") == NULL;
}

/* --- the page frame --- */

void
kd_cadre_append_escaped (GString    *s,
                         const char *text)
{
  g_autofree char *escaped = g_markup_escape_text (text ? text : "", -1);

  g_string_append (s, escaped);
}

void
kd_cadre_append_csrf (GString        *s,
                      KdCadreRequest *req)
{
  g_string_append (s, "<input type=\"hidden\" name=\"csrf\" value=\"");
  kd_cadre_append_escaped (s, req->session ? kd_session_get_csrf (req->session) : "");
  g_string_append (s, "\">");
}

void
kd_cadre_append_error (GString    *s,
                       const char *text)
{
  if (text == NULL)
    return;
  g_string_append (s, "<p class=\"error\" role=\"alert\">");
  kd_cadre_append_escaped (s, text);
  g_string_append (s, "</p>");
}

GString *
kd_cadre_page_begin (KdCadreRequest *req,
                     const char     *title)
{
  GString *s = g_string_new ("<!DOCTYPE html>\n<html lang=\"");
  g_autofree char *town = kd_store_dup_town_name (req->state->db);
  KdCadre *cadre = kd_cadre_request_get_cadre (req);

  g_string_append (s, _("zh-CN"));
  g_string_append (s, "\"><head><meta charset=\"utf-8\">"
                      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                      "<link rel=\"stylesheet\" href=\"/static/kuiduo.css\"><title>");
  kd_cadre_append_escaped (s, title);
  g_string_append (s, " · ");
  kd_cadre_append_escaped (s, town);
  g_string_append (s, "</title></head><body class=\"cadre\"><header><a href=\"/staff/\">");
  kd_cadre_append_escaped (s, town);
  g_string_append (s, "</a>");
  if (cadre != NULL)
    {
      g_string_append (s, "<span class=\"who\">");
      kd_cadre_append_escaped (s, kd_cadre_get_display_name (cadre));
      g_string_append (s, "</span>");
    }
  g_string_append (s, "</header><main>");

  return s;
}

void
kd_cadre_page_end (GString *s)
{
  g_string_append_printf (s, "</main><footer>%s</footer></body></html>\n",
                          _("Kuiduo — the data runs, not the villagers"));
}

/* Cadre pages are never cached, and keep their origin on same-site posts. */
static void
cadre_headers (KdCadreRequest *req)
{
  SoupMessageHeaders *h = soup_server_message_get_response_headers (req->msg);

  soup_message_headers_replace (h, "Cache-Control", "no-store");
  soup_message_headers_replace (h, "Referrer-Policy", "same-origin");
}

void
kd_cadre_send_page (KdCadreRequest *req,
                    guint           status,
                    GString        *s)
{
  kd_http_send_html (req->msg, status, s);
  cadre_headers (req);
}

void
kd_cadre_send_message (KdCadreRequest *req,
                       guint           status,
                       const char     *title,
                       const char     *text)
{
  GString *s = kd_cadre_page_begin (req, title);

  g_string_append (s, "<h1>");
  kd_cadre_append_escaped (s, title);
  g_string_append (s, "</h1>");
  kd_cadre_append_error (s, text);
  g_string_append_printf (s, "<p><a class=\"button secondary\" href=\"%s\">%s</a></p>",
                          req->session ? "/staff/" : SIGN_IN_PATH,
                          req->session ? _("Back to my cases") : _("Sign in"));
  kd_cadre_page_end (s);
  kd_cadre_send_page (req, status, s);
}

void
kd_cadre_redirect (KdCadreRequest *req,
                   const char     *location)
{
  kd_http_redirect (req->msg, location);
  cadre_headers (req);
}

char *
kd_cadre_format_time (gint64      at,
                      const char *format)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_local (at);

  return dt ? g_date_time_format (dt, format) : g_strdup ("");
}

/* --- signing in and out --- */

static void
sign_in_page (KdCadreRequest *req,
              guint           status,
              const char     *username,
              const char     *error_text)
{
  GString *s = kd_cadre_page_begin (req, _("Sign in"));

  g_string_append_printf (s, "<h1>%s</h1><p class=\"hint\">%s</p>", _("Sign in"),
                          _("For village and town cadres, with the account made at the town office."));
  kd_cadre_append_error (s, error_text);
  g_string_append (s, "<form method=\"post\" action=\"" SIGN_IN_PATH "\" accept-charset=\"utf-8\">");
  g_string_append_printf (s, "<label>%s<input name=\"username\" autocomplete=\"username\" autocapitalize=\"none\""
                             " maxlength=\"%d\" required value=\"",
                          _("Username"), KD_CADRE_USERNAME_MAX);
  kd_cadre_append_escaped (s, username);
  g_string_append_printf (s, "\"></label><label>%s<input name=\"password\" type=\"password\""
                             " autocomplete=\"current-password\" maxlength=\"%d\" required></label>"
                             "<button type=\"submit\">%s</button></form>",
                          _("Password"), KD_CADRE_PASSWORD_MAX, _("Sign in"));
  kd_cadre_page_end (s);
  kd_cadre_send_page (req, status, s);
}

/* The core's refusals are worded on a worker thread, in its language: say
 * them again here, in the phone's. */
static char *
sign_in_refusal (KdCadreRequest *req,
                 const GError   *error)
{
  g_autofree char *user = kd_cadre_normalize_username (kd_cadre_request_get_field (req, "username"), NULL);
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  gint64 until = 0;
  int minutes;

  if (!g_error_matches (error, KD_CADRE_ERROR, KD_CADRE_ERROR_LOCKED))
    {
      if (g_error_matches (error, KD_CADRE_ERROR, KD_CADRE_ERROR_INACTIVE))
        return g_strdup (_("This account has been deactivated. Ask the town administrator."));
      if (g_error_matches (error, KD_CADRE_ERROR, KD_CADRE_ERROR_SIGN_IN))
        return g_strdup (_("The username or the password is wrong."));
      return g_strdup (_("Signing in failed. Please try again."));
    }

  if (user != NULL)
    {
      sqlite3_stmt *stmt = kd_db_prepare (req->state->db, "SELECT locked_until FROM cadres WHERE username = ?1", NULL);

      if (stmt != NULL)
        {
          kd_db_bind_text (stmt, 1, user);
          if (sqlite3_step (stmt) == SQLITE_ROW)
            until = sqlite3_column_int64 (stmt, 0);
          sqlite3_reset (stmt);
        }
    }
  minutes = (int) MAX (1, (MAX (until, now + KD_CADRE_LOCKOUT_SECONDS * (until == 0)) - now + 59) / 60);

  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "Too many wrong passwords: this account is locked. Try again in %d minute.",
                                       "Too many wrong passwords: this account is locked. Try again in %d minutes.",
                                       minutes),
                          minutes);
}

static void
session_created_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      data)
{
  g_autoptr(KdCadreRequest) req = data;
  g_autoptr(GError) error = NULL;
  g_autofree char *token = NULL;
  g_autoptr(KdSession) session = kd_store_create_session_finish (KD_STORE (source), result, &token, &error);
  g_autofree char *cookie = NULL;

  if (!kd_cadre_resume (req))
    return;

  if (session == NULL)
    {
      g_warning ("No session could be made: %s", error->message);
      sign_in_page (req, SOUP_STATUS_INTERNAL_SERVER_ERROR, kd_cadre_request_get_field (req, "username"),
                    _("Signing in failed. Please try again."));
      return;
    }

  cookie = g_strdup_printf (KD_CADRE_COOKIE "=%s; Path=/staff; HttpOnly; SameSite=Strict; Max-Age=%d",
                            token, KD_SESSION_LIFETIME);
  soup_message_headers_append (soup_server_message_get_response_headers (req->msg), "Set-Cookie", cookie);
  kd_cadre_redirect (req, "/staff/");
}

static void
signed_in_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      data)
{
  g_autoptr(KdCadreRequest) req = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(KdCadre) cadre = kd_store_sign_in_finish (KD_STORE (source), result, &error);
  g_autofree char *why = NULL;

  if (cadre != NULL)
    {
      const char *address = kd_cadre_request_get_address (req);

      /* Still held: one more trip through the writer for the session. */
      kd_store_create_session_async (KD_STORE (source), kd_cadre_get_id (cadre), address, NULL,
                                     session_created_cb, g_steal_pointer (&req));
      return;
    }

  if (!kd_cadre_resume (req))
    return;
  if (error->domain != KD_CADRE_ERROR)
    g_warning ("Signing in failed: %s", error->message);
  why = sign_in_refusal (req, error);
  sign_in_page (req, error->domain == KD_CADRE_ERROR ? SOUP_STATUS_FORBIDDEN : SOUP_STATUS_INTERNAL_SERVER_ERROR,
                kd_cadre_request_get_field (req, "username"), why);
}

static void
post_sign_in (KdCadreRequest *req)
{
  const char *username = kd_cadre_request_get_field (req, "username");
  const char *password = kd_cadre_request_get_field (req, "password");

  if (username == NULL || *username == '\0' || password == NULL || *password == '\0')
    {
      sign_in_page (req, SOUP_STATUS_BAD_REQUEST, username, _("Enter your username and your password."));
      return;
    }

  kd_cadre_hold (req);
  kd_store_sign_in_async (req->state->store, username, password, kd_cadre_request_get_address (req),
                          NULL, signed_in_cb, req);
}

static void
signed_out_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      data)
{
  g_autoptr(KdCadreRequest) req = data;
  g_autoptr(GError) error = NULL;

  if (!kd_store_delete_session_finish (KD_STORE (source), result, &error))
    g_warning ("A session was not ended: %s", error->message);
  if (!kd_cadre_resume (req))
    return;

  if (error != NULL)
    {
      kd_cadre_send_message (req, SOUP_STATUS_INTERNAL_SERVER_ERROR, _("Not signed out"),
                             _("Signing out failed. Please try again."));
      return;
    }

  soup_message_headers_append (soup_server_message_get_response_headers (req->msg), "Set-Cookie",
                               KD_CADRE_COOKIE "=; Path=/staff; HttpOnly; SameSite=Strict; Max-Age=0");
  kd_cadre_redirect (req, SIGN_IN_PATH);
}

static void
post_sign_out (KdCadreRequest *req)
{
  kd_cadre_hold (req);
  kd_store_delete_session_async (req->state->store, req->token, kd_cadre_request_get_address (req),
                                 NULL, signed_out_cb, req);
}

/* --- the guard --- */

static void
find_session (KdCadreRequest *req)
{
  const char *header = soup_message_headers_get_one (soup_server_message_get_request_headers (req->msg), "Cookie");
  g_autoptr(GHashTable) cookies = header ? soup_header_parse_semi_param_list (header) : NULL;
  g_autoptr(GError) error = NULL;

  req->token = g_strdup (cookies ? g_hash_table_lookup (cookies, KD_CADRE_COOKIE) : NULL);
  if (req->token == NULL || *req->token == '\0')
    return;
  req->session = kd_session_lookup (req->state->db, req->token, g_get_real_time () / G_USEC_PER_SEC, &error);
  if (error != NULL)
    g_warning ("A session could not be read: %s", error->message);
}

/* NULL when the POST comes from this server's own pages, else why not. */
static const char *
origin_refusal (KdCadreRequest *req)
{
  SoupMessageHeaders *h = soup_server_message_get_request_headers (req->msg);
  const char *origin = soup_message_headers_get_one (h, "Origin");
  const char *referer = soup_message_headers_get_one (h, "Referer");
  g_autofree char *own = kd_http_dup_base_url (req->msg);
  gsize len = strlen (own);

  if (origin != NULL)
    return g_ascii_strcasecmp (origin, own) == 0 ? NULL
           : _("This form was sent from another site, so it was refused. Open the page on this phone again and send it from there.");
  if (referer != NULL)
    return g_ascii_strncasecmp (referer, own, len) == 0 && (referer[len] == '/' || referer[len] == '\0') ? NULL
           : _("This form was sent from another site, so it was refused. Open the page on this phone again and send it from there.");

  return _("The browser did not say which page this form came from, so it was refused. Open the page again and send it from there.");
}

/* The body of a POST as form fields; FALSE with the answer sent. */
static gboolean
read_form (KdCadreRequest *req)
{
  g_autoptr(GBytes) body = NULL;
  g_autofree char *text = NULL;
  GHashTableIter iter;
  gpointer value;
  const char *data;
  gsize len;

  if (!kd_http_has_media_type (req->msg, "application/x-www-form-urlencoded"))
    {
      kd_cadre_send_message (req, SOUP_STATUS_UNSUPPORTED_MEDIA_TYPE, _("Refused"),
                             _("Send the form as application/x-www-form-urlencoded."));
      return FALSE;
    }

  body = kd_http_dup_body (req->msg);
  data = g_bytes_get_data (body, &len);
  text = g_strndup (data ? data : "", len);
  req->form = soup_form_decode (text);

  g_hash_table_iter_init (&iter, req->form);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    if (!g_utf8_validate (value, -1, NULL))
      {
        kd_cadre_send_message (req, SOUP_STATUS_BAD_REQUEST, _("Refused"), _("The form is not valid UTF-8."));
        return FALSE;
      }

  return TRUE;
}

static void
send_rate_limited (KdCadreRequest *req)
{
  kd_cadre_send_message (req, KD_HTTP_TOO_MANY_REQUESTS, _("Please wait a moment"),
                         _("Too many requests from this phone. Please wait a moment and try again."));
}

/* Every POST but signing in: own origin, signed in, the session's CSRF
 * token, within the address's rate. FALSE with the refusal sent; nothing is
 * written then. */
static gboolean
guard_post (KdCadreRequest *req)
{
  const char *why = origin_refusal (req);

  if (why != NULL)
    {
      kd_cadre_send_message (req, SOUP_STATUS_FORBIDDEN, _("Refused"), why);
      return FALSE;
    }
  if (req->session == NULL)
    {
      kd_cadre_send_message (req, SOUP_STATUS_FORBIDDEN, _("Not signed in"),
                             _("You are not signed in, or your session has ended. Sign in again."));
      return FALSE;
    }
  if (!read_form (req))
    return FALSE;
  if (!kd_session_check_csrf (req->session, kd_cadre_request_get_field (req, "csrf")))
    {
      kd_cadre_send_message (req, SOUP_STATUS_FORBIDDEN, _("Refused"),
                             _("This form is out of date or did not come from your session. Open the page again and send it once more."));
      return FALSE;
    }
  if (!kd_http_allow_write (req->state, req->msg))
    {
      send_rate_limited (req);
      return FALSE;
    }

  return TRUE;
}

static void
sign_in_route (KdCadreRequest *req)
{
  const char *why;

  if (g_str_equal (soup_server_message_get_method (req->msg), "POST"))
    {
      if ((why = origin_refusal (req)) != NULL)
        sign_in_page (req, SOUP_STATUS_FORBIDDEN, NULL, why);
      else if (!kd_http_allow_write (req->state, req->msg))
        send_rate_limited (req);
      else if (read_form (req))
        {
          post_sign_in (req);
          return;   /* the request is the callback's now */
        }
    }
  else if (req->session != NULL)
    kd_cadre_redirect (req, "/staff/");
  else
    sign_in_page (req, SOUP_STATUS_OK, NULL, NULL);

  kd_cadre_request_free (req);
}

/* --- routes --- */

typedef enum {
  ROUTE_NONE,
  ROUTE_HOME,
  ROUTE_SIGN_IN,
  ROUTE_SIGN_OUT,
  ROUTE_CLOCK_IN,
  ROUTE_CLOCK_OUT,
  ROUTE_CASE,
  ROUTE_CASE_ACTION,
} Route;

typedef struct
{
  Route          route;
  gint64         case_id;
  KdCadreAction  action;
} Target;

static Route
case_route (const char *rest,
            Target     *t)
{
  g_auto(GStrv) parts = g_strsplit (rest, "/", 3);
  guint64 id;

  if (parts[0] == NULL ||
      !g_ascii_string_to_unsigned (parts[0], 10, 1, G_MAXINT64, &id, NULL) || parts[0][0] == '0')
    return ROUTE_NONE;
  t->case_id = (gint64) id;
  if (parts[1] == NULL)
    return ROUTE_CASE;
  if (parts[2] == NULL && kd_cadre_action_from_string (parts[1], &t->action))
    return ROUTE_CASE_ACTION;

  return ROUTE_NONE;
}

static Route
find_route (const char *path,
            Target     *t)
{
  const char *rest = path + strlen ("/staff");

  if (*rest == '\0' || g_str_equal (rest, "/"))
    return ROUTE_HOME;
  if (g_str_equal (rest, "/sign-in"))
    return ROUTE_SIGN_IN;
  if (g_str_equal (rest, "/sign-out"))
    return ROUTE_SIGN_OUT;
  if (g_str_equal (rest, "/attendance/in"))
    return ROUTE_CLOCK_IN;
  if (g_str_equal (rest, "/attendance/out"))
    return ROUTE_CLOCK_OUT;
  if (g_str_has_prefix (rest, "/cases/"))
    return case_route (rest + strlen ("/cases/"), t);

  return ROUTE_NONE;
}

static const char *
route_method (Route route)
{
  switch (route)
    {
    case ROUTE_HOME:
    case ROUTE_CASE:
      return "GET";
    case ROUTE_SIGN_IN:
      return NULL;   /* both */
    case ROUTE_NONE:
    case ROUTE_SIGN_OUT:
    case ROUTE_CLOCK_IN:
    case ROUTE_CLOCK_OUT:
    case ROUTE_CASE_ACTION:
    default:
      return "POST";
    }
}

static void
dispatch (KdCadreRequest *req,
          const Target   *t,
          GHashTable     *query)
{
  switch (t->route)
    {
    case ROUTE_HOME:        kd_cadre_home_page (req, query); break;
    case ROUTE_CASE:        kd_cadre_case_page (req, t->case_id); break;
    case ROUTE_SIGN_OUT:    post_sign_out (req); return;
    case ROUTE_CLOCK_IN:    kd_cadre_clock (req, FALSE); return;
    case ROUTE_CLOCK_OUT:   kd_cadre_clock (req, TRUE); return;
    case ROUTE_CASE_ACTION: kd_cadre_case_action (req, t->case_id, t->action); return;
    case ROUTE_SIGN_IN:
    case ROUTE_NONE:
    default:
      g_assert_not_reached ();
    }

  kd_cadre_request_free (req);
}

/* 405 with Allow for a method the route does not take; @allowed NULL: GET
 * and POST (signing in). */
static gboolean
check_method (SoupServerMessage *msg,
              const char        *allowed)
{
  const char *method = soup_server_message_get_method (msg);

  if (allowed != NULL)
    return kd_http_require_method (msg, allowed, FALSE);
  if (g_str_equal (method, "POST") || g_str_equal (method, "GET") || g_str_equal (method, "HEAD"))
    return TRUE;

  kd_http_add_security_headers (msg);
  soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Allow", "GET, HEAD, POST");
  soup_server_message_set_status (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, NULL);
  return FALSE;
}

/* The POST handlers above that return early own @req from then on (they
 * hold the message for the writer, or answer and free it). */
static void
cadre_cb (SoupServer        *server,
          SoupServerMessage *msg,
          const char        *path,
          GHashTable        *query,
          gpointer           data)
{
  g_autoptr(KdCadreRequest) req = g_new0 (KdCadreRequest, 1);
  Target t = { 0 };
  const char *method;

  kd_http_use_language (msg);
  req->state = data;
  req->msg = msg;
  t.route = find_route (path, &t);
  method = route_method (t.route);

  if (t.route == ROUTE_NONE)
    {
      find_session (req);
      kd_cadre_send_message (req, SOUP_STATUS_NOT_FOUND, _("Not found"), _("There is nothing at this address."));
      return;
    }
  if (!check_method (msg, method))
    return;

  find_session (req);
  if (t.route == ROUTE_SIGN_IN)
    sign_in_route (g_steal_pointer (&req));
  else if (g_str_equal (soup_server_message_get_method (msg), "POST"))
    {
      if (guard_post (req))
        dispatch (g_steal_pointer (&req), &t, query);
    }
  else if (req->session == NULL)
    kd_cadre_redirect (req, SIGN_IN_PATH);
  else
    dispatch (g_steal_pointer (&req), &t, query);
}

void
kd_cadre_pages_register (SoupServer    *server,
                         KdServerState *state)
{
  soup_server_add_handler (server, "/staff", cadre_cb, state, NULL);
}
