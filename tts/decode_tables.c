/* decode_tables.c: the data tts/decode reads at run time.
 *
 * - tts/encodings/tcvn3.tsv and vni.tsv: the legacy Vietnamese font encodings glibc's
 *   iconv does not have (see the comments in those files);
 * - Windows-1252, taken from iconv, for the bytes VNI leaves to the font's base code page;
 * - the list of Vietnamese syllables (lexicon/syllables.txt, else hunspell-vi's
 *   vi_VN.dic), used to score how well a candidate encoding reads.
 * Syllables are compared by a key that does not depend on case, NFC/NFD or on where
 * the tone mark sits (hoà = hòa): the toneless lower-case letters plus a tone digit.
 */
#include "tts/decode_internal.h"
#include "tts/decode.h"
#include "lexicon/lexicon.h"

#include <errno.h>
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#define PAIR_SLOTS 1024   /* open addressing for VNI's two-byte letters (134 of them) */
#define KEY_MAX 48
#define MAP_MAX 0x2000   /* Latin, combining marks, Latin Extended Additional */

struct loa_dec_tables {
  int32_t tcvn3[256];      /* letter for a byte, 0 = as ASCII */
  int32_t tcvn3_alt[256];  /* Windows punctuation that byte may be instead, 0 = none */
  int32_t cp1252[256];     /* -1 = undefined */
  int32_t vni_single[256]; /* one-byte VNI letters */
  unsigned char vni_mark[256];
  struct { uint16_t key; int32_t cp; } vni_pair[PAIR_SLOTS];
  /* syllable set: keys in one arena (a length byte, then the key), open-addressed
   * offsets (+1; 0 = empty) */
  char *arena;
  size_t arena_n, arena_cap;
  uint32_t *slots;
  size_t nslots, nsyl;
  /* per code point below MAP_MAX, filled on first use: its lower-case toneless letter
   * (0 = not yet, -1 = not one letter) and its tone (see is_tone_mark) */
  int32_t base[MAP_MAX];
  unsigned char tone[MAP_MAX];
};

/* ---- small helpers ---- */

static void set_err(char *err, size_t errlen, const char *fmt, const char *a, long b)
{
  if (err && errlen)
    snprintf(err, errlen, fmt, a, b);
}

static int32_t utf8_one(const char *s, size_t n)
{
  size_t len;
  int32_t cp = loa_utf8_next(s, n, &len);
  return (cp >= 0 && len == n) ? cp : -1;
}

/* "U+1EA0" or one UTF-8 character -> code point, -1 if neither. */
static int32_t parse_char(const char *s, size_t n)
{
  if (n > 2 && (s[0] == 'U' || s[0] == 'u') && s[1] == '+') {
    char buf[16];
    if (n - 2 >= sizeof buf)
      return -1;
    memcpy(buf, s + 2, n - 2);
    buf[n - 2] = 0;
    char *end;
    long v = strtol(buf, &end, 16);
    return (*end || v <= 0 || v > 0x10FFFF) ? -1 : (int32_t)v;
  }
  return utf8_one(s, n);
}

/* Split LINE at tabs into at most MAX fields; returns the count. */
static int split_tabs(char *line, char **f, size_t *fl, int max)
{
  int k = 0;
  char *p = line;
  while (k < max) {
    char *t = strchr(p, '\t');
    f[k] = p;
    fl[k] = t ? (size_t)(t - p) : strlen(p);
    k++;
    if (!t)
      break;
    p = t + 1;
  }
  return k;
}

typedef int (*row_fn)(loa_dec_tables *t, char **f, size_t *fl, int nf);

static int read_table(loa_dec_tables *t, const char *name, row_fn fn, char *err, size_t errlen)
{
  char path[4096];
  snprintf(path, sizeof path, "%s/tts/encodings/%s", loa_data_dir(), name);
  FILE *fp = fopen(path, "r");
  if (!fp) {
    set_err(err, errlen, "cannot open the encoding table %s (%ld)", path, (long)errno);
    return LOA_DEC_EIO;
  }
  char line[512];
  long no = 0;
  int rc = 0;
  while (fgets(line, sizeof line, fp)) {
    no++;
    size_t n = strcspn(line, "\r\n");
    line[n] = 0;
    if (!n || line[0] == '#')
      continue;
    char *f[4];
    size_t fl[4];
    int nf = split_tabs(line, f, fl, 4);
    if (fn(t, f, fl, nf) < 0) {
      set_err(err, errlen, "%s: malformed row %ld", path, no);
      rc = LOA_DEC_EIO;
      break;
    }
  }
  fclose(fp);
  return rc;
}

static int tcvn3_row(loa_dec_tables *t, char **f, size_t *fl, int nf)
{
  if (nf < 2)
    return -1;
  char *end;
  long b = strtol(f[0], &end, 16);
  if (end != f[0] + fl[0] || b <= 0 || b > 255)
    return -1;
  int32_t cp = parse_char(f[1], fl[1]);
  if (cp < 0)
    return -1;
  t->tcvn3[b] = cp;
  if (nf >= 3 && fl[2]) {
    int32_t alt = parse_char(f[2], fl[2]);
    if (alt < 0)
      return -1;
    t->tcvn3_alt[b] = alt;
  }
  return 0;
}

static size_t pair_slot(uint16_t key)
{
  return (key * 40503u) & (PAIR_SLOTS - 1);
}

static int vni_row(loa_dec_tables *t, char **f, size_t *fl, int nf)
{
  if (nf < 2)
    return -1;
  unsigned bytes[2];
  int nb = 0;
  char *p = f[0], *stop = f[0] + fl[0];
  while (p < stop && nb < 3) {
    char *end;
    long v = strtol(p, &end, 16);
    if (end == p || v <= 0 || v > 255)
      return -1;
    if (nb < 2)
      bytes[nb] = (unsigned)v;
    nb++;
    p = end;
    while (p < stop && *p == ' ')
      p++;
  }
  int32_t cp = parse_char(f[1], fl[1]);
  if (cp < 0 || nb < 1 || nb > 2)
    return -1;
  if (nb == 1) {
    t->vni_single[bytes[0]] = cp;
    return 0;
  }
  t->vni_mark[bytes[1]] = 1;
  uint16_t key = (uint16_t)(bytes[0] << 8 | bytes[1]);
  for (size_t i = pair_slot(key), k = 0; k < PAIR_SLOTS; i = (i + 1) & (PAIR_SLOTS - 1), k++)
    if (!t->vni_pair[i].cp || t->vni_pair[i].key == key) {
      t->vni_pair[i].key = key;
      t->vni_pair[i].cp = cp;
      return 0;
    }
  return -1;
}

static int load_cp1252(loa_dec_tables *t)
{
  iconv_t cd = iconv_open("UTF-8", "CP1252");
  if (cd == (iconv_t)-1)
    return -1;
  for (int b = 0; b < 256; b++) {
    char in = (char)b, outb[8];
    char *ip = &in, *op = outb;
    size_t il = 1, ol = sizeof outb;
    t->cp1252[b] = -1;
    if (iconv(cd, &ip, &il, &op, &ol) != (size_t)-1)
      t->cp1252[b] = utf8_one(outb, (size_t)(op - outb));
    iconv(cd, NULL, NULL, NULL, NULL);
  }
  iconv_close(cd);
  return 0;
}

/* ---- syllables ---- */

static int is_tone_mark(int32_t c)
{
  switch (c) {
  case 0x300: case 0x340: return 1;   /* huyền */
  case 0x301: case 0x341: return 2;   /* sắc */
  case 0x309: return 3;               /* hỏi */
  case 0x303: return 4;               /* ngã */
  case 0x323: return 5;               /* nặng */
  default: return 0;
  }
}

/* C lower-cased, decomposed, its tone taken out (*TONE) and composed again: one code
 * point, or -1 when that is not one letter. */
static int32_t toneless(int32_t c, int *tone)
{
  utf8proc_int32_t d[8];
  int last;
  *tone = 0;
  utf8proc_ssize_t nd = utf8proc_decompose_char(utf8proc_tolower(c), d, 8, UTF8PROC_DECOMPOSE, &last);
  if (nd < 1 || nd > 8)
    return -1;
  utf8proc_ssize_t k = 0;
  for (utf8proc_ssize_t i = 0; i < nd; i++) {
    int tm = is_tone_mark(d[i]);
    if (tm) {
      if (*tone)
        return -1;
      *tone = tm;
    } else {
      d[k++] = d[i];
    }
  }
  if (!k)
    return -1;
  utf8proc_ssize_t m = utf8proc_normalize_utf32(d, k, UTF8PROC_COMPOSE);
  return m == 1 && !is_tone_mark(d[0]) && (d[0] < 0x300 || d[0] > 0x36F) ? d[0] : -1;
}

static int syl_key_slow(const char *w, size_t len, char *key, size_t keycap);

/* The comparison key of a word, or -1 if it cannot be a syllable. Letters are mapped
 * through the per-table cache; a word with combining marks (NFD) takes the slow path. */
static int syl_key(loa_dec_tables *t, const char *w, size_t len, char *key, size_t keycap)
{
  size_t o = 0;
  int tone = 0;
  for (size_t i = 0; i < len;) {
    size_t l;
    int32_t c = loa_utf8_next(w + i, len - i, &l);
    if (c < 0)
      return -1;
    i += l;
    if (c >= MAP_MAX || (c >= 0x300 && c <= 0x36F))
      return syl_key_slow(w, len, key, keycap);
    if (!t->base[c]) {
      int tn;
      t->base[c] = toneless(c, &tn);
      t->tone[c] = (unsigned char)tn;
    }
    int32_t b = t->base[c];
    if (b < 0)
      return syl_key_slow(w, len, key, keycap);
    if (t->tone[c]) {
      if (tone)
        return -1;
      tone = t->tone[c];
    }
    utf8proc_uint8_t enc[4];
    utf8proc_ssize_t el = utf8proc_encode_char(b, enc);
    if (o + (size_t)el + 2 > keycap)
      return -1;
    memcpy(key + o, enc, (size_t)el);
    o += (size_t)el;
  }
  if (!o)
    return -1;
  key[o++] = (char)('0' + tone);
  return (int)o;
}

static int syl_key_slow(const char *w, size_t len, char *key, size_t keycap)
{
  utf8proc_int32_t cps[64];
  size_t n = 0;
  int tone = 0;
  for (size_t i = 0; i < len;) {
    size_t l;
    int32_t c = loa_utf8_next(w + i, len - i, &l);
    if (c < 0)
      return -1;
    i += l;
    utf8proc_int32_t d[8];
    int last;
    utf8proc_ssize_t nd = utf8proc_decompose_char(utf8proc_tolower(c), d, 8, UTF8PROC_DECOMPOSE, &last);
    if (nd < 0 || nd > 8)
      return -1;
    for (utf8proc_ssize_t k = 0; k < nd; k++) {
      int tm = is_tone_mark(d[k]);
      if (tm) {
        if (tone)
          return -1;
        tone = tm;
      } else if (n < 60) {
        cps[n++] = d[k];
      } else {
        return -1;
      }
    }
  }
  if (!n)
    return -1;
  utf8proc_ssize_t m = utf8proc_normalize_utf32(cps, (utf8proc_ssize_t)n, UTF8PROC_COMPOSE);
  if (m < 0)
    return -1;
  size_t o = 0;
  for (utf8proc_ssize_t k = 0; k < m; k++) {
    utf8proc_uint8_t b[4];
    utf8proc_ssize_t bl = utf8proc_encode_char(cps[k], b);
    if (o + (size_t)bl + 2 > keycap)
      return -1;
    memcpy(key + o, b, (size_t)bl);
    o += (size_t)bl;
  }
  key[o++] = (char)('0' + tone);
  return (int)o;
}

static uint64_t hash_bytes(const char *s, size_t n)
{
  uint64_t h = 1469598103934665603ull;
  for (size_t i = 0; i < n; i++)
    h = (h ^ (unsigned char)s[i]) * 1099511628211ull;
  return h;
}

static int syl_find(const loa_dec_tables *t, const char *key, size_t n, size_t *slot)
{
  size_t mask = t->nslots - 1, i = hash_bytes(key, n) & mask;
  while (t->slots[i]) {
    const unsigned char *k = (const unsigned char *)t->arena + t->slots[i] - 1;
    if (k[0] == n && !memcmp(k + 1, key, n)) {
      *slot = i;
      return 1;
    }
    i = (i + 1) & mask;
  }
  *slot = i;
  return 0;
}

static int syl_grow(loa_dec_tables *t)
{
  size_t ns = t->nslots ? t->nslots * 2 : 16384;
  uint32_t *slots = calloc(ns, sizeof *slots);
  if (!slots)
    return -1;
  uint32_t *old = t->slots;
  size_t oldn = t->nslots;
  t->slots = slots;
  t->nslots = ns;
  for (size_t i = 0; i < oldn; i++)
    if (old[i]) {
      const unsigned char *k = (const unsigned char *)t->arena + old[i] - 1;
      size_t slot;
      syl_find(t, (const char *)k + 1, k[0], &slot);
      t->slots[slot] = old[i];
    }
  free(old);
  return 0;
}

static int syl_add(loa_dec_tables *t, const char *word, size_t len)
{
  char key[KEY_MAX];
  int kl = syl_key(t, word, len, key, sizeof key);
  if (kl < 0)
    return 0;
  if ((t->nsyl + 1) * 2 > t->nslots && syl_grow(t) < 0)
    return -1;
  size_t slot;
  if (syl_find(t, key, (size_t)kl, &slot))
    return 0;
  if (t->arena_n + (size_t)kl + 1 > t->arena_cap) {
    size_t cap = t->arena_cap ? t->arena_cap * 2 : 65536;
    char *a = realloc(t->arena, cap);
    if (!a)
      return -1;
    t->arena = a;
    t->arena_cap = cap;
  }
  t->arena[t->arena_n] = (char)kl;
  memcpy(t->arena + t->arena_n + 1, key, (size_t)kl);
  t->slots[slot] = (uint32_t)(t->arena_n + 1);
  t->arena_n += (size_t)kl + 1;
  t->nsyl++;
  return 0;
}

/* One word per line; '#' comments; anything after '/' (hunspell flags) or a tab is ignored. */
static int load_syllables(loa_dec_tables *t)
{
  char path[4096];
  snprintf(path, sizeof path, "%s/lexicon/syllables.txt", loa_data_dir());
  FILE *fp = fopen(path, "r");
  if (!fp)
    fp = fopen("/usr/share/hunspell/vi_VN.dic", "r");
  if (!fp)
    return 0;
  loa_buf all = LOA_BUF_INIT;
  char buf[65536];
  size_t r;
  while ((r = fread(buf, 1, sizeof buf, fp)) > 0)
    loa_buf_put(&all, buf, r);
  fclose(fp);
  if (all.oom)
    return -1;
  int rc = 0;
  for (size_t i = 0; rc == 0 && i < all.n;) {
    const char *line = all.p + i, *end = memchr(line, '\n', all.n - i);
    size_t len = end ? (size_t)(end - line) : all.n - i;
    i += len + 1;
    if (!len || line[0] == '#')
      continue;
    size_t n = 0;
    while (n < len && !strchr("/\t\r ", line[n]))
      n++;
    if (n)
      rc = syl_add(t, line, n);
  }
  loa_buf_free(&all);
  return rc;
}

int loa_dec_tables_load(loa_dec_tables **out, char *err, size_t errlen)
{
  *out = NULL;
  loa_dec_tables *t = calloc(1, sizeof *t);
  if (!t)
    return LOA_DEC_ENOMEM;
  int rc = read_table(t, "tcvn3.tsv", tcvn3_row, err, errlen);
  if (!rc)
    rc = read_table(t, "vni.tsv", vni_row, err, errlen);
  if (!rc && load_cp1252(t) < 0) {
    if (err && errlen)
      snprintf(err, errlen, "iconv has no Windows-1252 converter");
    rc = LOA_DEC_EIO;
  }
  if (!rc && load_syllables(t) < 0)
    rc = LOA_DEC_ENOMEM;
  if (rc) {
    loa_dec_tables_free(t);
    return rc;
  }
  *out = t;
  return 0;
}

void loa_dec_tables_free(loa_dec_tables *t)
{
  if (!t)
    return;
  free(t->arena);
  free(t->slots);
  free(t);
}

int loa_dec_have_syllables(const loa_dec_tables *t)
{
  return t && t->nsyl > 0;
}

int loa_dec_is_syllable(const loa_dec_tables *t, const char *word, size_t len)
{
  if (!t || !t->nsyl)
    return 0;
  char key[KEY_MAX];
  int kl = syl_key((loa_dec_tables *)t, word, len, key, sizeof key);   /* fills the letter cache */
  size_t slot;
  return kl > 0 && syl_find(t, key, (size_t)kl, &slot);
}

/* ---- accessors for decode_text.c ---- */

int32_t loa_dec_tcvn3(const loa_dec_tables *t, unsigned char b, int32_t *alt)
{
  *alt = t->tcvn3_alt[b];
  return t->tcvn3[b];
}

int32_t loa_dec_cp1252(const loa_dec_tables *t, unsigned char b)
{
  return t->cp1252[b];
}

int32_t loa_dec_vni(const loa_dec_tables *t, unsigned char b0, int b1, int *used)
{
  if (b1 >= 0 && t->vni_mark[b1]) {
    uint16_t key = (uint16_t)(b0 << 8 | b1);
    for (size_t i = pair_slot(key), k = 0; k < PAIR_SLOTS && t->vni_pair[i].cp;
         i = (i + 1) & (PAIR_SLOTS - 1), k++)
      if (t->vni_pair[i].key == key) {
        *used = 2;
        return t->vni_pair[i].cp;
      }
  }
  *used = 1;
  return t->vni_single[b0];
}

int loa_dec_vni_is_mark(const loa_dec_tables *t, unsigned char b)
{
  return t->vni_mark[b];
}
