/* kd-application.h: the desktop workbench: store, phone endpoint and window. */
#pragma once

#include <adwaita.h>

#include "kd-cadre.h"

G_BEGIN_DECLS

#define KD_TYPE_APPLICATION (kd_application_get_type ())

G_DECLARE_FINAL_TYPE (KdApplication, kd_application, KD, APPLICATION, AdwApplication)

GApplication *kd_application_new (const char *db_path,
                                  int         port,
                                  gboolean    demo);
KdCadre      *kd_application_get_cadre (KdApplication *self);

G_END_DECLS
