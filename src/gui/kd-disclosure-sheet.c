/* kd-disclosure-sheet.c: the notice-board sheet, laid out with pango on
 * cairo. One walk through the content either counts the pages or draws one
 * of them, so the count and the drawing always agree: the text breaks
 * between lines, the ledger between rows (its header again at the top of
 * each page), and every page has the footer: the version, who published it
 * and when, the fingerprint, "page X of Y" and the QR code of this version
 * on the phones. A draft (not for the board) says so across each page.
 * Cadres' text is set as plain text, never markup. */
#define G_LOG_DOMAIN "kd-disclosure-sheet"

#include "config.h"

#include <glib/gi18n.h>
#include <adwaita.h>

#include "kd-print-util.h"
#include "kd-case.h"
#include "kd-disclosure-item.h"
#include "kd-disclosure-sheet.h"
#include "kd-qr-code.h"

#define MARGIN      36.0    /* inside the printer's own margins: half an inch */
#define FOOTER      96.0    /* the footer's height, its rule included */
#define QR_SIDE     84.0    /* about 3 cm: a phone reads it at arm's length */
#define CELL_PAD    4.0
#define DATE_WIDTH  74.0
#define MONEY_WIDTH 92.0

struct _KdDisclosureSheet
{
  char      *town;
  char      *heading;
  char      *title;
  char      *body;
  GPtrArray *lines;          /* KdLedgerLine */
  gboolean   finance;
  gboolean   published;
  gint64     version;
  char      *byline;         /* "Version 2, published … by …" */
  char      *fingerprint;    /* the short form */
  char      *url;            /* NULL: printed without a QR code */

  /* the last pagination */
  double     paged_width;
  double     paged_height;
  int        n_pages;
};

typedef enum {
  STYLE_TOWN,
  STYLE_HEADING,
  STYLE_TITLE,
  STYLE_NOTE,
  STYLE_BODY,
  STYLE_SUBHEADING,
  STYLE_CELL,
  STYLE_CELL_BOLD,
  STYLE_RUNNING,
  STYLE_FOOTER,
  STYLE_FOOTER_SMALL,
  STYLE_WATERMARK,
} Style;

/* One pass through the content: counting (draw < 0) or drawing page @draw. */
typedef struct
{
  KdDisclosureSheet *sheet;
  cairo_t           *cr;
  double             width;
  double             height;
  double             left;
  double             right;
  double             top;
  double             bottom;    /* where the footer begins */
  double             y;
  int                page;
  int                draw;
} Walk;

char *
kd_disclosure_url (const char *base_url,
                   gint64      id)
{
  g_autofree char *path = g_strdup_printf ("disclosures/%" G_GINT64_FORMAT, id);

  return kd_print_lan_url (base_url, path);
}

/* “魁多村 财务公开 2026年第四季度”: the place, the kind and the period. */
char *
kd_disclosure_heading (const KdDisclosure *d,
                       const char         *town)
{
  g_autofree char *period = NULL;
  const char *place;

  g_return_val_if_fail (d != NULL, NULL);

  period = kd_disclosure_period_label (d->period);
  place = d->village_id != 0 || town == NULL || *town == '\0' ? kd_disclosure_place_label (d) : town;
  /* TRANSLATORS: a disclosure's heading, as on the notice board, e.g.
   * “魁多村 财务公开 2026年第四季度”: 1$ the village (or the town), 2$ the kind
   * (“Finance”…), 3$ the period */
  return g_strdup_printf (_("%1$s — %2$s Disclosure — %3$s"), place, kd_disclosure_kind_label (d->kind), period);
}

static char *
dup_byline (const KdDisclosure *d)
{
  g_autofree char *when = NULL;

  if (d->state != KD_DISCLOSURE_PUBLISHED)
    return g_strdup (_("Draft — not published. Not for the notice board."));
  when = kd_format_local_time (d->published_at);
  /* TRANSLATORS: the printed sheet's footer: 1$ the version, 2$ the date and time, 3$ who published it */
  return g_strdup_printf (_("Version %1$d, published %2$s by %3$s"), (int) d->version, when,
                          d->published_by_name ? d->published_by_name : "");
}

/* @base_url: the phone endpoint ("http://192.168.1.10:8080/"), or NULL
 * while it is stopped (no QR code then). Drafts never get one. */
KdDisclosureSheet *
kd_disclosure_sheet_new (const KdDisclosure *d,
                         const char         *town,
                         const char         *base_url)
{
  KdDisclosureSheet *sheet;

  g_return_val_if_fail (d != NULL, NULL);

  sheet = g_new0 (KdDisclosureSheet, 1);
  sheet->town = g_strdup (town ? town : "");
  sheet->heading = kd_disclosure_heading (d, town);
  sheet->title = g_strdup (d->title ? d->title : "");
  sheet->body = g_strdup (d->body ? d->body : "");
  sheet->finance = d->kind == KD_DISCLOSURE_FINANCE;
  sheet->lines = g_ptr_array_new_with_free_func ((GDestroyNotify) kd_ledger_line_free);
  for (guint i = 0; i < d->lines->len; i++)
    {
      const KdLedgerLine *line = d->lines->pdata[i];

      g_ptr_array_add (sheet->lines, kd_ledger_line_new (line->day, line->item, line->income_fen, line->expense_fen));
    }
  sheet->published = d->state == KD_DISCLOSURE_PUBLISHED;
  sheet->version = d->version;
  sheet->byline = dup_byline (d);
  if (sheet->published)
    {
      sheet->fingerprint = kd_disclosure_short_fingerprint (d->fingerprint);
      sheet->url = kd_disclosure_url (base_url, d->id);
    }
  return sheet;
}

void
kd_disclosure_sheet_free (KdDisclosureSheet *sheet)
{
  if (sheet == NULL)
    return;

  g_free (sheet->town);
  g_free (sheet->heading);
  g_free (sheet->title);
  g_free (sheet->body);
  g_ptr_array_unref (sheet->lines);
  g_free (sheet->byline);
  g_free (sheet->fingerprint);
  g_free (sheet->url);
  g_free (sheet);
}

/* The address in the QR code, or NULL when there is none. */
const char *
kd_disclosure_sheet_get_url (KdDisclosureSheet *sheet)
{
  g_return_val_if_fail (sheet != NULL, NULL);

  return sheet->url;
}

/* Text. */

static PangoLayout *
make_layout (Walk        *w,
             Style        style,
             const char  *text,
             double       width,
             PangoAlignment align)
{
  static const struct { const char *family; double size; PangoWeight weight; } styles[] = {
    [STYLE_TOWN]         = { "Sans", 12, PANGO_WEIGHT_NORMAL },
    [STYLE_HEADING]      = { "Sans", 19, PANGO_WEIGHT_BOLD },
    [STYLE_TITLE]        = { "Sans", 15, PANGO_WEIGHT_BOLD },
    [STYLE_NOTE]         = { "Sans", 10, PANGO_WEIGHT_NORMAL },
    [STYLE_BODY]         = { "Sans", 11.5, PANGO_WEIGHT_NORMAL },
    [STYLE_SUBHEADING]   = { "Sans", 13, PANGO_WEIGHT_BOLD },
    [STYLE_CELL]         = { "Sans", 10, PANGO_WEIGHT_NORMAL },
    [STYLE_CELL_BOLD]    = { "Sans", 10, PANGO_WEIGHT_BOLD },
    [STYLE_RUNNING]      = { "Sans", 9, PANGO_WEIGHT_NORMAL },
    [STYLE_FOOTER]       = { "Sans", 9.5, PANGO_WEIGHT_NORMAL },
    [STYLE_FOOTER_SMALL] = { "Monospace", 8, PANGO_WEIGHT_NORMAL },
    [STYLE_WATERMARK]    = { "Sans", 54, PANGO_WEIGHT_BOLD },
  };
  PangoLayout *layout = kd_print_layout_new (w->cr, styles[style].family, styles[style].size,
                                             styles[style].weight, width, align, text);

  if (style == STYLE_BODY)
    pango_layout_set_spacing (layout, 4 * PANGO_SCALE);
  return layout;
}

static double
layout_height (PangoLayout *layout)
{
  int w, h;

  pango_layout_get_size (layout, &w, &h);
  return (double) h / PANGO_SCALE;
}

static gboolean
drawing (Walk *w)
{
  return w->draw == w->page;
}

static void
show_layout (Walk        *w,
             PangoLayout *layout,
             double       x,
             double       y)
{
  if (!drawing (w))
    return;
  cairo_set_source_rgb (w->cr, 0, 0, 0);
  cairo_move_to (w->cr, x, y);
  pango_cairo_show_layout (w->cr, layout);
}

static void
rule (Walk   *w,
      double  y,
      double  line_width)
{
  if (!drawing (w))
    return;
  cairo_set_source_rgb (w->cr, 0, 0, 0);
  cairo_set_line_width (w->cr, line_width);
  cairo_move_to (w->cr, w->left, y);
  cairo_line_to (w->cr, w->right, y);
  cairo_stroke (w->cr);
}

/* Page furniture. */

static void
draw_watermark (Walk *w)
{
  g_autoptr(PangoLayout) layout = make_layout (w, STYLE_WATERMARK, _("DRAFT — not published"), -1, PANGO_ALIGN_CENTER);
  int lw, lh;

  pango_layout_get_size (layout, &lw, &lh);
  cairo_save (w->cr);
  cairo_translate (w->cr, w->width / 2, w->height / 2);
  cairo_rotate (w->cr, -G_PI / 5);
  cairo_set_source_rgb (w->cr, 0.85, 0.85, 0.85);
  cairo_move_to (w->cr, -(double) lw / PANGO_SCALE / 2, -(double) lh / PANGO_SCALE / 2);
  pango_cairo_show_layout (w->cr, layout);
  cairo_restore (w->cr);
}

static void
draw_footer (Walk *w,
             int   n_pages)
{
  KdDisclosureSheet *sheet = w->sheet;
  double text_width = w->right - w->left - (sheet->url ? QR_SIDE + 12 : 0);
  g_autoptr(GString) text = g_string_new (sheet->byline);
  g_autoptr(PangoLayout) layout = NULL;
  double y = w->bottom + 10;

  rule (w, w->bottom + 2, 0.75);
  if (sheet->fingerprint != NULL)
    {
      g_string_append_c (text, '\n');
      /* TRANSLATORS: the printed sheet's footer; %s is like “3f2a 91c0 7d4e 08b5” */
      g_string_append_printf (text, _("Fingerprint: %s"), sheet->fingerprint);
    }
  g_string_append_c (text, '\n');
  /* TRANSLATORS: the printed sheet's footer: 1$ this page, 2$ how many pages */
  g_string_append_printf (text, _("Page %1$d of %2$d"), w->page + 1, n_pages);
  layout = make_layout (w, STYLE_FOOTER, text->str, text_width, PANGO_ALIGN_LEFT);
  show_layout (w, layout, w->left, y);
  y += layout_height (layout) + 4;

  if (sheet->url != NULL)
    {
      g_autofree char *scan = g_strdup_printf ("%s\n%s", _("Scan the code to read this version on a phone:"), sheet->url);
      g_autoptr(PangoLayout) url_layout = make_layout (w, STYLE_FOOTER_SMALL, scan, text_width, PANGO_ALIGN_LEFT);

      show_layout (w, url_layout, w->left, y);
      kd_qr_draw (w->cr, sheet->url, w->right - QR_SIDE, w->bottom + 8, QR_SIDE);
    }
}

/* The heading again, small, above a later page. */
static void
draw_running_head (Walk *w)
{
  g_autofree char *text = g_strdup_printf ("%s · %s", w->sheet->heading, w->sheet->title);
  g_autoptr(PangoLayout) layout = make_layout (w, STYLE_RUNNING, text, w->right - w->left, PANGO_ALIGN_LEFT);

  pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
  show_layout (w, layout, w->left, w->top - 24);
  rule (w, w->top - 6, 0.5);
}

static void
start_page (Walk *w,
            int   n_pages)
{
  w->y = w->top;
  if (!drawing (w))
    return;

  cairo_save (w->cr);
  cairo_set_source_rgb (w->cr, 1, 1, 1);
  cairo_rectangle (w->cr, 0, 0, w->width, w->height);
  cairo_fill (w->cr);
  cairo_restore (w->cr);

  if (!w->sheet->published)
    draw_watermark (w);
  if (w->page > 0)
    draw_running_head (w);
  draw_footer (w, n_pages);
}

static void
next_page (Walk *w)
{
  w->page++;
  start_page (w, w->sheet->n_pages);
}

/* @text from @w->y down, breaking between its lines where a page ends. */
static void
put_text (Walk           *w,
          Style           style,
          const char     *text,
          PangoAlignment  align)
{
  g_autoptr(PangoLayout) layout = make_layout (w, style, text, w->right - w->left, align);
  PangoLayoutIter *iter = pango_layout_get_iter (layout);
  double offset = 0;      /* the layout's y at the top of this page's part */
  double end = w->y;

  do
    {
      PangoRectangle logical;
      double line_y, line_h, top;

      pango_layout_iter_get_line_extents (iter, NULL, &logical);
      line_y = (double) logical.y / PANGO_SCALE;
      line_h = (double) logical.height / PANGO_SCALE;
      top = w->y + line_y - offset;
      if (top + line_h > w->bottom && top > w->top)
        {
          next_page (w);
          offset = line_y;
          top = w->y;
        }
      if (drawing (w))
        {
          cairo_set_source_rgb (w->cr, 0, 0, 0);
          cairo_move_to (w->cr, w->left + (double) logical.x / PANGO_SCALE,
                         top + (double) pango_layout_iter_get_baseline (iter) / PANGO_SCALE - line_y);
          pango_cairo_show_layout_line (w->cr, pango_layout_iter_get_line_readonly (iter));
        }
      end = top + line_h;
    }
  while (pango_layout_iter_next_line (iter));
  pango_layout_iter_free (iter);

  w->y = end;
}

/* The ledger. */

typedef struct
{
  const char *text[4];   /* date, item, income, expense */
  Style       style;
  gboolean    shaded;
} Row;

static void
column_box (Walk   *w,
            guint   column,
            double *x,
            double *width)
{
  double item_width = w->right - w->left - DATE_WIDTH - 2 * MONEY_WIDTH;
  double xs[] = { w->left, w->left + DATE_WIDTH, w->right - 2 * MONEY_WIDTH, w->right - MONEY_WIDTH };
  double widths[] = { DATE_WIDTH, item_width, MONEY_WIDTH, MONEY_WIDTH };

  *x = xs[column] + CELL_PAD;
  *width = widths[column] - 2 * CELL_PAD;
}

/* A row of the table, on this page if it fits; @header is put above it
 * when it starts a page. */
static void
put_row (Walk      *w,
         const Row *row,
         const Row *header)
{
  PangoLayout *cells[4];
  double height = 0;

  for (guint i = 0; i < 4; i++)
    {
      double x, width;

      column_box (w, i, &x, &width);
      cells[i] = make_layout (w, row->style, row->text[i] ? row->text[i] : "", width,
                              i >= 2 ? PANGO_ALIGN_RIGHT : PANGO_ALIGN_LEFT);
      height = MAX (height, layout_height (cells[i]) + 2 * CELL_PAD);
    }

  if (w->y + height > w->bottom && w->y > w->top)
    {
      next_page (w);
      if (header != NULL && header != row)
        put_row (w, header, NULL);
    }

  if (row->style == STYLE_CELL_BOLD && !row->shaded)
    rule (w, w->y, 0.75);   /* above the totals */
  if (drawing (w) && row->shaded)
    {
      cairo_set_source_rgb (w->cr, 0.9, 0.9, 0.9);
      cairo_rectangle (w->cr, w->left, w->y, w->right - w->left, height);
      cairo_fill (w->cr);
    }
  for (guint i = 0; i < 4; i++)
    {
      double x, width;

      column_box (w, i, &x, &width);
      show_layout (w, cells[i], x, w->y + CELL_PAD);
      g_object_unref (cells[i]);
    }
  w->y += height;
  rule (w, w->y, row->style == STYLE_CELL ? 0.3 : 0.75);
}

static void
put_ledger (Walk *w)
{
  KdDisclosureSheet *sheet = w->sheet;
  const Row header = { { _("Date"), _("Item"), _("Income (yuan)"), _("Expense (yuan)") }, STYLE_CELL_BOLD, TRUE };
  g_autofree char *in_text = NULL;
  g_autofree char *out_text = NULL;
  g_autofree char *balance = NULL;
  g_autofree char *balance_text = NULL;
  gint64 in = 0, out = 0;

  w->y += 12;
  put_text (w, STYLE_SUBHEADING, _("Ledger"), PANGO_ALIGN_LEFT);
  w->y += 6;
  rule (w, w->y, 0.75);
  put_row (w, &header, &header);

  for (guint i = 0; i < sheet->lines->len; i++)
    {
      const KdLedgerLine *line = sheet->lines->pdata[i];
      g_autofree char *income = line->income_fen ? kd_disclosure_format_fen (line->income_fen) : NULL;
      g_autofree char *expense = line->expense_fen ? kd_disclosure_format_fen (line->expense_fen) : NULL;
      Row row = { { line->day, line->item, income, expense }, STYLE_CELL, FALSE };

      in += line->income_fen;
      out += line->expense_fen;
      put_row (w, &row, &header);
    }

  in_text = kd_disclosure_format_fen (in);
  out_text = kd_disclosure_format_fen (out);
  {
    Row totals = { { NULL, _("Total"), in_text, out_text }, STYLE_CELL_BOLD, FALSE };

    put_row (w, &totals, &header);
  }
  balance = kd_disclosure_format_fen (in - out);
  /* TRANSLATORS: under the ledger; %s is an amount such as 9,600.00 */
  balance_text = g_strdup_printf (_("Balance (income less expense): %s yuan"), balance);
  w->y += 6;
  put_text (w, STYLE_CELL_BOLD, balance_text, PANGO_ALIGN_RIGHT);
}

/* The whole sheet, from the first page. */
static void
walk (Walk *w)
{
  KdDisclosureSheet *sheet = w->sheet;

  w->left = MARGIN;
  w->right = w->width - MARGIN;
  w->top = MARGIN + 12;
  w->bottom = w->height - MARGIN - FOOTER;
  w->page = 0;
  start_page (w, sheet->n_pages);

  if (*sheet->town != '\0' && !g_str_has_prefix (sheet->heading, sheet->town))
    put_text (w, STYLE_TOWN, sheet->town, PANGO_ALIGN_CENTER);
  put_text (w, STYLE_HEADING, sheet->heading, PANGO_ALIGN_CENTER);
  w->y += 8;
  put_text (w, STYLE_TITLE, sheet->title, PANGO_ALIGN_CENTER);
  if (sheet->published && sheet->version > 1)
    {
      /* TRANSLATORS: under the title of a corrected disclosure; %d is the version number */
      g_autofree char *note = g_strdup_printf (_("Version %d: this corrects the version published before it."),
                                               (int) sheet->version);

      w->y += 4;
      put_text (w, STYLE_NOTE, note, PANGO_ALIGN_CENTER);
    }
  w->y += 10;
  rule (w, w->y, 1.0);
  w->y += 14;

  put_text (w, STYLE_BODY, sheet->body, PANGO_ALIGN_LEFT);
  if (sheet->finance)
    put_ledger (w);
}

/* How many pages of @width × @height points (the printable area) the sheet takes. */
int
kd_disclosure_sheet_paginate (KdDisclosureSheet *sheet,
                              cairo_t           *cr,
                              double             width,
                              double             height)
{
  Walk w = { sheet, cr, width, height, .draw = -1 };

  g_return_val_if_fail (sheet != NULL, 0);
  g_return_val_if_fail (cr != NULL, 0);

  sheet->n_pages = 0;
  walk (&w);
  sheet->n_pages = w.page + 1;
  sheet->paged_width = width;
  sheet->paged_height = height;
  return sheet->n_pages;
}

/* Draws page @page (from 0) into (0, 0, @width, @height) of @cr. */
void
kd_disclosure_sheet_draw_page (KdDisclosureSheet *sheet,
                               cairo_t           *cr,
                               double             width,
                               double             height,
                               int                page)
{
  Walk w = { sheet, cr, width, height, .draw = page };

  g_return_if_fail (sheet != NULL);
  g_return_if_fail (cr != NULL);

  if (sheet->n_pages == 0 || sheet->paged_width != width || sheet->paged_height != height)
    kd_disclosure_sheet_paginate (sheet, cr, width, height);

  cairo_save (cr);
  cairo_rectangle (cr, 0, 0, width, height);
  cairo_clip (cr);
  walk (&w);
  cairo_restore (cr);
}

/* Printing. */

static void
begin_print_cb (GtkPrintOperation *operation,
                GtkPrintContext   *context,
                KdDisclosureSheet *sheet)
{
  gtk_print_operation_set_n_pages (operation,
                                   kd_disclosure_sheet_paginate (sheet, gtk_print_context_get_cairo_context (context),
                                                                 gtk_print_context_get_width (context),
                                                                 gtk_print_context_get_height (context)));
}

static void
draw_page_cb (GtkPrintOperation *operation,
              GtkPrintContext   *context,
              int                page_nr,
              KdDisclosureSheet *sheet)
{
  kd_disclosure_sheet_draw_page (sheet, gtk_print_context_get_cairo_context (context),
                                 gtk_print_context_get_width (context),
                                 gtk_print_context_get_height (context), page_nr);
}

static void
sheet_closure_free (gpointer  data,
                    GClosure *closure)
{
  kd_disclosure_sheet_free (data);
}

static void
done_cb (GtkPrintOperation       *operation,
         GtkPrintOperationResult  result,
         gpointer                 data)
{
  g_autoptr(GError) error = NULL;
  GtkWidget *dialog;

  if (result != GTK_PRINT_OPERATION_RESULT_ERROR ||
      g_object_get_data (G_OBJECT (operation), "kd-error-shown") != NULL)
    return;

  g_object_set_data (G_OBJECT (operation), "kd-error-shown", GINT_TO_POINTER (TRUE));
  gtk_print_operation_get_error (operation, &error);
  g_warning ("Could not print a disclosure: %s", error ? error->message : "?");
  dialog = adw_message_dialog_new (NULL, _("Could Not Print the Disclosure"), NULL);
  adw_message_dialog_set_body (ADW_MESSAGE_DIALOG (dialog), error ? error->message : "");
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Opens the print dialog, A4 portrait by default (or "Print to File" for a
 * PDF). Takes @sheet. Returns at once; errors are shown in a dialog. */
void
kd_disclosure_sheet_print (KdDisclosureSheet *sheet,
                           GtkWindow         *parent)
{
  g_autoptr(GtkPrintOperation) operation = gtk_print_operation_new ();
  g_autoptr(GtkPrintSettings) settings = gtk_print_settings_new ();
  g_autoptr(GtkPageSetup) setup = gtk_page_setup_new ();
  g_autoptr(GtkPaperSize) a4 = gtk_paper_size_new (GTK_PAPER_NAME_A4);
  g_autoptr(GError) error = NULL;

  g_return_if_fail (sheet != NULL);

  gtk_page_setup_set_paper_size_and_default_margins (setup, a4);
  gtk_page_setup_set_orientation (setup, GTK_PAGE_ORIENTATION_PORTRAIT);
  gtk_print_settings_set (settings, GTK_PRINT_SETTINGS_OUTPUT_BASENAME, sheet->heading);
  gtk_print_operation_set_print_settings (operation, settings);
  gtk_print_operation_set_default_page_setup (operation, setup);
  gtk_print_operation_set_job_name (operation, sheet->heading);
  gtk_print_operation_set_allow_async (operation, TRUE);

  g_signal_connect (operation, "begin-print", G_CALLBACK (begin_print_cb), sheet);
  g_signal_connect_data (operation, "draw-page", G_CALLBACK (draw_page_cb), sheet, sheet_closure_free, 0);
  g_signal_connect (operation, "done", G_CALLBACK (done_cb), NULL);

  if (gtk_print_operation_run (operation, GTK_PRINT_OPERATION_ACTION_PRINT_DIALOG, parent, &error) ==
      GTK_PRINT_OPERATION_RESULT_ERROR)
    done_cb (operation, GTK_PRINT_OPERATION_RESULT_ERROR, NULL);
}
