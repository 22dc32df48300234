/* plan.c: the rules deciding which bulletins air in a slot on a day, and in what order. */
#include "schedules/plan.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---------------------------------------------------------------- rules */

loa_priority loa_bulletin_priority(const loa_slots *s, const loa_bulletin *b)
{
  if (b->h.priority != LOA_PRIO_NORMAL)
    return b->h.priority;
  if (*b->folder && !strcmp(b->folder, s->urgent_folder))
    return LOA_PRIO_URGENT;
  return LOA_PRIO_NORMAL;
}

static int is_all_word(const char *w)
{
  static const char *const all[] = {"both", "all", "cả hai", "ca hai", "cả ngày", "tất cả",
                                    "tat ca", "*", NULL};
  for (int i = 0; all[i]; i++)
    if (!strcasecmp(w, all[i]))
      return 1;
  return 0;
}

unsigned loa_bulletin_slots(const loa_slots *s, const loa_bulletin *b)
{
  unsigned every = s->n >= 32 ? ~0u : (1u << s->n) - 1, mask = 0;
  for (int i = 0; i < b->h.nslots; i++) {
    if (is_all_word(b->h.slots[i]))
      return every;
    int k = loa_slots_find(s, b->h.slots[i]);
    if (k >= 0)
      mask |= 1u << k;
  }
  if (b->h.nslots)
    return mask;   /* named slots this station does not have: never */
  for (int i = 0; *b->folder && i < s->n; i++)
    if (!strcmp(s->slot[i].folder, b->folder))
      return 1u << i;
  return every;
}

static int times_a_day(const loa_bulletin *b)
{
  return b->h.times_per_day > 0 ? b->h.times_per_day : 1;
}

/* The slots (bit mask) B airs in on day D. On the day it arrived, slots that
 * began after it arrived are chosen first; without an explicit first day, a
 * slot that began before it arrived is never an airing. */
static unsigned airings_on(const loa_slots *s, const loa_bulletin *b, unsigned mask, int d)
{
  int arr_sec, arr_day = loa_local_date(s, b->arrived, &arr_sec);
  int left = times_a_day(b);
  unsigned chosen = 0;
  int on_arrival_day = d == arr_day;
  for (int pass = on_arrival_day ? 0 : 1; pass < 2 && left; pass++)
    for (int i = 0; i < s->n && left; i++) {
      if (!(mask & (1u << i)) || (chosen & (1u << i)))
        continue;
      int after = !on_arrival_day || s->slot[i].start_s >= arr_sec;
      if (pass == 0 && !after)
        continue;
      chosen |= 1u << i, left--;
    }
  if (!b->h.first_day && on_arrival_day)
    for (int i = 0; i < s->n; i++)
      if (s->slot[i].start_s < arr_sec)
        chosen &= ~(1u << i);
  if (!b->h.first_day && d < arr_day)
    chosen = 0;
  return chosen;
}

static int popcount(unsigned x)
{
  int n = 0;
  for (; x; x &= x - 1)
    n++;
  return n;
}

/* First and last day of B; 0 when it never airs. */
static int day_range(const loa_slots *s, const loa_bulletin *b, unsigned mask, int *first, int *last)
{
  if (!mask)
    return 0;
  *first = b->h.first_day ? b->h.first_day : loa_local_date(s, b->arrived, NULL);
  if (b->h.last_day) {
    *last = b->h.last_day;
    return *last >= *first;
  }
  for (int d = *first, k = 0; k < 3; d = loa_date_add(d, 1), k++)
    if (airings_on(s, b, mask, d)) {
      *last = d;
      return 1;
    }
  return 0;
}

int loa_bulletin_airs(const loa_slots *s, const loa_bulletin *b, int slot, int ymd, int *replay)
{
  unsigned mask = loa_bulletin_slots(s, b);
  int first, last;
  if (slot < 0 || slot >= s->n || !(mask & (1u << slot)) || !day_range(s, b, mask, &first, &last))
    return 0;
  if (ymd < first || ymd > last)
    return 0;
  unsigned today = airings_on(s, b, mask, ymd);
  if (!(today & (1u << slot)))
    return 0;
  /* earlier airings: whole days before, then earlier slots today; a range
   * longer than ten years is counted as ten years */
  long days = loa_date_to_days(ymd) - loa_date_to_days(first);
  int before = 0, d = days > 3660 ? loa_date_add(ymd, -3660) : first;
  for (; d < ymd; d = loa_date_add(d, 1))
    before += popcount(airings_on(s, b, mask, d));
  before += popcount(today & ((1u << slot) - 1));
  if (replay)
    *replay = before;
  return 1;
}

/* ---------------------------------------------------------------- order */

static int programme_order(const void *pa, const void *pb)
{
  const loa_due *a = pa, *b = pb;
  int ra = a->replay > 0, rb = b->replay > 0;
  if (ra != rb)
    return ra - rb;                          /* first airings, then replays */
  if (a->priority != b->priority)
    return (int)b->priority - (int)a->priority;
  if (a->replay != b->replay)
    return a->replay - b->replay;
  if (a->b->arrived != b->b->arrived)
    return a->b->arrived < b->b->arrived ? -1 : 1;
  return strcmp(a->b->path, b->b->path);
}

/* Another of the N bulletins due before I with the same content key arrived first. */
static int repeats_earlier(const loa_due *d, int n, int i)
{
  const loa_bulletin *b = d[i].b;
  if (!b->key[0])
    return 0;
  for (int k = 0; k < n; k++) {
    const loa_bulletin *o = d[k].b;
    if (k == i || strcmp(o->key, b->key))
      continue;
    if (o->arrived < b->arrived || (o->arrived == b->arrived && strcmp(o->path, b->path) < 0))
      return 1;
  }
  return 0;
}

int loa_plan_due(const loa_slots *s, const loa_library *lib, int slot, int ymd, loa_due **out)
{
  *out = NULL;
  if (!lib->n)
    return 0;
  loa_due *d = calloc(lib->n, sizeof *d);
  if (!d)
    return -1;
  int n = 0;
  for (size_t i = 0; i < lib->n; i++) {
    int replay;
    if (!lib->b[i].invalid && !lib->b[i].held && loa_bulletin_airs(s, &lib->b[i], slot, ymd, &replay))
      d[n++] = (loa_due){&lib->b[i], loa_bulletin_priority(s, &lib->b[i]), replay};
  }
  /* the same text under two names airs once: the one that came first */
  int kept = 0;
  unsigned char *dup = calloc((size_t)n + 1, 1);
  if (!dup) {
    free(d);
    return -1;
  }
  for (int i = 0; i < n; i++)
    dup[i] = (unsigned char)repeats_earlier(d, n, i);
  for (int i = 0; i < n; i++)
    if (!dup[i])
      d[kept++] = d[i];
  free(dup);
  n = kept;
  qsort(d, (size_t)n, sizeof *d, programme_order);
  *out = d;
  return n;
}

/* ------------------------------------------------------------ will it air? */

static void add_name(char *list, size_t n, const char *name)
{
  size_t len = strlen(list);
  snprintf(list + len, n - len, "%s%s", len ? ", " : "", name);
}

#define CHECK_DAYS 400

int loa_bulletin_check(const loa_slots *s, const loa_bulletin *b, time_t now, double seconds,
                       loa_air_check *c)
{
  memset(c, 0, sizeof *c);
  for (int i = 0; i < s->n; i++)
    add_name(c->station_slots, sizeof c->station_slots, s->slot[i].name);
  for (int i = 0; i < b->h.nslots; i++)
    if (!is_all_word(b->h.slots[i]) && loa_slots_find(s, b->h.slots[i]) < 0) {
      add_name(c->unknown, sizeof c->unknown, b->h.slots[i]);
      c->why |= LOA_AIR_UNKNOWN_SLOT;
    }
  unsigned mask = loa_bulletin_slots(s, b), long_in = 0, said = 0;
  for (int i = 0; i < s->n; i++)
    if (s->slot[i].max_s > 0 && seconds > s->slot[i].max_s &&
        loa_bulletin_priority(s, b) != LOA_PRIO_URGENT)   /* a khẩn cấp notice is kept */
      long_in |= 1u << i;
  int sec_now, today = loa_local_date(s, now, &sec_now), first, last;
  int ranged = day_range(s, b, mask, &first, &last);
  if (ranged && last >= today) {
    int d = first > today ? first : today;
    for (int k = 0; k < CHECK_DAYS && d <= last; k++, d = loa_date_add(d, 1)) {
      unsigned on = airings_on(s, b, mask, d);
      for (int i = 0; i < s->n; i++) {
        if (!(on & (1u << i)) || (d == today && s->slot[i].start_s <= sec_now))
          continue;
        if (long_in & (1u << i)) {     /* left out of that programme: not an airing */
          if (!(said & (1u << i)))
            add_name(c->too_long, sizeof c->too_long, s->slot[i].name);
          said |= 1u << i;
          c->why |= LOA_AIR_TOO_LONG;
          continue;
        }
        if (!c->airings++)
          c->first_day = d;
        c->last_day = d;
      }
    }
  }
  if (c->airings)
    return 0;
  if (ranged && last < today)
    c->why |= LOA_AIR_PAST;
  else if (!(c->why & (LOA_AIR_UNKNOWN_SLOT | LOA_AIR_TOO_LONG)))
    c->why |= LOA_AIR_NONE_LEFT;
  return 1;
}
