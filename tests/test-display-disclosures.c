/* test-display-disclosures.c: the disclosures on the real window under
 * Xvfb: the page lists what is in the database and follows its changes;
 * the editor refuses a bad amount and a bad period and saves nothing; a
 * second cadre reviews, the town office publishes; each cadre sees the
 * buttons their role allows in each state; the notice-board sheet renders
 * to a PDF, pages a long ledger, and its QR code reads as the phone address
 * of exactly that version. */
#include "config.h"

#include <string.h>
#include <adwaita.h>
#include <cairo-pdf.h>

#include "kd-cadre.h"
#include "kd-demo.h"
#include "kd-disclosure-dialog.h"
#include "kd-disclosure-item.h"
#include "kd-disclosure-sheet.h"
#include "kd-disclosures-page.h"
#include "kd-ledger-editor.h"
#include "kd-server.h"
#include "kd-test-disclosures.h"
#include "kd-test-qr.h"
#include "kd-test-display.h"
#include "kd-window.h"

#define A4_WIDTH  595.0
#define A4_HEIGHT 842.0
/* Tests */

static const KdDisclosure *
listed (Fixture *f,
        guint    i)
{
  g_autoptr(KdDisclosureItem) item = g_list_model_get_item (kd_disclosures_page_get_model (f->page), i);

  g_assert_nonnull (item);
  return kd_disclosure_item_get (item);
}

typedef struct
{
  Fixture *f;
  guint    n;
} Count;

static gboolean
lists (gpointer data)
{
  Count *count = data;

  return g_list_model_get_n_items (kd_disclosures_page_get_model (count->f->page)) == count->n;
}

static void
wait_listed (Fixture *f,
             guint    n)
{
  Count count = { f, n };

  g_assert_true (wait_for (lists, &count, WAIT_MS));
}

static void
select_filter (Fixture    *f,
               const char *name,
               guint       position)
{
  gtk_drop_down_set_selected (GTK_DROP_DOWN (named (f->page, name)), position);
}

static void
test_list (Fixture       *f,
           gconstpointer  data)
{
  GListModel *model;
  KdDisclosureDialog *dialog = NULL;

  seed (f, f->staff, KD_DISCLOSURE_VILLAGE_AFFAIRS, 0, "2026-09", "九月低保评议结果", 0);
  seed (f, f->secretary, KD_DISCLOSURE_PARTY_AFFAIRS, f->kuiduo, "2026", "全年党费收缴情况", 0);
  seed_published (f, "第四季度财务收支", 3);

  open_window (f, f->admin);
  model = kd_disclosures_page_get_model (f->page);
  wait_listed (f, 3);

  /* Newest first, by where the period ends: 2026-Q4 and the year 2026 end
   * in December, 2026-09 before them. */
  g_assert_cmpstr (listed (f, 0)->title, ==, "第四季度财务收支");
  g_assert_cmpstr (listed (f, 1)->period, ==, "2026");
  g_assert_cmpstr (listed (f, 2)->period, ==, "2026-09");
  g_assert_true (text_in (f->page, "第四季度财务收支"));
  g_assert_true (text_in (f->page, "Published v1"));
  g_assert_true (text_in (f->page, "The whole town"));

  /* The filters go to the list. */
  select_filter (f, "kind-filter", 1 + KD_DISCLOSURE_FINANCE);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 1);
  select_filter (f, "kind-filter", 0);
  select_filter (f, "state-filter", 1);     /* drafts */
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 2);
  select_filter (f, "village-filter", 1);   /* the town */
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 1);
  g_assert_cmpint (listed (f, 0)->village_id, ==, 0);
  select_filter (f, "kind-filter", 1 + KD_DISCLOSURE_FINANCE);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 0);
  g_assert_true (text_in (f->page, "No disclosure matches"));
  select_filter (f, "kind-filter", 0);
  select_filter (f, "village-filter", 0);
  select_filter (f, "state-filter", 0);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 3);

  /* Another desk writes one: the page follows. */
  seed (f, f->staff, KD_DISCLOSURE_FINANCE, f->other, "2027-01", "一月财务收支", 1);
  wait_listed (f, 4);
  g_assert_cmpstr (listed (f, 0)->title, ==, "一月财务收支");

  /* A row opens in the editor. */
  g_signal_emit_by_name (find_widget (GTK_WIDGET (f->page), is_type, GSIZE_TO_POINTER (GTK_TYPE_COLUMN_VIEW)),
                         "activate", 0);
  g_assert_true (wait_for (dialog_shown, &dialog, WAIT_MS));
  g_assert_cmpstr (kd_disclosure_dialog_get_disclosure (dialog)->title, ==, "一月财务收支");
}

/* The editor refuses a bad period and a bad amount, saves nothing, and
 * keeps what was typed. */
static void
test_refuses (Fixture       *f,
              gconstpointer  data)
{
  KdDisclosureDialog *dialog;
  KdLedgerEditor *ledger;
  const KdDisclosure *saved;
  gint64 in, out;

  open_window (f, f->admin);
  dialog = open_dialog (f, 0);
  ledger = KD_LEDGER_EDITOR (named (dialog, "ledger"));
  g_assert_false (gtk_widget_get_mapped (GTK_WIDGET (ledger)));
  adw_combo_row_set_selected (ADW_COMBO_ROW (named (dialog, "kind")), KD_DISCLOSURE_FINANCE);
  g_assert_true (wait_for (is_mapped, ledger, WAIT_MS));
  gtk_drop_down_set_selected (GTK_DROP_DOWN (named (dialog, "granularity")), 1);   /* a quarter */
  gtk_drop_down_set_selected (GTK_DROP_DOWN (named (dialog, "part")), 3);          /* Q4 */
  gtk_editable_set_text (GTK_EDITABLE (named (dialog, "year")), "26");
  gtk_editable_set_text (GTK_EDITABLE (named (dialog, "title")), "第四季度财务收支");
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (named (dialog, "body"))), "收支如下。", -1);
  kd_ledger_editor_set_line (ledger, 0, "2026-10-08", "土地租金", "12,800.50", "");
  kd_ledger_editor_add_line (ledger);
  kd_ledger_editor_set_line (ledger, 1, "2026-10-09", "办公用品", "", "3.5.0");

  /* The amount is refused as it is typed, beside its line; the totals
   * count what parses. */
  g_assert_true (text_in (ledger, "“3.5.0” is not an amount"));
  kd_ledger_editor_get_totals (ledger, &in, &out);
  g_assert_cmpint (in, ==, 1280050);
  g_assert_cmpint (out, ==, 0);
  g_assert_true (text_in (ledger, "12,800.50"));

  /* The period: refused before anything is sent. */
  click (named (dialog, "save"));
  g_assert_true (text_in (dialog, "Give the period as a year"));
  g_assert_true (shown (dialog, "period-error"));
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM disclosures"), ==, 0);

  /* The amount, once the period is right. */
  gtk_editable_set_text (GTK_EDITABLE (named (dialog, "year")), "2026");
  click (named (dialog, "save"));
  g_assert_true (wait_for (is_idle, dialog, WAIT_MS));
  g_assert_false (shown (dialog, "period-error"));
  g_assert_true (text_in (ledger, "Ledger line 2: “3.5.0” is not an amount"));
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM disclosures"), ==, 0);
  g_assert_null (kd_disclosure_dialog_get_disclosure (dialog));

  /* Nothing typed is lost. */
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (named (dialog, "title"))), ==, "第四季度财务收支");
  g_assert_cmpuint (kd_ledger_editor_get_n_lines (ledger), ==, 2);

  /* Right now: saved as a draft, with its ledger in fen. */
  kd_ledger_editor_set_line (ledger, 1, "2026-10-09", "办公用品", "", "350");
  click (named (dialog, "save"));
  g_assert_cmpint (state_after (dialog), ==, KD_DISCLOSURE_DRAFT);
  saved = kd_disclosure_dialog_get_disclosure (dialog);
  g_assert_cmpstr (saved->period, ==, "2026-Q4");
  g_assert_cmpuint (saved->lines->len, ==, 2);
  g_assert_cmpint (query_int (f, "SELECT sum(income_fen) FROM disclosure_lines"), ==, 1280050);
  g_assert_cmpint (query_int (f, "SELECT sum(expense_fen) FROM disclosure_lines"), ==, 35000);
  g_assert_true (text_in (ledger, "12,450.50"));   /* the balance */
}

/* A second cadre reviews; the town office publishes. */
static void
test_review_publish (Fixture       *f,
                     gconstpointer  data)
{
  KdDisclosureDialog *dialog;
  g_autofree char *short_fingerprint = NULL;
  gint64 id;

  /* The secretary writes a draft for their village. */
  open_window (f, f->secretary);
  dialog = open_dialog (f, 0);
  g_assert_cmpuint (g_list_model_get_n_items (adw_combo_row_get_model (ADW_COMBO_ROW (named (dialog, "village")))),
                    ==, 1);   /* only their own village */
  gtk_editable_set_text (GTK_EDITABLE (named (dialog, "title")), "十月村务公开");
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (named (dialog, "body"))), "村务如下。", -1);
  click (named (dialog, "save"));
  g_assert_cmpint (state_after (dialog), ==, KD_DISCLOSURE_DRAFT);
  id = kd_disclosure_dialog_get_disclosure (dialog)->id;
  g_assert_cmpint (kd_disclosure_dialog_get_disclosure (dialog)->village_id, ==, f->kuiduo);
  g_assert_false (shown (dialog, "review"));   /* the last editor does not review */
  g_assert_false (shown (dialog, "publish"));
  g_assert_true (text_in (dialog, "a second cadre reviews it"));
  close_dialog (dialog);

  /* Town staff review it. */
  kd_window_set_cadre (f->window, f->staff);
  dialog = open_dialog (f, id);
  g_assert_false (shown (dialog, "publish"));
  click (named (dialog, "review"));
  g_assert_cmpint (state_after (dialog), ==, KD_DISCLOSURE_REVIEWED);
  g_assert_false (shown (dialog, "review"));
  close_dialog (dialog);

  /* The secretary cannot publish. */
  kd_window_set_cadre (f->window, f->secretary);
  dialog = open_dialog (f, id);
  g_assert_false (shown (dialog, "publish"));
  g_assert_false (shown (dialog, "review"));
  close_dialog (dialog);

  /* The town administrator publishes, once they confirm. */
  kd_window_set_cadre (f->window, f->admin);
  dialog = open_dialog (f, id);
  click (named (dialog, "publish"));
  confirm ("never be changed", "cancel");
  g_assert_cmpint (state_after (dialog), ==, KD_DISCLOSURE_REVIEWED);
  click (named (dialog, "publish"));
  confirm ("never be changed", "go");
  g_assert_true (wait_for (is_idle, dialog, WAIT_MS));
  g_assert_cmpint (state_after (dialog), ==, KD_DISCLOSURE_PUBLISHED);
  g_assert_cmpint (query_int (f, "SELECT version FROM disclosures WHERE state = 2"), ==, 1);

  /* Published: read-only, with its fingerprint, and only correcting and printing left. */
  short_fingerprint = kd_disclosure_short_fingerprint (kd_disclosure_dialog_get_disclosure (dialog)->fingerprint);
  g_assert_true (text_in (dialog, short_fingerprint));
  g_assert_false (shown (dialog, "save"));
  g_assert_false (shown (dialog, "delete"));
  g_assert_false (shown (dialog, "review"));
  g_assert_false (shown (dialog, "publish"));
  g_assert_true (shown (dialog, "correct"));
  g_assert_true (shown (dialog, "print"));
  g_assert_false (gtk_editable_get_editable (GTK_EDITABLE (named (dialog, "title"))));
  g_assert_false (gtk_text_view_get_editable (GTK_TEXT_VIEW (named (dialog, "body"))));
}
/* Who sees which button, in which state. */
static void
test_roles (Fixture       *f,
            gconstpointer  data)
{
  gint64 draft = seed (f, f->secretary, KD_DISCLOSURE_PARTY_AFFAIRS, f->kuiduo, "2026-Q3", "党费收缴情况", 0);
  gint64 other = seed (f, f->staff, KD_DISCLOSURE_VILLAGE_AFFAIRS, f->other, "2026-10", "别村村务", 0);
  KdDisclosureDialog *dialog;

  /* Discipline inspection reviews, and writes nothing. */
  open_window (f, f->discipline);
  g_assert_false (shown (f->page, "new"));
  dialog = open_dialog (f, draft);
  g_assert_true (shown (dialog, "review"));
  g_assert_false (shown (dialog, "save"));
  g_assert_false (shown (dialog, "delete"));
  g_assert_false (gtk_editable_get_editable (GTK_EDITABLE (named (dialog, "title"))));
  close_dialog (dialog);

  /* A secretary: their own village's drafts, not another's. */
  kd_window_set_cadre (f->window, f->secretary);
  g_assert_true (shown (f->page, "new"));
  dialog = open_dialog (f, other);
  g_assert_false (shown (dialog, "save"));
  g_assert_false (shown (dialog, "review"));
  g_assert_false (shown (dialog, "delete"));
  close_dialog (dialog);
  dialog = open_dialog (f, draft);
  g_assert_true (shown (dialog, "save"));
  g_assert_true (shown (dialog, "delete"));
  g_assert_false (shown (dialog, "review"));   /* they wrote it */

  /* Typed in: nothing is acted on until it is saved. */
  kd_window_set_cadre (f->window, f->staff);
  close_dialog (dialog);
  dialog = open_dialog (f, draft);
  g_assert_true (gtk_widget_is_sensitive (named (dialog, "review")));
  gtk_editable_set_text (GTK_EDITABLE (named (dialog, "title")), "党费收缴情况（修改）");
  g_assert_false (gtk_widget_is_sensitive (named (dialog, "review")));
  g_assert_false (gtk_widget_is_sensitive (named (dialog, "print")));

  /* Saved by the staff, they are its last editor: someone else reviews. */
  click (named (dialog, "save"));
  g_assert_cmpint (state_after (dialog), ==, KD_DISCLOSURE_DRAFT);
  g_assert_false (shown (dialog, "review"));
  close_dialog (dialog);

  /* Reviewed at another desk meanwhile: the core refuses, its message shows. */
  draft = seed (f, f->secretary, KD_DISCLOSURE_FINANCE, f->kuiduo, "2026-10", "十月财务收支", 1);
  dialog = open_dialog (f, draft);
  act (f, f->admin, draft, KD_DISCLOSURE_REVIEW);
  click (named (dialog, "review"));
  g_assert_true (text_in (dialog, "Only a draft can be reviewed"));
  g_assert_cmpint (state_after (dialog), ==, KD_DISCLOSURE_REVIEWED);
}

/* Correcting a published version opens the new draft; a draft is deleted. */
static void
test_correct_delete (Fixture       *f,
                     gconstpointer  data)
{
  gint64 id = seed_published (f, "第四季度财务收支", 2);
  gint64 draft = seed (f, f->staff, KD_DISCLOSURE_VILLAGE_AFFAIRS, 0, "2026-11", "待删除的草稿", 0);
  KdDisclosureDialog *dialog;
  const KdDisclosure *d;

  open_window (f, f->admin);
  wait_listed (f, 2);
  dialog = open_dialog (f, id);
  click (named (dialog, "correct"));
  confirm ("same content", "go");
  g_assert_cmpint (state_after (dialog), ==, KD_DISCLOSURE_DRAFT);
  d = kd_disclosure_dialog_get_disclosure (dialog);
  g_assert_cmpint (d->supersedes_id, ==, id);
  g_assert_cmpuint (d->lines->len, ==, 2);
  g_assert_true (shown (dialog, "save"));
  g_assert_true (gtk_editable_get_editable (GTK_EDITABLE (named (dialog, "title"))));
  g_assert_false (gtk_widget_is_sensitive (named (dialog, "kind")));   /* a correction keeps its kind */
  g_assert_true (text_in (dialog, "Corrects version 1"));
  wait_listed (f, 3);
  close_dialog (dialog);

  dialog = open_dialog (f, draft);
  click (named (dialog, "delete"));
  confirm ("cannot be undone", "go");
  g_assert_true (wait_for (no_dialog, NULL, WAIT_MS));
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM disclosures"), ==, 2);
  wait_listed (f, 2);
}

/* The sheet. */

/* Renders @sheet's pages to a PDF file; returns how many. */
static int
render_pdf (Fixture           *f,
            KdDisclosureSheet *sheet)
{
  g_autofree char *path = g_build_filename (f->dir, "sheet.pdf", NULL);
  cairo_surface_t *surface = cairo_pdf_surface_create (path, A4_WIDTH, A4_HEIGHT);
  cairo_t *cr = cairo_create (surface);
  int n = kd_disclosure_sheet_paginate (sheet, cr, A4_WIDTH, A4_HEIGHT);
  g_autofree char *contents = NULL;
  gsize length;

  for (int page = 0; page < n; page++)
    {
      kd_disclosure_sheet_draw_page (sheet, cr, A4_WIDTH, A4_HEIGHT, page);
      cairo_show_page (cr);
    }
  g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  g_assert_cmpint (cairo_surface_status (surface), ==, CAIRO_STATUS_SUCCESS);
  cairo_surface_destroy (surface);

  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  g_assert_true (g_str_has_prefix (contents, "%PDF"));
  return n;
}

typedef struct
{
  KdDisclosureSheet *sheet;
  int                page;
} SheetPage;

static void
draw_sheet_page (cairo_t *cr,
                 double   width,
                 double   height,
                 gpointer data)
{
  SheetPage *p = data;

  kd_disclosure_sheet_draw_page (p->sheet, cr, width, height, p->page);
}

/* Page @page at @zoom pixels per point, its QR code read by zbarimg; NULL
 * when it finds none. */
static char *
decode_page (Fixture           *f,
             KdDisclosureSheet *sheet,
             int                page,
             double             zoom)
{
  g_autofree char *png = g_build_filename (f->dir, "sheet.png", NULL);
  SheetPage p = { sheet, page };

  return kd_test_decode_qr (png, A4_WIDTH, A4_HEIGHT, zoom, draw_sheet_page, &p);
}

static void
test_sheet (Fixture       *f,
            gconstpointer  data)
{
  gint64 id = seed_published (f, "第四季度财务收支", 6);
  g_autofree char *url = g_strdup_printf ("%sdisclosures/%" G_GINT64_FORMAT, f->base, id);
  g_autoptr(KdDisclosureSheet) sheet = NULL;
  g_autoptr(KdDisclosureSheet) stopped = NULL;
  g_autoptr(KdDisclosureSheet) draft = NULL;
  g_autofree char *decoded = NULL;
  g_autofree char *heading = NULL;
  KdDisclosureDialog *dialog;

  open_window (f, f->admin);
  dialog = open_dialog (f, id);
  sheet = kd_disclosure_dialog_dup_sheet (dialog);
  g_assert_cmpstr (kd_disclosure_sheet_get_url (sheet), ==, url);
  g_assert_cmpint (render_pdf (f, sheet), ==, 1);
  decoded = decode_page (f, sheet, 0, 2);
  g_assert_cmpstr (decoded, ==, url);

  heading = kd_disclosure_heading (kd_disclosure_dialog_get_disclosure (dialog), "魁多镇");
  g_assert_nonnull (strstr (heading, "魁多村"));
  g_assert_nonnull (strstr (heading, "Finance"));
  g_assert_nonnull (strstr (heading, "Q4 2026"));

  /* The endpoint stopped: no QR code, and the sheet still prints. */
  kd_server_stop (f->server);
  stopped = kd_disclosure_dialog_dup_sheet (dialog);
  g_assert_null (kd_disclosure_sheet_get_url (stopped));
  g_assert_cmpint (render_pdf (f, stopped), ==, 1);
  g_assert_null (decode_page (f, stopped, 0, 2));
  close_dialog (dialog);

  /* A draft gets none either (and says so across the page). */
  id = seed (f, f->staff, KD_DISCLOSURE_VILLAGE_AFFAIRS, 0, "2026-11", "草稿", 0);
  g_assert_true (kd_server_start (f->server, 0, TRUE, NULL));
  dialog = open_dialog (f, id);
  draft = kd_disclosure_dialog_dup_sheet (dialog);
  g_assert_null (kd_disclosure_sheet_get_url (draft));
  g_assert_cmpint (render_pdf (f, draft), ==, 1);
}

/* A long ledger goes on over pages, each with its footer and QR code. */
static void
test_sheet_pages (Fixture       *f,
                  gconstpointer  data)
{
  gint64 id = seed_published (f, "全年财务收支明细", 150);
  g_autofree char *url = g_strdup_printf ("%sdisclosures/%" G_GINT64_FORMAT, f->base, id);
  g_autoptr(KdDisclosure) d = kd_disclosure_load (kd_store_get_reader (f->store), id, NULL);
  g_autoptr(KdDisclosureSheet) sheet = kd_disclosure_sheet_new (d, "魁多镇", f->base);
  g_autoptr(KdDisclosure) short_one = NULL;
  g_autoptr(KdDisclosureSheet) short_sheet = NULL;
  g_autofree char *last = NULL;
  int n;

  n = render_pdf (f, sheet);
  g_assert_cmpint (n, >, 2);
  last = decode_page (f, sheet, n - 1, 2);
  g_assert_cmpstr (last, ==, url);

  /* The same disclosure with a short ledger fits one page. */
  short_one = kd_disclosure_load (kd_store_get_reader (f->store), id, NULL);
  g_ptr_array_set_size (short_one->lines, 5);
  short_sheet = kd_disclosure_sheet_new (short_one, "魁多镇", f->base);
  g_assert_cmpint (render_pdf (f, short_sheet), ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  kd_test_display_init (&argc, &argv);

  add_test ("/kd/display/disclosures/list", test_list);
  add_test ("/kd/display/disclosures/refuses", test_refuses);
  add_test ("/kd/display/disclosures/review-publish", test_review_publish);
  add_test ("/kd/display/disclosures/roles", test_roles);
  add_test ("/kd/display/disclosures/correct-delete", test_correct_delete);
  add_test ("/kd/display/disclosures/sheet", test_sheet);
  add_test ("/kd/display/disclosures/sheet-pages", test_sheet_pages);

  return g_test_run ();
}
