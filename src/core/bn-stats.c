/* bn-stats.c — how the neighbourhood is doing: figures by month and category,
 * safe to hand over (docs/statistics.md)
 *
 * Only counts leave here: no names, no IDs, no words anyone typed. A count from
 * 1 to 4 is shown as "<5"; where a hidden count could be worked out from a
 * total (a row or column of a table with one hidden cell), another cell is
 * hidden too, as "x". Everything depends on the entries held and the roster as
 * it stands only, never on the order entries came in: peers that hold the same
 * entries write the same bytes.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "bn-stats.h"
#include "bn-service-private.h"
#include "bn-category.h"
#include "bn-crypto.h"
#include "bn-error.h"

#include <glib/gi18n-lib.h>
#include <stdlib.h>
#include <string.h>

#define MS_PER_HOUR 3600000.0
#define MAX_MONTHS 240

static const char *const count_ids[BN_STATS_N_COUNTS] = {
  "requests", "offers", "matched", "done", "withdrawn", "expired_unanswered", "referred",
  "askers", "helpers"
};

const char *
bn_stats_count_id (BnStatsCount count)
{
  return count_ids[count];
}

const char *
bn_stats_count_label (BnStatsCount count)
{
  switch (count)
    {
    case BN_STATS_REQUESTS: return _("Requests");
    case BN_STATS_OFFERS: return _("Offers");
    case BN_STATS_MATCHED: return _("Matched");
    case BN_STATS_DONE: return _("Done");
    case BN_STATS_WITHDRAWN: return _("Withdrawn");
    case BN_STATS_EXPIRED: return _("Expired unanswered");
    case BN_STATS_REFERRED: return _("Referred");
    case BN_STATS_ASKERS: return _("Neighbours who asked");
    case BN_STATS_HELPERS: return _("Neighbours who helped");
    case BN_STATS_N_COUNTS: default: break;
    }
  return "";
}

const char *const *
bn_stats_notes (void)
{
  static const char *notes[6];

  notes[0] = _("Counts only: no names and no words anyone wrote. A count under five is shown "
               "as “<5”; “x” hides a count that would let a hidden one be worked out.");
  notes[1] = _("A post counts in the month it was posted, with its status today. Medians are in "
               "hours, given from five posts on.");
  notes[2] = _("Not counted: posts their authors deleted, posts connectors hid, and posts for "
               "chosen neighbours that this computer cannot read.");
  notes[3] = _("Time to a first reply counts only the replies this computer can read (replies "
               "are sealed to the asker and the helper).");
  notes[4] = _("Referred counts the referrals this computer can read (connectors read them all).");
  notes[5] = NULL;
  return notes;
}

void
bn_stats_free (BnStats *self)
{
  if (self == NULL)
    return;
  g_free (self->from);
  g_free (self->to);
  g_ptr_array_unref (self->months);
  g_ptr_array_unref (self->rows);
  g_free (self);
}

/* What one post adds to the figures. */
typedef struct
{
  guint        month;
  guint        category;
  gboolean     is_request;
  gboolean     matched, done, withdrawn, expired, referred;
  char        *asker;        /* hex key: the author of a request */
  char        *helper;       /* hex key: who helped, when known */
  gint64       reply_ms;     /* -1: not measured */
  gint64       match_ms;
} PostFacts;

static void
post_facts_free (PostFacts *facts)
{
  g_free (facts->asker);
  g_free (facts->helper);
  g_free (facts);
}

static char *
month_of (gint64 ms)
{
  g_autoptr(GDateTime) t = g_date_time_new_from_unix_utc (ms / 1000);
  return t != NULL ? g_date_time_format (t, "%Y-%m") : g_strdup ("1970-01");
}

static gboolean
parse_month (const char *text, int *year, int *month)
{
  char end;

  if (text == NULL || strlen (text) != 7 || text[4] != '-'
      || sscanf (text, "%4d-%2d%c", year, month, &end) != 2)
    return FALSE;
  return *year >= 1970 && *year <= 9999 && *month >= 1 && *month <= 12;
}

static GPtrArray *
months_between (const char *from, const char *to)
{
  GPtrArray *months = g_ptr_array_new_with_free_func (g_free);
  int y, m, ty, tm;

  parse_month (from, &y, &m);
  parse_month (to, &ty, &tm);
  while ((y < ty || (y == ty && m <= tm)) && months->len < MAX_MONTHS)
    {
      g_ptr_array_add (months, g_strdup_printf ("%04d-%02d", y, m));
      if (++m == 13)
        m = 1, y++;
    }
  return months;
}

static guint
category_index (const char *id)
{
  guint n;
  const BnCategory *all = bn_categories (&n);

  for (guint i = 0; id != NULL && i < n; i++)
    if (g_str_equal (all[i].id, id))
      return i;
  for (guint i = 0; i < n; i++)
    if (g_str_equal (all[i].id, "other"))
      return i;
  return n - 1;
}

static char *
column_hex (sqlite3_stmt *stmt, int column, gsize len)
{
  return sqlite3_column_bytes (stmt, column) == (int) len
         ? bn_hex_encode (sqlite3_column_blob (stmt, column), len) : NULL;
}

/* Every post that counts: not deleted by its author, not hidden by a
 * connector, and readable here (the posts table holds only those). */
#define SQL_POSTS \
  "SELECT p.ts, p.kind, p.category, p.status, coalesce (p.expiry, 0), p.author," \
  " p.helper, p.accepted_reply IS NOT NULL," \
  " (SELECT min (r.ts) FROM replies r WHERE r.post_id = p.id AND r.author != p.author)," \
  " (SELECT min (e.ts) FROM post_events e WHERE e.post_id = p.id AND e.author = p.author" \
  "   AND ((e.type = 'accept' AND json_extract (e.data, '$.reply') IS NOT NULL)" \
  "    OR (e.type = 'status' AND json_extract (e.data, '$.status') IN ('matched', 'done'))))," \
  " EXISTS (SELECT 1 FROM referrals rf WHERE rf.post = p.id AND " BN_SQL_REFERRAL_VALID ("rf") ")" \
  " FROM posts p WHERE p.kind IN ('request', 'offer')" \
  " AND NOT EXISTS (SELECT 1 FROM deletions d WHERE d.target = p.id)" \
  " AND " BN_SQL_POST_HIDE ("p") " IS NULL"

static PostFacts *
facts_from_row (sqlite3_stmt *stmt, gint64 now_ms)
{
  PostFacts *f = g_new0 (PostFacts, 1);
  gint64 ts = sqlite3_column_int64 (stmt, 0);
  const char *status = (const char *) sqlite3_column_text (stmt, 3);
  gint64 expiry = sqlite3_column_int64 (stmt, 4);

  f->is_request = g_strcmp0 ((const char *) sqlite3_column_text (stmt, 1), "request") == 0;
  f->category = category_index ((const char *) sqlite3_column_text (stmt, 2));
  f->matched = g_strcmp0 (status, "matched") == 0 || g_strcmp0 (status, "done") == 0
               || sqlite3_column_int (stmt, 7) != 0;
  f->done = g_strcmp0 (status, "done") == 0;
  f->withdrawn = g_strcmp0 (status, "withdrawn") == 0;
  f->expired = g_strcmp0 (status, "open") == 0 && expiry > 0 && expiry <= now_ms;
  f->referred = f->is_request && sqlite3_column_int (stmt, 10) != 0;
  if (f->is_request)
    {
      f->asker = column_hex (stmt, 5, BN_PUBLIC_KEY_LEN);
      if (f->matched)
        f->helper = column_hex (stmt, 6, BN_PUBLIC_KEY_LEN);
    }
  else if (f->matched)
    f->helper = column_hex (stmt, 5, BN_PUBLIC_KEY_LEN);   /* the one who offered helped */
  f->reply_ms = sqlite3_column_type (stmt, 8) == SQLITE_NULL ? -1
                : MAX (0, sqlite3_column_int64 (stmt, 8) - ts);
  f->match_ms = sqlite3_column_type (stmt, 9) == SQLITE_NULL || !f->matched ? -1
                : MAX (0, sqlite3_column_int64 (stmt, 9) - ts);
  return f;
}

/* One cell's working data. */
typedef struct
{
  guint       counts[BN_STATS_N_COUNTS];
  GHashTable *askers;
  GHashTable *helpers;
  GArray     *reply_ms;
  GArray     *match_ms;
} Cell;

static void
cell_add (Cell *cell, const PostFacts *f)
{
  cell->counts[f->is_request ? BN_STATS_REQUESTS : BN_STATS_OFFERS]++;
  cell->counts[BN_STATS_MATCHED] += f->matched;
  cell->counts[BN_STATS_DONE] += f->done;
  cell->counts[BN_STATS_WITHDRAWN] += f->withdrawn;
  cell->counts[BN_STATS_EXPIRED] += f->expired;
  cell->counts[BN_STATS_REFERRED] += f->referred;
  if (f->asker != NULL)
    g_hash_table_add (cell->askers, f->asker);
  if (f->helper != NULL)
    g_hash_table_add (cell->helpers, f->helper);
  if (f->reply_ms >= 0)
    g_array_append_val (cell->reply_ms, f->reply_ms);
  if (f->match_ms >= 0)
    g_array_append_val (cell->match_ms, f->match_ms);
}

static int
compare_int64 (gconstpointer a, gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;
  return x < y ? -1 : x > y;
}

static double
median_hours (GArray *values)
{
  guint n = values->len;

  if (n == 0)
    return 0;
  g_array_sort (values, compare_int64);
  if (n % 2 == 1)
    return g_array_index (values, gint64, n / 2) / MS_PER_HOUR;
  return (g_array_index (values, gint64, n / 2 - 1) + g_array_index (values, gint64, n / 2))
         / 2.0 / MS_PER_HOUR;
}

/* Suppression */

static void
mark_small (BnStatsRow *row, BnStatsCount count)
{
  row->marks[count] = row->counts[count] >= 1 && row->counts[count] < BN_STATS_THRESHOLD
                      ? BN_STATS_SMALL : BN_STATS_SHOWN;
}

/* In one line of a table (@cells, the last one its total), when exactly one
 * cell is hidden, hide another: the smallest non-zero cell (the first of
 * equals), else the total, else the first zero. Returns whether it hid one. */
static gboolean
protect_line (BnStatsRow **cells, guint n, BnStatsCount count)
{
  guint hidden = 0, pick = G_MAXUINT;

  for (guint i = 0; i < n; i++)
    hidden += cells[i]->marks[count] != BN_STATS_SHOWN;
  if (hidden != 1)
    return FALSE;
  for (guint i = 0; i + 1 < n; i++)
    if (cells[i]->marks[count] == BN_STATS_SHOWN && cells[i]->counts[count] > 0
        && (pick == G_MAXUINT || cells[i]->counts[count] < cells[pick]->counts[count]))
      pick = i;
  if (pick == G_MAXUINT && cells[n - 1]->marks[count] == BN_STATS_SHOWN)
    pick = n - 1;
  for (guint i = 0; pick == G_MAXUINT && i + 1 < n; i++)
    if (cells[i]->marks[count] == BN_STATS_SHOWN)
      pick = i;
  if (pick == G_MAXUINT)
    return FALSE;
  cells[pick]->marks[count] = BN_STATS_HIDDEN;
  return TRUE;
}

/* Rows and columns of the table months × categories of @count, with their
 * totals, until no line has a single hidden cell. */
static void
protect_table (BnStats *self, guint n_months, guint n_categories, BnStatsCount count)
{
  g_autofree BnStatsRow **line = g_new0 (BnStatsRow *, MAX (n_months, n_categories) + 1);
  gboolean changed = TRUE;

  while (changed)
    {
      changed = FALSE;
      for (guint m = 0; m <= n_months; m++)
        {
          for (guint c = 0; c <= n_categories; c++)
            line[c] = (BnStatsRow *) bn_stats_get_row (self, m, c);
          changed |= protect_line (line, n_categories + 1, count);
        }
      for (guint c = 0; c <= n_categories; c++)
        {
          for (guint m = 0; m <= n_months; m++)
            line[m] = (BnStatsRow *) bn_stats_get_row (self, m, c);
          changed |= protect_line (line, n_months + 1, count);
        }
    }
}

const BnStatsRow *
bn_stats_get_row (const BnStats *self,
                  guint          month,
                  guint          category)
{
  guint n_categories;

  bn_categories (&n_categories);
  return g_ptr_array_index (self->rows, month * (n_categories + 1) + category);
}

static gboolean
read_facts (BnStore *store, gint64 now_ms, GPtrArray *facts, GPtrArray *months_seen)
{
  sqlite3_stmt *stmt = bn_store_prepare (store, SQL_POSTS);

  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_ptr_array_add (facts, facts_from_row (stmt, now_ms));
      g_ptr_array_add (months_seen, month_of (sqlite3_column_int64 (stmt, 0)));
    }
  sqlite3_reset (stmt);
  return TRUE;
}

static char *
first_or_last (GPtrArray *months, gboolean last)
{
  const char *best = NULL;

  for (guint i = 0; i < months->len; i++)
    if (best == NULL || (strcmp (g_ptr_array_index (months, i), best) > 0) == last)
      best = g_ptr_array_index (months, i);
  return g_strdup (best);
}

static gboolean
check_period (const char *from, const char *to, GError **error)
{
  int y, m;

  if ((from != NULL && !parse_month (from, &y, &m)) || (to != NULL && !parse_month (to, &y, &m)))
    {
      g_set_error_literal (error, BN_CORE_ERROR, BN_CORE_ERROR_INVALID,
                           _("Write a month as YYYY-MM, for example 2026-03"));
      return FALSE;
    }
  if (from != NULL && to != NULL && strcmp (from, to) > 0)
    {
      g_set_error_literal (error, BN_CORE_ERROR, BN_CORE_ERROR_INVALID,
                           _("The first month comes after the last one"));
      return FALSE;
    }
  return TRUE;
}

/**
 * bn_store_compute_stats:
 *
 * Returns: (transfer full) (nullable): the figures, with their marks
 */
BnStats *
bn_store_compute_stats (BnStore     *self,
                        const char  *from,
                        const char  *to,
                        gint64       now_ms,
                        GError     **error)
{
  g_autoptr(GPtrArray) facts = g_ptr_array_new_with_free_func ((GDestroyNotify) post_facts_free);
  g_autoptr(GPtrArray) seen = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(BnStats) stats = NULL;
  g_autofree Cell *cells = NULL;
  guint n_categories, n_months, n_cells;
  const BnCategory *categories = bn_categories (&n_categories);

  if (!check_period (from, to, error) || !read_facts (self, now_ms, facts, seen))
    return NULL;
  stats = g_new0 (BnStats, 1);
  stats->from = from != NULL ? g_strdup (from) : first_or_last (seen, FALSE);
  stats->to = to != NULL ? g_strdup (to) : first_or_last (seen, TRUE);
  if (stats->from == NULL || stats->to == NULL)
    return NULL;   /* nothing posted yet */
  if (strcmp (stats->from, stats->to) > 0)
    {
      char *swap = stats->from;   /* only one of them was given */
      stats->from = stats->to;
      stats->to = swap;
    }
  stats->months = months_between (stats->from, stats->to);
  n_months = stats->months->len;
  n_cells = (n_months + 1) * (n_categories + 1);
  cells = g_new0 (Cell, n_cells);
  for (guint i = 0; i < n_cells; i++)
    {
      cells[i].askers = g_hash_table_new (g_str_hash, g_str_equal);
      cells[i].helpers = g_hash_table_new (g_str_hash, g_str_equal);
      cells[i].reply_ms = g_array_new (FALSE, FALSE, sizeof (gint64));
      cells[i].match_ms = g_array_new (FALSE, FALSE, sizeof (gint64));
    }

  for (guint i = 0; i < facts->len; i++)
    {
      PostFacts *f = g_ptr_array_index (facts, i);
      guint m;

      for (m = 0; m < n_months && !g_str_equal (g_ptr_array_index (stats->months, m),
                                                g_ptr_array_index (seen, i)); m++)
        ;
      if (m == n_months)
        continue;   /* outside the period */
      cell_add (&cells[m * (n_categories + 1) + f->category], f);
      cell_add (&cells[m * (n_categories + 1) + n_categories], f);
      cell_add (&cells[n_months * (n_categories + 1) + f->category], f);
      cell_add (&cells[n_months * (n_categories + 1) + n_categories], f);
    }

  stats->rows = g_ptr_array_new_with_free_func (g_free);
  for (guint m = 0; m <= n_months; m++)
    for (guint c = 0; c <= n_categories; c++)
      {
        Cell *cell = &cells[m * (n_categories + 1) + c];
        BnStatsRow *row = g_new0 (BnStatsRow, 1);

        row->month = m < n_months ? g_ptr_array_index (stats->months, m) : "all";
        row->category = c < n_categories ? categories[c].id : "all";
        memcpy (row->counts, cell->counts, sizeof row->counts);
        row->counts[BN_STATS_ASKERS] = g_hash_table_size (cell->askers);
        row->counts[BN_STATS_HELPERS] = g_hash_table_size (cell->helpers);
        row->n_replied = cell->reply_ms->len;
        row->median_reply_hours = median_hours (cell->reply_ms);
        row->n_matched_timed = cell->match_ms->len;
        row->median_match_hours = median_hours (cell->match_ms);
        for (guint k = 0; k < BN_STATS_N_COUNTS; k++)
          mark_small (row, k);
        g_ptr_array_add (stats->rows, row);
        g_hash_table_unref (cell->askers);
        g_hash_table_unref (cell->helpers);
        g_array_unref (cell->reply_ms);
        g_array_unref (cell->match_ms);
      }
  for (guint k = 0; k < BN_STATS_N_ADDITIVE; k++)
    protect_table (stats, n_months, n_categories, k);
  return g_steal_pointer (&stats);
}

/* Output */

char *
bn_stats_format_count (const BnStatsRow *row,
                       BnStatsCount      count)
{
  switch (row->marks[count])
    {
    case BN_STATS_SMALL: return g_strdup ("<5");
    case BN_STATS_HIDDEN: return g_strdup ("x");
    case BN_STATS_SHOWN: default: break;
    }
  return g_strdup_printf ("%u", row->counts[count]);
}

char *
bn_stats_format_median (guint  n,
                        double hours)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  if (n == 0)
    return g_strdup ("");
  if (n < BN_STATS_THRESHOLD)
    return g_strdup ("<5");
  return g_strdup (g_ascii_formatd (buf, sizeof buf, "%.1f", hours));
}

static void
append_csv_field (GString *out, const char *field)
{
  if (strpbrk (field, ",\"\r\n") == NULL)
    {
      g_string_append (out, field);
      return;
    }
  g_string_append_c (out, '"');
  for (const char *p = field; *p; p++)
    {
      if (*p == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
}

#define N_CSV_COLUMNS (2 + BN_STATS_N_COUNTS + 2)

/**
 * bn_stats_to_csv:
 *
 * Returns: (transfer full): RFC 4180 CSV, lines ending in CR LF: a header, a
 *   row per month and category (each month's categories, then "all"; the
 *   period last, as month "all"), then the notes as rows "note,TEXT,,…"
 */
char *
bn_stats_to_csv (const BnStats *self)
{
  GString *out = g_string_new ("month,category");
  const char *const *notes = bn_stats_notes ();

  for (guint k = 0; k < BN_STATS_N_COUNTS; k++)
    g_string_append_printf (out, ",%s", count_ids[k]);
  g_string_append (out, ",median_hours_to_first_reply,median_hours_to_match\r\n");
  for (guint i = 0; i < self->rows->len; i++)
    {
      const BnStatsRow *row = g_ptr_array_index (self->rows, i);
      g_autofree char *reply = bn_stats_format_median (row->n_replied, row->median_reply_hours);
      g_autofree char *match = bn_stats_format_median (row->n_matched_timed, row->median_match_hours);

      g_string_append_printf (out, "%s,%s", row->month, row->category);
      for (guint k = 0; k < BN_STATS_N_COUNTS; k++)
        {
          g_autofree char *value = bn_stats_format_count (row, k);
          g_string_append_printf (out, ",%s", value);
        }
      g_string_append_printf (out, ",%s,%s\r\n", reply, match);
    }
  for (guint i = 0; notes[i] != NULL; i++)
    {
      g_string_append (out, "note,");
      append_csv_field (out, notes[i]);
      for (guint k = 2; k < N_CSV_COLUMNS; k++)
        g_string_append_c (out, ',');
      g_string_append (out, "\r\n");
    }
  return g_string_free (out, FALSE);
}

static void
add_value (JsonBuilder *b, const BnStatsRow *row, BnStatsCount count)
{
  json_builder_set_member_name (b, count_ids[count]);
  if (row->marks[count] == BN_STATS_SHOWN)
    json_builder_add_int_value (b, row->counts[count]);
  else
    json_builder_add_string_value (b, row->marks[count] == BN_STATS_SMALL ? "<5" : "x");
}

static void
add_median (JsonBuilder *b, const char *name, guint n, double hours)
{
  json_builder_set_member_name (b, name);
  if (n == 0)
    json_builder_add_null_value (b);
  else if (n < BN_STATS_THRESHOLD)
    json_builder_add_string_value (b, "<5");
  else
    json_builder_add_double_value (b, ((gint64) (hours * 10 + 0.5)) / 10.0);
}

JsonNode *
bn_stats_to_json (const BnStats *self)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  const char *const *notes = bn_stats_notes ();

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "from");
  json_builder_add_string_value (b, self->from);
  json_builder_set_member_name (b, "to");
  json_builder_add_string_value (b, self->to);
  json_builder_set_member_name (b, "rows");
  json_builder_begin_array (b);
  for (guint i = 0; i < self->rows->len; i++)
    {
      const BnStatsRow *row = g_ptr_array_index (self->rows, i);

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "month");
      json_builder_add_string_value (b, row->month);
      json_builder_set_member_name (b, "category");
      json_builder_add_string_value (b, row->category);
      for (guint k = 0; k < BN_STATS_N_COUNTS; k++)
        add_value (b, row, k);
      add_median (b, "median_hours_to_first_reply", row->n_replied, row->median_reply_hours);
      add_median (b, "median_hours_to_match", row->n_matched_timed, row->median_match_hours);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_set_member_name (b, "notes");
  json_builder_begin_array (b);
  for (guint i = 0; notes[i] != NULL; i++)
    json_builder_add_string_value (b, notes[i]);
  json_builder_end_array (b);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}
