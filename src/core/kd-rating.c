#define G_LOG_DOMAIN "kd-rating"

#include "config.h"

#include <glib/gi18n.h>

#include "kd-rating.h"

G_DEFINE_QUARK (kd-rating-error-quark, kd_rating_error)

/* Everything that needs no database. */
gboolean
kd_rating_check (int          efficiency,
                 int          satisfaction,
                 const char  *comment,
                 GError     **error)
{
  if (efficiency < 1 || efficiency > 5 || satisfaction < 1 || satisfaction > 5)
    {
      g_set_error (error, KD_RATING_ERROR, KD_RATING_ERROR_INVALID,
                   _("Choose from 1 to 5 stars for both the speed and the result."));
      return FALSE;
    }
  if (comment != NULL &&
      (!kd_text_is_plain (comment, TRUE) || g_utf8_strlen (comment, -1) > KD_RATING_MAX_COMMENT))
    {
      g_set_error (error, KD_RATING_ERROR, KD_RATING_ERROR_INVALID,
                   _("A comment must be plain text of at most %d characters."), KD_RATING_MAX_COMMENT);
      return FALSE;
    }
  return TRUE;
}

