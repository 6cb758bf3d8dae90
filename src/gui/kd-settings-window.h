/* kd-settings-window.h: Township Settings, for the town administrator:
 * working days and hours, holidays, the deadlines of each kind of case, and
 * the categories offered for each kind. Every change is saved through the
 * writer as the given cadre, and logged. */
#pragma once

#include <adwaita.h>

#include "kd-cadre.h"
#include "kd-store.h"

G_BEGIN_DECLS

#define KD_TYPE_SETTINGS_WINDOW (kd_settings_window_get_type ())

G_DECLARE_FINAL_TYPE (KdSettingsWindow, kd_settings_window, KD, SETTINGS_WINDOW, AdwPreferencesWindow)

KdSettingsWindow *kd_settings_window_new (GtkWindow *parent,
                                          KdStore   *store,
                                          KdCadre   *cadre);

G_END_DECLS
