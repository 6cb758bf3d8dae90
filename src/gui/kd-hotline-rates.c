/* kd-hotline-rates.c: the hotline rates on the Overview. A worker thread
 * reads them on a connection of its own (kd_stats_query, three times, and
 * the overdue count), so a town of a million cases never stalls the window;
 * the store's changes recompute them, at most every ten seconds. */
#define G_LOG_DOMAIN "kd-hotline-rates"

#include "config.h"

#include <glib/gi18n.h>
#include <adwaita.h>

#include "kd-case-filter.h"
#include "kd-cases-page.h"
#include "kd-hotline-rates.h"
#include "kd-stats.h"
#include "kd-ui-resources.h"
#include "kd-window.h"

#define RECOMPUTE_SECONDS 10

struct _KdHotlineRates
{
  GtkWidget      parent_instance;

  KdStore       *store;
  GCancellable  *cancellable;
  KdRatesPeriod  period;
  gboolean       busy;
  gboolean       again;          /* a change came while computing */
  guint          recompute;
  gboolean       stale;          /* changed while not on screen */
  GListModel    *town;
  GListStore    *villages;
  GListStore    *cadres;
  gint64         overdue;

  /* template */
  GtkDropDown   *period_dropdown;
  GtkLabel      *response_label;
  GtkLabel      *on_time_label;
  GtkLabel      *resolution_label;
  GtkLabel      *satisfaction_label;
  GtkLabel      *repeats_label;
  GtkLabel      *overdue_label;
  GtkColumnView *village_view;
  GtkColumnView *cadre_view;
};

G_DEFINE_FINAL_TYPE (KdHotlineRates, kd_hotline_rates, GTK_TYPE_WIDGET)

/* [from, to) of @period, in local time, at @now. */
void
kd_hotline_rates_get_range (KdRatesPeriod  period,
                            gint64         now,
                            gint64        *from,
                            gint64        *to)
{
  g_autoptr(GDateTime) local = g_date_time_new_from_unix_local (now);
  g_autoptr(GDateTime) start = NULL;

  switch (period)
    {
    case KD_RATES_LAST_30_DAYS:
      *from = now - 30 * 86400;
      break;
    case KD_RATES_THIS_YEAR:
      start = g_date_time_new_local (g_date_time_get_year (local), 1, 1, 0, 0, 0);
      *from = g_date_time_to_unix (start);
      break;
    case KD_RATES_THIS_MONTH:
    default:
      start = g_date_time_new_local (g_date_time_get_year (local), g_date_time_get_month (local), 1, 0, 0, 0);
      *from = g_date_time_to_unix (start);
      break;
    }
  *to = now + 1;
}

/* The worker. */

typedef struct
{
  gint64      from, to, now;
  GListModel *results[3];   /* KD_STATS_TOWN, _BY_VILLAGE, _BY_ASSIGNEE */
  gint64      overdue;
} Figures;

static void
figures_free (gpointer data)
{
  Figures *f = data;

  for (guint i = 0; i < G_N_ELEMENTS (f->results); i++)
    g_clear_object (&f->results[i]);
  g_free (f);
}

/* The overdue cases, as the queue's Overdue view counts them for the town's
 * staff: never 清风 reports, which the rates leave out too. */
static gint64
count_overdue (KdDb    *db,
               gint64   now,
               GError **error)
{
  g_autoptr(GString) sql = g_string_new ("SELECT count(*) FROM cases c WHERE 1");
  KdCaseFilter filter;
  sqlite3_stmt *stmt;
  gint64 n = -1;

  kd_case_filter_init (&filter);
  filter.viewer_role = KD_ROLE_TOWN_STAFF;
  filter.overdue = TRUE;
  filter.now = now;
  kd_case_filter_append_sql (&filter, sql);
  if ((stmt = kd_db_prepare (db, sql->str, error)) == NULL)
    return -1;
  kd_case_filter_bind (&filter, stmt);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    n = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return n;
}

static void
compute_thread (GTask        *task,
                gpointer      source,
                gpointer      data,
                GCancellable *cancellable)
{
  const KdStatsGroup groups[3] = { KD_STATS_TOWN, KD_STATS_BY_VILLAGE, KD_STATS_BY_ASSIGNEE };
  Figures *f = data;
  GError *error = NULL;
  g_autoptr(KdDb) db = kd_store_open_reader (KD_STORE (source), &error);
  gint64 start = g_get_monotonic_time ();

  for (guint i = 0; db != NULL && i < 3 && error == NULL; i++)
    f->results[i] = kd_stats_query (db, groups[i], f->from, f->to, f->now, &error);
  if (error == NULL)
    f->overdue = count_overdue (db, f->now, &error);

  g_debug ("Hotline rates computed in %.1f ms", (g_get_monotonic_time () - start) / 1000.0);
  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

/* Showing them. */

static char *
format_rate (double rate)
{
  return rate < 0 ? g_strdup ("—") : g_strdup_printf ("%.0f%%", rate * 100);
}

static void
set_rate (GtkLabel *label,
          double    rate)
{
  g_autofree char *text = format_rate (rate);

  gtk_label_set_text (label, text);
}

static void
set_count (GtkLabel *label,
           gint64    n)
{
  g_autofree char *text = g_strdup_printf ("%" G_GINT64_FORMAT, n);

  gtk_label_set_text (label, text);
}

static void
replace_rows (GListStore *store,
              GListModel *rows)
{
  guint n = g_list_model_get_n_items (rows);
  g_autofree gpointer *items = g_new0 (gpointer, n + 1);

  for (guint i = 0; i < n; i++)
    items[i] = g_list_model_get_item (rows, i);
  g_list_store_splice (store, 0, g_list_model_get_n_items (G_LIST_MODEL (store)), items, n);
  for (guint i = 0; i < n; i++)
    g_object_unref (items[i]);
}

static void
show_figures (KdHotlineRates *self,
              Figures        *f)
{
  g_autoptr(KdStatsRow) town = g_list_model_get_n_items (f->results[0]) > 0
                               ? g_list_model_get_item (f->results[0], 0) : NULL;

  g_set_object (&self->town, f->results[0]);
  set_rate (self->response_label, town ? kd_stats_row_get_response_rate (town) : -1);
  set_rate (self->on_time_label, town ? kd_stats_row_get_on_time_rate (town) : -1);
  set_rate (self->resolution_label, town ? kd_stats_row_get_resolution_rate (town) : -1);
  set_rate (self->satisfaction_label, town ? kd_stats_row_get_satisfaction_rate (town) : -1);
  set_count (self->repeats_label, town ? kd_stats_row_get_repeats (town) : 0);
  set_count (self->overdue_label, f->overdue);
  self->overdue = f->overdue;
  replace_rows (self->villages, f->results[1]);
  replace_rows (self->cadres, f->results[2]);
}

static void compute (KdHotlineRates *self);

static void
computed_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      data)
{
  g_autoptr(KdHotlineRates) self = data;
  g_autoptr(GError) error = NULL;
  GTask *task = G_TASK (result);

  if (!g_task_propagate_boolean (task, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;   /* another store, or none */
      g_warning ("Could not compute the hotline rates: %s", error->message);
    }
  else
    show_figures (self, g_task_get_task_data (task));
  self->busy = FALSE;
  if (self->again)
    compute (self);
}

static void
compute (KdHotlineRates *self)
{
  g_autoptr(GTask) task = NULL;
  Figures *f;

  if (self->store == NULL)
    return;
  if (self->busy)
    {
      self->again = TRUE;
      return;
    }
  self->busy = TRUE;
  self->again = FALSE;
  f = g_new0 (Figures, 1);
  f->now = g_get_real_time () / G_USEC_PER_SEC;
  kd_hotline_rates_get_range (self->period, f->now, &f->from, &f->to);
  task = g_task_new (self->store, self->cancellable, computed_cb, g_object_ref (self));
  g_task_set_task_data (task, f, figures_free);
  g_task_run_in_thread (task, compute_thread);
}

static gboolean
recompute_cb (gpointer data)
{
  KdHotlineRates *self = data;

  self->recompute = 0;
  compute (self);
  return G_SOURCE_REMOVE;
}

/* Only while someone can see the figures: off screen (the queue open while
 * 200 phones report) they are only marked stale, and computed when shown. */
static void
store_changed_cb (KdHotlineRates *self)
{
  if (!gtk_widget_get_mapped (GTK_WIDGET (self)))
    self->stale = TRUE;
  else if (self->recompute == 0)
    self->recompute = g_timeout_add_seconds (RECOMPUTE_SECONDS, recompute_cb, self);
}

static void
kd_hotline_rates_map (GtkWidget *widget)
{
  KdHotlineRates *self = KD_HOTLINE_RATES (widget);

  GTK_WIDGET_CLASS (kd_hotline_rates_parent_class)->map (widget);
  if (self->stale && self->store != NULL)
    {
      self->stale = FALSE;
      compute (self);
    }
}

static void
period_selected_cb (KdHotlineRates *self)
{
  guint i = gtk_drop_down_get_selected (self->period_dropdown);

  if (i != GTK_INVALID_LIST_POSITION)
    kd_hotline_rates_set_period (self, i);
}

/* The overdue count opens the queue's Overdue view. */
static void
overdue_clicked_cb (KdHotlineRates *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (!KD_IS_WINDOW (root))
    return;
  kd_cases_page_show_view (kd_window_get_cases_page (KD_WINDOW (root)), KD_QUEUE_VIEW_OVERDUE);
  kd_window_show_page (KD_WINDOW (root), "cases");
}

/* The tables' columns. */

typedef enum {
  COL_NAME, COL_CASES, COL_RESPONSE, COL_ON_TIME, COL_RESOLUTION, COL_SATISFACTION, COL_REPEATS, N_COLS
} Col;

static void
setup_cell_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               gpointer                  data)
{
  GtkWidget *cell = gtk_inscription_new (NULL);

  gtk_inscription_set_xalign (GTK_INSCRIPTION (cell), GPOINTER_TO_INT (data) == COL_NAME ? 0 : 1);
  gtk_inscription_set_text_overflow (GTK_INSCRIPTION (cell), GTK_INSCRIPTION_OVERFLOW_ELLIPSIZE_END);
  gtk_widget_add_css_class (cell, "numeric");
  gtk_list_item_set_child (item, cell);
}

static void
bind_cell_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              gpointer                  data)
{
  KdStatsRow *row = gtk_list_item_get_item (item);
  g_autofree char *text = NULL;

  switch ((Col) GPOINTER_TO_INT (data))
    {
    case COL_NAME:         text = g_strdup (kd_stats_row_get_name (row)); break;
    case COL_CASES:        text = g_strdup_printf ("%u", kd_stats_row_get_cases (row)); break;
    case COL_RESPONSE:     text = format_rate (kd_stats_row_get_response_rate (row)); break;
    case COL_ON_TIME:      text = format_rate (kd_stats_row_get_on_time_rate (row)); break;
    case COL_RESOLUTION:   text = format_rate (kd_stats_row_get_resolution_rate (row)); break;
    case COL_SATISFACTION: text = format_rate (kd_stats_row_get_satisfaction_rate (row)); break;
    case COL_REPEATS:      text = g_strdup_printf ("%u", kd_stats_row_get_repeats (row)); break;
    case N_COLS:
    default:               break;
    }
  gtk_inscription_set_text (GTK_INSCRIPTION (gtk_list_item_get_child (item)), text);
}

static void
add_columns (GtkColumnView *view,
             GListStore    *rows,
             const char    *first)
{
  const char *titles[N_COLS] = {
    first, C_("hotline rates", "Cases"), C_("hotline rates", "Response"), C_("hotline rates", "On Time"),
    C_("hotline rates", "Resolved"), C_("hotline rates", "Satisfied"), C_("hotline rates", "Repeats"),
  };
  g_autoptr(GtkNoSelection) selection = gtk_no_selection_new (G_LIST_MODEL (g_object_ref (rows)));

  for (int i = 0; i < N_COLS; i++)
    {
      GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
      g_autoptr(GtkColumnViewColumn) column = NULL;

      g_signal_connect (factory, "setup", G_CALLBACK (setup_cell_cb), GINT_TO_POINTER (i));
      g_signal_connect (factory, "bind", G_CALLBACK (bind_cell_cb), GINT_TO_POINTER (i));
      column = gtk_column_view_column_new (titles[i], factory);
      gtk_column_view_column_set_expand (column, i == COL_NAME);
      gtk_column_view_append_column (view, column);
    }
  gtk_column_view_set_model (view, GTK_SELECTION_MODEL (selection));
}

static void
kd_hotline_rates_dispose (GObject *object)
{
  KdHotlineRates *self = KD_HOTLINE_RATES (object);
  GtkWidget *child;

  kd_hotline_rates_set_store (self, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), KD_TYPE_HOTLINE_RATES);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->town);
  g_clear_object (&self->villages);
  g_clear_object (&self->cadres);

  G_OBJECT_CLASS (kd_hotline_rates_parent_class)->dispose (object);
}

static void
kd_hotline_rates_class_init (KdHotlineRatesClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = kd_hotline_rates_dispose;
  widget_class->map = kd_hotline_rates_map;

  (void) kd_ui_get_resource ();
  gtk_widget_class_set_template_from_resource (widget_class, "/org/kuiduo/Kuiduo/ui/kd-hotline-rates.ui");
  gtk_widget_class_bind_template_child (widget_class, KdHotlineRates, period_dropdown);
  gtk_widget_class_bind_template_child (widget_class, KdHotlineRates, response_label);
  gtk_widget_class_bind_template_child (widget_class, KdHotlineRates, on_time_label);
  gtk_widget_class_bind_template_child (widget_class, KdHotlineRates, resolution_label);
  gtk_widget_class_bind_template_child (widget_class, KdHotlineRates, satisfaction_label);
  gtk_widget_class_bind_template_child (widget_class, KdHotlineRates, repeats_label);
  gtk_widget_class_bind_template_child (widget_class, KdHotlineRates, overdue_label);
  gtk_widget_class_bind_template_child (widget_class, KdHotlineRates, village_view);
  gtk_widget_class_bind_template_child (widget_class, KdHotlineRates, cadre_view);
  gtk_widget_class_bind_template_callback (widget_class, period_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, overdue_clicked_cb);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
kd_hotline_rates_init (KdHotlineRates *self)
{
  self->villages = g_list_store_new (KD_TYPE_STATS_ROW);
  self->cadres = g_list_store_new (KD_TYPE_STATS_ROW);
  gtk_widget_init_template (GTK_WIDGET (self));
  add_columns (self->village_view, self->villages, _("Village"));
  add_columns (self->cadre_view, self->cadres, _("Cadre"));
}

void
kd_hotline_rates_set_store (KdHotlineRates *self,
                            KdStore        *store)
{
  g_return_if_fail (KD_IS_HOTLINE_RATES (self));

  if (self->store == store)
    return;
  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (self->store, self);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_handle_id (&self->recompute, g_source_remove);
  self->busy = self->again = FALSE;
  g_set_object (&self->store, store);
  if (store == NULL)
    return;

  self->cancellable = g_cancellable_new ();
  g_signal_connect_object (store, "changed::cases", G_CALLBACK (store_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (store, "changed::ratings", G_CALLBACK (store_changed_cb), self, G_CONNECT_SWAPPED);
  compute (self);
}

void
kd_hotline_rates_set_period (KdHotlineRates *self,
                             KdRatesPeriod   period)
{
  g_return_if_fail (KD_IS_HOTLINE_RATES (self));

  if (gtk_drop_down_get_selected (self->period_dropdown) != period)
    gtk_drop_down_set_selected (self->period_dropdown, period);
  if (self->period == period)
    return;
  self->period = period;
  compute (self);
}

gboolean    kd_hotline_rates_get_busy     (KdHotlineRates *self) { return self->busy; }
GListModel *kd_hotline_rates_get_town     (KdHotlineRates *self) { return self->town; }
GListModel *kd_hotline_rates_get_villages (KdHotlineRates *self) { return G_LIST_MODEL (self->villages); }
GListModel *kd_hotline_rates_get_cadres   (KdHotlineRates *self) { return G_LIST_MODEL (self->cadres); }
gint64      kd_hotline_rates_get_overdue  (KdHotlineRates *self) { return self->overdue; }
