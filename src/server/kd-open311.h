/* kd-open311.h: Open311 GeoReport v2 under /open311/v2/ (JSON and XML). */
#pragma once

#include "kd-http.h"

G_BEGIN_DECLS

void kd_open311_register (SoupServer    *server,
                          KdServerState *state);

G_END_DECLS
