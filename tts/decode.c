/* decode.c: any file an announcer has -> NFC UTF-8 text (the contract is tts/decode.h).
 *
 * The format is told by its first bytes (PDF, zip = .docx/.odt, known binaries) and only
 * then by the name (.md). Plain text is UTF-8 or UTF-16 when it says so (BOM) or is
 * valid; otherwise each legacy encoding (TCVN3, VNI, Windows-1258) decodes it and the
 * one whose accented words are Vietnamese syllables wins, clearly, or the file is
 * refused naming the candidates: a bulletin is never read as mojibake. A forced
 * encoding is checked the same way and refused when the bytes say otherwise.
 */
#include "tts/decode.h"
#include "tts/decode_internal.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#define MIN_SCORE 0.6    /* share of accented words that must be syllables */
#define MIN_MARGIN 0.25  /* over the next candidate */

typedef struct {
  char *msg;
  size_t len;
} errbuf;

static int fail(errbuf *e, int code, const char *fmt, ...)
{
  if (e->msg && e->len) {
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(e->msg, e->len, fmt, ap);
    va_end(ap);
  }
  return code;
}

/* ---- what the bytes are ---- */

enum { S_TEXT, S_PDF, S_ZIP, S_BINARY };

static int sniff(const unsigned char *b, size_t n, const char **what)
{
  static const struct { const char *magic; size_t len; const char *what; } known[] = {
    {"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8, "an old Word .doc (or Excel .xls) file; open it and save it as .docx or .txt"},
    {"{\\rtf", 5, "an RTF document; open it and save it as .docx or .txt"},
    {"\x89PNG", 4, "a PNG image"},
    {"\xFF\xD8\xFF", 3, "a JPEG image"},
    {"GIF8", 4, "a GIF image"},
    {"ID3", 3, "an MP3 file"},
    {"\xFF\xFB", 2, "an MP3 file"},
    {"RIFF", 4, "a WAV or AVI file"},
    {"OggS", 4, "an Ogg file"},
    {"fLaC", 4, "a FLAC file"},
    {"\x7F" "ELF", 4, "a program"},
    {"\x1F\x8B", 2, "a gzip archive"},
    {"Rar!", 4, "a RAR archive"},
    {"7z\xBC\xAF", 4, "a 7-Zip archive"},
  };
  size_t head = n < 1024 ? n : 1024;
  if (head >= 5 && memmem(b, head, "%PDF-", 5))
    return S_PDF;
  if (n >= 4 && b[0] == 'P' && b[1] == 'K' && ((b[2] == 3 && b[3] == 4) || (b[2] == 5 && b[3] == 6)))
    return S_ZIP;
  for (size_t i = 0; i < sizeof known / sizeof *known; i++)
    if (n >= known[i].len && !memcmp(b, known[i].magic, known[i].len)) {
      *what = known[i].what;
      return S_BINARY;
    }
  return S_TEXT;
}

static long line_of(const unsigned char *b, size_t off, loa_enc enc)
{
  long line = 1;
  int w = (enc == LOA_ENC_UTF16LE || enc == LOA_ENC_UTF16BE) ? 2 : 1;
  for (size_t i = 0; i + (size_t)w <= off; i += (size_t)w) {
    if (w == 1)
      line += b[i] == '\n';
    else
      line += enc == LOA_ENC_UTF16LE ? (b[i] == '\n' && !b[i + 1]) : (!b[i] && b[i + 1] == '\n');
  }
  return line;
}

/* NUL bytes, or C0 control codes that text does not have (VN1's letters excepted). */
static int looks_binary(const unsigned char *b, size_t n)
{
  size_t ctl = 0;
  for (size_t i = 0; i < n; i++) {
    unsigned c = b[i];
    if (!c)
      return 1;
    if (c < 0x20 && !strchr("\t\n\r\f\v\x1a\x1b", (int)c) &&
        !((c >= 0x01 && c <= 0x02) || (c >= 0x04 && c <= 0x06) || (c >= 0x11 && c <= 0x17)))
      ctl++;
  }
  return ctl > 4 && ctl * 50 > n;
}

static int valid_utf8(const unsigned char *b, size_t n, int *ascii)
{
  *ascii = 1;
  for (size_t i = 0; i < n;) {
    size_t l;
    if (b[i] < 0x80) {
      i++;
      continue;
    }
    *ascii = 0;
    if (loa_utf8_next((const char *)b + i, n - i, &l) < 0)
      return 0;
    i += l;
  }
  return 1;
}

/* UTF-8 with a few Windows punctuation bytes pasted in from an older document (“ ” ‘ ’ – — …
 * and the bullet, 0x85 and 0x91-0x97 in Windows-1252/1258): the text as it is meant, when
 * every byte UTF-8 does not have is one of those, standing alone (a letter of an old
 * encoding is never guessed), and the text holds three times as many UTF-8 characters. Returns a mended copy (line numbers unchanged), or NULL;
 * *MULTI and *STRAY count the UTF-8 characters and the bytes that are none. */
static unsigned char *mend_stray_punct(const unsigned char *b, size_t n, size_t *outn, size_t *multi, size_t *stray)
{
  static const char *const as[] = {"\xE2\x80\xA6", NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
                                   "\xE2\x80\x98", "\xE2\x80\x99", "\xE2\x80\x9C", "\xE2\x80\x9D",
                                   "\xE2\x80\xA2", "\xE2\x80\x93", "\xE2\x80\x94"};   /* 0x85..0x97 */
  size_t m = 0, k = 0, other = 0;
  for (size_t i = 0; i < n;) {
    size_t l;
    if (b[i] < 0x80) {
      i++;
    } else if (loa_utf8_next((const char *)b + i, n - i, &l) >= 0) {
      m++;
      i += l;
    } else {
      if (b[i] >= 0x85 && b[i] <= 0x97 && as[b[i] - 0x85])
        k++;
      else
        other++;
      i++;
    }
  }
  *multi = m;
  *stray = k + other;
  if (other || !k || m < 3 * k)
    return NULL;
  unsigned char *o = malloc(n + 2 * k + 1);
  if (!o)
    return NULL;
  size_t j = 0;
  for (size_t i = 0; i < n;) {
    size_t l;
    if (b[i] >= 0x80 && loa_utf8_next((const char *)b + i, n - i, &l) < 0) {
      const char *r = as[b[i] - 0x85];
      memcpy(o + j, r, 3);
      j += 3;
      i++;
    } else {
      l = b[i] < 0x80 ? 1 : l;
      memcpy(o + j, b + i, l);
      j += l;
      i += l;
    }
  }
  *outn = j;
  return o;
}

/* ---- candidates ---- */

typedef struct {
  loa_enc enc;
  loa_buf text;
  loa_conv_stats st;
  size_t valid, total;
} cand;

static double score(const cand *c)
{
  size_t d = c->total + c->st.bad + c->st.odd;
  return d ? (double)c->valid / (double)d : -1.0;
}

static int convert(const loa_dec_tables *t, cand *c, loa_enc enc, const unsigned char *b, size_t n)
{
  memset(c, 0, sizeof *c);
  c->enc = enc;
  int rc = loa_dec_convert(t, enc, b, n, &c->text, &c->st);
  if (!rc && t)
    loa_dec_score(t, c->text.p ? c->text.p : "", c->text.n, &c->valid, &c->total);
  return rc;
}

static void cands_free(cand *c, int k)
{
  for (int i = 0; i < k; i++)
    loa_buf_free(&c[i].text);
}

static int same_text(const cand *a, const cand *b)
{
  return a->text.n == b->text.n && (!a->text.n || !memcmp(a->text.p, b->text.p, a->text.n));
}

static const loa_enc legacy[3] = {LOA_ENC_TCVN3, LOA_ENC_VNI, LOA_ENC_CP1258};

/* Decode with all three legacy encodings, best first. */
static int run_legacy(const loa_dec_tables *t, const unsigned char *b, size_t n, cand c[3])
{
  for (int i = 0; i < 3; i++) {
    int rc = convert(t, &c[i], legacy[i], b, n);
    if (rc) {
      cands_free(c, i + 1);
      return rc;
    }
  }
  for (int i = 0; i < 3; i++)   /* sort by score, stable */
    for (int j = 2; j > i; j--)
      if (score(&c[j]) > score(&c[j - 1])) {
        cand tmp = c[j];
        c[j] = c[j - 1];
        c[j - 1] = tmp;
      }
  return 0;
}

static void describe(const cand c[3], char *buf, size_t len)
{
  size_t o = 0;
  buf[0] = 0;
  for (int i = 0; i < 3 && o < len; i++) {
    double s = score(&c[i]);
    int w;
    if (s < 0)
      w = snprintf(buf + o, len - o, "%s%s (no accented words)", i ? ", " : "", loa_enc_name(c[i].enc));
    else
      w = snprintf(buf + o, len - o, "%s%s (%.0f%% of %zu accented words are Vietnamese)", i ? ", " : "",
                   loa_enc_name(c[i].enc), 100.0 * s, c[i].total + c[i].st.bad + c[i].st.odd);
    if (w < 0)
      break;
    o += (size_t)w;
  }
}

/* 1 when c[0] (best first) clearly wins, with its confidence in *CONF; 0 when undecided. */
static int decided(const cand c[3], double *conf)
{
  double s0 = score(&c[0]), s1 = score(&c[1]);
  if (same_text(&c[0], &c[1]) && same_text(&c[0], &c[2])) {
    *conf = s0 < 0 ? 0.5 : s0;
    return 1;
  }
  if (s0 >= MIN_SCORE && (s0 - s1 >= MIN_MARGIN || same_text(&c[0], &c[1]))) {
    size_t ev = c[0].total + c[0].st.bad + c[0].st.odd;
    double margin = s1 > 0 ? s0 - s1 : s0;
    *conf = margin * (double)ev / (double)(ev + 2);
    return 1;
  }
  return 0;
}

typedef struct {
  const loa_dec_tables *tables;
  loa_dec_tables *owned;
} tables_ref;

static int need_tables(tables_ref *r, errbuf *e)
{
  if (r->tables)
    return 0;
  int rc = loa_dec_tables_load(&r->owned, e->msg, e->len);
  r->tables = r->owned;
  return rc;
}

/* ---- text ---- */

typedef struct {
  loa_buf text;
  loa_enc enc;
  double conf;
} decoded;

static int take(decoded *d, cand *c, double conf)
{
  d->text = c->text;
  d->enc = c->enc;
  d->conf = conf < 0 ? 0 : conf > 1 ? 1 : conf;
  memset(&c->text, 0, sizeof c->text);
  return 0;
}

static int detect_legacy(tables_ref *tr, const unsigned char *b, size_t n, decoded *d, errbuf *e)
{
  int rc = need_tables(tr, e);
  if (rc)
    return rc;
  cand c[3];
  if ((rc = run_legacy(tr->tables, b, n, c)))
    return rc;
  double conf;
  if (decided(c, &conf)) {
    take(d, &c[0], conf);
    cands_free(c, 3);
    return 0;
  }
  char why[400];
  describe(c, why, sizeof why);
  cands_free(c, 3);
  return fail(e, LOA_DEC_EUNDECIDED,
              "cannot tell which encoding the text is in: %s; save it as UTF-8 or name the encoding", why);
}

static int utf16_without_bom(const unsigned char *b, size_t n)
{
  if (n < 4 || n % 2)
    return 0;
  size_t even = 0, odd = 0, pairs = n / 2;
  for (size_t i = 0; i < n; i += 2) {
    even += !b[i];
    odd += !b[i + 1];
  }
  if (odd * 10 >= pairs * 3 && even * 50 <= pairs)
    return LOA_ENC_UTF16LE;
  if (even * 10 >= pairs * 3 && odd * 50 <= pairs)
    return LOA_ENC_UTF16BE;
  return 0;
}

static int bom_of(const unsigned char *b, size_t n, size_t *skip)
{
  *skip = 0;
  if (n >= 3 && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF)
    return *skip = 3, LOA_ENC_UTF8;
  if (n >= 2 && b[0] == 0xFF && b[1] == 0xFE)
    return *skip = 2, LOA_ENC_UTF16LE;
  if (n >= 2 && b[0] == 0xFE && b[1] == 0xFF)
    return *skip = 2, LOA_ENC_UTF16BE;
  return LOA_ENC_AUTO;
}

static int decode_auto(tables_ref *tr, const unsigned char *b, size_t n, decoded *d, errbuf *e)
{
  size_t skip;
  loa_enc bom = (loa_enc)bom_of(b, n, &skip);
  cand c;
  int rc;
  if (bom != LOA_ENC_AUTO) {
    if ((rc = convert(NULL, &c, bom, b + skip, n - skip)))
      return rc;
    if (c.st.bad) {
      long line = line_of(b + skip, c.st.first_bad, bom);
      loa_buf_free(&c.text);
      return fail(e, LOA_DEC_EUNDECIDED, "starts with a %s byte-order mark but is not %s (bad bytes from line %ld)",
                  loa_enc_name(bom), loa_enc_name(bom), line);
    }
    return take(d, &c, 1.0);
  }
  loa_enc u16 = (loa_enc)utf16_without_bom(b, n);
  if (u16) {
    if ((rc = convert(NULL, &c, u16, b, n)))
      return rc;
    if (!c.st.bad && loa_dec_oddness(c.text.p ? c.text.p : "", c.text.n) < 0.02)
      return take(d, &c, 0.9);
    loa_buf_free(&c.text);
  }
  if (looks_binary(b, n))
    return fail(e, LOA_DEC_EBINARY, "not text: it holds binary data (NUL or control bytes) and is not a supported document");
  int ascii;
  if (valid_utf8(b, n, &ascii)) {
    if ((rc = convert(NULL, &c, LOA_ENC_UTF8, b, n)))
      return rc;
    return take(d, &c, 1.0);
  }
  size_t mn, multi, stray;
  unsigned char *mended = mend_stray_punct(b, n, &mn, &multi, &stray);
  if (mended) {
    rc = convert(NULL, &c, LOA_ENC_UTF8, mended, mn);
    free(mended);
    return rc ? rc : take(d, &c, 0.9);
  }
  if (multi >= 10 * stray) {   /* UTF-8, but for a few bytes: say where, not which legacy encoding */
    if ((rc = convert(NULL, &c, LOA_ENC_UTF8, b, n)))
      return rc;
    long line = line_of(b, c.st.first_bad, LOA_ENC_UTF8);
    loa_buf_free(&c.text);
    return fail(e, LOA_DEC_EUNDECIDED,
                "the text is UTF-8 but for %zu byte(s) UTF-8 does not have, from line %ld (pasted from a file in "
                "another encoding?); retype those characters and save it as UTF-8", stray, line);
  }
  return detect_legacy(tr, b, n, d, e);
}

static int decode_forced(tables_ref *tr, loa_enc enc, const unsigned char *b, size_t n, decoded *d, errbuf *e)
{
  const char *name = loa_enc_name(enc);
  size_t skip;
  loa_enc bom = (loa_enc)bom_of(b, n, &skip);
  if (bom != LOA_ENC_AUTO && bom != enc)
    return fail(e, LOA_DEC_EWRONGENC, "the file starts with a %s byte-order mark; it is not %s", loa_enc_name(bom), name);
  b += skip;
  n -= skip;
  int is16 = enc == LOA_ENC_UTF16LE || enc == LOA_ENC_UTF16BE;
  if (!is16 && looks_binary(b, n))
    return fail(e, LOA_DEC_EBINARY, "not text: it holds binary data (NUL or control bytes) and is not a supported document");
  int ascii;
  int utf8 = valid_utf8(b, n, &ascii);
  if (enc != LOA_ENC_UTF8 && !is16 && utf8 && !ascii)
    return fail(e, LOA_DEC_EWRONGENC, "the text is UTF-8, not %s", name);
  int rc = 0;
  if (enc == LOA_ENC_TCVN3 || enc == LOA_ENC_VNI || (enc == LOA_ENC_UTF8 && !utf8))
    if ((rc = need_tables(tr, e)))
      return rc;
  cand c;
  size_t mn, multi, stray;
  unsigned char *mended = enc == LOA_ENC_UTF8 && !utf8 ? mend_stray_punct(b, n, &mn, &multi, &stray) : NULL;
  rc = mended ? convert(NULL, &c, enc, mended, mn) : convert(tr->tables, &c, enc, b, n);
  free(mended);
  if (rc)
    return rc;
  if (c.st.bad) {
    long line = line_of(b, c.st.first_bad, enc);
    loa_buf_free(&c.text);
    char hint[64] = "";
    cand l[3];
    if (!is16 && tr->tables && !run_legacy(tr->tables, b, n, l)) {
      double conf;
      if (decided(l, &conf))
        snprintf(hint, sizeof hint, "; it reads as %s", loa_enc_name(l[0].enc));
      cands_free(l, 3);
    }
    return fail(e, LOA_DEC_EWRONGENC, "the text is not %s: bytes that %s does not have, from line %ld%s",
                name, name, line, hint);
  }
  if (is16 && loa_dec_oddness(c.text.p ? c.text.p : "", c.text.n) > 0.05) {
    loa_buf_free(&c.text);
    return fail(e, LOA_DEC_EWRONGENC, "the text does not read as %s (most characters are not Latin script)", name);
  }
  if (enc == LOA_ENC_UTF8 || is16)
    return take(d, &c, 1.0);
  /* a legacy encoding: does it read, and does another read much better? */
  if ((rc = need_tables(tr, e))) {
    loa_buf_free(&c.text);
    return rc;
  }
  loa_buf_free(&c.text);
  cand l[3];
  if ((rc = run_legacy(tr->tables, b, n, l)))
    return rc;
  int mine = 0;
  for (int i = 0; i < 3; i++)
    if (l[i].enc == enc)
      mine = i;
  double s = score(&l[mine]), best = score(&l[0]);
  size_t ev = l[mine].total + l[mine].st.bad + l[mine].st.odd;
  if (s >= 0 && ev >= 3 && (s < 0.3 || (s < 0.5 && mine != 0 && best >= 0.8))) {
    char other[128] = "";
    if (mine != 0 && best >= MIN_SCORE)
      snprintf(other, sizeof other, "; it reads as %s (%.0f%%)", loa_enc_name(l[0].enc), 100.0 * best);
    cands_free(l, 3);
    return fail(e, LOA_DEC_EWRONGENC, "the text does not read as %s (%.0f%% of %zu accented words are Vietnamese)%s",
                name, 100.0 * s, ev, other);
  }
  take(d, &l[mine], s < 0 ? 1.0 : s);
  cands_free(l, 3);
  return 0;
}

/* ---- the whole ---- */

static int decode_any(const unsigned char *b, size_t n, const char *encoding, int markdown, loa_text *out, errbuf *e)
{
  memset(out, 0, sizeof *out);
  if (e->msg && e->len)
    e->msg[0] = 0;
  loa_enc enc = loa_enc_parse(encoding);
  if ((int)enc < 0)
    return fail(e, LOA_DEC_EBADENC, "unknown encoding \"%s\" (known: utf-8, utf-16le, utf-16be, windows-1258, tcvn3, vni)",
                encoding);
  if (!n)
    return fail(e, LOA_DEC_EEMPTY, "the file is empty");
  const char *what = NULL, *kind = NULL;
  decoded d = {LOA_BUF_INIT, LOA_ENC_AUTO, 1.0};
  tables_ref tr = {0};
  char doc_err[256] = "";
  int rc, s = sniff(b, n, &what);
  if (s == S_BINARY)
    return fail(e, LOA_DEC_EBINARY, "not a bulletin loa can read: %s", what);
  if (s == S_PDF) {
    kind = "pdf";
    rc = loa_dec_pdf(b, n, &d.text, doc_err, sizeof doc_err);
  } else if (s == S_ZIP) {
    char zwhat[128];
    int z = loa_dec_zip_kind(b, n, zwhat, sizeof zwhat);
    if (z == -2)
      return fail(e, LOA_DEC_EDOC, "the document is damaged: %s", zwhat);
    if (z < 0)
      return fail(e, LOA_DEC_EBINARY, "not a bulletin loa can read: %s; save it as .docx, .odt, .pdf or .txt", zwhat);
    kind = z == LOA_DOC_DOCX ? "docx" : "odt";
    rc = loa_dec_office(b, n, (loa_doc_kind)z, &d.text, doc_err, sizeof doc_err);
  } else if (enc == LOA_ENC_AUTO) {
    rc = decode_auto(&tr, b, n, &d, e);
  } else {
    rc = decode_forced(&tr, enc, b, n, &d, e);
  }
  loa_dec_tables_free(tr.owned);
  if (rc && doc_err[0])
    fail(e, rc, "%s", doc_err);
  if (rc) {
    loa_buf_free(&d.text);
    return rc;
  }
  loa_buf fin = LOA_BUF_INIT;
  rc = loa_dec_finish(d.text.p ? d.text.p : "", d.text.n, &fin);
  loa_buf_free(&d.text);
  if (!rc && markdown && !kind) {
    loa_buf md = LOA_BUF_INIT;
    rc = loa_dec_markdown(fin.p ? fin.p : "", fin.n, &md);
    loa_buf_free(&fin);
    fin = md;
    if (!rc && !fin.oom)
      rc = loa_dec_nfc(&fin);
  }
  if (!rc && fin.oom)
    rc = LOA_DEC_ENOMEM;
  if (rc) {
    loa_buf_free(&fin);
    return rc == LOA_DEC_ENOMEM ? fail(e, rc, "out of memory") : rc;
  }
  if (loa_dec_blank(fin.p ? fin.p : "", fin.n)) {
    loa_buf_free(&fin);
    return fail(e, LOA_DEC_EEMPTY, kind ? "the document has no text" : "the file has only spaces and blank lines");
  }
  out->text = fin.p;
  out->len = fin.n;
  snprintf(out->encoding, sizeof out->encoding, "%s", kind ? kind : loa_enc_name(d.enc));
  out->confidence = d.conf;
  return LOA_DEC_OK;
}

int loa_decode_buffer(const void *buf, size_t n, const char *encoding, loa_text *out, char *err, size_t errlen)
{
  errbuf e = {err, errlen};
  return decode_any(buf, n, encoding, 0, out, &e);
}

static int has_ext(const char *path, const char *ext)
{
  const char *slash = strrchr(path, '/');
  const char *dot = strrchr(slash ? slash : path, '.');
  return dot && !strcasecmp(dot, ext);
}

int loa_decode_file(const char *path, const char *encoding, size_t max_bytes, loa_text *out, char *err, size_t errlen)
{
  errbuf e = {err, errlen};
  memset(out, 0, sizeof *out);
  struct stat st;
  if (stat(path, &st) < 0) {
    if (errno == ENOENT || errno == ENOTDIR)
      return fail(&e, LOA_DEC_ENOENT, "no such file");
    return fail(&e, LOA_DEC_EIO, "cannot be read: %s", strerror(errno));
  }
  if (S_ISDIR(st.st_mode))
    return fail(&e, LOA_DEC_EIO, "is a folder, not a file");
  if (!S_ISREG(st.st_mode))
    return fail(&e, LOA_DEC_EIO, "is not a regular file");
  if (max_bytes && (unsigned long long)st.st_size > max_bytes)
    return fail(&e, LOA_DEC_ETOOBIG, "is %lld bytes, more than the limit of %zu", (long long)st.st_size, max_bytes);
  FILE *fp = fopen(path, "rb");
  if (!fp)
    return fail(&e, LOA_DEC_EIO, "cannot be read: %s", strerror(errno));
  loa_buf data = LOA_BUF_INIT;
  char buf[65536];
  size_t r;
  while ((r = fread(buf, 1, sizeof buf, fp)) > 0) {
    loa_buf_put(&data, buf, r);
    if (max_bytes && data.n > max_bytes)
      break;
  }
  int io = ferror(fp);
  int saved = errno;
  fclose(fp);
  if (io || data.oom) {
    int oom = data.oom;
    loa_buf_free(&data);
    return oom ? fail(&e, LOA_DEC_ENOMEM, "out of memory") : fail(&e, LOA_DEC_EIO, "cannot be read: %s", strerror(saved));
  }
  if (max_bytes && data.n > max_bytes) {
    loa_buf_free(&data);
    return fail(&e, LOA_DEC_ETOOBIG, "is more than the limit of %zu bytes", max_bytes);
  }
  int md = has_ext(path, ".md") || has_ext(path, ".markdown");
  int rc = decode_any((const unsigned char *)(data.p ? data.p : ""), data.n, encoding, md, out, &e);
  loa_buf_free(&data);
  return rc;
}

void loa_text_free(loa_text *t)
{
  if (!t)
    return;
  free(t->text);
  memset(t, 0, sizeof *t);
}

const char *const *loa_decode_encodings(void)
{
  static const char *const names[] = {"auto", "utf-8", "utf-16le", "utf-16be", "windows-1258", "tcvn3", "vni", NULL};
  return names;
}
