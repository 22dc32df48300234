/* norm_words.c: the reading rules that start at a word (READING.md):
 * abbreviations from the lexicon (chosen by context), loanwords and brands,
 * Vietnamese words (lower-cased, modern tones), all-caps headings, Roman
 * numerals in headings and after quý/chương/phần/mục/khóa/thế kỷ, unknown
 * capitals spelled with letter names (and reported), glued syllables split
 * (quốcgia), mixed-case brands read in parts, URLs and e-mail addresses.
 */
#include "tts/norm_int.h"
#include "tts/numbers.h"
#include "lexicon/vntext.h"

#include <string.h>

#define SEG_MAX 48   /* code points of a word that may be split into syllables */

int nz_syllable(const nz *n, const char *w, size_t len)
{
  return loa_lexicon_is_syllable(n->lex, w, len);
}

/* ------------------------------------------------------------- context */

/* The lower-cased words around token I, for abbreviations such as BCH. */
static const char *context(nz *n, size_t i)
{
  /* eight words each side; numbers and signs between them do not count
   * ("45/KH-BCH ngày 3/9/2025 của Ban CHQS": CHQS is near) */
  size_t lo = i, hi = i + 1, k = 0;
  for (int w = 0; lo > 0 && w < 8; lo--)
    w += n->t[lo - 1].kind == TK_WORD;
  for (int w = 0; hi < n->nt && w < 8; hi++)
    w += n->t[hi].kind == TK_WORD;
  n->ctx[0] = 0;
  for (size_t j = lo; j < hi; j++) {
    if (j == i || n->t[j].kind != TK_WORD)
      continue;
    size_t l = n->t[j].lowlen;
    if (k + l + 2 >= sizeof n->ctx)
      break;
    if (k)
      n->ctx[k++] = ' ';
    memcpy(n->ctx + k, nz_low(n, j), l);
    k += l;
  }
  /* inside "123/UBND-NV" the parts are offices: rows for "#code" win */
  size_t ml = n->mark ? strlen(n->mark) : 0;
  if (ml && k + ml + 2 < sizeof n->ctx) {
    if (k)
      n->ctx[k++] = ' ';
    memcpy(n->ctx + k, n->mark, ml);
    k += ml;
  }
  n->ctx[k] = 0;
  return n->ctx;
}

/* Abbreviation S (LEN bytes) as written, then in upper case, then in lower
 * case ("B/c" finds "b/c"). */
static const char *abbr_lookup(nz *n, const char *s, size_t len, size_t at, int variants)
{
  const char *ctx = context(n, at);
  const char *r = loa_lexicon_abbr(n->lex, s, len, ctx);
  if (r || !variants || len > 120)
    return r;
  char buf[512];
  for (int pass = 0; pass < 2 && !r; pass++) {
    size_t o = 0, i = 0;
    while (i < len && o + 4 < sizeof buf) {
      uint32_t cp;
      i += loa_utf8_decode(s + i, len - i, &cp);
      o += loa_utf8_encode(pass ? loa_vn_lower(cp) : loa_vn_upper(cp), buf + o);
    }
    if (o != len || memcmp(buf, s, len))
      r = loa_lexicon_abbr(n->lex, buf, o, ctx);
  }
  return r;
}

/* ------------------------------------------------------------ spelling */

static void emit_letter(nz *n, uint32_t cp)
{
  char b[8];
  size_t l = loa_utf8_encode(cp, b);
  const char *name = loa_lexicon_letter(n->lex, b, l);
  if (name) {
    nz_emits(n, name);
    return;
  }
  /* a toned vowel (é, à) is itself a syllable */
  char low[16];
  int k = loa_vn_fold(b, l, low, sizeof low);
  if (k > 0 && nz_syllable(n, low, (size_t)k))
    nz_emit(n, low, (size_t)k);
}

void nz_spell(nz *n, const char *s, size_t len)
{
  for (size_t i = 0; i < len;) {
    uint32_t cp;
    i += loa_utf8_decode(s + i, len - i, &cp);
    if (cp >= '0' && cp <= '9')
      nz_digits(n, (const char *)&s[i - 1], 1);
    else
      emit_letter(n, cp);
  }
}

/* ------------------------------------------------------------ splitting */

/* The syllable the piece W is: itself, or with BARE the syllable it is written
 * without its marks (xuan, hiem in an address); NULL when none. */
static const char *piece_syllable(const nz *n, const char *w, size_t len, int bare)
{
  if (nz_syllable(n, w, len))
    return w;
  return bare ? loa_lexicon_bare_syllable(n->lex, w, len) : NULL;
}

/* With BARE, 1 when the piece [B,E) of W and the syllable the best split
 * ends with at B are two words a lexicon value says together (cong an, van
 * hoa), which settles conganxa as cong an xa rather than con gan xa. */
static int known_pair(const nz *n, const char *w, const size_t *off, const unsigned char *from,
                      const unsigned char *sylp, size_t b, size_t e, int bare)
{
  if (!bare || b == 0 || !sylp[b])
    return 0;
  size_t a = from[b];
  return loa_lexicon_bare_pair(n->lex, w + off[a], off[b] - off[a], w + off[b], off[e] - off[b]);
}

/* Split the folded word W into syllables, spelling what is left with letter
 * names (fewest pieces, letters cost more). Returns 1 if only syllables were
 * needed, 0 if letters were spelled, -1 if no split exists. EMIT 0: check.
 * BARE: pieces may be syllables written without their marks (web addresses). */
static int segment_marks(nz *n, const char *w, size_t len, int emit, int bare)
{
  size_t off[SEG_MAX + 1];
  size_t nc = 0;
  for (size_t i = 0; i < len && nc < SEG_MAX;) {
    uint32_t cp;
    off[nc++] = i;
    i += loa_utf8_decode(w + i, len - i, &cp);
  }
  if (nc >= SEG_MAX)
    return -1;
  off[nc] = len;
  int cost[SEG_MAX + 1];
  unsigned char from[SEG_MAX + 1], sylp[SEG_MAX + 1];
  cost[0] = 0;
  for (size_t e = 1; e <= nc; e++) {
    cost[e] = 1 << 20;
    for (size_t l = 1; l <= 7 && l <= e; l++) {
      size_t b = e - l;
      if (cost[b] >= 1 << 20)
        continue;
      /* syllables cost 4, one more when they start with a vowel after
       * another piece (ca ma ra, not cam a ra); spelled letters cost 6 */
      int c;
      uint32_t first;
      loa_utf8_decode(w + off[b], off[e] - off[b], &first);
      if (piece_syllable(n, w + off[b], off[e] - off[b], bare))
        c = 4 + (b > 0 && loa_vn_is_vowel(first)) -
            2 * known_pair(n, w, off, from, sylp, b, e, bare);
      else if (l == 1 && loa_lexicon_letter(n->lex, w + off[b], off[e] - off[b]))
        c = 6;
      else
        continue;
      if (cost[b] + c < cost[e]) {
        cost[e] = cost[b] + c;
        from[e] = (unsigned char)b;
        sylp[e] = c < 6;
      }
    }
  }
  if (cost[nc] >= 1 << 20)
    return -1;
  int only = 1;
  size_t pieces[SEG_MAX + 1], np = 0;
  for (size_t e = nc; e > 0; e = from[e]) {
    pieces[np++] = e;
    if (!sylp[e])
      only = 0;
  }
  if (!emit)
    return only;
  while (np) {
    size_t e = pieces[--np], b = from[e];
    const char *syl = sylp[e] ? piece_syllable(n, w + off[b], off[e] - off[b], bare) : NULL;
    if (syl == w + off[b])
      nz_emit(n, w + off[b], off[e] - off[b]);
    else if (syl)
      nz_emits(n, syl);
    else
      nz_emits(n, loa_lexicon_letter(n->lex, w + off[b], off[e] - off[b]));
  }
  return only;
}

static int segment(nz *n, const char *w, size_t len, int emit)
{
  return segment_marks(n, w, len, emit, 0);
}

/* A word that is not in the lexicon: split into syllables if it can be,
 * else spelled. Reported either way. */
static void unknown_word(nz *n, size_t i, const char *w, size_t len, size_t rep_from,
                         size_t rep_to, const char *reason)
{
  int r = segment(n, w, len, 1);
  if (r < 0) {
    nz_spell(n, w, len);
    nz_report(n, rep_from, rep_to, reason ? reason : "unknown word, spelled");
    return;
  }
  (void)i;
  nz_report(n, rep_from, rep_to,
            reason ? reason
                   : r == 1 ? "not a Vietnamese word, read as the syllables it contains"
                            : "unknown word, read in syllables and letters");
}

/* -------------------------------------------------------------- lexicon */

static int chunk_punct(uint32_t cp)
{
  return cp == '.' || cp == '/' || cp == '&' || cp == '-' || cp == '\'' || cp == 0x2019;
}

/* Glued tokens forming one lexicon key: "TP.", "v/v", "NN&PTNT", "e-mail". */
size_t nz_lex_chunk(nz *n, size_t i)
{
  size_t end = i + 1;
  while (end < n->nt && end < i + 9 && !n->t[end].sp &&
         (n->t[end].kind != TK_PUNCT || chunk_punct(n->t[end].cp)))
    end++;
  if (end == i + 1)
    return 0;
  for (size_t k = end; k >= i + 2; k--) {
    const tok *last = &n->t[k - 1];
    if (last->kind == TK_PUNCT && last->cp != '.')
      continue;
    if (k < n->nt && !n->t[k].sp && n->t[k].kind != TK_PUNCT && n->t[k].kind == last->kind)
      continue;
    const char *s = nz_text(n, i);
    size_t len = last->e - n->t[i].s;
    const char *r = abbr_lookup(n, s, len, i, 1);
    /* "P. Đông Thọ" is phường only near an address; a bare "P." is no guess */
    if (r && last->kind == TK_PUNCT && k == i + 2 &&
        loa_lexicon_abbr_how(n->lex, s, len, context(n, i)) == LOA_ABBR_GUESS)
      continue;
    if (!r)
      r = loa_lexicon_loanword(n->lex, s, len);
    if (r) {
      nz_emits(n, r);
      /* "... của UBND TP." ends the sentence too */
      if (last->kind == TK_PUNCT && k == n->nt)
        nz_pause(n, PAUSE_STOP);
      return k - i;
    }
  }
  return 0;
}

/* Words after which a capital group of I V X is a Roman numeral. */
static const char *const roman_after[] = {
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
  for (int w = 0; roman_after[w]; w++)
    if (nz_prev_word_is(n, i, roman_after[w]))
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

static size_t roman(nz *n, size_t i, int v)
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

/* ------------------------------------------------------------- classes */

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
  for (int w = 0; roman_after[w] && !after; w++)
    after = strlen(roman_after[w]) == (size_t)ll && !memcmp(roman_after[w], low, (size_t)ll);
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
    const char *ctx = context(n, i);
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
      loa_lexicon_abbr_how(n->lex, nz_text(n, i), t->e - t->s, context(n, i)) == LOA_ABBR_GUESS) {
    nz_emit(n, low, ll);
    return;
  }
  n->mark = numbered ? "#num" : NULL;
  const char *r = abbr_lookup(n, nz_text(n, i), t->e - t->s, i, 0);
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
  if (t->nch >= 5 && t->ascii && segment_marks(n, low, ll, 0, 1) == 1) {
    segment_marks(n, low, ll, 1, 1);
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
    if (nz_word_is(n, k, "tải") || nz_word_is(n, k, "xe") || nz_word_is(n, k, "cầu"))
      return 1;
  return 0;
}

static void capital_letter(nz *n, size_t i)
{
  const tok *t = &n->t[i];
  const char *low = nz_low(n, i);
  if (load_in_tonnes(n, i)) {
    nz_emits(n, "tấn");
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
    nz_emits(n, "quý");
    return;
  }
  if (numbered && loa_lexicon_abbr_has_context(n->lex, nz_text(n, i), t->e - t->s, "#num")) {
    n->mark = "#num";
    r = abbr_lookup(n, nz_text(n, i), t->e - t->s, i, 0);
    n->mark = NULL;
  } else if (!numbered) {
    r = abbr_lookup(n, nz_text(n, i), t->e - t->s, i, 0);
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
    if (nz_is_p(n, k - 1, ',') || nz_word_is(n, k - 1, "và") || nz_word_is(n, k - 1, "hoặc") ||
        (p->kind == TK_WORD && p->nch == 1 && p->cas == CASE_LOWER))
      k--;
    else
      break;
  }
  return k > 0 && (nz_word_is(n, k - 1, "điểm") || nz_word_is(n, k - 1, "tiết"));
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
    r = abbr_lookup(n, nz_text(n, i), t->e - t->s, i, !t->marked);
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
      nz_emits(n, "dê");
      return;
    }
    nz_spell(n, nz_text(n, i), t->e - t->s);
    return;
  }
  unknown_word(n, i, low, ll, i, i + 1, NULL);
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

/* Mixed case: "TTg" (abbreviation), "VNeID" (loanword), else read in the
 * parts the capitals mark ("HoanghoaS" hoang hoa ét) and reported. */
static void mixed_word(nz *n, size_t i)
{
  const tok *t = &n->t[i];
  const char *s = nz_text(n, i);
  size_t len = t->e - t->s;
  const char *r = abbr_lookup(n, s, len, i, 0);
  if (!r)
    r = loa_lexicon_loanword(n->lex, s, len);
  if (!r)
    r = loa_lexicon_unit(n->lex, s, len); /* "giá mỗi kWh" */
  if (r) {
    nz_emits(n, r);
    return;
  }
  /* parts: a run of capitals followed by lower case letters, or a lower-case run */
  size_t p = 0;
  while (p < len) {
    size_t q = p;
    uint32_t cp;
    int ncap = 0;
    while (q < len) {
      size_t k = loa_utf8_decode(s + q, len - q, &cp);
      if (loa_vn_lower(cp) == cp)
        break;
      q += k;
      ncap++;
    }
    size_t caps_end = q;
    while (q < len) {
      size_t k = loa_utf8_decode(s + q, len - q, &cp);
      if (loa_vn_lower(cp) != cp)
        break;
      q += k;
    }
    /* "UBNDxã" (a space lost in a PDF): an abbreviation, then a syllable */
    if (ncap > 1 && q > caps_end && glued_abbr_syllable(n, s + p, caps_end - p, s + caps_end,
                                                       q - caps_end)) {
      p = q;
      continue;
    }
    /* "VNe" -> capitals "VN" spelled, then "e" */
    if (ncap > 1 && q > caps_end) {
      size_t back = caps_end;
      while (back > p && ((unsigned char)s[back - 1] & 0xC0) == 0x80)
        back--;
      back--;
      nz_spell(n, s + p, back - p);
      p = back;
    }
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
    else if (ll > 0 && segment(n, low, (size_t)ll, 1) >= 0)
      ;
    else
      nz_spell(n, s + p, q - p);
    p = q;
  }
  nz_report(n, i, i + 1, "mixed-case word not in the lexicon, read in parts");
}

static int keeps_datelist(const nz *n, size_t i)
{
  static const char *const w[] = {"và", "đến", "tới", "ngày", "hoặc", "hay", "từ", "các",
                                  "mùng", "mồng", "cho", NULL};
  for (int k = 0; w[k]; k++)
    if (nz_word_is(n, i, w[k]))
      return 1;
  return 0;
}

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
 * days comes before. Returns the tokens used, or 0. */
static size_t weekday_short(nz *n, size_t i)
{
  static const char *const before[] = {"từ", "đến", "các", "ngày", "sáng", "chiều", "tối", NULL};
  /* "Tòa T2, T3", "khu T2": buildings and places numbered with T */
  if (!t_day(n, i))
    return 0;
  size_t f = i;
  while (f >= 3 && (nz_is_p(n, f - 1, ',') || nz_is_dash(n, f - 1) || nz_word_is(n, f - 1, "và")) &&
         t_day(n, f - 3))
    f -= 3;
  for (const char *const *p = loa_lexicon_list(n->lex, "t-place"); *p; p++)
    if (nz_prev_word_is(n, f, *p))
      return 0;
  int near = 0;
  for (int k = 0; before[k]; k++)
    near |= nz_prev_word_is(n, i, before[k]);
  size_t lo = i > 4 ? i - 4 : 0, hi = i + 6 < n->nt ? i + 6 : n->nt;
  for (size_t k = lo; k < hi && !near; k++)
    near = (k != i && t_day(n, k)) || (nz_word_is(n, k, "cn") && n->t[k].cas == CASE_UPPER);
  if (!near || loa_num_ordinal(nz_val(n, i + 1), n->south, n->nb, sizeof n->nb) <= 0)
    return 0;
  nz_emits(n, "thứ");
  nz_emits(n, n->nb);
  /* T2-T6 */
  if (nz_is_dash(n, i + 2) && t_day(n, i + 3)) {
    nz_emits(n, "đến");
    return 3;
  }
  /* T7, CN; T7 và CN; T2-CN: Sunday */
  size_t c = i + 3;
  if ((nz_is_p(n, i + 2, ',') || nz_is_dash(n, i + 2) || nz_word_is(n, i + 2, "và")) &&
      nz_word_is(n, c, "cn") && n->t[c].cas == CASE_UPPER &&
      !(nz_glued(n, c + 1) && (nz_is_word(n, c + 1) || nz_is_num(n, c + 1)))) {
    if (nz_is_p(n, i + 2, ','))
      nz_pause(n, PAUSE_COMMA);
    else
      nz_emits(n, nz_is_dash(n, i + 2) ? "đến" : "và");
    nz_emits(n, "chủ nhật");
    return 4;
  }
  return 2;
}

static int is_scale(const nz *n, size_t i)
{
  static const char *const w[] = {"nghìn", "ngàn", "triệu", "tỷ", "tỉ", NULL};
  if (!nz_is_word(n, i) || n->t[i].cas != CASE_LOWER)
    return 0;
  for (int k = 0; w[k]; k++)
    if (nz_word_is(n, i, w[k]))
      return 1;
  return 0;
}

/* "1.450 triệu m³", "2 nghìn ha", "5 triệu đ": the unit after the scale word
 * of a number (one-letter symbols other than m, đ are words there). */
static size_t scaled_unit(nz *n, size_t i)
{
  size_t k = i, used;
  while (k > 0 && is_scale(n, k - 1))
    k--;
  if (!is_scale(n, i) || k == 0 || !nz_is_num(n, k - 1) || is_scale(n, i + 1))
    return 0;
  const char *u = nz_unit_find(n, i + 1, &used);
  if (!u || (used == 1 && n->t[i + 1].nch == 1 && !nz_word_is(n, i + 1, "m") &&
             !nz_word_is(n, i + 1, "đ")))
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
static size_t letter_serial(nz *n, size_t i)
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
  if (!(nz_prev_word_is(n, k, "số") || nz_prev_word_is(n, k, "số phát hành") ||
        nz_prev_word_is(n, k, "số seri") || nz_prev_word_is(n, k, "số sê ri")))
    return 0;
  nz_spell(n, nz_text(n, i), t->e - t->s);
  nz_digits(n, nz_text(n, i + 1), (size_t)nz_ndig(n, i + 1));
  return 2;
}

/* A unit symbol that a table's "ĐVT: ha" or "Đơn vị tính: tấn" names, with no
 * number before it: read as the unit (héc ta). Tokens used, 0 when not so. */
static size_t named_unit(nz *n, size_t i)
{
  size_t k = i, used = 0;
  while (k > 0 && n->t[k - 1].kind == TK_PUNCT && (n->t[k - 1].cp == ':' || n->t[k - 1].cp == '('))
    k--;
  int named = k < i && (nz_prev_word_is(n, k, "đvt") || nz_prev_word_is(n, k, "đơn vị tính") ||
                        nz_prev_word_is(n, k, "đơn vị"));
  if (!named && !table_cell_unit(n, i))
    return 0;
  return nz_unit_at(n, i, &used) ? used : 0;
}

size_t nz_word(nz *n, size_t i)
{
  const tok *t = &n->t[i];
  if (n->datelist && !keeps_datelist(n, i))
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
    return roman(n, i, v);
  if ((r = scaled_unit(n, i)) || (r = weekday_short(n, i)) || (r = named_unit(n, i)) ||
      (r = letter_serial(n, i)))
    return r;
  /* 3 x 4, 4,5% x mức lương: multiplication */
  if (t->lowlen == 1 && nz_text(n, i)[0] == 'x' && i > 0 && i + 1 < n->nt &&
      (nz_is_num(n, i - 1) || nz_is_p(n, i - 1, '%') ||
       (i > 1 && nz_is_num(n, i - 2) && nz_is_word(n, i - 1) && nz_is_num(n, i + 1))) &&
      (nz_is_num(n, i + 1) || (t->sp && n->t[i + 1].sp && nz_is_word(n, i + 1)))) {
    nz_emits(n, "nhân");
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

/* -------------------------------------------------- document code parts */

static void code_part(nz *n, size_t i, size_t end)
{
  const char *s = nz_text(n, i);
  size_t len = n->t[end - 1].e - n->t[i].s;
  const char *r = abbr_lookup(n, s, len, i, 1);
  if (r) {
    nz_emits(n, r);
    return;
  }
  for (size_t k = i; k < end; k++) {
    if (nz_is_p(n, k, '&')) {
      nz_emits(n, "và");
      continue;
    }
    const tok *t = &n->t[k];
    r = abbr_lookup(n, nz_text(n, k), t->e - t->s, k, 1);
    if (!r)
      r = loa_lexicon_loanword(n->lex, nz_text(n, k), t->e - t->s);
    if (r) {
      nz_emits(n, r);
      continue;
    }
    nz_spell(n, nz_text(n, k), t->e - t->s);
    nz_report(n, k, k + 1, "unknown abbreviation in a document number, spelled");
  }
}

void nz_code_part(nz *n, size_t i, size_t end)
{
  n->mark = "#code";
  code_part(n, i, end);
  n->mark = NULL;
}

/* ------------------------------------------------------------ slashes */

int nz_is_denominator(const nz *n, size_t i)
{
  static const char *const w[] = {
    "người", "hộ", "khẩu", "ngày", "tháng", "năm", "tuần", "quý", "giờ", "phút", "giây",
    "lượt", "lần", "buổi", "ca", "con", "cái", "chiếc", "suất", "xuất", "sào", "mẫu", "tấn",
    "tạ", "yến", "lít", "đêm", "kỳ", "vụ", "học sinh", "trẻ", "hội viên", "đoàn viên",
    "đảng viên", "lao động", "cháu", "em", "bộ", "gói", "bao", "thùng", "chai", "hộp", "kg",
    "km", "ha", "m", "m2", "héc ta", "công", NULL};
  /* compounds that start with one of them: "CMND/hộ chiếu", "công chức/viên chức" */
  static const char *const not[] = {"hộ chiếu", "hộ tịch", "ca sĩ", "bộ trưởng", "công chức",
                                    "công dân", "công nhân", "công an", "công ty", "em bé", NULL};
  if (!nz_is_word(n, i))
    return 0;
  for (int k = 0; not[k]; k++)
    if (nz_words_at(n, i, not[k]))
      return 0;
  for (int k = 0; w[k]; k++)
    if (nz_words_at(n, i, w[k]))
      return 1;
  return loa_lexicon_unit(n->lex, nz_text(n, i), n->t[i].e - n->t[i].s) != NULL;
}

/* ----------------------------------------------------------------- URLs */

static int is_tld(const nz *n, size_t i)
{
  static const char *const tld[] = {"vn", "com", "net", "org", "gov", "edu", "info", "biz",
                                    "io", "me", "tv", "asia", "int", "ly", NULL};
  if (!nz_is_word(n, i) || !n->t[i].ascii)
    return 0;
  for (int k = 0; tld[k]; k++)
    if (nz_word_is(n, i, tld[k]))
      return 1;
  return 0;
}

static const char *url_punct(uint32_t cp)
{
  switch (cp) {
  case '.': return "chấm";
  case '/': return "gạch chéo";
  case ':': return "hai chấm";
  case '@': return "a còng";
  case '-': return "gạch ngang";
  case '_': return "gạch dưới";
  case '?': return "chấm hỏi";
  case '=': return "bằng";
  case '&': return "và";
  case '#': return "thăng";
  case '%': return "phần trăm";
  case '~': return "ngã";
  case '+': return "cộng";
  default: return NULL;
  }
}

static int trailing_punct(uint32_t cp)
{
  return cp == '.' || cp == ',' || cp == ';' || cp == ':' || cp == ')' || cp == ']' ||
         cp == '}' || cp == '>' || cp == '"' || cp == 0x201D || cp == '\'' || cp == 0x2019 ||
         cp == '!' || cp == '?' || cp == 0x2026;
}

size_t nz_url(nz *n, size_t i)
{
  if (!(i == 0 || n->t[i].sp ||
        (n->t[i - 1].kind == TK_PUNCT && (n->t[i - 1].cp == '(' || n->t[i - 1].cp == '<' ||
                                           n->t[i - 1].cp == '"' || n->t[i - 1].cp == 0x201C ||
                                           n->t[i - 1].cp == '[' || n->t[i - 1].cp == '\''))))
    return 0;
  size_t end = nz_chunk_end(n, i);
  while (end > i + 1 && n->t[end - 1].kind == TK_PUNCT && trailing_punct(n->t[end - 1].cp))
    end--;
  if (end < i + 3)
    return 0;
  int url = 0;
  /* scheme:// */
  if ((nz_word_is(n, i, "http") || nz_word_is(n, i, "https") || nz_word_is(n, i, "ftp")) &&
      nz_is_p(n, i + 1, ':') && nz_is_p(n, i + 2, '/'))
    url = 1;
  else if (nz_word_is(n, i, "www") && nz_is_p(n, i + 1, '.'))
    url = 1;
  if (!url) {
    /* e-mail: name@domain.tld */
    for (size_t k = i + 1; k + 1 < end && !url; k++)
      if (nz_is_p(n, k, '@') && !nz_is_p(n, k + 1, '.')) {
        for (size_t m = k + 1; m + 1 < end; m++)
          if (nz_is_p(n, m, '.') && (nz_is_word(n, m + 1) || nz_is_num(n, m + 1)))
            url = 1;
      }
  }
  if (!url) {
    /* bare domain: label(.label)+.tld[/path] */
    size_t k = i;
    int labels = 0;
    while (k < end && (nz_is_word(n, k) || nz_is_num(n, k))) {
      if (nz_is_word(n, k) && !n->t[k].ascii)
        return 0;
      labels++;
      size_t l = k;
      k++;
      while (k < end && nz_is_p(n, k, '-') && k + 1 < end &&
             (nz_is_word(n, k + 1) || nz_is_num(n, k + 1)))
        k += 2;
      if (k < end && nz_is_p(n, k, '.') && k + 1 < end) {
        k++;
        continue;
      }
      if (labels >= 2 && is_tld(n, l) && n->t[l].cas == CASE_LOWER &&
          (k == end || nz_is_p(n, k, '/') || nz_is_p(n, k, ':')))
        url = 1;
      break;
    }
  }
  if (!url)
    return 0;
  for (size_t k = i; k < end; k++) {
    const tok *t = &n->t[k];
    if (t->kind == TK_NUM) {
      if (nz_ndig(n, k) <= 2 && nz_text(n, k)[0] != '0')
        nz_cardinal(n, nz_val(n, k));
      else
        nz_digits(n, nz_text(n, k), (size_t)nz_ndig(n, k));
    } else if (t->kind == TK_WORD) {
      const char *r = loa_lexicon_loanword(n->lex, nz_text(n, k), t->e - t->s);
      if (r)
        nz_emits(n, r);
      else if (nz_syllable(n, nz_low(n, k), t->lowlen))
        nz_emit(n, nz_low(n, k), t->lowlen);
      else if (segment_marks(n, nz_low(n, k), t->lowlen, 1, t->ascii) < 0)
        nz_spell(n, nz_text(n, k), t->e - t->s);
    } else {
      const char *w = url_punct(t->cp);
      if (w)
        nz_emits(n, w);
      else
        nz_report(n, k, k + 1, "symbol in an address not read");
    }
  }
  return end - i;
}
