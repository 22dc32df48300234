/* norm_words_num.c: words read with the number beside them: weekdays written
 * T2..T7 and CN, a scale word and its unit (2 nghìn ha), a unit in a table's
 * unit column or after ĐVT:, and the serial of a certificate (số CS 123456).
 */
#include "tts/norm_int.h"
#include "tts/numbers.h"

#include <string.h>

/* T2 ... T7 at token I: a weekday written short (glued digit 2-7). */
static int t_day(const nz *n, size_t i)
{
  return i + 1 < n->nt && nz_is_word(n, i) && n->t[i].nch == 1 && nz_text(n, i)[0] == 'T' &&
         nz_is_num(n, i + 1) && nz_glued(n, i + 1) && nz_ndig(n, i + 1) == 1 &&
         nz_val(n, i + 1) >= 2 && nz_val(n, i + 1) <= 7 &&
         !(nz_glued(n, i + 2) && (nz_is_word(n, i + 2) || nz_is_num(n, i + 2) ||
                                  nz_is_p(n, i + 2, '/') ||
                                  (nz_is_p(n, i + 2, '.') && nz_glued(n, i + 3))));
}

/* "từ T2 đến T6", "T7, CN": a weekday when another one is near or a word of
 * days comes before (weekday-before), read as the day's name (weekday: T2 thứ
 * hai, CN chủ nhật). Returns the tokens used, or 0. */
size_t nz_weekday_short(nz *n, size_t i)
{
  if (!t_day(n, i))
    return 0;
  /* "Tòa T2, T3", "khu T2": buildings and places numbered with T (t-place) */
  size_t f = i;
  while (f >= 3 && (nz_is_p(n, f - 1, ',') || nz_is_dash(n, f - 1) || nz_at_list(n, f - 1, NL_AND)) &&
         t_day(n, f - 3))
    f -= 3;
  if (nz_after_list(n, f, NL_T_PLACE))
    return 0;
  int near = nz_after_list(n, i, NL_WEEKDAY_BEFORE);
  size_t lo = i > 4 ? i - 4 : 0, hi = i + 6 < n->nt ? i + 6 : n->nt;
  for (size_t k = lo; k < hi && !near; k++)
    near = (k != i && t_day(n, k)) || (nz_word_is(n, k, "cn") && n->t[k].cas == CASE_UPPER);
  if (!near)
    return 0;
  const char *const *day = nz_list(n, NL_WEEKDAY);
  nz_emits(n, day[nz_val(n, i + 1) - 1]);
  /* T2-T6 */
  if (nz_is_dash(n, i + 2) && t_day(n, i + 3)) {
    nz_say(n, NL_RANGE_TO);
    return 3;
  }
  /* T7, CN; T7 và CN; T2-CN: Sunday */
  size_t c = i + 3;
  if ((nz_is_p(n, i + 2, ',') || nz_is_dash(n, i + 2) || nz_at_list(n, i + 2, NL_AND)) &&
      nz_word_is(n, c, "cn") && n->t[c].cas == CASE_UPPER &&
      !(nz_glued(n, c + 1) && (nz_is_word(n, c + 1) || nz_is_num(n, c + 1)))) {
    if (nz_is_p(n, i + 2, ','))
      nz_pause(n, PAUSE_COMMA);
    else
      nz_say(n, nz_is_dash(n, i + 2) ? NL_RANGE_TO : NL_AND);
    nz_emits(n, day[0]);
    return 4;
  }
  return 2;
}

/* A scale word written in lower case at token I (list scale: nghìn, triệu). */
static int is_scale(const nz *n, size_t i)
{
  return nz_is_word(n, i) && n->t[i].cas == CASE_LOWER && nz_at_list(n, i, NL_SCALE);
}

/* "1.450 triệu m³", "2 nghìn ha", "5 triệu đ": the unit after the scale word
 * of a number (one-letter symbols other than m, đ are words there). */
size_t nz_scaled_unit(nz *n, size_t i)
{
  size_t k = i, used;
  while (k > 0 && is_scale(n, k - 1))
    k--;
  if (!is_scale(n, i) || k == 0 || !nz_is_num(n, k - 1) || is_scale(n, i + 1))
    return 0;
  const char *u = nz_unit_find(n, i + 1, &used);
  if (!u || (used == 1 && n->t[i + 1].nch == 1 && !nz_at_list(n, i + 1, NL_SCALE_UNIT_LETTER)))
    return 0;
  nz_emit(n, nz_low(n, i), n->t[i].lowlen);
  nz_emits(n, u);
  return 1 + used;
}

/* Token I is a unit symbol alone in brackets ("Diện tích (ha)") or a whole
 * cell of a table row, as the cleaner writes one ("1, Lúa, ha, 450, 455,5" or
 * "| Lúa | ha | 450 |"): its unit column, with a number in a later cell. */
static int table_cell_unit(const nz *n, size_t i)
{
  size_t used = 0;
  if (!nz_unit_find(n, i, &used))
    return 0;
  size_t j = i + used;
  /* "Diện tích (ha)", "(m2)": a unit alone in brackets */
  if (i > 0 && nz_is_p(n, i - 1, '(') && nz_is_p(n, j, ')'))
    return 1;
  if ((i > 0 && !nz_is_p(n, i - 1, ',') && !nz_is_p(n, i - 1, '|')) ||
      (j < n->nt && !nz_is_p(n, j, ',') && !nz_is_p(n, j, '|')))
    return 0;
  for (size_t k = j; k + 1 < n->nt; k++)
    if ((nz_is_p(n, k, ',') || nz_is_p(n, k, '|')) && n->t[k + 1].sp && nz_is_num(n, k + 1))
      return 1;
  return 0;
}

/* "số CS 123456", "Số phát hành: DA 987654": after số, a serial of two or three
 * capitals and a spaced number of five to eight digits (a land certificate's)
 * is spelled and read digit by digit, not expanded (CS chính sách, DA dự án).
 * Tokens used, 0 when not so. */
size_t nz_letter_serial(nz *n, size_t i)
{
  const tok *t = &n->t[i];
  size_t k = i;
  while (k > 0 && nz_is_p(n, k - 1, ':'))
    k--;
  if (t->cas != CASE_UPPER || t->nch < 2 || t->nch > 3 || !t->ascii || !nz_is_num(n, i + 1) ||
      !n->t[i + 1].sp || nz_ndig(n, i + 1) < 5 || nz_ndig(n, i + 1) > 8 ||
      (i + 2 < n->nt && nz_glued(n, i + 2) && !nz_is_p(n, i + 2, ',') && !nz_is_p(n, i + 2, '.')) ||
      (nz_is_p(n, i + 2, '.') && nz_is_num(n, i + 3) && nz_glued(n, i + 3)))
    return 0;
  if (!nz_after_list(n, k, NL_SERIAL_BEFORE))
    return 0;
  nz_spell(n, nz_text(n, i), t->e - t->s);
  nz_digits(n, nz_text(n, i + 1), (size_t)nz_ndig(n, i + 1));
  return 2;
}

/* A unit symbol that a table's "ĐVT: ha" or "Đơn vị tính: tấn" names, with no
 * number before it: read as the unit (héc ta). Tokens used, 0 when not so. */
size_t nz_named_unit(nz *n, size_t i)
{
  size_t k = i, used = 0;
  while (k > 0 && n->t[k - 1].kind == TK_PUNCT && (n->t[k - 1].cp == ':' || n->t[k - 1].cp == '('))
    k--;
  int named = k < i && nz_after_list(n, k, NL_UNIT_LABEL);
  if (!named && !table_cell_unit(n, i))
    return 0;
  return nz_unit_at(n, i, &used) ? used : 0;
}
