/* kd-current-actor.h: who is at the desk, for the office dialogs' writes. */
#pragma once

#include <gtk/gtk.h>

#include "kd-cadre.h"
#include "kd-workflow.h"

G_BEGIN_DECLS

void     kd_current_actor (GtkWidget *widget,
                           KdActor   *out);
KdCadre *kd_current_cadre (GtkWidget *widget);

G_END_DECLS
