/* kd-receipt.c: the receipt slip, drawn with cairo and pango for
 * GtkPrintOperation (a printer, or a PDF through "Print to File"). Sizes
 * follow the page's width, so an A4 or A5 sheet and a narrow slip printer
 * all get the whole receipt. The villager's words are set as plain text. */
#define G_LOG_DOMAIN "kd-receipt"

#include "config.h"

#include <glib/gi18n.h>
#include <adwaita.h>

#include "kd-print-util.h"
#include "kd-receipt.h"
#include "kd-qr-code.h"

#define DESCRIPTION_CHARS 200

typedef enum {
  STYLE_TOWN,
  STYLE_HEADING,
  STYLE_BODY,
  STYLE_LABEL,
  STYLE_CODE,
  STYLE_QR,        /* the block's text is encoded, not written */
  STYLE_URL,
  STYLE_NOTE,
} Style;

typedef struct
{
  Style  style;
  char  *text;
} Block;

static void
block_free (gpointer data)
{
  Block *block = data;

  g_free (block->text);
  g_free (block);
}

static void
add_block (GPtrArray  *blocks,
           Style       style,
           char       *text)   /* owned */
{
  Block *block = g_new (Block, 1);

  block->style = style;
  block->text = text;
  g_ptr_array_add (blocks, block);
}

char *
kd_receipt_status_url (const char *base_url,
                       const char *tracking_code)
{
  g_autofree char *path = g_strconcat ("r/", tracking_code, NULL);

  return kd_print_lan_url (base_url, path);
}

/* @base_url: the endpoint's address ("http://192.168.1.10:8080/"), or NULL. */
KdReceipt *
kd_receipt_new_for_case (KdCase     *kase,
                         const char *town,
                         const char *base_url)
{
  KdReceipt *receipt;

  g_return_val_if_fail (KD_IS_CASE (kase), NULL);

  receipt = g_new0 (KdReceipt, 1);
  receipt->town = g_strdup (town);
  receipt->tracking_code = kd_case_dup_display_code (kase);
  receipt->url = kd_receipt_status_url (base_url, receipt->tracking_code);
  receipt->created_at = kd_case_get_created_at (kase);
  receipt->village = g_strdup (kd_case_get_village_name (kase));
  receipt->category = g_strdup (kd_case_get_category_name (kase));
  receipt->description = g_strdup (kd_case_get_description (kase));

  return receipt;
}

static KdReceipt *
kd_receipt_copy (const KdReceipt *receipt)
{
  KdReceipt *copy = g_new0 (KdReceipt, 1);

  copy->town = g_strdup (receipt->town);
  copy->tracking_code = g_strdup (receipt->tracking_code);
  copy->url = g_strdup (receipt->url);
  copy->created_at = receipt->created_at;
  copy->village = g_strdup (receipt->village);
  copy->category = g_strdup (receipt->category);
  copy->description = g_strdup (receipt->description);

  return copy;
}

void
kd_receipt_free (KdReceipt *receipt)
{
  if (receipt == NULL)
    return;

  g_free (receipt->town);
  g_free (receipt->tracking_code);
  g_free (receipt->url);
  g_free (receipt->village);
  g_free (receipt->category);
  g_free (receipt->description);
  g_free (receipt);
}

static char *
short_description (const char *description)
{
  g_autofree char *cut = NULL;

  if (description == NULL)
    return g_strdup ("");
  if (g_utf8_strlen (description, -1) <= DESCRIPTION_CHARS)
    return g_strdup (description);

  cut = g_utf8_substring (description, 0, DESCRIPTION_CHARS);
  return g_strconcat (cut, "…", NULL);
}

/* What the slip says, top to bottom. */
static GPtrArray *
receipt_blocks (const KdReceipt *receipt)
{
  GPtrArray *blocks = g_ptr_array_new_with_free_func (block_free);
  g_autofree char *when = kd_format_local_time (receipt->created_at);

  add_block (blocks, STYLE_TOWN, g_strdup (receipt->town ? receipt->town : ""));
  add_block (blocks, STYLE_HEADING, g_strdup (_("Receipt of Your Report")));
  /* Translators: %s is a date and time */
  add_block (blocks, STYLE_BODY, g_strdup_printf (_("Received %s"), when));
  if (receipt->village != NULL || receipt->category != NULL)
    add_block (blocks, STYLE_BODY, g_strdup_printf ("%s · %s", receipt->village ? receipt->village : "",
                                                    receipt->category ? receipt->category : ""));
  add_block (blocks, STYLE_LABEL, g_strdup (_("Tracking code")));
  add_block (blocks, STYLE_CODE, g_strdup (receipt->tracking_code));
  if (receipt->url != NULL)
    {
      add_block (blocks, STYLE_QR, g_strdup (receipt->url));
      add_block (blocks, STYLE_URL, g_strdup (receipt->url));
    }
  add_block (blocks, STYLE_LABEL, g_strdup (_("Your report")));
  add_block (blocks, STYLE_BODY, short_description (receipt->description));
  add_block (blocks, STYLE_NOTE,
             g_strdup (_("Keep this slip. With the tracking code you can follow the case on your phone "
                         "and rate how it was handled.")));

  return blocks;
}

/* Every text the slip shows (the QR code's address among them), in order. */
GStrv
kd_receipt_dup_text (const KdReceipt *receipt)
{
  g_autoptr(GPtrArray) blocks = receipt_blocks (receipt);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; i < blocks->len; i++)
    {
      Block *block = g_ptr_array_index (blocks, i);

      if (block->style != STYLE_QR)
        g_strv_builder_add (builder, block->text);
    }

  return g_strv_builder_end (builder);
}

static PangoLayout *
block_layout (cairo_t     *cr,
              const Block *block,
              double       width,
              double       scale)
{
  static const struct { const char *family; double size; PangoWeight weight; } styles[] = {
    [STYLE_TOWN]    = { "Sans", 17, PANGO_WEIGHT_BOLD },
    [STYLE_HEADING] = { "Sans", 14, PANGO_WEIGHT_NORMAL },
    [STYLE_BODY]    = { "Sans", 11, PANGO_WEIGHT_NORMAL },
    [STYLE_LABEL]   = { "Sans", 9, PANGO_WEIGHT_BOLD },
    [STYLE_CODE]    = { "Monospace", 28, PANGO_WEIGHT_BOLD },
    [STYLE_QR]      = { "Sans", 1, PANGO_WEIGHT_NORMAL },
    [STYLE_URL]     = { "Monospace", 9, PANGO_WEIGHT_NORMAL },
    [STYLE_NOTE]    = { "Sans", 10, PANGO_WEIGHT_NORMAL },
  };
  gboolean centered = block->style != STYLE_BODY && block->style != STYLE_LABEL;

  return kd_print_layout_new (cr, styles[block->style].family, styles[block->style].size * scale,
                              styles[block->style].weight, width,
                              centered ? PANGO_ALIGN_CENTER : PANGO_ALIGN_LEFT, block->text);
}

/* Draws the slip into (0, 0, @width, @height) of @cr, in its user units
 * (points on paper). What does not fit below @height is left out. */
void
kd_receipt_draw (cairo_t         *cr,
                 double           width,
                 double           height,
                 const KdReceipt *receipt)
{
  g_autoptr(GPtrArray) blocks = NULL;
  double scale = CLAMP (width / 380.0, 0.55, 1.4);
  double margin = 12 * scale;
  double inner = width - 2 * margin;
  double y = margin;

  g_return_if_fail (cr != NULL);
  g_return_if_fail (receipt != NULL);

  blocks = receipt_blocks (receipt);
  cairo_save (cr);
  cairo_rectangle (cr, 0, 0, width, height);
  cairo_clip_preserve (cr);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_fill (cr);

  for (guint i = 0; i < blocks->len && y < height; i++)
    {
      Block *block = g_ptr_array_index (blocks, i);
      g_autoptr(PangoLayout) layout = NULL;
      int w, h;

      if (block->style == STYLE_QR)
        {
          double side = MIN (inner * 0.6, 170 * scale);

          kd_qr_draw (cr, block->text, (width - side) / 2, y, side);
          y += side + 2 * scale;
          continue;
        }

      if (block->style == STYLE_LABEL || block->style == STYLE_NOTE)
        y += 8 * scale;
      layout = block_layout (cr, block, inner, scale);
      pango_layout_get_size (layout, &w, &h);
      cairo_set_source_rgb (cr, 0, 0, 0);
      cairo_move_to (cr, margin, y);
      pango_cairo_show_layout (cr, layout);
      y += (double) h / PANGO_SCALE + 4 * scale;

      if (block->style == STYLE_HEADING)
        {
          cairo_set_line_width (cr, 0.75 * scale);
          cairo_move_to (cr, margin, y + 2 * scale);
          cairo_line_to (cr, width - margin, y + 2 * scale);
          cairo_stroke (cr);
          y += 8 * scale;
        }
    }

  cairo_restore (cr);
}

/* Printing. */

static void
draw_page_cb (GtkPrintOperation *operation,
              GtkPrintContext   *context,
              int                page_nr,
              gpointer           data)
{
  kd_receipt_draw (gtk_print_context_get_cairo_context (context),
                   gtk_print_context_get_width (context),
                   gtk_print_context_get_height (context),
                   data);
}

static void
receipt_closure_free (gpointer  data,
                      GClosure *closure)
{
  kd_receipt_free (data);
}

/* The dialog that asked may be gone by now: the error goes on the
 * application's active window. */
static void
done_cb (GtkPrintOperation       *operation,
         GtkPrintOperationResult  result,
         gpointer                 data)
{
  GApplication *app = g_application_get_default ();
  GtkWindow *parent = GTK_IS_APPLICATION (app) ? gtk_application_get_active_window (GTK_APPLICATION (app)) : NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *dialog;

  if (result != GTK_PRINT_OPERATION_RESULT_ERROR ||
      g_object_get_data (G_OBJECT (operation), "kd-error-shown") != NULL)
    return;

  g_object_set_data (G_OBJECT (operation), "kd-error-shown", GINT_TO_POINTER (TRUE));
  gtk_print_operation_get_error (operation, &error);
  g_warning ("Could not print a receipt: %s", error ? error->message : "?");
  dialog = adw_message_dialog_new (parent, _("Could Not Print the Receipt"), NULL);
  adw_message_dialog_set_body (ADW_MESSAGE_DIALOG (dialog), error ? error->message : "");
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

static GtkPageSetup *
a5_portrait (void)
{
  GtkPageSetup *setup = gtk_page_setup_new ();
  g_autoptr(GtkPaperSize) paper = gtk_paper_size_new (GTK_PAPER_NAME_A5);

  gtk_page_setup_set_paper_size_and_default_margins (setup, paper);
  gtk_page_setup_set_orientation (setup, GTK_PAGE_ORIENTATION_PORTRAIT);
  return setup;
}

/* Opens the print dialog (A5 by default; any paper, or "Print to File" for
 * a PDF). Returns at once; errors are shown in a dialog. */
void
kd_receipt_print (const KdReceipt *receipt,
                  GtkWindow       *parent)
{
  g_autoptr(GtkPrintOperation) operation = gtk_print_operation_new ();
  g_autoptr(GtkPrintSettings) settings = gtk_print_settings_new ();
  g_autoptr(GtkPageSetup) setup = a5_portrait ();
  g_autoptr(GError) error = NULL;
  g_autofree char *basename = NULL;

  g_return_if_fail (receipt != NULL);

  /* Translators: the file name "Print to File" suggests; %s is the tracking code */
  basename = g_strdup_printf (_("receipt-%s"), receipt->tracking_code);
  gtk_print_settings_set (settings, GTK_PRINT_SETTINGS_OUTPUT_BASENAME, basename);
  gtk_print_operation_set_print_settings (operation, settings);
  gtk_print_operation_set_default_page_setup (operation, setup);
  gtk_print_operation_set_embed_page_setup (operation, TRUE);
  gtk_print_operation_set_n_pages (operation, 1);
  gtk_print_operation_set_job_name (operation, basename);
  gtk_print_operation_set_allow_async (operation, TRUE);

  g_signal_connect_data (operation, "draw-page", G_CALLBACK (draw_page_cb),
                         kd_receipt_copy (receipt), receipt_closure_free, 0);
  g_signal_connect (operation, "done", G_CALLBACK (done_cb), NULL);

  if (gtk_print_operation_run (operation, GTK_PRINT_OPERATION_ACTION_PRINT_DIALOG, parent, &error) ==
      GTK_PRINT_OPERATION_RESULT_ERROR)
    done_cb (operation, GTK_PRINT_OPERATION_RESULT_ERROR, NULL);
}
