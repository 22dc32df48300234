/* decode_md.c: Markdown markup out, so that a .md bulletin reads as its words.
 *
 * Line by line, keeping the number of lines: headings lose their '#', block quotes
 * their '>', bullets ("*", "+", "-") become "- ", numbered items keep their number,
 * links and images keep their text ([t](u) -> t), code spans their content, emphasis
 * marks go (tts/markup.h), HTML tags go, backslash escapes are resolved, table rows
 * become cells joined by " | " and their separator rows, rules and code fences become
 * empty lines. Text inside code fences is kept as it is.
 */
#include "tts/decode_internal.h"
#include "tts/decode.h"
#include "tts/markup.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static size_t skip_sp(const char *s, size_t n, size_t i)
{
  while (i < n && (s[i] == ' ' || s[i] == '\t'))
    i++;
  return i;
}

static int is_fence(const char *s, size_t n)
{
  size_t i = skip_sp(s, n, 0);
  return i + 3 <= n && (!memcmp(s + i, "```", 3) || !memcmp(s + i, "~~~", 3));
}

/* "---", "***", "___", "===" (with spaces between), alone on the line. */
static int is_rule(const char *s, size_t n)
{
  char c = 0;
  int count = 0;
  for (size_t i = 0; i < n; i++) {
    if (s[i] == ' ' || s[i] == '\t')
      continue;
    if (!c && strchr("-*_=", s[i]))
      c = s[i];
    if (s[i] != c)
      return 0;
    count++;
  }
  return count >= 3;
}

/* "|---|:--:|" or "--- | ---" */
static int is_table_separator(const char *s, size_t n)
{
  int dashes = 0, bars = 0;
  for (size_t i = 0; i < n; i++) {
    if (s[i] == '-')
      dashes++;
    else if (s[i] == '|')
      bars++;
    else if (!strchr(" \t:", s[i]))
      return 0;
  }
  return dashes >= 3 && bars >= 1;
}

static int is_link_definition(const char *s, size_t n)
{
  size_t i = skip_sp(s, n, 0);
  if (i >= n || s[i] != '[')
    return 0;
  const char *close = memchr(s + i, ']', n - i);
  return close && (size_t)(close - s) + 1 < n && close[1] == ':';
}

/* Find the ')' closing a link destination that starts at I, or 0. */
static size_t link_end(const char *s, size_t n, size_t i)
{
  int depth = 0;
  for (; i < n; i++) {
    if (s[i] == '(')
      depth++;
    else if (s[i] == ')' && depth-- == 0)
      return i;
  }
  return 0;
}

/* Inline markup of one line -> OUT. */
static void inline_text(const char *s, size_t n, loa_buf *out)
{
  for (size_t i = 0; i < n;) {
    char c = s[i];
    if (c == '\\' && i + 1 < n && ispunct((unsigned char)s[i + 1])) {
      loa_buf_put(out, s + i, 2);   /* keep the escape for the emphasis pass */
      i += 2;
    } else if (c == '`') {
      size_t r = 1;
      while (i + r < n && s[i + r] == '`')
        r++;
      const char *end = NULL;
      for (size_t j = i + r; j + r <= n; j++)
        if (!memcmp(s + j, s + i, r) && (j + r == n || s[j + r] != '`')) {
          end = s + j;
          break;
        }
      if (!end) {
        loa_buf_put(out, s + i, r);
        i += r;
        continue;
      }
      for (const char *p = s + i + r; p < end; p++)   /* code: literal, escape marks */
        if (strchr("*_~\\", *p)) {
          loa_buf_putc(out, '\\');
          loa_buf_putc(out, *p);
        } else {
          loa_buf_putc(out, *p);
        }
      i = (size_t)(end - s) + r;
    } else if ((c == '[' || (c == '!' && i + 1 < n && s[i + 1] == '['))) {
      size_t t0 = i + (c == '!' ? 2 : 1);
      const char *close = memchr(s + t0, ']', n - t0);
      size_t ce = close ? (size_t)(close - s) : 0;
      size_t dest_end = 0;
      if (close && ce + 1 < n && s[ce + 1] == '(')
        dest_end = link_end(s, n, ce + 2);
      else if (close && ce + 1 < n && s[ce + 1] == '[') {
        const char *rc = memchr(s + ce + 2, ']', n - ce - 2);
        dest_end = rc ? (size_t)(rc - s) : 0;
      }
      if (!dest_end) {
        loa_buf_putc(out, c);
        i++;
        continue;
      }
      inline_text(s + t0, ce - t0, out);
      i = dest_end + 1;
    } else if (c == '<') {
      size_t j = i + 1;
      while (j < n && s[j] != '>' && s[j] != '<' && s[j] != ' ')
        j++;
      int autolink = j < n && s[j] == '>' && (memmem(s + i, j - i, "://", 3) || memchr(s + i, '@', j - i));
      const char *gt = memchr(s + i, '>', n - i);
      int tag = gt && i + 1 < n && (isalpha((unsigned char)s[i + 1]) || s[i + 1] == '/');
      if (autolink) {
        loa_buf_put(out, s + i + 1, j - i - 1);
        i = j + 1;
      } else if (tag) {
        size_t g = (size_t)(gt - s);
        if (g - i >= 3 && !strncasecmp(s + i + 1, "br", 2))
          loa_buf_putc(out, ' ');
        i = g + 1;
      } else {
        loa_buf_putc(out, c);
        i++;
      }
    } else {
      loa_buf_putc(out, c);
      i++;
    }
  }
}

/* Resolve backslash escapes in place. */
static size_t unescape(char *s, size_t n)
{
  size_t o = 0;
  for (size_t i = 0; i < n; i++) {
    if (s[i] == '\\' && i + 1 < n && ispunct((unsigned char)s[i + 1]))
      i++;
    s[o++] = s[i];
  }
  return o;
}

static void table_row(const char *s, size_t n, loa_buf *out)
{
  size_t a = skip_sp(s, n, 0), z = n;
  while (z > a && (s[z - 1] == ' ' || s[z - 1] == '\t'))
    z--;
  if (a < z && s[a] == '|')
    a++;
  if (z > a && s[z - 1] == '|' && (z < 2 || s[z - 2] != '\\'))
    z--;
  int first = 1;
  while (a <= z) {
    size_t e = a;
    while (e < z && !(s[e] == '|' && (e == a || s[e - 1] != '\\')))
      e++;
    size_t c0 = skip_sp(s, e, a), c1 = e;
    while (c1 > c0 && (s[c1 - 1] == ' ' || s[c1 - 1] == '\t'))
      c1--;
    if (!first)
      loa_buf_puts(out, " | ");
    loa_buf_put(out, s + c0, c1 - c0);
    first = 0;
    a = e + 1;
  }
}

static void one_line(const char *s, size_t n, loa_buf *out)
{
  size_t i = skip_sp(s, n, 0);
  while (i < n && s[i] == '>')                       /* block quotes */
    i = skip_sp(s, n, i + 1);
  s += i;
  n -= i;
  if (is_rule(s, n) || is_table_separator(s, n) || is_link_definition(s, n))
    return;
  if (n && s[0] == '#') {                            /* ATX heading */
    size_t h = 0;
    while (h < n && s[h] == '#')
      h++;
    if (h <= 6 && (h == n || s[h] == ' ' || s[h] == '\t')) {
      size_t z = n;
      while (z > h && (s[z - 1] == ' ' || s[z - 1] == '#'))
        z--;
      s += h;
      n = z > h ? z - h : 0;
      size_t k = skip_sp(s, n, 0);
      s += k;
      n -= k;
    }
  }
  if (n >= 2 && strchr("*+-", s[0]) && (s[1] == ' ' || s[1] == '\t')) {   /* bullet */
    loa_buf_puts(out, "- ");
    size_t k = skip_sp(s, n, 1);
    s += k;
    n -= k;
    if (n >= 3 && s[0] == '[' && strchr(" xX", s[1]) && s[2] == ']') {   /* task list */
      k = skip_sp(s, n, 3);
      s += k;
      n -= k;
    }
  }
  loa_buf tmp = LOA_BUF_INIT;
  if (n && s[0] == '|')
    table_row(s, n, &tmp);
  loa_buf in2 = LOA_BUF_INIT;
  if (tmp.n)
    inline_text(tmp.p, tmp.n, &in2);
  else
    inline_text(s, n, &in2);
  loa_buf_free(&tmp);
  if (in2.oom) {
    out->oom = 1;
  } else if (in2.n) {
    size_t m = loa_strip_emphasis(in2.p, in2.n);
    m = unescape(in2.p, m);
    loa_buf_put(out, in2.p, m);
  }
  loa_buf_free(&in2);
}

int loa_dec_markdown(const char *in, size_t len, loa_buf *out)
{
  int fence = 0;
  for (size_t i = 0; i < len;) {
    const char *nl = memchr(in + i, '\n', len - i);
    size_t e = nl ? (size_t)(nl - in) : len;
    const char *s = in + i;
    size_t n = e - i;
    if (is_fence(s, n))
      fence = !fence;
    else if (fence)
      loa_buf_put(out, s, n);
    else
      one_line(s, n, out);
    if (nl)
      loa_buf_putc(out, '\n');
    i = e + 1;
  }
  return out->oom ? LOA_DEC_ENOMEM : 0;
}
