/* norm_num_times.c: times of day (docs/reading.md, "Times"): 5h30', 17h30,
 * 14g, 19:30:15, 7.30 sáng, the minutes after a written giờ (7 giờ 05), and
 * minutes and seconds marks (30', 45'').
 */
#include "tts/norm_int.h"

#include <string.h>

/* "7g" alone is giờ only after lúc (g-hour-after) or before a part of the day
 * or ngày (lúc 7g sáng, 7g ngày 5/9): else 7 gam. */
static int g_is_hour(const nz *n, size_t i, size_t j)
{
  if (nz_after_list(n, i, NL_G_HOUR_AFTER))
    return 1;
  return (nz_at_list(n, j, NL_DAY_PART) || nz_word_is(n, j, nz_said(n, NL_DAY))) && n->t[j].sp;
}

/* The minutes after a written "giờ": "7 giờ 00" is bảy giờ, "14 giờ 05"
 * mười bốn giờ năm phút. Returns tokens used, 0 if not minutes. */
size_t nz_minutes_after_gio(nz *n, size_t i)
{
  if (!nz_after_list(n, i, NL_HOUR) || nz_ndig(n, i) != 2 || !nz_val_ok(n, i, 2, 0, 59))
    return 0;
  if (nz_glued(n, i + 1) && (n->t[i + 1].kind != TK_PUNCT || nz_is_num(n, i + 2)))
    return 0;
  uint64_t mi = nz_val(n, i);
  int phut = nz_at_list(n, i + 1, NL_MINUTE) > 0;
  if (mi == 0)
    return phut ? 2 : 1;
  if (nz_text(n, i)[0] != '0')
    return 0;
  nz_cardinal(n, mi);
  if (!phut)
    nz_say(n, NL_MINUTE);
  return 1;
}

/* H giờ, then the minutes MI when there are any (or seconds follow), with phút
 * when PHUT or they are under 10, then the seconds SEC; MI, SEC -1 when none. */
static void say_time(nz *n, uint64_t h, long mi, long sec, int phut)
{
  nz_cardinal(n, h);
  nz_say(n, NL_HOUR);
  if (mi > 0 || (mi == 0 && sec > 0)) {
    nz_cardinal(n, (uint64_t)mi);
    if (phut || sec > 0 || mi < 10)
      nz_say(n, NL_MINUTE);
  }
  if (sec > 0) {
    nz_cardinal(n, (uint64_t)sec);
    nz_say(n, NL_SECOND);
  }
}

/* 5h30', 17h30, 14h, 7h00, 14g30, lúc 7g sáng: the hour at I, h or g at J. */
static size_t hour_mark_time(nz *n, size_t i, size_t j)
{
  int g = nz_word_is(n, j, "g");
  j++;
  long mi = -1;
  if (nz_is_num(n, j) && nz_glued(n, j)) {
    if (!nz_val_ok(n, j, 2, 0, 59))
      return 0;
    mi = (long)nz_val(n, j);
    j++;
  } else if (g && !g_is_hour(n, i, j)) {
    return 0;
  }
  int phut = 0;
  if (j < n->nt && nz_glued(n, j) &&
      (nz_is_p(n, j, '\'') || nz_is_p(n, j, 0x2019) || nz_is_p(n, j, 0x2032) ||
       nz_word_is(n, j, "p") || nz_word_is(n, j, "ph") || nz_at_list(n, j, NL_MINUTE))) {
    phut = 1;
    j++;
  }
  if (j < n->nt && nz_glued(n, j) && (nz_is_word(n, j) || nz_is_num(n, j)))
    return 0;
  say_time(n, nz_val(n, i), mi, -1, phut);
  return j - i;
}

/* 19:30, 19:30:15 (and a giờ or h written after): the hour at I, ':' at J. */
static size_t colon_time(nz *n, size_t i, size_t j)
{
  if (!nz_val_ok(n, j + 1, 2, 0, 59) || nz_ndig(n, j + 1) != 2)
    return 0;
  long mi = (long)nz_val(n, j + 1), sec = -1;
  j += 2;
  if (nz_is_sep(n, j, ':') && nz_val_ok(n, j + 1, 2, 0, 60) && nz_ndig(n, j + 1) == 2) {
    sec = (long)nz_val(n, j + 1);
    j += 2;
  }
  say_time(n, nz_val(n, i), mi, sec, 0);
  if (nz_at_list(n, j, NL_HOUR) || nz_word_is(n, j, "h"))
    j++;
  return j - i;
}

/* A time of day at token I: 5h30', 17h30, 14g, 19:30:15, 7.30 sáng (a part of
 * the day after it). Returns the tokens used, or 0. */
size_t nz_time_of_day(nz *n, size_t i)
{
  if (!nz_val_ok(n, i, 2, 0, 24))
    return 0;
  size_t j = i + 1;
  if (nz_is_word(n, j) && nz_glued(n, j) && (nz_word_is(n, j, "h") || nz_word_is(n, j, "g")))
    return hour_mark_time(n, i, j);
  if (nz_is_sep(n, j, ':') && nz_is_num(n, j + 1))
    return colon_time(n, i, j);
  if (nz_is_sep(n, j, '.') && nz_is_num(n, j + 1) && nz_ndig(n, j + 1) == 2 &&
      nz_val_ok(n, j + 1, 2, 0, 59) && !nz_glued(n, j + 2) && nz_at_list(n, j + 2, NL_DAY_PART)) {
    say_time(n, nz_val(n, i), (long)nz_val(n, j + 1), -1, 0);
    return j + 2 - i;
  }
  return 0;
}

/* 30' (minutes), 45'' or 45″ (seconds) after a plain number */
size_t nz_minutes_mark(nz *n, size_t i)
{
  size_t j = i + 1;
  if (!nz_glued(n, j) || nz_ndig(n, i) > 3)
    return 0;
  int prime = nz_is_p(n, j, '\'') || nz_is_p(n, j, 0x2032) || nz_is_p(n, j, 0x2019);
  int sec = nz_is_p(n, j, 0x2033) || (prime && nz_glued(n, j + 1) &&
                                      (nz_is_p(n, j + 1, '\'') || nz_is_p(n, j + 1, 0x2032)));
  if (!prime && !sec)
    return 0;
  size_t e = j + 1 + (sec && prime);
  const char *dir = nz_compass(n, e);
  if (!dir && e < n->nt && nz_glued(n, e) && (nz_is_word(n, e) || nz_is_num(n, e)))
    return 0;
  nz_count(n, i);
  nz_say(n, sec ? NL_SECOND : NL_MINUTE);
  if (dir)
    nz_emits(n, dir);
  return e - i + (dir != NULL);
}
