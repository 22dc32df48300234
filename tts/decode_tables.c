/* decode_tables.c: the data tts/decode reads at run time.
 *
 * - tts/encodings/tcvn3.tsv and vni.tsv: the legacy Vietnamese font encodings glibc's
 *   iconv does not have (see the comments in those files);
 * - Windows-1252, taken from iconv, for the bytes VNI leaves to the font's base code page;
 * - the list of Vietnamese syllables, loaded by the lexicon (lexicon/syllables.txt, else
 *   hunspell-vi's vi_VN.dic), used to score how well a candidate encoding reads. A word
 *   is looked up whatever its case, NFC/NFD form or the vowel its tone mark sits on
 *   (hoà = hòa, see loa_lexicon_spells_syllable).
 */
#include "tts/decode_internal.h"
#include "tts/decode.h"
#include "lexicon/lexicon.h"
#include "lexicon/tsv.h"

#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PAIR_SLOTS 1024   /* open addressing for VNI's two-byte letters (134 of them) */

struct loa_dec_tables {
  int32_t tcvn3[256];      /* letter for a byte, 0 = as ASCII */
  int32_t tcvn3_alt[256];  /* Windows punctuation that byte may be instead, 0 = none */
  int32_t cp1252[256];     /* -1 = undefined */
  int32_t vni_single[256]; /* one-byte VNI letters */
  unsigned char vni_mark[256];
  struct { uint16_t key; int32_t cp; } vni_pair[PAIR_SLOTS];
  loa_lexicon *syllables;  /* the syllable list alone; NULL when there is none */
};

/* ---- small helpers ---- */

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

/* tts/encodings/NAME, row by row (FN): a malformed row stops it with "PATH:LINE: problem". */
static int read_table(loa_dec_tables *t, const char *name, loa_tsv_row_fn fn, char *err, size_t errlen)
{
  char path[4096];
  snprintf(path, sizeof path, "%s/tts/encodings/%s", loa_data_dir(), name);
  int rc = loa_tsv_read(path, fn, t, err, errlen);
  return rc == LOA_TSV_OK ? 0 : rc == LOA_TSV_ENOMEM ? LOA_DEC_ENOMEM : LOA_DEC_EIO;
}

/* tcvn3.tsv: BYTE<TAB>LETTER[<TAB>PUNCTUATION] (loa_tsv_row_fn). */
static const char *tcvn3_row(char *line, size_t len, void *user)
{
  static const char why[] =
      "expected BYTE<TAB>LETTER[<TAB>PUNCTUATION] (a byte 01-FF in hex, a character or U+XXXX)";
  loa_dec_tables *t = user;
  const char *f[3];
  size_t fl[3];
  int nf = loa_tsv_split(line, len, f, fl, 3);
  if (nf < 2 || nf > 3)
    return why;
  char *end;
  long b = strtol(f[0], &end, 16);
  if (end != f[0] + fl[0] || b <= 0 || b > 255)
    return why;
  int32_t cp = parse_char(f[1], fl[1]);
  if (cp < 0)
    return why;
  t->tcvn3[b] = cp;
  if (nf >= 3 && fl[2]) {
    int32_t alt = parse_char(f[2], fl[2]);
    if (alt < 0)
      return why;
    t->tcvn3_alt[b] = alt;
  }
  return NULL;
}

static size_t pair_slot(uint16_t key)
{
  return (key * 40503u) & (PAIR_SLOTS - 1);
}

/* vni.tsv: BYTES<TAB>LETTER, one byte or a letter and its tone mark (loa_tsv_row_fn). */
static const char *vni_row(char *line, size_t len, void *user)
{
  static const char why[] =
      "expected BYTES<TAB>LETTER (one or two bytes 01-FF in hex, a character or U+XXXX)";
  loa_dec_tables *t = user;
  const char *f[2];
  size_t fl[2];
  if (loa_tsv_split(line, len, f, fl, 2) != 2)
    return why;
  unsigned bytes[2];
  int nb = 0;
  const char *p = f[0], *stop = f[0] + fl[0];
  while (p < stop && nb < 3) {
    char *end;
    long v = strtol(p, &end, 16);
    if (end == p || v <= 0 || v > 255)
      return why;
    if (nb < 2)
      bytes[nb] = (unsigned)v;
    nb++;
    p = end;
    while (p < stop && *p == ' ')
      p++;
  }
  int32_t cp = parse_char(f[1], fl[1]);
  if (cp < 0 || nb < 1 || nb > 2)
    return why;
  if (nb == 1) {
    t->vni_single[bytes[0]] = cp;
    return NULL;
  }
  t->vni_mark[bytes[1]] = 1;
  uint16_t key = (uint16_t)(bytes[0] << 8 | bytes[1]);
  for (size_t i = pair_slot(key), k = 0; k < PAIR_SLOTS; i = (i + 1) & (PAIR_SLOTS - 1), k++)
    if (!t->vni_pair[i].cp || t->vni_pair[i].key == key) {
      t->vni_pair[i].key = key;
      t->vni_pair[i].cp = cp;
      return NULL;
    }
  return "more two-byte letters than the table holds";
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

/* The syllable list, when there is one: none is no error (every word then scores
 * "not a syllable"); a malformed one is. */
static int load_syllables(loa_dec_tables *t, char *err, size_t errlen)
{
  int rc = loa_lexicon_load_syllables(&t->syllables, NULL, err, errlen);
  if (rc == LOA_LEX_EIO) {
    if (err && errlen)
      err[0] = 0;
    return 0;
  }
  return rc == LOA_LEX_ENOMEM ? LOA_DEC_ENOMEM : rc ? LOA_DEC_EIO : 0;
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
  if (!rc)
    rc = load_syllables(t, err, errlen);
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
  loa_lexicon_free(t->syllables);
  free(t);
}

int loa_dec_is_syllable(const loa_dec_tables *t, const char *word, size_t len)
{
  return t && t->syllables && loa_lexicon_spells_syllable(t->syllables, word, len);
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
