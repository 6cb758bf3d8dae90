/* kd-access.h: who may do what. Pure functions of the cadre's role (and
 * village) and the case's kind (and villages); core, the desktop and the
 * server all ask these, so a refusal never depends on what a screen shows.
 *
 *   role               sees / acts on cases              cadres  reporter  settings, API keys, audit
 *   town admin         every kind but 清风, every village   yes     yes¹      yes
 *   town staff         every kind but 清风, every village   no      yes¹      no
 *   village secretary  every kind but 清风, own village²    no      yes¹      no
 *   discipline         清风 only, every village             no      yes       no
 *
 * ¹ of the cases they can see; the reporter of a 清风 case only to discipline
 *   inspection (who also sees nothing else).
 * ² the case is in their village, or has been assigned to it.
 * Seeing and acting (accept, reply, note, resolve) go together: a cadre acts
 * on every case they can see. A village id of 0 means none. */
#pragma once

#include <glib.h>

#include "kd-types.h"

G_BEGIN_DECLS

gboolean  kd_access_can_see_case       (KdRole      role,
                                        gint64      cadre_village_id,
                                        KdCaseKind  kind,
                                        gint64      case_village_id,
                                        gint64      case_assigned_village_id);
gboolean  kd_access_can_act_on_case    (KdRole      role,
                                        gint64      cadre_village_id,
                                        KdCaseKind  kind,
                                        gint64      case_village_id,
                                        gint64      case_assigned_village_id);
gboolean  kd_access_can_see_reporter   (KdRole      role,
                                        KdCaseKind  kind);
gboolean  kd_access_can_manage_cadres  (KdRole      role);
gboolean  kd_access_can_edit_settings  (KdRole      role);
gboolean  kd_access_can_issue_api_keys (KdRole      role);
gboolean  kd_access_can_view_audit     (KdRole      role);
gboolean  kd_access_role_needs_village (KdRole      role);
char     *kd_access_case_condition     (KdRole      role,
                                        gint64      cadre_village_id,
                                        const char *alias);

G_END_DECLS
