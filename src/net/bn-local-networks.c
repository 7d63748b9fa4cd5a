/* bn-local-networks.c — whether an address is on a network this machine is on
 *
 * Peer exchange (docs/sync-protocol.md §7) passes on addresses a neighbour
 * found on its local network. We only call those that are on one of ours: an
 * address on the same subnet as one of our interfaces (by its netmask),
 * loopback included. A member who sends addresses elsewhere (the Internet, a
 * network we do not reach) cannot make us call them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "bn-local-networks.h"

#include <arpa/inet.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>

static gboolean
same_prefix (const guint8 *a, const guint8 *b, const guint8 *mask, gsize len)
{
  for (gsize i = 0; i < len; i++)
    if ((a[i] & mask[i]) != (b[i] & mask[i]))
      return FALSE;
  return TRUE;
}

/* The bytes of @addr (IPv4 or IPv6), or NULL for another family. */
static const guint8 *
address_bytes (const struct sockaddr *addr, gsize *len)
{
  if (addr == NULL)
    return NULL;
  if (addr->sa_family == AF_INET)
    {
      *len = 4;
      return (const guint8 *) &((const struct sockaddr_in *) addr)->sin_addr;
    }
  if (addr->sa_family == AF_INET6)
    {
      *len = 16;
      return (const guint8 *) &((const struct sockaddr_in6 *) addr)->sin6_addr;
    }
  return NULL;
}

/**
 * bn_address_is_on_local_network:
 * @host: an IPv4 or IPv6 address in text (an IPv6 zone, "%eth0", is ignored)
 *
 * Returns: whether @host is on the subnet of one of this machine's interfaces
 *   that are up; %FALSE for a name or anything that is not an address
 */
gboolean
bn_address_is_on_local_network (const char *host)
{
  g_autofree char *bare = g_strndup (host, strcspn (host, "%"));
  guint8 wanted[16];
  int family = strchr (bare, ':') != NULL ? AF_INET6 : AF_INET;
  gsize wanted_len = family == AF_INET ? 4 : 16;
  struct ifaddrs *interfaces = NULL;
  gboolean found = FALSE;

  if (inet_pton (family, bare, wanted) != 1 || getifaddrs (&interfaces) != 0)
    return FALSE;
  for (struct ifaddrs *i = interfaces; i != NULL && !found; i = i->ifa_next)
    {
      gsize len = 0, mask_len = 0;
      const guint8 *mine = address_bytes (i->ifa_addr, &len);
      const guint8 *mask = address_bytes (i->ifa_netmask, &mask_len);

      if (mine == NULL || mask == NULL || len != wanted_len || mask_len != len
          || !(i->ifa_flags & IFF_UP))
        continue;
      found = same_prefix (wanted, mine, mask, len);
    }
  freeifaddrs (interfaces);
  return found;
}
