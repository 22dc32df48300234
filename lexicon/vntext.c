/* vntext.c: UTF-8 decoding, lower-casing and modern tone placement for
 * Vietnamese (see vntext.h). Decoding and the case mapping of non-ASCII letters
 * are utf8proc's.
 */
#include "lexicon/vntext.h"

#include <utf8proc.h>

/* The twelve Vietnamese vowels with their six tones: none, grave (huyền),
 * hook (hỏi), tilde (ngã), acute (sắc), dot (nặng). */
static const uint32_t tone_table[12][6] = {
  {0x0061, 0x00E0, 0x1EA3, 0x00E3, 0x00E1, 0x1EA1}, /* aàảãáạ */
  {0x0103, 0x1EB1, 0x1EB3, 0x1EB5, 0x1EAF, 0x1EB7}, /* ăằẳẵắặ */
  {0x00E2, 0x1EA7, 0x1EA9, 0x1EAB, 0x1EA5, 0x1EAD}, /* âầẩẫấậ */
  {0x0065, 0x00E8, 0x1EBB, 0x1EBD, 0x00E9, 0x1EB9}, /* eèẻẽéẹ */
  {0x00EA, 0x1EC1, 0x1EC3, 0x1EC5, 0x1EBF, 0x1EC7}, /* êềểễếệ */
  {0x0069, 0x00EC, 0x1EC9, 0x0129, 0x00ED, 0x1ECB}, /* iìỉĩíị */
  {0x006F, 0x00F2, 0x1ECF, 0x00F5, 0x00F3, 0x1ECD}, /* oòỏõóọ */
  {0x00F4, 0x1ED3, 0x1ED5, 0x1ED7, 0x1ED1, 0x1ED9}, /* ôồổỗốộ */
  {0x01A1, 0x1EDD, 0x1EDF, 0x1EE1, 0x1EDB, 0x1EE3}, /* ơờởỡớợ */
  {0x0075, 0x00F9, 0x1EE7, 0x0169, 0x00FA, 0x1EE5}, /* uùủũúụ */
  {0x01B0, 0x1EEB, 0x1EED, 0x1EEF, 0x1EE9, 0x1EF1}, /* ưừửữứự */
  {0x0079, 0x1EF3, 0x1EF7, 0x1EF9, 0x00FD, 0x1EF5}, /* yỳỷỹýỵ */
};
enum { V_A = 0, V_E = 3, V_O = 6, V_U = 9, V_Y = 11 };

/* (vowel << 3 | tone) of the lower-case letters U+00E0-U+01B0 and
 * U+1EA0-U+1EF9, 0xFF for other code points (generated from tone_table). */
static const uint8_t vowel_lat1[] = {
  0x01, 0x04, 0x10, 0x03, 0xFF, 0xFF, 0xFF, 0xFF, 0x19, 0x1C, 0x20, 0xFF, 0x29, 0x2C, 0xFF, 0xFF,
  0xFF, 0xFF, 0x31, 0x34, 0x38, 0x33, 0xFF, 0xFF, 0xFF, 0x49, 0x4C, 0xFF, 0xFF, 0x5C, 0xFF, 0xFF,
  0xFF, 0xFF, 0xFF, 0x08, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
  0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
  0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x2B, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
  0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
  0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
  0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
  0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x4B, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
  0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
  0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
  0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
  0xFF, 0x40, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
  0x50,
};
static const uint8_t vowel_ext[] = {
  0xFF, 0x05, 0xFF, 0x02, 0xFF, 0x14, 0xFF, 0x11, 0xFF, 0x12, 0xFF, 0x13, 0xFF, 0x15, 0xFF, 0x0C,
  0xFF, 0x09, 0xFF, 0x0A, 0xFF, 0x0B, 0xFF, 0x0D, 0xFF, 0x1D, 0xFF, 0x1A, 0xFF, 0x1B, 0xFF, 0x24,
  0xFF, 0x21, 0xFF, 0x22, 0xFF, 0x23, 0xFF, 0x25, 0xFF, 0x2A, 0xFF, 0x2D, 0xFF, 0x35, 0xFF, 0x32,
  0xFF, 0x3C, 0xFF, 0x39, 0xFF, 0x3A, 0xFF, 0x3B, 0xFF, 0x3D, 0xFF, 0x44, 0xFF, 0x41, 0xFF, 0x42,
  0xFF, 0x43, 0xFF, 0x45, 0xFF, 0x4D, 0xFF, 0x4A, 0xFF, 0x54, 0xFF, 0x51, 0xFF, 0x52, 0xFF, 0x53,
  0xFF, 0x55, 0xFF, 0x59, 0xFF, 0x5D, 0xFF, 0x5A, 0xFF, 0x5B,
};

/* Vowel index (0-11) and tone (0-5) of a lower-case CP; -1 when not a vowel. */
static int vowel_of(uint32_t cp, int *tone)
{
  uint8_t x;
  if (cp < 0x80) {
    switch (cp) {
    case 'a': *tone = 0; return 0;
    case 'e': *tone = 0; return 3;
    case 'i': *tone = 0; return 5;
    case 'o': *tone = 0; return 6;
    case 'u': *tone = 0; return 9;
    case 'y': *tone = 0; return 11;
    default: return -1;
    }
  }
  if (cp >= 0xE0 && cp <= 0x1B0)
    x = vowel_lat1[cp - 0xE0];
  else if (cp >= 0x1EA0 && cp <= 0x1EF9)
    x = vowel_ext[cp - 0x1EA0];
  else
    return -1;
  if (x == 0xFF)
    return -1;
  *tone = x & 7;
  return x >> 3;
}

int32_t loa_utf8_next(const char *s, size_t len, size_t *used)
{
  utf8proc_int32_t cp = -1;
  utf8proc_ssize_t room = len > 4 ? 4 : (utf8proc_ssize_t)len;   /* a sequence is 4 bytes at most */
  utf8proc_ssize_t n = room ? utf8proc_iterate((const utf8proc_uint8_t *)s, room, &cp) : -1;
  if (n <= 0) {
    *used = 1;
    return -1;
  }
  *used = (size_t)n;
  return cp;
}

size_t loa_utf8_decode(const char *s, size_t len, uint32_t *cp)
{
  size_t used;
  int32_t c = loa_utf8_next(s, len, &used);
  *cp = c < 0 ? 0xFFFD : (uint32_t)c;
  return used;
}

size_t loa_utf8_encode(uint32_t cp, char *out)
{
  if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
    cp = 0xFFFD;
  if (cp < 0x80) {
    out[0] = (char)cp;
    return 1;
  }
  if (cp < 0x800) {
    out[0] = (char)(0xC0 | (cp >> 6));
    out[1] = (char)(0x80 | (cp & 0x3F));
    return 2;
  }
  if (cp < 0x10000) {
    out[0] = (char)(0xE0 | (cp >> 12));
    out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
    out[2] = (char)(0x80 | (cp & 0x3F));
    return 3;
  }
  out[0] = (char)(0xF0 | (cp >> 18));
  out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
  out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
  out[3] = (char)(0x80 | (cp & 0x3F));
  return 4;
}

int loa_utf8_valid(const char *s, size_t len)
{
  for (size_t i = 0, n; i < len; i += n)
    if (loa_utf8_next(s + i, len - i, &n) < 0)
      return 0;
  return 1;
}

size_t loa_utf8_chars(const char *s, size_t len)
{
  size_t n = 0;
  for (size_t i = 0; i < len; i++)
    if (((unsigned char)s[i] & 0xC0) != 0x80)
      n++;
  return n;
}

int loa_is_letter(int32_t cp)
{
  if (cp >= 0 && cp < 0x80)
    return (cp | 32) >= 'a' && (cp | 32) <= 'z';
  utf8proc_category_t k = utf8proc_category(cp);
  return k >= UTF8PROC_CATEGORY_LU && k <= UTF8PROC_CATEGORY_LO;
}

int loa_is_upper(int32_t cp)
{
  return utf8proc_category(cp) == UTF8PROC_CATEGORY_LU;
}

int loa_is_lower(int32_t cp)
{
  return utf8proc_category(cp) == UTF8PROC_CATEGORY_LL;
}

uint32_t loa_vn_lower(uint32_t cp)
{
  if (cp < 0x80)
    return (cp >= 'A' && cp <= 'Z') ? cp + 32 : cp;
  return (uint32_t)utf8proc_tolower((utf8proc_int32_t)cp);
}

uint32_t loa_vn_upper(uint32_t cp)
{
  if (cp < 0x80)
    return (cp >= 'a' && cp <= 'z') ? cp - 32 : cp;
  return (uint32_t)utf8proc_toupper((utf8proc_int32_t)cp);
}

int loa_vn_is_vowel(uint32_t cp)
{
  int t;
  return vowel_of(loa_vn_lower(cp), &t) >= 0;
}

int loa_vn_is_marked(uint32_t cp)
{
  cp = loa_vn_lower(cp);
  if (cp == 0x0111) /* đ */
    return 1;
  int t, v = vowel_of(cp, &t);
  if (v < 0)
    return 0;
  return t != 0 || (v != V_A && v != V_E && v != 5 && v != V_O && v != V_U && v != V_Y);
}

/* One syllable CPS[0..N): if it ends in o+toned a/e or u+toned y (not after q),
 * the tone moves to the o/u: hoá -> hóa, thuỷ -> thủy. */
static void fix_syllable(uint32_t *c, size_t n)
{
  if (n < 2)
    return;
  int t2, v2 = vowel_of(c[n - 1], &t2);
  int t1, v1 = vowel_of(c[n - 2], &t1);
  if (v1 < 0 || v2 < 0 || t1 != 0 || t2 == 0)
    return;
  int ok = (v1 == V_O && (v2 == V_A || v2 == V_E)) || (v1 == V_U && v2 == V_Y);
  if (!ok)
    return;
  if (n >= 3) {
    int t0;
    if (v1 == V_U && (c[n - 3] == 'q'))
      return;                      /* quý: u is part of the onset */
    if (vowel_of(c[n - 3], &t0) >= 0 && !(v1 == V_O && c[n - 3] == 'i' && n >= 4 && c[n - 4] == 'g'))
      return;                      /* three vowels: not one of these rhymes */
  }
  c[n - 2] = tone_table[v1][t2];
  c[n - 1] = tone_table[v2][0];
}



void loa_vn_modern_tone(uint32_t *cps, size_t n)
{
  size_t i = 0;
  while (i < n) {
    while (i < n && !loa_is_letter((int32_t)cps[i]))
      i++;
    size_t s = i;
    while (i < n && loa_is_letter((int32_t)cps[i]))
      i++;
    fix_syllable(cps + s, i - s);
  }
}

int loa_vn_fold(const char *s, size_t len, char *out, size_t cap)
{
  size_t o = 0, i = 0;
  uint32_t syl[32];
  size_t ns = 0;
  while (i <= len) {
    uint32_t cp = 0;
    int end = (i == len);
    if (!end)
      i += loa_utf8_decode(s + i, len - i, &cp);
    else
      i++;
    if (!end && loa_is_letter((int32_t)cp) && ns < 32) {
      syl[ns++] = loa_vn_lower(cp);
      continue;
    }
    if (!end && loa_is_letter((int32_t)cp)) {          /* a very long run: no tone fix */
      for (size_t k = 0; k < ns; k++) {
        if (o + 4 >= cap)
          return -1;
        o += loa_utf8_encode(syl[k], out + o);
      }
      ns = 0;
      syl[ns++] = loa_vn_lower(cp);
      continue;
    }
    fix_syllable(syl, ns);
    for (size_t k = 0; k < ns; k++) {
      if (o + 4 >= cap)
        return -1;
      o += loa_utf8_encode(syl[k], out + o);
    }
    ns = 0;
    if (!end) {
      if (o + 4 >= cap)
        return -1;
      o += loa_utf8_encode(loa_vn_lower(cp), out + o);
    }
  }
  if (o >= cap)
    return -1;
  out[o] = 0;
  return (int)o;
}

/* The tone (1-5, as in tone_table) a combining mark writes, 0 for any other. */
static int tone_of_mark(utf8proc_int32_t c)
{
  switch (c) {
  case 0x300: case 0x340: return 1;   /* huyền */
  case 0x309: return 2;               /* hỏi */
  case 0x303: return 3;               /* ngã */
  case 0x301: case 0x341: return 4;   /* sắc */
  case 0x323: return 5;               /* nặng */
  default: return 0;
  }
}

/* Adds the letters of C, lower case and without its tone, to CPS[*N..] (CAP room),
 * and its tone to *TONE; *DECOMPOSED is set when CPS may now hold marks to compose
 * again. -1 when C brings a second tone, or there is no room. */
static int toneless_letters(int32_t c, utf8proc_int32_t *cps, size_t cap, size_t *n, int *tone,
                            int *decomposed)
{
  uint32_t lower = loa_vn_lower((uint32_t)c);
  utf8proc_int32_t d[8];
  utf8proc_ssize_t nd = 1;
  int t = 0, v = lower < 0x80 ? -1 : vowel_of(lower, &t);
  if (v >= 0) {              /* a vowel of tone_table: its tone is known without decomposing */
    d[0] = (utf8proc_int32_t)tone_table[v][0];
  } else if (lower < 0x80 || lower == 0x111) {   /* ASCII, đ: nothing to take out */
    d[0] = (utf8proc_int32_t)lower;
  } else {
    int last;
    nd = utf8proc_decompose_char((utf8proc_int32_t)lower, d, 8, UTF8PROC_DECOMPOSE, &last);
    if (nd < 1 || nd > 8)
      return -1;
    *decomposed = 1;
  }
  for (utf8proc_ssize_t k = 0; k < nd; k++) {
    int tm = tone_of_mark(d[k]);
    if (tm && (t || *tone))
      return -1;
    if (tm) {
      t = tm;
      continue;
    }
    if (*n == cap)
      return -1;
    cps[(*n)++] = d[k];
  }
  if (t && *tone)
    return -1;
  if (t)
    *tone = t;
  return 0;
}

int loa_vn_syllable_key(const char *word, size_t len, char *key, size_t cap)
{
  utf8proc_int32_t cps[64];
  size_t n = 0;
  int tone = 0, decomposed = 0;
  for (size_t i = 0, l; i < len; i += l) {
    int32_t c = loa_utf8_next(word + i, len - i, &l);
    if (c < 0 || toneless_letters(c, cps, 64, &n, &tone, &decomposed) < 0)
      return -1;
  }
  utf8proc_ssize_t m = (utf8proc_ssize_t)n;
  if (decomposed)
    m = utf8proc_normalize_utf32(cps, m, UTF8PROC_COMPOSE);
  if (m <= 0)
    return -1;
  size_t o = 0;
  for (utf8proc_ssize_t k = 0; k < m; k++) {
    if (o + 4 + 1 > cap)
      return -1;
    o += loa_utf8_encode((uint32_t)cps[k], key + o);
  }
  key[o++] = (char)('0' + tone);
  return (int)o;
}
