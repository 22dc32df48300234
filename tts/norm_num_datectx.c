/* norm_num_datectx.c: whether a d/m is a date (docs/reading.md, "Dates"):
 * the words before it (ngày, sáng, kỷ niệm, trước, a weekday), after it (a
 * weekday, âm lịch, an hour), a table row or a list of days it stands in, and
 * the counted nouns that make it a ratio instead (5/9 thôn).
 */
#include "tts/norm_int.h"

#include <string.h>

/* A full date at token I: d/m/yyyy, d-m-yyyy, d.m.yyyy (and d/m/yy), with
 * nothing glued after it. Returns its tokens (5) or 0. */
size_t nz_full_date_at(const nz *n, size_t i)
{
  if (!nz_val_ok(n, i, 2, 1, 31) || i + 4 >= n->nt)
    return 0;
  uint32_t sep = n->t[i + 1].cp;
  if (n->t[i + 1].kind != TK_PUNCT || (sep != '/' && sep != '-' && sep != '.'))
    return 0;
  if (!nz_is_sep(n, i + 1, sep) || !nz_val_ok(n, i + 2, 2, 1, 12) || !nz_is_sep(n, i + 3, sep))
    return 0;
  if (!nz_is_num(n, i + 4))
    return 0;
  int yd = nz_ndig(n, i + 4);
  if (!(yd == 4 || (yd == 2 && sep == '/')))
    return 0;
  size_t j = i + 5;
  if (j < n->nt && !n->t[j].sp &&
      (nz_is_num(n, j) || nz_is_word(n, j) ||
       ((nz_is_p(n, j, sep) || nz_is_p(n, j, '/')) && nz_glued(n, j + 1) &&
        (nz_is_num(n, j + 1) || nz_is_word(n, j + 1)))))
    return 0;
  return 5;
}

/* A weekday just before token I, past commas, brackets, bars and dashes:
 * "thứ Sáu, 24/10", "Chủ nhật (5/10)", "thứ 2 - 5/10". */
int nz_weekday_before(const nz *n, size_t i)
{
  size_t k = i;
  while (k > 0 && n->t[k - 1].kind == TK_PUNCT &&
         (n->t[k - 1].cp == ',' || n->t[k - 1].cp == '(' || n->t[k - 1].cp == '|' ||
          nz_is_dash(n, k - 1)))
    k--;
  if (nz_after_list(n, k, NL_WEEKDAY))
    return 1;
  return k >= 2 && nz_is_num(n, k - 1) && nz_after_list(n, k - 1, NL_ORDINAL) &&
         nz_val_ok(n, k - 1, 1, 2, 7);
}

/* d/m at token K, glued, nothing glued after it. */
int nz_dm_at(const nz *n, size_t k)
{
  return nz_val_ok(n, k, 2, 1, 31) && nz_is_sep(n, k + 1, '/') && nz_val_ok(n, k + 2, 2, 1, 12) &&
         !(nz_glued(n, k + 3) && (nz_is_num(n, k + 3) || nz_is_word(n, k + 3)));
}


/* Token J starts a phrase that a ratio counts ("5/9 thôn", "3/3 xã") or a fraction
 * takes a part of ("2/3 số hộ", "1/4 dân số"). */
static int day_follows(const nz *n, size_t j);

int nz_counted_after(const nz *n, size_t j)
{
  return !day_follows(n, j) && (nz_is_denominator(n, j) || nz_at_list(n, j, NL_COUNTED) ||
                                nz_at_list(n, j, NL_FRACTION_OF));
}

/* Only the bullets of a list item, or table cells holding at most a number
 * (the STT), come before token I: "| 29/9 | ...", "| 1 | 5/9 | ...", "- 5/9: ". */
static int row_start(const nz *n, size_t i)
{
  int cells = 0;
  for (size_t k = 0; k < i; k++) {
    if (nz_is_p(n, k, '|'))
      cells = 1;
    else if ((cells || k == 0) && nz_is_num(n, k) && nz_ndig(n, k) <= 3 &&
             (nz_is_p(n, k + 1, '|') || nz_is_p(n, k + 1, ',')))
      continue;
    else if (k > 0 && nz_is_p(n, k, ',') && nz_is_num(n, k - 1) && k + 1 == i)
      continue; /* "1, 5/10, Bà ..." (a table row as the cleaner writes it) */
    else if (cells || n->t[k].kind != TK_PUNCT || !(nz_is_dash(n, k) || nz_is_p(n, k, '+') ||
                                                    nz_is_p(n, k, '*') || nz_is_p(n, k, 0x2022)))
      return 0;
  }
  return 1;
}

/* What follows a d/m at J names a day: a weekday ("(thứ Hai)", ", Chủ nhật",
 * "thứ 2"), "âm lịch", "ÂL", "hằng năm", "năm 2025". */
static int day_follows(const nz *n, size_t j)
{
  size_t k = j;
  while (k < n->nt && (nz_is_p(n, k, '(') || nz_is_p(n, k, ',') || nz_is_dash(n, k)))
    k++;
  if (nz_at_list(n, k, NL_WEEKDAY) || (nz_at_list(n, k, NL_ORDINAL) && nz_val_ok(n, k + 1, 1, 2, 7)))
    return 1;
  /* "5/10 lúc 7h30", "5/10, 14h00": a day and its hour */
  if ((nz_at_list(n, k, NL_AT_TIME) && nz_is_num(n, k + 1)) ||
      (nz_val_ok(n, k, 2, 0, 24) && nz_glued(n, k + 1) &&
       (nz_word_is(n, k + 1, "h") || (nz_is_p(n, k + 1, ':') && nz_is_num(n, k + 2)))))
    return 1;
  if (nz_at_list(n, j, NL_LUNAR) || nz_at_list(n, j, NL_YEAR_NAMED))
    return 1;
  return nz_at_list(n, j, NL_YEAR) && nz_is_num(n, j + 1) && nz_ndig(n, j + 1) == 4;
}

/* An hour just before token I ("lúc 7h30 5/10", "8 giờ, 6/10", "14:00, 6/10"). */
static int hour_before(const nz *n, size_t i)
{
  size_t k = i > 0 && nz_is_p(n, i - 1, ',') ? i - 1 : i;
  if (k >= 2 && nz_is_num(n, k - 2) && (nz_at_list(n, k - 1, NL_HOUR) || nz_at_list(n, k - 1, NL_MINUTE) ||
                                        (nz_word_is(n, k - 1, "h") && nz_glued(n, k - 1))))
    return 1;
  return k >= 3 && nz_is_num(n, k - 1) && nz_glued(n, k - 1) && nz_is_num(n, k - 3) &&
         ((nz_word_is(n, k - 2, "h") && nz_glued(n, k - 2)) || nz_is_sep(n, k - 2, ':'));
}

/* A d/m read as a date without a date word before it: a day after a month
 * is no count ("29/9": 29 of 9), a table row or list item led by it, a
 * weekday after it. Not after an address or class word (số 25/7, lớp 5/3). */
int nz_lone_day(const nz *n, size_t i, size_t j)
{
  if (!nz_is_sep(n, i + 1, '/') || nz_after_list(n, i, NL_NOT_DATE))
    return 0;
  if (day_follows(n, j))
    return 1;
  if (nz_counted_after(n, j))
    return 0;
  if (hour_before(n, i))
    return 1;
  /* "có 03/05", "đạt 12/12": after a word that counts, a count out of a total */
  if (nz_after_list(n, i, NL_COUNT_BEFORE))
    return 0;
  /* "01/10": a ratio is never written with a leading zero; a day often is */
  if (nz_ndig(n, i) == 2 && nz_text(n, i)[0] == '0')
    return 1;
  /* "6/10 - 10/10: ...": a range of days */
  if (nz_is_dash(n, j) && nz_dm_at(n, j + 1))
    return !nz_counted_after(n, j + 4);
  /* "trực 24/7": round the clock */
  if (nz_val(n, i) > nz_val(n, i + 2) && !(nz_val(n, i) == 24 && nz_val(n, i + 2) == 7))
    return 1;
  /* what a schedule says after the day: "5/10 trực ban", "5/10 Ông Hùng" */
  return row_start(n, i) && (j >= n->nt || nz_is_p(n, j, '|') || nz_is_p(n, j, ':') ||
                             nz_is_p(n, j, ',') || nz_at_list(n, j, NL_SCHEDULE));
}

/* "sáng nay (16/10)", "hôm qua (15/10)": a day in brackets after a word of today. */
int nz_bracketed_today(const nz *n, size_t i)
{
  return i >= 2 && nz_is_p(n, i - 1, '(') && nz_at_list(n, i - 2, NL_TODAY);
}

/* The d/m at I, ending at J, is in a place where a date is expected. */
int nz_date_context(nz *n, size_t i, size_t j, int *add_ngay)
{
  *add_ngay = 0;
  /* a street named after a day: "đường 30/4", "phố 3/2", "Quảng trường 19/8" */
  if (nz_is_sep(n, i + 1, '/') && nz_after_list(n, i, NL_STREET))
    return !nz_counted_after(n, j);
  if (nz_after_list(n, i, NL_DAY))
    return 1;
  if (nz_after_list(n, i, NL_DATE_BEFORE)) {
    *add_ngay = 1;
    return 1;
  }
  /* "sáng mai 6/6", "chiều nay 12/5", "hôm qua 7/3" */
  if (i > 0 && nz_after_list(n, i, NL_RELATIVE_DAY) && nz_after_list(n, i - 1, NL_DATE_BEFORE)) {
    *add_ngay = 1;
    return 1;
  }
  /* "từ 25/6 đến 10/7", "từ 20/11 đến nay": a range from a day */
  size_t to = j + (nz_at_list(n, j + 1, NL_DATE_TO_FILLER) > 0);
  if (nz_after_list(n, i, NL_FROM) && (nz_at_list(n, j, NL_RANGE_TO) || nz_is_dash(n, j)) &&
      (nz_dm_at(n, to + 1) || nz_full_date_at(n, to + 1) || nz_at_list(n, to + 1, NL_NOW))) {
    *add_ngay = 1;
    return 1;
  }
  if (nz_after_list(n, i, NL_DAY_NAMING) && !nz_counted_after(n, j)) {
    *add_ngay = 1;
    return 1;
  }
  if (nz_weekday_before(n, i)) {
    *add_ngay = 1;
    return 1;
  }
  /* "ngày 1 và 2/9", "từ ngày 20 - 25/9": the day before was a date */
  size_t k = i;
  while (k > 0 && n->t[k - 1].kind == TK_PUNCT && (n->t[k - 1].cp == ',' || nz_is_dash(n, k - 1)))
    k--;
  if (k > 0 && nz_at_list(n, k - 1, NL_DAY_JOIN))
    k--;
  if (k < i && k > 0 && nz_is_num(n, k - 1) && nz_val_ok(n, k - 1, 2, 1, 31) &&
      nz_after_list(n, k - 1, NL_DAY_LIST_START))
    return 1;
  return n->datelist;
}

/* "Quốc khánh 2/9", "Ngày Chuyển đổi số quốc gia 10/10": a d/m that ends a
 * phrase naming a day (not followed by a counted noun). */
int nz_names_a_day(const nz *n, size_t i)
{
  size_t lo = i > 8 ? i - 8 : 0;
  for (size_t k = lo; k < i; k++)
    if (nz_after_list(n, k + 1, NL_DAY_NAME))
      return 1;
  return 0;
}

/* "hằng tháng", "hàng tháng", "mỗi tháng", "các tháng", "trong tháng" at J:
 * the days before it are days of any month. */
int nz_month_recurs(const nz *n, size_t j)
{
  return nz_at_list(n, j, NL_MONTHLY);
}
