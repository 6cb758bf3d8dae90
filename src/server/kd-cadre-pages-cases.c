/* kd-cadre-pages-cases.c: one case on the cadre's phone: the report, the
 * reporter (when kd-access.h allows), the whole timeline with the internal
 * notes, and the forms to accept, reply publicly, note internally and mark
 * it resolved. A case the cadre may not see is "not found", the same as one
 * that does not exist. */
#define G_LOG_DOMAIN "kd-cadre-pages"

#include "config.h"

#include <glib/gi18n.h>

#include "kd-workflow.h"
#include "kd-cadre-pages-private.h"
#include "kd-access.h"
#include "kd-case-event.h"

static const char * const action_names[] = {
  [KD_CADRE_ACTION_ACCEPT] = "accept",
  [KD_CADRE_ACTION_REPLY] = "reply",
  [KD_CADRE_ACTION_NOTE] = "note",
  [KD_CADRE_ACTION_RESOLVE] = "resolve",
};

gboolean
kd_cadre_action_from_string (const char    *str,
                             KdCadreAction *action)
{
  for (guint i = 0; i < G_N_ELEMENTS (action_names); i++)
    if (g_strcmp0 (str, action_names[i]) == 0)
      {
        *action = i;
        return TRUE;
      }

  return FALSE;
}

/* --- the writes --- */

/* The writes a cadre makes on the phone, through the workflow, as that cadre
 * (recorded on the event and in the audit log). */
static void
case_write_async (KdStore             *store,
                  KdCadreAction        action,
                  gint64               case_id,
                  KdCadre             *cadre,
                  const char          *text,
                  GAsyncReadyCallback  callback,
                  gpointer             user_data)
{
  KdActor actor = { kd_cadre_get_id (cadre), kd_cadre_get_display_name (cadre) };

  switch (action)
    {
    case KD_CADRE_ACTION_ACCEPT:
      kd_store_accept_async (store, case_id, &actor, NULL, NULL, callback, user_data);
      break;
    case KD_CADRE_ACTION_RESOLVE:
      kd_store_resolve_async (store, case_id, &actor, text, NULL, callback, user_data);
      break;
    case KD_CADRE_ACTION_REPLY:
    case KD_CADRE_ACTION_NOTE:
    default:
      kd_store_add_reply_async (store, case_id, actor.name, text, action == KD_CADRE_ACTION_REPLY,
                                NULL, callback, user_data);
      break;
    }
}

static gboolean
case_write_finish (KdStore        *store,
                   KdCadreAction   action,
                   GAsyncResult   *result,
                   GError        **error)
{
  if (action == KD_CADRE_ACTION_ACCEPT || action == KD_CADRE_ACTION_RESOLVE)
    return kd_store_case_action_finish (store, result, error);

  return kd_store_add_reply_finish (store, result, error);
}

/* --- reading --- */

typedef struct
{
  KdCase     *kase;
  KdCaseKind  kind;
} Visible;

static void
visible_clear (Visible *v)
{
  g_clear_object (&v->kase);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Visible, visible_clear)

/* FALSE when there is no such case or the cadre may not see it. */
static gboolean
load_visible (KdCadreRequest *req,
              gint64          case_id,
              Visible        *v)
{
  KdCadre *cadre = kd_cadre_request_get_cadre (req);
  sqlite3_stmt *stmt = kd_db_prepare (req->state->db,
                                      "SELECT " KD_CASE_COLUMNS ", c.kind, coalesce (c.assigned_village_id, 0)"
                                      KD_CASE_FROM " WHERE c.id = ?1", NULL);
  gint64 assigned = 0;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, case_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      v->kase = kd_case_new_from_stmt (stmt);
      v->kind = sqlite3_column_int (stmt, 16);
      assigned = sqlite3_column_int64 (stmt, 17);
    }
  sqlite3_reset (stmt);

  return v->kase != NULL &&
         kd_access_can_see_case (kd_cadre_get_role (cadre), kd_cadre_get_village_id (cadre), v->kind,
                                 kd_case_get_village_id (v->kase), assigned);
}

static void
send_not_found (KdCadreRequest *req)
{
  kd_cadre_send_message (req, SOUP_STATUS_NOT_FOUND, _("Not found"),
                         _("There is no such case, or it is not one you handle."));
}

/* --- the page --- */

/* What a refused form brings back: its error and its text. */
typedef struct
{
  KdCadreAction  action;
  const char    *error;
  const char    *text;
} Refill;

static void
append_detail (GString    *s,
               const char *label,
               const char *value)
{
  if (value == NULL || *value == '\0')
    return;
  g_string_append_printf (s, "<dt>%s</dt><dd>", label);
  kd_cadre_append_escaped (s, value);
  g_string_append (s, "</dd>");
}

static void
append_case (GString        *s,
             KdCadreRequest *req,
             const Visible  *v)
{
  KdCase *kase = v->kase;
  KdCaseStatus status = kd_case_get_status (kase);
  g_autofree char *code = kd_case_dup_display_code (kase);
  g_autofree char *when = kd_format_local_time (kd_case_get_created_at (kase));

  g_string_append (s, "<h1>");
  kd_cadre_append_escaped (s, kd_case_get_title (kase));
  g_string_append_printf (s, "</h1><p><span class=\"status status-%s\">", kd_case_status_to_string (status));
  kd_cadre_append_escaped (s, kd_case_status_label (status));
  g_string_append (s, "</span>");
  if (kd_case_get_urgent (kase))
    g_string_append_printf (s, " <span class=\"urgent\">%s</span>", _("Urgent"));
  g_string_append (s, "</p><dl>");
  append_detail (s, _("Tracking code"), code);
  append_detail (s, _("Kind"), kd_case_kind_label (v->kind));
  append_detail (s, _("Village"), kd_case_get_village_name (kase));
  append_detail (s, _("Category"), kd_case_get_category_name (kase));
  append_detail (s, _("Reported"), when);
  append_detail (s, _("Place"), kd_case_get_location (kase));
  if (kd_access_can_see_reporter (kd_cadre_get_role (kd_cadre_request_get_cadre (req)), v->kind))
    {
      append_detail (s, _("Reporter"), kd_case_get_reporter_name (kase));
      if (kd_case_get_reporter_phone (kase) != NULL)
        {
          g_string_append_printf (s, "<dt>%s</dt><dd><a href=\"tel:", _("Phone"));
          kd_cadre_append_escaped (s, kd_case_get_reporter_phone (kase));
          g_string_append (s, "\">");
          kd_cadre_append_escaped (s, kd_case_get_reporter_phone (kase));
          g_string_append (s, "</a></dd>");
        }
    }
  g_string_append (s, "</dl><blockquote class=\"text\">");
  kd_cadre_append_escaped (s, kd_case_get_description (kase));
  g_string_append (s, "</blockquote>");
}

static void
append_timeline (GString        *s,
                 KdCadreRequest *req,
                 gint64          case_id)
{
  g_autoptr(GListModel) events = kd_case_event_list (req->state->db, case_id, FALSE, NULL);

  g_string_append_printf (s, "<h2>%s</h2><ol class=\"timeline\">", _("Progress"));
  for (guint i = 0; events && i < g_list_model_get_n_items (events); i++)
    {
      g_autoptr(KdCaseEvent) ev = g_list_model_get_item (events, i);
      g_autofree char *summary = kd_case_event_dup_summary (ev);
      g_autofree char *when = kd_format_local_time (kd_case_event_get_at (ev));
      gboolean internal = !kd_case_event_is_public (ev);

      g_string_append_printf (s, "<li%s><time>", internal ? " class=\"internal\"" : "");
      kd_cadre_append_escaped (s, when);
      g_string_append (s, "</time> <strong>");
      kd_cadre_append_escaped (s, summary);
      g_string_append (s, "</strong>");
      if (internal)
        g_string_append_printf (s, " <span class=\"tag\">%s</span>", _("not shown to the villager"));
      if (kd_case_event_get_actor (ev) != NULL && !g_str_equal (kd_case_event_get_kind (ev), "created"))
        {
          g_string_append (s, " <span class=\"actor\">");
          kd_cadre_append_escaped (s, kd_case_event_get_actor (ev));
          g_string_append (s, "</span>");
        }
      if (kd_case_event_get_body (ev) != NULL)
        {
          g_string_append (s, "<p>");
          kd_cadre_append_escaped (s, kd_case_event_get_body (ev));
          g_string_append (s, "</p>");
        }
      g_string_append (s, "</li>");
    }
  g_string_append (s, "</ol>");
}

/* One action's form; @label_text NULL: a button alone. */
static void
append_action_form (GString        *s,
                    KdCadreRequest *req,
                    gint64          case_id,
                    KdCadreAction   action,
                    const char     *title,
                    const char     *label_text,
                    const char     *button,
                    const Refill   *refill)
{
  gboolean refilled = refill != NULL && refill->action == action;

  g_string_append_printf (s, "<form method=\"post\" class=\"action action-%s\" action=\"/staff/cases/%" G_GINT64_FORMAT "/%s\""
                             " accept-charset=\"utf-8\" id=\"%s\"><h2>%s</h2>",
                          action_names[action], case_id, action_names[action], action_names[action], title);
  if (refilled)
    kd_cadre_append_error (s, refill->error);
  kd_cadre_append_csrf (s, req);
  if (label_text != NULL)
    {
      g_string_append_printf (s, "<label>%s<textarea name=\"text\" rows=\"3\" maxlength=\"%d\"%s>",
                              label_text, KD_REPORT_MAX_DESCRIPTION,
                              action == KD_CADRE_ACTION_RESOLVE ? "" : " required");
      kd_cadre_append_escaped (s, refilled ? refill->text : NULL);
      g_string_append (s, "</textarea></label>");
    }
  g_string_append_printf (s, "<button type=\"submit\"%s>%s</button></form>",
                          action == KD_CADRE_ACTION_NOTE ? " class=\"secondary\"" : "", button);
}

static void
append_actions (GString        *s,
                KdCadreRequest *req,
                const Visible  *v,
                const Refill   *refill)
{
  gint64 id = kd_case_get_id (v->kase);
  KdCaseStatus status = kd_case_get_status (v->kase);

  if (refill != NULL && (refill->action == KD_CADRE_ACTION_ACCEPT ||
                         (refill->action == KD_CADRE_ACTION_RESOLVE &&
                          !kd_case_status_can_change (status, KD_CASE_STATUS_RESOLVED))))
    kd_cadre_append_error (s, refill->error);

  if (kd_case_status_can_change (status, KD_CASE_STATUS_ACCEPTED))
    append_action_form (s, req, id, KD_CADRE_ACTION_ACCEPT, _("Accept"), NULL, _("Accept this case"), refill);
  append_action_form (s, req, id, KD_CADRE_ACTION_REPLY, _("Reply publicly"),
                      _("The villager sees this reply"), _("Send reply"), refill);
  append_action_form (s, req, id, KD_CADRE_ACTION_NOTE, _("Internal note"),
                      _("Only cadres see this note"), _("Add note"), refill);
  if (kd_case_status_can_change (status, KD_CASE_STATUS_RESOLVED))
    append_action_form (s, req, id, KD_CADRE_ACTION_RESOLVE, _("Mark resolved"),
                        _("What was done (optional; the villager sees this)"), _("Mark resolved"), refill);
}

static void
send_case_page (KdCadreRequest *req,
                const Visible  *v,
                guint           status,
                const Refill   *refill)
{
  GString *s = kd_cadre_page_begin (req, kd_case_get_title (v->kase));

  g_string_append_printf (s, "<p><a href=\"/staff/\">← %s</a></p>", _("Back to my cases"));
  append_case (s, req, v);
  append_timeline (s, req, kd_case_get_id (v->kase));
  append_actions (s, req, v, refill);
  kd_cadre_page_end (s);
  kd_cadre_send_page (req, status, s);
}

void
kd_cadre_case_page (KdCadreRequest *req,
                    gint64          case_id)
{
  g_auto(Visible) v = { 0 };

  if (!load_visible (req, case_id, &v))
    send_not_found (req);
  else
    send_case_page (req, &v, SOUP_STATUS_OK, NULL);
}

/* --- the actions --- */

typedef struct
{
  KdCadreRequest *req;
  gint64          case_id;
  KdCadreAction   action;
} Job;

static void
job_free (Job *job)
{
  kd_cadre_request_free (job->req);
  g_free (job);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Job, job_free)

/* Why the rules refuse @action on @v now, or NULL; checked here so the
 * refusal is in the phone's language, and by the core again on the writer. */
static char *
action_refusal (const Visible  *v,
                KdCadreAction   action,
                const char     *text,
                guint          *status)
{
  KdCaseStatus from = kd_case_get_status (v->kase);
  KdCaseStatus to = action == KD_CADRE_ACTION_ACCEPT ? KD_CASE_STATUS_ACCEPTED : KD_CASE_STATUS_RESOLVED;
  gboolean needs_text = action == KD_CADRE_ACTION_REPLY || action == KD_CADRE_ACTION_NOTE;

  if (!needs_text && !kd_case_status_can_change (from, to))
    {
      *status = SOUP_STATUS_CONFLICT;
      return g_strdup_printf (_("A case that is “%s” cannot become “%s”."),
                              kd_case_status_label (from), kd_case_status_label (to));
    }

  *status = SOUP_STATUS_BAD_REQUEST;
  if (needs_text && *text == '\0')
    return g_strdup_printf (_("A reply must be plain text of 1 to %d characters."), KD_REPORT_MAX_DESCRIPTION);
  if (!kd_text_is_plain (text, TRUE) || g_utf8_strlen (text, -1) > KD_REPORT_MAX_DESCRIPTION)
    return g_strdup_printf (_("The text must be plain text of at most %d characters."), KD_REPORT_MAX_DESCRIPTION);

  return NULL;
}

static void
refuse_action (KdCadreRequest *req,
               KdCadreAction   action,
               gint64          case_id,
               guint           status,
               const char     *why)
{
  g_auto(Visible) v = { 0 };
  Refill refill = { action, why, kd_cadre_request_get_field (req, "text") };

  if (!load_visible (req, case_id, &v))
    send_not_found (req);
  else
    send_case_page (req, &v, status, &refill);
}

/* The form's text, trimmed; "" when there is none. */
static char *
dup_text (KdCadreRequest *req)
{
  const char *text = kd_cadre_request_get_field (req, "text");

  return g_strstrip (g_strdup (text ? text : ""));
}

static void
written_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      data)
{
  g_autoptr(Job) job = data;
  g_autoptr(GError) error = NULL;
  g_autofree char *location = NULL;
  g_autofree char *why = NULL;
  gboolean done = case_write_finish (KD_STORE (source), job->action, result, &error);
  guint status = SOUP_STATUS_INTERNAL_SERVER_ERROR;
  g_auto(Visible) v = { 0 };
  g_autofree char *text = dup_text (job->req);

  if (!kd_cadre_resume (job->req))
    return;
  if (done)
    {
      location = g_strdup_printf ("/staff/cases/%" G_GINT64_FORMAT "#%s", job->case_id, action_names[job->action]);
      kd_cadre_redirect (job->req, location);
      return;
    }

  /* Changed meanwhile (another cadre was quicker): say why as of now. */
  if (load_visible (job->req, job->case_id, &v))
    why = action_refusal (&v, job->action, text, &status);
  if (why == NULL)
    {
      g_warning ("A case was not changed: %s", error->message);
      why = g_strdup (_("The change could not be stored. Please try again."));
      status = SOUP_STATUS_INTERNAL_SERVER_ERROR;
    }
  refuse_action (job->req, job->action, job->case_id, status, why);
}

/* Takes @req. */
void
kd_cadre_case_action (KdCadreRequest *req,
                      gint64          case_id,
                      KdCadreAction   action)
{
  g_auto(Visible) v = { 0 };
  g_autofree char *text = dup_text (req);
  g_autofree char *why = NULL;
  guint status;
  Job *job;

  if (!load_visible (req, case_id, &v))
    {
      send_not_found (req);
      kd_cadre_request_free (req);
      return;
    }
  if ((why = action_refusal (&v, action, text, &status)) != NULL)
    {
      send_case_page (req, &v, status, &(Refill) { action, why, kd_cadre_request_get_field (req, "text") });
      kd_cadre_request_free (req);
      return;
    }

  job = g_new0 (Job, 1);
  job->req = req;
  job->case_id = case_id;
  job->action = action;
  kd_cadre_hold (req);
  case_write_async (req->state->store, action, case_id, kd_cadre_request_get_cadre (req),
                    *text != '\0' ? text : NULL, written_cb, job);
}
