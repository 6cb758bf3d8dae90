/* kd-api-keys-dialog.h: the keys Open311 phone apps submit reports with:
 * listed, issued (the key shown once), revoked. */
#pragma once

#include <adwaita.h>

#include "kd-store.h"

G_BEGIN_DECLS

#define KD_TYPE_API_KEYS_DIALOG (kd_api_keys_dialog_get_type ())

G_DECLARE_FINAL_TYPE (KdApiKeysDialog, kd_api_keys_dialog, KD, API_KEYS_DIALOG, AdwWindow)

GtkWidget *kd_api_keys_dialog_new (GtkWindow *parent,
                                   KdStore   *store);

G_END_DECLS
