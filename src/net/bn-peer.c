/* bn-peer.c — a neighbour's machine as the peer manager knows it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "bn-peer-private.h"

struct _BnPeer
{
  GObject parent_instance;

  char         *address;
  char         *peer_id;
  BnPeerSource  source;
  gboolean      online;
  gint64        last_sync;
  guint64       entries_in;
  guint64       entries_out;
};

G_DEFINE_FINAL_TYPE (BnPeer, bn_peer, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ADDRESS,
  PROP_PEER_ID,
  PROP_ONLINE,
  PROP_LAST_SYNC,
  PROP_ENTRIES_IN,
  PROP_ENTRIES_OUT,
  PROP_SOURCE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
bn_peer_finalize (GObject *object)
{
  BnPeer *self = BN_PEER (object);

  g_clear_pointer (&self->address, g_free);
  g_clear_pointer (&self->peer_id, g_free);

  G_OBJECT_CLASS (bn_peer_parent_class)->finalize (object);
}

static void
bn_peer_get_property (GObject    *object,
                      guint       prop_id,
                      GValue     *value,
                      GParamSpec *pspec)
{
  BnPeer *self = BN_PEER (object);

  switch (prop_id)
    {
    case PROP_ADDRESS:
      g_value_set_string (value, self->address);
      break;
    case PROP_PEER_ID:
      g_value_set_string (value, self->peer_id);
      break;
    case PROP_ONLINE:
      g_value_set_boolean (value, self->online);
      break;
    case PROP_LAST_SYNC:
      g_value_set_int64 (value, self->last_sync);
      break;
    case PROP_ENTRIES_IN:
      g_value_set_uint64 (value, self->entries_in);
      break;
    case PROP_ENTRIES_OUT:
      g_value_set_uint64 (value, self->entries_out);
      break;
    case PROP_SOURCE:
      g_value_set_int (value, self->source);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bn_peer_class_init (BnPeerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = bn_peer_finalize;
  object_class->get_property = bn_peer_get_property;

  properties[PROP_ADDRESS] = g_param_spec_string ("address", NULL, NULL, NULL, flags);
  properties[PROP_PEER_ID] = g_param_spec_string ("peer-id", NULL, NULL, NULL, flags);
  properties[PROP_ONLINE] = g_param_spec_boolean ("online", NULL, NULL, FALSE, flags);
  properties[PROP_LAST_SYNC] = g_param_spec_int64 ("last-sync", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_ENTRIES_IN] = g_param_spec_uint64 ("entries-in", NULL, NULL, 0, G_MAXUINT64, 0, flags);
  properties[PROP_ENTRIES_OUT] = g_param_spec_uint64 ("entries-out", NULL, NULL, 0, G_MAXUINT64, 0, flags);
  /* A BnPeerSource. */
  properties[PROP_SOURCE] = g_param_spec_int ("source", NULL, NULL, 0, BN_PEER_SOURCE_STORED, 0, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
bn_peer_init (BnPeer *self)
{
}

BnPeer *
bn_peer_new (const char   *address,
             BnPeerSource  source)
{
  BnPeer *self = g_object_new (BN_TYPE_PEER, NULL);

  self->address = g_strdup (address);
  self->source = source;
  return self;
}

const char *
bn_peer_get_address (BnPeer *self)
{
  return self->address;
}

const char *
bn_peer_get_peer_id (BnPeer *self)
{
  return self->peer_id;
}

gboolean
bn_peer_get_online (BnPeer *self)
{
  return self->online;
}

gint64
bn_peer_get_last_sync (BnPeer *self)
{
  return self->last_sync;
}

guint64
bn_peer_get_entries_in (BnPeer *self)
{
  return self->entries_in;
}

guint64
bn_peer_get_entries_out (BnPeer *self)
{
  return self->entries_out;
}

BnPeerSource
bn_peer_get_source (BnPeer *self)
{
  return self->source;
}

void
bn_peer_set_peer_id (BnPeer     *self,
                     const char *peer_id)
{
  if (g_strcmp0 (self->peer_id, peer_id) == 0)
    return;
  g_free (self->peer_id);
  self->peer_id = g_strdup (peer_id);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PEER_ID]);
}

void
bn_peer_set_online (BnPeer   *self,
                    gboolean  online)
{
  if (self->online == !!online)
    return;
  self->online = !!online;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ONLINE]);
}

void
bn_peer_set_last_sync (BnPeer *self,
                       gint64  last_sync)
{
  if (self->last_sync == last_sync)
    return;
  self->last_sync = last_sync;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAST_SYNC]);
}

void
bn_peer_set_entries (BnPeer  *self,
                     guint64  in,
                     guint64  out)
{
  if (self->entries_in != in)
    {
      self->entries_in = in;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ENTRIES_IN]);
    }
  if (self->entries_out != out)
    {
      self->entries_out = out;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ENTRIES_OUT]);
    }
}

void
bn_peer_add_entries (BnPeer  *self,
                     guint64  in,
                     guint64  out)
{
  bn_peer_set_entries (self, self->entries_in + in, self->entries_out + out);
}

void
bn_peer_set_source (BnPeer       *self,
                    BnPeerSource  source)
{
  if (self->source == source)
    return;
  self->source = source;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SOURCE]);
}

static const char *const source_names[] = { "manual", "mdns", "incoming", "stored" };

const char *
bn_peer_source_to_string (BnPeerSource source)
{
  return source_names[source];
}

BnPeerSource
bn_peer_source_from_string (const char *text)
{
  for (guint i = 0; i < G_N_ELEMENTS (source_names); i++)
    if (g_strcmp0 (text, source_names[i]) == 0)
      return i;
  return BN_PEER_SOURCE_STORED;
}
