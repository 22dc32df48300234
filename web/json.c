/* json.c: writing JSON values and reading one member of a flat object (see json.h). */
#include "web/json.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "lexicon/vntext.h"

/* ---------------------------------------------------------------- writing */

void loa_json_str(loa_buf *b, const char *s)
{
  if (!s) {
    loa_buf_puts(b, "null");
    return;
  }
  loa_buf_putc(b, '"');
  const unsigned char *p = (const unsigned char *)s;
  while (*p) {
    if (*p < 0x80) {
      unsigned char c = *p++;
      if (c == '"' || c == '\\')
        loa_buf_putc(b, '\\'), loa_buf_putc(b, (char)c);
      else if (c == '\n')
        loa_buf_puts(b, "\\n");
      else if (c == '\t')
        loa_buf_puts(b, "\\t");
      else if (c == '\r')
        loa_buf_puts(b, "\\r");
      else if (c < 0x20 || c == 0x7f)
        loa_buf_printf(b, "\\u%04x", c);
      else if (c == '<')      /* never "</script>" nor "<!--" inside a page */
        loa_buf_puts(b, "\\u003c");
      else
        loa_buf_putc(b, (char)c);
      continue;
    }
    size_t k;
    if (loa_utf8_next((const char *)p, strlen((const char *)p), &k) < 0) {
      loa_buf_puts(b, "\\ufffd");
      p++;
      continue;
    }
    loa_buf_put(b, p, k);
    p += k;
  }
  loa_buf_putc(b, '"');
}

static void key(loa_buf *b, int first, const char *k)
{
  if (!first)
    loa_buf_putc(b, ',');
  loa_json_str(b, k);
  loa_buf_putc(b, ':');
}

void loa_json_kv_str(loa_buf *b, int first, const char *k, const char *s)
{
  key(b, first, k);
  loa_json_str(b, s);
}

void loa_json_kv_num(loa_buf *b, int first, const char *k, double v)
{
  key(b, first, k);
  if (v != v || v > 1e300 || v < -1e300)
    loa_buf_puts(b, "null");
  else
    loa_buf_printf(b, "%.3f", v);
}

void loa_json_kv_int(loa_buf *b, int first, const char *k, long long v)
{
  key(b, first, k);
  loa_buf_printf(b, "%lld", v);
}

void loa_json_kv_bool(loa_buf *b, int first, const char *k, int v)
{
  key(b, first, k);
  loa_buf_puts(b, v ? "true" : "false");
}

/* ---------------------------------------------------------------- reading */

typedef struct {
  const char *p, *end;
  int depth;
} rd;

static void ws(rd *r)
{
  while (r->p < r->end && (*r->p == ' ' || *r->p == '\t' || *r->p == '\n' || *r->p == '\r'))
    r->p++;
}

static int hex4(rd *r, uint32_t *v)
{
  if (r->end - r->p < 4)
    return -1;
  *v = 0;
  for (int i = 0; i < 4; i++) {
    char c = *r->p++;
    int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10
          : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
    if (d < 0)
      return -1;
    *v = *v * 16 + (uint32_t)d;
  }
  return 0;
}

/* A string at r->p (after its quote); written to OUT when OUT is not NULL. Returns 0,
 * -1 malformed, -2 too long (the string still read to its end). */
static int string(rd *r, char *out, size_t cap)
{
  size_t n = 0;
  int toolong = 0;
  for (;;) {
    if (r->p >= r->end)
      return -1;
    unsigned char c = (unsigned char)*r->p;
    char tmp[4];
    size_t k = 0;
    if (c == '"') {
      r->p++;
      break;
    }
    if (c < 0x20)
      return -1;
    if (c == '\\') {
      r->p++;
      if (r->p >= r->end)
        return -1;
      char e = *r->p++;
      uint32_t cp = 0;
      switch (e) {
      case '"': case '\\': case '/': tmp[k++] = e; break;
      case 'b': tmp[k++] = '\b'; break;
      case 'f': tmp[k++] = '\f'; break;
      case 'n': tmp[k++] = '\n'; break;
      case 'r': tmp[k++] = '\r'; break;
      case 't': tmp[k++] = '\t'; break;
      case 'u':
        if (hex4(r, &cp))
          return -1;
        if (cp >= 0xd800 && cp < 0xdc00) {
          uint32_t lo;
          if (r->end - r->p < 6 || r->p[0] != '\\' || r->p[1] != 'u')
            return -1;
          r->p += 2;
          if (hex4(r, &lo) || lo < 0xdc00 || lo > 0xdfff)
            return -1;
          cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
        } else if (cp >= 0xdc00 && cp < 0xe000)
          return -1;
        if (cp == 0)
          return -1;
        if (cp < 0x80)
          tmp[k++] = (char)cp;
        else if (cp < 0x800)
          tmp[k++] = (char)(0xc0 | cp >> 6), tmp[k++] = (char)(0x80 | (cp & 0x3f));
        else if (cp < 0x10000)
          tmp[k++] = (char)(0xe0 | cp >> 12), tmp[k++] = (char)(0x80 | ((cp >> 6) & 0x3f)),
          tmp[k++] = (char)(0x80 | (cp & 0x3f));
        else
          tmp[k++] = (char)(0xf0 | cp >> 18), tmp[k++] = (char)(0x80 | ((cp >> 12) & 0x3f)),
          tmp[k++] = (char)(0x80 | ((cp >> 6) & 0x3f)), tmp[k++] = (char)(0x80 | (cp & 0x3f));
        break;
      default:
        return -1;
      }
    } else {
      size_t len;
      if (loa_utf8_next(r->p, (size_t)(r->end - r->p), &len) < 0)
        return -1;
      memcpy(tmp, r->p, len);
      k = len;
      r->p += len;
    }
    if (out && !toolong) {
      if (n + k + 1 > cap)
        toolong = 1;
      else
        memcpy(out + n, tmp, k), n += k;
    }
  }
  if (out && !toolong)
    out[n] = 0;
  return toolong ? -2 : 0;
}

static int value(rd *r);

static int literal(rd *r, const char *word)
{
  size_t n = strlen(word);
  if ((size_t)(r->end - r->p) < n || memcmp(r->p, word, n))
    return -1;
  r->p += n;
  return 0;
}

static int number(rd *r)
{
  const char *s = r->p;
  if (r->p < r->end && *r->p == '-')
    r->p++;
  if (r->p >= r->end || *r->p < '0' || *r->p > '9')
    return -1;
  if (*r->p == '0')
    r->p++;
  else
    while (r->p < r->end && *r->p >= '0' && *r->p <= '9')
      r->p++;
  if (r->p < r->end && *r->p == '.') {
    r->p++;
    if (r->p >= r->end || *r->p < '0' || *r->p > '9')
      return -1;
    while (r->p < r->end && *r->p >= '0' && *r->p <= '9')
      r->p++;
  }
  if (r->p < r->end && (*r->p == 'e' || *r->p == 'E')) {
    r->p++;
    if (r->p < r->end && (*r->p == '+' || *r->p == '-'))
      r->p++;
    if (r->p >= r->end || *r->p < '0' || *r->p > '9')
      return -1;
    while (r->p < r->end && *r->p >= '0' && *r->p <= '9')
      r->p++;
  }
  return r->p > s ? 0 : -1;
}

static int container(rd *r, char close)
{
  if (++r->depth > 32)
    return -1;
  r->p++;
  ws(r);
  if (r->p < r->end && *r->p == close) {
    r->p++, r->depth--;
    return 0;
  }
  for (;;) {
    ws(r);
    if (close == '}') {
      if (r->p >= r->end || *r->p != '"')
        return -1;
      r->p++;
      if (string(r, NULL, 0))
        return -1;
      ws(r);
      if (r->p >= r->end || *r->p++ != ':')
        return -1;
    }
    if (value(r))
      return -1;
    ws(r);
    if (r->p >= r->end)
      return -1;
    char c = *r->p++;
    if (c == close) {
      r->depth--;
      return 0;
    }
    if (c != ',')
      return -1;
  }
}

static int value(rd *r)
{
  ws(r);
  if (r->p >= r->end)
    return -1;
  switch (*r->p) {
  case '{': return container(r, '}');
  case '[': return container(r, ']');
  case '"': r->p++; return string(r, NULL, 0) ? -1 : 0;
  case 't': return literal(r, "true");
  case 'f': return literal(r, "false");
  case 'n': return literal(r, "null");
  default: return number(r);
  }
}

int loa_json_check(const char *json, size_t n)
{
  rd r = {json, json + n, 0};
  ws(&r);
  if (r.p >= r.end || *r.p != '{' || value(&r))
    return -1;
  ws(&r);
  return r.p == r.end ? 0 : -1;
}

int loa_json_get(const char *json, size_t n, const char *k, char *out, size_t outlen)
{
  if (loa_json_check(json, n))
    return -1;
  rd r = {json, json + n, 0};
  ws(&r);
  r.p++;                                 /* '{' */
  char name[256];
  for (;;) {
    ws(&r);
    if (*r.p == '}')
      return 0;
    r.p++;                               /* '"' */
    int named = string(&r, name, sizeof name);
    ws(&r);
    r.p++;                               /* ':' */
    ws(&r);
    if (named == 0 && !strcmp(name, k)) {
      if (*r.p == '{' || *r.p == '[')
        return -2;
      if (*r.p == '"') {
        r.p++;
        return string(&r, out, outlen) == 0 ? 1 : -2;
      }
      const char *s = r.p;
      value(&r);
      size_t len = (size_t)(r.p - s);
      if (len + 1 > outlen)
        return -2;
      memcpy(out, s, len);
      out[len] = 0;
      return 1;
    }
    value(&r);
    ws(&r);
    if (*r.p++ == '}')
      return 0;
  }
}
