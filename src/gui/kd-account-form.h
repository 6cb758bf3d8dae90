/* kd-account-form.h: what the account forms (sign-in, first account, add
 * account, password) share: checking the fields as the core will, before
 * the slow hashing, and showing a refusal next to the field it is about. */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

typedef struct
{
  AdwEntryRow *username;
  AdwEntryRow *name;
  AdwEntryRow *password;
  AdwEntryRow *confirm;
  GtkLabel    *error_label;
} KdAccountForm;

gboolean     kd_account_form_check         (const KdAccountForm *form,
                                            GError             **error);
AdwEntryRow *kd_account_form_row_for_error (const KdAccountForm *form,
                                            const GError        *error);
void         kd_account_form_show_error    (const KdAccountForm *form,
                                            const GError        *error);
void         kd_account_form_clear_error   (const KdAccountForm *form);
gboolean     kd_account_form_is_filled     (const KdAccountForm *form);
void         kd_account_form_set_sensitive (const KdAccountForm *form,
                                            gboolean             sensitive);
const char  *kd_account_form_get_text      (AdwEntryRow         *row);

G_END_DECLS
