/* announce.c: rendering the opening/closing templates with the date written out in Vietnamese. */
#include "schedules/announce.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <utf8proc.h>

#include "schedules/slots.h"
#include "pipeline/util.h"

/* The names of the days as written in Vietnamese (Sunday first, as struct tm). */
static const char *const weekday_lower[7] = {
  "Chủ nhật", "thứ Hai", "thứ Ba", "thứ Tư", "thứ Năm", "thứ Sáu", "thứ Bảy",
};
static const char *const weekday_upper[7] = {
  "Chủ nhật", "Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy",
};

const char *loa_weekday_name(int w)
{
  return (w >= 0 && w < 7) ? weekday_lower[w] : "";
}

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

/* "buổi sáng" -> "Buổi sáng": upper-case the first letter (utf8proc). */
static void put_capitalised(outbuf *o, const char *s)
{
  utf8proc_int32_t cp;
  utf8proc_ssize_t n = utf8proc_iterate((const utf8proc_uint8_t *)s, -1, &cp);
  if (n > 0) {
    utf8proc_uint8_t b[4];
    utf8proc_ssize_t m = utf8proc_encode_char(utf8proc_toupper(cp), b);
    put(o, (const char *)b, (size_t)m);
    s += n;
  }
  puts_(o, s);
}

static void put_int(outbuf *o, int v)
{
  char b[16];
  snprintf(b, sizeof b, "%d", v);
  puts_(o, b);
}

/* "5 giờ 30", "17 giờ", "5 giờ 30 phút 15 giây" is never needed on air: seconds are dropped. */
static void put_time(outbuf *o, int sec)
{
  put_int(o, sec / 3600);
  puts_(o, " giờ");
  if ((sec / 60) % 60) {
    puts_(o, " ");
    put_int(o, (sec / 60) % 60);
  }
}

/* Expand one placeholder NAME (LEN bytes); returns 0 or -1 if unknown. */
static int expand(outbuf *o, const char *name, size_t len, const loa_announce_ctx *c)
{
#define IS(s) (len == strlen(s) && !memcmp(name, s, len))
  int y = c ? c->ymd / 10000 : 2000, m = c ? c->ymd / 100 % 100 : 1, d = c ? c->ymd % 100 : 1;
  int w = c ? loa_date_weekday(c->ymd) : 0;
  if (IS("station"))
    puts_(o, c && c->station ? c->station : "");
  else if (IS("commune"))
    puts_(o, c && c->commune ? c->commune : "");
  else if (IS("weekday"))
    puts_(o, weekday_lower[w]);
  else if (IS("Weekday"))
    puts_(o, weekday_upper[w]);
  else if (IS("day"))
    put_int(o, d);
  else if (IS("month"))
    put_int(o, m);
  else if (IS("year"))
    put_int(o, y);
  else if (IS("date")) {
    puts_(o, "ngày ");
    put_int(o, d);
    puts_(o, " tháng ");
    put_int(o, m);
    puts_(o, " năm ");
    put_int(o, y);
  } else if (IS("slot"))
    puts_(o, c && c->slot_label ? c->slot_label : "");
  else if (IS("Slot"))
    put_capitalised(o, c && c->slot_label ? c->slot_label : "");
  else if (IS("time"))
    put_time(o, c ? c->slot_start_s : 0);
  else
    return -1;
  return 0;
#undef IS
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
    if (expand(o, open + 1, (size_t)(close - open - 1), c)) {
      loa_errf(err, errlen,
               "unknown placeholder {%.*s} (known: {station} {commune} {weekday} {Weekday} "
               "{day} {month} {year} {date} {slot} {Slot} {time})",
               (int)(close - open - 1), open + 1);
      return -1;
    }
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
