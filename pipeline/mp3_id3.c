/* mp3_id3.c: the ID3v2.4 tag loa writes (text, chapters) and a reader for ID3v2.3/2.4 (see mp3_id3.h). */
#include "pipeline/mp3_id3.h"
#include "lexicon/buf.h"
#include "lexicon/vntext.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- the tag's bytes, in a loa_buf ---- */

static void put_u8(loa_buf *b, unsigned v)
{
  unsigned char c = (unsigned char)v;
  loa_buf_put(b, &c, 1);
}

static void put_be32(loa_buf *b, uint32_t v)
{
  unsigned char c[4] = {(unsigned char)(v >> 24), (unsigned char)(v >> 16),
                        (unsigned char)(v >> 8), (unsigned char)v};
  loa_buf_put(b, c, 4);
}

static void syncsafe_at(unsigned char *p, uint32_t v)
{
  p[0] = (unsigned char)((v >> 21) & 0x7F);
  p[1] = (unsigned char)((v >> 14) & 0x7F);
  p[2] = (unsigned char)((v >> 7) & 0x7F);
  p[3] = (unsigned char)(v & 0x7F);
}

/* Starts a frame: ID, a size to fill in by frame_end, no flags. */
static size_t frame_begin(loa_buf *b, const char *id)
{
  size_t at = b->n;
  static const unsigned char zero[6];
  loa_buf_put(b, id, 4);
  loa_buf_put(b, zero, 6);
  return at;
}

static void frame_end(loa_buf *b, size_t at)
{
  if (!b->oom)
    syncsafe_at((unsigned char *)b->p + at + 4, (uint32_t)(b->n - at - 10));
}

/* ---- checks on what goes in ---- */

/* YYYY, YYYY-MM, YYYY-MM-DD, YYYY-MM-DDTHH, ...:mm, ...:ss (ID3v2.4 section 4). */
static int timestamp_valid(const char *s)
{
  static const char *shape = "dddd-dd-ddTdd:dd:dd";
  static const size_t ends[] = {4, 7, 10, 13, 16, 19};
  size_t n = strlen(s), i;
  for (i = 0; i < n && shape[i]; i++) {
    int digit = s[i] >= '0' && s[i] <= '9';
    if (shape[i] == 'd' ? !digit : s[i] != shape[i])
      return 0;
  }
  if (i < n)
    return 0;
  for (size_t k = 0; k < sizeof ends / sizeof ends[0]; k++)
    if (n == ends[k])
      return 1;
  return 0;
}

static int check_text(const char *what, const char *s, char *err, size_t errlen)
{
  if (s && !loa_utf8_valid(s, strlen(s))) {
    snprintf(err, errlen, "%s is not valid UTF-8", what);
    return LOA_MP3_EARG;
  }
  return LOA_MP3_OK;
}

static int check_tags(const loa_id3_tags *t, const loa_id3_chapter *ch, size_t nch,
                      char *err, size_t errlen)
{
  int rc = LOA_MP3_OK;
  if (t) {
    if (!rc) rc = check_text("title", t->title, err, errlen);
    if (!rc) rc = check_text("artist", t->artist, err, errlen);
    if (!rc) rc = check_text("album", t->album, err, errlen);
    if (!rc) rc = check_text("genre", t->genre, err, errlen);
    if (!rc) rc = check_text("comment", t->comment, err, errlen);
    if (!rc && t->date && t->date[0] && !timestamp_valid(t->date)) {
      snprintf(err, errlen, "date \"%.40s\" is not YYYY-MM-DD", t->date);
      rc = LOA_MP3_EARG;
    }
  }
  for (size_t i = 0; !rc && i < nch; i++)
    rc = check_text("chapter title", ch[i].title, err, errlen);
  if (!rc && nch > LOA_ID3_MAX_CHAPTERS) {
    snprintf(err, errlen, "%zu chapters, at most %d fit in an ID3 table of contents", nch,
             LOA_ID3_MAX_CHAPTERS);
    rc = LOA_MP3_EARG;
  }
  return rc;
}

/* ---- the writer ---- */

static void text_frame(loa_buf *b, const char *id, const char *text)
{
  if (!text || !text[0])
    return;
  size_t at = frame_begin(b, id);
  put_u8(b, 3);                          /* UTF-8 */
  loa_buf_put(b, text, strlen(text));
  frame_end(b, at);
}

static void comment_frame(loa_buf *b, const char *lang, const char *text)
{
  if (!text || !text[0])
    return;
  size_t at = frame_begin(b, "COMM");
  put_u8(b, 3);
  loa_buf_put(b, lang, 3);
  put_u8(b, 0);                          /* empty short description */
  loa_buf_put(b, text, strlen(text));
  frame_end(b, at);
}

static uint32_t file_offset(uint32_t rel, size_t base)
{
  if (rel == LOA_ID3_NO_OFFSET || (uint64_t)rel + base >= LOA_ID3_NO_OFFSET)
    return LOA_ID3_NO_OFFSET;
  return (uint32_t)(rel + base);
}

static void element_id(char id[8], size_t i)
{
  snprintf(id, 8, "chp%u", (unsigned)(i % (LOA_ID3_MAX_CHAPTERS + 1)));
}

static void chapter_frames(loa_buf *b, const loa_id3_chapter *ch, size_t nch, size_t base)
{
  char id[8];
  for (size_t i = 0; i < nch; i++) {
    size_t at = frame_begin(b, "CHAP");
    element_id(id, i);
    loa_buf_put(b, id, strlen(id) + 1);
    put_be32(b, ch[i].start_ms);
    put_be32(b, ch[i].end_ms);
    put_be32(b, file_offset(ch[i].start_offset, base));
    put_be32(b, file_offset(ch[i].end_offset, base));
    text_frame(b, "TIT2", ch[i].title);
    frame_end(b, at);
  }
  if (!nch)
    return;
  size_t at = frame_begin(b, "CTOC");
  loa_buf_put(b, "toc", 4);
  put_u8(b, 0x03);                       /* top-level, ordered */
  put_u8(b, (unsigned)nch);
  for (size_t i = 0; i < nch; i++) {
    element_id(id, i);
    loa_buf_put(b, id, strlen(id) + 1);
  }
  frame_end(b, at);
}

/* Everything after the 10-byte header; BASE = length of the whole tag. */
static void tag_body(loa_buf *b, const loa_id3_tags *t, const char *encoder,
                     const loa_id3_chapter *ch, size_t nch, size_t base)
{
  if (t) {
    text_frame(b, "TIT2", t->title);
    text_frame(b, "TPE1", t->artist);
    text_frame(b, "TALB", t->album);
    text_frame(b, "TDRC", t->date);
    text_frame(b, "TCON", t->genre ? t->genre : "Speech");
    comment_frame(b, "vie", t->comment);
  }
  text_frame(b, "TLAN", "vie");
  text_frame(b, "TSSE", encoder);
  chapter_frames(b, ch, nch, base);
}

int loa_id3_build(const loa_id3_tags *tags, const char *encoder,
                  const loa_id3_chapter *chapters, size_t nchapters,
                  unsigned char **out, size_t *len, char *err, size_t errlen)
{
  *out = NULL;
  *len = 0;
  int rc = check_tags(tags, chapters, nchapters, err, errlen);
  if (rc)
    return rc;
  loa_buf probe = LOA_BUF_INIT, b = LOA_BUF_INIT;
  tag_body(&probe, tags, encoder, chapters, nchapters, 0);   /* length only */
  size_t body = probe.n;
  int oom = probe.oom;
  loa_buf_free(&probe);
  if (oom) {
    snprintf(err, errlen, "out of memory building the ID3 tag");
    return LOA_MP3_ENOMEM;
  }
  if (body >= (1u << 28)) {
    snprintf(err, errlen, "ID3 tag too large (%zu bytes)", body);
    return LOA_MP3_EARG;
  }
  unsigned char hdr[10] = {'I', 'D', '3', 4, 0, 0};
  syncsafe_at(hdr + 6, (uint32_t)body);
  loa_buf_put(&b, hdr, sizeof hdr);
  tag_body(&b, tags, encoder, chapters, nchapters, 10 + body);
  if (b.oom) {
    loa_buf_free(&b);
    snprintf(err, errlen, "out of memory building the ID3 tag");
    return LOA_MP3_ENOMEM;
  }
  *len = b.n;
  *out = (unsigned char *)loa_buf_take(&b);
  return LOA_MP3_OK;
}

/* ---- the reader ---- */

static uint32_t syncsafe(const unsigned char *p)
{
  return (uint32_t)(p[0] & 0x7F) << 21 | (uint32_t)(p[1] & 0x7F) << 14 |
         (uint32_t)(p[2] & 0x7F) << 7 | (p[3] & 0x7F);
}

static uint32_t be32(const unsigned char *p)
{
  return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

size_t loa_id3_length(const unsigned char hdr[10])
{
  if (memcmp(hdr, "ID3", 3) != 0 || hdr[3] < 2 || hdr[3] > 4 || hdr[4] == 0xFF ||
      ((hdr[6] | hdr[7] | hdr[8] | hdr[9]) & 0x80))
    return 0;
  size_t footer = (hdr[3] == 4 && (hdr[5] & 0x10)) ? 10 : 0;
  return 10 + (size_t)syncsafe(hdr + 6) + footer;
}

/* Removes unsynchronisation (0xFF 0x00 -> 0xFF) in place; returns the new length. */
static size_t resync(unsigned char *p, size_t n)
{
  size_t w = 0;
  for (size_t r = 0; r < n; r++) {
    p[w++] = p[r];
    if (p[r] == 0xFF && r + 1 < n && p[r + 1] == 0)
      r++;
  }
  return w;
}

/* Appends code point CP as UTF-8 if it fits with the terminator; 0 when full. */
static int emit(char *out, size_t outlen, size_t *w, uint32_t cp)
{
  char u[4];
  size_t k = loa_utf8_encode(cp, u);
  if (*w + k >= outlen)
    return 0;
  memcpy(out + *w, u, k);
  *w += k;
  return 1;
}

static void utf8_copy(const unsigned char *s, size_t n, char *out, size_t outlen, size_t *w)
{
  size_t i = 0;
  while (i < n && s[i]) {
    size_t k;
    if (loa_utf8_next((const char *)s + i, n - i, &k) < 0)
      break;
    if (*w + k >= outlen)
      break;
    memcpy(out + *w, s + i, k);
    *w += k;
    i += k;
  }
}

static void utf16_copy(const unsigned char *s, size_t n, int big_endian, char *out,
                       size_t outlen, size_t *w)
{
  if (n >= 2 && ((s[0] == 0xFF && s[1] == 0xFE) || (s[0] == 0xFE && s[1] == 0xFF))) {
    big_endian = s[0] == 0xFE;
    s += 2, n -= 2;
  }
  for (size_t i = 0; i + 1 < n; i += 2) {
    uint32_t u = big_endian ? (uint32_t)(s[i] << 8 | s[i + 1]) : (uint32_t)(s[i + 1] << 8 | s[i]);
    if (u == 0)
      break;
    if (u >= 0xD800 && u < 0xDC00 && i + 3 < n) {
      uint32_t lo = big_endian ? (uint32_t)(s[i + 2] << 8 | s[i + 3])
                               : (uint32_t)(s[i + 3] << 8 | s[i + 2]);
      if (lo >= 0xDC00 && lo < 0xE000) {
        u = 0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00);
        i += 2;
      }
    }
    if (u >= 0xD800 && u < 0xE000)
      u = 0xFFFD;
    if (!emit(out, outlen, w, u))
      break;
  }
}

/* The first string of a text frame as UTF-8 into OUT. */
static void text_value(const unsigned char *d, size_t n, char *out, size_t outlen)
{
  size_t w = 0;
  if (!out || !outlen)
    return;
  if (n >= 1) {
    const unsigned char *s = d + 1;
    size_t m = n - 1;
    switch (d[0]) {
    case 0:
      for (size_t i = 0; i < m && s[i] && emit(out, outlen, &w, s[i]); i++)
        ;
      break;
    case 1: utf16_copy(s, m, 0, out, outlen, &w); break;
    case 2: utf16_copy(s, m, 1, out, outlen, &w); break;
    case 3: utf8_copy(s, m, out, outlen, &w); break;
    default: break;
    }
  }
  out[w] = 0;
}

static void frame_found(const char *id, const unsigned char *d, size_t n, loa_id3_read_result *r)
{
  if (!memcmp(id, "TIT2", 4))
    text_value(d, n, r->title, r->titlelen);
  else if (!memcmp(id, "TPE1", 4))
    text_value(d, n, r->artist, r->artistlen);
  else if (!memcmp(id, "CHAP", 4))
    r->chapters++;
}

int loa_id3_parse(const unsigned char hdr[10], const unsigned char *tag, size_t n,
                  loa_id3_read_result *r)
{
  if (!loa_id3_length(hdr))
    return -1;
  int version = hdr[3], flags = hdr[5];
  if (r->title && r->titlelen)
    r->title[0] = 0;
  if (r->artist && r->artistlen)
    r->artist[0] = 0;
  r->chapters = 0;
  if (version < 3)
    return 0;                            /* ID3v2.2: skipped, nothing read */
  unsigned char *p = malloc(n ? n : 1);
  if (!p)
    return -1;
  memcpy(p, tag, n);
  if (version == 3 && (flags & 0x80))
    n = resync(p, n);
  size_t pos = 0;
  if (flags & 0x40) {                    /* extended header */
    if (n < 4) {
      free(p);
      return 0;
    }
    uint64_t ext = version == 3 ? 4 + (uint64_t)be32(p) : syncsafe(p);
    pos = ext > n ? n : (size_t)ext;
  }
  while (pos + 10 <= n && p[pos] != 0) {
    char id[4];
    memcpy(id, p + pos, 4);
    size_t size = version == 4 ? syncsafe(p + pos + 4) : be32(p + pos + 4);
    int fl = p[pos + 9];
    pos += 10;
    if (size > n - pos)
      break;
    unsigned char *d = p + pos;
    size_t dn = size;
    pos += size;
    if (version == 3) {
      if (fl & 0xC0)                     /* compressed or encrypted */
        continue;
      if ((fl & 0x20) && dn >= 1)
        d++, dn--;
    } else {
      if (fl & 0x0C)
        continue;
      if ((fl & 0x40) && dn >= 1)
        d++, dn--;
      if ((fl & 0x01) && dn >= 4)
        d += 4, dn -= 4;
      if ((fl & 0x02) || (flags & 0x80))
        dn = resync(d, dn);
    }
    frame_found(id, d, dn, r);
  }
  free(p);
  return 0;
}
