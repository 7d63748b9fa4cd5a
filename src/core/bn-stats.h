/* bn-stats.h — how the neighbourhood is doing, month by month and by category:
 * figures safe to hand to partners (counts only, small counts hidden, and what
 * would reveal them hidden too); docs/statistics.md
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "bn-store.h"
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Counts that add up over months and categories. */
typedef enum
{
  BN_STATS_REQUESTS,
  BN_STATS_OFFERS,
  BN_STATS_MATCHED,
  BN_STATS_DONE,
  BN_STATS_WITHDRAWN,
  BN_STATS_EXPIRED,      /* expired while still open: nobody was chosen */
  BN_STATS_REFERRED,     /* requests referred to a service */
  BN_STATS_ASKERS,       /* different neighbours who asked (not additive) */
  BN_STATS_HELPERS,      /* different neighbours who helped (not additive) */
  BN_STATS_N_COUNTS
} BnStatsCount;

#define BN_STATS_N_ADDITIVE BN_STATS_ASKERS

/* Below this many, a count is shown as "<5", and a median is not given. */
#define BN_STATS_THRESHOLD 5

typedef enum
{
  BN_STATS_SHOWN,
  BN_STATS_SMALL,        /* 1 to 4: "<5" */
  BN_STATS_HIDDEN,       /* hidden so that a small count cannot be worked out: "x" */
} BnStatsMark;

typedef struct
{
  const char *month;                  /* "YYYY-MM", or "all" for the whole period */
  const char *category;               /* a category ID, or "all" */
  guint       counts[BN_STATS_N_COUNTS];
  BnStatsMark marks[BN_STATS_N_COUNTS];
  guint       n_replied;              /* posts whose first reply is measured */
  double      median_reply_hours;
  guint       n_matched_timed;        /* posts whose match is measured */
  double      median_match_hours;
} BnStatsRow;

typedef struct
{
  char      *from;                    /* YYYY-MM */
  char      *to;
  GPtrArray *months;                  /* (element-type utf8) from .. to */
  GPtrArray *rows;                    /* (element-type BnStatsRow): per month, each
                                       * category then "all"; then the period */
} BnStats;

void         bn_stats_free          (BnStats *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BnStats, bn_stats_free)

/* @from, @to: (nullable) "YYYY-MM"; by default the first and last month with a
 * post. Returns %NULL with an error for a bad month, or with none when there is
 * nothing to count. */
BnStats     *bn_store_compute_stats (BnStore     *self,
                                     const char  *from,
                                     const char  *to,
                                     gint64       now_ms,
                                     GError     **error);
const BnStatsRow *bn_stats_get_row  (const BnStats *self,
                                     guint          month,      /* months->len: the period */
                                     guint          category);  /* n categories: all */

/* "12", "<5", "x"; and the medians: "3.5", "<5" or "" (none measured) */
char        *bn_stats_format_count  (const BnStatsRow *row,
                                     BnStatsCount      count);
char        *bn_stats_format_median (guint             n,
                                     double            hours);
const char  *bn_stats_count_id      (BnStatsCount      count);   /* CSV column */
const char  *bn_stats_count_label   (BnStatsCount      count);   /* translated */
/* (transfer none): the translated sentences of the footer */
const char *const *bn_stats_notes   (void);

char        *bn_stats_to_csv        (const BnStats *self);
JsonNode    *bn_stats_to_json       (const BnStats *self);

G_END_DECLS
