/* norm_english.c: the English letter-to-sound rule (docs/reading.md, "Loanwords"): an
 * English-like spelling that no table knows ("Telemedicine") read as the Vietnamese
 * syllables an announcer would say (tê lê mê đi xin).
 *
 * The word is cut into written syllables: vowel graphemes (the longest with a row in
 * english.tsv: ee, ou, a...), the consonants between them shared out (one consonant goes
 * to the next syllable, a doubled one or a cluster is split: ca-me-ra, ap-py, ban-king),
 * a final silent e making the vowel before it long (li-ne, pho-ne) and a final "le"
 * after a consonant a syllable of its own (goo-gle). Each written syllable is read from
 * the rows of english.tsv: its onset (clusters the Vietnamese syllable cannot start
 * with are said with an extra ờ: bờ lu), its rime as one row when there is one (ing
 * inh, ail eo) or its vowel in its context (open, closed, stop, long, r, final) and its
 * coda; then written the Vietnamese way (c/k, g/gh, ng/ngh), with the sắc tone when it
 * ends in p, t, c or ch, and checked against the syllable list, trying the nearest
 * spellings (ê for e, nh for ng, no final) before giving up. The C holds only this
 * procedure; every sound is a row of english.tsv.
 */
#include "tts/norm_int.h"
#include "lexicon/vntext.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#define EN_MAX 40      /* letters of a word the rule reads */

typedef struct {
  unsigned char on_s, on_e;     /* onset letters [on_s, on_e) */
  unsigned char v_s, v_e;       /* vowel grapheme */
  unsigned char co_s, co_e;     /* coda letters */
} wsyl;

typedef struct {
  const loa_lexicon *lex;
  const char *w;
  size_t len;                   /* letters read (a silent final e left out) */
  int magic;                    /* the word ended in a silent e after one consonant */
  int le;                       /* the last syllable is a final "le" (goo-gle) */
  wsyl s[EN_MAX];
  int ns;
} eword;

static int is_vowel_letter(char c)
{
  return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u';
}

/* The rule "KIND:G:CTX" of english.tsv (G of GL bytes); NULL when none. */
static const char *rule(const loa_lexicon *lex, const char *kind, const char *g, size_t gl,
                        const char *ctx)
{
  char key[96];
  int k = snprintf(key, sizeof key, "%s:%.*s:%s", kind, (int)gl, g, ctx);
  if (k < 0 || k >= (int)sizeof key)
    return NULL;
  return loa_lexicon_english(lex, key, (size_t)k);
}

/* Letter I of the word is a vowel: a e i o u, and y after a consonant or at the end. */
static int vowel_at(const eword *x, size_t i)
{
  char c = x->w[i];
  if (is_vowel_letter(c))
    return !(c == 'u' && i > 0 && x->w[i - 1] == 'q');
  if (c != 'y')
    return 0;
  return i > 0 && !is_vowel_letter(x->w[i - 1]) && x->w[i - 1] != 'y';
}

/* The vowel grapheme starting at I: the longest with a rule (3 letters down to 1). */
static size_t vowel_grapheme(const eword *x, size_t i)
{
  for (size_t l = 3; l > 1; l--)
    if (i + l <= x->len && rule(x->lex, "vowel", x->w + i, l, ""))
      return l;
  return 1;
}

/* The consonant graphemes of [S, E): their ends in END (at most 8). Digraphs are the
 * onset rows of two or three letters that are one sound (ch, sh, th, ph, ck, ng...). */
static int consonant_graphemes(const eword *x, size_t s, size_t e, unsigned char *end)
{
  int k = 0;
  for (size_t i = s; i < e && k < 8;) {
    size_t l = 1;
    for (size_t t = 3; t > 1; t--)
      if (i + t <= e && rule(x->lex, "graph", x->w + i, t, "")) {
        l = t;
        break;
      }
    i += l;
    end[k++] = (unsigned char)i;
  }
  return k;
}

/* Share the consonants [S, E) between the syllable before (its coda) and the one
 * after (its onset): returns where the onset starts. */
static size_t split_medial(const eword *x, size_t s, size_t e)
{
  unsigned char end[8];
  int k = consonant_graphemes(x, s, e, end);
  if (k == 0)
    return s;
  size_t last = k >= 2 ? end[k - 2] : s;           /* start of the last grapheme */
  if (k == 1)
    return s;                                        /* ca-me-ra */
  size_t before = k >= 3 ? end[k - 3] : s;          /* start of the one before */
  /* a cluster that may start a syllable (bl, cr, tr: mi-cro) goes to the next */
  if (rule(x->lex, "cluster", x->w + before, end[k - 1] - before, ""))
    return before;
  return last;                                       /* ban-king, ap-py, in-ter */
}

/* Cut the word into written syllables; 0, or -1 when it has no vowel or too many. */
static int syllabify(eword *x)
{
  size_t vs[EN_MAX], ve[EN_MAX];
  int nv = 0;
  for (size_t i = 0; i < x->len;) {
    if (!vowel_at(x, i)) {
      i++;
      continue;
    }
    if (nv == EN_MAX)
      return -1;
    size_t l = vowel_grapheme(x, i);
    vs[nv] = i;
    ve[nv++] = i + l;
    i += l;
  }
  if (x->le) {                                       /* goo-gle: "le" is a syllable */
    if (nv == EN_MAX)
      return -1;
    vs[nv] = x->len;
    ve[nv++] = x->len + 2;
  }
  if (nv == 0)
    return -1;
  x->ns = nv;
  size_t prev_end = 0;
  for (int k = 0; k < nv; k++) {
    size_t on = k == 0 ? 0 : split_medial(x, prev_end, vs[k]);
    if (k > 0) {
      x->s[k - 1].co_s = (unsigned char)prev_end;
      x->s[k - 1].co_e = (unsigned char)on;
    }
    x->s[k].on_s = (unsigned char)on;
    x->s[k].on_e = (unsigned char)vs[k];
    x->s[k].v_s = (unsigned char)vs[k];
    x->s[k].v_e = (unsigned char)ve[k];
    prev_end = ve[k];
  }
  wsyl *last = &x->s[nv - 1];
  last->co_s = (unsigned char)(x->le ? x->len + 2 : prev_end);
  last->co_e = (unsigned char)(x->le ? x->len + 2 : x->len);
  return 0;
}

/* ---- writing a Vietnamese syllable ---- */

static int starts_front(const char *r)
{
  return r[0] == 'i' || r[0] == 'e' || r[0] == 'y' || !strncmp(r, "ê", 2);
}

/* ONSET + RIME into OUT, written the Vietnamese way: k before i e ê y, c elsewhere; gh
 * and ngh before i e ê; gi + i is gi; the glide u (of w, qu, sw) + i is uy. */
static void join(char *out, size_t cap, const char *onset, const char *rime)
{
  char on[16];
  snprintf(on, sizeof on, "%s", onset);
  int front = starts_front(rime);
  if (!strcmp(on, "c") && front)
    strcpy(on, "k");
  else if (!strcmp(on, "k") && !front)
    strcpy(on, "c");
  else if (!strcmp(on, "g") && front)
    strcpy(on, "gh");
  else if (!strcmp(on, "ng") && front)
    strcpy(on, "ngh");
  else if (!strcmp(on, "gi") && rime[0] == 'i')
    strcpy(on, "g");
  else if (!strcmp(on, "qu") && rime[0] == 'u')
    strcpy(on, "q");
  size_t ol = strlen(on);
  if (ol && on[ol - 1] == 'u' && rime[0] == 'i') {  /* the glide u before i is uy: win uyn, */
    snprintf(out, cap, "%sy%s", on, rime + 1);     /* switch xuých, quit quýt */
    return;
  }
  snprintf(out, cap, "%s%s", on, rime);
}

/* S with the tone mark TONE (a combining mark) on the vowel at which the syllable
 * list has it; 1 and the syllable in OUT, else 0. */
static int with_tone(const loa_lexicon *lex, const char *s, uint32_t tone, char *out, size_t cap)
{
  size_t n = strlen(s);
  for (size_t i = 0; i < n;) {
    uint32_t cp;
    size_t k = loa_utf8_decode(s + i, n - i, &cp);
    i += k;
    if (!loa_vn_is_vowel(cp))
      continue;
    char tmp[64];
    int m = snprintf(tmp, sizeof tmp, "%.*s", (int)i, s);
    if (m < 0 || (size_t)m + 3 + (n - i) >= sizeof tmp)
      return 0;
    m += (int)loa_utf8_encode(tone, tmp + m);
    memcpy(tmp + m, s + i, n - i + 1);
    utf8proc_uint8_t *c = NULL;
    utf8proc_ssize_t r = utf8proc_map((const utf8proc_uint8_t *)tmp, (utf8proc_ssize_t)strlen(tmp), &c,
                                      UTF8PROC_STABLE | UTF8PROC_COMPOSE);
    int ok = r > 0 && (size_t)r < cap && loa_lexicon_is_syllable(lex, (const char *)c, (size_t)r);
    if (ok)
      memcpy(out, c, (size_t)r + 1);
    free(c);
    if (ok)
      return 1;
  }
  return 0;
}

/* The final consonant of the Vietnamese rime R: its length (ch nh ng c m n p t), 0 if none. */
static size_t final_len(const char *r)
{
  size_t n = strlen(r);
  static const char *const fin[] = {"ch", "nh", "ng", "c", "m", "n", "p", "t"};
  for (size_t k = 0; k < sizeof fin / sizeof fin[0]; k++) {
    size_t l = strlen(fin[k]);
    if (n > l && !strcmp(r + n - l, fin[k]))
      return l;
  }
  return 0;
}

/* ONSET + NUCLEUS + FIN as a syllable of the list (with sắc when FIN is a stop): 1 and
 * OUT, else 0. */
static int try_syllable(const loa_lexicon *lex, const char *onset, const char *nucleus,
                        const char *fin, char *out, size_t cap)
{
  char rime[48], s[64];
  snprintf(rime, sizeof rime, "%s%s", nucleus, fin);
  join(s, sizeof s, onset, rime);
  int stop = *fin && strchr("ptc", fin[0]);
  if (!stop && loa_lexicon_is_syllable(lex, s, strlen(s))) {
    snprintf(out, cap, "%s", s);
    return 1;
  }
  return with_tone(lex, s, stop ? 0x301 : 0x300, out, cap);
}

/* The nearest spellings of a nucleus and of a final the syllable list may have. */
static const char *const nucleus_alt[][3] = {
  {"e", "ê", NULL}, {"ê", "e", NULL}, {"o", "ô", NULL}, {"ô", "o", NULL}, {"a", "ă", "â"},
  {"ơ", "â", "ư"}, {"u", "ư", NULL}, {"i", "y", NULL}, {"ai", "ay", NULL}, {"ây", "ê", NULL},
};
static const char *const final_alt[][3] = {
  {"c", "ch", NULL}, {"ch", "c", NULL}, {"ng", "nh", "n"}, {"nh", "ng", "n"}, {"n", "nh", NULL},
  {"t", "c", NULL}, {"p", "t", NULL}, {"m", "n", NULL},
};

static const char *const *alts(const char *const (*tab)[3], size_t n, const char *s)
{
  for (size_t k = 0; k < n; k++)
    if (!strcmp(tab[k][0], s))
      return tab[k];
  return NULL;
}

/* ONSET + RIME (toneless) as a syllable of the list, trying the nearest spellings: the
 * rime as read, another final, another nucleus, no final. 1 and OUT, or 0. */
static int vn_syllable(const loa_lexicon *lex, const char *onset, const char *rime, char *out,
                       size_t cap)
{
  char nuc[32], fin[8];
  size_t fl = final_len(rime), rl = strlen(rime);
  snprintf(nuc, sizeof nuc, "%.*s", (int)(rl - fl), rime);
  snprintf(fin, sizeof fin, "%s", rime + rl - fl);
  const char *const *fa = alts(final_alt, sizeof final_alt / sizeof final_alt[0], fin);
  const char *const *na = alts(nucleus_alt, sizeof nucleus_alt / sizeof nucleus_alt[0], nuc);
  const char *fins[5] = {fin}, *nucs[4] = {nuc};
  size_t nf = 1, nn = 1;
  for (int k = 1; fa && k < 3 && fa[k]; k++)
    fins[nf++] = fa[k];
  if (*fin)
    fins[nf++] = "";
  for (int k = 1; na && k < 3 && na[k]; k++)
    nucs[nn++] = na[k];
  for (size_t f = 0; f < nf; f++)
    for (size_t v = 0; v < nn; v++)
      if (try_syllable(lex, onset, nucs[v], fins[f], out, cap))
        return 1;
  return 0;
}

/* The letters W (a-z, LEN bytes) said as a Vietnamese syllable that ends in p, t, c or
 * ch, which has no toneless form: with sắc (the tone such a syllable gets in a loanword),
 * and the vowel marks (and đ) the syllable list needs, the letters as written first
 * (sat sát, tiep tiếp). 1 and the syllable in OUT, else 0. */
int nz_stop_syllable(const loa_lexicon *lex, const char *w, size_t len, char *out, size_t cap)
{
  static const char *const marks[][4] = {
    {"a", "ă", "â", NULL}, {"e", "ê", NULL, NULL}, {"o", "ô", "ơ", NULL}, {"u", "ư", NULL, NULL},
    {"d", "đ", NULL, NULL},
  };
  size_t fl = len >= 2 && !memcmp(w + len - 2, "ch", 2) ? 2 : 1;
  if (len < 2 || len > 8 || !strchr("ptc", w[len - fl]) || (fl == 1 && w[len - 1] == 'h') ||
      !loa_lexicon_bare_syllable(lex, w, len))    /* no syllable is written so at all */
    return 0;
  /* every way of marking the letters, as an odometer over the letters that take marks */
  const char *const *opt[8];
  int pos[8] = {0}, n = 0;
  for (size_t i = 0; i < len; i++) {
    opt[i] = NULL;
    for (size_t k = 0; k < sizeof marks / sizeof marks[0]; k++)
      if (w[i] == marks[k][0][0] && (w[i] != 'd' || i == 0))
        opt[i] = marks[k];
    n += opt[i] != NULL;
  }
  for (int tries = 0; tries < 256; tries++) {
    char s[40];
    size_t k = 0;
    for (size_t i = 0; i < len; i++) {
      const char *c = opt[i] ? opt[i][pos[i]] : NULL;
      if (c) {
        memcpy(s + k, c, strlen(c));
        k += strlen(c);
      } else {
        s[k++] = w[i];
      }
    }
    s[k] = 0;
    if (with_tone(lex, s, 0x301, out, cap))
      return 1;
    size_t i = len;                      /* the next marking */
    while (i-- > 0) {
      if (!opt[i])
        continue;
      if (opt[i][++pos[i]])
        break;
      pos[i] = 0;
    }
    if (i == (size_t)-1)
      return 0;
  }
  (void)n;
  return 0;
}

/* ---- reading one written syllable ---- */

typedef struct {
  char *o;
  size_t cap, n;
  int count;
} sink;

static int put_syl(sink *k, const char *s)
{
  size_t l = strlen(s);
  if (k->n + l + 2 > k->cap)
    return -1;
  if (k->n)
    k->o[k->n++] = ' ';
  memcpy(k->o + k->n, s, l + 1);
  k->n += l;
  k->count++;
  return 0;
}

/* The contexts of the vowel of syllable K, most particular first, then "" (any). */
static int vowel_contexts(const eword *x, int k, int stop, const char **ctx)
{
  const wsyl *s = &x->s[k];
  int n = 0, last = k == x->ns - 1;
  int r = s->co_e > s->co_s && x->w[s->co_s] == 'r';
  if (last && x->le) {
    ctx[n++] = "final";
  } else if (last && x->magic) {
    if (r)
      ctx[n++] = "rlong";
    if (x->ns > 1)
      ctx[n++] = "polylong";
    ctx[n++] = "long";
  } else if (r) {
    ctx[n++] = "r";
  } else if (s->co_e == s->co_s) {
    if (last && x->ns == 1)
      ctx[n++] = "mono";
    if (last)
      ctx[n++] = "final";
    ctx[n++] = "open";
  } else {
    if (stop)
      ctx[n++] = "stop";
    ctx[n++] = "closed";
  }
  ctx[n++] = "";
  return n;
}

/* The reading of the coda letters [S, E): the whole cluster's row, else the row of the
 * cluster after an r (rst: st) or before a plural's s (pps: pp); "" when there is none. *FOUND says whether a row was
 * found: a cluster of no row (bc) is no English coda. */
static const char *coda_reading(const eword *x, size_t s, size_t e, int *found)
{
  *found = 1;
  if (e <= s)
    return "";
  const char *r = rule(x->lex, "coda", x->w + s, e - s, "");
  if (r)
    return r;
  if (x->w[s] == 'r' && e - s > 1 && (r = rule(x->lex, "coda", x->w + s + 1, e - s - 1, "")))
    return r;                                   /* an r before the coda is not said: first */
  if (e - s > 1 && x->w[e - 1] == 's' && (r = rule(x->lex, "coda", x->w + s, e - s - 1, "")))
    return r;                                   /* nor a plural's s after one: apps, robotics */
  unsigned char end[8];
  int k = consonant_graphemes(x, s, e, end);
  if (k == 1 && (r = rule(x->lex, "coda", x->w + s, end[0] - s, "")))
    return r;
  *found = 0;                                   /* no English ends so (abc): not English */
  return "";
}

/* The rime of syllable K (toneless Vietnamese) into RIME: a rime row for vowel+coda in
 * a context, else the vowel's row and the coda's. 0, or -1 when a letter has no rule. */
static int rime_of(const eword *x, int k, char *rime, size_t cap)
{
  const wsyl *s = &x->s[k];
  int found;
  const char *coda = coda_reading(x, s->co_s, s->co_e, &found);
  if (!found)
    return -1;
  int stop = *coda && strchr("ptc", coda[0]);
  const char *ctx[6];
  int nc = vowel_contexts(x, k, stop, ctx);
  size_t vl = (size_t)(s->v_e - s->v_s);
  const char *v = x->w + s->v_s;
  for (int c = 0; c < nc; c++) {
    char g[24];
    snprintf(g, sizeof g, "%.*s%.*s", (int)vl, v, (int)(s->co_e - s->co_s), x->w + s->co_s);
    const char *r = s->co_e > s->co_s ? rule(x->lex, "rime", g, strlen(g), ctx[c]) : NULL;
    if (r) {
      snprintf(rime, cap, "%s", r);
      return 0;
    }
  }
  for (int c = 0; c < nc; c++) {
    const char *r = rule(x->lex, "vowel", v, vl, ctx[c]);
    if (r) {
      snprintf(rime, cap, "%s%s", r, coda);
      return 0;
    }
  }
  return -1;
}

/* The onset of syllable K: its leading consonants said with ờ
 * (bờ, cờ) into K's output, the last one's reading into ONSET. 0, or -1. */
static int onset_of(const eword *x, int k, sink *out, char *onset, size_t cap)
{
  const wsyl *s = &x->s[k];
  char v[2] = {x->w[s->v_s], 0};
  const char *front = v[0] == 'e' || v[0] == 'i' || v[0] == 'y' ? "front" : "";
  size_t a = s->on_s, b = s->on_e;
  onset[0] = 0;
  while (a < b) {
    const char *r = rule(x->lex, "onset", x->w + a, b - a, v);
    if (!r)
      r = rule(x->lex, "onset", x->w + a, b - a, front);
    if (!r)
      r = rule(x->lex, "onset", x->w + a, b - a, "");
    if (r) {
      snprintf(onset, cap, "%s", r);
      return 0;
    }
    /* no row for the cluster: its first grapheme is said apart, with ờ */
    unsigned char end[8];
    consonant_graphemes(x, a, b, end);
    const char *e = rule(x->lex, "onset", x->w + a, end[0] - a, "");
    char syl[32];
    if (!e)
      return -1;
    if (*e && vn_syllable(x->lex, e, "ờ", syl, sizeof syl) && put_syl(out, syl))
      return -1;
    a = end[0];
  }
  return 0;
}

int nz_english(const loa_lexicon *lex, const char *w, size_t len, char *out, size_t cap)
{
  eword x = {lex, w, len, 0, 0, {{0}}, 0};
  if (len < 2 || len > EN_MAX || cap < 2)
    return -1;
  for (size_t i = 0; i < len; i++)
    if (w[i] < 'a' || w[i] > 'z')
      return -1;
  /* a final silent e after one consonant (line, phone); a final "le" after a consonant */
  if (len >= 3 && w[len - 1] == 'e' && !is_vowel_letter(w[len - 2]) && w[len - 2] != 'y') {
    int earlier = 0;
    for (size_t i = 0; i + 2 < len; i++)
      earlier |= is_vowel_letter(w[i]) || (w[i] == 'y' && i > 0);
    if (earlier && w[len - 2] == 'l' && len >= 4 && !is_vowel_letter(w[len - 3]) &&
        w[len - 3] != 'l') {
      x.le = 1;
      x.len = len - 1;
    } else if (earlier) {
      x.len = len - 1;
      x.magic = is_vowel_letter(w[len - 3]) || w[len - 3] == 'y';
    }
  }
  if (x.le)
    x.len = len - 2;      /* the letters before "le" */
  if (syllabify(&x) < 0)
    return -1;
  sink k = {out, cap, 0, 0};
  out[0] = 0;
  for (int i = 0; i < x.ns; i++) {
    char rime[48], onset[16], syl[64];
    if (rime_of(&x, i, rime, sizeof rime) < 0 || onset_of(&x, i, &k, onset, sizeof onset) < 0)
      return -1;
    if (!*rime)
      continue;
    if (!vn_syllable(lex, onset, rime, syl, sizeof syl) || put_syl(&k, syl))
      return -1;
  }
  return k.count ? k.count : -1;
}
