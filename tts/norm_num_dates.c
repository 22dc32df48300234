/* norm_num_dates.c: reading dates (docs/reading.md, "Dates"): d/m/yyyy,
 * d-m-yyyy, d.m.yyyy, ISO 8601 timestamps, m/yyyy, d/m and day ranges where a
 * date is expected (norm_num_datectx.c decides that), with "ngày" added when
 * the text does not say it.
 */
#include "tts/norm_int.h"
#include "tts/numbers.h"

#include <string.h>

/* Token I is the last item of a list of numbers up to MAX whose first followed
 * a phrase of list L: "ngày 20, 21/11", "các ngày 5, 6 và 7/12", "tháng 9,
 * 10/2024" (ngày or tháng is said once); list-join joins the last item. */
int nz_in_list_after(const nz *n, size_t i, uint64_t max, nz_list_id l)
{
  size_t k = i;
  int items = 0;
  for (;;) {
    size_t s = k;
    while (s > 0 && n->t[s - 1].kind == TK_PUNCT && (n->t[s - 1].cp == ',' || nz_is_dash(n, s - 1)))
      s--;
    if (s > 0 && nz_at_list(n, s - 1, NL_LIST_JOIN))
      s--;
    if (s == k || s == 0 || !nz_is_num(n, s - 1) || !nz_val_ok(n, s - 1, 2, 1, max))
      break;
    k = s - 1;
    items++;
    if (k > 0 && n->t[k - 1].kind == TK_PUNCT && !nz_is_p(n, k - 1, ',') && !nz_is_dash(n, k - 1))
      return 0;
  }
  return items && nz_after_list(n, k, l);
}

static int in_day_list(const nz *n, size_t i)
{
  return nz_in_list_after(n, i, 31, NL_DAY);
}

/* "ngày" (list day) before a date unless the text says it (date-said, or ngày
 * and a weekday: "ngày thứ Hai 5/10"), or a list of days. */
void nz_date_prefix(nz *n, size_t i)
{
  const char *ngay = nz_said(n, NL_DAY);
  if (nz_after_list(n, i, NL_DATE_SAID))
    return;
  int wd = nz_after_list(n, i, NL_WEEKDAY);
  if (wd && nz_prev_word_is(n, i - (size_t)wd, ngay))
    return;
  /* "ngày thứ Sáu, 24/10" */
  if (i > 0 && nz_is_p(n, i - 1, ',') && nz_weekday_before(n, i) &&
      (nz_prev_word_is(n, i - 3, ngay) || nz_prev_word_is(n, i - 2, ngay)))
    return;
  if (in_day_list(n, i))
    return;
  nz_say(n, NL_DAY);
}

/* Token K (past brackets and commas) is a word of the lunar calendar: âm lịch,
 * ÂL, Tết, tháng Giêng (list lunar). */
static int lunar_at(const nz *n, size_t k)
{
  while (nz_is_p(n, k, '(') || nz_is_p(n, k, ','))
    k++;
  return nz_at_list(n, k, NL_LUNAR);
}

/* The token after a day written out at I with what names its month and year:
 * "5 tháng 9 năm 2024", "5, 6 và 7 tháng Giêng", "5 - 10/9" (where to look for âm lịch). */
static size_t written_date_end(const nz *n, size_t i)
{
  size_t k = i + 1;
  while (k < n->nt && (nz_is_p(n, k, ',') || nz_is_dash(n, k) || nz_is_p(n, k, '/') ||
                       nz_at_list(n, k, NL_LIST_JOIN) || nz_at_list(n, k, NL_DAY_JOIN) ||
                       nz_at_list(n, k, NL_DAY) || nz_val_ok(n, k, 4, 0, 9999)))
    k++;
  if (nz_at_list(n, k, NL_MONTH) && nz_at_list(n, k + 1, NL_LUNAR))
    return k + 1;
  if (nz_at_list(n, k, NL_MONTH) && nz_is_num(n, k + 1))
    k += 2;
  if (nz_at_list(n, k, NL_YEAR) && nz_is_num(n, k + 1))
    k += 2;
  return k;
}

/* The day D at token I of a date whose written parts end before token END, with
 * mùng before the days 1 to 10 where the setting says so: in every date, or in
 * lunar dates only (âm lịch, ÂL, Tết, tháng Giêng after it); never twice (mùng 5/9),
 * nor in the name of a street (đường 3/2 ba tháng hai). */
void nz_day(nz *n, size_t i, size_t end)
{
  uint64_t d = nz_val(n, i);
  if (d >= 1 && d <= 10 && n->mung != MUNG_NONE && !nz_after_list(n, i, NL_DAY_PREFIX) &&
      !nz_after_list(n, i, NL_STREET) &&
      (n->mung == MUNG_ALL || lunar_at(n, end)))
    nz_say(n, NL_DAY_PREFIX);
  nz_cardinal(n, d);
}

/* A day written out after ngày (or in a list of days after it) at token I, which
 * ends at J: "ngày 5 tháng 9", "các ngày 5, 6 và 7 tháng 9", "ngày 5 hằng tháng";
 * not a count after it (ngày 2 lần, 3 ngày 2 đêm). Says it (with mùng where the
 * setting says so) and returns 1, else 0. */
int nz_day_written(nz *n, size_t i, size_t j)
{
  size_t used;
  if (!nz_val_ok(n, i, 2, 1, 31) ||
      (nz_glued(n, j) && n->t[j].kind == TK_PUNCT && !nz_is_p(n, j, ',') && !nz_is_dash(n, j)))
    return 0;
  int w = nz_after_list(n, i, NL_DAY);
  if (!w && !in_day_list(n, i))
    return 0;
  /* "mỗi ngày 3 bữa", "5 ngày 4 đêm": ngày counts there */
  if (w && i > (size_t)w && (nz_after_list(n, i - (size_t)w, NL_PER_DAY) || nz_is_num(n, i - (size_t)w - 1)))
    return 0;
  if (!nz_at_list(n, j, NL_MONTH) &&
      (nz_is_denominator(n, j) || nz_at_list(n, j, NL_COUNTED) || nz_unit_find(n, j, &used)))
    return 0;
  nz_day(n, i, written_date_end(n, i));
  return 1;
}

void nz_month(nz *n, uint64_t m)
{
  if (loa_num_month(&n->numw, (unsigned)m, n->nb, sizeof n->nb) > 0)
    nz_emits(n, n->nb);
}

#define NO_TOKEN ((size_t)-1)

/* The date of tokens D, M, Y (NO_TOKEN: no year) whose written form ends before END. */
static void day_month_year(nz *n, size_t d, size_t m, size_t y, size_t end)
{
  nz_day(n, d, end);
  nz_say(n, NL_MONTH);
  nz_month(n, nz_val(n, m));
  if (y != NO_TOKEN) {
    nz_say(n, NL_YEAR);
    nz_cardinal(n, nz_val(n, y));
  }
}

/* d/m/yyyy, d-m-yyyy, d.m.yyyy (and d/m/yy). Returns tokens used or 0. */
size_t nz_date_full(nz *n, size_t i)
{
  if (!nz_full_date_at(n, i))
    return 0;
  nz_date_prefix(n, i);
  day_month_year(n, i, i + 2, i + 4, i + 5);
  n->datelist = 1;
  return 5;
}

/* ISO 8601: 2024-11-29[T08:17:10[+0700]] */
size_t nz_iso_datetime(nz *n, size_t i)
{
  if (nz_ndig(n, i) != 4 || !nz_is_sep(n, i + 1, '-') || !nz_val_ok(n, i + 2, 2, 1, 12) ||
      nz_ndig(n, i + 2) != 2 || !nz_is_sep(n, i + 3, '-') || !nz_val_ok(n, i + 4, 2, 1, 31) ||
      nz_ndig(n, i + 4) != 2)
    return 0;
  size_t j = i + 5;
  if (nz_glued(n, j) && (nz_is_num(n, j) || nz_is_p(n, j, '-') || nz_is_p(n, j, '/')))
    return 0;
  nz_date_prefix(n, i);
  day_month_year(n, i + 4, i + 2, i, j);
  if (nz_is_word(n, j) && nz_glued(n, j) && n->t[j].lowlen == 1 && nz_low(n, j)[0] == 't' &&
      nz_val_ok(n, j + 1, 2, 0, 24) && nz_glued(n, j + 1) && nz_is_sep(n, j + 2, ':') &&
      nz_val_ok(n, j + 3, 2, 0, 59)) {
    nz_cardinal(n, nz_val(n, j + 1));
    nz_say(n, NL_HOUR);
    nz_cardinal(n, nz_val(n, j + 3));
    nz_say(n, NL_MINUTE);
    j += 4;
    if (nz_is_sep(n, j, ':') && nz_val_ok(n, j + 1, 2, 0, 60)) {
      nz_cardinal(n, nz_val(n, j + 1));
      nz_say(n, NL_SECOND);
      j += 2;
    }
    if (j + 1 < n->nt && nz_glued(n, j) && (nz_is_p(n, j, '+') || nz_is_p(n, j, '-')) &&
        nz_glued(n, j + 1) && nz_is_num(n, j + 1) && nz_ndig(n, j + 1) == 4) {
      uint64_t z = nz_val(n, j + 1);
      nz_say(n, NL_TIME_ZONE);
      if (nz_is_p(n, j, '+'))
        nz_say_sign(n, '+');
      else
        nz_say(n, NL_MINUS);
      nz_cardinal(n, z / 100);
      if (z % 100)
        nz_cardinal(n, z % 100);
      j += 2;
    } else if (nz_is_word(n, j) && nz_glued(n, j) && nz_word_is(n, j, "z")) {
      j += 1;
    }
  }
  n->datelist = 1;
  return j - i;
}

/* d/m and d-m (and the day range d-d/m[/yyyy]) where a date is expected. */
size_t nz_date_short(nz *n, size_t i, int force)
{
  if (!nz_val_ok(n, i, 2, 1, 31))
    return 0;
  size_t d2 = 0, m, j;
  /* day range 10-15/9 */
  if (nz_is_sep(n, i + 1, '-') && nz_val_ok(n, i + 2, 2, 1, 31) && nz_is_sep(n, i + 3, '/') &&
      nz_val_ok(n, i + 4, 2, 1, 12) && nz_val(n, i + 2) > nz_val(n, i)) {
    d2 = i + 2;
    m = i + 4;
  } else if ((nz_is_sep(n, i + 1, '/') || nz_is_sep(n, i + 1, '-')) && nz_val_ok(n, i + 2, 2, 1, 12)) {
    m = i + 2;
  } else {
    return 0;
  }
  j = m + 1;
  if (!d2 && nz_is_sep(n, i + 1, '-') && nz_month_recurs(n, j))
    return 0; /* "ngày 5-10 hằng tháng": days of every month, not 5 October */
  size_t y = 0;
  if (d2 && nz_is_sep(n, j, '/') && nz_is_num(n, j + 1) && nz_ndig(n, j + 1) == 4) {
    y = j + 1;
    j += 2;
  }
  /* 20/11-25/11/2024: a glued dash before another date ends this one */
  int to_date = nz_is_p(n, j, '-') && (nz_dm_at(n, j + 1) || nz_full_date_at(n, j + 1));
  if (j < n->nt && !n->t[j].sp && !to_date &&
      (nz_is_num(n, j) || nz_is_word(n, j) ||
       ((nz_is_p(n, j, '/') || nz_is_p(n, j, '-') || nz_is_p(n, j, '.')) && nz_glued(n, j + 1) &&
        (nz_is_num(n, j + 1) || nz_is_word(n, j + 1)))))
    return 0;
  int add = 0;
  int ok = force || nz_date_context(n, i, j, &add) || y;
  if (!ok && nz_is_dash(n, j) && nz_is_num(n, j + 1) && nz_full_date_at(n, j + 1))
    ok = add = 1; /* từ 20/11 - 25/11/2024 */
  if (!ok && (!nz_is_word(n, j) || nz_starts_list(n, j, NL_LUNAR)) &&
      nz_names_a_day(n, i))
    ok = 1;
  if (!ok && (nz_bracketed_today(n, i) || nz_lone_day(n, i, j)))
    ok = add = 1;
  if (!ok)
    return 0;
  if (add || y)
    nz_date_prefix(n, i);
  nz_day(n, i, j);
  if (d2) {
    nz_say(n, NL_RANGE_TO);
    nz_day(n, d2, j);
  }
  nz_say(n, NL_MONTH);
  nz_month(n, nz_val(n, m));
  if (y) {
    nz_say(n, NL_YEAR);
    nz_cardinal(n, nz_val(n, y));
  }
  n->datelist = 1;
  return j - i;
}

/* A day glued by a comma to the date that follows, after ngày: "ngày
 * 10,11/12/2024" (not the decimal 10,11). */
static int days_then_date(nz *n, size_t k)
{
  if (!nz_val_ok(n, k, 2, 1, 31))
    return 0;
  if ((nz_is_sep(n, k + 1, '/') && nz_val_ok(n, k + 2, 2, 1, 12)) || nz_full_date_at(n, k))
    return 1;
  return nz_is_sep(n, k + 1, ',') && days_then_date(n, k + 2);
}

size_t nz_day_before_date(nz *n, size_t i)
{
  if (!nz_val_ok(n, i, 2, 1, 31) || !nz_is_sep(n, i + 1, ',') || !days_then_date(n, i + 2))
    return 0;
  if (!nz_after_list(n, i, NL_DAY) && !in_day_list(n, i))
    return 0;
  nz_day(n, i, written_date_end(n, i));
  nz_pause(n, PAUSE_COMMA);
  return 2;
}

/* m/yyyy: "tháng 9/2020", "08/2020", "quý 2/2024". */

size_t nz_month_year(nz *n, size_t i)
{
  int after_thang = nz_after_list(n, i, NL_MONTH);
  /* tuần 40/2025: a period's count may pass 12 */
  if (!nz_val_ok(n, i, 2, 1, nz_after_list(n, i, NL_PERIOD) ? 99 : 12) || i + 2 >= n->nt)
    return 0;
  uint32_t sep = n->t[i + 1].cp;
  if (n->t[i + 1].kind != TK_PUNCT || !(sep == '/' || (after_thang && (sep == '-' || sep == '.'))))
    return 0;
  if (!nz_is_sep(n, i + 1, sep) || !nz_val_ok(n, i + 2, 4, 1900, 2199) || nz_ndig(n, i + 2) != 4)
    return 0;
  /* a map scale: tỷ lệ 1/2000 */
  if (nz_after_list(n, i, NL_RATIO))
    return 0;
  size_t j = i + 3;
  if (j < n->nt && !n->t[j].sp &&
      (nz_is_num(n, j) || nz_is_word(n, j) ||
       ((nz_is_p(n, j, '/') || nz_is_dash(n, j)) && nz_glued(n, j + 1) &&
        (nz_is_num(n, j + 1) || nz_is_word(n, j + 1)))))
    return 0;
  /* quý 2/2024, đợt 2/2025, kỳ 1/2025: the count of a period, not a month */
  if (nz_after_list(n, i, NL_PERIOD) || (nz_prev_word_is(n, i, "q") && nz_glued(n, i))) {
    nz_count(n, i);
  } else {
    /* tháng 9, 10/2024 says tháng once; tháng 5-7/2024 says it twice */
    if (!after_thang && (nz_is_dash(n, i - 1) || !nz_in_list_after(n, i, 12, NL_MONTH)))
      nz_say(n, NL_MONTH);
    nz_month(n, nz_val(n, i));
  }
  nz_say(n, NL_YEAR);
  nz_cardinal(n, nz_val(n, i + 2));
  return j - i;
}
