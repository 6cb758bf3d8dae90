/* kd-pages.h: the phone pages (HTML that works without JavaScript). */
#pragma once

#include "kd-http.h"

G_BEGIN_DECLS

void kd_pages_register (SoupServer    *server,
                        KdServerState *state);

G_END_DECLS
