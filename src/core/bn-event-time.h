/* bn-event-time.h — meetup times: Europe/Brussels wall-clock time, repetition,
 * and the .ics file a calendar reads (RFC 5545)
 *
 * Brussels time follows the EU rule (CET, UTC+1; CEST, UTC+2 from the last
 * Sunday of March to the last Sunday of October, changing at 01:00 UTC), worked
 * out here rather than from the system's time zone files, so every peer
 * repeats a meetup at the same instants whatever its system holds.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* How a meetup repeats (docs/protocol.md §6.6). */
typedef enum {
  BN_REPEAT_NONE,
  BN_REPEAT_WEEKLY,
  BN_REPEAT_BIWEEKLY,
  BN_REPEAT_MONTHLY,       /* on the same day of the month */
  BN_REPEAT_MONTHLY_NTH,   /* on the same Nth weekday of the month */
} BnRepeat;

/* One occurrence: instants in ms since the Unix epoch. */
typedef struct
{
  gint64 start_ms;
  gint64 end_ms;
} BnOccurrence;

BnRepeat  bn_repeat_from_string          (const char *text);
const char *bn_repeat_to_string          (BnRepeat    repeat);

int       bn_brussels_offset_s           (gint64      unix_s);
gboolean  bn_event_time_parse            (const char *text,
                                          gint64     *ms);
char     *bn_event_time_format           (gint64      ms);
gboolean  bn_event_date_parse            (const char *text,
                                          GDate      *date);
char     *bn_event_date_of               (gint64      ms);

GArray   *bn_event_occurrences           (gint64      start_ms,
                                          gint64      end_ms,
                                          BnRepeat    repeat,
                                          const GDate *until,
                                          gint64      from_ms,
                                          guint       max);

/* What an .ics file says of one meetup. Strings are borrowed. */
typedef struct
{
  const char *uid;
  const char *title;
  const char *details;      /* nullable */
  const char *place;        /* nullable */
  const char *category;     /* nullable: a label */
  gint64      start_ms;
  gint64      end_ms;
  BnRepeat    repeat;
  const GDate *until;       /* nullable */
  gboolean    cancelled;
  guint       sequence;     /* how many times the organiser changed it */
  gint64      stamp_ms;     /* when the file is written */
  const char *reminder;     /* the alarms' text */
} BnIcsEvent;

char     *bn_ics_write                   (const BnIcsEvent *event);

G_END_DECLS
