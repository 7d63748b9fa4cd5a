/* bn-events.h — reading meetups (docs/protocol.md §6.6): what is planned, who
 * comes, and with a capacity who is confirmed and who waits
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>
#include "bn-event-time.h"
#include "bn-store.h"

G_BEGIN_DECLS

/* What an organiser fills in. Strings are borrowed; for a change, %NULL (and
 * capacity -1) leaves a field as it is. */
typedef struct
{
  const char *title;
  const char *details;       /* nullable */
  const char *start;         /* ISO 8601; Brussels time unless it gives an offset */
  const char *end;
  const char *place;         /* in words: "the courtyard" */
  const char *category;      /* nullable: coffee, walk, workshop, info, party, repair, other */
  int         capacity;      /* -1: none given; 0: no limit */
  const char *repeat;        /* nullable: weekly, biweekly, monthly, monthly-nth */
  const char *until;         /* nullable: YYYY-MM-DD, at most a year after the start */
} BnEventDraft;

/* One neighbour's answer, as it stands (their newest RSVP). */
typedef struct
{
  char    *peer_id;
  char    *name;
  char    *answer;           /* yes, maybe, no */
  guint    guests;
  char    *state;            /* for yes: "confirmed" or "waitlisted"; else %NULL */
  gint64   since_ms;         /* for yes: when this run of yes answers began (its queue place) */
} BnRsvp;

typedef struct
{
  char    *id;
  char    *organiser;        /* peer ID */
  char    *organiser_name;
  char    *title;
  char    *details;
  char    *start;            /* ISO 8601, Brussels time with its offset */
  char    *end;
  gint64   start_ms;
  gint64   end_ms;
  char    *place;
  char    *category;
  guint    capacity;         /* 0: no limit */
  char    *repeat;           /* none, weekly, biweekly, monthly, monthly-nth */
  char    *until;            /* YYYY-MM-DD, or %NULL */
  gboolean cancelled;
  guint    changes;          /* how many times the organiser changed it */
  gint64   created_ms;
  gint64   updated_ms;
  gint64   next_start_ms;    /* the next meetup not over yet, or 0 when all are over */
  gint64   next_end_ms;
  guint    going;            /* people confirmed, guests included */
  guint    waiting;          /* people waitlisted, guests included */
  guint    maybe;
  char    *my_answer;        /* %NULL when I have not answered */
  gboolean my_answer_dated;  /* it answers for this date only, not every date */
  char    *date;             /* YYYY-MM-DD (Brussels): the date the answers are for, the
                              * next one, or the first when all are over */
  GPtrArray *rsvps;          /* (element-type BnRsvp): yes in queue order, then maybe, then no */
} BnEvent;

/* Kinds of meetup: coffee, walk, workshop, info, party, repair, other. */
gboolean           bn_event_category_is_valid (const char *category);
const char *const *bn_event_category_ids      (void);
const char        *bn_event_category_label    (const char *category);

void       bn_rsvp_free         (BnRsvp  *self);
void       bn_event_free        (BnEvent *self);
JsonNode  *bn_event_to_json     (const BnEvent *self,
                                 gboolean       with_occurrences);

GPtrArray *bn_store_list_events (BnStore      *self,
                                 const guint8  me[BN_PUBLIC_KEY_LEN],
                                 gint64        now_ms);
BnEvent   *bn_store_get_event_on (BnStore     *self,
                                 const guint8  me[BN_PUBLIC_KEY_LEN],
                                 const guint8  id[BN_HASH_LEN],
                                 gint64        now_ms,
                                 const char   *date);
BnEvent   *bn_store_get_event   (BnStore      *self,
                                 const guint8  me[BN_PUBLIC_KEY_LEN],
                                 const guint8  id[BN_HASH_LEN],
                                 gint64        now_ms);
char      *bn_event_to_ics      (const BnEvent *self,
                                 gint64         now_ms);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BnEvent, bn_event_free)

G_END_DECLS
