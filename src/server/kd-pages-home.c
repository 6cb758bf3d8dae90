/* kd-pages-home.c: the home page and the service guide. */
#define G_LOG_DOMAIN "kd-pages"

#include "config.h"

#include "kd-pages-private.h"
#include "kd-case.h"
#include "kd-notice.h"

#define HOME_NOTICES      3
#define NOTICE_BODY_CHARS 200

static void
append_notices (KdServerState *state,
                GString       *s)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) notices = kd_notice_list_newest (state->db, HOME_NOTICES, &error);

  if (notices == NULL)
    g_warning ("Could not list the notices: %s", error->message);
  if (notices == NULL || notices->len == 0)
    return;

  g_string_append_printf (s, "<section class=\"notices\"><h2>%s</h2><ul>", _("Notices"));
  for (guint i = 0; i < notices->len; i++)
    {
      KdNotice *n = g_ptr_array_index (notices, i);
      g_autofree char *when = kd_format_local_time (n->published_at);
      gboolean cut = g_utf8_strlen (n->body, -1) > NOTICE_BODY_CHARS;
      /* g_utf8_substring() must not be asked past the end of the text. */
      g_autofree char *body = cut ? g_utf8_substring (n->body, 0, NOTICE_BODY_CHARS) : g_strdup (n->body);

      g_string_append (s, "<li><strong>");
      kd_page_escape (s, n->title);
      g_string_append (s, "</strong> <time>");
      kd_page_escape (s, when);
      g_string_append (s, "</time><p>");
      kd_page_escape (s, body);
      if (cut)
        g_string_append (s, "…");
      g_string_append (s, "</p></li>");
    }
  g_string_append (s, "</ul></section>");
}

static void
append_way (GString    *s,
            const char *href,
            const char *title,
            const char *text)
{
  g_string_append_printf (s, "<a class=\"way\" href=\"%s\"><strong>%s</strong><span>%s</span></a>",
                          href, title, text);
}

/* Codes this phone sent are listed by kuiduo.js (from localStorage); without
 * JavaScript a code is typed in. */
static void
append_my_cases (GString *s)
{
  g_string_append_printf (s, "<section id=\"my-cases\"><h2>%s</h2>"
                             "<ul class=\"codes\" id=\"my-codes\" hidden></ul>",
                          _("My cases"));
  kd_page_lookup_form (s);
  g_string_append (s, "</section>");
}

void
kd_pages_home (KdServerState     *state,
               SoupServerMessage *msg)
{
  g_autofree char *town = kd_store_dup_town_name (state->db);
  GString *s = kd_page_begin (state, _("Home"));

  g_string_append (s, "<h1>");
  kd_page_escape (s, town);
  g_string_append_printf (s, "</h1><p class=\"lead\">%s</p>",
                          _("Tell the township about a problem from your phone, and follow what is done."));
  append_notices (state, s);
  g_string_append (s, "<nav class=\"ways\">");
  append_way (s, "/report", _("Report a problem"), _("Livelihood, emergencies, policy questions, services"));
  append_way (s, "#my-cases", _("My cases"), _("Follow a report with its tracking code"));
  append_way (s, "/disclosures", _("Disclosures"), _("What the township and villages publish"));
  append_way (s, "/guide", _("Service guide"), _("Which kind of report, and what happens next"));
  g_string_append (s, "</nav>");
  append_my_cases (s);
  kd_page_script (s, "kuiduo.js");
  kd_page_end (s);
  kd_http_send_html (msg, SOUP_STATUS_OK, s);
}

static void
append_guide_kind (GString    *s,
                   KdCaseKind  kind,
                   const char *text)
{
  g_string_append (s, "<dt>");
  kd_page_escape (s, kd_case_kind_label (kind));
  g_string_append (s, "</dt><dd>");
  kd_page_escape (s, text);
  g_string_append (s, "</dd>");
}

void
kd_pages_guide (KdServerState     *state,
                SoupServerMessage *msg)
{
  GString *s = kd_page_begin (state, _("Service guide"));

  g_string_append_printf (s, "<h1>%s</h1><h2>%s</h2><dl class=\"guide\">",
                          _("Service guide"), _("Which kind of report?"));
  append_guide_kind (s, KD_CASE_KIND_LIVELIHOOD,
                     _("Problems of daily life: roads, water and power, sanitation, housing, disputes."));
  append_guide_kind (s, KD_CASE_KIND_EMERGENCY,
                     _("Danger to people or property now: a landslide, a flood, a fire risk. In a real emergency call 110, 119 or 120 first."));
  append_guide_kind (s, KD_CASE_KIND_POLICY,
                     _("Questions about subsidies, insurance, housing and other policies."));
  append_guide_kind (s, KD_CASE_KIND_SERVICE,
                     _("Certificates, applications for subsidies, building and land procedures."));
  g_string_append_printf (s, "</dl><h2>%s</h2><ol class=\"steps\">", _("What happens next?"));
  g_string_append_printf (s, "<li>%s</li><li>%s</li><li>%s</li><li>%s</li>",
                          _("You get a tracking code at once. Keep it: only with it can the case be seen."),
                          _("The township accepts the case, usually within one working day (emergencies within two hours), and passes it to whoever can solve it."),
                          _("Replies and progress appear on the case's page."),
                          _("Once it is resolved, rate the result. A poor rating reopens the case."));
  g_string_append_printf (s, "</ol><h2>%s</h2><p>%s</p><p>%s</p>", _("Photos and privacy"),
                          _("Up to three photos help to understand the problem. They are made smaller and stripped of their location before they are kept."),
                          _("Your name and phone number are seen only by the township's cadres, never on public pages."));
  g_string_append_printf (s, "<p><a class=\"button\" href=\"/report\">%s</a></p>", _("Report a problem"));
  kd_page_end (s);
  kd_http_send_html (msg, SOUP_STATUS_OK, s);
}
