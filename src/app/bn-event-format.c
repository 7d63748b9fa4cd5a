/* bn-event-format.c — days, times and meetups in words
 *
 * The names of days and months come from bn-date-words.c, the one place
 * for dates in words: the app speaks the language it was started in
 * (LANGUAGE), whatever LC_TIME says.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "bn-event-format.h"
#include "bn-date-words.h"
#include "bn-event-time.h"

#include <glib/gi18n.h>

/* "Saturday 5 December", "samedi 5 décembre", "mardi 1er décembre" */
char *
bn_event_format_day (GDateTime *when)
{
  return bn_date_words_day (when);
}

/* The quick reply that proposes a time: "Would Saturday 5 December at 10:00 suit you?" */
char *
bn_event_format_proposal (GDateTime *when)
{
  g_autofree char *day = bn_event_format_day (when);
  g_autofree char *time = g_date_time_format (when, "%H:%M");

  /* Translators: a proposal in a conversation; %1$s is a day ("Saturday 5
   * December"), %2$s a time ("10:00") */
  return g_strdup_printf (_("Would %1$s at %2$s suit you?"), day, time);
}

/* Brussels wall-clock time of @ms, by the protocol's own rule (no tz files). */
static GDateTime *
brussels_wall_clock (gint64 ms)
{
  gint64 s = ms / 1000;

  return g_date_time_new_from_unix_utc (s + bn_brussels_offset_s (s));
}

/* "Saturday 5 December at 10:00", Brussels time */
char *
bn_event_format_moment (gint64 ms)
{
  g_autoptr(GDateTime) when = brussels_wall_clock (ms);
  g_autofree char *day = bn_event_format_day (when);
  g_autofree char *time = g_date_time_format (when, "%H:%M");

  /* Translators: a moment: %1$s is a day ("Saturday 5 December"), %2$s a time ("10:00") */
  return g_strdup_printf (_("%1$s at %2$s"), day, time);
}

/* The answer "That Suits Me" sends: "That suits me: Saturday 5 December at 10:00." */
char *
bn_event_format_agreement (gint64 ms)
{
  g_autoptr(GDateTime) when = brussels_wall_clock (ms);
  g_autofree char *day = bn_event_format_day (when);
  g_autofree char *time = g_date_time_format (when, "%H:%M");

  /* Translators: the answer to a proposed time, sent as a message; %1$s is a
   * day ("Saturday 5 December"), %2$s a time ("10:00") */
  return g_strdup_printf (_("That suits me: %1$s at %2$s."), day, time);
}

/* The instant of @when's wall-clock day and time, read as Brussels time. */
gint64
bn_event_format_brussels_ms (GDateTime *when)
{
  g_autofree char *text = g_date_time_format (when, "%Y-%m-%dT%H:%M:%S");
  gint64 ms = 0;

  return text != NULL && bn_event_time_parse (text, &ms) ? ms : 0;
}

static GDateTime *
local_time (gint64 ms)
{
  g_autoptr(GTimeZone) brussels = g_time_zone_new_identifier ("Europe/Brussels");
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (ms / 1000);

  return g_date_time_to_timezone (utc, brussels ? brussels : g_time_zone_new_local ());
}

/* "Saturday 5 December, 10:00–12:00": the next date, or the first when all are over. */
char *
bn_event_format_when (const BnEvent *event)
{
  gint64 start_ms = event->next_start_ms > 0 ? event->next_start_ms : event->start_ms;
  gint64 end_ms = event->next_start_ms > 0 ? event->next_end_ms : event->end_ms;
  g_autoptr(GDateTime) start = local_time (start_ms);
  g_autoptr(GDateTime) end = local_time (end_ms);
  g_autofree char *day = bn_event_format_day (start);
  /* Word joiners (U+2060) keep "10:00–12:00" on one line where it wraps. */
  g_autofree char *from = g_date_time_format (start, "%H:%M\u2060");
  g_autofree char *to = g_date_time_format (end, "\u2060%H:%M");

  /* Translators: when a meetup is: "Saturday 5 December, 10:00–12:00" */
  return g_strdup_printf (_("%1$s, %2$s–%3$s"), day, from, to);
}

/* "5 coming, 2 on the waiting list, 1 maybe" */
char *
bn_event_format_who (const BnEvent *event)
{
  GString *words = g_string_new (NULL);

  if (event->capacity > 0)
    g_string_append_printf (words, g_dngettext (GETTEXT_PACKAGE, "%u of %u place taken",
                                                "%u of %u places taken", event->going),
                            event->going, event->capacity);
  else
    g_string_append_printf (words, g_dngettext (GETTEXT_PACKAGE, "%u coming", "%u coming", event->going),
                            event->going);
  if (event->waiting > 0)
    {
      g_string_append (words, ", ");
      g_string_append_printf (words, g_dngettext (GETTEXT_PACKAGE, "%u on the waiting list",
                                                  "%u on the waiting list", event->waiting),
                              event->waiting);
    }
  if (event->maybe > 0)
    {
      g_string_append (words, ", ");
      g_string_append_printf (words, g_dngettext (GETTEXT_PACKAGE, "%u maybe", "%u maybe", event->maybe),
                              event->maybe);
    }
  return g_string_free (words, FALSE);
}

const char *
bn_event_format_repeat (const char *repeat)
{
  if (g_strcmp0 (repeat, "weekly") == 0)
    return _("Every week");
  if (g_strcmp0 (repeat, "biweekly") == 0)
    return _("Every two weeks");
  if (g_strcmp0 (repeat, "monthly") == 0)
    return _("Every month, on the same date");
  if (g_strcmp0 (repeat, "monthly-nth") == 0)
    return _("Every month, on the same weekday");
  return _("Once");
}
