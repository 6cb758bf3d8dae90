/* kd-lan.h: the addresses phones on the local network can reach. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

GStrv kd_lan_dup_ipv4_addresses (void);

G_END_DECLS
