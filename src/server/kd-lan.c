#define G_LOG_DOMAIN "kd-lan"

#include "config.h"

#include <arpa/inet.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <netinet/in.h>

#include "kd-lan.h"

/* Every IPv4 address of an interface that is up, loopback and link-local left out. */
GStrv
kd_lan_dup_ipv4_addresses (void)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  struct ifaddrs *list = NULL;

  if (getifaddrs (&list) != 0)
    return g_strv_builder_end (builder);

  for (struct ifaddrs *ifa = list; ifa != NULL; ifa = ifa->ifa_next)
    {
      char text[INET_ADDRSTRLEN];
      struct in_addr addr;

      if (ifa->ifa_addr == NULL || ifa->ifa_addr->sa_family != AF_INET)
        continue;
      if ((ifa->ifa_flags & IFF_UP) == 0 || (ifa->ifa_flags & IFF_LOOPBACK) != 0)
        continue;

      addr = ((struct sockaddr_in *) ifa->ifa_addr)->sin_addr;
      if ((ntohl (addr.s_addr) & 0xffff0000) == 0xa9fe0000)   /* 169.254/16 */
        continue;

      if (inet_ntop (AF_INET, &addr, text, sizeof text) != NULL)
        g_strv_builder_add (builder, text);
    }

  freeifaddrs (list);
  return g_strv_builder_end (builder);
}
