/* stall.c: does the desktop stay responsive while phones submit?
 *
 * Opens the real window (cases page, demo town) with its phone endpoint in
 * one process, as the office PC runs it, then lets wrk post reports from
 * --clients connections at once. A high-priority 2 ms timer on the UI's main
 * loop measures how late it runs: the longest lateness is the longest stall
 * of the main loop. Prints it idle and under load.
 *
 * More figures tell the UI's own work from a want of CPU: "work" is the
 * longest main-loop iteration in CPU time of the UI thread (what the window's
 * code costs), "ui cpu" the UI thread's CPU time over the phase (its load),
 * and "floor" the longest lateness of the same timer on a thread of the
 * process that does nothing else (the scheduler's delay alone, which no UI
 * code can remove: the machine's other processes, the kuiduo writer and
 * endpoint, Xvfb and wrk share the cores).
 *
 *   xvfb-run -a build/tests/bench/bench-stall --page overview   (the Overview)
 *
 * The phones are other machines; wrk stands in for them on this one, at
 * nice 10, so that what is measured is Kuiduo's own threads (which give way
 * to the UI thread, as in the app) against its window, not wrk's CPU.
 *
 *   xvfb-run -a build/tests/bench/bench-stall [--clients 200] [--seconds 10]
 *   xvfb-run -a build/tests/bench/bench-stall --db build/bench-cases.db --clients 0
 *     (the window over an existing town, e.g. bench-cases' million cases, without
 *     load: the queue's first rows, the end, a search, and the whole app's RSS)
 *   (make bench runs it; wrk comes with tools/setup.sh bench)
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <adwaita.h>
#include <glib/gstdio.h>

#include "kd-demo.h"
#include "kd-server.h"
#include "kd-store.h"
#include "kd-window.h"

#define PROBE_MS 2

typedef struct
{
  gint64  last;
  gint64  worst;     /* µs late */
  GArray *lates;     /* gint64 µs */
  gint64  busy;      /* the longest main-loop iteration, µs of wall time */
  gint64  work;      /* the same, µs of the UI thread's CPU time */
  gint64  cpu;       /* the UI thread's CPU time over the phase, µs */
  gint64  wall;      /* the phase, µs */
} Probe;

/* The main-loop iterations: between two polls. */
static Probe    *current;
static GPollFunc real_poll;
static gint64    iter_wall, iter_cpu;
static int       trace_ms;   /* --trace-ms: print the iterations longer than this */

static gint64
thread_cpu_us (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec * G_USEC_PER_SEC + ts.tv_nsec / 1000;
}

static gint
timed_poll (GPollFD *fds,
            guint    n_fds,
            gint     timeout)
{
  gint ret;

  if (current != NULL && iter_wall != 0)
    {
      gint64 wall = g_get_monotonic_time () - iter_wall;
      gint64 cpu = thread_cpu_us () - iter_cpu;

      current->busy = MAX (current->busy, wall);
      current->work = MAX (current->work, cpu);
      if (trace_ms > 0 && wall >= trace_ms * 1000)
        g_print ("iteration %.6f–%.6f s: %.1f ms wall, %.1f ms CPU\n", iter_wall / 1e6,
                 (iter_wall + wall) / 1e6, wall / 1000.0, cpu / 1000.0);
    }
  ret = real_poll (fds, n_fds, timeout);
  iter_wall = g_get_monotonic_time ();
  iter_cpu = thread_cpu_us ();

  return ret;
}

/* The same timer on a thread of its own that does nothing else. */
static gint floor_worst;   /* µs late; reset by measure() */

static gboolean
floor_cb (gpointer data)
{
  static gint64 last;
  gint64 now = g_get_monotonic_time ();

  if (last != 0)
    {
      gint late = (gint) MIN (MAX (0, now - last - PROBE_MS * 1000), G_MAXINT);

      if (late > g_atomic_int_get (&floor_worst))
        g_atomic_int_set (&floor_worst, late);
    }
  last = now;
  return G_SOURCE_CONTINUE;
}

static gpointer
floor_thread (gpointer data)
{
  GMainContext *context = g_main_context_new ();
  GSource *source = g_timeout_source_new (PROBE_MS);

  g_source_set_priority (source, G_PRIORITY_HIGH);
  g_source_set_callback (source, floor_cb, NULL, NULL);
  g_source_attach (source, context);
  for (;;)
    g_main_context_iteration (context, TRUE);
  return NULL;
}

static gboolean
probe_cb (gpointer data)
{
  Probe *p = data;
  gint64 now = g_get_monotonic_time ();

  if (p->last != 0)
    {
      gint64 late = MAX (0, now - p->last - PROBE_MS * 1000);
      g_array_append_val (p->lates, late);
      p->worst = MAX (p->worst, late);
    }
  p->last = now;

  return G_SOURCE_CONTINUE;
}

static int
cmp_int64 (gconstpointer a,
           gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return (x > y) - (x < y);
}

static void
report (const char *phase,
        Probe      *p)
{
  gint64 p99 = 0;

  if (p->lates->len > 0)
    {
      g_array_sort (p->lates, cmp_int64);
      p99 = g_array_index (p->lates, gint64, (p->lates->len * 99) / 100);
    }
  g_print ("%-26s %8.1f %8.1f %8u %8.1f %8.1f %7.0f%% %8.1f\n", phase, p->worst / 1000.0, p99 / 1000.0, p->lates->len,
           p->busy / 1000.0, p->work / 1000.0, 100.0 * p->cpu / MAX (p->wall, 1),
           g_atomic_int_get (&floor_worst) / 1000.0);
}

/* Runs the main loop for @seconds with the probe on. */
static void
measure (const char *phase,
         double      seconds)
{
  Probe p = { 0, 0, g_array_new (FALSE, FALSE, sizeof (gint64)), 0, 0, 0, 0 };
  gint64 start = g_get_monotonic_time (), start_cpu = thread_cpu_us ();
  gint64 end = g_get_monotonic_time () + (gint64) (seconds * G_USEC_PER_SEC);
  guint id = g_timeout_add_full (G_PRIORITY_HIGH, PROBE_MS, probe_cb, &p, NULL);

  g_atomic_int_set (&floor_worst, 0);
  iter_wall = 0;
  current = &p;
  while (g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, TRUE);
  current = NULL;
  p.cpu = thread_cpu_us () - start_cpu;
  p.wall = g_get_monotonic_time () - start;
  g_source_remove (id);

  report (phase, &p);
  g_array_unref (p.lates);
}

/* --trace-ms: where the time of the long iterations went. A frame's phases
 * end when the frame clock's signals reach the handlers connected here,
 * after GDK's own; the list's refresh is timed from an emission hook, which
 * runs before any handler of items-changed, to a handler run after all. */
static gint64 frame_start, frame_mark, frame_update, frame_layout, refresh_start;

static void
before_paint_cb (GdkFrameClock *clock)
{
  frame_start = frame_mark = g_get_monotonic_time ();
}

static void
phase_end_cb (GdkFrameClock *clock,
              gint64        *phase)
{
  gint64 now = g_get_monotonic_time ();

  *phase = now - frame_mark;
  frame_mark = now;
}

static void
after_paint_cb (GdkFrameClock *clock)
{
  gint64 now = g_get_monotonic_time ();

  if (frame_start != 0 && now - frame_start >= trace_ms * 1000)
    g_print ("  frame %.6f: %.1f ms (update %.1f, layout %.1f, paint %.1f)\n", frame_start / 1e6,
             (now - frame_start) / 1000.0, frame_update / 1000.0, frame_layout / 1000.0,
             (now - frame_mark) / 1000.0);
  frame_start = 0;
}

static gboolean
refresh_start_cb (GSignalInvocationHint *hint,
                  guint                  n_params,
                  const GValue          *params,
                  gpointer               list)
{
  if (g_value_get_object (&params[0]) == list)
    refresh_start = g_get_monotonic_time ();
  return TRUE;
}

static void
refresh_end_cb (GListModel *list,
                guint       position,
                guint       removed,
                guint       added)
{
  gint64 now = g_get_monotonic_time ();

  if (refresh_start != 0 && now - refresh_start >= trace_ms * 1000)
    g_print ("  items-changed %.6f (%u -%u +%u): %.1f ms\n", refresh_start / 1e6, position, removed, added,
             (now - refresh_start) / 1000.0);
  refresh_start = 0;
}

static void
trace (KdWindow *window)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (window));
  GListModel *list = G_LIST_MODEL (kd_cases_page_get_list (kd_window_get_cases_page (window)));

  g_signal_connect (clock, "before-paint", G_CALLBACK (before_paint_cb), NULL);
  g_signal_connect (clock, "update", G_CALLBACK (phase_end_cb), &frame_update);
  g_signal_connect (clock, "layout", G_CALLBACK (phase_end_cb), &frame_layout);
  g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), NULL);
  g_signal_add_emission_hook (g_signal_lookup ("items-changed", G_TYPE_LIST_MODEL), 0, refresh_start_cb, list, NULL);
  g_signal_connect_after (list, "items-changed", G_CALLBACK (refresh_end_cb), NULL);
}

static GSubprocess *
start_load (guint port,
            guint clients,
            guint seconds,
            GError **error)
{
  g_autofree char *script = g_build_filename (KD_BENCH_DIR, "post-report.lua", NULL);
  g_autofree char *url = g_strdup_printf ("http://127.0.0.1:%u/api/v1/reports", port);
  g_autofree char *conns = g_strdup_printf ("-c%u", clients);
  g_autofree char *dur = g_strdup_printf ("-d%us", seconds);

  return g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_MERGE, error,
                           "nice", "-n", "10", "wrk", "-t1", conns, dur, "--timeout", "5s", "-s", script, url, NULL);
}

static void
spin (guint ms)
{
  gint64 until = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < until)
    g_main_context_iteration (NULL, FALSE);
}

static long
vm_hwm_kb (void)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL) ||
      (line = strstr (status, "VmHWM:")) == NULL)
    return -1;
  return strtol (line + 6, NULL, 10);
}

/* What a cadre does first with a big town: the queue, its end, a sort, a
 * search; the whole app's peak memory after that. */
static void
browse (KdWindow *window)
{
  KdCasesPage *page = kd_window_get_cases_page (window);
  KdCaseList *list = kd_cases_page_get_list (page);

  spin (1000);
  kd_cases_page_select_case (page, 1);   /* the oldest: the end of the list */
  spin (500);
  kd_case_list_set_sort (list, KD_CASE_SORT_VILLAGE, TRUE);
  kd_case_list_set_search (list, "停电");
  spin (500);
  kd_case_list_set_search (list, NULL);
  spin (500);
  g_print ("%u cases; opened the queue, went to the oldest case, sorted by village, searched\n",
           g_list_model_get_n_items (G_LIST_MODEL (list)));
  g_print ("whole app, peak RSS (VmHWM): %.1f MB (target < 200)\n", vm_hwm_kb () / 1024.0);
}

int
main (int   argc,
      char *argv[])
{
  int clients = 200, seconds = 10;
  g_autofree char *db = NULL;
  g_autofree char *page = NULL;
  const GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db, "An existing database instead of the demo town", "PATH" },
    { "page", 0, 0, G_OPTION_ARG_STRING, &page, "The page on show (default: cases, the queue)", "NAME" },
    { "clients", 0, 0, G_OPTION_ARG_INT, &clients, "Phones posting at once", "N" },
    { "seconds", 0, 0, G_OPTION_ARG_INT, &seconds, "Length of the load", "S" },
    { "trace-ms", 0, 0, G_OPTION_ARG_INT, &trace_ms,
      "Print each main-loop iteration longer than this, on the monotonic clock (perf record -k CLOCK_MONOTONIC)", "MS" },
    { NULL }
  };
  g_autoptr(GOptionContext) ctx = g_option_context_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("kd-stall-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "stall.db", NULL);
  g_autoptr(KdStore) store = NULL;
  g_autoptr(KdServer) server = NULL;
  g_autoptr(GSubprocess) load = NULL;
  g_autofree char *out = NULL;
  KdWindow *window;
  guint rows_before;

  g_option_context_add_main_entries (ctx, entries, NULL);
  if (!g_option_context_parse (ctx, &argc, &argv, &error))
    g_error ("%s", error->message);

  /* Xvfb has no GPU: GTK's GL renderer would fall back to llvmpipe, whose
   * 100–300 ms frames measure a software rasterizer, not Kuiduo. The cairo
   * renderer draws this UI on the CPU in a few ms. GSK_RENDERER=gl to see. */
  g_setenv ("GSK_RENDERER", "cairo", FALSE);
  gtk_init ();
  adw_init ();

  store = kd_store_open (db ? db : path, &error);
  if (store == NULL || (db == NULL && !kd_demo_populate (store, KD_DEMO_CASES, &error)))
    g_error ("%s", error->message);
  server = kd_server_new (store);
  kd_server_set_rate_limit (server, FALSE);   /* all phones share 127.0.0.1 here */
  kd_server_set_background (server, TRUE);    /* as KdApplication does */
  kd_writer_set_background (kd_store_get_writer (store));
  if (!kd_server_start (server, 0, TRUE, &error))
    g_error ("%s", error->message);

  window = kd_window_new (NULL, store, server);
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  kd_window_show_page (window, page ? page : "cases");
  gtk_window_present (GTK_WINDOW (window));

  if (trace_ms > 0)
    trace (window);
  real_poll = g_main_context_get_poll_func (NULL);
  g_main_context_set_poll_func (NULL, timed_poll);
  g_thread_unref (g_thread_new ("floor", floor_thread, NULL));

  g_print ("page on show: %s\n", page ? page : "cases");
  g_print ("%-26s %8s %8s %8s %8s %8s %8s %8s\n", "main loop, UI thread", "max ms", "p99 ms", "samples",
           "busy ms", "work ms", "ui cpu", "floor ms");
  /* The first frames: the window is laid out and drawn for the first time. */
  measure ("opening the window", 1);
  measure ("idle (window shown)", 3);

  rows_before = g_list_model_get_n_items (G_LIST_MODEL (kd_cases_page_get_list (kd_window_get_cases_page (window))));
  if (clients <= 0)
    {
      browse (window);
      gtk_window_destroy (GTK_WINDOW (window));
      kd_server_stop (server);
      return 0;
    }
  load = start_load (kd_server_get_port (server), clients, seconds, &error);
  if (load == NULL)
    g_error ("wrk is needed (make bench installs it): %s", error->message);
  {
    g_autofree char *label = g_strdup_printf ("%d phones posting", clients);
    measure (label, seconds);
  }
  g_subprocess_communicate_utf8 (load, NULL, NULL, &out, NULL, NULL);
  measure ("after the load", 1);
  /* The new cases waited behind the "new cases" button: the cadre shows them. */
  g_print ("new cases held back: %u\n", (guint) (g_list_model_get_n_items (G_LIST_MODEL (kd_cases_page_get_list (
           kd_window_get_cases_page (window)))) - rows_before));
  gtk_widget_activate_action (GTK_WIDGET (kd_window_get_cases_page (window)), "queue.show-new", NULL);
  measure ("showing them (a click)", 1);

  {
    g_auto(GStrv) lines = g_strsplit (out ? out : "", "\n", -1);
    for (guint i = 0; lines[i]; i++)
      if (g_str_has_prefix (lines[i], "RESULT") || strstr (lines[i], "Requests/sec"))
        g_print ("load: %s\n", g_strstrip (lines[i]));
  }
  g_print ("rows in the queue: %u before, %u after\n", rows_before,
           g_list_model_get_n_items (G_LIST_MODEL (kd_cases_page_get_list (kd_window_get_cases_page (window)))));

  gtk_window_destroy (GTK_WINDOW (window));
  kd_server_stop (server);
  g_clear_object (&server);
  g_clear_object (&store);
  {
    g_autofree char *wal = g_strconcat (path, "-wal", NULL);
    g_autofree char *shm = g_strconcat (path, "-shm", NULL);
    g_unlink (path); g_unlink (wal); g_unlink (shm); g_rmdir (dir);
  }

  return 0;
}
