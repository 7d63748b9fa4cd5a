/* bn-discovery.c — finding neighbours on the local network with Avahi (mDNS): the
 * owner's side
 *
 * The object lives on the node's main context; Avahi itself runs on a thread of
 * its own (bn-discovery-avahi.c). "found", "lost" and the state reach the owner's
 * context through the bridge below, and the node's count of linked neighbours
 * goes the other way.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "bn-discovery-private.h"

G_DEFINE_FINAL_TYPE (BnDiscovery, bn_discovery, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_STATE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  FOUND,
  LOST,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

typedef struct
{
  BnDiscovery     *self;
  BnDiscoveryNews  news;
  char            *address;
  BnAvahiState     state;
} Emission;

static void
emission_free (Emission *emission)
{
  g_object_unref (emission->self);
  g_free (emission->address);
  g_free (emission);
}

static void
set_state_here (BnDiscovery *self, BnAvahiState state)
{
  if (self->state == state)
    return;
  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

/* In the owner's context; nothing once stopped (the node has let go of us). */
static gboolean
emit_in_owner (gpointer user_data)
{
  Emission *emission = user_data;
  BnDiscovery *self = emission->self;

  if (self->thread == NULL)
    return G_SOURCE_REMOVE;
  if (emission->news == BN_DISCOVERY_STATE)
    set_state_here (self, emission->state);
  else
    g_signal_emit (self, signals[emission->news == BN_DISCOVERY_FOUND ? FOUND : LOST], 0,
                   emission->address);
  return G_SOURCE_REMOVE;
}

/* From the Avahi thread: a neighbour found or lost at @address, or a new @state. */
void
_bn_discovery_tell_owner (BnDiscovery     *self,
                          BnDiscoveryNews  news,
                          const char      *address,
                          BnAvahiState     state)
{
  Emission *emission = g_new0 (Emission, 1);

  emission->self = g_object_ref (self);
  emission->news = news;
  emission->address = g_strdup (address);
  emission->state = state;
  g_main_context_invoke_full (self->owner, G_PRIORITY_DEFAULT, emit_in_owner, emission,
                              (GDestroyNotify) emission_free);
}

static void
bn_discovery_dispose (GObject *object)
{
  bn_discovery_stop (BN_DISCOVERY (object));
  G_OBJECT_CLASS (bn_discovery_parent_class)->dispose (object);
}

static void
bn_discovery_finalize (GObject *object)
{
  BnDiscovery *self = BN_DISCOVERY (object);

  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->keys, g_ptr_array_unref);
  g_clear_pointer (&self->owner_newest, g_bytes_unref);

  G_OBJECT_CLASS (bn_discovery_parent_class)->finalize (object);
}

static void
bn_discovery_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  BnDiscovery *self = BN_DISCOVERY (object);

  switch (prop_id)
    {
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bn_discovery_class_init (BnDiscoveryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = bn_discovery_dispose;
  object_class->finalize = bn_discovery_finalize;
  object_class->get_property = bn_discovery_get_property;

  properties[PROP_STATE] = g_param_spec_enum ("state", NULL, NULL, BN_TYPE_AVAHI_STATE,
                                              BN_AVAHI_STATE_DISABLED,
                                              G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY
                                              | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* @address: "ip:port" of a peer in our neighbourhood */
  signals[FOUND] = g_signal_new ("found", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                 NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  signals[LOST] = g_signal_new ("lost", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
bn_discovery_init (BnDiscovery *self)
{
  self->state = BN_AVAHI_STATE_DISABLED;
}

/**
 * bn_discovery_new:
 * @keys: (element-type GBytes): the neighbourhood's discovery keys, newest
 *   first (bn_home_list_discovery_keys()); at least one
 */
BnDiscovery *
bn_discovery_new (GPtrArray *keys)
{
  BnDiscovery *self = g_object_new (BN_TYPE_DISCOVERY, NULL);

  g_return_val_if_fail (keys->len > 0, self);
  self->keys = g_ptr_array_ref (keys);
  self->owner_newest = g_bytes_ref (g_ptr_array_index (keys, 0));
  self->owner_n_keys = keys->len;
  return self;
}

static void
discovery_keys_free (gpointer data)
{
  BnDiscoveryKeys *change = data;

  g_object_unref (change->discovery);
  g_ptr_array_unref (change->keys);
  g_free (change);
}

/**
 * bn_discovery_set_keys:
 * @keys: (element-type GBytes): the discovery keys now, newest first; at least one
 *
 * A removal or a renewal starts a new key epoch, and the tag we publish follows
 * it at once (docs/protocol.md §9.6, docs/sync-protocol.md): a removed neighbour, who knows only the old
 * keys, stops recognising us on the local network. Tags of every key in @keys
 * are recognised. Nothing happens when the keys are the ones we have.
 */
void
bn_discovery_set_keys (BnDiscovery *self,
                       GPtrArray   *keys)
{
  BnDiscoveryKeys *change;

  g_return_if_fail (keys->len > 0);
  if (self->owner_newest != NULL && self->owner_n_keys == keys->len
      && g_bytes_equal (self->owner_newest, g_ptr_array_index (keys, 0)))
    return;
  g_clear_pointer (&self->owner_newest, g_bytes_unref);
  self->owner_newest = g_bytes_ref (g_ptr_array_index (keys, 0));
  self->owner_n_keys = keys->len;
  if (self->thread == NULL)
    {
      g_clear_pointer (&self->keys, g_ptr_array_unref);
      self->keys = g_ptr_array_ref (keys);
      return;
    }
  change = g_new0 (BnDiscoveryKeys, 1);
  change->discovery = g_object_ref (self);
  change->keys = g_ptr_array_ref (keys);
  g_main_context_invoke_full (self->context, G_PRIORITY_DEFAULT,
                              _bn_discovery_avahi_keys_changed, change, discovery_keys_free);
}

/* Publishes our server's @port and starts looking for neighbours. */
void
bn_discovery_start (BnDiscovery *self,
                    guint16      port)
{
  guint8 token[6];
  g_autofree char *hex = NULL;

  g_return_if_fail (self->thread == NULL);
  randombytes_buf (token, sizeof token);
  hex = bn_hex_encode (token, sizeof token);
  /* Tests force a name to provoke a collision; nothing else should set it. */
  if (g_getenv ("BUURTNET_MDNS_NAME") != NULL)
    self->name = g_strdup (g_getenv ("BUURTNET_MDNS_NAME"));
  else
    self->name = g_strdup_printf ("buurtnet-%s", hex);
  self->port = port;
  self->owner = g_main_context_ref_thread_default ();
  self->context = g_main_context_new ();
  self->loop = g_main_loop_new (self->context, FALSE);
  self->thread = g_thread_new ("bn-avahi", _bn_discovery_avahi_thread, g_object_ref (self));
}

void
bn_discovery_stop (BnDiscovery *self)
{
  if (self->thread != NULL)
    {
      g_main_loop_quit (self->loop);
      g_thread_join (self->thread);
      self->thread = NULL;
    }
  g_clear_pointer (&self->loop, g_main_loop_unref);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_clear_pointer (&self->owner, g_main_context_unref);
  set_state_here (self, BN_AVAHI_STATE_DISABLED);
}

/* How many neighbours on the local network the node is linked with now (found by
 * mDNS, passed on by a neighbour, or calling us). While that covers every service
 * we browse, the remaining resolves can wait. */
void
bn_discovery_set_n_linked (BnDiscovery *self,
                           guint        n_linked)
{
  if (self->thread == NULL
      || (guint) g_atomic_int_exchange (&self->n_linked_wanted, n_linked) == n_linked)
    return;
  g_main_context_invoke_full (self->context, G_PRIORITY_DEFAULT,
                              _bn_discovery_avahi_n_linked_changed,
                              g_object_ref (self), g_object_unref);
}

BnAvahiState
bn_discovery_get_state (BnDiscovery *self)
{
  return self->state;
}
