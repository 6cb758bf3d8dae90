#define G_LOG_DOMAIN "kd-report"

#include "config.h"

#include <glib/gi18n.h>

#include "kd-report.h"

G_DEFINE_QUARK (kd-report-error-quark, kd_report_error)

static const char * const field_names[] = {
  "village", "category", "title", "description", "reporter_name",
  "reporter_phone", "location", "urgent", "body", "kind", "photos",
};

const char *
kd_report_field_name (KdReportField field)
{
  g_return_val_if_fail ((guint) field < G_N_ELEMENTS (field_names), "body");

  return field_names[field];
}

KdReport *
kd_report_new (void)
{
  KdReport *report = g_new0 (KdReport, 1);

  report->kind = -1;
  return report;
}

void
kd_report_free (KdReport *report)
{
  if (report == NULL)
    return;

  g_free (report->village);
  g_free (report->category);
  g_free (report->title);
  g_free (report->description);
  g_free (report->reporter_name);
  g_free (report->reporter_phone);
  g_free (report->location);
  g_free (report->channel);
  g_clear_pointer (&report->photos, g_ptr_array_unref);
  g_free (report);
}

KdReport *
kd_report_copy (const KdReport *report)
{
  KdReport *copy = kd_report_new ();

  copy->village = g_strdup (report->village);
  copy->category = g_strdup (report->category);
  copy->title = g_strdup (report->title);
  copy->description = g_strdup (report->description);
  copy->reporter_name = g_strdup (report->reporter_name);
  copy->reporter_phone = g_strdup (report->reporter_phone);
  copy->location = g_strdup (report->location);
  copy->channel = g_strdup (report->channel);
  copy->urgent = report->urgent;
  copy->kind = report->kind;
  copy->created_by = report->created_by;
  if (report->photos != NULL)
    copy->photos = g_ptr_array_ref (report->photos);   /* never changed once made */

  return copy;
}

/* Valid UTF-8 without control characters (newlines and tabs allowed where
 * @multiline). Villagers' text is kept as plain text, never interpreted. */
gboolean
kd_text_is_plain (const char *text,
                  gboolean    multiline)
{
  if (!g_utf8_validate (text, -1, NULL))
    return FALSE;

  for (const char *p = text; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (multiline && (c == '\n' || c == '\r' || c == '\t'))
        continue;
      if (g_unichar_iscntrl (c))
        return FALSE;
    }

  return TRUE;
}

static gboolean
is_blank (const char *s)
{
  if (s == NULL)
    return TRUE;
  for (; *s; s = g_utf8_next_char (s))
    if (!g_unichar_isspace (g_utf8_get_char (s)))
      return FALSE;
  return TRUE;
}

static gboolean
check_text (const char    *value,
            KdReportField  field,
            gsize          max_chars,
            gboolean       required,
            gboolean       multiline,
            GError       **error)
{
  if (!required && (value == NULL || is_blank (value)))
    return TRUE;

  if (value != NULL && !g_utf8_validate (value, -1, NULL))
    {
      g_set_error (error, KD_REPORT_ERROR, field,
                   _("The field “%s” is not valid UTF-8 text."), kd_report_field_name (field));
      return FALSE;
    }

  if (required && is_blank (value))
    {
      g_set_error (error, KD_REPORT_ERROR, field,
                   _("The field “%s” must not be empty."), kd_report_field_name (field));
      return FALSE;
    }

  if (g_utf8_strlen (value, -1) > (glong) max_chars)
    {
      g_set_error (error, KD_REPORT_ERROR, field,
                   _("The field “%s” is longer than %u characters."),
                   kd_report_field_name (field), (guint) max_chars);
      return FALSE;
    }

  if (!kd_text_is_plain (value, multiline))
    {
      g_set_error (error, KD_REPORT_ERROR, field,
                   _("The field “%s” contains control characters."), kd_report_field_name (field));
      return FALSE;
    }

  return TRUE;
}

static gboolean
check_phone (const char *phone,
             GError    **error)
{
  if (is_blank (phone))
    return TRUE;

  if (!check_text (phone, KD_REPORT_FIELD_REPORTER_PHONE, KD_REPORT_MAX_PHONE, FALSE, FALSE, error))
    return FALSE;

  for (const char *p = phone; *p; p++)
    {
      if (!g_ascii_isdigit (*p) && *p != '+' && *p != '-' && *p != ' ')
        {
          g_set_error (error, KD_REPORT_ERROR, KD_REPORT_FIELD_REPORTER_PHONE,
                       _("A phone number may contain only digits, “+”, “-” and spaces."));
          return FALSE;
        }
    }

  return TRUE;
}

/* Checks everything that needs no database. Whether the village and category
 * exist is checked by the writer, in the same transaction as the insert. */
gboolean
kd_report_validate (const KdReport *report,
                    GError        **error)
{
  g_return_val_if_fail (report != NULL, FALSE);

  if (is_blank (report->village))
    {
      g_set_error (error, KD_REPORT_ERROR, KD_REPORT_FIELD_VILLAGE, _("Choose a village."));
      return FALSE;
    }
  if (report->photos != NULL && report->photos->len > KD_PHOTO_MAX_PER_CASE)
    {
      g_set_error (error, KD_REPORT_ERROR, KD_REPORT_FIELD_PHOTOS,
                   _("At most %d photos can be sent with a report."), KD_PHOTO_MAX_PER_CASE);
      return FALSE;
    }
  if (is_blank (report->category))
    {
      g_set_error (error, KD_REPORT_ERROR, KD_REPORT_FIELD_CATEGORY, _("Choose a category."));
      return FALSE;
    }
  if (report->kind < -1 || report->kind >= KD_CASE_N_KINDS)
    {
      g_set_error (error, KD_REPORT_ERROR, KD_REPORT_FIELD_KIND, _("Choose a kind of report."));
      return FALSE;
    }

  return check_text (report->village, KD_REPORT_FIELD_VILLAGE, KD_REPORT_MAX_CODE, TRUE, FALSE, error) &&
         check_text (report->category, KD_REPORT_FIELD_CATEGORY, KD_REPORT_MAX_CODE, TRUE, FALSE, error) &&
         check_text (report->description, KD_REPORT_FIELD_DESCRIPTION, KD_REPORT_MAX_DESCRIPTION, TRUE, TRUE, error) &&
         check_text (report->title, KD_REPORT_FIELD_TITLE, KD_REPORT_MAX_TITLE, FALSE, FALSE, error) &&
         check_text (report->reporter_name, KD_REPORT_FIELD_REPORTER_NAME, KD_REPORT_MAX_NAME, FALSE, FALSE, error) &&
         check_phone (report->reporter_phone, error) &&
         check_text (report->location, KD_REPORT_FIELD_LOCATION, KD_REPORT_MAX_LOCATION, FALSE, FALSE, error);
}

/* The first line of the description, shortened to 30 characters. */
char *
kd_report_make_title (const char *description)
{
  g_autofree char *line = NULL;
  const char *end;

  while (*description && g_unichar_isspace (g_utf8_get_char (description)))
    description = g_utf8_next_char (description);

  end = strpbrk (description, "\r\n");
  line = end ? g_strndup (description, end - description) : g_strdup (description);
  g_strstrip (line);

  if (g_utf8_strlen (line, -1) > 30)
    {
      g_autofree char *cut = g_utf8_substring (line, 0, 30);
      return g_strconcat (cut, "…", NULL);
    }

  return g_steal_pointer (&line);
}
