/* kd-assign-dialog.h: hands a case to a village and, if wanted, to one of
 * the cadres who can work it (the village's secretaries, the town staff). */
#pragma once

#include <adwaita.h>

#include "kd-case.h"
#include "kd-store.h"

G_BEGIN_DECLS

#define KD_TYPE_ASSIGN_DIALOG (kd_assign_dialog_get_type ())

G_DECLARE_FINAL_TYPE (KdAssignDialog, kd_assign_dialog, KD, ASSIGN_DIALOG, AdwMessageDialog)

#define KD_ASSIGN_DIALOG_ASSIGN "assign"

KdAssignDialog *kd_assign_dialog_new             (GtkWindow      *parent,
                                                  KdDb           *reader,
                                                  KdCase         *kase);
gint64          kd_assign_dialog_get_village_id  (KdAssignDialog *self);
gint64          kd_assign_dialog_get_cadre_id    (KdAssignDialog *self);
gboolean        kd_assign_dialog_select_village  (KdAssignDialog *self,
                                                  gint64          village_id);
gboolean        kd_assign_dialog_select_cadre    (KdAssignDialog *self,
                                                  gint64          cadre_id);

G_END_DECLS
