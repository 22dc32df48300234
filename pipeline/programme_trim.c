/* programme_trim.c: laying out a programme's items in time and trimming it to its maximum length by rule. */
#include "pipeline/programme.h"
#include "pipeline/render.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

static const char *priority_name(int p)
{
  return p == 2 ? "khẩn cấp" : p == 1 ? "ưu tiên" : "thường";
}

static int spoken(const loa_programme_item *it)
{
  return it->kind == LOA_ITEM_OPENING || it->kind == LOA_ITEM_BULLETIN || it->kind == LOA_ITEM_CLOSING;
}

double loa_programme_gap(const loa_programme_item *a, const loa_programme_item *b, double gap_s)
{
  double own = (spoken(a) ? LOA_RENDER_TAIL_S : 0) + (spoken(b) ? LOA_RENDER_LEAD_S : 0);
  return gap_s > own ? gap_s - own : 0;
}

double loa_programme_layout(loa_programme_item *items, size_t n, double gap_s)
{
  double t = 0;
  const loa_programme_item *prev = NULL;
  for (size_t i = 0; i < n; i++) {
    if (items[i].left_out)
      continue;
    if (prev)
      t += loa_programme_gap(prev, &items[i], gap_s);
    items[i].start = t;
    t += items[i].seconds;
    prev = &items[i];
  }
  return t;
}

/* Keep order: priority (high first), fewest replays, programme order.
 * Trimming leaves out from the end of this order: lowest priority first,
 * the most replayed first among equals, the latest in the programme first. */
static int keep_order(const void *pa, const void *pb, void *items)
{
  const loa_programme_item *base = items;
  const loa_programme_item *a = base + *(const size_t *)pa, *b = base + *(const size_t *)pb;
  if (a->priority != b->priority)
    return b->priority - a->priority;
  if (a->replay != b->replay)
    return a->replay - b->replay;
  return a < b ? -1 : a > b;
}

size_t loa_programme_keep_order(const loa_programme_item *items, size_t n, size_t *order)
{
  size_t m = 0;
  for (size_t i = 0; i < n; i++)
    if (!items[i].left_out && !items[i].keep)
      order[m++] = i;
  qsort_r(order, m, sizeof *order, keep_order, (void *)items);
  return m;
}

/* Each item in the assembled file also carries the encoder's delay and its
 * last frame's padding (pipeline/mp3.h): at most 1105 + 1152 samples, under
 * 0.08 s at any rate loa encodes, counted so that a trimmed programme fits. */
#define JOIN_S 0.08

double loa_programme_length(loa_programme_item *items, size_t n, double gap_s)
{
  int k = 0;
  for (size_t i = 0; i < n; i++)
    k += !items[i].left_out;
  return loa_programme_layout(items, n, gap_s) + k * JOIN_S;
}

static void fmt_minutes(double s, char *buf, size_t len)
{
  long t = lround(s);
  snprintf(buf, len, "%ld:%02ld", t / 60, t % 60);
}

void loa_programme_leave_out(loa_programme_item *it, double would_run, double max_s)
{
  char lim[32], would[32], replay[32] = "";
  fmt_minutes(max_s, lim, sizeof lim);
  if (it->replay)
    snprintf(replay, sizeof replay, ", replay %d", it->replay);
  it->left_out = 1;
  if (would_run > 0) {
    fmt_minutes(would_run, would, sizeof would);
    snprintf(it->reason, sizeof it->reason,
             "the programme would run %s, over its %s limit: priority %s%s", would, lim,
             priority_name(it->priority), replay);
  } else
    snprintf(it->reason, sizeof it->reason, "no room left within its %s limit: priority %s%s",
             lim, priority_name(it->priority), replay);
}

void loa_programme_trim(loa_programme_item *items, size_t n, double gap_s, double max_s)
{
  if (max_s <= 0 || loa_programme_length(items, n, gap_s) <= max_s)
    return;
  size_t *order = malloc(n * sizeof *order);
  if (!order)
    return;
  size_t m = loa_programme_keep_order(items, n, order);
  /* leave out from the end of the keep order until it fits */
  for (size_t k = m; k-- > 0;) {
    double total = loa_programme_length(items, n, gap_s);
    if (total <= max_s)
      break;
    loa_programme_leave_out(&items[order[k]], loa_programme_layout(items, n, gap_s), max_s);
  }
  free(order);
}
