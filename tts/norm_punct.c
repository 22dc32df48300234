/* norm_punct.c: punctuation and signs (docs/reading.md, "Symbols"):
 * the pauses they make (none after "số:" before its number), bullets and
 * enumerators, the dot, the slash (trên or a pause), dashes (đến in a range,
 * nothing inside a body's name or a compound term, else a pause), plus, the
 * operators, and the signs read as words.
 */
#include "tts/norm_int.h"

#include <string.h>

static int is_bullet(uint32_t cp)
{
  switch (cp) {
  case '-': case '+': case '*': case 0x2022: case 0x25CF: case 0x25CB: case 0x25E6:
  case 0x25AA: case 0x25A0: case 0x25A1: case 0x25C6: case 0x25C7: case 0x25BA:
  case 0x25B6: case 0x27A2: case 0x2713: case 0x2714: case 0x2013: case 0x2014:
  case 0x2043: case 0x2023: case 0x2219: case 0x00B7: case 0xF0B7: case 0xF0A7:
  case 0x2666: case 0x25B8: case 0x2192: case '>': case '#': case 0x2756:
    return 1;
  default:
    return 0;
  }
}

size_t nz_lead_bullets(const nz *n)
{
  size_t k = 0;
  while (k < n->nt && n->t[k].kind == TK_PUNCT && is_bullet(n->t[k].cp))
    k++;
  return k;
}

/* 1 when only bullets come before token I on this line (counted once a line: asked of
 * every token, a line of a million dashes took the square of that). */
static int line_start(const nz *n, size_t i)
{
  return i <= n->bullets;
}

/* The '.' or ')' that closes a leading enumerator ("2.1.", "a)", "II."). */
static int closes_enumerator(const nz *n, size_t i)
{
  size_t k = n->bullets < i ? n->bullets : i;
  if (k >= i || i - k > 16)   /* "2.1.3." has a few tokens, not thousands */
    return 0;
  if (n->t[k].kind == TK_WORD) {
    if (n->t[k].nch > 4 || k + 1 != i)
      return 0;
    return n->t[k].nch == 1 || n->t[k].cas == CASE_UPPER;
  }
  for (; k < i; k++)
    if (n->t[k].kind != TK_NUM && !nz_is_p(n, k, '.'))
      return 0;
  return 1;
}

/* Punctuation that is not read and needs no report: quotes, brackets,
 * emphasis marks, bullets, separators. */
static int is_silent(uint32_t cp)
{
  if (is_bullet(cp))
    return 1;
  switch (cp) {
  case '"': case '\'': case '`': case '_': case '|': case '/': case '\\': case '^':
  case 0x201C: case 0x201D: case 0x201E: case 0x2018: case 0x2019: case 0x201A:
  case 0x00AB: case 0x00BB: case 0x2039: case 0x203A: case 0x2032: case 0x2033:
  case 0x00B4: case 0x02BC: case 0x2010: case 0x2011: case 0x2015: case '~': case '=':
  case 0xFFFC:
    return 1;
  default:
    return 0;
  }
}

static int pause_of(uint32_t cp)
{
  switch (cp) {
  case '.': case '!': case '?': case 0x2026: case 0x3002: case 0xFF01: case 0xFF1F:
    return PAUSE_STOP;
  case ',': case ';': case ':': case '(': case ')': case '[': case ']': case '{': case '}':
  case 0x3001: case 0xFF0C: case 0xFF1B: case 0xFF1A: case 0xFF08: case 0xFF09:
    return PAUSE_COMMA;
  default:
    return PAUSE_NONE;
  }
}

static int word_caps(const nz *n, size_t i)
{
  return nz_is_word(n, i) && (n->t[i].cas == CASE_UPPER || n->t[i].cas == CASE_MIXED);
}

/* '.': a heading number's dot (short pause), a dot inside "TT.HĐND"
 * (nothing), else the end of a sentence ("...", "./." included). */
static size_t dot(nz *n, size_t i)
{
  const tok *t = &n->t[i];
  if (closes_enumerator(n, i)) {
    nz_pause(n, PAUSE_COMMA);
    return 1;
  }
  if (i > 0 && !t->sp && nz_glued(n, i + 1) && word_caps(n, i - 1) && word_caps(n, i + 1))
    return 1;
  size_t j = i + 1;
  while (j < n->nt && !n->t[j].sp && (nz_is_p(n, j, '.') || nz_is_p(n, j, '/')))
    j++;
  nz_pause(n, PAUSE_STOP);
  return j - i;
}

/* A sign that ends an amount or a unit: % $ € ₫ ² ³ (50%/năm, 10$/kg, m²/người). */
static int unit_sign(const nz *n, size_t k)
{
  return nz_is_p(n, k, '%') || nz_is_p(n, k, '$') || nz_is_p(n, k, 0x20AC) || nz_is_p(n, k, 0x20AB) ||
         nz_is_p(n, k, 0x00B2) || nz_is_p(n, k, 0x00B3);
}

static int left_is_unit(const nz *n, size_t k)
{
  if (nz_is_num(n, k) || unit_sign(n, k))
    return 1;
  if (!nz_is_word(n, k))
    return 0;
  return loa_lexicon_unit(n->lex, nz_text(n, k), n->t[k].e - n->t[k].s) ||
         nz_at_list(n, k, NL_AMOUNT);
}

/* '/' between words: "trên" after a unit or before a denominator (đồng/hộ,
 * lượt/năm, 0,5%/tháng), a pause between alternatives (ông/bà, CMND/CCCD),
 * otherwise a pause that is reported. A spaced slash is not read. */
static size_t slash(nz *n, size_t i)
{
  const tok *t = &n->t[i];
  /* "1/ Mục đích", "a/ ...", "I/ ...": a heading number's slash */
  if (!t->sp && (i + 1 >= n->nt || n->t[i + 1].sp) && closes_enumerator(n, i)) {
    nz_pause(n, PAUSE_COMMA);
    return 1;
  }
  /* "2.345 hộ/3.012 hộ", "112 bé trai/100 bé gái": a count over a count */
  if (!t->sp && nz_glued(n, i + 1) && nz_is_num(n, i + 1)) {
    size_t k = i;
    while (k > 0 && i - k < 3 && nz_is_word(n, k - 1) && n->t[k - 1].cas == CASE_LOWER)
      k--;
    if (k < i && k > 0 && nz_is_num(n, k - 1)) {
      nz_say(n, NL_PER);
      return 1;
    }
  }
  if (!(i > 0 && !t->sp && nz_glued(n, i + 1) && nz_is_word(n, i + 1) &&
        (nz_is_word(n, i - 1) || nz_is_num(n, i - 1) || unit_sign(n, i - 1))))
    return 1;
  /* "mũi 1/mũi 2", "thôn 3/xã Hòa Phú": after a bare number only a
   * denominator reads trên */
  int bare = nz_is_num(n, i - 1);
  /* "10.000đ/lượt/xe", "đồng/người/tháng": the next slash of a per-unit chain */
  int chain = i >= 3 && nz_is_p(n, i - 2, '/') && !n->t[i - 2].sp && nz_glued(n, i - 1) &&
              nz_is_word(n, i - 1) && n->t[i + 1].cas == CASE_LOWER &&
              ((left_is_unit(n, i - 3) && !nz_is_num(n, i - 3)) || nz_is_denominator(n, i - 1));
  /* "5 hộ/thôn", "3 buổi/tuần": a count per something */
  chain = chain || (i >= 2 && nz_is_num(n, i - 2) && nz_is_denominator(n, i - 1) &&
                    n->t[i + 1].cas == CASE_LOWER);
  if ((left_is_unit(n, i - 1) && !bare) || nz_is_denominator(n, i + 1) || chain) {
    size_t used = 0;
    nz_say(n, NL_PER);
    return nz_unit_at(n, i + 1, &used) ? 1 + used : 1;
  }
  int same = bare && i >= 2 && nz_is_word(n, i - 2) &&
             n->t[i - 2].lowlen == n->t[i + 1].lowlen &&
             !memcmp(nz_low(n, i - 2), nz_low(n, i + 1), n->t[i + 1].lowlen);
  if (!(word_caps(n, i - 1) || word_caps(n, i + 1) || same ||
        (nz_at_list(n, i - 1, NL_ALTERNATIVE) && nz_at_list(n, i + 1, NL_ALTERNATIVE))))
    nz_report(n, i - 1, i + 2, "ambiguous slash, read as a pause");
  nz_pause(n, PAUSE_COMMA);
  return 1;
}

/* A number, or a Roman numeral or letter in capitals, at token K. */
static int numbered(const nz *n, size_t k)
{
  return nz_is_num(n, k) || (nz_is_word(n, k) && n->t[k].cas == CASE_UPPER && n->t[k].ascii);
}

/* The same word with a number (or a weekday) on both sides of the dash at I:
 * "thứ 2 - thứ 6", "thứ Hai - Chủ nhật", "tháng 5 - tháng 7", "quý I - quý III"
 * (list range-same; weekday for the names of the days). */
static int same_word_range(const nz *n, size_t i)
{
  if (i < 2 || i + 2 >= n->nt || !nz_at_list(n, i - 2, NL_RANGE_SAME))
    return 0;
  /* thứ, the first word of the weekdays' names: thứ Hai is numbered too */
  int wd = nz_starts_list(n, i - 2, NL_WEEKDAY);
  if (!numbered(n, i - 1) && !(wd && nz_at_list(n, i - 2, NL_WEEKDAY)))
    return 0;
  if (wd && nz_at_list(n, i + 1, NL_WEEKDAY))
    return 1;
  size_t la = n->t[i - 2].lowlen;
  return nz_is_word(n, i + 1) && la == n->t[i + 1].lowlen &&
         !memcmp(nz_low(n, i - 2), nz_low(n, i + 1), la) && numbered(n, i + 2);
}

static int hour_word(const nz *n, size_t k)
{
  return nz_at_list(n, k, NL_HOUR) || nz_at_list(n, k, NL_MINUTE) ||
         ((nz_word_is(n, k, "h") || nz_word_is(n, k, "g")) && nz_glued(n, k));
}

/* A dash between two times of day, one of them written in words: "7 giờ - 11
 * giờ", "7 giờ 30 - 11 giờ", "7h30 - 11 giờ" (a range, đến). */
static int time_range_dash(const nz *n, size_t i)
{
  /* "7 giờ -", "30 phút -", then "7 giờ 30 -", "7h30 -", "7 giờ 30 phút -" */
  int left = i >= 2 && hour_word(n, i - 1) && nz_is_num(n, i - 2);
  size_t k = i - (i > 0 && nz_at_list(n, i - 1, NL_MINUTE));
  if (!left && k >= 3 && nz_is_num(n, k - 1) && hour_word(n, k - 2) && nz_is_num(n, k - 3))
    left = 1;
  int right = nz_is_num(n, i + 1) &&
              (nz_at_list(n, i + 2, NL_HOUR) ||
               (nz_glued(n, i + 2) && (nz_word_is(n, i + 2, "h") || nz_word_is(n, i + 2, "g") ||
                                       nz_is_p(n, i + 2, ':'))));
  return left && right;
}

/* "từ thôn 1 - thôn 5", "từ lớp 1 - lớp 5", "cấp 6 - cấp 7", "Km 5 - Km 10": the
 * same word numbered on both sides of the dash after từ (or for cấp and km,
 * always) is a range, đến; without từ "Tổ 1 - Tổ 2" may be a pair. */
static int numbered_range_dash(const nz *n, size_t i)
{
  if (i < 2 || i + 2 >= n->nt || !nz_is_word(n, i - 2) || !nz_is_num(n, i - 1) ||
      !nz_is_word(n, i + 1) || !nz_is_num(n, i + 2) || nz_glued(n, i - 1) || nz_glued(n, i + 2))
    return 0;
  size_t la = n->t[i - 2].lowlen;
  if (la != n->t[i + 1].lowlen || memcmp(nz_low(n, i - 2), nz_low(n, i + 1), la))
    return 0;
  return nz_after_list(n, i - 2, NL_FROM) || nz_at_list(n, i - 2, NL_RANGE_NUMBERED);
}

/* A dash between two counts of the same thing or two durations: "15 tuổi - 60
 * tuổi", "50 con - 100 con", "2 tuần - 1 tháng", "6 tháng - 5 tuổi" (đến). */
static int count_range_dash(const nz *n, size_t i)
{
  if (i < 2 || i + 2 >= n->nt || !nz_is_num(n, i - 2) || !nz_is_num(n, i + 1) ||
      !nz_is_word(n, i - 1) || !nz_is_word(n, i + 2) || n->t[i - 1].cas != CASE_LOWER ||
      n->t[i + 2].cas != CASE_LOWER || !n->t[i - 1].sp || !n->t[i + 2].sp)
    return 0;
  size_t la = n->t[i - 1].lowlen;
  int same = la == n->t[i + 2].lowlen && !memcmp(nz_low(n, i - 1), nz_low(n, i + 2), la);
  return same || (nz_at_list(n, i - 1, NL_DURATION) && nz_at_list(n, i + 2, NL_DURATION));
}

static int capitalised(const nz *n, size_t k)
{
  return nz_is_word(n, k) && n->t[k].cas != CASE_LOWER;
}

/* A dash between two capitalised parts of the name of a body ("Sở Văn hóa – Thể thao
 * và Du lịch", "Phòng Tài chính - Kế hoạch", "SỞ NÔNG NGHIỆP - PTNT"): the words before
 * it, back to a word of the list body, are its name (a capitalised word first), and the
 * word after it is capitalised and starts no other body's name (Sở Y tế - Sở Tư pháp). */
static int name_dash(const nz *n, size_t i)
{
  if (i < 2 || !capitalised(n, i + 1) || nz_at_list(n, i + 1, NL_BODY))
    return 0;
  for (size_t k = i - 1, words = 0; k < i && nz_is_word(n, k) && words < 8; k--, words++) {
    size_t w = (size_t)nz_at_list(n, k, NL_BODY);
    if (w && k + w < i && capitalised(n, k + w))
      return 1;
    if (!k)
      break;
  }
  return 0;
}

/* The words either side of the dash at I are the two halves of a compound term of the
 * list dash-term ("kinh tế - xã hội", "chính trị - xã hội", "hỏi - đáp"). */
static int term_dash(const nz *n, size_t i)
{
  if (!i || !nz_is_word(n, i - 1) || !nz_is_word(n, i + 1))
    return 0;
  char left[96];
  for (const char *const *p = nz_list(n, NL_DASH_TERM); *p; p++)
    for (const char *sp = strchr(*p, ' '); sp; sp = strchr(sp + 1, ' ')) {
      size_t l = (size_t)(sp - *p);
      if (l >= sizeof left)
        break;
      memcpy(left, *p, l);
      left[l] = 0;
      if (nz_prev_word_is(n, i, left) && nz_words_at(n, i + 1, sp + 1))
        return 1;
    }
  return 0;
}

/* '-' and the dashes: a bullet at the start, nothing inside a written word
 * ("Bà Rịa-Vũng Tàu", "BC-UBND"), between the parts of a body's name or the halves of
 * a compound term, đến in a range, else a short pause between clauses. */
static size_t dash(nz *n, size_t i)
{
  if (count_range_dash(n, i) || numbered_range_dash(n, i) || time_range_dash(n, i) ||
      same_word_range(n, i)) {
    nz_say(n, NL_RANGE_TO);
    return 1;
  }
  /* "5 triệu - 10 triệu đồng", "2 tỷ – 3 tỷ": a range of amounts */
  if (i >= 2 && nz_is_num(n, i + 1) && nz_is_num(n, i - 2) && nz_is_word(n, i - 1) &&
      n->t[i - 1].cas == CASE_LOWER && left_is_unit(n, i - 1)) {
    nz_say(n, NL_RANGE_TO);
    return 1;
  }
  if (!line_start(n, i) && !(!n->t[i].sp && nz_glued(n, i + 1)) && !name_dash(n, i) &&
      !term_dash(n, i))
    nz_pause(n, PAUSE_COMMA);
  return 1;
}

/* '+': a bullet at the start, read (cộng) between numbers or glued, else a pause. */
static size_t plus(nz *n, size_t i)
{
  if (line_start(n, i))
    return 1;
  if ((i > 0 && nz_is_num(n, i - 1) && nz_is_num(n, i + 1)) || !n->t[i].sp || nz_glued(n, i + 1))
    nz_say_sign(n, '+');
  else
    nz_pause(n, PAUSE_COMMA);
  return 1;
}

/* '=' is read (bằng); '>' and '<' before a number are read (lớn hơn, nhỏ hơn),
 * '>=' and '<=' as ≥ and ≤; runs of = ~ * # _ are decoration (Markdown
 * emphasis, rules). */
static size_t operator(nz *n, size_t i)
{
  uint32_t cp = n->t[i].cp;
  if (cp == '>' || cp == '<') {
    if (line_start(n, i) || !(nz_is_num(n, i + 1) || nz_is_p(n, i + 1, '=')))
      return 1;
    int eq = nz_is_p(n, i + 1, '=');
    nz_say_sign(n, !eq ? cp : cp == '>' ? 0x2265 : 0x2264);
    return eq ? 2 : 1;
  }
  size_t j = i + 1;
  while (j < n->nt && nz_is_p(n, j, cp) && !n->t[j].sp)
    j++;
  if (cp == '=' && j == i + 1 && !line_start(n, i) && j < n->nt) {
    nz_say_sign(n, '=');
    return 1;
  }
  return j - i;
}

size_t nz_punct(nz *n, size_t i)
{
  uint32_t cp = n->t[i].cp;
  size_t used = nz_signed(n, i);
  if (used)
    return used;
  if (cp == '.')
    return dot(n, i);
  if (cp == '(' && (used = nz_acronym_gloss(n, i)))
    return used;
  if (cp == '(') {
    n->paren = n->out.n + 1;
  } else if (cp == ')' && n->paren) {
    nz_drop_repeat(n, n->paren - 1);
    n->paren = 0;
  }
  if (cp == ')' && closes_enumerator(n, i)) {
    nz_pause(n, PAUSE_COMMA);
    return 1;
  }
  /* "Quyết định số: 1829/QĐ-UBND": the colon joins số to its number, no pause */
  if (cp == ':' && nz_after_list(n, i, NL_NUMBER_WORD) && nz_is_num(n, i + 1))
    return 1;
  int p = pause_of(cp);
  if (p) {
    nz_pause(n, p);
    nz_tune(n, cp);
    return 1;
  }
  if (nz_is_dash(n, i) || cp == 0x2015)
    return dash(n, i);
  if (cp == '/')
    return slash(n, i);
  if (cp == '+')
    return plus(n, i);
  if (cp == '=' || cp == '~' || cp == '*' || cp == '#' || cp == '_' || cp == '>' || cp == '<')
    return operator(n, i);
  const char *w = nz_sign_reading(n, cp);
  if (w) {
    nz_emits(n, w);
    /* ½ ha */
    if ((cp == 0x00BD || cp == 0x00BC || cp == 0x00BE || cp == 0x2153) &&
        nz_unit_at(n, i + 1, &used))
      return 1 + used;
    return 1;
  }
  if (!is_silent(cp))
    nz_report(n, i, i + 1, cp == 0xFFFD ? "invalid byte, not read" : "symbol not read");
  return 1;
}
