/* announce.c: rendering the opening/closing templates, with the date written out in
 * Vietnamese in the lexicon's words (announce.h). */
#include "schedules/announce.h"

#include <stdio.h>
#include <string.h>

#include "lexicon/vntext.h"
#include "schedules/date.h"
#include "pipeline/util.h"

/* Output buffer with overflow tracking. */
typedef struct {
  char *p;
  size_t len, cap;
  int overflow;
} outbuf;

static void put(outbuf *o, const char *s, size_t n)
{
  if (o->len + n + 1 > o->cap) {
    o->overflow = 1;
    return;
  }
  memcpy(o->p + o->len, s, n);
  o->len += n;
  o->p[o->len] = 0;
}

static void puts_(outbuf *o, const char *s) { put(o, s, strlen(s)); }

/* "buổi sáng" -> "Buổi sáng": upper-case the first letter of S (N bytes). */
static void put_capitalised(outbuf *o, const char *s, size_t n)
{
  size_t k = 0;
  int32_t cp = n ? loa_utf8_next(s, n, &k) : -1;
  if (cp >= 0) {
    char b[4];
    put(o, b, loa_utf8_encode(loa_vn_upper((uint32_t)cp), b));
    s += k;
    n -= k;
  }
  put(o, s, n);
}

static void put_int(outbuf *o, int v)
{
  char b[16];
  snprintf(b, sizeof b, "%d", v);
  puts_(o, b);
}

/* The first phrase of word list NAME, or NULL. */
static const char *word(const loa_lexicon *lex, const char *name)
{
  return lex ? loa_lexicon_list(lex, name)[0] : NULL;
}

const char *loa_weekday_write(const loa_lexicon *lex, int w, int style, char *out, size_t len)
{
  const char *const *days = lex ? loa_lexicon_list(lex, "weekday") : NULL;
  if (!days || w < 0 || w > 6 || !len)
    return NULL;
  for (int k = 0; k <= w; k++)
    if (!days[k])
      return NULL;
  const char *name = days[w], *ord = word(lex, "ordinal");
  size_t ol = ord ? strlen(ord) : 0;
  /* the day's own word: after the ordinal word (thứ Hai), else the first */
  size_t own = ol && !strncmp(name, ord, ol) && name[ol] == ' ' ? ol + 1 : 0;
  outbuf o = {out, 0, len, 0};
  out[0] = 0;
  if (style == LOA_WEEKDAY_LABEL || own == 0) {
    put_capitalised(&o, name, strlen(name));
  } else {
    if (style == LOA_WEEKDAY_START)
      put_capitalised(&o, name, own);
    else
      put(&o, name, own);
    put_capitalised(&o, name + own, strlen(name + own));
  }
  return o.overflow ? NULL : out;
}

/* "5 giờ 30", "17 giờ": the slot's time (seconds are never needed on air). */
static void put_time(outbuf *o, int sec, const char *gio)
{
  put_int(o, sec / 3600);
  puts_(o, " ");
  puts_(o, gio);
  if ((sec / 60) % 60) {
    puts_(o, " ");
    put_int(o, (sec / 60) % 60);
  }
}

/* "ngày 25 tháng 11 năm 2026" */
static void put_date(outbuf *o, int ymd, const char *ngay, const char *thang, const char *nam)
{
  puts_(o, ngay);
  puts_(o, " ");
  put_int(o, ymd % 100);
  puts_(o, " ");
  puts_(o, thang);
  puts_(o, " ");
  put_int(o, ymd / 100 % 100);
  puts_(o, " ");
  puts_(o, nam);
  puts_(o, " ");
  put_int(o, ymd / 10000);
}

static const char *const placeholders[] = {"station", "commune", "weekday", "Weekday", "day",
                                           "month",   "year",    "date",    "slot",    "Slot",
                                           "time",    NULL};

/* The word lists placeholder P needs: its first missing one, or NULL. */
static const char *lacks(const loa_lexicon *lex, const char *p)
{
  static const char *const date_words[] = {"day", "month", "year", NULL};
  static const char *const day_words[] = {"weekday", "ordinal", NULL};
  static const char *const time_words[] = {"hour", NULL};
  const char *const *need = !strcmp(p, "date")                            ? date_words
                            : !strcmp(p, "time")                          ? time_words
                            : !strcmp(p, "weekday") || !strcmp(p, "Weekday") ? day_words
                                                                          : NULL;
  for (int k = 0; need && need[k]; k++)
    if (!word(lex, need[k]))
      return need[k];
  if (need == day_words) {
    char b[64];
    for (int d = 0; d < 7; d++)
      if (!loa_weekday_write(lex, d, 0, b, sizeof b))
        return "weekday";
  }
  return NULL;
}

/* Write placeholder P for context C. */
static void expand(outbuf *o, const char *p, const loa_announce_ctx *c)
{
  int ymd = c->ymd;
  char b[64];
  if (!strcmp(p, "station"))
    puts_(o, c->station ? c->station : "");
  else if (!strcmp(p, "commune"))
    puts_(o, c->commune ? c->commune : "");
  else if (!strcmp(p, "weekday") || !strcmp(p, "Weekday"))
    puts_(o, loa_weekday_write(c->lex, loa_date_weekday(ymd),
                               p[0] == 'W' ? LOA_WEEKDAY_START : LOA_WEEKDAY_IN_TEXT, b, sizeof b));
  else if (!strcmp(p, "day"))
    put_int(o, ymd % 100);
  else if (!strcmp(p, "month"))
    put_int(o, ymd / 100 % 100);
  else if (!strcmp(p, "year"))
    put_int(o, ymd / 10000);
  else if (!strcmp(p, "date"))
    put_date(o, ymd, word(c->lex, "day"), word(c->lex, "month"), word(c->lex, "year"));
  else if (!strcmp(p, "slot") || !strcmp(p, "Slot")) {
    const char *l = c->slot_label ? c->slot_label : "";
    if (p[0] == 'S')
      put_capitalised(o, l, strlen(l));
    else
      puts_(o, l);
  } else if (!strcmp(p, "time"))
    put_time(o, c->slot_start_s, word(c->lex, "hour"));
}

/* The placeholder NAME (LEN bytes) into P, when it is one; 0 if not. */
static int placeholder(const char *name, size_t len, char *p, size_t plen)
{
  for (int k = 0; placeholders[k]; k++)
    if (strlen(placeholders[k]) == len && !memcmp(placeholders[k], name, len)) {
      snprintf(p, plen, "%s", placeholders[k]);
      return 1;
    }
  return 0;
}

static int render(const char *t, const loa_announce_ctx *c, outbuf *o, char *err, size_t errlen)
{
  while (*t) {
    const char *open = strchr(t, '{');
    if (!open) {
      puts_(o, t);
      break;
    }
    put(o, t, (size_t)(open - t));
    const char *close = strchr(open + 1, '}');
    if (!close) {
      loa_errf(err, errlen, "unclosed '{' in the template at \"%.20s\"", open);
      return -1;
    }
    char p[16];
    if (!placeholder(open + 1, (size_t)(close - open - 1), p, sizeof p)) {
      loa_errf(err, errlen,
               "unknown placeholder {%.*s} (known: {station} {commune} {weekday} {Weekday} "
               "{day} {month} {year} {date} {slot} {Slot} {time})",
               (int)(close - open - 1), open + 1);
      return -1;
    }
    const char *missing = c ? lacks(c->lex, p) : NULL;
    if (missing) {
      loa_errf(err, errlen, "{%s}: the lexicon has no word list '%s' (wordlists.tsv)", p, missing);
      return -1;
    }
    if (c)
      expand(o, p, c);
    t = close + 1;
  }
  return 0;
}

int loa_announce_render(const char *tmpl, const loa_announce_ctx *ctx, char *out, size_t outlen,
                        char *err, size_t errlen)
{
  if (!outlen)
    return -2;
  out[0] = 0;
  outbuf o = {out, 0, outlen, 0};
  if (render(tmpl, ctx, &o, err, errlen))
    return -1;
  if (o.overflow) {
    loa_errf(err, errlen, "announcement longer than %zu bytes", outlen - 1);
    return -2;
  }
  return (int)o.len;
}

int loa_announce_check(const char *tmpl, char *err, size_t errlen)
{
  char buf[1];
  outbuf o = {buf, 0, sizeof buf, 0};
  return render(tmpl, NULL, &o, err, errlen) ? -1 : 0;
}
