/* kd-cadre-pages-home.c: the cadre's home on the phone: who they are, today's
 * attendance with the button to clock in or out, and the open cases they may
 * handle (kd-access.h), newest first, a page at a time. */
#define G_LOG_DOMAIN "kd-cadre-pages"

#include "config.h"

#include <glib/gi18n.h>

#include "kd-cadre-pages-private.h"
#include "kd-access.h"
#include "kd-attendance.h"

#define MAX_PAGE 1000

/* --- attendance --- */

static void
append_clock_form (GString        *s,
                   KdCadreRequest *req,
                   gboolean        out)
{
  g_string_append_printf (s, "<form method=\"post\" action=\"/staff/attendance/%s\">", out ? "out" : "in");
  kd_cadre_append_csrf (s, req);
  g_string_append_printf (s, "<button type=\"submit\"%s>%s</button></form>",
                          out ? " class=\"secondary\"" : "", out ? _("Clock out") : _("Clock in"));
}

static void
append_attendance (GString        *s,
                   KdCadreRequest *req)
{
  KdCadre *cadre = kd_cadre_request_get_cadre (req);
  gint64 now = g_get_real_time () / G_USEC_PER_SEC, start, end;
  g_autoptr(GListModel) today = NULL;
  g_autoptr(KdAttendance) last = kd_attendance_last_today (req->state->db, kd_cadre_get_id (cadre), now, NULL);
  gboolean in = last != NULL && kd_attendance_get_kind (last) == KD_ATTENDANCE_IN;

  kd_attendance_day_bounds (req->state->db, now, &start, &end);
  today = kd_attendance_list (req->state->db, kd_cadre_get_id (cadre), start, end, NULL);

  g_string_append_printf (s, "<section class=\"attendance\"><h2>%s</h2>", _("Attendance today"));
  if (today == NULL || g_list_model_get_n_items (today) == 0)
    g_string_append_printf (s, "<p>%s</p>", _("You have not clocked in today."));
  else
    {
      g_string_append (s, "<ul class=\"clock\">");
      for (guint i = 0; i < g_list_model_get_n_items (today); i++)
        {
          g_autoptr(KdAttendance) a = g_list_model_get_item (today, i);
          g_autofree char *time = kd_cadre_format_time (kd_attendance_get_at (a), "%H:%M");

          g_string_append_printf (s, "<li><strong>%s</strong> <time>%s</time> <span class=\"address\">",
                                  kd_attendance_get_kind (a) == KD_ATTENDANCE_IN ? _("In") : _("Out"), time);
          kd_cadre_append_escaped (s, kd_attendance_get_address (a));
          g_string_append (s, "</span></li>");
        }
      g_string_append (s, "</ul>");
    }
  append_clock_form (s, req, in);
  g_string_append (s, "</section>");
}

/* The core's refusals, said again in the phone's language. */
static char *
clock_refusal (KdCadreRequest *req,
               const GError   *error)
{
  g_autoptr(KdAttendance) last = NULL;
  g_autofree char *time = NULL;

  if (g_error_matches (error, KD_ATTENDANCE_ERROR, KD_ATTENDANCE_ERROR_NOT_IN))
    return g_strdup (_("You cannot clock out: you have not clocked in today."));
  if (!g_error_matches (error, KD_ATTENDANCE_ERROR, KD_ATTENDANCE_ERROR_ALREADY_IN))
    return g_strdup (_("The attendance could not be recorded. Please try again."));

  last = kd_attendance_last_today (req->state->db, kd_cadre_get_id (kd_cadre_request_get_cadre (req)),
                                   g_get_real_time () / G_USEC_PER_SEC, NULL);
  time = last ? kd_cadre_format_time (kd_attendance_get_at (last), "%H:%M") : g_strdup ("");

  return g_strdup_printf (_("You clocked in already today at %s."), time);
}

static void
clocked_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      data)
{
  g_autoptr(KdCadreRequest) req = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(KdAttendance) record = kd_store_clock_finish (KD_STORE (source), result, &error);
  g_autofree char *why = NULL;

  if (!kd_cadre_resume (req))
    return;
  if (record != NULL)
    {
      kd_cadre_redirect (req, "/staff/");
      return;
    }

  if (error->domain != KD_ATTENDANCE_ERROR)
    g_warning ("Attendance not recorded: %s", error->message);
  why = clock_refusal (req, error);
  kd_cadre_send_message (req, error->domain == KD_ATTENDANCE_ERROR ? SOUP_STATUS_CONFLICT
                                                                    : SOUP_STATUS_INTERNAL_SERVER_ERROR,
                         _("Not recorded"), why);
}

/* Takes @req. The address is the phone's, as the server sees it. */
void
kd_cadre_clock (KdCadreRequest *req,
                gboolean        out)
{
  KdCadre *cadre = kd_cadre_request_get_cadre (req);

  kd_cadre_hold (req);
  kd_store_clock_async (req->state->store, kd_cadre_get_id (cadre),
                        out ? KD_ATTENDANCE_OUT : KD_ATTENDANCE_IN,
                        kd_cadre_request_get_address (req), NULL, clocked_cb, req);
}

/* --- the cases --- */

static void
append_case_item (GString *s,
                  KdCase  *kase)
{
  g_autofree char *when = kd_cadre_format_time (kd_case_get_created_at (kase), "%m-%d %H:%M");
  KdCaseStatus status = kd_case_get_status (kase);

  g_string_append_printf (s, "<li><a href=\"/staff/cases/%" G_GINT64_FORMAT "\"><span class=\"title\">",
                          kd_case_get_id (kase));
  if (kd_case_get_urgent (kase))
    g_string_append_printf (s, "<span class=\"urgent\">%s</span> ", _("Urgent"));
  kd_cadre_append_escaped (s, kd_case_get_title (kase));
  g_string_append_printf (s, "</span><span class=\"meta\"><span class=\"status status-%s\">",
                          kd_case_status_to_string (status));
  kd_cadre_append_escaped (s, kd_case_status_label (status));
  g_string_append (s, "</span> ");
  kd_cadre_append_escaped (s, kd_case_get_village_name (kase));
  g_string_append (s, " · ");
  kd_cadre_append_escaped (s, kd_case_get_category_name (kase));
  g_string_append_printf (s, " · <time>%s</time></span></a></li>", when);
}

/* One page of the open cases the cadre may see, one more to know whether
 * there is a next page. Only integers go into the SQL text. */
static GPtrArray *
load_open_cases (KdCadreRequest *req,
                 guint           page)
{
  KdCadre *cadre = kd_cadre_request_get_cadre (req);
  g_autofree char *cond = kd_access_case_condition (kd_cadre_get_role (cadre), kd_cadre_get_village_id (cadre), "c");
  g_autofree char *sql = g_strdup_printf ("SELECT " KD_CASE_COLUMNS KD_CASE_FROM
                                          " WHERE %s AND c.status NOT IN (%d, %d, %d, %d)"
                                          " ORDER BY c.created_at DESC, c.id DESC LIMIT ?1 OFFSET ?2",
                                          cond, KD_CASE_STATUS_RESOLVED, KD_CASE_STATUS_CLOSED,
                                          KD_CASE_STATUS_REJECTED, KD_CASE_STATUS_DUPLICATE);
  g_autoptr(GError) error = NULL;
  GPtrArray *cases = g_ptr_array_new_with_free_func (g_object_unref);
  sqlite3_stmt *stmt = kd_db_prepare (req->state->db, sql, &error);

  if (stmt == NULL)
    {
      g_warning ("The cases could not be read: %s", error->message);
      return cases;
    }
  sqlite3_bind_int (stmt, 1, KD_CADRE_PAGE_SIZE + 1);
  sqlite3_bind_int64 (stmt, 2, (gint64) page * KD_CADRE_PAGE_SIZE);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (cases, kd_case_new_from_stmt (stmt));
  sqlite3_reset (stmt);

  return cases;
}

static void
append_pager (GString *s,
              guint    page,
              gboolean more)
{
  if (page == 0 && !more)
    return;
  g_string_append (s, "<nav class=\"pager\">");
  if (page > 0)
    g_string_append_printf (s, "<a class=\"button secondary\" href=\"/staff/?page=%u\">%s</a>", page, _("Newer"));
  if (more)
    g_string_append_printf (s, "<a class=\"button secondary\" href=\"/staff/?page=%u\">%s</a>", page + 2, _("Older"));
  g_string_append (s, "</nav>");
}

static void
append_cases (GString        *s,
              KdCadreRequest *req,
              guint           page)
{
  g_autoptr(GPtrArray) cases = load_open_cases (req, page);
  gboolean more = cases->len > KD_CADRE_PAGE_SIZE;

  g_string_append_printf (s, "<section><h2>%s</h2>", _("Open cases"));
  if (cases->len == 0)
    g_string_append_printf (s, "<p>%s</p>", page == 0 ? _("No open cases. Well done.") : _("No more cases."));
  else
    {
      g_string_append (s, "<ul class=\"cases\">");
      for (guint i = 0; i < MIN (cases->len, KD_CADRE_PAGE_SIZE); i++)
        append_case_item (s, g_ptr_array_index (cases, i));
      g_string_append (s, "</ul>");
    }
  append_pager (s, page, more);
  g_string_append (s, "</section>");
}

static void
append_identity (GString *s,
                 KdCadre *cadre)
{
  g_string_append (s, "<h1>");
  kd_cadre_append_escaped (s, kd_cadre_get_display_name (cadre));
  g_string_append (s, "</h1><p class=\"hint\">");
  kd_cadre_append_escaped (s, kd_role_label (kd_cadre_get_role (cadre)));
  g_string_append (s, " · ");
  kd_cadre_append_escaped (s, kd_cadre_get_village_id (cadre) > 0 ? kd_cadre_get_village_name (cadre)
                                                                  : _("All villages"));
  g_string_append (s, "</p>");
}

/* ?page=N, counted from 1. */
static guint
page_from_query (GHashTable *query)
{
  const char *text = query ? g_hash_table_lookup (query, "page") : NULL;
  guint64 page = 1;

  if (text != NULL && !g_ascii_string_to_unsigned (text, 10, 1, MAX_PAGE, &page, NULL))
    page = 1;

  return (guint) page - 1;
}

void
kd_cadre_home_page (KdCadreRequest *req,
                    GHashTable     *query)
{
  KdCadre *cadre = kd_cadre_request_get_cadre (req);
  GString *s = kd_cadre_page_begin (req, _("My work"));

  append_identity (s, cadre);
  append_attendance (s, req);
  append_cases (s, req, page_from_query (query));
  g_string_append (s, "<form method=\"post\" action=\"/staff/sign-out\" class=\"sign-out\">");
  kd_cadre_append_csrf (s, req);
  g_string_append_printf (s, "<button type=\"submit\" class=\"secondary\">%s</button></form>", _("Sign out"));
  kd_cadre_page_end (s);
  kd_cadre_send_page (req, SOUP_STATUS_OK, s);
}
