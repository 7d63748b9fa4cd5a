/* bn-profile-item.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "bn-profile-item.h"

struct _BnProfileItem
{
  GObject parent_instance;

  BnProfile *profile;   /* Owned, never changed */
  gboolean   online;
};

G_DEFINE_FINAL_TYPE (BnProfileItem, bn_profile_item, G_TYPE_OBJECT)

enum { PROP_0, PROP_PEER_ID, PROP_NAME, PROP_ONLINE, N_PROPS };
static GParamSpec *properties[N_PROPS];

static void
bn_profile_item_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  BnProfileItem *self = BN_PROFILE_ITEM (object);

  switch (prop_id)
    {
    case PROP_PEER_ID:
      g_value_set_string (value, self->profile->peer_id);
      break;
    case PROP_NAME:
      g_value_set_string (value, self->profile->name);
      break;
    case PROP_ONLINE:
      g_value_set_boolean (value, self->online);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bn_profile_item_finalize (GObject *object)
{
  g_clear_pointer (&BN_PROFILE_ITEM (object)->profile, bn_profile_free);
  G_OBJECT_CLASS (bn_profile_item_parent_class)->finalize (object);
}

static void
bn_profile_item_class_init (BnProfileItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->get_property = bn_profile_item_get_property;
  object_class->finalize = bn_profile_item_finalize;

  properties[PROP_PEER_ID] = g_param_spec_string ("peer-id", NULL, NULL, NULL, flags);
  properties[PROP_NAME] = g_param_spec_string ("name", NULL, NULL, NULL, flags);
  properties[PROP_ONLINE] = g_param_spec_boolean ("online", NULL, NULL, FALSE, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
bn_profile_item_init (BnProfileItem *self)
{
}

/* @profile: (transfer full) */
BnProfileItem *
bn_profile_item_new (BnProfile *profile,
                     gboolean   online)
{
  BnProfileItem *self = g_object_new (BN_TYPE_PROFILE_ITEM, NULL);

  self->profile = profile;
  self->online = online;
  return self;
}

const BnProfile *
bn_profile_item_get_profile (BnProfileItem *self)
{
  return self->profile;
}

gboolean
bn_profile_item_get_online (BnProfileItem *self)
{
  return self->online;
}

/* Whether a row showing @self would look the same for @other: a profile is
 * replaced as a whole (the newest wins), so its time says whether it changed;
 * the connector role is on the roster and changes apart from it. */
gboolean
bn_profile_item_same (BnProfileItem *self,
                      BnProfileItem *other)
{
  const BnProfile *a = self->profile, *b = other->profile;

  return g_strcmp0 (a->peer_id, b->peer_id) == 0 && a->updated_ms == b->updated_ms
         && a->connector == b->connector
         && a->proximity == b->proximity && self->online == other->online;
}
