/* kd-password-dialog.h: a cadre changes their own password (giving the
 * current one), or the town administrator resets someone else's. */
#pragma once

#include <adwaita.h>

#include "kd-cadre.h"
#include "kd-store.h"

G_BEGIN_DECLS

#define KD_TYPE_PASSWORD_DIALOG (kd_password_dialog_get_type ())

G_DECLARE_FINAL_TYPE (KdPasswordDialog, kd_password_dialog, KD, PASSWORD_DIALOG, AdwWindow)

KdPasswordDialog *kd_password_dialog_new (GtkWindow *parent,
                                          KdStore   *store,
                                          KdCadre   *by,
                                          KdCadre   *cadre);

G_END_DECLS
