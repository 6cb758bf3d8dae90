/* kd-application-private.h: what the parts of KdApplication share. */
#pragma once

#include "kd-application.h"
#include "kd-store.h"

G_BEGIN_DECLS

typedef void (*KdCheckedFunc) (KdApplication *self);

const char *kd_application_get_db_path        (KdApplication *self);
void        kd_application_check_database     (KdApplication *self,
                                               KdCheckedFunc  then);
void        kd_application_backup_activated   (GSimpleAction *action,
                                               GVariant      *param,
                                               gpointer       data);

void        kd_application_watch_emergencies  (KdApplication *self,
                                               KdStore       *store);
void        kd_application_start_sla_clock    (KdApplication *self,
                                               KdStore       *store);
void        kd_application_show_case_activated (GSimpleAction *action,
                                                GVariant      *param,
                                                gpointer       data);
KdStore    *kd_application_get_store          (KdApplication *self);
void        kd_application_set_cadre          (KdApplication *self,
                                               KdCadre       *cadre);
void        kd_application_open_window        (KdApplication *self);
void        kd_application_close_window       (KdApplication *self);
void        kd_application_show_sign_in       (KdApplication *self,
                                               const char    *credentials);
void        kd_application_watch_cadre        (KdApplication *self);
void        kd_application_sign_out_activated (GSimpleAction *action,
                                               GVariant      *param,
                                               gpointer       data);

void        kd_application_add_office_actions (KdApplication *self);

G_END_DECLS
