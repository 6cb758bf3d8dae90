/* kd-reason-dialog.h: asks for the reason or note that goes with a change of
 * a case (reject, reopen, resolve, wait for the villager). */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define KD_TYPE_REASON_DIALOG (kd_reason_dialog_get_type ())

G_DECLARE_FINAL_TYPE (KdReasonDialog, kd_reason_dialog, KD, REASON_DIALOG, AdwMessageDialog)

/* The response of the button that confirms; the other is "cancel". */
#define KD_REASON_DIALOG_ACCEPT "accept"

KdReasonDialog *kd_reason_dialog_new      (GtkWindow             *parent,
                                           const char            *heading,
                                           const char            *body,
                                           const char            *accept_label,
                                           AdwResponseAppearance  appearance,
                                           gboolean               required);
char           *kd_reason_dialog_dup_text (KdReasonDialog        *self);
void            kd_reason_dialog_set_text (KdReasonDialog        *self,
                                           const char            *text);

G_END_DECLS
