#define G_LOG_DOMAIN "kd-pages"

#include "config.h"

#include "kd-pages-private.h"
#include "kd-case.h"

#define STATIC_PREFIX "/static/"
#define RESOURCE_BASE "/org/kuiduo/Kuiduo/web/"

/* Villagers' text goes through here, always. */
void
kd_page_escape (GString    *s,
                const char *text)
{
  g_autofree char *escaped = g_markup_escape_text (text ? text : "", -1);

  g_string_append (s, escaped);
}

GString *
kd_page_begin (KdServerState *state,
               const char    *title)
{
  GString *s = g_string_new ("<!DOCTYPE html>\n<html lang=\"");
  g_autofree char *town = kd_store_dup_town_name (state->db);

  g_string_append (s, _("zh-CN"));
  g_string_append (s, "\"><head><meta charset=\"utf-8\">"
                      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                      "<link rel=\"stylesheet\" href=\"/static/kuiduo.css\"><title>");
  kd_page_escape (s, title);
  g_string_append (s, " · ");
  kd_page_escape (s, town);
  g_string_append (s, "</title></head><body><header><a href=\"/\">");
  kd_page_escape (s, town);
  g_string_append (s, "</a></header><main>");

  return s;
}

void
kd_page_end (GString *s)
{
  g_string_append_printf (s, "</main><footer>%s</footer></body></html>\n",
                          _("Kuiduo — the data runs, not the villagers"));
}

/* Scripts only from the bundle (the CSP allows no other): progressive
 * enhancement, every page works without them. */
void
kd_page_script (GString    *s,
                const char *name)
{
  g_string_append_printf (s, "<script src=\"" STATIC_PREFIX "%s\" defer></script>", name);
}

void
kd_page_lookup_form (GString *s)
{
  g_string_append_printf (s, "<form method=\"get\" action=\"/r\">"
                             "<label>%s<input name=\"code\" maxlength=\"20\" autocomplete=\"off\""
                             " placeholder=\"ABCDE-12345\"></label>"
                             "<button type=\"submit\" class=\"secondary\">%s</button></form>",
                          _("Tracking code"), _("Look up"));
}

void
kd_page_message (KdServerState     *state,
                 SoupServerMessage *msg,
                 guint              status,
                 const char        *title,
                 const char        *text)
{
  GString *s = kd_page_begin (state, title);

  g_string_append (s, "<h1>");
  kd_page_escape (s, title);
  g_string_append (s, "</h1><p>");
  kd_page_escape (s, text);
  g_string_append_printf (s, "</p><h2>%s</h2>", _("Follow my case"));
  kd_page_lookup_form (s);
  kd_page_end (s);
  kd_http_send_html (msg, status, s);
}

/* <option value="…" selected>label</option>, both escaped. */
void
kd_page_option (GString    *s,
                const char *value,
                const char *label,
                gboolean    selected)
{
  g_string_append (s, "<option value=\"");
  kd_page_escape (s, value);
  g_string_append_printf (s, "\"%s>", selected ? " selected" : "");
  kd_page_escape (s, label);
  g_string_append (s, "</option>");
}

void
kd_page_not_found (KdServerState     *state,
                   SoupServerMessage *msg,
                   const char        *text)
{
  kd_page_message (state, msg, SOUP_STATUS_NOT_FOUND, _("Not found"), text);
}

static const char *
static_type (const char *name)
{
  if (g_str_has_suffix (name, ".css"))
    return "text/css; charset=utf-8";
  if (g_str_has_suffix (name, ".js"))
    return "text/javascript; charset=utf-8";
  return NULL;
}

static void
static_file (SoupServerMessage *msg,
             const char        *path)
{
  const char *name = path + strlen (STATIC_PREFIX);
  g_autofree char *resource = NULL;
  g_autoptr(GBytes) bytes = NULL;
  const char *type = static_type (name);

  /* Only names of the bundle itself: no slashes, no dots-only, nothing from disk. */
  if (type == NULL || strchr (name, '/') != NULL || strstr (name, "..") != NULL)
    {
      soup_server_message_set_status (msg, SOUP_STATUS_NOT_FOUND, NULL);
      return;
    }

  resource = g_strconcat (RESOURCE_BASE, name, NULL);
  bytes = g_resources_lookup_data (resource, G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
  if (bytes == NULL)
    {
      soup_server_message_set_status (msg, SOUP_STATUS_NOT_FOUND, NULL);
      return;
    }

  kd_http_add_security_headers (msg);
  soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                "Cache-Control", "public, max-age=3600");
  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (msg, type, SOUP_MEMORY_COPY,
                                    g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
}

static void
lookup_redirect (KdServerState     *state,
                 SoupServerMessage *msg,
                 GHashTable        *query)
{
  const char *code = query ? g_hash_table_lookup (query, "code") : NULL;
  g_autofree char *normal = kd_tracking_code_normalize (code);
  g_autofree char *display = NULL;
  g_autofree char *location = NULL;

  if (normal == NULL)
    {
      kd_page_not_found (state, msg, _("A tracking code has ten letters and digits, like ABCDE-12345."));
      return;
    }

  display = kd_tracking_code_format (normal);
  location = g_strconcat ("/r/", display, NULL);
  kd_http_redirect (msg, location);
}

static void
post_report (KdServerState     *state,
             SoupServerMessage *msg)
{
  if (kd_http_allow_write (state, msg))
    kd_pages_post_report (state, msg);
  else
    kd_page_message (state, msg, KD_HTTP_TOO_MANY_REQUESTS, _("Please wait a moment"),
                     _("Too many reports from this phone. Please wait a moment and try again."));
}

static void
pages_cb (SoupServer        *server,
          SoupServerMessage *msg,
          const char        *path,
          GHashTable        *query,
          gpointer           data)
{
  KdServerState *state = data;

  if (g_str_has_prefix (path, "/r/"))
    kd_pages_case (state, msg, path + 3);   /* GET and POST (rating) */
  else if (g_str_equal (path, "/report") &&
           g_str_equal (soup_server_message_get_method (msg), "POST"))
    post_report (state, msg);
  else if (!kd_http_require_method (msg, "GET", FALSE))
    return;
  else if (g_str_equal (path, "/"))
    kd_pages_home (state, msg);
  else if (g_str_equal (path, "/report") || g_str_equal (path, "/report/new"))
    kd_pages_report_form (state, msg);
  else if (g_str_equal (path, "/guide"))
    kd_pages_guide (state, msg);
  else if (g_str_equal (path, "/disclosures"))
    kd_pages_disclosures (state, msg, query);
  else if (g_str_has_prefix (path, "/disclosures/"))
    kd_pages_disclosure (state, msg, path + strlen ("/disclosures/"), query);
  else if (g_str_equal (path, "/r"))
    lookup_redirect (state, msg, query);
  else if (g_str_has_prefix (path, STATIC_PREFIX))
    static_file (msg, path);
  else
    kd_page_not_found (state, msg, _("There is nothing at this address."));
}

void
kd_pages_register (SoupServer    *server,
                   KdServerState *state)
{
  soup_server_add_handler (server, "/", pages_cb, state, NULL);
}
