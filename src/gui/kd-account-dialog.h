/* kd-account-dialog.h: the town administrator adds an account (username,
 * name, role, village, password) or changes one's role and village. */
#pragma once

#include <adwaita.h>

#include "kd-cadre.h"
#include "kd-store.h"

G_BEGIN_DECLS

#define KD_TYPE_ACCOUNT_DIALOG (kd_account_dialog_get_type ())

G_DECLARE_FINAL_TYPE (KdAccountDialog, kd_account_dialog, KD, ACCOUNT_DIALOG, AdwWindow)

KdAccountDialog *kd_account_dialog_new (GtkWindow *parent,
                                        KdStore   *store,
                                        KdCadre   *by,
                                        KdCadre   *cadre);

G_END_DECLS
