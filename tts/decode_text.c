/* decode_text.c: bytes in one named encoding -> UTF-8, and how well the result reads.
 *
 * UTF-8 and UTF-16 are checked and converted here; Windows-1258 goes through glibc's
 * iconv (which composes its combining tone marks); TCVN3 and VNI, which iconv lacks,
 * through the tables in tts/encodings. Invalid input becomes U+FFFD and is counted,
 * so the caller can refuse it or score the candidate down. A candidate is scored by
 * the share of its accented words that are Vietnamese syllables.
 */
#include "tts/decode_internal.h"
#include "tts/decode.h"

#include <errno.h>
#include <iconv.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <utf8proc.h>

/* ---- names ---- */

static const char *const names[LOA_ENC_COUNT] = {
  "auto", "utf-8", "utf-16le", "utf-16be", "windows-1258", "tcvn3", "vni",
};

const char *loa_enc_name(loa_enc e)
{
  return (e >= 0 && e < LOA_ENC_COUNT) ? names[e] : "?";
}

loa_enc loa_enc_parse(const char *name)
{
  static const struct { const char *alias; loa_enc e; } aliases[] = {
    {"auto", LOA_ENC_AUTO}, {"utf-8", LOA_ENC_UTF8}, {"utf8", LOA_ENC_UTF8},
    {"utf-16le", LOA_ENC_UTF16LE}, {"utf16le", LOA_ENC_UTF16LE},
    {"utf-16be", LOA_ENC_UTF16BE}, {"utf16be", LOA_ENC_UTF16BE},
    {"windows-1258", LOA_ENC_CP1258}, {"cp1258", LOA_ENC_CP1258}, {"1258", LOA_ENC_CP1258},
    {"tcvn3", LOA_ENC_TCVN3}, {"abc", LOA_ENC_TCVN3}, {"tcvn", LOA_ENC_TCVN3},
    {"vni", LOA_ENC_VNI}, {"vni-windows", LOA_ENC_VNI},
  };
  if (!name || !*name)
    return LOA_ENC_AUTO;
  for (size_t i = 0; i < sizeof aliases / sizeof *aliases; i++)
    if (!strcasecmp(name, aliases[i].alias))
      return aliases[i].e;
  return (loa_enc)-1;
}

/* ---- converters ---- */

static void bad_at(loa_conv_stats *st, size_t off)
{
  if (!st->bad++)
    st->first_bad = off;
}

static void conv_utf8(const unsigned char *b, size_t n, loa_buf *out, loa_conv_stats *st)
{
  for (size_t i = 0; i < n;) {
    size_t l;
    int32_t cp = loa_utf8_next((const char *)b + i, n - i, &l);
    if (cp < 0) {
      bad_at(st, i);
      loa_buf_put_cp(out, 0xFFFD);
    } else {
      loa_buf_put(out, b + i, l);
    }
    i += l;
  }
}

static void conv_utf16(const unsigned char *b, size_t n, int be, loa_buf *out, loa_conv_stats *st)
{
  size_t i = 0;
  for (; i + 1 < n; i += 2) {
    unsigned u = be ? (unsigned)(b[i] << 8 | b[i + 1]) : (unsigned)(b[i + 1] << 8 | b[i]);
    if (u >= 0xD800 && u < 0xDC00 && i + 3 < n) {
      unsigned v = be ? (unsigned)(b[i + 2] << 8 | b[i + 3]) : (unsigned)(b[i + 3] << 8 | b[i + 2]);
      if (v >= 0xDC00 && v < 0xE000) {
        loa_buf_put_cp(out, (int32_t)(0x10000 + ((u - 0xD800) << 10) + (v - 0xDC00)));
        i += 2;
        continue;
      }
    }
    if (u >= 0xD800 && u < 0xE000) {
      bad_at(st, i);
      u = 0xFFFD;
    }
    loa_buf_put_cp(out, (int32_t)u);
  }
  if (i < n) {   /* odd length */
    bad_at(st, i);
    loa_buf_put_cp(out, 0xFFFD);
  }
}

static int conv_iconv(const char *from, const unsigned char *b, size_t n, loa_buf *out, loa_conv_stats *st)
{
  iconv_t cd = iconv_open("UTF-8", from);
  if (cd == (iconv_t)-1)
    return LOA_DEC_EBADENC;
  char *ip = (char *)b;
  size_t il = n;
  int rc = 0;
  for (;;) {
    char buf[4096], *op = buf;
    size_t ol = sizeof buf;
    size_t r = il ? iconv(cd, &ip, &il, &op, &ol) : iconv(cd, NULL, NULL, &op, &ol);
    int e = errno;
    loa_buf_put(out, buf, (size_t)(op - buf));
    if (r != (size_t)-1) {
      if (!il)
        break;
      continue;
    }
    if (e == E2BIG)
      continue;
    if (e == EILSEQ || e == EINVAL) {   /* undefined or incomplete: skip one byte */
      bad_at(st, (size_t)(ip - (char *)b));
      loa_buf_put_cp(out, 0xFFFD);
      ip++;
      il--;
      continue;
    }
    rc = LOA_DEC_EIO;
    break;
  }
  iconv_close(cd);
  return out->oom ? LOA_DEC_ENOMEM : rc;
}

static int is_letter(int32_t cp)
{
  if (cp < 0x80)
    return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z');
  utf8proc_category_t c = utf8proc_category(cp);
  return (c >= UTF8PROC_CATEGORY_LU && c <= UTF8PROC_CATEGORY_LO) || c == UTF8PROC_CATEGORY_MN ||
         c == UTF8PROC_CATEGORY_MC;
}

static int is_lower_nonascii(int32_t cp)
{
  return cp >= 0x80 && utf8proc_category(cp) == UTF8PROC_CATEGORY_LL;
}

static int is_tone(int32_t c)
{
  return c == 0x300 || c == 0x301 || c == 0x303 || c == 0x309 || c == 0x323;
}

static size_t cps_to_utf8(const int32_t *cp, size_t n, char *buf, size_t cap)
{
  size_t o = 0;
  for (size_t i = 0; i < n; i++) {
    utf8proc_uint8_t b[4];
    utf8proc_ssize_t l = utf8proc_encode_char(cp[i], b);
    if (o + (size_t)l > cap)
      return 0;
    memcpy(buf + o, b, (size_t)l);
    o += (size_t)l;
  }
  return o;
}

static int is_tone(int32_t c);

/* An upper-case toned letter: only VN1 has those (VN3 writes them with the .VnTimeH font). */
static int vn1_capital(int32_t c)
{
  if (c < 0x80 || utf8proc_category(c) != UTF8PROC_CATEGORY_LU)
    return 0;
  utf8proc_int32_t d[4];
  int last;
  utf8proc_ssize_t nd = utf8proc_decompose_char(c, d, 4, UTF8PROC_DECOMPOSE, &last);
  return nd > 1 && nd <= 4 && is_tone(d[nd - 1]);
}

/* TCVN3 bytes 0x80-0x9F that are capitals in VN1 but punctuation in Windows text. Next
 * to letters, the letter only where it makes a Vietnamese syllable with them (HÒA, not
 * “Chuyển); opening a line before a space ("• Các hộ", "– Thôn Đông"), the list marker;
 * standing alone elsewhere (" – "), the letter only in a text that writes VN1 capitals
 * elsewhere and never punctuation next to a word. */
static void tcvn3_disambiguate(const loa_dec_tables *t, int32_t *cp, const int32_t *alt, size_t n)
{
  size_t vn1 = 0, punct = 0;
  for (size_t i = 0; i < n; i++)
    vn1 += !alt[i] && vn1_capital(cp[i]);
  unsigned char *alone = calloc(n + 1, 1);
  for (size_t i = 0; i < n; i++) {
    if (!alt[i])
      continue;
    size_t a = i, z = i + 1;
    while (a > 0 && !alt[a - 1] && is_letter(cp[a - 1]) && i - a < 12)
      a--;
    while (z < n && !alt[z] && is_letter(cp[z]) && z - i < 12)
      z++;
    if (z - a < 2) {   /* no letter next to it */
      int32_t l = i ? cp[i - 1] : ' ', r = i + 1 < n ? cp[i + 1] : ' ';
      int open_l = l == ' ' || l == '\t' || l == '\n' || l == '\r' || (i > 0 && alt[i - 1]);
      int open_r = r == ' ' || r == '\t' || r == '\n' || r == '\r' || (i + 1 < n && alt[i + 1]);
      size_t s = i;
      while (s > 0 && (cp[s - 1] == ' ' || cp[s - 1] == '\t'))
        s--;
      int line_start = s == 0 || cp[s - 1] == '\n' || cp[s - 1] == '\r';
      if (open_l && open_r && line_start) {
        cp[i] = alt[i];   /* "• Các hộ", "– Thôn Đông": a list marker; Ó, Ọ... open no line alone */
        punct++;
      } else if (open_l && open_r) {
        if (alone)
          alone[i] = 1;   /* between spaces: the text as a whole decides */
      } else {
        cp[i] = alt[i];   /* glued to digits or punctuation: ",…)" "2022–2025" */
        punct++;
      }
      continue;
    }
    char w[96], r[96];
    size_t wl = cps_to_utf8(cp + a, z - a, w, sizeof w);
    /* at the edge of a word that is a syllable without it ("gia" + ”), it is a quote */
    size_t rl = (a == i || z == i + 1) && z - a > 2 ? cps_to_utf8(cp + (a == i ? a + 1 : a), z - a - 1, r, sizeof r) : 0;
    if (!wl || !loa_dec_is_syllable(t, w, wl) || (rl && loa_dec_is_syllable(t, r, rl))) {
      cp[i] = alt[i];
      punct++;
    }
  }
  for (size_t i = 0; i < n; i++)
    if (alt[i] && (!alone || alone[i]) && !(vn1 && !punct))
      cp[i] = alt[i];
  free(alone);
}

/* Some converters write an upper-case toned letter, which TCVN3 lacks, as the upper-case
 * vowel followed by the lower-case toned one ("A" + "á"): make it one letter. */
static size_t tcvn3_merge_pairs(int32_t *cp, size_t n)
{
  size_t o = 0;
  for (size_t i = 0; i < n; i++) {
    if (o > 0 && utf8proc_category(cp[o - 1]) == UTF8PROC_CATEGORY_LU && is_lower_nonascii(cp[i])) {
      utf8proc_int32_t d[4], e[4];
      int last;
      utf8proc_ssize_t nd = utf8proc_decompose_char(cp[i], d, 4, UTF8PROC_DECOMPOSE, &last);
      utf8proc_ssize_t ne = utf8proc_decompose_char(utf8proc_tolower(cp[o - 1]), e, 4, UTF8PROC_DECOMPOSE, &last);
      /* same vowel and vowel marks, plus exactly one tone mark */
      if (nd == ne + 1 && ne >= 1 && !memcmp(d, e, (size_t)ne * sizeof *d) && is_tone(d[nd - 1]) &&
          e[0] < 0x80 && e[0] && strchr("aeiouy", (int)e[0])) {
        cp[o - 1] = utf8proc_toupper(cp[i]);
        continue;
      }
    }
    cp[o++] = cp[i];
  }
  return o;
}

static void upper_range(int32_t *cp, size_t a, size_t z)
{
  for (size_t i = a; i < z; i++)
    cp[i] = utf8proc_toupper(cp[i]);
}

/* A lower-case letter with a tone mark: VN3 has no capital for it. */
static int toned_lower(int32_t c)
{
  if (!is_lower_nonascii(c))
    return 0;
  utf8proc_int32_t d[4];
  int last;
  utf8proc_ssize_t nd = utf8proc_decompose_char(c, d, 4, UTF8PROC_DECOMPOSE, &last);
  return nd > 1 && nd <= 4 && is_tone(d[nd - 1]);
}

/* Words in [A, Z) holding a lower-case non-ASCII letter. */
static unsigned words_with_vlow(const int32_t *cp, size_t a, size_t z)
{
  unsigned k = 0;
  for (size_t i = a; i < z;) {
    if (!is_letter(cp[i])) {
      i++;
      continue;
    }
    int has = 0;
    for (; i < z && is_letter(cp[i]); i++)
      has |= is_lower_nonascii(cp[i]);
    k += (unsigned)has;
  }
  return k;
}

/* Where a sentence starts (after . ! ? and spaces, at the start of the text, after a line
 * ending a sentence, after a list marker), a toned lower-case letter lost its capital. */
static void tcvn3_sentence_caps(int32_t *cp, size_t n)
{
  int start = 1;   /* a sentence starts at the next letter */
  for (size_t i = 0; i < n; i++) {
    int32_t c = cp[i];
    if (is_letter(c)) {
      if (start && toned_lower(c))
        cp[i] = utf8proc_toupper(c);
      start = 0;
    } else if (c == '.' || c == '!' || c == '?') {
      start = i + 1 < n && (cp[i + 1] == ' ' || cp[i + 1] == '\n' || cp[i + 1] == '\r');
    } else if (c == '\n') {
      /* a new line continues the sentence unless the last one ended it */
    } else if ((c == '-' || c == '+') && i + 1 < n && cp[i + 1] == ' ') {
      size_t j = i;
      while (j > 0 && (cp[j - 1] == ' ' || cp[j - 1] == '\t'))
        j--;
      if (j == 0 || cp[j - 1] == '\n')
        start = 1;
    } else if (c != ' ' && c != '\t' && c != '\r' && c != '"' && c != '(' && c != 0x201C) {
      start = 0;
    }
  }
}

/* The words in capitals of [A, Z) (two letters or more, no lower-case letter) are all
 * Vietnamese syllables, and there is one at least: "T/M CHI bộ", "bí THƯ" are a line in
 * capitals, "Mã QR", "Số 04-GM/CB" are not. */
static int caps_words_are_syllables(const loa_dec_tables *t, const int32_t *cp, size_t a, size_t z)
{
  unsigned words = 0;
  for (size_t i = a; i < z;) {
    if (!is_letter(cp[i])) {
      i++;
      continue;
    }
    size_t ws = i;
    int lower = 0;
    for (; i < z && is_letter(cp[i]); i++)
      lower |= utf8proc_category(cp[i]) != UTF8PROC_CATEGORY_LU;
    if (lower || i - ws < 2)
      continue;
    char w[96];
    size_t wl = cps_to_utf8(cp + ws, i - ws, w, sizeof w);
    if (!wl || !loa_dec_is_syllable(t, w, wl))
      return 0;
    words++;
  }
  return words > 0;
}

/* Text typed in the .VnTimeH (capitals) font carries lower-case codes for the toned
 * letters: a line, or a word, whose ASCII letters are all capitals gets them back. */
static void tcvn3_restore_caps(const loa_dec_tables *t, int32_t *cp, size_t n)
{
  size_t ls = 0;
  while (ls < n) {
    size_t le = ls;
    unsigned up = 0, low = 0, vlow = 0;
    for (; le < n && cp[le] != '\n'; le++) {
      up += cp[le] >= 'A' && cp[le] <= 'Z';
      low += cp[le] >= 'a' && cp[le] <= 'z';
      vlow += is_lower_nonascii(cp[le]);
    }
    if (!low && up >= 3 && vlow && (words_with_vlow(cp, ls, le) >= 2 || caps_words_are_syllables(t, cp, ls, le))) {
      upper_range(cp, ls, le);
    } else if (vlow) {
      for (size_t i = ls; i < le;) {
        if (!is_letter(cp[i])) {
          i++;
          continue;
        }
        size_t ws = i;
        unsigned wu = 0, wl = 0, wv = 0;
        for (; i < le && is_letter(cp[i]); i++) {
          wu += cp[i] >= 'A' && cp[i] <= 'Z';
          wl += cp[i] >= 'a' && cp[i] <= 'z';
          wv += is_lower_nonascii(cp[i]);
        }
        if (wu >= 2 && !wl && wv)
          upper_range(cp, ws, i);
      }
    }
    ls = le + 1;
  }
}

static int conv_tcvn3(const loa_dec_tables *t, const unsigned char *b, size_t n, loa_buf *out, loa_conv_stats *st)
{
  int32_t *cp = malloc((n + 1) * sizeof *cp), *alt = calloc(n + 1, sizeof *alt);
  if (!cp || !alt) {
    free(cp);
    free(alt);
    return LOA_DEC_ENOMEM;
  }
  for (size_t i = 0; i < n; i++) {
    int32_t a, letter = loa_dec_tcvn3(t, b[i], &a);
    cp[i] = letter ? letter : b[i];
    alt[i] = a;
    if (b[i] >= 0x80 && !letter) {
      bad_at(st, i);
      cp[i] = 0xFFFD;
    }
  }
  tcvn3_disambiguate(t, cp, alt, n);
  /* A text that uses VN1's capitals had them at hand: its case is as written. */
  int vn1_caps = 0;
  for (size_t i = 0; i < n && !vn1_caps; i++)
    vn1_caps = (b[i] < 0x20 || b[i] >= 0x80) && cp[i] >= 0x80 && utf8proc_category(cp[i]) == UTF8PROC_CATEGORY_LU &&
               !strchr("\xA1\xA2\xA3\xA4\xA5\xA6\xA7", b[i]);
  size_t m = tcvn3_merge_pairs(cp, n);
  if (!vn1_caps) {
    tcvn3_restore_caps(t, cp, m);
    tcvn3_sentence_caps(cp, m);
  }
  for (size_t i = 0; i < m; i++)
    loa_buf_put_cp(out, cp[i]);
  free(cp);
  free(alt);
  return out->oom ? LOA_DEC_ENOMEM : 0;
}

static int conv_vni(const loa_dec_tables *t, const unsigned char *b, size_t n, loa_buf *out, loa_conv_stats *st)
{
  for (size_t i = 0; i < n;) {
    int used;
    int32_t cp = loa_dec_vni(t, b[i], i + 1 < n ? b[i + 1] : -1, &used);
    if (cp) {
      loa_buf_put_cp(out, cp);
      i += (size_t)used;
      continue;
    }
    if (b[i] < 0x80) {
      loa_buf_putc(out, (char)b[i]);
    } else {
      cp = loa_dec_cp1252(t, b[i]);
      if (cp < 0) {
        bad_at(st, i);
        cp = 0xFFFD;
      } else if (loa_dec_vni_is_mark(t, b[i])) {
        st->odd++;   /* a tone mark after something that takes none */
      }
      loa_buf_put_cp(out, cp);
    }
    i++;
  }
  return out->oom ? LOA_DEC_ENOMEM : 0;
}

int loa_dec_convert(const loa_dec_tables *t, loa_enc enc, const unsigned char *buf, size_t n,
                    loa_buf *out, loa_conv_stats *st)
{
  memset(st, 0, sizeof *st);
  int rc = 0;
  switch (enc) {
  case LOA_ENC_UTF8: conv_utf8(buf, n, out, st); break;
  case LOA_ENC_UTF16LE: conv_utf16(buf, n, 0, out, st); break;
  case LOA_ENC_UTF16BE: conv_utf16(buf, n, 1, out, st); break;
  case LOA_ENC_CP1258: rc = conv_iconv("CP1258", buf, n, out, st); break;
  case LOA_ENC_TCVN3: rc = conv_tcvn3(t, buf, n, out, st); break;
  case LOA_ENC_VNI: rc = conv_vni(t, buf, n, out, st); break;
  default: return LOA_DEC_EBADENC;
  }
  if (!rc && out->oom)
    rc = LOA_DEC_ENOMEM;
  return rc;
}

void loa_dec_score(const loa_dec_tables *t, const char *text, size_t len, size_t *valid, size_t *total)
{
  *valid = *total = 0;
  size_t i = 0;
  while (i < len) {
    size_t l;
    int32_t cp = loa_utf8_next(text + i, len - i, &l);
    if (!is_letter(cp)) {
      i += l;
      continue;
    }
    size_t ws = i;
    int accented = 0;
    while (i < len && is_letter(cp)) {
      accented |= cp >= 0x80;
      i += l;
      cp = loa_utf8_next(text + i, len - i, &l);
    }
    if (accented) {
      (*total)++;
      *valid += (size_t)loa_dec_is_syllable(t, text + ws, i - ws);
    }
  }
}
