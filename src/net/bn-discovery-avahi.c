/* bn-discovery-avahi.c — the Avahi thread: publishing and browsing _buurtnet._tcp
 *
 * Everything here runs on the thread bn_discovery_start() starts, with a main
 * context of its own: avahi-client's calls (creating a resolver, freeing it) wait
 * for the daemon's D-Bus answer, and a busy daemon kept the node's main loop
 * (links, requests) waiting with them. What it finds reaches the owner through
 * _bn_discovery_tell_owner().
 *
 * Services are published and browsed over IPv4 and IPv6 alike (whatever the
 * daemon uses); a neighbour seen over both is called at one address, its IPv4
 * one when it has one (an IPv6 link-local address carries its interface).
 *
 * The service name is random for each run and the TXT record carries only the
 * protocol version and the day's neighbourhood tag: nothing that names a person
 * or stays the same for long. AVAHI_CLIENT_NO_FAIL makes the client wait for
 * (and come back after) the daemon instead of failing, so a restarted
 * avahi-daemon is picked up by itself.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "bn-discovery-private.h"
#include "bn-wire.h"

#include <net/if.h>
#include <avahi-common/alternative.h>
#include <avahi-common/error.h>
#include <avahi-common/malloc.h>
#include <glib/gi18n-lib.h>

/* Resolves in flight at once. Each is a D-Bus round trip to avahi-daemon (the
 * client library waits for it, so our main loop does too) and a few multicast
 * queries every daemon on the network answers or reads: with 25 hosts starting
 * together, resolving every service at once kept the daemons busy for seconds. */
#define MAX_RESOLVING 3
/* When every service we browse is accounted for by a linked neighbour (peer
 * exchange tells us their addresses), the rest wait this long, then go one at a
 * time: a link that was counted but is not the service's still gets found. */
#define SLOW_RESOLVE_AFTER_MS 3000

typedef struct
{
  AvahiIfIndex   interface;
  AvahiProtocol  protocol;
  char          *name;
  char          *type;
  char          *domain;
} PendingService;

static void
pending_service_free (PendingService *pending)
{
  g_free (pending->name);
  g_free (pending->type);
  g_free (pending->domain);
  g_free (pending);
}

static void create_client (BnDiscovery *self);

static guint
add_timeout (BnDiscovery *self, guint ms, GSourceFunc func)
{
  g_autoptr(GSource) source = ms % 1000 == 0 ? g_timeout_source_new_seconds (ms / 1000)
                                             : g_timeout_source_new (ms);

  g_source_set_callback (source, func, self, NULL);
  return g_source_attach (source, self->context);
}

static void
remove_timeout (BnDiscovery *self, guint *id)
{
  GSource *source;

  if (*id == 0)
    return;
  source = g_main_context_find_source_by_id (self->context, *id);
  if (source != NULL)
    g_source_destroy (source);
  *id = 0;
}

/* The tag of discovery key @index (0: the current one) on a day. */
static char *
tag_for_day (BnDiscovery *self, guint index, int days_from_today)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) day = g_date_time_add_days (now, days_from_today);

  return bn_wire_discovery_tag (g_bytes_get_data (g_ptr_array_index (self->keys, index), NULL),
                                day);
}

/* Every key we hold, so that a member who missed a key renewal is still found;
 * yesterday's and tomorrow's tags too: clocks differ around midnight. */
/* Without keys (a newcomer looking for any member's peer to ask to join),
 * every Buurtnet peer is a candidate. */
static gboolean
tag_is_ours (BnDiscovery *self, const char *tag)
{
  if (self->keys->len == 0)
    return TRUE;
  for (guint k = 0; k < self->keys->len; k++)
    for (int d = -1; d <= 1; d++)
      {
        g_autofree char *ours = tag_for_day (self, k, d);
        if (g_strcmp0 (ours, tag) == 0)
          return TRUE;
      }
  return FALSE;
}

static void
publish (BnDiscovery *self)
{
  g_autofree char *tag_txt = NULL;
  int rc;

  /* A newcomer has nothing to announce: no neighbourhood, no tag. */
  if (self->group == NULL || self->keys->len == 0)
    return;
  g_free (self->tag);
  self->tag = tag_for_day (self, 0, 0);
  tag_txt = g_strdup_printf ("tag=%s", self->tag);
  rc = avahi_entry_group_add_service (self->group, AVAHI_IF_UNSPEC, AVAHI_PROTO_UNSPEC, 0,
                                      self->name, BN_DISCOVERY_SERVICE_TYPE, NULL, NULL,
                                      self->port, "v=" BN_WIRE_VERSION_TXT, tag_txt, NULL);
  if (rc == AVAHI_ERR_COLLISION)
    {
      char *next = avahi_alternative_service_name (self->name);
      g_free (self->name);
      self->name = g_strdup (next);
      avahi_free (next);
      publish (self);
      return;
    }
  if (rc < 0 || (rc = avahi_entry_group_commit (self->group)) < 0)
    g_message ("Could not announce ourselves on the local network: %s", avahi_strerror (rc));
}

static void
group_callback (AvahiEntryGroup      *group,
                AvahiEntryGroupState  state,
                void                 *user_data)
{
  BnDiscovery *self = user_data;

  if (state == AVAHI_ENTRY_GROUP_COLLISION)
    {
      char *next = avahi_alternative_service_name (self->name);

      g_message ("Our mDNS name %s is taken on this network; using %s instead", self->name, next);
      g_free (self->name);
      self->name = g_strdup (next);
      avahi_free (next);
      avahi_entry_group_reset (group);
      publish (self);
    }
  else if (state == AVAHI_ENTRY_GROUP_ESTABLISHED)
    g_debug ("Announced as %s on the local network", self->name);
}

static gboolean
check_tag (gpointer user_data)
{
  BnDiscovery *self = user_data;
  g_autofree char *today = NULL;

  if (self->keys->len == 0)
    return G_SOURCE_CONTINUE;
  today = tag_for_day (self, 0, 0);
  if (self->group != NULL && g_strcmp0 (today, self->tag) != 0)
    {
      avahi_entry_group_reset (self->group);
      publish (self);
    }
  return G_SOURCE_CONTINUE;
}

/* On the Avahi thread: the keys changed (bn_discovery_set_keys()); publish the
 * new tag now rather than at the next check. */
gboolean
_bn_discovery_avahi_keys_changed (gpointer user_data)
{
  BnDiscoveryKeys *change = user_data;
  BnDiscovery *self = change->discovery;

  g_ptr_array_unref (self->keys);
  self->keys = g_ptr_array_ref (change->keys);
  g_debug ("The neighbourhood’s key changed; announcing its tag");
  check_tag (self);
  return G_SOURCE_REMOVE;
}

static char *
txt_value (AvahiStringList *txt, const char *key)
{
  AvahiStringList *item = avahi_string_list_find (txt, key);
  char *k = NULL, *v = NULL, *copy;

  if (item == NULL || avahi_string_list_get_pair (item, &k, &v, NULL) < 0)
    return NULL;
  copy = g_strdup (v);
  avahi_free (k);
  avahi_free (v);
  return copy;
}

static void resolve_next (BnDiscovery *self);

/* "ip:port", or "[ip]:port" for IPv6 (with "%interface" for a link-local one,
 * which means nothing without it). */
static char *
format_address (const AvahiAddress *address, AvahiIfIndex interface, uint16_t port)
{
  char ip[AVAHI_ADDRESS_STR_MAX];
  char name[IF_NAMESIZE] = { 0 };

  avahi_address_snprint (ip, sizeof ip, address);
  if (address->proto != AVAHI_PROTO_INET6)
    return g_strdup_printf ("%s:%u", ip, port);
  if (g_str_has_prefix (ip, "fe80:") && interface > 0 && if_indextoname (interface, name) != NULL)
    return g_strdup_printf ("[%s%%%s]:%u", ip, name, port);
  return g_strdup_printf ("[%s]:%u", ip, port);
}

/* One address per neighbour's service: its IPv4 one once known, else its
 * IPv6 one. Returns whether @found replaces what we had. */
static gboolean
better_address (BnDiscovery *self, const char *name, AvahiProtocol protocol)
{
  gpointer had = g_hash_table_lookup (self->found_protocol, name);

  return had == NULL || (protocol == AVAHI_PROTO_INET && GPOINTER_TO_INT (had) - 1 != AVAHI_PROTO_INET);
}

static void
remember_found (BnDiscovery *self, const char *name, AvahiProtocol protocol, const char *where)
{
  const char *before = g_hash_table_lookup (self->found, name);

  if (before != NULL)
    _bn_discovery_tell_owner (self, BN_DISCOVERY_LOST, before, 0);
  g_hash_table_replace (self->found, g_strdup (name), g_strdup (where));
  g_hash_table_replace (self->found_protocol, g_strdup (name), GINT_TO_POINTER (protocol + 1));
  g_message ("Found a neighbour on the local network at %s", where);
  _bn_discovery_tell_owner (self, BN_DISCOVERY_FOUND, where, 0);
}

static void
resolve_callback (AvahiServiceResolver   *resolver,
                  AvahiIfIndex            interface,
                  AvahiProtocol           protocol,
                  AvahiResolverEvent      event,
                  const char             *name,
                  const char             *type,
                  const char             *domain,
                  const char             *host_name,
                  const AvahiAddress     *address,
                  uint16_t                port,
                  AvahiStringList        *txt,
                  AvahiLookupResultFlags  flags,
                  void                   *user_data)
{
  BnDiscovery *self = user_data;

  if (event == AVAHI_RESOLVER_FOUND)
    {
      g_autofree char *version = txt_value (txt, "v");
      g_autofree char *tag = txt_value (txt, "tag");

      /* Another neighbourhood's peer, or a newer protocol: not for us, say nothing. */
      if (g_strcmp0 (version, BN_WIRE_VERSION_TXT) == 0 && tag_is_ours (self, tag)
          && better_address (self, name, address->proto))
        {
          g_autofree char *where = format_address (address, interface, port);
          remember_found (self, name, address->proto, where);
        }
    }
  avahi_service_resolver_free (resolver);
  if (self->n_resolving > 0)
    self->n_resolving--;
  resolve_next (self);
}

static gboolean
slow_resolve (gpointer user_data)
{
  BnDiscovery *self = user_data;

  self->slow_id = 0;
  self->slow = TRUE;
  resolve_next (self);
  return G_SOURCE_REMOVE;
}

/* Starts the resolves that may start: up to MAX_RESOLVING while some service we
 * browse has no linked neighbour to account for it, one at a time a while after
 * they all have. */
static void
resolve_next (BnDiscovery *self)
{
  gboolean accounted = self->n_linked >= g_hash_table_size (self->browsed);

  if (!accounted)
    {
      self->slow = FALSE;
      remove_timeout (self, &self->slow_id);
    }
  while (self->client != NULL && !g_queue_is_empty (self->to_resolve))
    {
      PendingService *pending;

      if (self->n_resolving >= (accounted ? (self->slow ? 1 : 0) : MAX_RESOLVING))
        {
          if (accounted && !self->slow && self->slow_id == 0)
            self->slow_id = add_timeout (self, SLOW_RESOLVE_AFTER_MS, slow_resolve);
          return;
        }
      pending = g_queue_pop_head (self->to_resolve);
      if (avahi_service_resolver_new (self->client, pending->interface, pending->protocol,
                                      pending->name, pending->type, pending->domain,
                                      pending->protocol, 0, resolve_callback, self) == NULL)
        g_debug ("Could not resolve %s: %s", pending->name,
                 avahi_strerror (avahi_client_errno (self->client)));
      else
        self->n_resolving++;
      pending_service_free (pending);
    }
}

static void
forget_pending (BnDiscovery *self, const char *name, AvahiProtocol protocol)
{
  for (GList *l = self->to_resolve->head; l != NULL; l = l->next)
    {
      PendingService *pending = l->data;

      if (g_strcmp0 (pending->name, name) == 0 && pending->protocol == protocol)
        {
          pending_service_free (pending);
          g_queue_delete_link (self->to_resolve, l);
          return;
        }
    }
}

/* How many of a service's announcements (IPv4, IPv6, per interface) we browse. */
static void
seen_over (BnDiscovery *self, const char *name, int change)
{
  int n = GPOINTER_TO_INT (g_hash_table_lookup (self->browsed, name)) + change;

  if (n <= 0)
    g_hash_table_remove (self->browsed, name);
  else
    g_hash_table_replace (self->browsed, g_strdup (name), GINT_TO_POINTER (n));
}

static void
browse_callback (AvahiServiceBrowser    *browser,
                 AvahiIfIndex            interface,
                 AvahiProtocol           protocol,
                 AvahiBrowserEvent       event,
                 const char             *name,
                 const char             *type,
                 const char             *domain,
                 AvahiLookupResultFlags  flags,
                 void                   *user_data)
{
  BnDiscovery *self = user_data;
  const char *address;

  switch (event)
    {
    case AVAHI_BROWSER_NEW:
      if (g_strcmp0 (name, self->name) == 0)
        break;   /* ourselves */
      {
        PendingService *pending = g_new0 (PendingService, 1);

        pending->interface = interface;
        pending->protocol = protocol;
        pending->name = g_strdup (name);
        pending->type = g_strdup (type);
        pending->domain = g_strdup (domain);
        g_queue_push_tail (self->to_resolve, pending);
        seen_over (self, name, +1);
      }
      resolve_next (self);
      break;
    case AVAHI_BROWSER_REMOVE:
      forget_pending (self, name, protocol);
      seen_over (self, name, -1);
      address = g_hash_table_lookup (self->found, name);
      if (address != NULL
          && GPOINTER_TO_INT (g_hash_table_lookup (self->found_protocol, name)) - 1 == protocol)
        {
          g_message ("Neighbour at %s left the local network", address);
          _bn_discovery_tell_owner (self, BN_DISCOVERY_LOST, address, 0);
          g_hash_table_remove (self->found, name);
          g_hash_table_remove (self->found_protocol, name);
        }
      break;
    case AVAHI_BROWSER_FAILURE:
      g_message ("Looking for neighbours on the local network failed: %s",
                 avahi_strerror (avahi_client_errno (self->client)));
      break;
    default:
      break;
    }
}

static void
start_publishing_and_browsing (BnDiscovery *self)
{
  if (self->group == NULL)
    self->group = avahi_entry_group_new (self->client, group_callback, self);
  if (self->group != NULL && avahi_entry_group_is_empty (self->group))
    publish (self);
  if (self->browser == NULL)
    self->browser = avahi_service_browser_new (self->client, AVAHI_IF_UNSPEC, AVAHI_PROTO_UNSPEC,
                                               BN_DISCOVERY_SERVICE_TYPE, NULL, 0,
                                               browse_callback, self);
}

static void
say_not_running (BnDiscovery *self)
{
  if (!self->said_not_running)
    g_message ("%s", _("Avahi (mDNS) is not running, so neighbours on this network cannot be "
                       "found automatically. Neighbours met before and ones added by address "
                       "still sync. Start avahi-daemon to find the others."));
  self->said_not_running = TRUE;
  _bn_discovery_tell_owner (self, BN_DISCOVERY_STATE, NULL, BN_AVAHI_STATE_NOT_RUNNING);
}

static void
drop_client_objects (BnDiscovery *self)
{
  /* Freeing the client frees its groups and browsers too. */
  self->group = NULL;
  self->browser = NULL;
  g_hash_table_remove_all (self->found);
  g_hash_table_remove_all (self->found_protocol);
  g_hash_table_remove_all (self->browsed);
  g_queue_clear_full (self->to_resolve, (GDestroyNotify) pending_service_free);
  self->n_resolving = 0;
  self->slow = FALSE;
  remove_timeout (self, &self->slow_id);
}

static void
client_callback (AvahiClient      *client,
                 AvahiClientState  state,
                 void             *user_data)
{
  BnDiscovery *self = user_data;

  self->client = client;
  switch (state)
    {
    case AVAHI_CLIENT_S_RUNNING:
      if (self->said_not_running)
        g_message ("Avahi is running again; looking for neighbours on this network");
      self->said_not_running = FALSE;
      _bn_discovery_tell_owner (self, BN_DISCOVERY_STATE, NULL, BN_AVAHI_STATE_RUNNING);
      start_publishing_and_browsing (self);
      break;
    case AVAHI_CLIENT_S_COLLISION:
    case AVAHI_CLIENT_S_REGISTERING:
      /* The host name changed or clashed: withdraw and publish again when running. */
      if (self->group != NULL)
        avahi_entry_group_reset (self->group);
      break;
    case AVAHI_CLIENT_CONNECTING:
      say_not_running (self);
      break;
    case AVAHI_CLIENT_FAILURE:
      if (avahi_client_errno (client) == AVAHI_ERR_DISCONNECTED)
        {
          /* The daemon went away (a restart): start over and wait for it. */
          say_not_running (self);
          avahi_client_free (client);
          self->client = NULL;
          drop_client_objects (self);
          create_client (self);
        }
      else
        {
          g_message ("Avahi failed: %s", avahi_strerror (avahi_client_errno (client)));
          _bn_discovery_tell_owner (self, BN_DISCOVERY_STATE, NULL, BN_AVAHI_STATE_NOT_RUNNING);
        }
      break;
    }
}

static void
create_client (BnDiscovery *self)
{
  int error = 0;

  self->client = avahi_client_new (avahi_glib_poll_get (self->poll), AVAHI_CLIENT_NO_FAIL,
                                   client_callback, self, &error);
  if (self->client == NULL)
    {
      g_message ("Could not use Avahi: %s", avahi_strerror (error));
      say_not_running (self);
    }
}

/* The Avahi thread: its state lives and dies with it. */
gpointer
_bn_discovery_avahi_thread (gpointer user_data)
{
  BnDiscovery *self = user_data;

  g_main_context_push_thread_default (self->context);
  self->found = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->found_protocol = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->browsed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->to_resolve = g_queue_new ();
  self->poll = avahi_glib_poll_new (self->context, G_PRIORITY_DEFAULT);
  create_client (self);
  self->tag_timer = add_timeout (self, 60000, check_tag);
  g_main_loop_run (self->loop);

  remove_timeout (self, &self->tag_timer);
  if (self->client != NULL)
    avahi_client_free (self->client);
  self->client = NULL;
  drop_client_objects (self);
  g_clear_pointer (&self->poll, avahi_glib_poll_free);
  g_clear_pointer (&self->found, g_hash_table_unref);
  g_clear_pointer (&self->found_protocol, g_hash_table_unref);
  g_clear_pointer (&self->browsed, g_hash_table_unref);
  g_clear_pointer (&self->to_resolve, g_queue_free);
  g_clear_pointer (&self->tag, g_free);
  g_main_context_pop_thread_default (self->context);
  g_object_unref (self);
  return NULL;
}

/* The node's count of linked LAN neighbours changed (bn_discovery_set_n_linked). */
gboolean
_bn_discovery_avahi_n_linked_changed (gpointer user_data)
{
  BnDiscovery *self = user_data;
  guint n_linked = g_atomic_int_get (&self->n_linked_wanted);

  if (self->n_linked != n_linked)
    {
      self->n_linked = n_linked;
      resolve_next (self);
    }
  return G_SOURCE_REMOVE;
}
