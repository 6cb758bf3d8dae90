/* kd-access.c: the role rules of kd-access.h, as tables. */
#define G_LOG_DOMAIN "kd-access"

#include "config.h"

#include "kd-access.h"

typedef enum {
  SCOPE_TOWN,      /* every village */
  SCOPE_VILLAGE,   /* the cadre's own village (or assigned to it) */
} Scope;

typedef struct
{
  guint    kinds;            /* bit (1 << kind): the kinds this role works on */
  Scope    scope;
  gboolean manage_cadres;
  gboolean edit_settings;    /* also API keys and the audit log */
  gboolean needs_village;
} RoleRules;

#define KIND_BIT(k)     (1u << (k))
#define ALL_KINDS       ((1u << KD_CASE_N_KINDS) - 1)
#define PUBLIC_KINDS    (ALL_KINDS & ~KIND_BIT (KD_CASE_KIND_INTEGRITY))

static const RoleRules rules[KD_N_ROLES] = {
  [KD_ROLE_TOWN_ADMIN]        = { PUBLIC_KINDS, SCOPE_TOWN, TRUE, TRUE, FALSE },
  [KD_ROLE_TOWN_STAFF]        = { PUBLIC_KINDS, SCOPE_TOWN, FALSE, FALSE, FALSE },
  [KD_ROLE_VILLAGE_SECRETARY] = { PUBLIC_KINDS, SCOPE_VILLAGE, FALSE, FALSE, TRUE },
  [KD_ROLE_DISCIPLINE]        = { KIND_BIT (KD_CASE_KIND_INTEGRITY), SCOPE_TOWN, FALSE, FALSE, FALSE },
};

static const RoleRules *
rules_for (KdRole role)
{
  return (guint) role < KD_N_ROLES ? &rules[role] : NULL;
}

gboolean
kd_access_can_see_case (KdRole     role,
                        gint64     cadre_village_id,
                        KdCaseKind kind,
                        gint64     case_village_id,
                        gint64     case_assigned_village_id)
{
  const RoleRules *r = rules_for (role);

  if (r == NULL || (guint) kind >= KD_CASE_N_KINDS || !(r->kinds & KIND_BIT (kind)))
    return FALSE;
  if (r->scope == SCOPE_TOWN)
    return TRUE;

  return cadre_village_id > 0 &&
         (case_village_id == cadre_village_id || case_assigned_village_id == cadre_village_id);
}

/* Accept, reply, note, resolve. */
gboolean
kd_access_can_act_on_case (KdRole     role,
                           gint64     cadre_village_id,
                           KdCaseKind kind,
                           gint64     case_village_id,
                           gint64     case_assigned_village_id)
{
  return kd_access_can_see_case (role, cadre_village_id, kind, case_village_id,
                                 case_assigned_village_id);
}

/* The reporter's name and phone, for a case the cadre can see. */
gboolean
kd_access_can_see_reporter (KdRole     role,
                            KdCaseKind kind)
{
  if (kind == KD_CASE_KIND_INTEGRITY)
    return role == KD_ROLE_DISCIPLINE;

  return rules_for (role) != NULL;
}

gboolean
kd_access_can_manage_cadres (KdRole role)
{
  const RoleRules *r = rules_for (role);

  return r != NULL && r->manage_cadres;
}

gboolean
kd_access_can_edit_settings (KdRole role)
{
  const RoleRules *r = rules_for (role);

  return r != NULL && r->edit_settings;
}

gboolean
kd_access_can_issue_api_keys (KdRole role)
{
  return kd_access_can_edit_settings (role);
}

gboolean
kd_access_can_view_audit (KdRole role)
{
  return kd_access_can_edit_settings (role);
}

/* A village secretary's account belongs to a village; no other account does. */
gboolean
kd_access_role_needs_village (KdRole role)
{
  const RoleRules *r = rules_for (role);

  return r != NULL && r->needs_village;
}

/* The same rule as kd_access_can_see_case(), as an SQL condition on the
 * cases table named @alias (NULL: "cases"), for a WHERE clause. Only
 * integers go into the text. */
char *
kd_access_case_condition (KdRole      role,
                          gint64      cadre_village_id,
                          const char *alias)
{
  const RoleRules *r = rules_for (role);
  g_autoptr(GString) kinds = g_string_new (NULL);
  const char *a = alias ? alias : "cases";

  g_return_val_if_fail (alias == NULL || g_regex_match_simple ("^[a-z_]+$", alias, 0, 0), NULL);

  if (r == NULL)
    return g_strdup ("0");

  for (guint k = 0; k < KD_CASE_N_KINDS; k++)
    if (r->kinds & KIND_BIT (k))
      g_string_append_printf (kinds, "%s%u", kinds->len ? ", " : "", k);

  if (r->scope == SCOPE_TOWN)
    return g_strdup_printf ("(%s.kind IN (%s))", a, kinds->str);
  if (cadre_village_id <= 0)
    return g_strdup ("0");

  return g_strdup_printf ("(%s.kind IN (%s) AND (%s.village_id = %" G_GINT64_FORMAT
                          " OR %s.assigned_village_id = %" G_GINT64_FORMAT "))",
                          a, kinds->str, a, cadre_village_id, a, cadre_village_id);
}
