/* kd-application-cadre.c: who is working. The workbench opens only once a
 * cadre has signed in (or, on a new database, created the first town
 * administrator); signing out or switching user closes it and asks again.
 * The phone endpoint keeps serving meanwhile. */
#define G_LOG_DOMAIN "kd-application"

#include "config.h"

#include <glib/gi18n.h>

#include "kd-application-private.h"
#include "kd-audit.h"
#include "kd-sign-in-dialog.h"

static void
signed_in_cb (KdSignInDialog *dialog,
              KdCadre        *cadre,
              KdApplication  *self)
{
  g_message ("%s signed in", kd_cadre_get_username (cadre));
  kd_application_set_cadre (self, cadre);
  kd_application_open_window (self);
  gtk_window_destroy (GTK_WINDOW (dialog));
}

/* @credentials: "username:password" to sign in with at once, as if typed
 * (KUIDUO_SIGN_IN, for demos and screenshots), or NULL. */
void
kd_application_show_sign_in (KdApplication *self,
                             const char    *credentials)
{
  KdSignInDialog *dialog = kd_sign_in_dialog_new (GTK_APPLICATION (self), kd_application_get_store (self));
  g_auto(GStrv) parts = credentials ? g_strsplit (credentials, ":", 2) : NULL;

  g_signal_connect_object (dialog, "signed-in", G_CALLBACK (signed_in_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));

  if (parts != NULL && parts[0] != NULL && parts[1] != NULL)
    kd_sign_in_dialog_sign_in (dialog, parts[0], parts[1]);
}

typedef struct
{
  gint64  cadre_id;
  char   *name;
} SignOut;

static void
sign_out_free (gpointer data)
{
  SignOut *sign_out = data;

  g_free (sign_out->name);
  g_free (sign_out);
}

static gpointer
record_sign_out (KdDb       *db,
                 gpointer    data,
                 KdChanges  *changes,
                 GError    **error)
{
  SignOut *sign_out = data;

  if (!kd_audit_add (db, g_get_real_time () / G_USEC_PER_SEC, sign_out->cadre_id, sign_out->name,
                     "sign-out", "cadre", sign_out->cadre_id, NULL, NULL, changes, error))
    return NULL;

  return GINT_TO_POINTER (TRUE);
}

static void
sign_out_recorded_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (kd_writer_submit_finish (result, &error) == NULL)
    g_warning ("The sign-out is not in the audit log: %s", error->message);
}

/* Sign out and switch user do the same: the log says who left, the
 * workbench closes, and the next cadre signs in. */
void
kd_application_sign_out_activated (GSimpleAction *action,
                                   GVariant      *param,
                                   gpointer       data)
{
  KdApplication *self = data;
  KdCadre *cadre = kd_application_get_cadre (self);
  KdStore *store = kd_application_get_store (self);
  SignOut *sign_out;

  if (cadre == NULL || store == NULL)
    return;

  sign_out = g_new0 (SignOut, 1);
  sign_out->cadre_id = kd_cadre_get_id (cadre);
  sign_out->name = g_strdup (kd_cadre_get_display_name (cadre));
  kd_writer_submit (kd_store_get_writer (store), record_sign_out, sign_out, sign_out_free, NULL,
                    NULL, sign_out_recorded_cb, NULL);

  /* The sign-in window first: the application ends with its last window. */
  kd_application_set_cadre (self, NULL);
  kd_application_show_sign_in (self, NULL);
  kd_application_close_window (self);
}

/* The account of who is working changed (by a town administrator, maybe
 * on this desktop): the workbench follows its role, and a deactivated
 * account is signed out. */
static void
cadres_changed_cb (KdApplication *self,
                   const char    *table,
                   gint64         row_id,
                   KdStore       *store)
{
  KdCadre *cadre = kd_application_get_cadre (self);
  g_autoptr(KdCadre) fresh = NULL;
  g_autoptr(GError) error = NULL;

  if (cadre == NULL || kd_cadre_get_id (cadre) != row_id)
    return;

  fresh = kd_cadre_load (kd_store_get_reader (store), row_id, &error);
  if (fresh == NULL && error != NULL)
    {
      g_warning ("Could not read the account of %s: %s", kd_cadre_get_username (cadre), error->message);
      return;
    }

  if (fresh == NULL || !kd_cadre_get_active (fresh))
    g_action_group_activate_action (G_ACTION_GROUP (self), "sign-out", NULL);
  else
    kd_application_set_cadre (self, fresh);
}

void
kd_application_watch_cadre (KdApplication *self)
{
  g_signal_connect_object (kd_application_get_store (self), "changed::cadres",
                           G_CALLBACK (cadres_changed_cb), self, G_CONNECT_SWAPPED);
}
