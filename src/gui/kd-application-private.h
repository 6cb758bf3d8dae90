/* kd-application-private.h: what the parts of KdApplication share. */
#pragma once

#include "kd-application.h"

G_BEGIN_DECLS

typedef void (*KdCheckedFunc) (KdApplication *self);

const char *kd_application_get_db_path        (KdApplication *self);
void        kd_application_check_database     (KdApplication *self,
                                               KdCheckedFunc  then);
void        kd_application_backup_activated   (GSimpleAction *action,
                                               GVariant      *param,
                                               gpointer       data);

G_END_DECLS
