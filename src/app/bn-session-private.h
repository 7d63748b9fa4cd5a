/* bn-session-private.h — what the session's files share
 *
 * bn-session.c: life cycle, properties, the peer, noticing changes.
 * bn-session-models.c: the list models and their refresh.
 * bn-session-writes.c: what a person does that writes, on the node's writer.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "bn-session.h"

G_BEGIN_DECLS

struct _BnSession
{
  GObject parent_instance;

  /* Owned */
  BnHome        *home;
  BnSyncNode    *node;            /* runs once there is a neighbourhood */
  char          *peer_id;
  GMainContext  *context;
  guint64        data_version;
  gint           stale;           /* atomic: the store changed since the last refresh */

  /* The peer, as bn_session_start_peer() asked for it */
  gboolean       peer_wanted;
  int            peer_port;
  gboolean       use_mdns;
  GStrv          peer_addresses;

  /* What the properties say */
  gboolean       has_hood;
  gboolean       joining;         /* asking neighbours' peers to let us in */
  BnMemberStatus standing;        /* my place on my own roster */
  char          *standing_reason; /* a removal's reason, if one was given */
  gboolean       is_connector;
  BnProfileItem *my_profile;
  gboolean       sharing;
  guint          n_online;
  gint64         last_sync;
  BnAvahiState   avahi_state;
  guint          port;
  GStrv          online;          /* peer IDs connected right now */
  gint64         now_ms;          /* a fixed clock (tests, screenshots), or 0 */

  /* The models */
  GListStore    *posts;           /* BnPostItem: every post I can read */
  GListStore    *requests;        /* BnPostItem: as the Requests page lists them */
  GListStore    *offers;          /* BnPostItem: as the Offers page lists them */
  GHashTable    *post_items;      /* post ID → BnPostItem */
  GListStore    *neighbours;      /* BnProfileItem, near to far, me included */
  GListStore    *waiting;         /* BnWaitingItem */
  GListStore    *stats;           /* BnStatsItem */
  /* Posts still to read after the first screen's (bn-session-models.c) */
  GArray        *load_keys;       /* BnPostKey, in the lists' order; NULL once all are read */
  guint          load_next;       /* the first of load_keys not read yet */
  GPtrArray     *load_items;      /* BnPostItem: read, not in the models yet */
  guint          load_id;         /* the idle that reads the next few hundred */
};

typedef enum {
  BN_SESSION_PROP_0,
  BN_SESSION_PROP_HOME,
  BN_SESSION_PROP_SYNC_NODE,
  BN_SESSION_PROP_PEER_ID,
  BN_SESSION_PROP_HOOD_NAME,
  BN_SESSION_PROP_HAS_HOOD,
  BN_SESSION_PROP_JOINING,
  BN_SESSION_PROP_STANDING,
  BN_SESSION_PROP_IS_CONNECTOR,
  BN_SESSION_PROP_MY_PROFILE,
  BN_SESSION_PROP_SHARING,
  BN_SESSION_PROP_N_ONLINE,
  BN_SESSION_PROP_LAST_SYNC,
  BN_SESSION_PROP_AVAHI_STATE,
  BN_SESSION_PROP_PORT,
  BN_SESSION_PROP_PEERS,
  BN_SESSION_PROP_NOW,
  BN_SESSION_PROP_POSTS,
  BN_SESSION_PROP_REQUESTS,
  BN_SESSION_PROP_OFFERS,
  BN_SESSION_PROP_NEIGHBOURS,
  BN_SESSION_PROP_WAITING_REQUESTS,
  BN_SESSION_PROP_CATEGORY_STATS,
  BN_SESSION_PROP_LOADING,
  BN_SESSION_N_PROPS
} BnSessionProperty;

void     _bn_session_notify              (BnSession           *self,
                                         BnSessionProperty    prop);
void     _bn_session_mark_stale          (BnSession           *self);
void     _bn_session_start_joining       (BnSession           *self);
void     _bn_session_reopen_home_async   (BnSession           *self,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data);
gboolean _bn_session_reopen_home_finish  (BnSession           *self,
                                         GAsyncResult        *result,
                                         GError             **error);

/* bn-session-models.c */
void     _bn_session_models_init         (BnSession           *self);
void     _bn_session_models_clear        (BnSession           *self);
void     _bn_session_reload              (BnSession           *self);
void     _bn_session_load                (BnSession           *self);
void     _bn_session_update_online       (BnSession           *self);

G_END_DECLS
