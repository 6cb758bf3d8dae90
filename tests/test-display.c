/* test-display.c: the real window under Xvfb, with a real server on
 * 127.0.0.1 and a real SoupSession playing the villager's phone. */
#include "config.h"

#include <glib/gstdio.h>
#include <adwaita.h>
#include <libsoup/soup.h>
#include <json-glib/json-glib.h>

#include "kd-case-detail.h"
#include "kd-cases-page.h"
#include "kd-demo.h"
#include "kd-qr-code.h"
#include "kd-refresh-model.h"
#include "kd-server.h"
#include "kd-store.h"
#include "kd-test-display.h"
#include "kd-window.h"
#include "kd-workflow.h"

#define LIVE_MS         1000
#define REPLY_TEXT      "明天上午派人维修"
#define MARKUP_TEXT     "<b>测试</b>"

typedef struct
{
  char        *dir;
  KdStore     *store;
  KdServer    *server;
  KdWindow    *window;
  SoupSession *session;
  char        *base;
} Fixture;

static gboolean
is_idle (gpointer data)
{
  return !kd_case_detail_get_busy (data);
}

/* Finding what is on screen. */

static gboolean
is_status_button (GtkWidget *widget,
                  gpointer   data)
{
  GVariant *target;

  if (!GTK_IS_BUTTON (widget) ||
      g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (widget)), "detail.change-status") != 0)
    return FALSE;

  target = gtk_actionable_get_action_target_value (GTK_ACTIONABLE (widget));
  return target != NULL && g_variant_get_int32 (target) == GPOINTER_TO_INT (data);
}

/* HTTP, as a phone does it. */

static void
send_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      data)
{
  GAsyncResult **out = data;

  *out = g_object_ref (result);
}

static gboolean
has_result (gpointer data)
{
  return *(GAsyncResult **) data != NULL;
}

static JsonNode *
http (Fixture    *f,
      const char *method,
      const char *path,
      const char *json,
      guint       expected_status)
{
  g_autofree char *url = g_strconcat (f->base, path, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new (method, url);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  if (json != NULL)
    {
      g_autoptr(GBytes) request = g_bytes_new (json, strlen (json));
      soup_message_set_request_body_from_bytes (msg, "application/json", request);
    }

  soup_session_send_and_read_async (f->session, msg, G_PRIORITY_DEFAULT, NULL, send_done_cb, &result);
  g_assert_true (wait_for (has_result, &result, WAIT_MS));
  body = soup_session_send_and_read_finish (f->session, result, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (msg), ==, expected_status);

  json_parser_load_from_data (parser, g_bytes_get_data (body, NULL), g_bytes_get_size (body), &error);
  g_assert_no_error (error);

  return json_node_copy (json_parser_get_root (parser));
}

static gint64
post_report (Fixture     *f,
             const char  *description,
             char       **tracking_code)
{
  g_autofree char *json = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonNode) reply = NULL;
  JsonObject *obj;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "village");
  json_builder_add_string_value (builder, "kuiduo");
  json_builder_set_member_name (builder, "category");
  json_builder_add_string_value (builder, "roads");
  json_builder_set_member_name (builder, "description");
  json_builder_add_string_value (builder, description);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  json = json_generator_to_data (generator, NULL);

  reply = http (f, "POST", "/api/v1/reports", json, SOUP_STATUS_CREATED);
  obj = json_node_get_object (reply);
  g_assert_true (json_object_has_member (obj, "id"));
  g_assert_true (json_object_has_member (obj, "tracking_code"));
  if (tracking_code != NULL)
    *tracking_code = g_strdup (json_object_get_string_member (obj, "tracking_code"));

  return json_object_get_int_member (obj, "id");
}

/* The queue, as the window shows it. */

typedef struct
{
  KdCaseList *list;
  const char *description;
  gint64      id;
  int         status;
} RowSearch;

static gboolean
list_has_row (gpointer data)
{
  RowSearch *search = data;
  GListModel *model = G_LIST_MODEL (search->list);
  guint n = g_list_model_get_n_items (model);
  guint first = 0;

  /* A known case is looked up, not searched for: the search would read the
   * whole table and hide what the view itself reads. */
  if (search->id > 0)
    {
      first = kd_case_list_find (search->list, search->id);
      if (first == G_MAXUINT)
        return FALSE;
      n = first + 1;
    }

  for (guint i = first; i < n; i++)
    {
      g_autoptr(KdCase) kase = g_list_model_get_item (model, i);

      if (kase == NULL)
        continue;
      if (search->description != NULL && g_strcmp0 (kd_case_get_description (kase), search->description) != 0)
        continue;
      if (search->id > 0 && kd_case_get_id (kase) != search->id)
        continue;
      if (search->status >= 0 && (int) kd_case_get_status (kase) != search->status)
        continue;
      return TRUE;
    }

  return FALSE;
}

static KdCasesPage *
cases_page (Fixture *f)
{
  return kd_window_get_cases_page (f->window);
}

static KdCaseDetail *
detail (Fixture *f)
{
  return kd_cases_page_get_detail (cases_page (f));
}

/* Posts a report and waits until the queue shows it; returns its id. */
static gint64
report_and_wait (Fixture     *f,
                 const char  *description,
                 char       **tracking_code)
{
  RowSearch search = { kd_cases_page_get_list (cases_page (f)), description, 0, -1 };
  gint64 id = post_report (f, description, tracking_code);

  search.id = id;
  g_assert_true (wait_for (list_has_row, &search, LIVE_MS));

  return id;
}

/* Fixture */


static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  f->dir = g_dir_make_tmp ("kd-display-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (f->dir, "town.db", NULL);
  f->store = kd_store_open (path, &error);
  g_assert_no_error (error);

  if (data != NULL)
    {
      g_assert_true (kd_demo_populate (f->store, GPOINTER_TO_UINT (data), &error));
      g_assert_no_error (error);
    }

  f->server = kd_server_new (f->store);
  kd_server_set_rate_limit (f->server, FALSE);
  g_assert_true (kd_server_start (f->server, 0, TRUE, &error));
  g_assert_no_error (error);
  f->base = g_strdup_printf ("http://127.0.0.1:%u", kd_server_get_port (f->server));
  /* Straight to 127.0.0.1, whatever proxy the environment names. */
  f->session = soup_session_new_with_options ("proxy-resolver", NULL, NULL);

  f->window = g_object_ref_sink (kd_window_new (NULL, f->store, f->server));
  gtk_window_present (GTK_WINDOW (f->window));
  g_assert_true (wait_for (is_mapped, f->window, WAIT_MS));
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "town.db", NULL);
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (path, "-shm", NULL);
  kd_test_close_window (g_steal_pointer (&f->window));

  g_clear_object (&f->session);
  kd_server_stop (f->server);
  g_clear_object (&f->server);
  g_clear_object (&f->store);
  g_unlink (path);
  g_unlink (wal);
  g_unlink (shm);
  g_rmdir (f->dir);
  g_free (f->dir);
  g_free (f->base);
}

/* Tests */

static void
test_window_opens (Fixture       *f,
                   gconstpointer  data)
{
  GtkWidget *overview = GTK_WIDGET (kd_window_get_overview_page (f->window));
  g_autofree char *url = g_strdup_printf ("%s/", f->base);
  g_autofree char *port = g_strdup_printf ("port %u", kd_server_get_port (f->server));
  TextSearch url_search = { overview, url };
  TextSearch port_search = { overview, port };
  GtkWidget *sw;
  KdQrCode *qr;

  g_assert_cmpstr (kd_window_get_page (f->window), ==, "overview");
  g_assert_true (wait_for (text_on_screen, &url_search, WAIT_MS));
  g_assert_true (text_on_screen (&port_search));

  sw = find_widget (overview, is_type, GSIZE_TO_POINTER (GTK_TYPE_SWITCH));
  g_assert_nonnull (sw);
  g_assert_true (gtk_switch_get_active (GTK_SWITCH (sw)));

  qr = KD_QR_CODE (find_widget (overview, is_type, GSIZE_TO_POINTER (KD_TYPE_QR_CODE)));
  g_assert_nonnull (qr);
  g_assert_cmpstr (kd_qr_code_get_text (qr), ==, url);
  g_assert_cmpuint (kd_qr_code_get_size (qr), >=, 21);
  g_assert_true (gtk_widget_is_drawable (GTK_WIDGET (qr)));
  /* The three finder patterns: dark corners of a version-1+ symbol. */
  g_assert_true (kd_qr_code_get_module (qr, 0, 0));
  g_assert_true (kd_qr_code_get_module (qr, kd_qr_code_get_size (qr) - 1, 0));
  g_assert_true (kd_qr_code_get_module (qr, 0, kd_qr_code_get_size (qr) - 1));

  /* When the endpoint stops, the overview says so and drops the addresses. */
  kd_server_stop (f->server);
  g_assert_false (gtk_switch_get_active (GTK_SWITCH (sw)));
  g_assert_null (kd_qr_code_get_text (qr));
  g_assert_false (text_on_screen (&url_search));
}

static void
test_queue_live (Fixture       *f,
                 gconstpointer  data)
{
  const char *description = "路灯坏了 " MARKUP_TEXT " 晚上很黑";
  RowSearch search = { kd_cases_page_get_list (cases_page (f)), description, 0, -1 };
  TextSearch cell = { GTK_WIDGET (cases_page (f)), MARKUP_TEXT };

  kd_window_show_page (f->window, "cases");
  g_assert_true (wait_for (is_mapped, cases_page (f), WAIT_MS));
  g_assert_false (list_has_row (&search));

  post_report (f, description, NULL);
  g_assert_true (wait_for (list_has_row, &search, LIVE_MS));

  /* The row is on screen, its text shown as text: the tags are not markup. */
  g_assert_true (wait_for (text_on_screen, &cell, LIVE_MS));
}

static gboolean
public_timeline_has (JsonNode   *root,
                     const char *body)
{
  JsonArray *timeline = json_object_get_array_member (json_node_get_object (root), "timeline");

  for (guint i = 0; timeline && i < json_array_get_length (timeline); i++)
    {
      JsonObject *entry = json_array_get_object_element (timeline, i);

      if (json_object_has_member (entry, "body") &&
          g_strcmp0 (json_object_get_string_member (entry, "body"), body) == 0)
        return TRUE;
    }

  return FALSE;
}

static void
test_detail_reply (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *code = NULL;
  g_autofree char *path = NULL;
  g_autoptr(JsonNode) view = NULL;
  TextSearch shown = { GTK_WIDGET (detail (f)), REPLY_TEXT };
  gint64 id;

  kd_window_show_page (f->window, "cases");
  id = report_and_wait (f, "水管爆了，村口一直在漏水", &code);

  kd_cases_page_select_case (cases_page (f), id);
  g_assert_nonnull (kd_case_detail_get_case (detail (f)));
  g_assert_cmpint (kd_case_get_id (kd_case_detail_get_case (detail (f))), ==, id);
  g_assert_true (gtk_widget_get_sensitive (kd_case_detail_get_reply_button (detail (f))) == FALSE);

  kd_case_detail_send_reply (detail (f), REPLY_TEXT);
  g_assert_true (kd_case_detail_get_busy (detail (f)));
  g_assert_true (wait_for (is_idle, detail (f), WAIT_MS));

  /* The box is empty again, the reply is in the timeline on screen … */
  g_assert_false (gtk_widget_get_sensitive (kd_case_detail_get_reply_button (detail (f))));
  g_assert_true (wait_for (text_on_screen, &shown, LIVE_MS));

  /* … and the villager sees it on the phone. */
  path = g_strdup_printf ("/api/v1/reports/%s", code);
  view = http (f, "GET", path, NULL, SOUP_STATUS_OK);
  g_assert_true (public_timeline_has (view, REPLY_TEXT));
}

static gboolean
is_check_button (GtkWidget *widget,
                 gpointer   data)
{
  return GTK_IS_CHECK_BUTTON (widget);
}

static gboolean
is_internal_pill (GtkWidget *widget,
                  gpointer   data)
{
  return gtk_widget_has_css_class (widget, "internal-pill") && gtk_widget_is_drawable (widget);
}

/* An internal note shows in the desktop timeline, marked, and never on the phone. */
static void
test_detail_internal_note (Fixture       *f,
                           gconstpointer  data)
{
  const char *note = "联系电工老王 <i>注意安全</i>";
  g_autofree char *code = NULL;
  g_autofree char *path = NULL;
  g_autoptr(JsonNode) view = NULL;
  TextSearch shown = { GTK_WIDGET (detail (f)), note };
  GtkWidget *check;
  gint64 id;

  kd_window_show_page (f->window, "cases");
  id = report_and_wait (f, "垃圾好几天没有清运", &code);
  kd_cases_page_select_case (cases_page (f), id);
  g_assert_true (wait_for (is_mapped, detail (f), WAIT_MS));
  g_assert_null (find_widget (GTK_WIDGET (detail (f)), is_internal_pill, NULL));

  check = find_widget (GTK_WIDGET (detail (f)), is_check_button, NULL);
  g_assert_nonnull (check);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (check), TRUE);
  kd_case_detail_send_reply (detail (f), note);
  g_assert_true (wait_for (is_idle, detail (f), WAIT_MS));

  g_assert_true (wait_for (text_on_screen, &shown, LIVE_MS));
  g_assert_nonnull (find_widget (GTK_WIDGET (detail (f)), is_internal_pill, NULL));

  path = g_strdup_printf ("/api/v1/reports/%s", code);
  view = http (f, "GET", path, NULL, SOUP_STATUS_OK);
  g_assert_false (public_timeline_has (view, note));
}

static void
test_detail_status (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *code = NULL;
  g_autofree char *path = NULL;
  g_autoptr(JsonNode) view = NULL;
  RowSearch accepted = { kd_cases_page_get_list (cases_page (f)), NULL, 0, KD_CASE_STATUS_ACCEPTED };
  TextSearch cell = { GTK_WIDGET (cases_page (f)), "Accepted" };
  GtkWidget *button;
  gint64 id;

  kd_window_show_page (f->window, "cases");
  id = report_and_wait (f, "通组公路塌方，需要清理", &code);
  kd_cases_page_select_case (cases_page (f), id);
  g_assert_true (wait_for (is_mapped, detail (f), WAIT_MS));

  /* A new case offers "Accept" and nothing that core refuses. */
  g_assert_null (find_widget (GTK_WIDGET (detail (f)), is_status_button, GINT_TO_POINTER (KD_CASE_STATUS_RESOLVED)));
  button = find_widget (GTK_WIDGET (detail (f)), is_status_button, GINT_TO_POINTER (KD_CASE_STATUS_ACCEPTED));
  g_assert_nonnull (button);
  g_assert_true (gtk_widget_is_sensitive (button));
  g_assert_false (text_on_screen (&cell));

  g_signal_emit_by_name (button, "clicked");
  g_assert_true (kd_case_detail_get_busy (detail (f)));
  g_assert_true (wait_for (is_idle, detail (f), WAIT_MS));

  accepted.id = id;
  g_assert_true (wait_for (list_has_row, &accepted, LIVE_MS));
  g_assert_true (wait_for (text_on_screen, &cell, LIVE_MS));
  /* The selection stayed on the case through the refresh. */
  g_assert_cmpint (kd_cases_page_get_selected_id (cases_page (f)), ==, id);
  g_assert_cmpint (kd_case_get_status (kd_case_detail_get_case (detail (f))), ==, KD_CASE_STATUS_ACCEPTED);

  path = g_strdup_printf ("/api/v1/reports/%s", code);
  view = http (f, "GET", path, NULL, SOUP_STATUS_OK);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (view), "status"), ==, "accepted");
}

static GtkSelectionModel *
selection_model (Fixture *f)
{
  GtkWidget *view = find_widget (GTK_WIDGET (cases_page (f)), is_type, GSIZE_TO_POINTER (GTK_TYPE_COLUMN_VIEW));

  g_assert_nonnull (view);
  return gtk_column_view_get_model (GTK_COLUMN_VIEW (view));
}

/* The one row selected (the queue selects several for its bulk actions). */
static guint
selected_position (GtkSelectionModel *selection)
{
  g_autoptr(GtkBitset) set = gtk_selection_model_get_selection (selection);

  g_assert_cmpuint (gtk_bitset_get_size (set), ==, 1);
  return gtk_bitset_get_minimum (set);
}

/* Reports arriving above the selected row move it down; the selection
 * follows the case, and the refresh reads only the pages on screen. */
static void
test_selection_follows_case (Fixture       *f,
                             gconstpointer  data)
{
  KdCaseList *list = kd_cases_page_get_list (cases_page (f));
  GtkSelectionModel *selection;
  g_autoptr(KdCase) selected = NULL;
  g_autoptr(KdCase) target = NULL;
  guint before_pos, pages_before;
  gint64 id, target_id;

  kd_window_show_page (f->window, "cases");
  g_assert_true (wait_for (is_mapped, cases_page (f), WAIT_MS));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, GPOINTER_TO_UINT (data));

  selection = selection_model (f);
  target = g_list_model_get_item (G_LIST_MODEL (list), 150);
  target_id = kd_case_get_id (target);
  kd_cases_page_select_case (cases_page (f), target_id);
  before_pos = selected_position (selection);
  g_assert_cmpuint (before_pos, ==, 150);

  pages_before = kd_case_list_get_pages_loaded (list);
  id = report_and_wait (f, "新的报告排在最前面", NULL);
  g_assert_cmpint (id, >, 0);

  selected = g_list_model_get_item (G_LIST_MODEL (selection), selected_position (selection));
  g_assert_cmpint (kd_case_get_id (selected), ==, target_id);
  /* The new case waits behind the "new cases" button: the row stays. */
  g_assert_cmpuint (selected_position (selection), ==, before_pos);
  g_assert_cmpint (kd_cases_page_get_selected_id (cases_page (f)), ==, target_id);
  /* Not every page of the table: the visible one or two, and the row's own. */
  g_assert_cmpuint (kd_case_list_get_pages_loaded (list) - pages_before, <=, 4);
}

static GtkColumnViewColumn *
column_titled (GtkColumnView *view,
               const char    *title)
{
  GListModel *columns = gtk_column_view_get_columns (view);

  for (guint i = 0; i < g_list_model_get_n_items (columns); i++)
    {
      g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (columns, i);

      if (g_strcmp0 (gtk_column_view_column_get_title (column), title) == 0)
        return column;
    }

  return NULL;
}

static gboolean
is_urgent_toggle (GtkWidget *widget,
                  gpointer   data)
{
  return GTK_IS_TOGGLE_BUTTON (widget) &&
         g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), "_Urgent Only") == 0;
}

static KdCase *
row (KdCaseList *list,
     guint       position)
{
  KdCase *kase = g_list_model_get_item (G_LIST_MODEL (list), position);

  g_assert_nonnull (kase);
  return kase;
}

/* The filters and the column headers go to SQL through the list. */
static void
test_queue_filters_and_sort (Fixture       *f,
                             gconstpointer  data)
{
  KdCaseList *list = kd_cases_page_get_list (cases_page (f));
  GtkWidget *view = find_widget (GTK_WIDGET (cases_page (f)), is_type, GSIZE_TO_POINTER (GTK_TYPE_COLUMN_VIEW));
  GtkWidget *toggle = find_widget (GTK_WIDGET (cases_page (f)), is_urgent_toggle, NULL);
  guint all = g_list_model_get_n_items (G_LIST_MODEL (list));
  guint n;

  kd_window_show_page (f->window, "cases");
  g_assert_true (wait_for (is_mapped, cases_page (f), WAIT_MS));
  g_assert_cmpuint (all, ==, GPOINTER_TO_UINT (data));

  /* Newest first by default, with the arrow on the time column. */
  {
    g_autoptr(KdCase) first = row (list, 0);
    g_autoptr(KdCase) last = row (list, all - 1);
    g_assert_cmpint (kd_case_get_created_at (first), >=, kd_case_get_created_at (last));
  }

  /* Clicking "No." sorts by id, ascending, then descending. */
  gtk_column_view_sort_by_column (GTK_COLUMN_VIEW (view), column_titled (GTK_COLUMN_VIEW (view), "No."),
                                  GTK_SORT_ASCENDING);
  {
    g_autoptr(KdCase) first = row (list, 0);
    g_autoptr(KdCase) second = row (list, 1);
    g_assert_cmpint (kd_case_get_id (first), <, kd_case_get_id (second));
  }
  gtk_column_view_sort_by_column (GTK_COLUMN_VIEW (view), column_titled (GTK_COLUMN_VIEW (view), "No."),
                                  GTK_SORT_DESCENDING);
  {
    g_autoptr(KdCase) first = row (list, 0);
    g_assert_cmpint (kd_case_get_id (first), ==, all);
  }

  /* "Urgent only" keeps only urgent cases. */
  g_assert_true (GTK_IS_TOGGLE_BUTTON (toggle));
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (toggle), TRUE);
  n = g_list_model_get_n_items (G_LIST_MODEL (list));
  g_assert_cmpuint (n, >, 0);
  g_assert_cmpuint (n, <, all);
  for (guint i = 0; i < MIN (n, 20); i++)
    {
      g_autoptr(KdCase) kase = row (list, i);
      g_assert_true (kd_case_get_urgent (kase));
    }
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (toggle), FALSE);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, all);
}

/* Refreshes under a stream of reports. */

typedef struct
{
  guint pos;
  guint removed;
  guint added;
} Change;

static void
record_change_cb (GListModel *model,
                  guint       pos,
                  guint       removed,
                  guint       added,
                  GArray     *changes)
{
  Change c = { pos, removed, added };

  g_array_append_val (changes, c);
}

static gboolean
has_changes (gpointer data)
{
  return ((GArray *) data)->len > 0;
}

typedef struct
{
  GListModel *model;
  guint       n;
} CountWait;

static gboolean
has_n_items (gpointer data)
{
  CountWait *wait = data;

  return g_list_model_get_n_items (wait->model) == wait->n;
}

/* A status the case may move to, or -1. */
static int
next_status (KdCase *kase)
{
  for (int s = 0; s < KD_CASE_N_STATUSES; s++)
    if (kd_case_status_can_change (kd_case_get_status (kase), s) &&
        kd_workflow_status_input (s) == KD_STATUS_INPUT_NONE)
      return s;
  return -1;
}

static void
change_status (Fixture *f,
               gint64   id,
               int      status)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  kd_store_change_status_async (f->store, id, status, "测试", "已处理", NULL, send_done_cb, &result);
  g_assert_true (wait_for (has_result, &result, WAIT_MS));
  g_assert_true (kd_store_change_status_finish (f->store, result, &error));
  g_assert_no_error (error);
}

static GPtrArray *
hold_rows (GListModel *model,
           guint       n)
{
  GPtrArray *held = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < n; i++)
    g_ptr_array_add (held, g_list_model_get_item (model, i));

  return held;
}

/* Reports arriving above the held rows are announced as rows inserted at
 * the top; the held rows stay the same objects. A held row that changes is
 * announced alone. */
static void
test_refresh_shift (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(KdCaseList) list = kd_case_list_new (f->store);
  g_autoptr(KdRefreshModel) rows = kd_refresh_model_new (G_LIST_MODEL (list));
  GListModel *model = G_LIST_MODEL (rows);
  g_autoptr(GPtrArray) held = hold_rows (model, 20);
  g_autoptr(GArray) changes = g_array_new (FALSE, FALSE, sizeof (Change));
  g_autoptr(KdCase) changed = NULL;
  CountWait grown = { model, g_list_model_get_n_items (model) + 3 };
  KdCase *target = NULL;
  guint added = 0, target_pos = 0;
  Change *c;

  g_signal_connect (rows, "items-changed", G_CALLBACK (record_change_cb), changes);
  for (guint i = 0; i < 3; i++)
    post_report (f, "村道上有个大坑", NULL);
  g_assert_true (wait_for (has_n_items, &grown, LIVE_MS));

  for (guint i = 0; i < changes->len; i++)
    {
      c = &g_array_index (changes, Change, i);
      g_assert_cmpuint (c->pos, ==, 0);
      g_assert_cmpuint (c->removed, ==, 0);
      added += c->added;
    }
  g_assert_cmpuint (added, ==, 3);
  for (guint i = 0; i < held->len; i++)
    {
      g_autoptr(KdCase) now = g_list_model_get_item (model, i + 3);
      g_assert_true (now == held->pdata[i]);
    }

  for (guint i = 1; i < held->len && target == NULL; i++)
    if (next_status (held->pdata[i]) >= 0)
      {
        target = held->pdata[i];
        target_pos = i + 3;
      }
  g_assert_nonnull (target);
  g_array_set_size (changes, 0);
  change_status (f, kd_case_get_id (target), next_status (target));
  g_assert_true (wait_for (has_changes, changes, LIVE_MS));

  g_assert_cmpuint (changes->len, ==, 1);
  c = &g_array_index (changes, Change, 0);
  g_assert_cmpuint (c->pos, ==, target_pos);
  g_assert_cmpuint (c->removed, ==, 1);
  g_assert_cmpuint (c->added, ==, 1);
  changed = g_list_model_get_item (model, target_pos);
  g_assert_true (changed != target);
  g_assert_cmpint (kd_case_get_id (changed), ==, kd_case_get_id (target));
  g_assert_cmpint (kd_case_get_status (changed), ==, next_status (target));
}

/* A case that leaves a filtered list between held rows is announced as
 * that one row removed. */
static void
test_refresh_removal (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(KdCaseList) list = kd_case_list_new (f->store);
  g_autoptr(KdRefreshModel) rows = NULL;
  g_autoptr(GPtrArray) held = NULL;
  g_autoptr(GArray) changes = g_array_new (FALSE, FALSE, sizeof (Change));
  GListModel *model;
  KdCase *target;
  guint n;
  Change *c;

  kd_case_list_set_status (list, KD_CASE_STATUS_NEW);
  rows = kd_refresh_model_new (G_LIST_MODEL (list));
  model = G_LIST_MODEL (rows);
  n = g_list_model_get_n_items (model);
  g_assert_cmpuint (n, >=, 10);
  held = hold_rows (model, MIN (n, 20));
  target = held->pdata[5];

  g_signal_connect (rows, "items-changed", G_CALLBACK (record_change_cb), changes);
  change_status (f, kd_case_get_id (target), KD_CASE_STATUS_ACCEPTED);
  g_assert_true (wait_for (has_changes, changes, LIVE_MS));

  g_assert_cmpuint (changes->len, ==, 1);
  c = &g_array_index (changes, Change, 0);
  g_assert_cmpuint (c->pos, ==, 5);
  g_assert_cmpuint (c->removed, ==, 1);
  g_assert_cmpuint (c->added, ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, n - 1);
  for (guint i = 6; i < held->len; i++)
    {
      g_autoptr(KdCase) now = g_list_model_get_item (model, i - 1);
      g_assert_true (now == held->pdata[i]);
    }
}

/* The row widgets of the table, top to bottom. */
static GPtrArray *
table_rows (Fixture *f)
{
  GtkWidget *table = find_widget (GTK_WIDGET (cases_page (f)), is_type, GSIZE_TO_POINTER (GTK_TYPE_COLUMN_VIEW));
  GtkWidget *view = find_widget (table, is_type, GSIZE_TO_POINTER (GTK_TYPE_LIST_VIEW));
  GPtrArray *rows = g_ptr_array_new ();

  g_assert_nonnull (view);
  for (GtkWidget *child = gtk_widget_get_first_child (view); child; child = gtk_widget_get_next_sibling (child))
    if (g_strcmp0 (gtk_widget_get_css_name (child), "row") == 0 && gtk_widget_get_visible (child))
      g_ptr_array_add (rows, child);

  return rows;
}

/* The widget in column @column of @row: cells in the order of the columns. */
static GtkWidget *
row_cell (GtkWidget *row,
          guint      column)
{
  GtkWidget *cell = gtk_widget_get_first_child (row);

  for (guint i = 0; cell != NULL && i < column; i++)
    cell = gtk_widget_get_next_sibling (cell);
  g_assert_nonnull (cell);

  return gtk_widget_get_first_child (cell);
}

enum { COLUMN_ID, COLUMN_TITLE, COLUMN_KIND, COLUMN_VILLAGE, COLUMN_CATEGORY, COLUMN_URGENT, COLUMN_STATUS,
       COLUMN_DUE, COLUMN_ASSIGNEE, COLUMN_TIME, N_TABLE_COLUMNS };

static gint64
row_id (GtkWidget *row)
{
  return g_ascii_strtoll (gtk_inscription_get_text (GTK_INSCRIPTION (row_cell (row, COLUMN_ID))), NULL, 10);
}

static gboolean
row_shows (GtkWidget *row,
           KdCase    *kase)
{
  g_autofree char *time = kd_format_local_time (kd_case_get_created_at (kase));
  /* The summary cell is the title, with the match under it while searching. */
  GtkWidget *title = gtk_widget_get_first_child (row_cell (row, COLUMN_TITLE));

  return g_strcmp0 (gtk_inscription_get_text (GTK_INSCRIPTION (title)), kd_case_get_title (kase)) == 0 &&
         g_strcmp0 (gtk_inscription_get_text (GTK_INSCRIPTION (row_cell (row, COLUMN_VILLAGE))), kd_case_get_village_name (kase)) == 0 &&
         g_strcmp0 (gtk_inscription_get_text (GTK_INSCRIPTION (row_cell (row, COLUMN_CATEGORY))), kd_case_get_category_name (kase)) == 0 &&
         gtk_widget_get_visible (row_cell (row, COLUMN_URGENT)) == kd_case_get_urgent (kase) &&
         g_strcmp0 (gtk_inscription_get_text (GTK_INSCRIPTION (row_cell (row, COLUMN_STATUS))),
                    kd_case_status_label (kd_case_get_status (kase))) == 0 &&
         g_strcmp0 (gtk_inscription_get_text (GTK_INSCRIPTION (row_cell (row, COLUMN_TIME))), time) == 0;
}

static double
row_y (GtkWidget *row)
{
  graphene_rect_t bounds;

  g_assert_true (gtk_widget_compute_bounds (row, gtk_widget_get_parent (row), &bounds));
  return bounds.origin.y;
}

static gboolean
row_on_screen (GtkWidget *row)
{
  graphene_rect_t bounds;

  return gtk_widget_compute_bounds (row, gtk_widget_get_parent (row), &bounds) &&
         bounds.size.height > 0 && bounds.origin.y >= 0 &&
         bounds.origin.y + bounds.size.height <= gtk_widget_get_height (gtk_widget_get_parent (row));
}

static int
compare_row_y (gconstpointer a,
               gconstpointer b)
{
  double ya = row_y (*(GtkWidget **) a), yb = row_y (*(GtkWidget **) b);

  return (ya > yb) - (ya < yb);
}

/* The rows on screen, top to bottom. */
static GPtrArray *
screen_rows (Fixture *f)
{
  g_autoptr(GPtrArray) rows = table_rows (f);
  GPtrArray *shown = g_ptr_array_new ();

  for (guint i = 0; i < rows->len; i++)
    if (row_on_screen (rows->pdata[i]))
      g_ptr_array_add (shown, rows->pdata[i]);
  g_ptr_array_sort (shown, compare_row_y);

  return shown;
}

/* Every row widget shows its case as the store has it, and the rows on
 * screen are the list's rows in its order. */
static gboolean
rows_show_store (gpointer data)
{
  Fixture *f = data;
  KdCaseList *list = kd_cases_page_get_list (cases_page (f));
  g_autoptr(GPtrArray) rows = table_rows (f);
  g_autoptr(GPtrArray) shown = screen_rows (f);
  guint first = G_MAXUINT;

  for (guint i = 0; i < rows->len; i++)
    {
      g_autoptr(KdCase) kase = kd_case_load (kd_store_get_reader (f->store), row_id (rows->pdata[i]), NULL);

      if (kase == NULL || !row_shows (rows->pdata[i], kase))
        return FALSE;
    }

  for (guint i = 0; i < shown->len; i++)
    {
      guint pos = kd_case_list_find (list, row_id (shown->pdata[i]));

      if (i == 0)
        first = pos;
      if (pos != first + i)
        return FALSE;
    }

  return shown->len > 10;
}

static void
count_cb (gpointer  object,
          gpointer  item,
          guint    *count)
{
  (*count)++;
}

static void
count_refreshes_cb (GListModel *list,
                    guint       position,
                    guint       removed,
                    guint       added,
                    guint      *count)
{
  (*count)++;
}

static void
count_setups (Fixture *f,
              guint   *setups)
{
  GtkWidget *view = find_widget (GTK_WIDGET (cases_page (f)), is_type, GSIZE_TO_POINTER (GTK_TYPE_COLUMN_VIEW));
  GListModel *columns = gtk_column_view_get_columns (GTK_COLUMN_VIEW (view));

  for (guint i = 0; i < g_list_model_get_n_items (columns); i++)
    {
      g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (columns, i);

      g_signal_connect (gtk_column_view_column_get_factory (column), "setup", G_CALLBACK (count_cb), setups);
    }
}

/* A burst of reports and a status change on screen: the rows on screen show
 * the right cases, and the row widgets of cases that only moved are kept. */
static void
test_queue_burst (Fixture       *f,
                  gconstpointer  data)
{
  KdCaseList *list = kd_cases_page_get_list (cases_page (f));
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(KdCase) target = NULL;
  CountWait grown = { G_LIST_MODEL (list), GPOINTER_TO_UINT (data) + 5 };
  gpointer kept_cell;
  gint64 kept_id;
  guint setups = 0, refreshes = 0;
  g_autofree char *kept_text = NULL;

  kd_window_show_page (f->window, "cases");
  g_assert_true (wait_for (is_mapped, cases_page (f), WAIT_MS));
  g_assert_true (wait_for (rows_show_store, f, WAIT_MS));

  rows = screen_rows (f);
  kept_cell = row_cell (rows->pdata[2], COLUMN_ID);
  kept_id = row_id (rows->pdata[2]);
  kept_text = g_strdup (gtk_inscription_get_text (kept_cell));
  g_object_add_weak_pointer (kept_cell, &kept_cell);
  target = kd_case_load (kd_store_get_reader (f->store), row_id (rows->pdata[4]), NULL);
  g_assert_nonnull (target);
  g_clear_pointer (&rows, g_ptr_array_unref);

  count_setups (f, &setups);
  g_signal_connect (list, "items-changed", G_CALLBACK (count_refreshes_cb), &refreshes);
  if (next_status (target) >= 0)
    change_status (f, kd_case_get_id (target), next_status (target));
  for (guint i = 0; i < 5; i++)
    post_report (f, "自来水停了一整天", NULL);
  g_assert_true (wait_for (has_n_items, &grown, LIVE_MS));
  g_assert_true (wait_for (rows_show_store, f, LIVE_MS));

  /* The row that only moved kept its widgets, showing the same case. */
  g_assert_nonnull (kept_cell);
  g_assert_cmpstr (gtk_inscription_get_text (kept_cell), ==, kept_text);
  g_assert_cmpint (kd_case_list_find (list, kept_id), ==, 2 + 5);
  /* A few new rows per refresh (the changed one, the ones that come into
   * reach above), not the whole table's worth of cells. */
  g_assert_cmpuint (refreshes, >, 0);
  g_assert_cmpuint (setups, <=, refreshes * 4 * N_TABLE_COLUMNS);

  g_signal_handlers_disconnect_by_data (list, &refreshes);
  g_object_remove_weak_pointer (kept_cell, &kept_cell);
}

/* While searching, each summary has a second line: where it matched, the
 * words set in bold by attributes on plain text (the villager's text is never
 * parsed as markup). */
static gboolean
list_narrowed (gpointer data)
{
  Fixture *f = data;

  return g_list_model_get_n_items (G_LIST_MODEL (kd_cases_page_get_list (cases_page (f)))) < 300;
}

static gboolean
bold_covers (PangoAttrList *attrs,
             const char    *text,
             const char    *word)
{
  const char *at = strstr (text, word);
  g_autoptr(GSList) all = attrs ? pango_attr_list_get_attributes (attrs) : NULL;
  gboolean found = FALSE;

  for (GSList *l = all; l != NULL; l = l->next)
    {
      PangoAttribute *a = l->data;

      if (at != NULL && a->klass->type == PANGO_ATTR_WEIGHT &&
          a->start_index == (guint) (at - text) && a->end_index == (guint) (at - text + strlen (word)))
        found = TRUE;
    }
  g_slist_free_full (g_steal_pointer (&all), (GDestroyNotify) pango_attribute_destroy);
  return found;
}

/* Searching re-reads the queue and redraws every row: under AddressSanitizer
 * on a busy machine that takes longer than one wait. */
#define SLOW_WAIT_MS 20000

/* The queue's search entry, not one inside a drop-down's popover. */
static gboolean
is_queue_search (GtkWidget *widget,
                 gpointer   data)
{
  return GTK_IS_SEARCH_ENTRY (widget) && gtk_widget_get_ancestor (widget, GTK_TYPE_POPOVER) == NULL;
}

static void
test_search_highlight (Fixture       *f,
                       gconstpointer  data)
{
  GtkWidget *entry = find_widget (GTK_WIDGET (cases_page (f)), is_queue_search, NULL);
  g_autoptr(GPtrArray) rows = NULL;
  GtkWidget *summary, *title, *match;

  /* Through the index (cases still queued are highlighted the same way:
   * test-search.c checks both). */
  g_assert_true (kd_store_index_search (f->store, NULL));
  kd_window_show_page (f->window, "cases");
  g_assert_true (wait_for (is_mapped, cases_page (f), SLOW_WAIT_MS));
  g_assert_nonnull (entry);
  gtk_editable_set_text (GTK_EDITABLE (entry), "漏水");
  g_assert_true (wait_for (list_narrowed, f, SLOW_WAIT_MS));
  g_assert_true (wait_for (rows_show_store, f, SLOW_WAIT_MS));

  rows = table_rows (f);
  g_assert_cmpuint (rows->len, >, 0);
  summary = row_cell (rows->pdata[0], COLUMN_TITLE);
  title = gtk_widget_get_first_child (summary);
  match = gtk_widget_get_last_child (summary);
  g_assert_true (title != match && gtk_widget_get_visible (match));
  g_assert_nonnull (strstr (gtk_inscription_get_text (GTK_INSCRIPTION (match)), "漏水"));
  g_assert_true (bold_covers (gtk_inscription_get_attributes (GTK_INSCRIPTION (match)),
                              gtk_inscription_get_text (GTK_INSCRIPTION (match)), "漏水"));

  /* Cleared: one line again. */
  gtk_editable_set_text (GTK_EDITABLE (entry), "");
  g_assert_true (wait_for (rows_show_store, f, SLOW_WAIT_MS));
  rows = (g_ptr_array_unref (rows), table_rows (f));
  summary = row_cell (rows->pdata[0], COLUMN_TITLE);
  g_assert_false (gtk_widget_get_visible (gtk_widget_get_last_child (summary)));
}

int
main (int   argc,
      char *argv[])
{
  kd_test_display_init (&argc, &argv);

  g_test_add ("/kd/display/window/opens", Fixture, NULL, fixture_setup, test_window_opens, fixture_teardown);
  g_test_add ("/kd/display/queue/live", Fixture, NULL, fixture_setup, test_queue_live, fixture_teardown);
  g_test_add ("/kd/display/detail/reply", Fixture, NULL, fixture_setup, test_detail_reply, fixture_teardown);
  g_test_add ("/kd/display/detail/status", Fixture, NULL, fixture_setup, test_detail_status, fixture_teardown);
  g_test_add ("/kd/display/detail/internal-note", Fixture, NULL, fixture_setup, test_detail_internal_note, fixture_teardown);
  g_test_add ("/kd/display/queue/search-highlight", Fixture, GUINT_TO_POINTER (300),
              fixture_setup, test_search_highlight, fixture_teardown);
  g_test_add ("/kd/display/queue/filters", Fixture, GUINT_TO_POINTER (300),
              fixture_setup, test_queue_filters_and_sort, fixture_teardown);
  g_test_add ("/kd/display/queue/selection", Fixture, GUINT_TO_POINTER (2000),
              fixture_setup, test_selection_follows_case, fixture_teardown);
  g_test_add ("/kd/display/queue/burst", Fixture, GUINT_TO_POINTER (300),
              fixture_setup, test_queue_burst, fixture_teardown);
  g_test_add ("/kd/display/refresh/shift", Fixture, GUINT_TO_POINTER (300),
              fixture_setup, test_refresh_shift, fixture_teardown);
  g_test_add ("/kd/display/refresh/removal", Fixture, GUINT_TO_POINTER (300),
              fixture_setup, test_refresh_removal, fixture_teardown);

  return g_test_run ();
}
