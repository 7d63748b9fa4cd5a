/* bn-date-words.c — days and months in the app's own language
 *
 * The names of days and months come from our own catalogue, never from
 * g_date_time_format()'s %A and %B: those follow the C library's LC_TIME (the
 * system's language, or C in the tests), while the app speaks the language it
 * was started in (LANGUAGE). Every date the app and buurtnet-cli show in words
 * comes from here; it lives in the core, without GTK, so that both can use it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "bn-date-words.h"

#include <glib/gi18n-lib.h>

static const char *const weekdays[] = {
  NC_("weekday", "Monday"), NC_("weekday", "Tuesday"), NC_("weekday", "Wednesday"),
  NC_("weekday", "Thursday"), NC_("weekday", "Friday"), NC_("weekday", "Saturday"),
  NC_("weekday", "Sunday"),
};

/* Translators: the short weekdays, on a button that has little room ("Tue 1 Dec") */
static const char *const short_weekdays[] = {
  NC_("short weekday", "Mon"), NC_("short weekday", "Tue"), NC_("short weekday", "Wed"),
  NC_("short weekday", "Thu"), NC_("short weekday", "Fri"), NC_("short weekday", "Sat"),
  NC_("short weekday", "Sun"),
};

static const char *const months[] = {
  NC_("month", "January"), NC_("month", "February"), NC_("month", "March"),
  NC_("month", "April"), NC_("month", "May"), NC_("month", "June"), NC_("month", "July"),
  NC_("month", "August"), NC_("month", "September"), NC_("month", "October"),
  NC_("month", "November"), NC_("month", "December"),
};

/* Translators: the short months, on a button or a chart's axis ("Tue 1 Dec") */
static const char *const short_months[] = {
  NC_("short month", "Jan"), NC_("short month", "Feb"), NC_("short month", "Mar"),
  NC_("short month", "Apr"), NC_("short month", "May"), NC_("short month", "Jun"),
  NC_("short month", "Jul"), NC_("short month", "Aug"), NC_("short month", "Sep"),
  NC_("short month", "Oct"), NC_("short month", "Nov"), NC_("short month", "Dec"),
};

/* A list of names and the context its NC_() marks them with, which reading
 * them back needs again. */
typedef struct
{
  const char        *context;
  const char *const *names;
} NameList;

static const NameList weekday_names = { "weekday", weekdays };
static const NameList short_weekday_names = { "short weekday", short_weekdays };
static const NameList month_names = { "month", months };
static const NameList short_month_names = { "short month", short_months };

static const char *
name_in (const NameList *list, guint i)
{
  return g_dpgettext2 (GETTEXT_PACKAGE, list->context, list->names[i]);
}

static const char *
weekday_name (GDateTime *day, gboolean short_name)
{
  return name_in (short_name ? &short_weekday_names : &weekday_names,
                  (guint) g_date_time_get_day_of_week (day) - 1);
}

static const char *
month_name (GDateTime *day, gboolean short_name)
{
  return name_in (short_name ? &short_month_names : &month_names,
                  (guint) g_date_time_get_month (day) - 1);
}

/* The day of the month (never padded) and @month; the first of a month has a
 * message of its own, as French says "1er décembre". */
static char *
day_and_month (GDateTime *day, const char *month)
{
  int day_of_month = g_date_time_get_day_of_month (day);

  if (day_of_month == 1)
    /* Translators: the first day of a month: "1 December" (%1$d is 1, %2$s the
     * month); French says "1er décembre" */
    return g_strdup_printf (C_("the first of a month", "%1$d %2$s"), day_of_month, month);
  /* Translators: a day of a month: "12 December" (%1$d the day, %2$s the month) */
  return g_strdup_printf (C_("a day of a month", "%1$d %2$s"), day_of_month, month);
}

/**
 * bn_date_words_date:
 *
 * Returns: (transfer full): "12 December", "1er décembre"
 */
char *
bn_date_words_date (GDateTime *day)
{
  return day_and_month (day, month_name (day, FALSE));
}

/**
 * bn_date_words_day:
 *
 * Returns: (transfer full): "Tuesday 1 December", "mardi 1er décembre"
 */
char *
bn_date_words_day (GDateTime *day)
{
  g_autofree char *date = bn_date_words_date (day);

  /* Translators: a day: "Tuesday 1 December" (%1$s the weekday, %2$s the date,
   * "1 December") */
  return g_strdup_printf (C_("weekday and date", "%1$s %2$s"), weekday_name (day, FALSE), date);
}

/**
 * bn_date_words_short_day:
 *
 * Returns: (transfer full): "Tue 1 Dec", "mar. 1er déc."
 */
char *
bn_date_words_short_day (GDateTime *day)
{
  g_autofree char *date = day_and_month (day, month_name (day, TRUE));

  /* Translators: a day where there is little room: "Tue 1 Dec" (%1$s the short
   * weekday, %2$s the date, "1 Dec") */
  return g_strdup_printf (C_("short weekday and date", "%1$s %2$s"), weekday_name (day, TRUE),
                          date);
}

/* Returns: (transfer none): "Dec" */
const char *
bn_date_words_short_month (GDateTime *day)
{
  return month_name (day, TRUE);
}
