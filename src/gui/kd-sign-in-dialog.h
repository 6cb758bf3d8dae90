/* kd-sign-in-dialog.h: who is working: the sign-in window shown before the
 * workbench, or, on a database without accounts, the creation of the first
 * town administrator. */
#pragma once

#include <adwaita.h>

#include "kd-cadre.h"
#include "kd-store.h"

G_BEGIN_DECLS

#define KD_TYPE_SIGN_IN_DIALOG (kd_sign_in_dialog_get_type ())

G_DECLARE_FINAL_TYPE (KdSignInDialog, kd_sign_in_dialog, KD, SIGN_IN_DIALOG, AdwWindow)

KdSignInDialog *kd_sign_in_dialog_new          (GtkApplication *app,
                                                KdStore        *store);
gboolean        kd_sign_in_dialog_get_first_run (KdSignInDialog *self);
gboolean        kd_sign_in_dialog_get_busy     (KdSignInDialog *self);
const char     *kd_sign_in_dialog_get_error    (KdSignInDialog *self);
void            kd_sign_in_dialog_sign_in      (KdSignInDialog *self,
                                                const char     *username,
                                                const char     *password);

G_END_DECLS
