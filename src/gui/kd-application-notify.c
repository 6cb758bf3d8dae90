/* kd-application-notify.c: desktop notifications. An emergency report
 * (应急上报, or one marked urgent) is announced the moment it is stored,
 * whoever is looking at which page; activating the notification opens it.
 * Never a 清风 report: those are for the discipline inspector's eyes only. */
#define G_LOG_DOMAIN "kd-application"

#include "config.h"

#include <glib/gi18n.h>

#include "kd-application-private.h"
#include "kd-store.h"
#include "kd-window.h"

/* More at once than this become one notification. */
#define MAX_SEPARATE 3

typedef struct
{
  GApplication *app;      /* unowned: the watch lives on it */
  KdStore      *store;
  gint64        last_id;  /* the newest case already looked at */
  guint         idle;
  gulong        handler;
} Watch;

static void
watch_free (gpointer data)
{
  Watch *w = data;

  g_clear_handle_id (&w->idle, g_source_remove);
  g_clear_signal_handler (&w->handler, w->store);
  g_clear_object (&w->store);
  g_free (w);
}

static void
notify_one (Watch      *w,
            gint64      id,
            const char *title,
            const char *village)
{
  g_autoptr(GNotification) n = NULL;
  g_autofree char *heading = g_strdup_printf (_("Emergency report from %s"), village);
  g_autofree char *nid = g_strdup_printf ("emergency-%" G_GINT64_FORMAT, id);

  n = g_notification_new (heading);
  g_notification_set_body (n, title);   /* plain text: the villager's words */
  g_notification_set_priority (n, G_NOTIFICATION_PRIORITY_URGENT);
  g_notification_set_default_action_and_target (n, "app.show-case", "x", id);
  g_application_send_notification (w->app, nid, n);
}

static void
notify_many (Watch  *w,
             guint   count,
             gint64  first_id)
{
  g_autoptr(GNotification) n = NULL;
  g_autofree char *heading = g_strdup_printf (g_dngettext (NULL, "%u emergency report", "%u emergency reports", count), count);

  n = g_notification_new (heading);
  g_notification_set_body (n, _("Several emergency reports arrived at once. Open the queue to see them."));
  g_notification_set_priority (n, G_NOTIFICATION_PRIORITY_URGENT);
  g_notification_set_default_action_and_target (n, "app.show-case", "x", first_id);
  g_application_send_notification (w->app, "emergency-many", n);
}

/* One query for every case that arrived since the last look. */
static gboolean
look_cb (gpointer data)
{
  Watch *w = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) found = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  KdDb *db = kd_store_get_reader (w->store);
  sqlite3_stmt *stmt;
  gint64 newest;

  w->idle = 0;
  newest = kd_db_query_int (db, "SELECT coalesce (max (id), 0) FROM cases", NULL);
  stmt = kd_db_prepare (db, "SELECT c.id, c.title, v.name FROM cases c JOIN villages v ON v.id = c.village_id"
                            " WHERE c.id > ?1 AND c.id <= ?2 AND (c.urgent OR c.kind = 1) AND c.kind != 4 ORDER BY c.id", &error);
  if (stmt == NULL)
    {
      g_warning ("Could not look for emergency reports: %s", error->message);
      return G_SOURCE_REMOVE;
    }
  sqlite3_bind_int64 (stmt, 1, w->last_id);
  sqlite3_bind_int64 (stmt, 2, newest);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);

      g_array_append_val (ids, id);
      g_ptr_array_add (found, g_strdup ((const char *) sqlite3_column_text (stmt, 1)));
      g_ptr_array_add (found, g_strdup ((const char *) sqlite3_column_text (stmt, 2)));
    }
  sqlite3_reset (stmt);
  w->last_id = MAX (w->last_id, newest);

  if (ids->len > MAX_SEPARATE)
    notify_many (w, ids->len, g_array_index (ids, gint64, 0));
  else
    for (guint i = 0; i < ids->len; i++)
      notify_one (w, g_array_index (ids, gint64, i), found->pdata[2 * i], found->pdata[2 * i + 1]);

  return G_SOURCE_REMOVE;
}

static void
cases_changed_cb (KdStore    *store,
                  const char *table,
                  gint64      row_id,
                  Watch      *w)
{
  /* Only new rows matter; many at once are looked at together. */
  if (row_id > w->last_id && w->idle == 0)
    w->idle = g_idle_add_full (G_PRIORITY_LOW, look_cb, w, NULL);
}

/* Starts announcing emergency reports that arrive in @store from now on. */
void
kd_application_watch_emergencies (KdApplication *self,
                                  KdStore       *store)
{
  Watch *w = g_new0 (Watch, 1);

  w->app = G_APPLICATION (self);
  w->store = g_object_ref (store);
  w->last_id = kd_db_query_int (kd_store_get_reader (store), "SELECT coalesce (max (id), 0) FROM cases", NULL);
  w->handler = g_signal_connect (store, "changed::cases", G_CALLBACK (cases_changed_cb), w);
  g_object_set_data_full (G_OBJECT (self), "kd-emergency-watch", w, watch_free);
}

/* app.show-case(id): the window, on the queue, with that case open. */
void
kd_application_show_case_activated (GSimpleAction *action,
                                    GVariant      *param,
                                    gpointer       data)
{
  GtkApplication *app = GTK_APPLICATION (data);
  GtkWindow *window = gtk_application_get_active_window (app);

  if (!KD_IS_WINDOW (window))
    return;
  kd_window_show_page (KD_WINDOW (window), "cases");
  kd_cases_page_select_case (kd_window_get_cases_page (KD_WINDOW (window)), g_variant_get_int64 (param));
  gtk_window_present (window);
}
