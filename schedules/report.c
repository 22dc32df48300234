/* report.c: the district's monthly report from the air log: four tables, written as CSV, ODS (libzip) or HTML for A4. */
#include "schedules/report.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <zip.h>

#include "lexicon/buf.h"
#include "schedules/date.h"

/* ---------------------------------------------------------------- tables */

#define MAX_COLS 10

typedef struct {
  const char *title;
  const char *cols[MAX_COLS];
  char numeric[MAX_COLS];   /* 1: the column holds numbers */
  int ncols, nrows;
  loa_buf cells;            /* nrows * ncols NUL-terminated cells, row by row */
} table;

static void cell(table *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void cell(table *t, const char *fmt, ...)
{
  char v[1200];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(v, sizeof v, fmt, ap);
  va_end(ap);
  loa_buf_put(&t->cells, v, strlen(v) + 1);
}

/* the cells of T in order: call with *P = NULL first */
static const char *next_cell(const table *t, const char **p)
{
  if (!t->cells.p)
    return NULL;
  if (!*p)
    *p = t->cells.p;
  else
    *p += strlen(*p) + 1;
  return *p < t->cells.p + t->cells.n ? *p : NULL;
}

/* ---------------------------------------------------------------- gathering */

typedef struct {
  char id[200], kind[16], zone[64], title[256], date[11];
  double scheduled, start, end, seconds;
  int items, interrupted, complete;
} prog;

typedef struct {
  char title[256], priority[16], zones[512];
  int airings;
  double seconds;
  char ids[4096];          /* airings counted once per request id */
} bull;

typedef struct {
  const loa_report_opts *o;
  prog *p;
  size_t np, capp;
  bull *b;
  size_t nb, capb;
  table missed;
  int oom;
} gather;

static void zone_label(const loa_report_opts *o, const char *zone, char *out, size_t len)
{
  if (!*zone) {
    snprintf(out, len, "tất cả");
    return;
  }
  for (int i = 0; o->zones && i < o->zones->n; i++)
    if (!strcmp(o->zones->z[i].name, zone)) {
      snprintf(out, len, "%s", o->zones->z[i].label);
      return;
    }
  snprintf(out, len, "%s", zone);
}

static void hhmmss(double t, int off, char *out, size_t len)
{
  int sec;
  loa_date_at((time_t)t, off, &sec);
  snprintf(out, len, "%02d:%02d:%02d", sec / 3600, sec / 60 % 60, sec % 60);
}

static void on_aired(void *user, const loa_airlog_aired *r)
{
  gather *g = user;
  size_t i = 0;
  while (i < g->np && strcmp(g->p[i].id, r->id))
    i++;
  if (i == g->np) {
    prog *p = loa_grow(g->p, &g->capp, g->np + 1, sizeof *p);
    if (!p) {
      g->oom = 1;
      return;
    }
    g->p = p;
    p = &g->p[g->np++];
    memset(p, 0, sizeof *p);
    snprintf(p->id, sizeof p->id, "%s", r->id);
    snprintf(p->kind, sizeof p->kind, "%s", r->kind);
    snprintf(p->zone, sizeof p->zone, "%s", r->zone);
    snprintf(p->title, sizeof p->title, "%s", r->title);
    snprintf(p->date, sizeof p->date, "%s", r->date);
    p->scheduled = r->scheduled;
    p->start = r->start;
    p->complete = 1;
  }
  prog *p = &g->p[i];
  if (r->end > p->end)
    p->end = r->end;
  p->seconds += r->duration;
  p->items++;
  p->interrupted += r->interrupted;
  p->complete &= r->completed;
  if (strcmp(r->item_kind, "bulletin"))
    return;
  /* per bulletin, by title and priority */
  size_t k = 0;
  while (k < g->nb && (strcmp(g->b[k].title, r->item_title) || strcmp(g->b[k].priority, r->priority)))
    k++;
  if (k == g->nb) {
    bull *b = loa_grow(g->b, &g->capb, g->nb + 1, sizeof *b);
    if (!b) {
      g->oom = 1;
      return;
    }
    g->b = b;
    b = &g->b[g->nb++];
    memset(b, 0, sizeof *b);
    snprintf(b->title, sizeof b->title, "%s", r->item_title);
    snprintf(b->priority, sizeof b->priority, "%s", *r->priority ? r->priority : "khẩn cấp");
  }
  bull *b = &g->b[k];
  b->seconds += r->duration;
  b->airings++;
  char zl[128];
  zone_label(g->o, r->zone, zl, sizeof zl);
  char quoted[160];
  snprintf(quoted, sizeof quoted, "|%s|", zl);
  char hay[520];
  snprintf(hay, sizeof hay, "|%s|", b->zones);
  for (char *c = hay; *c; c++)
    if (c[0] == ',' && c[1] == ' ')
      memmove(c, c + 1, strlen(c)), *c = '|';
  if (!strstr(hay, quoted)) {
    size_t l = strlen(b->zones);
    snprintf(b->zones + l, sizeof b->zones - l, "%s%s", l ? ", " : "", zl);
  }
}

static void on_request(void *user, const loa_airlog_req *r, const char *state, const char *reason,
                       double at)
{
  gather *g = user;
  if (strcmp(state, "missed"))
    return;
  char zl[128];
  zone_label(g->o, r->zone, zl, sizeof zl);
  cell(&g->missed, "%s", r->date);
  cell(&g->missed, "%s", *r->title ? r->title : r->slot);
  cell(&g->missed, "%s", zl);
  cell(&g->missed, "%s", reason);
  g->missed.nrows++;
}

/* ---------------------------------------------------------------- writers */

static void csv_field(FILE *f, const char *s)
{
  if (!strpbrk(s, ",\"\n\r")) {
    fputs(s, f);
    return;
  }
  fputc('"', f);
  for (; *s; s++) {
    if (*s == '"')
      fputc('"', f);
    fputc(*s, f);
  }
  fputc('"', f);
}

static void write_csv(FILE *f, const char *heading, table *t, int nt)
{
  fputs("\xEF\xBB\xBF", f);   /* a BOM: spreadsheet programs then read UTF-8 */
  csv_field(f, heading);
  fputs("\r\n", f);
  for (int i = 0; i < nt; i++) {
    fputs("\r\n", f);
    csv_field(f, t[i].title);
    fputs("\r\n", f);
    for (int c = 0; c < t[i].ncols; c++) {
      if (c)
        fputc(',', f);
      csv_field(f, t[i].cols[c]);
    }
    fputs("\r\n", f);
    const char *p = NULL, *v;
    for (int k = 0; (v = next_cell(&t[i], &p)); k++) {
      if (k % t[i].ncols)
        fputc(',', f);
      csv_field(f, v);
      if (k % t[i].ncols == t[i].ncols - 1)
        fputs("\r\n", f);
    }
  }
}

static void xml_text(loa_buf *b, const char *s)
{
  for (; *s; s++) {
    if (*s == '<')
      loa_buf_puts(b, "&lt;");
    else if (*s == '>')
      loa_buf_puts(b, "&gt;");
    else if (*s == '&')
      loa_buf_puts(b, "&amp;");
    else if (*s == '"')
      loa_buf_puts(b, "&quot;");
    else if ((unsigned char)*s >= 0x20 || *s == '\t')
      loa_buf_putc(b, *s);
  }
}

static void write_html(loa_buf *b, const char *heading, table *t, int nt)
{
  loa_buf_puts(b, "<!DOCTYPE html>\n<html lang=\"vi\"><head><meta charset=\"utf-8\"><title>");
  xml_text(b, heading);
  loa_buf_puts(b, "</title>\n<style>\n"
                  "@page { size: A4 portrait; margin: 15mm 12mm; }\n"
                  "body { font-family: 'DejaVu Sans', Arial, sans-serif; font-size: 9pt; color: #000; }\n"
                  "h1 { font-size: 14pt; text-align: center; margin: 0 0 4mm; }\n"
                  "h2 { font-size: 11pt; margin: 6mm 0 2mm; }\n"
                  "table { width: 100%; border-collapse: collapse; page-break-inside: auto; }\n"
                  "tr { page-break-inside: avoid; }\n"
                  "thead { display: table-header-group; }\n"
                  "th, td { border: 0.3mm solid #444; padding: 1mm 1.5mm; vertical-align: top; }\n"
                  "th { background: #e8e8e8; font-weight: bold; text-align: left; }\n"
                  "td.n { text-align: right; white-space: nowrap; }\n"
                  "p.none { font-style: italic; }\n"
                  "</style></head><body>\n<h1>");
  xml_text(b, heading);
  loa_buf_puts(b, "</h1>\n");
  for (int i = 0; i < nt; i++) {
    loa_buf_puts(b, "<h2>");
    xml_text(b, t[i].title);
    loa_buf_puts(b, "</h2>\n");
    if (!t[i].nrows) {
      loa_buf_puts(b, "<p class=\"none\">Không có.</p>\n");
      continue;
    }
    loa_buf_puts(b, "<table><thead><tr>");
    for (int c = 0; c < t[i].ncols; c++) {
      loa_buf_puts(b, "<th>");
      xml_text(b, t[i].cols[c]);
      loa_buf_puts(b, "</th>");
    }
    loa_buf_puts(b, "</tr></thead>\n<tbody>\n");
    const char *p = NULL, *v;
    for (int k = 0; (v = next_cell(&t[i], &p)); k++) {
      int c = k % t[i].ncols;
      if (!c)
        loa_buf_puts(b, "<tr>");
      loa_buf_puts(b, t[i].numeric[c] ? "<td class=\"n\">" : "<td>");
      xml_text(b, v);
      loa_buf_puts(b, "</td>");
      if (c == t[i].ncols - 1)
        loa_buf_puts(b, "</tr>\n");
    }
    loa_buf_puts(b, "</tbody></table>\n");
  }
  loa_buf_puts(b, "</body></html>\n");
}

static void ods_content(loa_buf *b, table *t, int nt)
{
  loa_buf_puts(b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                  "<office:document-content xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\""
                  " xmlns:table=\"urn:oasis:names:tc:opendocument:xmlns:table:1.0\""
                  " xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\" office:version=\"1.2\">"
                  "<office:body><office:spreadsheet>\n");
  for (int i = 0; i < nt; i++) {
    loa_buf_puts(b, "<table:table table:name=\"");
    char name[32];
    snprintf(name, sizeof name, "%d", i + 1);
    loa_buf_puts(b, name);
    loa_buf_puts(b, "\"><table:table-row><table:table-cell office:value-type=\"string\"><text:p>");
    xml_text(b, t[i].title);
    loa_buf_puts(b, "</text:p></table:table-cell></table:table-row>\n<table:table-row>");
    for (int c = 0; c < t[i].ncols; c++) {
      loa_buf_puts(b, "<table:table-cell office:value-type=\"string\"><text:p>");
      xml_text(b, t[i].cols[c]);
      loa_buf_puts(b, "</text:p></table:table-cell>");
    }
    loa_buf_puts(b, "</table:table-row>\n");
    const char *p = NULL, *v;
    for (int k = 0; (v = next_cell(&t[i], &p)); k++) {
      int c = k % t[i].ncols;
      if (!c)
        loa_buf_puts(b, "<table:table-row>");
      if (t[i].numeric[c]) {
        loa_buf_puts(b, "<table:table-cell office:value-type=\"float\" office:value=\"");
        xml_text(b, v);
        loa_buf_puts(b, "\">");
      } else
        loa_buf_puts(b, "<table:table-cell office:value-type=\"string\">");
      loa_buf_puts(b, "<text:p>");
      xml_text(b, v);
      loa_buf_puts(b, "</text:p></table:table-cell>");
      if (c == t[i].ncols - 1)
        loa_buf_puts(b, "</table:table-row>\n");
    }
    loa_buf_puts(b, "</table:table>\n");
  }
  loa_buf_puts(b, "</office:spreadsheet></office:body></office:document-content>\n");
}

static int ods_add(zip_t *z, const char *name, const char *data, size_t n, int store)
{
  zip_source_t *s = zip_source_buffer(z, data, n, 0);
  zip_int64_t i = s ? zip_file_add(z, name, s, ZIP_FL_ENC_UTF_8) : -1;
  if (i < 0) {
    zip_source_free(s);
    return -1;
  }
  if (store)
    zip_set_file_compression(z, (zip_uint64_t)i, ZIP_CM_STORE, 0);
  return 0;
}

static int write_ods(const char *path, table *t, int nt, char *err, size_t errlen)
{
  static const char mimetype[] = "application/vnd.oasis.opendocument.spreadsheet";
  static const char manifest[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<manifest:manifest xmlns:manifest=\"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0\" manifest:version=\"1.2\">\n"
    " <manifest:file-entry manifest:full-path=\"/\" manifest:media-type=\"application/vnd.oasis.opendocument.spreadsheet\"/>\n"
    " <manifest:file-entry manifest:full-path=\"content.xml\" manifest:media-type=\"text/xml\"/>\n"
    "</manifest:manifest>\n";
  loa_buf content = LOA_BUF_INIT;
  ods_content(&content, t, nt);
  if (content.oom)
    return loa_errf(err, errlen, "out of memory");
  char tmp[4200];
  snprintf(tmp, sizeof tmp, "%s.tmp", path);
  unlink(tmp);
  int ze;
  zip_t *z = zip_open(tmp, ZIP_CREATE | ZIP_EXCL, &ze);
  int rc = !z || ods_add(z, "mimetype", mimetype, strlen(mimetype), 1) ||
           ods_add(z, "META-INF/manifest.xml", manifest, strlen(manifest), 0) ||
           ods_add(z, "content.xml", content.p, content.n, 0);
  if (z && (rc ? (zip_discard(z), 0) : zip_close(z)))
    rc = 1;
  loa_buf_free(&content);
  if (rc || rename(tmp, path)) {
    unlink(tmp);
    return loa_errf(err, errlen, "%s: cannot write (%s)", path, strerror(errno));
  }
  return 0;
}

/* ---------------------------------------------------------------- the report */

static void fill_tables(gather *g, table *t)
{
  const loa_report_opts *o = g->o;
  int off = o->utc_offset_s;
  double total = 0;
  int nprog = 0;
  for (size_t i = 0; i < g->np; i++) {
    const prog *p = &g->p[i];
    char zl[128], s0[16], s1[16], s2[16];
    if (strcmp(p->kind, "programme")) {
      /* an urgent notice: its delay from drop to air */
      zone_label(o, p->zone, zl, sizeof zl);
      char dropped[32], d[11];
      int sec, ymd = loa_date_at((time_t)p->scheduled, off, &sec);
      loa_date_format(ymd, d);
      snprintf(dropped, sizeof dropped, "%s %02d:%02d:%02d", d, sec / 3600, sec / 60 % 60, sec % 60);
      hhmmss(p->start, off, s0, sizeof s0);
      cell(&t[2], "%s", p->title);
      cell(&t[2], "%s", zl);
      cell(&t[2], "%s", dropped);
      cell(&t[2], "%s", s0);
      cell(&t[2], "%.0f", p->start - p->scheduled);
      cell(&t[2], "%.1f", p->seconds / 60);
      t[2].nrows++;
      continue;
    }
    zone_label(o, p->zone, zl, sizeof zl);
    hhmmss(p->scheduled, off, s0, sizeof s0);
    hhmmss(p->start, off, s1, sizeof s1);
    hhmmss(p->end, off, s2, sizeof s2);
    cell(&t[0], "%s", p->date);
    cell(&t[0], "%s", p->title);
    cell(&t[0], "%s", zl);
    cell(&t[0], "%s", s0);
    cell(&t[0], "%s", s1);
    cell(&t[0], "%s", s2);
    cell(&t[0], "%.1f", p->seconds / 60);
    cell(&t[0], "%d", p->items);
    cell(&t[0], "%d", p->interrupted);
    cell(&t[0], "%s", p->complete ? "có" : "không");
    t[0].nrows++;
    total += p->seconds;
    nprog++;
  }
  for (size_t k = 0; k < g->nb; k++) {
    const bull *b = &g->b[k];
    cell(&t[1], "%s", b->title);
    cell(&t[1], "%s", b->priority);
    cell(&t[1], "%s", b->zones);
    cell(&t[1], "%d", b->airings);
    cell(&t[1], "%.1f", b->seconds / 60);
    t[1].nrows++;
  }
  cell(&t[4], "Số buổi phát thanh đã phát");
  cell(&t[4], "%d", nprog);
  cell(&t[4], "Tổng số phút phát thanh");
  cell(&t[4], "%.1f", total / 60);
  cell(&t[4], "Số thông báo khẩn cấp");
  cell(&t[4], "%d", t[2].nrows);
  cell(&t[4], "Số buổi không phát được");
  cell(&t[4], "%d", t[3].nrows);
  t[4].nrows = 4;
}

int loa_report_write(loa_airlog *a, const loa_report_opts *o, const char *path, char *err,
                     size_t errlen)
{
  int first = o->year * 10000 + o->month * 100 + 1;
  int next = o->month == 12 ? (o->year + 1) * 10000 + 101 : o->year * 10000 + (o->month + 1) * 100 + 1;
  double from = loa_date_to_days(first) * 86400.0 - o->utc_offset_s;
  double to = loa_date_to_days(next) * 86400.0 - o->utc_offset_s;
  table t[5] = {
    {"1. Các buổi phát thanh theo ngày và buổi",
     {"Ngày", "Buổi", "Khu vực", "Giờ theo lịch", "Bắt đầu phát", "Kết thúc", "Số phút",
      "Số mục", "Số mục bị ngắt bởi tin khẩn", "Phát trọn vẹn"},
     {0, 0, 0, 0, 0, 0, 1, 1, 1, 0}, 10, 0, LOA_BUF_INIT},
    {"2. Các bản tin đã phát", {"Tiêu đề", "Mức độ", "Khu vực", "Số lần phát", "Số phút"},
     {0, 0, 0, 1, 1}, 5, 0, LOA_BUF_INIT},
    {"3. Thông báo khẩn cấp",
     {"Tiêu đề", "Khu vực", "Nhận lúc", "Lên sóng lúc", "Chậm (giây)", "Số phút"},
     {0, 0, 0, 0, 1, 1}, 6, 0, LOA_BUF_INIT},
    {"4. Các buổi không phát được", {"Ngày", "Buổi", "Khu vực", "Lý do"}, {0}, 4, 0, LOA_BUF_INIT},
    {"Tổng hợp", {"Mục", "Số"}, {0, 1}, 2, 0, LOA_BUF_INIT},
  };
  gather g = {o, NULL, 0, 0, NULL, 0, 0, {0}, 0};
  int rc = loa_airlog_each_aired(a, from, to, on_aired, &g, err, errlen);
  g.missed = t[3];
  if (!rc)
    rc = loa_airlog_each_request(a, from, to, on_request, &g, err, errlen);
  t[3] = g.missed;
  if (!rc && g.oom)
    rc = loa_errf(err, errlen, "out of memory");
  if (!rc)
    fill_tables(&g, t);
  table order[5] = {t[4], t[0], t[1], t[2], t[3]};
  char heading[512];
  snprintf(heading, sizeof heading, "%s — Báo cáo hoạt động phát thanh tháng %02d/%04d",
           o->station && *o->station ? o->station : "Đài truyền thanh", o->month, o->year);
  if (!rc && o->format == LOA_REPORT_ODS) {
    rc = write_ods(path, order, 5, err, errlen);
  } else if (!rc) {
    FILE *f = strcmp(path, "-") ? fopen(path, "w") : stdout;
    if (!f)
      rc = loa_errf(err, errlen, "%s: cannot write (%s)", path, strerror(errno));
    else {
      if (o->format == LOA_REPORT_CSV)
        write_csv(f, heading, order, 5);
      else {
        loa_buf b = LOA_BUF_INIT;
        write_html(&b, heading, order, 5);
        if (b.p)
          fwrite(b.p, 1, b.n, f);
        loa_buf_free(&b);
      }
      if ((f != stdout ? fclose(f) : fflush(f)) != 0)
        rc = loa_errf(err, errlen, "%s: cannot write (%s)", path, strerror(errno));
    }
  }
  for (int i = 0; i < 5; i++)
    loa_buf_free(&t[i].cells);
  free(g.p);
  free(g.b);
  return rc;
}
