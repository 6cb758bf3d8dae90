/* test-display-detail.c: the case detail under Xvfb, as a cadre works a
 * case through: the buttons offered from each status, the dialogs that ask
 * for a reason, an assignee or the case kept, the links between merged
 * cases, the photos and the canned replies. */
#include "config.h"

#include <adwaita.h>

#include "kd-assign-dialog.h"
#include "kd-cadre.h"
#include "kd-canned-reply.h"
#include "kd-case-detail.h"
#include "kd-merge-dialog.h"
#include "kd-photo-strip.h"
#include "kd-reason-dialog.h"
#include "kd-report.h"
#include "kd-store.h"
#include "kd-workflow.h"
#include "kd-test-photo.h"
#include "kd-test-util.h"

#define WAIT_MS 5000

typedef struct
{
  char         *dir;
  KdStore      *store;
  GtkWindow    *window;
  KdCaseDetail *detail;
} Fixture;

static const KdActor clerk = { 0, "值班员" };

/* Main-loop iteration with a deadline. */

typedef gboolean (*Condition) (gpointer data);

static gboolean
wake_cb (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

static gboolean
wait_for (Condition cond,
          gpointer  data)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) WAIT_MS * 1000;
  guint wake = g_timeout_add (10, wake_cb, NULL);
  gboolean ok;

  while (!(ok = cond (data)) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (wake);

  return ok;
}

static gboolean
is_idle (gpointer data)
{
  return !kd_case_detail_get_busy (data);
}

static gboolean
is_mapped (gpointer data)
{
  return gtk_widget_get_mapped (data);
}

/* Finding what is on screen. */

typedef gboolean (*WidgetTest) (GtkWidget *widget, gconstpointer data);

static GtkWidget *
find_widget (GtkWidget     *root,
             WidgetTest     test,
             gconstpointer  data)
{
  if (test (root, data))
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_widget (child, test, data);
      if (found != NULL)
        return found;
    }

  return NULL;
}

static gboolean
shows_text (GtkWidget     *widget,
            gconstpointer  data)
{
  const char *text = NULL;

  if (GTK_IS_LABEL (widget))
    text = gtk_label_get_text (GTK_LABEL (widget));

  return text != NULL && strstr (text, data) != NULL && gtk_widget_is_drawable (widget);
}

typedef struct
{
  GtkWidget  *root;
  const char *text;
} TextSearch;

static gboolean
text_on_screen (gpointer data)
{
  TextSearch *search = data;

  return find_widget (search->root, shows_text, search->text) != NULL;
}

/* A workflow button: "detail.change-status" with its status, or
 * "detail.pause" / "detail.resume" (negative: -1, -2). */
static gboolean
is_action_button (GtkWidget     *widget,
                  gconstpointer  data)
{
  int wanted = GPOINTER_TO_INT (data);
  const char *name;
  GVariant *target;

  if (!GTK_IS_BUTTON (widget) || !gtk_widget_is_drawable (widget))
    return FALSE;
  name = gtk_actionable_get_action_name (GTK_ACTIONABLE (widget));
  if (wanted == -1)
    return g_strcmp0 (name, "detail.pause") == 0;
  if (wanted == -2)
    return g_strcmp0 (name, "detail.resume") == 0;
  if (g_strcmp0 (name, "detail.change-status") != 0)
    return FALSE;

  target = gtk_actionable_get_action_target_value (GTK_ACTIONABLE (widget));
  return target != NULL && g_variant_get_int32 (target) == wanted;
}

static GtkWidget *
action_button (Fixture *f,
               int      action)
{
  return find_widget (GTK_WIDGET (f->detail), is_action_button, GINT_TO_POINTER (action));
}

/* Exactly @actions are offered (statuses, -1 pause, -2 resume). */
static void
assert_offered (Fixture   *f,
                const int *actions,
                gsize      n)
{
  for (int a = -2; a < KD_CASE_N_STATUSES; a++)
    {
      gboolean expected = FALSE;

      for (gsize i = 0; i < n; i++)
        expected |= actions[i] == a;
      if (expected != (action_button (f, a) != NULL))
        g_error ("Action %d is %s but should %s", a, expected ? "missing" : "offered", expected ? "be" : "not be");
    }
}

#define ASSERT_OFFERED(f, ...) \
  G_STMT_START { const int offered_[] = { __VA_ARGS__ }; assert_offered (f, offered_, G_N_ELEMENTS (offered_)); } G_STMT_END

static void
click (GtkWidget *button)
{
  g_assert_nonnull (button);
  g_assert_true (gtk_widget_is_sensitive (button));
  g_signal_emit_by_name (button, "clicked");
}

/* The case as stored now, shown. */

static KdCase *
load (Fixture *f,
      gint64   id)
{
  g_autoptr(GError) error = NULL;
  KdCase *kase = kd_case_load (kd_store_get_reader (f->store), id, &error);

  g_assert_no_error (error);
  return kase;
}

static void
show (Fixture *f,
      gint64   id)
{
  g_autoptr(KdCase) kase = load (f, id);

  kd_case_detail_set_case (f->detail, kase);
}

typedef struct
{
  Fixture *f;
  int      status;
} StatusWait;

static gboolean
shows_status (gpointer data)
{
  StatusWait *wait = data;
  KdCase *kase = kd_case_detail_get_case (wait->f->detail);

  return is_idle (wait->f->detail) && kase != NULL && (int) kd_case_get_status (kase) == wait->status;
}

static void
wait_status (Fixture *f,
             int      status)
{
  StatusWait wait = { f, status };

  g_assert_true (wait_for (shows_status, &wait));
}

/* Writes on the writer, for the setup of a test. */

typedef struct
{
  const char *description;
  guint       n_photos;
} NewCase;

static gpointer
insert_job (KdDb      *db,
            gpointer   data,
            KdChanges *changes,
            GError   **error)
{
  NewCase *c = data;
  g_autoptr(KdReport) r = kd_report_new ();

  r->village = g_strdup ("kuiduo");
  r->category = g_strdup ("roads");
  r->description = g_strdup (c->description);
  r->reporter_name = g_strdup ("村民甲");
  r->channel = g_strdup ("phone");
  if (c->n_photos > 0)
    {
      r->photos = g_ptr_array_new_with_free_func ((GDestroyNotify) kd_photo_free);
      for (guint i = 0; i < c->n_photos; i++)
        {
          g_autoptr(GBytes) jpeg = kd_test_jpeg (320 + 40 * i, 240, FALSE);
          KdPhoto *photo = kd_photo_new_from_upload (jpeg, error);

          if (photo == NULL)
            return NULL;
          g_ptr_array_add (r->photos, photo);
        }
    }
  return kd_case_insert (db, r, g_get_real_time () / G_USEC_PER_SEC, changes, error);
}

static gint64
insert (Fixture    *f,
        const char *description,
        guint       n_photos)
{
  NewCase c = { description, n_photos };
  g_autoptr(GError) error = NULL;
  g_autoptr(KdCase) kase = kd_writer_run_sync (kd_store_get_writer (f->store), insert_job, &c,
                                               g_object_unref, &error);

  g_assert_no_error (error);
  return kd_case_get_id (kase);
}

static gpointer
accept_job (KdDb      *db,
            gpointer   data,
            KdChanges *changes,
            GError   **error)
{
  gint64 id = *(gint64 *) data;

  return kd_workflow_accept (db, id, &clerk, NULL, g_get_real_time () / G_USEC_PER_SEC, changes, error)
         ? GINT_TO_POINTER (TRUE) : NULL;
}

static void
accept (Fixture *f,
        gint64   id)
{
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (kd_writer_run_sync (kd_store_get_writer (f->store), accept_job, &id, NULL, &error));
  g_assert_no_error (error);
}

/* Fixture */

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  f->store = kd_test_store_new ("kd-display-detail-XXXXXX", &f->dir);
  f->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (f->window, 760, 1400);
  f->detail = g_object_new (KD_TYPE_CASE_DETAIL, "store", f->store, NULL);
  gtk_window_set_child (f->window, GTK_WIDGET (f->detail));
  gtk_window_present (f->window);
  g_assert_true (wait_for (is_mapped, f->window));
}

static gboolean
is_finalized (gpointer data)
{
  return *(gpointer *) data == NULL;
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  gpointer window = f->window;

  g_object_add_weak_pointer (window, &window);
  gtk_window_destroy (f->window);
  g_assert_true (wait_for (is_finalized, &window));

  g_clear_object (&f->store);
  kd_test_remove_tree (f->dir);
  g_free (f->dir);
}

/* Answers the open dialog with @response, as its button does. */
static void
respond (Fixture    *f,
         const char *response)
{
  GtkWindow *dialog = kd_case_detail_get_dialog (f->detail);

  g_assert_nonnull (dialog);
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), response);
  if (kd_case_detail_get_dialog (f->detail) != NULL)
    gtk_window_destroy (dialog);
}

/* Tests */

static void
test_new_then_accepted (Fixture       *f,
                        gconstpointer  data)
{
  gint64 id = insert (f, "村口路灯坏了三盏", 0);

  show (f, id);
  /* A new case: accept (the next step), merge, reject — nothing else. */
  ASSERT_OFFERED (f, KD_CASE_STATUS_ACCEPTED, KD_CASE_STATUS_DUPLICATE, KD_CASE_STATUS_REJECTED);
  g_assert_true (gtk_widget_has_css_class (action_button (f, KD_CASE_STATUS_ACCEPTED), "suggested-action"));
  g_assert_true (gtk_widget_has_css_class (action_button (f, KD_CASE_STATUS_REJECTED), "destructive-action"));

  click (action_button (f, KD_CASE_STATUS_ACCEPTED));
  g_assert_true (kd_case_detail_get_busy (f->detail));
  wait_status (f, KD_CASE_STATUS_ACCEPTED);

  /* Accepted: assign (now the next step), start, resolve, wait, merge, reject. */
  ASSERT_OFFERED (f, KD_CASE_STATUS_ASSIGNED, KD_CASE_STATUS_IN_PROGRESS, KD_CASE_STATUS_RESOLVED, -1,
                  KD_CASE_STATUS_DUPLICATE, KD_CASE_STATUS_REJECTED);
  g_assert_true (gtk_widget_has_css_class (action_button (f, KD_CASE_STATUS_ASSIGNED), "suggested-action"));
  g_assert_false (gtk_widget_has_css_class (action_button (f, KD_CASE_STATUS_IN_PROGRESS), "suggested-action"));
}

static void
test_reject_needs_reason (Fixture       *f,
                          gconstpointer  data)
{
  const char *reason = "属于县交通局管辖，已告知村民拨打12345";
  TextSearch shown = { GTK_WIDGET (f->detail), reason };
  gint64 id = insert (f, "国道上有坑", 0);
  g_autoptr(KdCase) after = NULL;
  GtkWindow *dialog;

  show (f, id);
  click (action_button (f, KD_CASE_STATUS_REJECTED));
  dialog = kd_case_detail_get_dialog (f->detail);
  g_assert_true (KD_IS_REASON_DIALOG (dialog));
  /* The button waits for a reason… */
  g_assert_false (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), KD_REASON_DIALOG_ACCEPT));

  /* …and core refuses a blank one all the same: the case stays as it was. */
  respond (f, KD_REASON_DIALOG_ACCEPT);
  g_assert_true (wait_for (is_idle, f->detail));
  after = load (f, id);
  g_assert_cmpint (kd_case_get_status (after), ==, KD_CASE_STATUS_NEW);
  g_assert_cmpint (kd_case_get_status (kd_case_detail_get_case (f->detail)), ==, KD_CASE_STATUS_NEW);

  click (action_button (f, KD_CASE_STATUS_REJECTED));
  dialog = kd_case_detail_get_dialog (f->detail);
  kd_reason_dialog_set_text (KD_REASON_DIALOG (dialog), reason);
  g_assert_true (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), KD_REASON_DIALOG_ACCEPT));
  respond (f, KD_REASON_DIALOG_ACCEPT);
  wait_status (f, KD_CASE_STATUS_REJECTED);

  /* Final: nothing more to do; the reason is on show. */
  g_assert_null (action_button (f, KD_CASE_STATUS_ACCEPTED));
  g_assert_null (action_button (f, KD_CASE_STATUS_REJECTED));
  g_assert_true (text_on_screen (&shown));
}

static void
test_resolve_with_note (Fixture       *f,
                        gconstpointer  data)
{
  const char *note = "已更换路灯，今晚起正常照明";
  TextSearch shown = { GTK_WIDGET (f->detail), note };
  gint64 id = insert (f, "村口路灯坏了", 0);
  GtkWindow *dialog;

  accept (f, id);
  show (f, id);
  click (action_button (f, KD_CASE_STATUS_RESOLVED));
  dialog = kd_case_detail_get_dialog (f->detail);
  g_assert_true (KD_IS_REASON_DIALOG (dialog));
  kd_reason_dialog_set_text (KD_REASON_DIALOG (dialog), note);
  respond (f, KD_REASON_DIALOG_ACCEPT);
  wait_status (f, KD_CASE_STATUS_RESOLVED);

  ASSERT_OFFERED (f, KD_CASE_STATUS_CLOSED, KD_CASE_STATUS_REOPENED);
  g_assert_true (gtk_widget_has_css_class (action_button (f, KD_CASE_STATUS_CLOSED), "suggested-action"));
  /* The note is on the timeline. */
  g_assert_true (wait_for (text_on_screen, &shown));
}

static gboolean
offers_resume (gpointer data)
{
  return is_idle (((Fixture *) data)->detail) && action_button (data, -2) != NULL;
}

static gboolean
offers_pause (gpointer data)
{
  return is_idle (((Fixture *) data)->detail) && action_button (data, -1) != NULL;
}

static void
test_pause_resume (Fixture       *f,
                   gconstpointer  data)
{
  const char *reason = "请提供房屋照片";
  TextSearch shown = { GTK_WIDGET (f->detail), "Waiting for the villager since" };
  gint64 id = insert (f, "危房改造申请", 0);
  GtkWindow *dialog;

  accept (f, id);
  show (f, id);
  click (action_button (f, -1));
  dialog = kd_case_detail_get_dialog (f->detail);
  g_assert_true (KD_IS_REASON_DIALOG (dialog));
  kd_reason_dialog_set_text (KD_REASON_DIALOG (dialog), reason);
  respond (f, KD_REASON_DIALOG_ACCEPT);
  g_assert_true (wait_for (offers_resume, f));

  /* Waiting: resume is the next step; the header says since when and why. */
  g_assert_null (action_button (f, -1));
  g_assert_true (gtk_widget_has_css_class (action_button (f, -2), "suggested-action"));
  g_assert_true (text_on_screen (&shown));
  g_assert_nonnull (find_widget (GTK_WIDGET (f->detail), shows_text, reason));

  click (action_button (f, -2));
  g_assert_true (wait_for (offers_pause, f));
  g_assert_false (text_on_screen (&shown));
}

static gboolean
assignee_shown (gpointer data)
{
  Fixture *f = data;
  KdCase *kase = kd_case_detail_get_case (f->detail);

  return is_idle (f->detail) && kase != NULL && kd_case_get_assignee_id (kase) != 0;
}

static gpointer
seed_cadres_job (KdDb      *db,
                 gpointer   data,
                 KdChanges *changes,
                 GError   **error)
{
  return kd_cadre_demo_seed (db, changes, error) ? GINT_TO_POINTER (TRUE) : NULL;
}

static KdCadre *
find_cadre (Fixture    *f,
            const char *username)
{
  g_autoptr(GListModel) cadres = kd_cadre_list (kd_store_get_reader (f->store), FALSE, NULL);

  for (guint i = 0; cadres != NULL && i < g_list_model_get_n_items (cadres); i++)
    {
      g_autoptr(KdCadre) cadre = g_list_model_get_item (cadres, i);

      if (g_strcmp0 (kd_cadre_get_username (cadre), username) == 0)
        return g_steal_pointer (&cadre);
    }
  g_assert_not_reached ();
}

static void
test_assign (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KdCadre) secretary = NULL;
  g_autoptr(KdCadre) admin = NULL;
  g_autofree char *expected = NULL;
  TextSearch shown = { GTK_WIDGET (f->detail), NULL };
  KdAssignDialog *dialog;
  gint64 id = insert (f, "水管漏水", 0);

  g_assert_nonnull (kd_writer_run_sync (kd_store_get_writer (f->store), seed_cadres_job, NULL, NULL, &error));
  g_assert_no_error (error);
  secretary = find_cadre (f, "secretary");
  admin = find_cadre (f, "admin");

  accept (f, id);
  show (f, id);
  click (action_button (f, KD_CASE_STATUS_ASSIGNED));
  dialog = KD_ASSIGN_DIALOG (kd_case_detail_get_dialog (f->detail));
  g_assert_true (KD_IS_ASSIGN_DIALOG (dialog));
  /* The case's own village first; its secretary and the town staff, not the administrator. */
  g_assert_cmpint (kd_assign_dialog_get_village_id (dialog), ==, kd_case_get_village_id (kd_case_detail_get_case (f->detail)));
  g_assert_cmpint (kd_assign_dialog_get_cadre_id (dialog), ==, 0);
  g_assert_false (kd_assign_dialog_select_cadre (dialog, kd_cadre_get_id (admin)));
  g_assert_true (kd_assign_dialog_select_cadre (dialog, kd_cadre_get_id (secretary)));
  respond (f, KD_ASSIGN_DIALOG_ASSIGN);
  g_assert_true (wait_for (assignee_shown, f));
  g_assert_cmpint (kd_case_get_status (kd_case_detail_get_case (f->detail)), ==, KD_CASE_STATUS_ASSIGNED);

  expected = g_strdup_printf ("%s · %s", kd_cadre_get_village_name (secretary), kd_cadre_get_display_name (secretary));
  shown.text = expected;
  g_assert_true (text_on_screen (&shown));
  /* Assigned: start next, or reassign. */
  g_assert_true (gtk_widget_has_css_class (action_button (f, KD_CASE_STATUS_IN_PROGRESS), "suggested-action"));
  g_assert_nonnull (action_button (f, KD_CASE_STATUS_ASSIGNED));
}

static void
show_case_cb (KdCaseDetail *detail,
              gint64        case_id,
              gint64       *out)
{
  *out = case_id;
}

static gboolean
is_link_to (GtkWidget     *widget,
            gconstpointer  data)
{
  const char *label = GTK_IS_BUTTON (widget) ? gtk_button_get_label (GTK_BUTTON (widget)) : NULL;

  return label != NULL && gtk_widget_has_css_class (widget, "link") && gtk_widget_is_drawable (widget) &&
         g_str_has_suffix (label, data);
}

static void
test_merge_links (Fixture       *f,
                  gconstpointer  data)
{
  gint64 kept = insert (f, "村道塌方，摩托车过不去", 0);
  gint64 dup = insert (f, "村道塌了，过不去", 0);
  g_autofree char *kept_ref = g_strdup_printf ("#%" G_GINT64_FORMAT, kept);
  g_autofree char *dup_ref = g_strdup_printf ("#%" G_GINT64_FORMAT, dup);
  g_autoptr(KdCase) kept_case = load (f, kept);
  gint64 followed = 0;
  KdMergeDialog *dialog;
  GtkWidget *link;

  g_signal_connect (f->detail, "show-case", G_CALLBACK (show_case_cb), &followed);
  show (f, dup);
  click (action_button (f, KD_CASE_STATUS_DUPLICATE));
  dialog = KD_MERGE_DIALOG (kd_case_detail_get_dialog (f->detail));
  g_assert_true (KD_IS_MERGE_DIALOG (dialog));

  /* Itself or nothing cannot be kept; the kept case is confirmed by its title. */
  kd_merge_dialog_set_query (dialog, dup_ref);
  g_assert_null (kd_merge_dialog_get_kept (dialog));
  g_assert_false (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), KD_MERGE_DIALOG_MERGE));
  kd_merge_dialog_set_query (dialog, "#999999");
  g_assert_null (kd_merge_dialog_get_kept (dialog));
  kd_merge_dialog_set_query (dialog, kd_case_get_tracking_code (kept_case));  /* by code */
  g_assert_nonnull (kd_merge_dialog_get_kept (dialog));
  kd_merge_dialog_set_query (dialog, kept_ref);
  g_assert_nonnull (kd_merge_dialog_get_kept (dialog));
  g_assert_cmpint (kd_case_get_id (kd_merge_dialog_get_kept (dialog)), ==, kept);
  g_assert_nonnull (find_widget (GTK_WIDGET (dialog), shows_text, "村道塌方"));
  respond (f, KD_MERGE_DIALOG_MERGE);
  wait_status (f, KD_CASE_STATUS_DUPLICATE);

  /* The duplicate is final (no button at all) and links to the case kept… */
  ASSERT_OFFERED (f, G_MININT);
  link = find_widget (GTK_WIDGET (f->detail), is_link_to, kept_ref);
  g_assert_nonnull (link);
  g_signal_emit_by_name (link, "clicked");
  g_assert_cmpint (followed, ==, kept);

  /* …and the kept case to its duplicate. */
  show (f, kept);
  link = find_widget (GTK_WIDGET (f->detail), is_link_to, dup_ref);
  g_assert_nonnull (link);
  followed = 0;
  g_signal_emit_by_name (link, "clicked");
  g_assert_cmpint (followed, ==, dup);
}

static gboolean
photos_shown (gpointer data)
{
  return kd_photo_strip_get_n_shown (data) == 2;
}

static gboolean
is_picture (GtkWidget     *widget,
            gconstpointer  data)
{
  return GTK_IS_PICTURE (widget) && gtk_picture_get_paintable (GTK_PICTURE (widget)) != NULL &&
         gtk_widget_is_drawable (widget);
}

static gboolean
is_photo_strip (GtkWidget     *widget,
                gconstpointer  data)
{
  return KD_IS_PHOTO_STRIP (widget);
}

static void
test_photos (Fixture       *f,
             gconstpointer  data)
{
  gint64 plain = insert (f, "没有照片的反映", 0);
  gint64 with_photos = insert (f, "院墙裂缝，附照片", 2);
  KdPhotoStrip *strip = KD_PHOTO_STRIP (find_widget (GTK_WIDGET (f->detail), is_photo_strip, NULL));
  GtkWidget *large;
  GdkPaintable *paintable;

  g_assert_nonnull (strip);
  show (f, plain);
  g_assert_cmpuint (kd_photo_strip_get_n_shown (strip), ==, 0);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (strip)));

  show (f, with_photos);
  g_assert_true (wait_for (photos_shown, strip));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (strip)));
  g_assert_true (wait_for (is_mapped, strip));
  g_assert_nonnull (find_widget (GTK_WIDGET (strip), is_picture, NULL));

  /* The second one, large, as decoded: 360 × 240. */
  large = kd_photo_strip_open (strip, 1);
  g_assert_true (wait_for (is_mapped, large));
  paintable = gtk_picture_get_paintable (GTK_PICTURE (find_widget (large, is_picture, NULL)));
  g_assert_cmpint (gdk_paintable_get_intrinsic_width (paintable), ==, 360);
  g_assert_cmpint (gdk_paintable_get_intrinsic_height (paintable), ==, 240);
  gtk_window_destroy (GTK_WINDOW (large));

  /* Back to a case without photos: none left over. */
  show (f, plain);
  g_assert_cmpuint (kd_photo_strip_get_n_shown (strip), ==, 0);
}

static gpointer
canned_job (KdDb      *db,
            gpointer   data,
            KdChanges *changes,
            GError   **error)
{
  gint64 roads = kd_db_query_int (db, "SELECT id FROM categories WHERE code = 'roads'", error);
  gint64 water = kd_db_query_int (db, "SELECT id FROM categories WHERE code = 'water-power'", error);

  return kd_canned_reply_insert (db, 0, "已收到", "您好，已收到，正在处理。", changes, error) &&
         kd_canned_reply_insert (db, water, "已通水", "已经恢复供水。", changes, error) &&
         kd_canned_reply_insert (db, roads, "道路已修", "您好，道路已经修好，请注意通行安全。", changes, error)
         ? GINT_TO_POINTER (TRUE) : NULL;
}

static gboolean
is_menu_button (GtkWidget     *widget,
                gconstpointer  data)
{
  return GTK_IS_MENU_BUTTON (widget);
}

static gboolean
is_list_row (GtkWidget     *widget,
             gconstpointer  data)
{
  return GTK_IS_LIST_BOX_ROW (widget) && gtk_widget_get_mapped (widget);
}

static void
test_canned_reply (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  GtkWidget *button, *row;
  gint64 id = insert (f, "村道塌方", 0);

  g_assert_nonnull (kd_writer_run_sync (kd_store_get_writer (f->store), canned_job, NULL, NULL, &error));
  g_assert_no_error (error);
  show (f, id);

  button = find_widget (GTK_WIDGET (f->detail), is_menu_button, NULL);
  g_assert_nonnull (button);
  gtk_menu_button_popup (GTK_MENU_BUTTON (button));
  g_assert_true (wait_for (is_mapped, gtk_menu_button_get_popover (GTK_MENU_BUTTON (button))));

  /* The roads reply first, then the general one; never the water one. */
  g_assert_nonnull (find_widget (button, shows_text, "道路已修"));
  g_assert_nonnull (find_widget (button, shows_text, "已收到"));
  g_assert_null (find_widget (button, shows_text, "已通水"));
  row = find_widget (button, is_list_row, NULL);
  g_assert_nonnull (row);
  g_assert_nonnull (find_widget (row, shows_text, "道路已修"));

  /* Chosen: into the reply box, to edit before sending. */
  gtk_widget_activate (row);
  text = kd_case_detail_dup_reply_text (f->detail);
  g_assert_cmpstr (text, ==, "您好，道路已经修好，请注意通行安全。");
  g_assert_true (gtk_widget_is_sensitive (kd_case_detail_get_reply_button (f->detail)));
}

int
main (int    argc,
      char **argv)
{
  /* As in test-display.c: mesa unloads its driver before LeakSanitizer
   * looks, leaving leaks no suppression can name; rendering is not tested. */
  if (g_getenv ("GDK_DEBUG") == NULL)
    g_setenv ("GDK_DEBUG", "gl-disable", TRUE);

  g_test_init (&argc, &argv, NULL);
  gtk_init ();
  adw_init ();

  g_test_add ("/kd/display-detail/new-then-accepted", Fixture, NULL, fixture_setup, test_new_then_accepted, fixture_teardown);
  g_test_add ("/kd/display-detail/reject-needs-reason", Fixture, NULL, fixture_setup, test_reject_needs_reason, fixture_teardown);
  g_test_add ("/kd/display-detail/resolve-with-note", Fixture, NULL, fixture_setup, test_resolve_with_note, fixture_teardown);
  g_test_add ("/kd/display-detail/pause-resume", Fixture, NULL, fixture_setup, test_pause_resume, fixture_teardown);
  g_test_add ("/kd/display-detail/assign", Fixture, NULL, fixture_setup, test_assign, fixture_teardown);
  g_test_add ("/kd/display-detail/merge-links", Fixture, NULL, fixture_setup, test_merge_links, fixture_teardown);
  g_test_add ("/kd/display-detail/photos", Fixture, NULL, fixture_setup, test_photos, fixture_teardown);
  g_test_add ("/kd/display-detail/canned-reply", Fixture, NULL, fixture_setup, test_canned_reply, fixture_teardown);

  return g_test_run ();
}
