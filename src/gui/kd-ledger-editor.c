/* kd-ledger-editor.c: the ledger lines in a boxed list, one row each: the
 * date, the item, the income and the expense in yuan. Amounts are parsed as
 * they are typed (kd_disclosure_parse_fen), a bad one shown under its line;
 * the totals follow. Collecting the lines checks each with the core's own
 * rule (kd_ledger_line_check) and leaves every line as typed. A line with
 * nothing in it is not a line. */
#define G_LOG_DOMAIN "kd-ledger-editor"

#include "config.h"

#include <glib/gi18n.h>

#include "kd-ledger-editor.h"

struct _KdLedgerEditor
{
  AdwBin        parent_instance;

  GtkListBox   *list;
  GtkWidget    *add_button;
  GtkWidget    *remove_header;
  GtkLabel     *income_total;
  GtkLabel     *expense_total;
  GtkLabel     *balance_total;
  GtkSizeGroup *columns[4];     /* date, income, expense, remove: the header with each line */
  guint         n_lines;
  gboolean      editable;
};

G_DEFINE_FINAL_TYPE (KdLedgerEditor, kd_ledger_editor, ADW_TYPE_BIN)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

enum { COL_DATE, COL_INCOME, COL_EXPENSE, COL_REMOVE };

/* One line's widgets, kept on its GtkListBoxRow. */
typedef struct
{
  KdLedgerEditor *editor;
  GtkWidget      *row;
  GtkEditable    *day;
  GtkEditable    *item;
  GtkEditable    *income;
  GtkEditable    *expense;
  GtkWidget      *remove;
  GtkLabel       *error;
} Line;

static Line *
line_at (KdLedgerEditor *self,
         guint           n)
{
  GtkListBoxRow *row = gtk_list_box_get_row_at_index (self->list, (int) n);

  return row != NULL ? g_object_get_data (G_OBJECT (row), "kd-ledger-line") : NULL;
}

static void
show_line_error (Line       *line,
                 const char *message)
{
  gtk_label_set_text (line->error, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (line->error), message != NULL);
}

/* An amount field: its value, or FALSE (and the field marked) when it does
 * not parse. Empty is 0. */
static gboolean
parse_amount (GtkEditable  *field,
              gint64       *fen,
              GError      **error)
{
  gboolean ok = kd_disclosure_parse_fen (gtk_editable_get_text (field), fen, error);

  if (ok)
    gtk_widget_remove_css_class (GTK_WIDGET (field), "error");
  else
    gtk_widget_add_css_class (GTK_WIDGET (field), "error");
  return ok;
}

static gboolean
line_is_empty (Line *line)
{
  GtkEditable *fields[] = { line->day, line->item, line->income, line->expense };

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (fields[i])));

      if (*text != '\0')
        return FALSE;
    }
  return TRUE;
}

static void
update_totals (KdLedgerEditor *self)
{
  gint64 in = 0, out = 0;
  g_autofree char *in_text = NULL;
  g_autofree char *out_text = NULL;
  g_autofree char *balance_text = NULL;

  kd_ledger_editor_get_totals (self, &in, &out);
  in_text = kd_disclosure_format_fen (in);
  out_text = kd_disclosure_format_fen (out);
  balance_text = kd_disclosure_format_fen (in - out);
  gtk_label_set_text (self->income_total, in_text);
  gtk_label_set_text (self->expense_total, out_text);
  gtk_label_set_text (self->balance_total, balance_text);
}

/* As typed: the amounts are checked at once, the rest when collected. */
static void
line_changed_cb (Line *line)
{
  g_autoptr(GError) error = NULL;
  gint64 fen;

  gtk_widget_remove_css_class (GTK_WIDGET (line->day), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (line->item), "error");
  if (!parse_amount (line->income, &fen, &error) && error != NULL)
    show_line_error (line, error->message);
  else if (!parse_amount (line->expense, &fen, &error))
    show_line_error (line, error->message);
  else
    show_line_error (line, NULL);

  update_totals (line->editor);
  g_signal_emit (line->editor, signals[CHANGED], 0);
}

static void add_clicked_cb (KdLedgerEditor *self);

/* Enter on the last line starts the next one. */
static void
line_activate_cb (Line *line)
{
  KdLedgerEditor *self = line->editor;

  if (self->editable && line_at (self, self->n_lines - 1) == line && !line_is_empty (line))
    add_clicked_cb (self);
}

static void
remove_clicked_cb (Line *line)
{
  KdLedgerEditor *self = line->editor;

  if (self->n_lines <= 1)
    {
      kd_ledger_editor_set_line (self, 0, "", "", "", "");
      return;
    }
  gtk_list_box_remove (self->list, line->row);   /* frees @line */
  self->n_lines--;
  gtk_widget_set_sensitive (self->add_button, self->n_lines < KD_DISCLOSURE_MAX_LINES);
  update_totals (self);
  g_signal_emit (self, signals[CHANGED], 0);
}

static GtkEditable *
line_entry (Line       *line,
            const char *name,
            const char *placeholder,
            int         width_chars,
            gboolean    numeric)
{
  GtkWidget *entry = gtk_entry_new ();

  gtk_widget_set_name (entry, name);
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), placeholder);
  g_object_set_data_full (G_OBJECT (entry), "kd-placeholder", g_strdup (placeholder), g_free);
  gtk_editable_set_width_chars (GTK_EDITABLE (entry), width_chars);
  gtk_editable_set_max_width_chars (GTK_EDITABLE (entry), width_chars);
  gtk_widget_set_hexpand (entry, FALSE);
  if (numeric)
    {
      gtk_editable_set_alignment (GTK_EDITABLE (entry), 1.0);
      gtk_entry_set_input_purpose (GTK_ENTRY (entry), GTK_INPUT_PURPOSE_NUMBER);
      gtk_widget_add_css_class (entry, "numeric");
    }
  g_signal_connect_swapped (entry, "changed", G_CALLBACK (line_changed_cb), line);
  g_signal_connect_swapped (entry, "activate", G_CALLBACK (line_activate_cb), line);
  return GTK_EDITABLE (entry);
}

static Line *
line_new (KdLedgerEditor *self)
{
  Line *line = g_new0 (Line, 1);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  GtkWidget *fields = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);

  line->editor = self;
  line->row = gtk_list_box_row_new ();
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (line->row), FALSE);
  gtk_widget_set_focusable (line->row, FALSE);   /* Tab goes from field to field */
  g_object_set_data_full (G_OBJECT (line->row), "kd-ledger-line", line, g_free);

  line->day = line_entry (line, "day", _("2026-11-28"), 10, FALSE);
  line->item = line_entry (line, "item", _("What the money was for"), 12, FALSE);
  line->income = line_entry (line, "income", "0.00", 10, TRUE);
  line->expense = line_entry (line, "expense", "0.00", 10, TRUE);
  gtk_widget_set_hexpand (GTK_WIDGET (line->item), TRUE);
  gtk_entry_set_max_length (GTK_ENTRY (line->day), 10);

  line->remove = gtk_button_new_from_icon_name ("list-remove-symbolic");
  gtk_widget_set_tooltip_text (line->remove, _("Remove This Line"));
  gtk_widget_add_css_class (line->remove, "flat");
  gtk_widget_set_valign (line->remove, GTK_ALIGN_CENTER);
  gtk_widget_set_visible (line->remove, self->editable);
  g_signal_connect_swapped (line->remove, "clicked", G_CALLBACK (remove_clicked_cb), line);

  line->error = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (line->error, 0);
  gtk_label_set_wrap (line->error, TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (line->error), "error");
  gtk_widget_set_visible (GTK_WIDGET (line->error), FALSE);

  gtk_box_append (GTK_BOX (fields), GTK_WIDGET (line->day));
  gtk_box_append (GTK_BOX (fields), GTK_WIDGET (line->item));
  gtk_box_append (GTK_BOX (fields), GTK_WIDGET (line->income));
  gtk_box_append (GTK_BOX (fields), GTK_WIDGET (line->expense));
  gtk_box_append (GTK_BOX (fields), line->remove);
  gtk_size_group_add_widget (self->columns[COL_DATE], GTK_WIDGET (line->day));
  gtk_size_group_add_widget (self->columns[COL_INCOME], GTK_WIDGET (line->income));
  gtk_size_group_add_widget (self->columns[COL_EXPENSE], GTK_WIDGET (line->expense));
  gtk_size_group_add_widget (self->columns[COL_REMOVE], line->remove);

  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_widget_set_margin_start (box, 6);
  gtk_widget_set_margin_end (box, 6);
  gtk_box_append (GTK_BOX (box), fields);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (line->error));
  gtk_widget_add_css_class (box, "ledger-line");
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (line->row), box);
  return line;
}

static void
set_editable (Line     *line,
              gboolean  editable)
{
  GtkEditable *fields[] = { line->day, line->item, line->income, line->expense };

  /* Read-only, the lines read as text, not as fields to fill in. */
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      gtk_editable_set_editable (fields[i], editable);
      gtk_entry_set_has_frame (GTK_ENTRY (fields[i]), editable);
      gtk_entry_set_placeholder_text (GTK_ENTRY (fields[i]),
                                      editable ? g_object_get_data (G_OBJECT (fields[i]), "kd-placeholder") : NULL);
    }
  gtk_widget_set_visible (line->remove, editable);
}

static void
fill_line (Line               *line,
           const KdLedgerLine *value)
{
  g_autofree char *income = value->income_fen ? kd_disclosure_format_fen (value->income_fen) : g_strdup ("");
  g_autofree char *expense = value->expense_fen ? kd_disclosure_format_fen (value->expense_fen) : g_strdup ("");

  gtk_editable_set_text (line->day, value->day ? value->day : "");
  gtk_editable_set_text (line->item, value->item ? value->item : "");
  gtk_editable_set_text (line->income, income);
  gtk_editable_set_text (line->expense, expense);
}

/* A new line at the end: @value's, or a blank one dated like the line above. */
static void
append_line (KdLedgerEditor     *self,
             const KdLedgerLine *value)
{
  Line *last = self->n_lines > 0 ? line_at (self, self->n_lines - 1) : NULL;
  Line *line = line_new (self);

  gtk_list_box_append (self->list, line->row);
  self->n_lines++;
  set_editable (line, self->editable);
  if (value != NULL)
    fill_line (line, value);
  else if (last != NULL)
    gtk_editable_set_text (line->day, gtk_editable_get_text (last->day));
  gtk_widget_set_sensitive (self->add_button, self->n_lines < KD_DISCLOSURE_MAX_LINES);
}

static void
add_clicked_cb (KdLedgerEditor *self)
{
  Line *line;

  kd_ledger_editor_add_line (self);
  line = line_at (self, self->n_lines - 1);
  gtk_widget_grab_focus (GTK_WIDGET (*gtk_editable_get_text (line->day) ? line->item : line->day));
}

/* The column titles, aligned with the lines below by the size groups. */
static GtkWidget *
header_new (KdLedgerEditor *self)
{
  GtkWidget *header = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  const struct { const char *title; int column; gboolean expand; float xalign; } titles[] = {
    { N_("Date"), COL_DATE, FALSE, 0 },
    { N_("Item"), -1, TRUE, 0 },
    { N_("Income (yuan)"), COL_INCOME, FALSE, 1 },
    { N_("Expense (yuan)"), COL_EXPENSE, FALSE, 1 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (titles); i++)
    {
      GtkWidget *label = gtk_label_new (_(titles[i].title));

      gtk_label_set_xalign (GTK_LABEL (label), titles[i].xalign);
      gtk_widget_set_hexpand (label, titles[i].expand);
      gtk_widget_add_css_class (label, "heading");
      if (titles[i].column >= 0)
        gtk_size_group_add_widget (self->columns[titles[i].column], label);
      gtk_box_append (GTK_BOX (header), label);
    }
  self->remove_header = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  gtk_size_group_add_widget (self->columns[COL_REMOVE], self->remove_header);
  gtk_box_append (GTK_BOX (header), self->remove_header);
  gtk_widget_set_margin_start (header, 7);   /* the boxed list's border and the lines' margin */
  gtk_widget_set_margin_end (header, 7);
  gtk_widget_add_css_class (header, "ledger-header");
  return header;
}

static GtkLabel *
total_new (GtkWidget  *box,
           const char *title)
{
  GtkWidget *label = gtk_label_new (title);
  GtkWidget *value = gtk_label_new (NULL);

  gtk_widget_add_css_class (label, "dim-label");
  gtk_widget_add_css_class (value, "numeric");
  gtk_widget_add_css_class (value, "heading");
  gtk_label_set_selectable (GTK_LABEL (value), TRUE);
  gtk_widget_set_margin_start (label, 12);
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), value);
  return GTK_LABEL (value);
}

static GtkWidget *
footer_new (KdLedgerEditor *self)
{
  GtkWidget *footer = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *totals = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *content = adw_button_content_new ();

  adw_button_content_set_icon_name (ADW_BUTTON_CONTENT (content), "list-add-symbolic");
  adw_button_content_set_label (ADW_BUTTON_CONTENT (content), _("_Add Line"));
  adw_button_content_set_use_underline (ADW_BUTTON_CONTENT (content), TRUE);
  self->add_button = gtk_button_new ();
  gtk_widget_set_name (self->add_button, "add-line");
  gtk_button_set_child (GTK_BUTTON (self->add_button), content);
  g_signal_connect_swapped (self->add_button, "clicked", G_CALLBACK (add_clicked_cb), self);

  gtk_widget_set_hexpand (totals, TRUE);
  gtk_widget_set_halign (totals, GTK_ALIGN_END);
  gtk_widget_set_valign (totals, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (totals, "ledger-totals");
  self->income_total = total_new (totals, _("Income"));
  self->expense_total = total_new (totals, _("Expense"));
  self->balance_total = total_new (totals, _("Balance"));
  gtk_widget_set_name (GTK_WIDGET (self->income_total), "income-total");
  gtk_widget_set_name (GTK_WIDGET (self->expense_total), "expense-total");
  gtk_widget_set_name (GTK_WIDGET (self->balance_total), "balance-total");

  gtk_box_append (GTK_BOX (footer), self->add_button);
  gtk_box_append (GTK_BOX (footer), totals);
  return footer;
}

static void
kd_ledger_editor_dispose (GObject *object)
{
  KdLedgerEditor *self = (KdLedgerEditor *)object;

  adw_bin_set_child (ADW_BIN (self), NULL);
  for (guint i = 0; i < G_N_ELEMENTS (self->columns); i++)
    g_clear_object (&self->columns[i]);

  G_OBJECT_CLASS (kd_ledger_editor_parent_class)->dispose (object);
}

static void
kd_ledger_editor_class_init (KdLedgerEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = kd_ledger_editor_dispose;

  /* A line was typed in, added or removed. */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
kd_ledger_editor_init (KdLedgerEditor *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);

  self->editable = TRUE;
  for (guint i = 0; i < G_N_ELEMENTS (self->columns); i++)
    self->columns[i] = gtk_size_group_new (GTK_SIZE_GROUP_HORIZONTAL);

  self->list = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_list_box_set_selection_mode (self->list, GTK_SELECTION_NONE);
  gtk_widget_add_css_class (GTK_WIDGET (self->list), "boxed-list");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->list), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Ledger"), -1);

  gtk_box_append (GTK_BOX (box), header_new (self));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->list));
  gtk_box_append (GTK_BOX (box), footer_new (self));
  adw_bin_set_child (ADW_BIN (self), box);
  update_totals (self);
}

GtkWidget *
kd_ledger_editor_new (void)
{
  return g_object_new (KD_TYPE_LEDGER_EDITOR, NULL);
}

/* Shows @lines (KdLedgerLine), or one blank line when there are none. */
void
kd_ledger_editor_set_lines (KdLedgerEditor *self,
                            GPtrArray      *lines)
{
  GtkListBoxRow *row;

  g_return_if_fail (KD_IS_LEDGER_EDITOR (self));

  while ((row = gtk_list_box_get_row_at_index (self->list, 0)) != NULL)
    gtk_list_box_remove (self->list, GTK_WIDGET (row));
  self->n_lines = 0;

  for (guint i = 0; lines != NULL && i < lines->len; i++)
    append_line (self, lines->pdata[i]);
  if (self->n_lines == 0)
    append_line (self, NULL);
  update_totals (self);
}

/* One line from what is typed in @line (the @n-th that is not empty). */
static KdLedgerLine *
collect_line (Line    *line,
              guint    n,
              GError **error)
{
  g_autoptr(KdLedgerLine) value = NULL;
  g_autofree char *day = g_strstrip (g_strdup (gtk_editable_get_text (line->day)));
  gint64 income, expense;

  if (!parse_amount (line->income, &income, error) || !parse_amount (line->expense, &expense, error))
    {
      /* TRANSLATORS: before why a ledger line is refused; %u is its number */
      g_prefix_error (error, _("Ledger line %u: "), n);
      return NULL;
    }
  value = kd_ledger_line_new (day, gtk_editable_get_text (line->item), income, expense);
  if (!kd_ledger_line_check (value, n, error))
    return NULL;
  return g_steal_pointer (&value);
}

/* Appends the lines typed (KdLedgerLine) to @lines. Every line at fault
 * shows its problem; the first is returned in @error (and has the focus).
 * Nothing typed is changed. */
gboolean
kd_ledger_editor_collect (KdLedgerEditor *self,
                          GPtrArray      *lines,
                          GError        **error)
{
  g_autoptr(GError) first = NULL;
  guint n = 0;

  g_return_val_if_fail (KD_IS_LEDGER_EDITOR (self), FALSE);

  for (guint i = 0; i < self->n_lines; i++)
    {
      Line *line = line_at (self, i);
      g_autoptr(GError) local = NULL;
      KdLedgerLine *value;

      show_line_error (line, NULL);
      if (line_is_empty (line))
        continue;
      value = collect_line (line, ++n, &local);
      if (value != NULL)
        {
          g_ptr_array_add (lines, value);
          continue;
        }
      show_line_error (line, local->message);
      if (first == NULL)
        {
          first = g_steal_pointer (&local);
          gtk_widget_grab_focus (GTK_WIDGET (line->day));
        }
    }

  if (first == NULL)
    return TRUE;
  g_propagate_error (error, g_steal_pointer (&first));
  return FALSE;
}

void
kd_ledger_editor_add_line (KdLedgerEditor *self)
{
  g_return_if_fail (KD_IS_LEDGER_EDITOR (self));

  if (self->n_lines >= KD_DISCLOSURE_MAX_LINES)
    return;
  append_line (self, NULL);
  g_signal_emit (self, signals[CHANGED], 0);
}

/* Lines shown, empty ones too. */
guint
kd_ledger_editor_get_n_lines (KdLedgerEditor *self)
{
  g_return_val_if_fail (KD_IS_LEDGER_EDITOR (self), 0);

  return self->n_lines;
}

/* Types into line @n (from 0), as a cadre would. */
void
kd_ledger_editor_set_line (KdLedgerEditor *self,
                           guint           n,
                           const char     *day,
                           const char     *item,
                           const char     *income,
                           const char     *expense)
{
  Line *line;

  g_return_if_fail (KD_IS_LEDGER_EDITOR (self));
  g_return_if_fail (n < self->n_lines);

  line = line_at (self, n);
  gtk_editable_set_text (line->day, day ? day : "");
  gtk_editable_set_text (line->item, item ? item : "");
  gtk_editable_set_text (line->income, income ? income : "");
  gtk_editable_set_text (line->expense, expense ? expense : "");
}

/* The sums of the amounts that parse, as the footer shows them. */
void
kd_ledger_editor_get_totals (KdLedgerEditor *self,
                             gint64         *income_fen,
                             gint64         *expense_fen)
{
  gint64 in = 0, out = 0;

  g_return_if_fail (KD_IS_LEDGER_EDITOR (self));

  for (guint i = 0; i < self->n_lines; i++)
    {
      Line *line = line_at (self, i);
      gint64 fen;

      if (kd_disclosure_parse_fen (gtk_editable_get_text (line->income), &fen, NULL))
        in += fen;
      if (kd_disclosure_parse_fen (gtk_editable_get_text (line->expense), &fen, NULL))
        out += fen;
    }
  if (income_fen != NULL)
    *income_fen = in;
  if (expense_fen != NULL)
    *expense_fen = out;
}

/* Read-only: no adding, no removing, no typing. */
void
kd_ledger_editor_set_editable (KdLedgerEditor *self,
                               gboolean        editable)
{
  g_return_if_fail (KD_IS_LEDGER_EDITOR (self));

  self->editable = editable;
  for (guint i = 0; i < self->n_lines; i++)
    set_editable (line_at (self, i), editable);
  gtk_widget_set_visible (self->add_button, editable);
  gtk_widget_set_visible (self->remove_header, editable);
}
