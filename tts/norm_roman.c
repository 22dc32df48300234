/* norm_roman.c: Roman numerals (docs/reading.md, "Numbers"): in headings (II. KẾT
 * QUẢ), after the words that number with them (quý III, chương IV, thế kỷ XXI),
 * in lists and ranges (quý I, II/2024; quý II-III).
 */
#include "tts/norm_int.h"
#include "tts/numbers.h"

#include <string.h>

/* Words after which a capital group of I V X is a Roman numeral. */
const char *const nz_roman_after[] = {
  "quý", "chương", "phần", "mục", "khóa", "khoá", "kỳ", "kì", "thứ", "lần", "đợt", "thế kỷ",
  "thế kỉ", "phụ lục", "giai đoạn", "đại hội", "học kỳ", "học kì", "tập", "hạng", "loại",
  "cấp", "vòng", "khu", "điều", "tiết", "bài", "khoản", "hk", "báo động", "bđ", "cấp độ", "vùng", "bậc", "nhóm", "độ", "tuyến", "khu vực",
  "thế chiến", "khóa họp", "số", NULL};
/* Compounds that end in one of those words but name no numbered part. */
static const char *const roman_not_after[] = {
  "hạng mục", "danh mục", "chuyên mục", "tiết mục", "thành phần", "cổ phần", "định kỳ",
  "chu kỳ", "thời kỳ", "nhiệm kỳ", "từng phần", NULL};

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
  for (int w = 0; roman_not_after[w]; w++)
    if (nz_prev_word_is(n, i, roman_not_after[w]))
      return 0;
  /* two letters or more of I, V, X alone are a number: "Hoa Sen II", "Trung ương XIII" */
  /* (XI, VI are also the syllables xi, vi: XI MĂNG) */
  if (t->nch >= 2 && !nz_syllable(n, nz_low(n, i), t->lowlen) &&
      !(nz_glued(n, i + 1) && (nz_is_word(n, i + 1) || nz_is_num(n, i + 1) ||
                               (nz_is_dash(n, i + 1) && nz_glued(n, i + 2)))) &&
      !(i > 0 && nz_glued(n, i) && (nz_is_word(n, i - 1) || nz_is_num(n, i - 1))))
    return v;
  for (int w = 0; nz_roman_after[w]; w++)
    if (nz_prev_word_is(n, i, nz_roman_after[w]))
      return v;
  /* a list: "quý I, II/2024", "chương I và II" */
  size_t k = i;
  while (k > 0 && (nz_is_p(n, k - 1, ',') || nz_is_dash(n, k - 1) ||
                   (nz_is_p(n, k - 1, '/') && nz_glued(n, k - 1) && nz_glued(n, k))))
    k--;
  if (k == i && k > 0 && (nz_word_is(n, k - 1, "và") || nz_word_is(n, k - 1, "đến") ||
                          nz_word_is(n, k - 1, "hoặc")))
    k--;
  if (k < i && k > 0 && nz_is_word(n, k - 1) && n->t[k - 1].cas == CASE_UPPER &&
      nz_roman_at(n, k - 1) > 0)
    return v;
  return 0;
}

size_t nz_roman(nz *n, size_t i, int v)
{
  if (nz_prev_word_is(n, i, "thứ") || nz_prev_word_is(n, i, "hạng")) {
    if (loa_num_ordinal((uint64_t)v, n->south, n->nb, sizeof n->nb) > 0)
      nz_emits(n, n->nb);
  } else {
    nz_cardinal(n, (uint64_t)v);
  }
  /* quý II-III/2026: a range */
  if (nz_is_dash(n, i + 1) && nz_glued(n, i + 1) && nz_glued(n, i + 2) && nz_is_word(n, i + 2) &&
      nz_roman_at(n, i + 2) > 0) {
    nz_emits(n, "đến");
    return 2;
  }
  /* quý III/2024 */
  if (nz_is_p(n, i + 1, '/') && nz_glued(n, i + 1) && nz_glued(n, i + 2) && nz_is_num(n, i + 2) &&
      nz_ndig(n, i + 2) == 4) {
    nz_emits(n, "năm");
    nz_cardinal(n, nz_val(n, i + 2));
    return 3;
  }
  return 1;
}
