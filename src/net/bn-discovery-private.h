/* bn-discovery-private.h — what the two halves of BnDiscovery share
 *
 * BnDiscovery runs on two threads, one file each:
 *   bn-discovery.c        the owner's side (the node's main context): the object,
 *                         start and stop, and the bridge that brings what the
 *                         Avahi thread found to the owner as signals
 *   bn-discovery-avahi.c  the Avahi thread (its own main context): the client,
 *                         publishing, browsing and resolving
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <avahi-client/client.h>
#include <avahi-client/lookup.h>
#include <avahi-client/publish.h>
#include <avahi-glib/glib-watch.h>
#include "bn-discovery.h"

G_BEGIN_DECLS

struct _BnDiscovery
{
  GObject parent_instance;

  /* Set before the Avahi thread starts; then replaced only on the Avahi thread */
  GPtrArray           *keys;         /* GBytes: discovery keys, newest first */
  GMainContext        *owner;        /* where signals and notifications are emitted */
  GMainContext        *context;      /* the Avahi thread's */
  guint16              port;

  /* The owner's side (bn-discovery.c) */
  GMainLoop           *loop;
  GThread             *thread;
  BnAvahiState         state;        /* as the owner's context last heard it */
  GBytes              *owner_newest; /* the newest key the owner last gave */
  guint                owner_n_keys; /* and how many keys it gave */
  gint                 n_linked_wanted;  /* atomic: the node's last count for the thread */

  /* The Avahi thread's own (bn-discovery-avahi.c): only it touches these */
  AvahiGLibPoll       *poll;
  AvahiClient         *client;
  AvahiEntryGroup     *group;
  AvahiServiceBrowser *browser;
  char                *name;         /* our service name (set at start); changes on a collision */
  char                *tag;          /* the tag we publish now */
  gboolean             said_not_running;
  guint                tag_timer;
  GHashTable          *found;        /* service name → address */
  GHashTable          *found_protocol;  /* service name → AvahiProtocol + 1 of that address */
  GHashTable          *browsed;      /* other services' names → announcements seen */
  GQueue              *to_resolve;   /* PendingService, in the order they appeared */
  guint                n_resolving;
  guint                n_linked;     /* LAN neighbours the node is linked with now */
  guint                slow_id;      /* resolving the rest anyway, one at a time */
  gboolean             slow;
};

/* What the Avahi thread tells the owner. */
typedef enum {
  BN_DISCOVERY_FOUND,
  BN_DISCOVERY_LOST,
  BN_DISCOVERY_STATE,
} BnDiscoveryNews;

/* bn-discovery.c, called on the Avahi thread: delivered on the owner's context. */
void      _bn_discovery_tell_owner         (BnDiscovery     *self,
                                            BnDiscoveryNews  news,
                                            const char      *address,
                                            BnAvahiState     state);

/* New keys for the Avahi thread (bn_discovery_set_keys()). */
typedef struct
{
  BnDiscovery *discovery;
  GPtrArray   *keys;
} BnDiscoveryKeys;

/* bn-discovery-avahi.c */
gpointer  _bn_discovery_avahi_thread       (gpointer         user_data);
gboolean  _bn_discovery_avahi_keys_changed (gpointer         user_data);
gboolean  _bn_discovery_avahi_n_linked_changed (gpointer     user_data);

G_END_DECLS
