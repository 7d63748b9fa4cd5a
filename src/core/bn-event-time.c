/* bn-event-time.c — meetup times in Europe/Brussels, repetition, and .ics files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "bn-event-time.h"

#include <stdio.h>
#include <string.h>

#define DAY_S (G_GINT64_CONSTANT (24) * 3600)
/* Repetition goes at most a year ahead of the first meetup. */
#define MAX_REPEAT_DAYS 366

static const char *const repeat_names[] = {
  [BN_REPEAT_NONE] = "none",
  [BN_REPEAT_WEEKLY] = "weekly",
  [BN_REPEAT_BIWEEKLY] = "biweekly",
  [BN_REPEAT_MONTHLY] = "monthly",
  [BN_REPEAT_MONTHLY_NTH] = "monthly-nth",
};

BnRepeat
bn_repeat_from_string (const char *text)
{
  for (guint i = BN_REPEAT_WEEKLY; text != NULL && i < G_N_ELEMENTS (repeat_names); i++)
    if (g_str_equal (text, repeat_names[i]))
      return (BnRepeat) i;
  return BN_REPEAT_NONE;
}

const char *
bn_repeat_to_string (BnRepeat repeat)
{
  return repeat_names[repeat];
}

/* Days from 1970-01-01 to @date. */
static gint64
epoch_days (const GDate *date)
{
  static guint32 epoch = 0;

  if (epoch == 0)
    {
      GDate e;
      g_date_clear (&e, 1);
      g_date_set_dmy (&e, 1, G_DATE_JANUARY, 1970);
      epoch = g_date_get_julian (&e);
    }
  return (gint64) g_date_get_julian (date) - epoch;
}

static void
date_from_epoch_days (GDate *date, gint64 days)
{
  GDate e;

  g_date_clear (&e, 1);
  g_date_set_dmy (&e, 1, G_DATE_JANUARY, 1970);
  g_date_clear (date, 1);
  g_date_set_julian (date, g_date_get_julian (&e) + (guint32) days);
}

/* 01:00 UTC on the last Sunday of @month, in seconds since the epoch. */
static gint64
change_instant (int year, GDateMonth month)
{
  GDate d;

  g_date_clear (&d, 1);
  g_date_set_dmy (&d, g_date_get_days_in_month (month, (GDateYear) year), month, (GDateYear) year);
  g_date_subtract_days (&d, g_date_get_weekday (&d) % 7);   /* Sunday is 7 */
  return epoch_days (&d) * DAY_S + 3600;
}

/**
 * bn_brussels_offset_s:
 *
 * Returns: Brussels' offset from UTC at @unix_s, in seconds (3600 or 7200)
 */
int
bn_brussels_offset_s (gint64 unix_s)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (unix_s);
  int year = utc ? g_date_time_get_year (utc) : 1970;

  if (unix_s >= change_instant (year, G_DATE_MARCH) && unix_s < change_instant (year, G_DATE_OCTOBER))
    return 7200;
  return 3600;
}

/* The instant a Brussels wall-clock time names. In the autumn's repeated hour
 * the first (summer) one; in the spring's missing hour, the same clock time
 * in summer time, an hour on. */
static gint64
brussels_to_unix (gint64 wall_s)
{
  if (bn_brussels_offset_s (wall_s - 7200) == 7200)
    return wall_s - 7200;
  return wall_s - 3600;
}

/**
 * bn_event_time_parse:
 * @text: ISO 8601 date and time: with an offset or `Z` it names that instant;
 *   without one it is Brussels time
 *
 * Returns: %TRUE with the instant in @ms, or %FALSE when @text is no time
 */
gboolean
bn_event_time_parse (const char *text,
                     gint64     *ms)
{
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  g_autoptr(GDateTime) dt = NULL;
  g_autofree char *full = NULL;
  gsize len = text ? strlen (text) : 0, zone;
  gboolean has_zone;

  if (len < 16 || text[10] != 'T')
    return FALSE;
  has_zone = text[len - 1] == 'Z' || text[len - 6] == '+' || text[len - 6] == '-';
  zone = text[len - 1] == 'Z' ? len - 1 : has_zone ? len - 6 : len;
  /* GLib wants seconds; people write 10:00. */
  if (zone == 16)
    full = g_strdup_printf ("%.16s:00%s", text, text + 16);
  dt = g_date_time_new_from_iso8601 (full ? full : text, has_zone ? NULL : utc);
  if (dt == NULL)
    return FALSE;
  if (has_zone)
    *ms = g_date_time_to_unix (dt) * 1000;
  else
    *ms = brussels_to_unix (g_date_time_to_unix (dt)) * 1000;
  return TRUE;
}

/* Returns: (transfer full): @ms as Brussels time with its offset,
 * 2026-10-24T10:00:00+02:00 */
char *
bn_event_time_format (gint64 ms)
{
  gint64 s = ms / 1000;
  int offset = bn_brussels_offset_s (s);
  g_autoptr(GDateTime) wall = g_date_time_new_from_unix_utc (s + offset);
  g_autofree char *text = wall ? g_date_time_format (wall, "%Y-%m-%dT%H:%M:%S") : NULL;

  return g_strdup_printf ("%s+%02d:00", text ? text : "?", offset / 3600);
}

/* Returns: (transfer full): the Brussels date of @ms, YYYY-MM-DD */
char *
bn_event_date_of (gint64 ms)
{
  gint64 s = ms / 1000;
  g_autoptr(GDateTime) wall = g_date_time_new_from_unix_utc (s + bn_brussels_offset_s (s));

  return wall != NULL ? g_date_time_format (wall, "%Y-%m-%d") : g_strdup ("?");
}

/* A date, YYYY-MM-DD. */
gboolean
bn_event_date_parse (const char *text,
                     GDate      *date)
{
  unsigned y, m, d;
  char end;

  g_date_clear (date, 1);
  if (text == NULL || strlen (text) != 10 || sscanf (text, "%4u-%2u-%2u%c", &y, &m, &d, &end) != 3)
    return FALSE;
  if (!g_date_valid_dmy ((GDateDay) d, (GDateMonth) m, (GDateYear) y))
    return FALSE;
  g_date_set_dmy (date, (GDateDay) d, (GDateMonth) m, (GDateYear) y);
  return TRUE;
}

/* The Nth @weekday of a month, or FALSE when it has none (a fifth one). */
static gboolean
nth_weekday (GDate *date, int year, int month, GDateWeekday weekday, int n)
{
  GDate first;
  int day;

  g_date_clear (&first, 1);
  g_date_set_dmy (&first, 1, (GDateMonth) month, (GDateYear) year);
  day = 1 + ((int) weekday - (int) g_date_get_weekday (&first) + 7) % 7 + 7 * (n - 1);
  if (day > g_date_get_days_in_month ((GDateMonth) month, (GDateYear) year))
    return FALSE;
  g_date_clear (date, 1);
  g_date_set_dmy (date, (GDateDay) day, (GDateMonth) month, (GDateYear) year);
  return TRUE;
}

/* The day of the @k-th meetup after the first on @first; FALSE when that
 * month has no such day (the 31st, a fifth Tuesday): it is skipped. */
static gboolean
nth_day (GDate *day, const GDate *first, BnRepeat repeat, guint k)
{
  int months = g_date_get_month (first) - 1 + (int) k;
  int year = g_date_get_year (first) + months / 12;
  int month = months % 12 + 1;

  switch (repeat)
    {
    case BN_REPEAT_WEEKLY:
    case BN_REPEAT_BIWEEKLY:
      *day = *first;
      g_date_add_days (day, k * (repeat == BN_REPEAT_WEEKLY ? 7 : 14));
      return TRUE;
    case BN_REPEAT_MONTHLY:
      if (g_date_get_day (first) > g_date_get_days_in_month ((GDateMonth) month, (GDateYear) year))
        return FALSE;
      g_date_clear (day, 1);
      g_date_set_dmy (day, g_date_get_day (first), (GDateMonth) month, (GDateYear) year);
      return TRUE;
    case BN_REPEAT_MONTHLY_NTH:
      return nth_weekday (day, year, month, g_date_get_weekday (first),
                          (g_date_get_day (first) - 1) / 7 + 1);
    case BN_REPEAT_NONE:
    default:
      *day = *first;
      return k == 0;
    }
}

/**
 * bn_event_occurrences:
 * @until: (nullable): the last day a repeating meetup may fall on (Brussels);
 *   at most a year after the first, which is also the limit without one
 * @from_ms: leave out the meetups that ended before this instant
 * @max: at most this many
 *
 * Each meetup keeps the first one's Brussels wall-clock time and its length,
 * across changes between summer and winter time.
 *
 * Returns: (transfer full) (element-type BnOccurrence)
 */
GArray *
bn_event_occurrences (gint64       start_ms,
                      gint64       end_ms,
                      BnRepeat     repeat,
                      const GDate *until,
                      gint64       from_ms,
                      guint        max)
{
  GArray *list = g_array_new (FALSE, FALSE, sizeof (BnOccurrence));
  gint64 wall = start_ms / 1000 + bn_brussels_offset_s (start_ms / 1000);
  gint64 time_of_day = ((wall % DAY_S) + DAY_S) % DAY_S;
  gint64 length = MAX (end_ms - start_ms, 0);
  GDate first, last, day;

  date_from_epoch_days (&first, (wall - time_of_day) / DAY_S);
  last = first;
  g_date_add_days (&last, MAX_REPEAT_DAYS);
  if (until != NULL && g_date_valid (until) && g_date_compare (until, &last) < 0)
    last = *until;

  for (guint k = 0; list->len < max && k < 60; k++)
    {
      BnOccurrence o;

      if (!nth_day (&day, &first, repeat, k))
        {
          if (repeat == BN_REPEAT_NONE)
            break;
          continue;
        }
      if (k > 0 && g_date_compare (&day, &last) > 0)
        break;
      o.start_ms = brussels_to_unix (epoch_days (&day) * DAY_S + time_of_day) * 1000;
      if (k == 0)
        o.start_ms = start_ms;
      o.end_ms = o.start_ms + length;
      if (o.end_ms >= from_ms)
        g_array_append_val (list, o);
    }
  return list;
}

/* .ics (RFC 5545) */

/* Europe/Brussels as calendars expect it, with the EU rule since 1996. */
static const char vtimezone[] =
  "BEGIN:VTIMEZONE\r\n"
  "TZID:Europe/Brussels\r\n"
  "BEGIN:DAYLIGHT\r\n"
  "TZOFFSETFROM:+0100\r\n"
  "TZOFFSETTO:+0200\r\n"
  "TZNAME:CEST\r\n"
  "DTSTART:19810329T020000\r\n"
  "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU\r\n"
  "END:DAYLIGHT\r\n"
  "BEGIN:STANDARD\r\n"
  "TZOFFSETFROM:+0200\r\n"
  "TZOFFSETTO:+0100\r\n"
  "TZNAME:CET\r\n"
  "DTSTART:19961027T030000\r\n"
  "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU\r\n"
  "END:STANDARD\r\n"
  "END:VTIMEZONE\r\n";

/* Appends one content line, folded at 75 octets without splitting a UTF-8
 * character (RFC 5545 §3.1). */
static void
add_line (GString *out, const char *line)
{
  gsize len = strlen (line), col = 0;

  for (gsize i = 0; i < len;)
    {
      gsize n = 1;
      while (i + n < len && (line[i + n] & 0xc0) == 0x80)
        n++;
      if (col + n > 75)
        {
          g_string_append (out, "\r\n ");
          col = 1;
        }
      g_string_append_len (out, line + i, n);
      col += n;
      i += n;
    }
  g_string_append (out, "\r\n");
}

static void G_GNUC_PRINTF (2, 3)
add_printf (GString *out, const char *format, ...)
{
  g_autofree char *line = NULL;
  va_list args;

  va_start (args, format);
  line = g_strdup_vprintf (format, args);
  va_end (args);
  add_line (out, line);
}

static char *
escape_text (const char *text)
{
  GString *out = g_string_new (NULL);

  for (const char *p = text; p != NULL && *p; p++)
    switch (*p)
      {
      case '\\': g_string_append (out, "\\\\"); break;
      case ';':  g_string_append (out, "\\;"); break;
      case ',':  g_string_append (out, "\\,"); break;
      case '\n': g_string_append (out, "\\n"); break;
      case '\r': break;
      default:   g_string_append_c (out, *p);
      }
  return g_string_free (out, FALSE);
}

static void
add_text (GString *out, const char *name, const char *text)
{
  g_autofree char *escaped = NULL, *line = NULL;

  if (text == NULL || *text == '\0')
    return;
  escaped = escape_text (text);
  line = g_strconcat (name, ":", escaped, NULL);
  add_line (out, line);
}

static char *
format_utc (gint64 s)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (s);
  return g_date_time_format (dt, "%Y%m%dT%H%M%SZ");
}

static char *
format_brussels (gint64 s)
{
  g_autoptr(GDateTime) wall = g_date_time_new_from_unix_utc (s + bn_brussels_offset_s (s));
  return g_date_time_format (wall, "%Y%m%dT%H%M%S");
}

static const char *const ics_days[] = { "", "MO", "TU", "WE", "TH", "FR", "SA", "SU" };

static void
add_rrule (GString *out, const BnIcsEvent *e)
{
  g_autoptr(GString) rule = g_string_new ("RRULE:");
  gint64 s = e->start_ms / 1000;
  g_autoptr(GDateTime) wall = g_date_time_new_from_unix_utc (s + bn_brussels_offset_s (s));
  int day = g_date_time_get_day_of_month (wall);
  GDate last;

  switch (e->repeat)
    {
    case BN_REPEAT_WEEKLY:
      g_string_append (rule, "FREQ=WEEKLY");
      break;
    case BN_REPEAT_BIWEEKLY:
      g_string_append (rule, "FREQ=WEEKLY;INTERVAL=2");
      break;
    case BN_REPEAT_MONTHLY:
      g_string_append_printf (rule, "FREQ=MONTHLY;BYMONTHDAY=%d", day);
      break;
    case BN_REPEAT_MONTHLY_NTH:
      g_string_append_printf (rule, "FREQ=MONTHLY;BYDAY=%d%s", (day - 1) / 7 + 1,
                              ics_days[g_date_time_get_day_of_week (wall)]);
      break;
    case BN_REPEAT_NONE:
    default:
      return;
    }
  /* UNTIL is in UTC when DTSTART has a TZID: the end of the last day, Brussels time. */
  date_from_epoch_days (&last, (s + bn_brussels_offset_s (s)) / DAY_S);
  g_date_add_days (&last, MAX_REPEAT_DAYS);
  if (e->until != NULL && g_date_valid (e->until) && g_date_compare (e->until, &last) < 0)
    last = *e->until;
  {
    g_autofree char *until = format_utc (brussels_to_unix (epoch_days (&last) * DAY_S + DAY_S - 1));
    g_string_append_printf (rule, ";UNTIL=%s", until);
  }
  add_line (out, rule->str);
}

static void
add_alarm (GString *out, const char *trigger, const char *text)
{
  add_line (out, "BEGIN:VALARM");
  add_line (out, "ACTION:DISPLAY");
  add_text (out, "DESCRIPTION", text);
  add_line (out, trigger);
  add_line (out, "END:VALARM");
}

/**
 * bn_ics_write:
 *
 * One meetup as an iCalendar file: its times in Europe/Brussels (with the
 * zone's rules), its repetition, and reminders a day and an hour before.
 *
 * Returns: (transfer full): the file's text, CRLF line ends
 */
char *
bn_ics_write (const BnIcsEvent *e)
{
  GString *out = g_string_new (NULL);
  g_autofree char *stamp = format_utc (e->stamp_ms / 1000);
  g_autofree char *start = format_brussels (e->start_ms / 1000);
  g_autofree char *end = format_brussels (MAX (e->end_ms, e->start_ms) / 1000);

  add_line (out, "BEGIN:VCALENDAR");
  add_line (out, "VERSION:2.0");
  add_line (out, "PRODID:-//Buurtnet//Buurtnet//EN");
  add_line (out, "CALSCALE:GREGORIAN");
  add_line (out, "METHOD:PUBLISH");
  g_string_append (out, vtimezone);
  add_line (out, "BEGIN:VEVENT");
  add_printf (out, "UID:%s@buurtnet", e->uid);
  add_printf (out, "DTSTAMP:%s", stamp);
  add_printf (out, "DTSTART;TZID=Europe/Brussels:%s", start);
  add_printf (out, "DTEND;TZID=Europe/Brussels:%s", end);
  add_rrule (out, e);
  add_text (out, "SUMMARY", e->title);
  add_text (out, "DESCRIPTION", e->details);
  add_text (out, "LOCATION", e->place);
  add_text (out, "CATEGORIES", e->category);
  add_line (out, e->cancelled ? "STATUS:CANCELLED" : "STATUS:CONFIRMED");
  add_printf (out, "SEQUENCE:%u", e->sequence);
  if (!e->cancelled)
    {
      add_alarm (out, "TRIGGER:-P1D", e->reminder ? e->reminder : e->title);
      add_alarm (out, "TRIGGER:-PT1H", e->reminder ? e->reminder : e->title);
    }
  add_line (out, "END:VEVENT");
  add_line (out, "END:VCALENDAR");
  return g_string_free (out, FALSE);
}
