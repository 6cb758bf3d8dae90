#define G_LOG_DOMAIN "kd-types"

#include "config.h"

#include <glib/gi18n.h>

#include "kd-types.h"

static const char * const status_codes[KD_CASE_N_STATUSES] = {
  "new", "accepted", "assigned", "in_progress", "resolved",
  "closed", "rejected", "duplicate", "reopened",
};

const char *
kd_case_status_to_string (KdCaseStatus status)
{
  g_return_val_if_fail ((guint) status < KD_CASE_N_STATUSES, NULL);

  return status_codes[status];
}

gboolean
kd_case_status_from_string (const char   *str,
                            KdCaseStatus *status)
{
  g_return_val_if_fail (status != NULL, FALSE);

  if (str == NULL)
    return FALSE;

  for (guint i = 0; i < KD_CASE_N_STATUSES; i++)
    {
      if (g_str_equal (str, status_codes[i]))
        {
          *status = (KdCaseStatus) i;
          return TRUE;
        }
    }

  return FALSE;
}

/* The words the township's platform uses (see DESIGN.md). */
const char *
kd_case_status_label (KdCaseStatus status)
{
  switch (status)
    {
    case KD_CASE_STATUS_NEW:         return _("New");
    case KD_CASE_STATUS_ACCEPTED:    return _("Accepted");
    case KD_CASE_STATUS_ASSIGNED:    return _("Assigned");
    case KD_CASE_STATUS_IN_PROGRESS: return _("In progress");
    case KD_CASE_STATUS_RESOLVED:    return _("Resolved");
    case KD_CASE_STATUS_CLOSED:      return _("Closed");
    case KD_CASE_STATUS_REJECTED:    return _("Rejected");
    case KD_CASE_STATUS_DUPLICATE:   return _("Merged");
    case KD_CASE_STATUS_REOPENED:    return _("Reopened");
    default:
      g_return_val_if_reached (NULL);
    }
}

/* The transitions core allows. The UI offers only these, and core refuses
 * the rest whoever asks. */
gboolean
kd_case_status_can_change (KdCaseStatus from,
                           KdCaseStatus to)
{
  switch (from)
    {
    case KD_CASE_STATUS_NEW:
      return to == KD_CASE_STATUS_ACCEPTED;
    case KD_CASE_STATUS_ACCEPTED:
    case KD_CASE_STATUS_REOPENED:
      return to == KD_CASE_STATUS_ASSIGNED ||
             to == KD_CASE_STATUS_IN_PROGRESS ||
             to == KD_CASE_STATUS_RESOLVED;
    case KD_CASE_STATUS_ASSIGNED:
      return to == KD_CASE_STATUS_IN_PROGRESS ||
             to == KD_CASE_STATUS_RESOLVED;
    case KD_CASE_STATUS_IN_PROGRESS:
      return to == KD_CASE_STATUS_RESOLVED;
    case KD_CASE_STATUS_RESOLVED:
      return to == KD_CASE_STATUS_CLOSED;
    case KD_CASE_STATUS_CLOSED:
    case KD_CASE_STATUS_REJECTED:
    case KD_CASE_STATUS_DUPLICATE:
    default:
      return FALSE;
    }
}

gboolean
kd_case_status_is_open (KdCaseStatus status)
{
  return status != KD_CASE_STATUS_RESOLVED &&
         status != KD_CASE_STATUS_CLOSED &&
         status != KD_CASE_STATUS_REJECTED &&
         status != KD_CASE_STATUS_DUPLICATE;
}
