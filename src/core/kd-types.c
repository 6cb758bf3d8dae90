#define G_LOG_DOMAIN "kd-types"

#include "config.h"

#include <glib/gi18n.h>

#include "kd-types.h"

/* The index of @str in @codes (the stable codes of an enum), if it is one. */
gboolean
kd_code_lookup (const char * const *codes,
                guint               n,
                const char         *str,
                int                *value)
{
  if (str == NULL)
    return FALSE;

  for (guint i = 0; i < n; i++)
    {
      if (g_str_equal (str, codes[i]))
        {
          *value = (int) i;
          return TRUE;
        }
    }

  return FALSE;
}

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

  int v;

  if (!kd_code_lookup (status_codes, KD_CASE_N_STATUSES, str, &v))
    return FALSE;
  *status = (KdCaseStatus) v;
  return TRUE;
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

/* The transitions core allows (kd-workflow.h has the rules around them).
 * The UI offers only these, and core refuses the rest whoever asks.
 * Reassigning an assigned case is not a change of status: see
 * kd_workflow_assign(). */
gboolean
kd_case_status_can_change (KdCaseStatus from,
                           KdCaseStatus to)
{
  switch (from)
    {
    case KD_CASE_STATUS_NEW:
      return to == KD_CASE_STATUS_ACCEPTED ||
             to == KD_CASE_STATUS_REJECTED ||
             to == KD_CASE_STATUS_DUPLICATE;
    case KD_CASE_STATUS_ACCEPTED:
      return to == KD_CASE_STATUS_ASSIGNED ||
             to == KD_CASE_STATUS_IN_PROGRESS ||
             to == KD_CASE_STATUS_RESOLVED ||
             to == KD_CASE_STATUS_REJECTED ||
             to == KD_CASE_STATUS_DUPLICATE;
    case KD_CASE_STATUS_REOPENED:
      return to == KD_CASE_STATUS_ASSIGNED ||
             to == KD_CASE_STATUS_IN_PROGRESS ||
             to == KD_CASE_STATUS_RESOLVED ||
             to == KD_CASE_STATUS_DUPLICATE;
    case KD_CASE_STATUS_ASSIGNED:
      return to == KD_CASE_STATUS_IN_PROGRESS ||
             to == KD_CASE_STATUS_RESOLVED ||
             to == KD_CASE_STATUS_DUPLICATE;
    case KD_CASE_STATUS_IN_PROGRESS:
      return to == KD_CASE_STATUS_ASSIGNED ||
             to == KD_CASE_STATUS_RESOLVED ||
             to == KD_CASE_STATUS_DUPLICATE;
    case KD_CASE_STATUS_RESOLVED:
      return to == KD_CASE_STATUS_CLOSED ||
             to == KD_CASE_STATUS_REOPENED;
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

static const char * const kind_codes[KD_CASE_N_KINDS] = {
  "livelihood", "emergency", "policy", "service", "integrity",
};

const char *
kd_case_kind_to_string (KdCaseKind kind)
{
  g_return_val_if_fail ((guint) kind < KD_CASE_N_KINDS, NULL);

  return kind_codes[kind];
}

gboolean
kd_case_kind_from_string (const char *str,
                          KdCaseKind *kind)
{
  int v;

  g_return_val_if_fail (kind != NULL, FALSE);

  if (!kd_code_lookup (kind_codes, KD_CASE_N_KINDS, str, &v))
    return FALSE;
  *kind = (KdCaseKind) v;
  return TRUE;
}

/* The names the township's platform uses. */
const char *
kd_case_kind_label (KdCaseKind kind)
{
  switch (kind)
    {
    case KD_CASE_KIND_LIVELIHOOD: return _("Livelihood report");
    case KD_CASE_KIND_EMERGENCY:  return _("Emergency report");
    case KD_CASE_KIND_POLICY:     return _("Policy question");
    case KD_CASE_KIND_SERVICE:    return _("Service request");
    case KD_CASE_KIND_INTEGRITY:  return _("Integrity report");
    default:
      g_return_val_if_reached (NULL);
    }
}

static const char * const role_codes[KD_N_ROLES] = {
  "town_admin", "town_staff", "village_secretary", "discipline",
};

const char *
kd_role_to_string (KdRole role)
{
  g_return_val_if_fail ((guint) role < KD_N_ROLES, NULL);

  return role_codes[role];
}

gboolean
kd_role_from_string (const char *str,
                     KdRole     *role)
{
  int v;

  g_return_val_if_fail (role != NULL, FALSE);

  if (!kd_code_lookup (role_codes, KD_N_ROLES, str, &v))
    return FALSE;
  *role = (KdRole) v;
  return TRUE;
}

const char *
kd_role_label (KdRole role)
{
  switch (role)
    {
    case KD_ROLE_TOWN_ADMIN:        return _("Town administrator");
    case KD_ROLE_TOWN_STAFF:        return _("Town staff");
    case KD_ROLE_VILLAGE_SECRETARY: return _("Village secretary");
    case KD_ROLE_DISCIPLINE:        return _("Discipline inspection");
    default:
      g_return_val_if_reached (NULL);
    }
}
