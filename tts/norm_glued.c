/* norm_glued.c: a word written in the letters a-z that no table knows as a whole, read as
 * the parts it is glued from (docs/reading.md, "Loanwords", "Names without their
 * marks"): "eLearningHub" i lơ ninh háp, "QuangXuongS" quảng xương ét, "SmartThanhHoa",
 * "congdichvucong", "Telemedicine".
 *
 * Each piece of the word is one of:
 *   - known: an English word or brand of loanwords.tsv, a part of english.tsv (e, tele),
 *     a name written without its marks (a place of gazetteer.tsv, in the unit the
 *     address names when it names one: hoangkim.hoanghoa is Hoằng Kim; a word of
 *     toneless.tsv, an abbreviation's expansion: nghean nghệ an, dichvucong dịch vụ
 *     công), or the word of a unit (xa xã, huyen huyện) just before such a name, or an
 *     abbreviation of three letters or more, spelled (ubnd in ubndxa);
 *   - a Vietnamese syllable as written (hoang, kim), or one whose only missing marks are
 *     those of its vowels (xuan xuân): no tone is guessed, except that a syllable ending
 *     in p, t, c or ch, which cannot be said without one, gets the tone of the word of
 *     the lexicon written so (cuoc cuộc), else sắc;
 *   - a stretch read by the English letter-to-sound rule (norm_english.c);
 *   - a letter, said by its name.
 * A change of case starts a new part of the word (e|Learning|Hub, Quang|Xuong|S), and
 * each part is read either as Vietnamese (known pieces and syllables, when they make it
 * up wholly and the syllables could be a Vietnamese word's: no lone vowel inside it, no
 * English silent e at its end, none glued to an English word) or as English (known
 * pieces, the letter-to-sound rule, letters); known pieces may run across parts
 * (QuangXuong is one name). Of the readings, the one with the fewest and surest pieces
 * wins (a known piece costs least whatever its length, a syllable more, a stretch of
 * English what its syllables would, a letter most), and of equal ones the one whose
 * pieces come longest first (xuan|hoa, not xua|nhoa).
 */
#include "tts/norm_int.h"
#include "lexicon/vntext.h"

#include <stdio.h>
#include <string.h>
#include <utf8proc.h>

#define GL_MAX 48         /* letters of a word that may be split */
#define GL_NO (1 << 20)
#define GL_KEY_MAX 40    /* the longest piece looked up in the tables */

enum { C_PIECE = 3, C_KNOWN = 6, C_SHORT_LOAN = 9, C_SYL = 8, C_TONED = 9, C_VOWEL_START = 2, C_LETTER = 12, C_EN_SYL = 8,
       C_EN = 4 };

enum { P_NONE, P_LOAN, P_PART, P_NAME, P_UNIT, P_ABBR, P_SYL, P_MARKED, P_EN, P_LETTER };

typedef struct {
  const nz *n;
  const char *w;
  size_t len;
  const unsigned char *cut;      /* cut[i]: a new part starts at letter I (change of case) */
  const unsigned char *caps;     /* caps[i]: letter I belongs to a run of capitals */
  /* what each piece [B, E) is, found once: its known kind (0 not looked up yet, P_NONE
   * none) and reading, and whether it is a syllable (0 not yet, 1 no, 2 as written, 3
   * marked, 4 given a tone) */
  unsigned char kk[GL_MAX + 1][GL_MAX + 1], ks[GL_MAX + 1][GL_MAX + 1];
  const char *kr[GL_MAX + 1][GL_MAX + 1];
  int cost[GL_MAX + 1];          /* the cheapest reading of the letters from I on */
  unsigned char to[GL_MAX + 1], kind[GL_MAX + 1]; /* its first piece [I, to) and kind */
} glue;

static int is_vowel(char c)
{
  return c && strchr("aeiouy", c) != NULL;
}

/* No cut (change of case) strictly inside [B, E), and no letter of a run of capitals
 * (unless the piece is that one letter). */
static int one_part(const glue *g, size_t b, size_t e)
{
  for (size_t i = b + 1; i < e; i++)
    if (g->cut && g->cut[i])
      return 0;
  if (g->caps && e - b > 1)
    for (size_t i = b; i < e; i++)
      if (g->caps[i])
        return 0;
  return 1;
}

/* The name that W (L bytes, without marks) is: within a unit that the address being
 * read names (hoangkim in hoangkim.hoanghoa...: Hoằng Kim), else alone; NULL if none. */
static const char *place(const nz *n, const char *w, size_t l, const char **kind)
{
  for (int k = 0; k < n->naddr_units; k++) {
    const tok *t = &n->t[n->addr_units[k]];
    const char *r = loa_lexicon_place_in(n->lex, w, l, nz_low(n, n->addr_units[k]), t->lowlen, kind);
    if (r)
      return r;
  }
  return loa_lexicon_place(n->lex, w, l, kind);
}

/* The reading of the known piece [B, E) and its kind (P_LOAN, P_PART, P_NAME, P_UNIT),
 * else NULL. */
static const char *known_raw(const glue *g, size_t b, size_t e, int *kind)
{
  const char *w = g->w + b, *k = NULL;
  size_t l = e - b;
  const char *r = l >= 2 ? loa_lexicon_loanword(g->n->lex, w, l) : NULL;
  if (r) {
    *kind = P_LOAN;
    return r;
  }
  char key[GL_KEY_MAX + 16];
  memcpy(key, "part:", 5);
  memcpy(key + 5, w, l);
  key[5 + l] = ':';
  size_t kl = l + 6;
  r = loa_lexicon_english(g->n->lex, key, kl);
  if (!r && (e == g->len || (g->cut && g->cut[e]))) {
    memcpy(key + kl, "end", 3);                 /* a part that ends a word: innova|tion */
    r = loa_lexicon_english(g->n->lex, key, kl + 3);
  }
  if (r && *r && (l >= 2 || b == 0)) {        /* a one-letter part only in front: eTax */
    *kind = P_PART;
    return r;
  }
  r = place(g->n, w, l, &k);
  if (r) {
    *kind = k && !strcmp(k, "unit") ? P_UNIT : P_NAME;
    return r;
  }
  /* an abbreviation of three letters or more (ubnd in ubndxa): spelled, as in an address */
  char up[16];
  for (size_t i = 0; i < l && l < sizeof up; i++)
    up[i] = (char)(w[i] - 'a' + 'A');
  if (l >= 3 && l < sizeof up && !nz_syllable(g->n, w, l) && loa_lexicon_abbr(g->n->lex, up, l, NULL)) {
    *kind = P_ABBR;
    return w;
  }
  return NULL;
}

/* The syllable the piece [B, E) is as written, or with its vowel marks only (xuan
 * xuân), or, for a syllable that ends in p, t, c, ch and so has no toneless form, the one
 * the lexicon's words write so (cuoc cuộc, from cuộc vận động), else with sắc (the
 * tone of such a syllable in a loanword); *MARKED says it is not as written. NULL when
 * none. BUF holds what is made (BUFLEN bytes). */
static const char *syllable_raw(const glue *g, size_t b, size_t e, int *marked, char *buf,
                                size_t buflen)
{
  *marked = 0;
  if (e - b > 7)
    return NULL;
  if (nz_syllable(g->n, g->w + b, e - b))
    return g->w + b;
  const char *s = loa_lexicon_bare_toneless(g->n->lex, g->w + b, e - b);
  if (!s && nz_stop_syllable(g->n->lex, g->w + b, e - b, buf, buflen)) {
    const char *used = loa_lexicon_bare_syllable(g->n->lex, g->w + b, e - b);
    s = used && loa_lexicon_is_syllable(g->n->lex, used, strlen(used)) ? used : buf;
  }
  *marked = s != NULL;
  return s;
}

static const char *known(glue *g, size_t b, size_t e, int *kind)
{
  if (!g->kk[b][e]) {
    int k = P_NONE;
    g->kr[b][e] = e - b <= GL_KEY_MAX ? known_raw(g, b, e, &k) : NULL;
    g->kk[b][e] = (unsigned char)(g->kr[b][e] ? k : P_NONE) + 1;
  }
  *kind = g->kk[b][e] - 1;
  return *kind == P_NONE ? NULL : g->kr[b][e];
}

/* Whether [B, E) is a syllable: 0 no, else 1 as written, 2 marked, 3 given a tone. */
static int syllable_kind(glue *g, size_t b, size_t e)
{
  if (!g->ks[b][e]) {
    char buf[64];
    int marked;
    const char *sy = syllable_raw(g, b, e, &marked, buf, sizeof buf);
    g->ks[b][e] = !sy ? 1 : !marked ? 2 : nz_toned(sy) ? 4 : 3;
  }
  return g->ks[b][e] - 1;
}

/* 1 when the syllable S (lower case) carries a tone mark. */
static int toned_cp(uint32_t cp)
{
  static const char *const toned = "àáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ";
  char b[8];
  size_t l = loa_utf8_encode(cp, b);
  b[l] = 0;
  return cp >= 0x80 && strstr(toned, b) != NULL;
}

int nz_strip_marks(const char *w, size_t len, char *out, size_t cap)
{
  size_t k = 0;
  for (size_t i = 0; i < len;) {
    uint32_t cp;
    i += loa_utf8_decode(w + i, len - i, &cp);
    utf8proc_int32_t d[4];
    int lc;
    utf8proc_ssize_t r = utf8proc_decompose_char((utf8proc_int32_t)cp, d, 4, UTF8PROC_DECOMPOSE, &lc);
    uint32_t base = r >= 1 ? (uint32_t)d[0] : cp;
    if (base == 0x111)
      base = 'd';
    if (base < 'a' || base > 'z' || k + 1 >= cap)
      return -1;
    out[k++] = (char)base;
  }
  out[k] = 0;
  return (int)k;
}

int nz_toned(const char *s)
{
  for (size_t i = 0, n = strlen(s); i < n;) {
    uint32_t cp;
    i += loa_utf8_decode(s + i, n - i, &cp);
    if (toned_cp(cp))
      return 1;
  }
  return 0;
}

/* 1 when the syllable [B, E) of the part [PS, PE) could be a Vietnamese word's: not a
 * lone vowel after the part's start (a-re-a), not ending in ing (English's, never a
 * Vietnamese rime: track-ing), not the part's end in one vowel, one consonant, e
 * (English's silent e: ca-re, ho-me; but giu-se). */
static int vn_piece_ok(const glue *g, size_t ps, size_t pe, size_t b, size_t e)
{
  if (b > ps && e - b == 1 && is_vowel(g->w[b]))
    return 0;
  if (e - b >= 3 && !memcmp(g->w + e - 3, "ing", 3))    /* English's ing, never a rime */
    return 0;
  return !(e == pe && pe - ps >= 4 && g->w[pe - 1] == 'e' && !is_vowel(g->w[pe - 2]) &&
           is_vowel(g->w[pe - 3]) && !is_vowel(g->w[pe - 4]));
}

/* 1 when the part [PS, PE) is made up wholly of known pieces and of syllables a
 * Vietnamese word could hold (vn_piece_ok), no syllable that starts with a vowel glued to
 * an English word or part (stream|ing), and needs no more syllables than the English
 * rule would say (out-reach: ao rích, not o út re ách): then it is read as Vietnamese,
 * else as English. */
static int vn_part(glue *g, size_t ps, size_t pe)
{
  enum { AFTER_EN = 1, AFTER_VN = 2 };  /* reachable with an English / other piece last */
  unsigned char ok[GL_MAX + 1] = {0};
  int syl[GL_MAX + 1];                   /* the fewest syllable pieces to reach each end */
  char buf[256];
  ok[ps] = AFTER_VN;
  syl[ps] = 0;
  for (size_t e = ps + 1; e <= pe; e++) {
    syl[e] = GL_NO;
    for (size_t b = ps; b < e; b++) {
      int kind;
      if (!ok[b])
        continue;
      if (known(g, b, e, &kind) && kind != P_UNIT) {
        ok[e] |= kind == P_LOAN || kind == P_PART ? AFTER_EN : AFTER_VN;
        syl[e] = syl[b] < syl[e] ? syl[b] : syl[e];
      } else if (((ok[b] & AFTER_VN) || !is_vowel(g->w[b])) && one_part(g, b, e) &&
                 syllable_kind(g, b, e) && vn_piece_ok(g, ps, pe, b, e)) {
        ok[e] |= AFTER_VN;
        syl[e] = syl[b] + 1 < syl[e] ? syl[b] + 1 : syl[e];
      }
    }
  }
  if (!ok[pe])
    return 0;
  int en = syl[pe] > 1 ? nz_english(g->n->lex, g->w + ps, pe - ps, buf, sizeof buf) : 0;
  return en <= 0 || syl[pe] <= en;
}

/* A name (not the word of a unit) starts at E. */
static int name_starts(glue *g, size_t e)
{
  for (size_t f = e + 2; f <= g->len; f++) {
    int kind;
    if (known(g, e, f, &kind) && kind == P_NAME)
      return 1;
  }
  return 0;
}

/* Take the piece [B, E) of kind KIND costing COST if it makes the reading from B cheaper
 * (pieces are tried longest first, so an equal one does not replace it). */
static void take(glue *g, size_t b, size_t e, int cost, int kind)
{
  if (g->cost[e] >= GL_NO)
    return;
  cost += C_PIECE + g->cost[e];
  if (cost < g->cost[b]) {
    g->cost[b] = cost;
    g->to[b] = (unsigned char)e;
    g->kind[b] = (unsigned char)kind;
  }
}

/* The pieces that start at B, in the part ending at PE read as Vietnamese (VN) or not. */
static void pieces_from(glue *g, size_t b, size_t pe, int vn)
{
  char en[256];
  g->cost[b] = GL_NO;
  for (size_t e = g->len; e > b; e--) {
    int kind;
    /* a loanword of three letters or fewer (hot, top, web) costs more than a syllable:
     * in hotro, ho tro before hot ro */
    if (known(g, b, e, &kind) && (kind != P_UNIT || name_starts(g, e)))
      take(g, b, e, kind == P_LOAN && e - b <= 3 ? C_SHORT_LOAN : C_KNOWN, kind);
    if (e > pe || !one_part(g, b, e))
      continue;
    /* a syllable given a tone (xat xát) costs more than one as written (xa tho hoa) */
    int sk = vn ? syllable_kind(g, b, e) : 0;
    if (sk)
      take(g, b, e, (sk == 3 ? C_TONED : C_SYL) + (b > 0 && is_vowel(g->w[b]) ? C_VOWEL_START : 0),
           sk == 1 ? P_SYL : P_MARKED);
    /* a stretch of English runs up to the part's end or a known piece (agritech, not
     * ag|ritech) */
    int to_known = e == pe || (g->kind[e] >= P_LOAN && g->kind[e] <= P_ABBR);
    int k = !vn && to_known && e - b >= 2 && e - b <= 24
                ? nz_english(g->n->lex, g->w + b, e - b, en, sizeof en) : 0;
    if (k > 0)
      take(g, b, e, C_EN_SYL * k + C_EN, P_EN);
    if (e - b == 1 && loa_lexicon_letter(g->n->lex, g->w + b, 1))
      take(g, b, e, C_LETTER, P_LETTER);
  }
}

/* Say the piece [B, E) of kind KIND. */
static void say_piece(nz *n, glue *g, size_t b, size_t e, int kind)
{
  int k;
  const char *r;
  char en[256];
  switch (kind) {
  case P_LOAN:
  case P_PART:
  case P_NAME:
  case P_UNIT:
    nz_emits(n, known(g, b, e, &k));
    break;
  case P_ABBR:
    nz_spell(n, g->w + b, e - b);
    break;
  case P_SYL:
  case P_MARKED:
    r = syllable_raw(g, b, e, &k, en, sizeof en);
    if (r == g->w + b)
      nz_emit(n, r, e - b);
    else
      nz_emits(n, r);
    break;
  case P_EN:
    if (nz_english(n->lex, g->w + b, e - b, en, sizeof en) > 0)
      nz_emits(n, en);
    break;
  default:
    nz_emits(n, loa_lexicon_letter(n->lex, g->w + b, 1));
    break;
  }
}

/* The case of the ASCII word S (LEN bytes) as where its parts start (CUT: a capital
 * after a small letter, or the last capital of a run that a small letter follows:
 * e|Learning|Hub, MB|Bank) and which letters are of a run of capitals (CAPS: VN in
 * VNPTiOffice). */
void nz_case_parts(const char *s, size_t len, unsigned char *cut, unsigned char *caps)
{
  for (size_t i = 0; i < len; i++) {
    int up = s[i] >= 'A' && s[i] <= 'Z';
    int prev = i > 0 && s[i - 1] >= 'A' && s[i - 1] <= 'Z';
    int next = i + 1 < len && s[i + 1] >= 'A' && s[i + 1] <= 'Z';
    int small_next = i + 1 < len && s[i + 1] >= 'a' && s[i + 1] <= 'z';
    cut[i] = i > 0 && up && (!prev || small_next);
    caps[i] = up && (next || (prev && !small_next));
  }
}

int nz_read_glued(nz *n, const char *w, size_t len, const unsigned char *cut,
                  const unsigned char *caps, int emit)
{
  if (len == 0 || len > GL_MAX)
    return -1;
  glue g;                            /* about 24 kB: what each piece is, found once */
  memset(g.kk, 0, sizeof g.kk);
  memset(g.ks, 0, sizeof g.ks);
  g.n = n;
  g.w = w;
  g.len = len;
  g.cut = cut;
  g.caps = caps;
  int vowels = 0;
  for (size_t i = 0; i < len; i++) {
    if (w[i] < 'a' || w[i] > 'z')
      return -1;
    vowels += is_vowel(w[i]);
  }
  if (!vowels) {                     /* vtv, hcm: letters, as an abbreviation is spelled */
    for (size_t i = 0; emit && i < len; i++)
      nz_emits(n, loa_lexicon_letter(n->lex, w + i, 1));
    return GLUED_LETTER;
  }
  unsigned char start[GL_MAX + 1], vn[GL_MAX + 1];
  size_t np = 0;
  for (size_t ps = 0, pe; ps < len; ps = pe, np++) {   /* the parts, left to right */
    for (pe = ps + 1; pe < len && !(cut && cut[pe]); pe++)
      ;
    start[np] = (unsigned char)ps;
    vn[np] = 0;
  }
  start[np] = (unsigned char)len;
  g.cost[len] = 0;
  for (size_t p = np; p-- > 0;) {                      /* the readings, right to left */
    vn[p] = (unsigned char)vn_part(&g, start[p], start[p + 1]);
    for (size_t b = start[p + 1]; b-- > start[p];)
      pieces_from(&g, b, start[p + 1], vn[p]);
  }
  if (g.cost[0] >= GL_NO)
    return -1;
  int used = 0;
  for (size_t b = 0; b < len; b = g.to[b]) {
    int k = g.kind[b];
    used |= k == P_LOAN || k == P_PART || k == P_ABBR ? GLUED_KNOWN
          : k == P_NAME || k == P_UNIT ? GLUED_NAME
          : k == P_SYL ? GLUED_SYLLABLE
          : k == P_MARKED ? GLUED_SYLLABLE | GLUED_MARKED
          : k == P_EN ? GLUED_ENGLISH : GLUED_LETTER;
    if (emit)
      say_piece(n, &g, b, g.to[b], k);
  }
  return used;
}
