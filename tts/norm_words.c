/* norm_words.c: the reading rules that start at a word (docs/reading.md,
 * "Abbreviations and context", "Loanwords"): which kind of word it is and how it is
 * read: Vietnamese words (lower-cased, modern tones), capitals (an abbreviation,
 * a syllable in a heading, a road or a code glued to a number, spelled when
 * unknown), one capital letter, mixed-case words read in parts.
 */
#include "tts/norm_int.h"
#include "tts/numbers.h"
#include "lexicon/vntext.h"

#include <string.h>

static int caps_syllable(const nz *n, size_t k)
{
  return k < n->nt && n->t[k].kind == TK_WORD && n->t[k].cas == CASE_UPPER && n->t[k].nch >= 2 &&
         nz_syllable(n, nz_low(n, k), n->t[k].lowlen);
}

/* "Đường tỉnh ĐT.506", "quốc lộ QL1A": the expansion R (two words or more)
 * is what was just said. */
static int repeats_output(const nz *n, const char *r)
{
  return strchr(r, ' ') && n->pause == PAUSE_NONE && nz_said_ending_at(n, r, strlen(r), n->out.n);
}

/* The reading R of a road or a numbered place ("Đường ĐT 506", "Tổ TDP 5"),
 * or of any abbreviation ("đất LUC", "Ban BCĐ"), less its first words when the
 * text has just said them: đường tỉnh, not đường đường tỉnh. */
static void emit_numbered(nz *n, const char *r)
{
  size_t on = n->out.n;
  if (n->pause == PAUSE_NONE)
    for (const char *e = r + strlen(r); e > r; e--) {
      if (*e != ' ' && *e != 0)
        continue;
      if (nz_said_ending_at(n, r, (size_t)(e - r), on)) {
        r = *e ? e + 1 : e;
        break;
      }
    }
  if (*r)
    nz_emits(n, r);
}

/* Token K is a number of four digits or more glued by a dash to the word at
 * W: the serial of a registration (QNa-90123-TS), whose letters are spelled. */
static int serial_at(const nz *n, size_t k, size_t w)
{
  size_t d = k < w ? k + 1 : w + 1;
  return k < n->nt && nz_is_num(n, k) && nz_ndig(n, k) >= 4 && nz_is_dash(n, d) &&
         nz_glued(n, d) && nz_glued(n, d + 1) && nz_text(n, k)[0] != '0' &&
         !(nz_val(n, k) >= 1900 && nz_val(n, k) <= 2100);
}

enum { NUM_NONE = 0, NUM_ROAD, NUM_CODE };

/* How the capitals at I go with a number after them: NUM_ROAD when the
 * abbreviation names numbered things ('#num': QL1A, BĐ2, "ĐT.506", and "ĐT 506"
 * with a short number after a space), NUM_CODE for any other capitals glued
 * to a number (a model or variety code, spelled: NK66, BC15). */
static int numbered_kind(const nz *n, size_t i)
{
  const tok *t = &n->t[i];
  int road = loa_lexicon_abbr_has_context(n->lex, nz_text(n, i), t->e - t->s, "#num");
  if (nz_glued(n, i + 1) && nz_is_num(n, i + 1))
    return road ? NUM_ROAD : NUM_CODE;
  if (!road)
    return NUM_NONE;
  if (nz_is_p(n, i + 1, '.') && nz_glued(n, i + 1) && nz_glued(n, i + 2) && nz_is_num(n, i + 2))
    return NUM_ROAD;
  if (nz_is_num(n, i + 1) && n->t[i + 1].sp && nz_ndig(n, i + 1) <= 4 &&
      nz_text(n, i + 1)[0] != '0')
    return NUM_ROAD;
  return NUM_NONE;
}

/* Capitals that end in a Roman numeral glued to a word that numbers with one
 * (BĐII báo động hai, BĐIII): read the word and the number; 0 when not so. */
static int glued_roman(nz *n, size_t i)
{
  const char *s = nz_text(n, i);
  size_t len = n->t[i].e - n->t[i].s, j = len;
  while (j > 0 && (s[j - 1] == 'I' || s[j - 1] == 'V' || s[j - 1] == 'X'))
    j--;
  if (j == 0 || j == len)
    return 0;
  int v = loa_num_roman(s + j, len - j);
  char low[64];
  int ll = loa_vn_fold(s, j, low, sizeof low);
  if (v <= 0 || v >= 40 || ll <= 0)
    return 0;
  int after = 0;
  for (const char *const *w = nz_list(n, NL_ROMAN_AFTER); *w && !after; w++)
    after = strlen(*w) == (size_t)ll && !memcmp(*w, low, (size_t)ll);
  const char *r = after ? loa_lexicon_abbr(n->lex, s, j, NULL) : NULL;
  if (!r)
    return 0;
  nz_emits(n, r);
  nz_cardinal(n, (uint64_t)v);
  return 1;
}

/* An all-capital token of two or more letters. */
static void capitals(nz *n, size_t i)
{
  const tok *t = &n->t[i];
  const char *low = nz_low(n, i);
  size_t ll = t->lowlen;
  int syl = nz_syllable(n, low, ll);
  /* in a heading a syllable is the word ("CA NHẠC", "ĐẦU TƯ"), unless the
   * context rows of its abbreviation say otherwise ("NQ TƯ", "QP AN") */
  if (n->heading && syl) {
    const char *ctx = nz_context(n, i);
    if (loa_lexicon_abbr_how(n->lex, nz_text(n, i), t->e - t->s, ctx) == LOA_ABBR_CONTEXT)
      nz_emits(n, loa_lexicon_abbr(n->lex, nz_text(n, i), t->e - t->s, ctx));
    else
      nz_emit(n, low, ll);
    return;
  }
  int nk = numbered_kind(n, i);
  if (nk == NUM_CODE) {
    nz_spell(n, nz_text(n, i), t->e - t->s);
    return;
  }
  int numbered = nk == NUM_ROAD;
  /* "ĐẦU TƯ", "NGUYỄN VĂN AN": in a run of capital words, a syllable whose
   * abbreviation has context rows only, none of them near, is the word */
  if (syl && !numbered && (caps_syllable(n, i - 1 < n->nt ? i - 1 : n->nt) || caps_syllable(n, i + 1)) &&
      loa_lexicon_abbr_how(n->lex, nz_text(n, i), t->e - t->s, nz_context(n, i)) == LOA_ABBR_GUESS) {
    nz_emit(n, low, ll);
    return;
  }
  n->mark = numbered ? "#num" : nz_alone_in_cell(n, i) ? "#cell" : NULL;
  const char *r = nz_abbr_lookup(n, nz_text(n, i), t->e - t->s, i, 0);
  n->mark = NULL;
  if (!r)
    r = loa_lexicon_loanword(n->lex, nz_text(n, i), t->e - t->s);
  if (r) {
    if (numbered || !repeats_output(n, r))
      emit_numbered(n, r);
    return;
  }
  if (syl && (t->marked || t->nch >= 4 || caps_syllable(n, i - 1 < n->nt ? i - 1 : n->nt) ||
              caps_syllable(n, i + 1))) {
    nz_emit(n, low, ll);
    return;
  }
  if (glued_roman(n, i))
    return;
  /* a foreign name in capitals that is all syllables (bão BUALOI, MATMO) is
   * read as them, not spelled as an acronym of five letters or more would be */
  if (t->nch >= 5 && t->ascii && nz_segment_marks(n, low, ll, 0, 1) == 1) {
    nz_segment_marks(n, low, ll, 1, 1);
    nz_report(n, i, i + 1, "capital word not in the lexicon, read as the syllables it contains");
    return;
  }
  nz_spell(n, nz_text(n, i), t->e - t->s);
  nz_report(n, i, i + 1, "unknown abbreviation, spelled");
}

/* One capital letter: a word (Ở đây, Y tế), an abbreviation, or a letter name. */
/* "tải trọng 10T", "xe trên 3,5T": T glued to a load is tấn (not lớp 10T1).
 * Token I is the T. */
static int load_in_tonnes(const nz *n, size_t i)
{
  if (!nz_word_is(n, i, "t") || i == 0 || !nz_glued(n, i) || !nz_is_num(n, i - 1) ||
      (i + 1 < n->nt && nz_glued(n, i + 1) && (nz_is_num(n, i + 1) || nz_is_word(n, i + 1))))
    return 0;
  size_t lo = i > 8 ? i - 8 : 0;
  for (size_t k = lo; k < i; k++)
    if (nz_at_list(n, k, NL_LOAD))
      return 1;
  return 0;
}

static void capital_letter(nz *n, size_t i)
{
  const tok *t = &n->t[i];
  const char *low = nz_low(n, i);
  if (load_in_tonnes(n, i)) {
    nz_say(n, NL_TONNE);
    return;
  }
  /* "Y tế", and in capitals "Y TẾ", "TRẠM Y TẾ": the syllable, not the letter */
  if (nz_syllable(n, low, t->lowlen) && nz_is_word(n, i + 1) && n->t[i + 1].sp &&
      (n->t[i + 1].cas == CASE_LOWER || caps_syllable(n, i + 1))) {
    nz_emit(n, low, t->lowlen);
    return;
  }
  /* a letter glued to a number names a numbered thing only when the lexicon
   * says so (Q1/2025 quý một): A12, H5N1 stay letters */
  int numbered = nz_glued(n, i + 1) && nz_is_num(n, i + 1);
  const char *r = NULL;
  /* Q1/2025: a quarter (but Q5 is a rice variety) */
  if (numbered && nz_word_is(n, i, "q") && nz_ndig(n, i + 1) == 1 && nz_val(n, i + 1) >= 1 &&
      nz_val(n, i + 1) <= 4 && nz_is_p(n, i + 2, '/') && nz_glued(n, i + 2) &&
      nz_is_num(n, i + 3) && nz_ndig(n, i + 3) == 4) {
    nz_say(n, NL_QUARTER);
    return;
  }
  if (numbered && loa_lexicon_abbr_has_context(n->lex, nz_text(n, i), t->e - t->s, "#num")) {
    n->mark = "#num";
    r = nz_abbr_lookup(n, nz_text(n, i), t->e - t->s, i, 0);
    n->mark = NULL;
  } else if (!numbered) {
    r = nz_abbr_lookup(n, nz_text(n, i), t->e - t->s, i, 0);
  }
  if (r) {
    nz_emits(n, r);
    return;
  }
  nz_spell(n, nz_text(n, i), t->e - t->s);
}

/* Lower-case or capitalised word. */
/* Token I is the letter of a list item: "d) ...", "- d. ...", "d/ ..." */
static int list_letter(const nz *n, size_t i)
{
  for (size_t k = 0; k < i; k++)
    if (!nz_is_dash(n, k) && !nz_is_p(n, k, '+') && !nz_is_p(n, k, '(') && !nz_is_p(n, k, '*'))
      return 0;
  return (nz_is_p(n, i + 1, ')') || nz_is_p(n, i + 1, '.') || nz_is_p(n, i + 1, '/')) &&
         nz_glued(n, i + 1) && !nz_glued(n, i + 2);
}

/* Token I is the letter of a point of law: "điểm d khoản 2", "các điểm a, b
 * và d", "tiết d" (its d is dê, as in a list, so that it differs from đ). */
static int legal_point(const nz *n, size_t i)
{
  size_t k = i;
  while (k > 0) {
    const tok *p = &n->t[k - 1];
    if (nz_is_p(n, k - 1, ',') || nz_at_list(n, k - 1, NL_LIST_JOIN) ||
        (p->kind == TK_WORD && p->nch == 1 && p->cas == CASE_LOWER))
      k--;
    else
      break;
  }
  return k > 0 && nz_at_list(n, k - 1, NL_LEGAL_POINT);
}

static void plain_word(nz *n, size_t i)
{
  const tok *t = &n->t[i];
  const char *low = nz_low(n, i);
  size_t ll = t->lowlen;
  if (nz_syllable(n, low, ll)) {
    nz_emit(n, low, ll);
    return;
  }
  const char *r = loa_lexicon_loanword(n->lex, nz_text(n, i), t->e - t->s);
  if (!r)
    r = nz_abbr_lookup(n, nz_text(n, i), t->e - t->s, i, !t->marked);
  /* a unit without a number before it: "giá mỗi kg", "tính theo mm" */
  if (!r && t->nch >= 2)
    r = loa_lexicon_unit(n->lex, nz_text(n, i), t->e - t->s);
  if (r) {
    nz_emits(n, r);
    return;
  }
  if (t->nch == 1) {
    /* the list letter d) is dê, beside đ) đê (in acronyms D is đê: PDF) */
    if (nz_word_is(n, i, "d") && nz_text(n, i)[0] == 'd' &&
        (list_letter(n, i) || legal_point(n, i))) {
      nz_say(n, NL_LETTER_D);
      return;
    }
    nz_spell(n, nz_text(n, i), t->e - t->s);
    return;
  }
  nz_unknown_word(n, i, low, ll, i, i + 1, NULL);
}

/* The capitals A (AL bytes) are an abbreviation and the lower-case letters W
 * (WL bytes) glued after them a syllable ("UBNDxã", "HĐNDhuyện"): both read. */
static int glued_abbr_syllable(nz *n, const char *a, size_t al, const char *w, size_t wl)
{
  char low[64];
  int ll = loa_vn_fold(w, wl, low, sizeof low);
  const char *r = ll > 0 && nz_syllable(n, low, (size_t)ll) ? loa_lexicon_abbr(n->lex, a, al, NULL)
                                                            : NULL;
  if (!r)
    return 0;
  nz_emits(n, r);
  nz_emit(n, low, (size_t)ll);
  return 1;
}

/* The part of S (LEN bytes) from P: a run of capitals, then lower-case letters.
 * Returns its end; *CAPS_END is where its capitals end, *NCAP how many there are. */
static size_t part_end(const char *s, size_t len, size_t p, size_t *caps_end, int *ncap)
{
  size_t q = p;
  uint32_t cp;
  *ncap = 0;
  while (q < len) {
    size_t k = loa_utf8_decode(s + q, len - q, &cp);
    if (loa_vn_lower(cp) == cp)
      break;
    q += k;
    (*ncap)++;
  }
  *caps_end = q;
  while (q < len) {
    size_t k = loa_utf8_decode(s + q, len - q, &cp);
    if (loa_vn_lower(cp) != cp)
      break;
    q += k;
  }
  return q;
}

/* The part [P,Q) of the mixed-case word S whose run had NCAP capitals: a
 * loanword, a syllable, an abbreviation, capitals spelled, the syllables it is
 * made of, else spelled. */
static void mixed_part(nz *n, const char *s, size_t p, size_t q, int ncap)
{
  char low[256];
  int ll = loa_vn_fold(s + p, q - p, low, sizeof low);
  const char *part = NULL;
  if (ll > 0) {
    part = loa_lexicon_loanword(n->lex, s + p, q - p);
    if (!part && !nz_syllable(n, low, (size_t)ll))
      part = loa_lexicon_abbr(n->lex, s + p, q - p, NULL);
  }
  if (part)
    nz_emits(n, part);
  else if (ll > 0 && nz_syllable(n, low, (size_t)ll))
    nz_emit(n, low, (size_t)ll);
  else if (ll > 0 && (size_t)ll == q - p && ncap == (int)(q - p))
    nz_spell(n, s + p, q - p);
  else if (!(ll > 0 && nz_segment(n, low, (size_t)ll, 1) >= 0))
    nz_spell(n, s + p, q - p);
}

/* Mixed case: "TTg" (abbreviation), "VNeID" (loanword), else read in the
 * parts the capitals mark ("HoanghoaS" hoang hoa ét) and reported. */
static void mixed_word(nz *n, size_t i)
{
  const tok *t = &n->t[i];
  const char *s = nz_text(n, i);
  size_t len = t->e - t->s;
  const char *r = nz_abbr_lookup(n, s, len, i, 0);
  if (!r)
    r = loa_lexicon_loanword(n->lex, s, len);
  if (!r)
    r = loa_lexicon_unit(n->lex, s, len); /* "giá mỗi kWh" */
  if (r) {
    nz_emits(n, r);
    return;
  }
  for (size_t p = 0, q, caps_end; p < len; p = q) {
    int ncap;
    q = part_end(s, len, p, &caps_end, &ncap);
    /* "UBNDxã" (a space lost in a PDF): an abbreviation, then a syllable */
    if (ncap > 1 && q > caps_end &&
        glued_abbr_syllable(n, s + p, caps_end - p, s + caps_end, q - caps_end))
      continue;
    /* "VNe" -> capitals "VN" spelled, then "e" */
    if (ncap > 1 && q > caps_end) {
      size_t back = caps_end;
      while (back > p && ((unsigned char)s[back - 1] & 0xC0) == 0x80)
        back--;
      back--;
      nz_spell(n, s + p, back - p);
      p = back;
    }
    mixed_part(n, s, p, q, ncap);
  }
  nz_report(n, i, i + 1, "mixed-case word not in the lexicon, read in parts");
}

size_t nz_word(nz *n, size_t i)
{
  const tok *t = &n->t[i];
  if (n->datelist && !nz_at_list(n, i, NL_DATELIST))
    n->datelist = 0;
  if (t->cas == CASE_UPPER && t->nch >= 2 &&
      (serial_at(n, i + 2, i) || (i >= 2 && serial_at(n, i - 2, i)))) {
    nz_spell(n, nz_text(n, i), t->e - t->s);
    return 1;
  }
  size_t r = nz_lex_chunk(n, i);
  if (r)
    return r;
  int v = nz_roman_at(n, i);
  if (v > 0)
    return nz_roman(n, i, v);
  if ((r = nz_scaled_unit(n, i)) || (r = nz_weekday_short(n, i)) || (r = nz_named_unit(n, i)) ||
      (r = nz_letter_serial(n, i)))
    return r;
  /* 3 x 4, 4,5% x mức lương: multiplication, read as × */
  if (t->lowlen == 1 && nz_text(n, i)[0] == 'x' && i > 0 && i + 1 < n->nt &&
      (nz_is_num(n, i - 1) || nz_is_p(n, i - 1, '%') ||
       (i > 1 && nz_is_num(n, i - 2) && nz_is_word(n, i - 1) && nz_is_num(n, i + 1))) &&
      (nz_is_num(n, i + 1) || (t->sp && n->t[i + 1].sp && nz_is_word(n, i + 1)))) {
    nz_say_sign(n, 0x00D7);
    return 1;
  }
  if (!t->latin) {
    nz_report(n, i, i + 1, "word in another script, not read");
    return 1;
  }
  switch (t->cas) {
  case CASE_UPPER:
    if (t->nch == 1)
      capital_letter(n, i);
    else
      capitals(n, i);
    break;
  case CASE_MIXED:
    mixed_word(n, i);
    break;
  default:
    plain_word(n, i);
    break;
  }
  return 1;
}
