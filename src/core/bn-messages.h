/* bn-messages.h — reading conversations: the messages this neighbour sent or
 * was sent (docs/protocol.md §6.5), with what is unread
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>
#include "bn-store.h"

G_BEGIN_DECLS

/* One message, as one of its two parties reads it. */
typedef struct
{
  char    *id;
  char    *author;           /* peer ID */
  char    *author_name;
  char    *to;               /* peer ID */
  char    *to_name;
  char    *text;
  char    *about;            /* the post it is about (64 hex), or %NULL */
  gint64   created_ms;       /* the author's clock */
  gint64   expiry_ms;        /* 0: kept until deleted */
  gboolean mine;             /* I wrote it */
  gboolean unread;           /* written to me and not read here yet */
  gint64   proposes_ms;      /* 0, or the time it proposes to meet */
  char    *agrees;           /* the proposal it says yes to (64 hex), or %NULL */
  gint64   agreed_ms;        /* an answer's agreed time: its proposal's, when the
                              * other party wrote it and it is still here; else 0 */
  gboolean answered;         /* a proposal the other party said yes to */
} BnMessage;

/* A message to write. Strings are borrowed. */
typedef struct
{
  const char *to;            /* peer ID */
  const char *text;
  const char *about;         /* nullable: the post it is about */
  guint       expires_in_days; /* 0: kept until deleted */
  gint64      proposes_ms;   /* 0, or a time to propose */
  const char *agrees;        /* nullable: the other's proposal whose time suits me */
} BnMessageDraft;

/* A conversation with one neighbour. */
typedef struct
{
  char    *peer_id;
  char    *name;
  guint    n_messages;
  guint    n_unread;
  gint64   last_ms;
  char    *last_text;
} BnConversation;

void       bn_message_free          (BnMessage      *self);
void       bn_conversation_free     (BnConversation *self);
JsonNode  *bn_message_to_json       (const BnMessage      *self);
JsonNode  *bn_conversation_to_json  (const BnConversation *self);

GPtrArray *bn_store_list_conversations (BnStore      *self,
                                        const guint8  me[BN_PUBLIC_KEY_LEN]);
GPtrArray *bn_store_list_messages      (BnStore      *self,
                                        const guint8  me[BN_PUBLIC_KEY_LEN],
                                        const guint8  peer[BN_PUBLIC_KEY_LEN]);
BnMessage *bn_store_get_message        (BnStore      *self,
                                        const guint8  me[BN_PUBLIC_KEY_LEN],
                                        const guint8  id[BN_HASH_LEN]);
gboolean   bn_store_mark_messages_read (BnStore      *self,
                                        const guint8  me[BN_PUBLIC_KEY_LEN],
                                        const guint8  peer[BN_PUBLIC_KEY_LEN],
                                        GError      **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BnMessage, bn_message_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BnConversation, bn_conversation_free)

G_END_DECLS
