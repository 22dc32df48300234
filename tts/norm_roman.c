/* norm_roman.c: Roman numerals (docs/reading.md, "Roman numerals"): in headings (II. KẾT
 * QUẢ), after the words that number with them (quý III, chương IV, thế kỷ XXI),
 * in lists and ranges (quý I, II/2024; quý II-III).
 */
#include "tts/norm_int.h"
#include "tts/numbers.h"

#include <string.h>

int nz_roman_at(nz *n, size_t i)
{
  const tok *t = &n->t[i];
  if (t->kind != TK_WORD || t->cas != CASE_UPPER || !t->ascii)
    return 0;
  int v = loa_num_roman(nz_text(n, i), t->e - t->s);
  /* the numbers of headings, quý, chương, khóa, thế kỷ are written with I, V
   * and X only; an L or a C is a letter ("C. KẾT LUẬN", "hạng mục XL") */
  if (v <= 0 || v >= 40)
    return 0;
  /* heading: "II. KẾT QUẢ", "IV- ...", only bullets before */
  int first = 1;
  for (size_t k = 0; k < i; k++)
    if (n->t[k].kind != TK_PUNCT || !(n->t[k].cp == '-' || n->t[k].cp == '+' ||
                                      n->t[k].cp == '*' || n->t[k].cp == 0x2022))
      first = 0;
  int hyphen = nz_is_dash(n, i + 1) && nz_glued(n, i + 1) && nz_glued(n, i + 2) &&
               nz_is_word(n, i + 2) && nz_syllable(n, nz_low(n, i), t->lowlen); /* XI-MĂNG */
  if (first && i + 1 < n->nt && !hyphen &&
      (nz_is_p(n, i + 1, '.') || nz_is_p(n, i + 1, ')') || nz_is_dash(n, i + 1) ||
       nz_is_p(n, i + 1, ':')))
    return v;
  /* "I/ MỤC ĐÍCH", "II/ NỘI DUNG": a slash then a space (not V/v, III/2024) */
  if (first && nz_is_p(n, i + 1, '/') && nz_glued(n, i + 1) &&
      (i + 2 >= n->nt || n->t[i + 2].sp))
    return v;
  if (first && i + 1 == n->nt)
    return n->t[i].nch > 1 ? v : 0;
  /* a period: "quý III/2024" broken across lines leaves "III/2024" */
  if (nz_is_p(n, i + 1, '/') && nz_glued(n, i + 1) && nz_glued(n, i + 2) && nz_is_num(n, i + 2) &&
      nz_ndig(n, i + 2) == 4 && !nz_glued(n, i + 3))
    return v;
  /* compounds that end in a trigger word name no numbered part: hạng mục XL */
  if (nz_after_list(n, i, NL_ROMAN_NOT_AFTER))
    return 0;
  /* two letters or more of I, V, X alone are a number: "Hoa Sen II", "Trung ương XIII" */
  /* (XI, VI are also the syllables xi, vi: XI MĂNG) */
  if (t->nch >= 2 && !nz_syllable(n, nz_low(n, i), t->lowlen) &&
      !(nz_glued(n, i + 1) && (nz_is_word(n, i + 1) || nz_is_num(n, i + 1) ||
                               (nz_is_dash(n, i + 1) && nz_glued(n, i + 2)))) &&
      !(i > 0 && nz_glued(n, i) && (nz_is_word(n, i - 1) || nz_is_num(n, i - 1))))
    return v;
  if (nz_after_list(n, i, NL_ROMAN_AFTER))
    return v;
  /* a list: "quý I, II/2024", "chương I và II" */
  size_t k = i;
  while (k > 0 && (nz_is_p(n, k - 1, ',') || nz_is_dash(n, k - 1) ||
                   (nz_is_p(n, k - 1, '/') && nz_glued(n, k - 1) && nz_glued(n, k))))
    k--;
  if (k == i && k > 0 && nz_at_list(n, k - 1, NL_ROMAN_JOIN))
    k--;
  if (k < i && k > 0 && nz_is_word(n, k - 1) && n->t[k - 1].cas == CASE_UPPER &&
      nz_roman_at(n, k - 1) > 0)
    return v;
  return 0;
}

size_t nz_roman(nz *n, size_t i, int v)
{
  if (nz_after_list(n, i, NL_ROMAN_ORDINAL)) {
    if (loa_num_ordinal(&n->numw, (uint64_t)v, n->nb, sizeof n->nb) > 0)
      nz_emits(n, n->nb);
  } else {
    nz_cardinal(n, (uint64_t)v);
  }
  /* quý II-III/2026: a range */
  if (nz_is_dash(n, i + 1) && nz_glued(n, i + 1) && nz_glued(n, i + 2) && nz_is_word(n, i + 2) &&
      nz_roman_at(n, i + 2) > 0) {
    nz_say(n, NL_RANGE_TO);
    return 2;
  }
  /* quý III/2024 */
  if (nz_is_p(n, i + 1, '/') && nz_glued(n, i + 1) && nz_glued(n, i + 2) && nz_is_num(n, i + 2) &&
      nz_ndig(n, i + 2) == 4) {
    nz_say(n, NL_YEAR);
    nz_cardinal(n, nz_val(n, i + 2));
    return 3;
  }
  return 1;
}
