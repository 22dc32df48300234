/* norm_num_codes.c: document numbers (docs/reading.md, "Document numbers and codes"):
 * 1829/QĐ-UBND, 06-NQ/TU, 42/2022/NĐ-CP read as the number, the year and the
 * expanded code, numbers glued by dashes that are codes (250915-0012), and vehicle
 * plates (30K1-2468, 29A-123.45: the serial dialled digit by digit).
 */
#include "tts/norm_int.h"

#include <string.h>

static int code_part_ok(const nz *n, size_t k)
{
  if (!nz_is_word(n, k))
    return 0;
  const tok *t = &n->t[k];
  if (t->cas == CASE_UPPER)
    return t->nch >= 1 && !(t->nch == 1 && nz_glued(n, k + 1) && nz_is_num(n, k + 1));
  if (t->cas == CASE_MIXED || t->cas == CASE_TITLE)
    return loa_lexicon_abbr(n->lex, nz_text(n, k), t->e - t->s, NULL) != NULL;
  return 0;
}

/* Extent of a code part at K ("QĐ", "GD&ĐT"): the token after it. */
static size_t code_part_end(const nz *n, size_t k)
{
  size_t e = k + 1;
  while (nz_is_p(n, e, '&') && nz_glued(n, e) && nz_glued(n, e + 1) && nz_is_word(n, e + 1))
    e += 2;
  return e;
}

/* "Quy định 144-QĐ/TW", "Hướng dẫn số 05-HD/BTG": the first code part names
 * the kind of document the text just named (QĐ is quy định here, not
 * quyết định): those words are read again. Returns 1 if so. */
static int doc_kind_said(nz *n, size_t i, size_t a, size_t b)
{
  size_t end = i - (size_t)nz_after_list(n, i, NL_NUMBER_WORD);
  size_t letters = 0;
  if (b != a + 1)
    return 0;
  for (size_t q = n->t[a].s; q < n->t[a].e; q++)
    letters += ((unsigned char)n->line[q] & 0xC0) != 0x80;
  if (letters < 2 || end < letters || !nz_initials_match(n, a, b, end))
    return 0;
  for (size_t k = end - letters; k < end; k++)
    if (!nz_is_word(n, k) || n->t[k].cas == CASE_UPPER || n->t[k].cas == CASE_MIXED ||
        !nz_syllable(n, nz_low(n, k), n->t[k].lowlen))
      return 0;
  for (size_t k = end - letters; k < end; k++)
    nz_emit(n, nz_low(n, k), n->t[k].lowlen);
  return 1;
}

/* NUMBER/CODE-CODE: "1829/QĐ-UBND", "06-NQ/TU", "42/2022/NĐ-CP",
 * "1829/QĐ – UBND", "85/KH- UBND", "1829 /QĐ-UBND", and "12- KH/ĐU" (a dash left
 * dangling after the number, when the code goes on with a slash). */
size_t nz_doc_number(nz *n, size_t i)
{
  size_t j = i + 1, year = 0;
  int dangling = 0;
  if (j >= n->nt)
    return 0;
  /* QNa-90123-TS is a registration, read by quantity, not a document */
  if (i > 1 && nz_glued(n, i) && nz_is_dash(n, i - 1) && nz_glued(n, i - 1) &&
      nz_is_word(n, i - 2) && n->t[i - 2].cas != CASE_LOWER)
    return 0;
  if (nz_is_p(n, j, '/')) {
    j++;
  } else if (nz_is_p(n, j, '-') && nz_glued(n, j) && nz_glued(n, j + 1)) {
    j++;
  } else if (nz_is_p(n, j, '-') && (nz_glued(n, j) || nz_glued(n, j + 1))) {
    j++;
    dangling = 1;
  } else {
    return 0;
  }
  if (nz_is_num(n, j) && nz_glued(n, j) && nz_ndig(n, j) == 4 && nz_is_p(n, j + 1, '/') &&
      nz_glued(n, j + 1)) {
    year = j;
    j += 2;
  }
  if (!code_part_ok(n, j))
    return 0;
  if (n->t[j].sp && !nz_is_p(n, i + 1, '/') && !dangling)
    return 0;
  size_t parts[16];
  size_t ends[16];
  int np = 0;
  size_t k = j;
  for (;;) {
    parts[np] = k;
    ends[np] = code_part_end(n, k);
    np++;
    size_t s = ends[np - 1];
    if (np == 16 || s >= n->nt)
      break;
    if (!(nz_is_p(n, s, '/') || nz_is_dash(n, s)))
      break;
    if (!code_part_ok(n, s + 1))
      break;
    k = s + 1;
  }
  if (dangling && !(np >= 2 && nz_is_p(n, ends[0], '/')))
    return 0;   /* "Tổ 12- Đội 3", "ngày 12 -KH": no code */
  nz_count(n, i);
  if (year) {
    nz_say(n, NL_YEAR);
    nz_cardinal(n, nz_val(n, year));
  }
  for (int p = 0; p < np; p++)
    if (p || !doc_kind_said(n, i, parts[0], ends[0]))
      nz_code_part(n, parts[p], ends[p]);
  return ends[np - 1] - i;
}

/* Number groups glued by dashes where one after the first starts with 0 and
 * has three digits or more ("250915-0012", "2024-0015"): a code, read digit by
 * digit; as a range the zeros would be dropped and the groups run together. */
size_t nz_dashed_code(nz *n, size_t i)
{
  size_t j = i;
  int zero = 0;
  while (nz_is_sep(n, j + 1, '-') && nz_glued(n, j + 2) && nz_is_num(n, j + 2)) {
    j += 2;
    zero |= nz_text(n, j)[0] == '0' && nz_ndig(n, j) >= 3;
  }
  int glued_on = j + 1 < n->nt && !n->t[j + 1].sp &&
                  (nz_is_word(n, j + 1) || nz_is_p(n, j + 1, '/'));
  if (j == i || !zero || glued_on)
    return 0;
  for (size_t k = i; k <= j; k += 2)
    nz_digits(n, nz_text(n, k), (size_t)nz_ndig(n, k));
  return j + 1 - i;
}

/* The series of a vehicle plate at token K: one or two capitals glued to the province
 * code, and maybe one digit (30K1, 29A, 51LD, 36B1). Returns the token after it, or 0. */
static size_t plate_series(const nz *n, size_t k)
{
  if (!nz_is_word(n, k) || !nz_glued(n, k) || n->t[k].cas != CASE_UPPER || !n->t[k].ascii ||
      n->t[k].nch > 2)
    return 0;
  if (nz_is_num(n, k + 1) && nz_glued(n, k + 1) && nz_ndig(n, k + 1) == 1)
    return k + 2;
  return k + 1;
}

/* The serial of a plate at token K: four or five digits, or three, a dot and two
 * (123.45), with nothing glued after. Returns the token after it, or 0. */
static size_t plate_serial(const nz *n, size_t k)
{
  size_t e = 0;
  if (nz_is_num(n, k) && (nz_ndig(n, k) == 4 || nz_ndig(n, k) == 5))
    e = k + 1;
  if (nz_is_num(n, k) && nz_ndig(n, k) == 3 && nz_is_sep(n, k + 1, '.') && nz_is_num(n, k + 2) &&
      nz_ndig(n, k + 2) == 2)
    e = k + 3;
  if (!e || (nz_glued(n, e) && (nz_is_num(n, e) || nz_is_word(n, e) ||
                                 ((nz_is_p(n, e, '.') || nz_is_dash(n, e)) && nz_glued(n, e + 1) &&
                                  nz_is_num(n, e + 1)))))
    return 0;
  return e;
}

/* A vehicle plate: "30K1-2468" ba mươi ca một, hai bốn sáu tám; "29A-123.45", "29-B1
 * 123.45", and after a word of plates (list plate: biển số, BKS) "36B1 23456": the
 * province code as a number, the series spelled, the serial digit by digit. */
size_t nz_plate(nz *n, size_t i)
{
  if (!nz_val_ok(n, i, 2, 10, 99) || nz_text(n, i)[0] == '0')
    return 0;
  size_t k = i + 1;
  if (nz_is_sep(n, k, '-') && nz_is_word(n, k + 1))
    k++;                               /* 29-B1 123.45: a motorbike's */
  size_t s = plate_series(n, k);
  if (!s)
    return 0;
  size_t b = i;
  while (b > 0 && nz_is_p(n, b - 1, ':'))
    b--;
  int named = nz_after_list(n, b, NL_PLATE) ||
              (nz_after_list(n, b, NL_ID_FILLER) && nz_after_list(n, b - 1, NL_PLATE));
  size_t e = 0;
  if (nz_is_sep(n, s, '-') || nz_is_sep(n, s, '.'))
    e = plate_serial(n, s + 1);
  if (!e && nz_is_num(n, s) && n->t[s].sp && (named || k > i + 1))
    e = plate_serial(n, s);
  if (!e)
    return 0;
  nz_count(n, i);
  for (size_t q = k; q < s; q++)
    if (nz_is_num(n, q))
      nz_count(n, q);
    else
      nz_spell(n, nz_text(n, q), n->t[q].e - n->t[q].s);
  nz_pause(n, PAUSE_COMMA);
  for (size_t q = s; q < e; q++)
    if (nz_is_num(n, q))
      nz_digits(n, nz_text(n, q), (size_t)nz_ndig(n, q));
  return e - i;
}
