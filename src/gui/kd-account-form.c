/* kd-account-form.c: the fields of the account forms, checked with the
 * core's own rules, and the core's refusals shown beside them. */
#define G_LOG_DOMAIN "kd-account-form"

#include "config.h"

#include <glib/gi18n.h>

#include "kd-account-form.h"
#include "kd-cadre.h"

/* A field of @form (NULL when the form has no such field) is "". */
const char *
kd_account_form_get_text (AdwEntryRow *row)
{
  return row != NULL ? gtk_editable_get_text (GTK_EDITABLE (row)) : "";
}

/* The fields @form has, checked in order; the first wrong one is said. */
gboolean
kd_account_form_check (const KdAccountForm  *form,
                       GError              **error)
{
  g_autofree char *username = NULL;
  g_autofree char *name = NULL;

  if (form->username != NULL &&
      (username = kd_cadre_normalize_username (kd_account_form_get_text (form->username), error)) == NULL)
    return FALSE;
  if (form->name != NULL &&
      (name = kd_cadre_normalize_display_name (kd_account_form_get_text (form->name), error)) == NULL)
    return FALSE;
  if (form->password != NULL && !kd_cadre_check_password (kd_account_form_get_text (form->password), error))
    return FALSE;
  if (form->confirm != NULL &&
      g_strcmp0 (kd_account_form_get_text (form->password), kd_account_form_get_text (form->confirm)) != 0)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           _("The two passwords are not the same."));
      return FALSE;
    }

  return TRUE;
}

/* Which field a refusal is about, or NULL. */
AdwEntryRow *
kd_account_form_row_for_error (const KdAccountForm *form,
                               const GError        *error)
{
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA))
    return form->confirm;
  if (error->domain != KD_CADRE_ERROR)
    return NULL;

  switch (error->code)
    {
    case KD_CADRE_ERROR_USERNAME:
    case KD_CADRE_ERROR_USERNAME_TAKEN:
      return form->username;
    case KD_CADRE_ERROR_DISPLAY_NAME:
      return form->name;
    case KD_CADRE_ERROR_PASSWORD:
    case KD_CADRE_ERROR_SIGN_IN:
      return form->password;
    default:
      return NULL;
    }
}

static void
mark_row (AdwEntryRow *row,
          AdwEntryRow *wrong)
{
  if (row == NULL)
    return;

  if (row == wrong)
    gtk_widget_add_css_class (GTK_WIDGET (row), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (row), "error");
}

static void
mark_rows (const KdAccountForm *form,
           AdwEntryRow         *wrong)
{
  mark_row (form->username, wrong);
  mark_row (form->name, wrong);
  mark_row (form->password, wrong);
  mark_row (form->confirm, wrong);
}

/* The message is plain text (the label has no markup). */
void
kd_account_form_show_error (const KdAccountForm *form,
                            const GError        *error)
{
  AdwEntryRow *wrong = kd_account_form_row_for_error (form, error);

  mark_rows (form, wrong);
  gtk_label_set_text (form->error_label, error->message);
  gtk_widget_set_visible (GTK_WIDGET (form->error_label), TRUE);
  if (wrong != NULL)
    gtk_widget_grab_focus (GTK_WIDGET (wrong));
}

void
kd_account_form_clear_error (const KdAccountForm *form)
{
  mark_rows (form, NULL);
  gtk_label_set_text (form->error_label, "");
  gtk_widget_set_visible (GTK_WIDGET (form->error_label), FALSE);
}

/* Every field the form has holds something. */
gboolean
kd_account_form_is_filled (const KdAccountForm *form)
{
  AdwEntryRow *rows[] = { form->username, form->name, form->password, form->confirm };

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    if (rows[i] != NULL && *kd_account_form_get_text (rows[i]) == '\0')
      return FALSE;

  return TRUE;
}

/* While the core works on it, the form cannot be edited. */
void
kd_account_form_set_sensitive (const KdAccountForm *form,
                               gboolean             sensitive)
{
  AdwEntryRow *rows[] = { form->username, form->name, form->password, form->confirm };

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    if (rows[i] != NULL)
      gtk_widget_set_sensitive (GTK_WIDGET (rows[i]), sensitive);
}
