/* header.c: the broadcast-rules header at the top of a bulletin (see header.h).
 *
 * A header is present when the first non-empty line is "Key: value" with a
 * known key. It goes on while lines are "Key: value"; it ends at a line "---",
 * at an empty line, or at the first line that is not "Key: value". A line of
 * the form "Key: value" with an unknown key inside the header is an error
 * (a misspelt key must not end up read on air).
 */
#include "tts/header.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

typedef enum { K_TITLE, K_SLOT, K_FROM, K_TO, K_TIMES, K_PRIO, K_REPEAT, K_ZONES, K_UNKNOWN } key_id;

/* Folded spellings (no accents, no spaces, lower case) of each key. */
static const struct { const char *name; key_id id; } keys[] = {
  {"tieude", K_TITLE},   {"title", K_TITLE},     {"ten", K_TITLE},
  {"buoi", K_SLOT},      {"buoiphat", K_SLOT},   {"slot", K_SLOT},     {"khunggio", K_SLOT},
  {"tungay", K_FROM},    {"from", K_FROM},       {"batdau", K_FROM},   {"ngaybatdau", K_FROM},
  {"denngay", K_TO},     {"to", K_TO},           {"ketthuc", K_TO},    {"ngayketthuc", K_TO},
  {"solanmoingay", K_TIMES}, {"solanngay", K_TIMES}, {"timesperday", K_TIMES},
  {"mucdo", K_PRIO},     {"uutien", K_PRIO},     {"priority", K_PRIO}, {"dokhan", K_PRIO},
  {"phatlai", K_REPEAT}, {"solanphatlai", K_REPEAT}, {"repeat", K_REPEAT}, {"repeats", K_REPEAT},
  {"khuvuc", K_ZONES},   {"zones", K_ZONES},     {"zone", K_ZONES},
};

/* Fold UTF-8 S (N bytes) into OUT: NFD, marks stripped, case folded, đ -> d,
 * ASCII letters and digits kept; other ASCII dropped, or with KEEP_SEP turned into one ','. */
static void fold(const char *s, size_t n, char *out, size_t outlen, int keep_sep)
{
  size_t o = 0;
  utf8proc_uint8_t *m = NULL;
  if (utf8proc_map((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)n, &m,
                   UTF8PROC_DECOMPOSE | UTF8PROC_STRIPMARK | UTF8PROC_CASEFOLD) < 0) {
    out[0] = 0;
    return;
  }
  for (const unsigned char *p = m; *p && o + 1 < outlen; p++) {
    if (p[0] == 0xC4 && (p[1] == 0x91 || p[1] == 0x90)) {   /* đ Đ */
      out[o++] = 'd';
      p++;
    } else if (isalnum(*p)) {
      out[o++] = (char)*p;
    } else if (keep_sep && *p < 0x80) {
      if (o && out[o - 1] != ',')
        out[o++] = ',';
    } else if (*p >= 0x80) {
      while (p[1] >= 0x80 && p[1] < 0xC0)
        p++;
    }
  }
  out[o] = 0;
  free(m);
}

static key_id find_key(const char *k, size_t n)
{
  char f[64];
  fold(k, n, f, sizeof f, 0);
  for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
    if (!strcmp(f, keys[i].name))
      return keys[i].id;
  return K_UNKNOWN;
}

static int days_in_month(int y, int m)
{
  static const int d[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
    return 29;
  return d[m - 1];
}

/* "25/11/2026", "25-11-2026", "25.11.2026" or "2026-11-25" -> 20261125; 0 if invalid. */
static int parse_date(const char *v)
{
  int a, b, c;
  char s1, s2, tail;
  if (sscanf(v, "%d%c%d%c%d %c", &a, &s1, &b, &s2, &c, &tail) != 5 || s1 != s2 ||
      (s1 != '/' && s1 != '-' && s1 != '.'))
    return 0;
  int y = c, m = b, d = a;
  if (a > 999) {                   /* ISO order */
    if (s1 != '-')
      return 0;
    y = a;
    d = c;
  }
  if (y < 2000 || y > 2200 || m < 1 || m > 12 || d < 1 || d > days_in_month(y, m))
    return 0;
  return y * 10000 + m * 100 + d;
}

static int parse_int(const char *v, int lo, int hi, int *out)
{
  char *end;
  long x = strtol(v, &end, 10);
  while (*end == ' ' || *end == '\t')
    end++;
  if (end == v || *end || x < lo || x > hi)
    return -1;
  *out = (int)x;
  return 0;
}

static int parse_priority(const char *v, loa_priority *p)
{
  char f[64];
  fold(v, strlen(v), f, sizeof f, 0);
  if (!strcmp(f, "thuong") || !strcmp(f, "binhthuong") || !strcmp(f, "normal"))
    *p = LOA_PRIO_NORMAL;
  else if (!strcmp(f, "uutien") || !strcmp(f, "high"))
    *p = LOA_PRIO_HIGH;
  else if (!strcmp(f, "khancap") || !strcmp(f, "khan") || !strcmp(f, "urgent"))
    *p = LOA_PRIO_URGENT;
  else
    return -1;
  return 0;
}

/* "sáng, chiều" / "sáng và chiều" -> sang, chieu; "cả hai" / "both" -> "*" (every slot). */
static int parse_slots(const char *v, loa_header *h)
{
  char f[256];
  fold(v, strlen(v), f, sizeof f, 1);
  h->nslots = 0;
  for (char *t = f, *comma; t && *t; t = comma ? comma + 1 : NULL) {
    comma = strchr(t, ',');
    if (comma)
      *comma = 0;
    if (!*t || !strcmp(t, "va") || !strcmp(t, "and") || !strcmp(t, "buoi"))
      continue;
    if (!strcmp(t, "ca") && comma && (!strncmp(comma + 1, "hai", 3) || !strncmp(comma + 1, "ngay", 4))) {
      t = "*";
      comma = strchr(comma + 1, ',');
    } else if (!strcmp(t, "both") || !strcmp(t, "all")) {
      t = "*";
    }
    size_t lt = strlen(t);
    if (h->nslots == 8 || lt >= sizeof h->slots[0])
      return -1;
    memcpy(h->slots[h->nslots++], t, lt + 1);
  }
  return h->nslots ? 0 : -1;
}

void loa_header_fold(const char *s, char *out, size_t outlen)
{
  fold(s, strlen(s), out, outlen, 0);
}

/* "thôn 1, thôn 3" -> thon1, thon3; "tất cả" / "toàn xã" / "all" -> "*" (every zone). */
static int parse_zones(const char *v, loa_header *h)
{
  h->nzones = 0;
  for (const char *t = v; *t;) {
    size_t n = strcspn(t, ",;");
    char item[128], f[64];
    snprintf(item, sizeof item, "%.*s", (int)(n < 127 ? n : 127), t);
    fold(item, strlen(item), f, sizeof f, 0);
    if (!strcmp(f, "tatca") || !strcmp(f, "toanxa") || !strcmp(f, "all") || !strcmp(f, "*"))
      snprintf(f, sizeof f, "*");
    if (*f) {
      if (h->nzones == 16 || strlen(f) >= sizeof h->zones[0])
        return -1;
      memcpy(h->zones[h->nzones++], f, strlen(f) + 1);   /* its length was just checked */
    }
    t += n + (t[n] != 0);
  }
  return h->nzones ? 0 : -1;
}

static void trim(const char **s, const char **e)
{
  while (*s < *e && (**s == ' ' || **s == '\t' || **s == '\r'))
    (*s)++;
  while (*e > *s && ((*e)[-1] == ' ' || (*e)[-1] == '\t' || (*e)[-1] == '\r'))
    (*e)--;
}

/* Split LINE into key and value at the first ':'; 0 if it has that form. */
static int split_kv(const char *s, const char *e, const char **ks, const char **ke,
                    const char **vs, const char **ve)
{
  const char *colon = memchr(s, ':', (size_t)(e - s));
  if (!colon || colon == s || colon - s > 40)
    return -1;
  *ks = s, *ke = colon, *vs = colon + 1, *ve = e;
  trim(ks, ke);
  trim(vs, ve);
  return *ke > *ks ? 0 : -1;
}

static int apply(loa_header *h, key_id k, const char *v, int line, char *err, size_t errlen)
{
  switch (k) {
  case K_TITLE:
    snprintf(h->title, sizeof h->title, "%s", v);
    return 0;
  case K_SLOT:
    if (parse_slots(v, h) == 0)
      return 0;
    snprintf(err, errlen, "dòng %d: buổi phát '%s' không hợp lệ / invalid slot", line, v);
    return -1;
  case K_FROM:
  case K_TO: {
    int d = parse_date(v);
    if (!d) {
      snprintf(err, errlen, "dòng %d: ngày '%s' không hợp lệ / invalid date", line, v);
      return -1;
    }
    *(k == K_FROM ? &h->first_day : &h->last_day) = d;
    return 0;
  }
  case K_TIMES:
    if (parse_int(v, 1, 8, &h->times_per_day) == 0)
      return 0;
    snprintf(err, errlen, "dòng %d: số lần mỗi ngày '%s' phải từ 1 đến 8 / times per day must be 1-8", line, v);
    return -1;
  case K_REPEAT:
    if (parse_int(v, 1, 20, &h->repeats) == 0)
      return 0;
    snprintf(err, errlen, "dòng %d: số lần phát lại '%s' phải từ 1 đến 20 / repeats must be 1-20", line, v);
    return -1;
  case K_ZONES:
    if (parse_zones(v, h) == 0)
      return 0;
    snprintf(err, errlen, "dòng %d: khu vực '%s' không hợp lệ / invalid zones", line, v);
    return -1;
  case K_PRIO:
    if (parse_priority(v, &h->priority) == 0)
      return 0;
    snprintf(err, errlen, "dòng %d: mức độ '%s' không hợp lệ (thường, ưu tiên, khẩn cấp) / invalid priority", line, v);
    return -1;
  default:
    return -1;
  }
}

int loa_header_parse(const char *text, size_t len, loa_header *h, char *err, size_t errlen)
{
  memset(h, 0, sizeof *h);
  h->body_line = 1;
  const char *p = text, *end = text + len;
  if (len >= 3 && !memcmp(p, "\xEF\xBB\xBF", 3))
    p += 3;
  int line = 1, started = 0;
  while (p < end) {
    const char *nl = memchr(p, '\n', (size_t)(end - p));
    const char *le = nl ? nl : end, *next = nl ? nl + 1 : end;
    const char *s = p, *e = le;
    trim(&s, &e);
    if (s == e) {                     /* empty line: skipped before, ends after */
      if (started) {
        p = next, line++;
        break;
      }
      p = next, line++;
      continue;
    }
    if (started && e - s >= 3 && !strncmp(s, "---", 3) && strspn(s, "-") == (size_t)(e - s)) {
      p = next, line++;
      break;
    }
    const char *ks, *ke, *vs, *ve;
    if (split_kv(s, e, &ks, &ke, &vs, &ve) != 0)
      break;
    key_id k = find_key(ks, (size_t)(ke - ks));
    if (k == K_UNKNOWN) {
      if (!started)
        break;                        /* "Kính gửi: ..." opens the body, not a header */
      snprintf(err, errlen, "dòng %d: không biết mục '%.*s' trong phần đầu tệp / unknown header key",
               line, (int)(ke - ks), ks);
      return -1;
    }
    char v[512];
    snprintf(v, sizeof v, "%.*s", (int)(ve - vs), vs);
    if (apply(h, k, v, line, err, errlen) != 0)
      return -1;
    started = 1;
    p = next, line++;
  }
  if (!started)
    return 0;
  if (h->first_day && h->last_day && h->last_day < h->first_day) {
    snprintf(err, errlen, "dòng %d: 'Đến ngày' trước 'Từ ngày' / last day is before first day", line - 1);
    return -1;
  }
  h->present = 1;
  h->body_offset = (size_t)(p - text);
  h->body_line = line;
  return 0;
}
