/* kd-cases-page-cells.c: the cells of the case queue. */
#define G_LOG_DOMAIN "kd-cases-page"

#include "config.h"

#include <glib/gi18n.h>

#include "kd-case.h"
#include "kd-cases-page-private.h"
#include "kd-fts.h"

/* Cells. Each is made once per cell and only has its text set when it shows
 * another case: plain text, never markup (the villagers' words as written).
 * GTK 4.8 binds every cell of a row again when the row only moved (reports
 * arrived above it); the cell keeps the case it shows, to skip that. */

static GQuark shown_quark;

static void
setup_text_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               KdCasesPage              *self)
{
  GtkWidget *cell = gtk_inscription_new (NULL);

  gtk_inscription_set_xalign (GTK_INSCRIPTION (cell), 0);
  gtk_inscription_set_text_overflow (GTK_INSCRIPTION (cell), GTK_INSCRIPTION_OVERFLOW_ELLIPSIZE_END);
  gtk_list_item_set_child (item, cell);
}

/* The case @item's cell is to show now, or NULL when it shows it already. */
static KdCase *
case_to_show (GtkListItem *item)
{
  GObject *cell = G_OBJECT (gtk_list_item_get_child (item));
  KdCase *kase = gtk_list_item_get_item (item);

  if (kase == NULL || g_object_get_qdata (cell, shown_quark) == kase)
    return NULL;
  g_object_set_qdata_full (cell, shown_quark, g_object_ref (kase), g_object_unref);

  return kase;
}

static void
set_cell_text (GtkListItem *item,
               const char  *text)
{
  gtk_inscription_set_text (GTK_INSCRIPTION (gtk_list_item_get_child (item)), text);
}

static void
bind_id_cb (GtkSignalListItemFactory *factory,
            GtkListItem              *item,
            KdCasesPage              *self)
{
  KdCase *kase = case_to_show (item);
  char text[24];

  if (kase == NULL)
    return;
  g_snprintf (text, sizeof text, "%" G_GINT64_FORMAT, kd_case_get_id (kase));
  set_cell_text (item, text);
}

/* While searching, the summary has a second line: where the search matched
 * (the description, or a reply or internal note), the matched words in bold
 * on a highlight. Attributes on plain text, never markup. */
static PangoAttrList *
highlight_attributes (GArray *ranges)
{
  PangoAttrList *attrs = pango_attr_list_new ();

  for (guint i = 0; ranges != NULL && i < ranges->len; i++)
    {
      const KdFtsRange *r = &g_array_index (ranges, KdFtsRange, i);
      PangoAttribute *bold = pango_attr_weight_new (PANGO_WEIGHT_BOLD);
      PangoAttribute *mark = pango_attr_background_new (0xffff, 0xe6e6, 0x8080);

      bold->start_index = mark->start_index = r->start;
      bold->end_index = mark->end_index = r->end;
      pango_attr_list_insert (attrs, bold);
      pango_attr_list_insert (attrs, mark);
    }
  return attrs;
}

static GtkWidget *
ellipsized_line (void)
{
  GtkWidget *line = gtk_inscription_new (NULL);

  gtk_inscription_set_xalign (GTK_INSCRIPTION (line), 0);
  gtk_inscription_set_text_overflow (GTK_INSCRIPTION (line), GTK_INSCRIPTION_OVERFLOW_ELLIPSIZE_END);
  return line;
}

/* The summary cell: the title, and under it the match while searching. */
static void
setup_title_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *item,
                KdCasesPage              *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *match = ellipsized_line ();

  gtk_widget_add_css_class (match, "dim-label");
  gtk_widget_set_visible (match, FALSE);
  gtk_box_append (GTK_BOX (box), ellipsized_line ());
  gtk_box_append (GTK_BOX (box), match);
  gtk_list_item_set_child (item, box);
}

static void
bind_title_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               KdCasesPage              *self)
{
  GtkWidget *box = gtk_list_item_get_child (item);
  GtkInscription *title = GTK_INSCRIPTION (gtk_widget_get_first_child (box));
  GtkInscription *match = GTK_INSCRIPTION (gtk_widget_get_last_child (box));
  const char *search = self->list ? kd_case_list_get_search (self->list) : NULL;
  gboolean searching = search != NULL && *search != '\0';
  g_autoptr(GArray) ranges = NULL;
  g_autoptr(PangoAttrList) attrs = NULL;
  g_autofree char *line = NULL;
  KdCase *kase;

  if (!searching)
    {
      if ((kase = case_to_show (item)) == NULL)
        return;
      gtk_widget_set_visible (GTK_WIDGET (match), FALSE);
      gtk_inscription_set_text (title, kd_case_get_title (kase));
      return;
    }

  /* The same case may match differently as the search changes: always. */
  g_object_set_qdata (G_OBJECT (box), shown_quark, NULL);
  if ((kase = gtk_list_item_get_item (item)) == NULL)
    return;
  line = kd_case_list_dup_highlight (self->list, kase, NULL, &ranges);
  attrs = highlight_attributes (ranges);
  gtk_inscription_set_text (title, kd_case_get_title (kase));
  gtk_inscription_set_text (match, line);
  gtk_inscription_set_attributes (match, attrs);
  gtk_widget_set_visible (GTK_WIDGET (match), TRUE);
}

static void
bind_village_cb (GtkSignalListItemFactory *factory,
                 GtkListItem              *item,
                 KdCasesPage              *self)
{
  KdCase *kase = case_to_show (item);

  if (kase != NULL)
    set_cell_text (item, kd_case_get_village_name (kase));
}

static void
bind_category_cb (GtkSignalListItemFactory *factory,
                  GtkListItem              *item,
                  KdCasesPage              *self)
{
  KdCase *kase = case_to_show (item);

  if (kase != NULL)
    set_cell_text (item, kd_case_get_category_name (kase));
}

static void
bind_status_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *item,
                KdCasesPage              *self)
{
  KdCase *kase = case_to_show (item);

  if (kase != NULL)
    set_cell_text (item, kd_case_status_label (kd_case_get_status (kase)));
}

static void
bind_time_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              KdCasesPage              *self)
{
  KdCase *kase = case_to_show (item);
  g_autofree char *text = NULL;

  if (kase == NULL)
    return;
  text = kd_format_local_time (kd_case_get_created_at (kase));
  set_cell_text (item, text);
}

static void
setup_urgent_cb (GtkSignalListItemFactory *factory,
                 GtkListItem              *item,
                 KdCasesPage              *self)
{
  GtkWidget *pill = gtk_label_new (_("Urgent"));

  gtk_widget_set_halign (pill, GTK_ALIGN_START);
  gtk_widget_add_css_class (pill, "urgent-pill");
  gtk_widget_set_visible (pill, FALSE);
  gtk_list_item_set_child (item, pill);
}

static void
bind_urgent_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *item,
                KdCasesPage              *self)
{
  KdCase *kase = case_to_show (item);

  if (kase != NULL)
    gtk_widget_set_visible (gtk_list_item_get_child (item), kd_case_get_urgent (kase));
}


/* A short name of the kind, for a narrow column. */
static const char *
kind_short_label (KdCaseKind kind)
{
  switch (kind)
    {
    case KD_CASE_KIND_LIVELIHOOD: return C_("case kind, short", "Livelihood");
    case KD_CASE_KIND_EMERGENCY:  return C_("case kind, short", "Emergency");
    case KD_CASE_KIND_POLICY:     return C_("case kind, short", "Question");
    case KD_CASE_KIND_SERVICE:    return C_("case kind, short", "Service");
    case KD_CASE_KIND_INTEGRITY:  return C_("case kind, short", "Integrity");
    default:                      return "";
    }
}

/* Tooltips are asked for when the pointer rests on a cell, never set when a
 * cell is bound: on a widget on show, gtk_widget_set_tooltip_text() asks the
 * X server where the pointer is and waits for the answer, and a refresh binds
 * every row on screen (100 ms of the UI thread while phones submit). */
static gboolean
query_kind_tooltip_cb (GtkWidget  *cell,
                       int         x,
                       int         y,
                       gboolean    keyboard,
                       GtkTooltip *tooltip,
                       gpointer    data)
{
  KdCase *kase = g_object_get_qdata (G_OBJECT (cell), shown_quark);

  if (kase == NULL)
    return FALSE;
  gtk_tooltip_set_text (tooltip, kd_case_kind_label (kd_case_get_kind (kase)));
  return TRUE;
}

static void
setup_kind_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               KdCasesPage              *self)
{
  setup_text_cb (factory, item, self);
  gtk_widget_set_has_tooltip (gtk_list_item_get_child (item), TRUE);
  g_signal_connect (gtk_list_item_get_child (item), "query-tooltip", G_CALLBACK (query_kind_tooltip_cb), NULL);
}

static void
bind_kind_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              KdCasesPage              *self)
{
  KdCase *kase = case_to_show (item);

  if (kase != NULL)
    set_cell_text (item, kind_short_label (kd_case_get_kind (kase)));
}

/* Who has it: the cadre, else the village it went to, else nobody yet. */
static void
bind_assignee_cb (GtkSignalListItemFactory *factory,
                  GtkListItem              *item,
                  KdCasesPage              *self)
{
  KdCase *kase = case_to_show (item);
  const char *name;

  if (kase == NULL)
    return;
  name = kd_case_get_assignee_name (kase);
  if (name == NULL || *name == '\0')
    name = kd_case_get_assigned_village_name (kase);
  set_cell_text (item, name != NULL ? name : "");
}

/* The resolution deadline relative to @now: "in 3 h", "in 2 d", "5 h ago". */
char *
kd_cases_page_format_due (gint64 due,
                          gint64 now)
{
  gint64 delta = due - now;
  gint64 span = ABS (delta);
  gint64 n;

  if (span < 3600)
    {
      n = MAX (span / 60, 1);
      return delta >= 0 ? g_strdup_printf (g_dngettext (NULL, "in %d min", "in %d min", n), (int) n)
                        : g_strdup_printf (g_dngettext (NULL, "%d min ago", "%d min ago", n), (int) n);
    }
  if (span < 48 * 3600)
    {
      n = span / 3600;
      return delta >= 0 ? g_strdup_printf (g_dngettext (NULL, "in %d h", "in %d h", n), (int) n)
                        : g_strdup_printf (g_dngettext (NULL, "%d h ago", "%d h ago", n), (int) n);
    }
  n = span / 86400;
  return delta >= 0 ? g_strdup_printf (g_dngettext (NULL, "in %d day", "in %d days", n), (int) n)
                    : g_strdup_printf (g_dngettext (NULL, "%d day ago", "%d days ago", n), (int) n);
}

/* The due cell's tooltip: the deadline itself (see query_kind_tooltip_cb). */
static gboolean
query_due_tooltip_cb (GtkWidget  *box,
                      int         x,
                      int         y,
                      gboolean    keyboard,
                      GtkTooltip *tooltip,
                      gpointer    data)
{
  KdCase *kase = g_object_get_qdata (G_OBJECT (box), shown_quark);
  gint64 due = kase ? kd_case_get_resolution_due_at (kase) : 0;
  g_autofree char *exact = NULL;

  if (due <= 0 || !kd_case_status_is_open (kd_case_get_status (kase)))
    return FALSE;
  exact = kd_format_local_time (due);
  gtk_tooltip_set_text (tooltip, exact);
  return TRUE;
}

/* The due cell: the deadline of an open case, or a red "Overdue" pill. */
static void
setup_due_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              KdCasesPage              *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  GtkWidget *pill = gtk_label_new (_("Overdue"));
  GtkWidget *text = gtk_inscription_new (NULL);

  gtk_widget_add_css_class (pill, "overdue-pill");
  gtk_widget_set_visible (pill, FALSE);
  gtk_inscription_set_xalign (GTK_INSCRIPTION (text), 0);
  gtk_inscription_set_text_overflow (GTK_INSCRIPTION (text), GTK_INSCRIPTION_OVERFLOW_ELLIPSIZE_END);
  gtk_widget_set_hexpand (text, TRUE);
  gtk_box_append (GTK_BOX (box), pill);
  gtk_box_append (GTK_BOX (box), text);
  gtk_widget_set_has_tooltip (box, TRUE);
  g_signal_connect (box, "query-tooltip", G_CALLBACK (query_due_tooltip_cb), NULL);
  gtk_list_item_set_child (item, box);
}

/* Always bound again: the clock moves while the case stays the same. */
static void
bind_due_cb (GtkSignalListItemFactory *factory,
             GtkListItem              *item,
             KdCasesPage              *self)
{
  GtkWidget *box = gtk_list_item_get_child (item);
  GtkWidget *pill = gtk_widget_get_first_child (box);
  GtkInscription *text = GTK_INSCRIPTION (gtk_widget_get_last_child (box));
  KdCase *kase = gtk_list_item_get_item (item);
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  gint64 due = kase ? kd_case_get_resolution_due_at (kase) : 0;
  gboolean open = kase && kd_case_status_is_open (kd_case_get_status (kase));
  gboolean overdue = kase && kd_case_is_overdue (kase, now);
  g_autofree char *when = NULL;

  if (kase != NULL && g_object_get_qdata (G_OBJECT (box), shown_quark) != kase)
    g_object_set_qdata_full (G_OBJECT (box), shown_quark, g_object_ref (kase), g_object_unref);
  gtk_widget_set_visible (pill, overdue);
  gtk_widget_set_visible (GTK_WIDGET (text), !overdue);
  if (open && !overdue && due > 0 && kd_case_get_paused_at (kase) == 0)
    when = kd_cases_page_format_due (due, now);
  else if (open && kase && kd_case_get_paused_at (kase) != 0)
    when = g_strdup (_("Paused"));
  gtk_inscription_set_text (text, when);
}

void
kd_cases_page_class_init_cells (GtkWidgetClass *widget_class)
{
  shown_quark = g_quark_from_static_string ("kd-cases-page-shown");

  gtk_widget_class_bind_template_callback (widget_class, setup_text_cb);
  gtk_widget_class_bind_template_callback (widget_class, setup_urgent_cb);
  gtk_widget_class_bind_template_callback (widget_class, setup_title_cb);
  gtk_widget_class_bind_template_callback (widget_class, setup_due_cb);
  gtk_widget_class_bind_template_callback (widget_class, setup_kind_cb);
  gtk_widget_class_bind_template_callback (widget_class, bind_id_cb);
  gtk_widget_class_bind_template_callback (widget_class, bind_title_cb);
  gtk_widget_class_bind_template_callback (widget_class, bind_kind_cb);
  gtk_widget_class_bind_template_callback (widget_class, bind_village_cb);
  gtk_widget_class_bind_template_callback (widget_class, bind_category_cb);
  gtk_widget_class_bind_template_callback (widget_class, bind_status_cb);
  gtk_widget_class_bind_template_callback (widget_class, bind_time_cb);
  gtk_widget_class_bind_template_callback (widget_class, bind_urgent_cb);
  gtk_widget_class_bind_template_callback (widget_class, bind_assignee_cb);
  gtk_widget_class_bind_template_callback (widget_class, bind_due_cb);
}
