/* kd-case-list-private.h: what KdCaseList shares with kd-case-filter.c. */
#pragma once

#include "kd-case-list.h"
#include "kd-case-filter.h"

G_BEGIN_DECLS

KdCaseFilter *kd_case_list_get_workflow_filter (KdCaseList *self);
void          kd_case_list_filter_changed      (KdCaseList *self);

G_END_DECLS
