/* kd-cadre-pages.h: the pages for village cadres signed in on a phone, under
 * /staff/ (HTML that works without JavaScript). */
#pragma once

#include "kd-http.h"

G_BEGIN_DECLS

void kd_cadre_pages_register (SoupServer    *server,
                              KdServerState *state);

G_END_DECLS
