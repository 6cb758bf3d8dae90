/* kd-application-sla.c: the SLA clock. Once at start and every minute the
 * writer escalates the cases that went overdue (an event on each, at town
 * level) and closes resolutions left unrated for a week; each case escalated
 * is announced with a desktop notification that opens it. */
#define G_LOG_DOMAIN "kd-application"

#include "config.h"

#include <glib/gi18n.h>

#include "kd-application-private.h"
#include "kd-workflow.h"

#define SLA_INTERVAL_SECONDS 60
/* More escalated at once than this become one notification. */
#define MAX_SEPARATE 3

typedef struct
{
  GApplication *app;        /* unowned: the clock lives on it */
  KdStore      *store;
  GCancellable *cancellable;
  guint         timeout;
  gboolean      running;    /* a run is on the writer */
} Clock;

static void
clock_free (gpointer data)
{
  Clock *c = data;

  g_cancellable_cancel (c->cancellable);
  g_clear_object (&c->cancellable);
  g_clear_handle_id (&c->timeout, g_source_remove);
  g_clear_object (&c->store);
  g_free (c);
}

static void
notify_case (GApplication *app,
             KdCase       *kase)
{
  g_autoptr(GNotification) n = NULL;
  g_autofree char *number = g_strdup_printf ("%" G_GINT64_FORMAT, kd_case_get_id (kase));
  g_autofree char *nid = g_strdup_printf ("overdue-%s", number);
  g_autofree char *heading = NULL;

  /* A 清风 report is for the discipline inspector's eyes: no village, no words. */
  if (kd_case_get_kind (kase) == KD_CASE_KIND_INTEGRITY)
    {
      heading = g_strdup_printf (_("Overdue: integrity report #%s"), number);
      n = g_notification_new (heading);
      g_notification_set_body (n, _("The discipline inspection sees it when signed in."));
    }
  else
    {
      heading = g_strdup_printf (_("Overdue: case #%s from %s"), number, kd_case_get_village_name (kase));
      n = g_notification_new (heading);
      g_notification_set_body (n, kd_case_get_title (kase));   /* plain text: the villager's words */
    }
  g_notification_set_priority (n, G_NOTIFICATION_PRIORITY_HIGH);
  g_notification_set_default_action_and_target (n, "app.show-case", "x", kd_case_get_id (kase));
  g_application_send_notification (app, nid, n);
}

static void
notify_many (GApplication *app,
             GPtrArray    *escalated)
{
  g_autoptr(GNotification) n = NULL;
  g_autofree char *heading = g_strdup_printf (g_dngettext (NULL, "%u case is overdue", "%u cases are overdue",
                                                           escalated->len), escalated->len);

  n = g_notification_new (heading);
  g_notification_set_body (n, _("They were escalated to the town office. Open the queue's Overdue view to see them."));
  g_notification_set_priority (n, G_NOTIFICATION_PRIORITY_HIGH);
  g_notification_set_default_action_and_target (n, "app.show-case", "x",
                                                kd_case_get_id (escalated->pdata[0]));
  g_application_send_notification (app, "overdue-many", n);
}

static void
sla_done_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) escalated = kd_store_run_sla_finish (KD_STORE (source), result, &error);
  Clock *c = data;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;   /* the clock is gone */
  c->running = FALSE;
  if (escalated == NULL)
    {
      g_warning ("Could not run the SLA clock: %s", error->message);
      return;
    }

  if (escalated->len > MAX_SEPARATE)
    notify_many (c->app, escalated);
  else
    for (guint i = 0; i < escalated->len; i++)
      notify_case (c->app, escalated->pdata[i]);
}

static gboolean
tick_cb (gpointer data)
{
  Clock *c = data;

  if (!c->running)
    {
      c->running = TRUE;
      kd_store_run_sla_async (c->store, c->cancellable, sla_done_cb, c);
    }
  return G_SOURCE_CONTINUE;
}

/* Runs the SLA clock on @store now and every minute while the app lives. */
void
kd_application_start_sla_clock (KdApplication *self,
                                KdStore       *store)
{
  Clock *c = g_new0 (Clock, 1);

  c->app = G_APPLICATION (self);
  c->store = g_object_ref (store);
  c->cancellable = g_cancellable_new ();
  c->timeout = g_timeout_add_seconds (SLA_INTERVAL_SECONDS, tick_cb, c);
  g_object_set_data_full (G_OBJECT (self), "kd-sla-clock", c, clock_free);
  tick_cb (c);
}
