/* txt2pdf.c: lays a UTF-8 text out as an A4 PDF with cairo, for the decode tests.
 *
 *   txt2pdf [-s POINTS] [-H "running header"] [-n] [-l LINES] IN.txt OUT.pdf
 *
 * Each input line becomes one line of the page (wrapped at the right margin only if it
 * is wider; runs of spaces shown as one, as a word processor justifies them rather than
 * leaving holes that a PDF reader takes for columns); blank input lines leave a blank line. -H prints a running header on every
 * page, -n a page number at the foot of every page, -l limits the lines per page (to
 * force page breaks in short texts). The fonts are embedded with their ToUnicode maps,
 * as in the PDFs offices export, so that poppler gives the text back.
 */
#include <cairo-pdf.h>
#include <cairo.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PAGE_W 595.0
#define PAGE_H 842.0
#define MARGIN 56.0

typedef struct {
  cairo_t *cr;
  double size, y;
  int page, lines, max_lines, numbers;
  const char *header;
} layout;

static void start_page(layout *L)
{
  L->y = MARGIN + L->size;
  L->lines = 0;
  if (L->header) {
    cairo_move_to(L->cr, MARGIN, MARGIN - L->size);
    cairo_show_text(L->cr, L->header);
  }
}

static void end_page(layout *L)
{
  if (L->numbers) {
    char num[32];
    cairo_text_extents_t e;
    snprintf(num, sizeof num, "%d", L->page);
    cairo_text_extents(L->cr, num, &e);
    cairo_move_to(L->cr, (PAGE_W - e.x_advance) / 2, PAGE_H - MARGIN / 2);
    cairo_show_text(L->cr, num);
  }
  cairo_show_page(L->cr);
  L->page++;
}

static void put_line(layout *L, const char *text)
{
  if (L->y > PAGE_H - MARGIN - L->size || (L->max_lines && L->lines >= L->max_lines)) {
    end_page(L);
    start_page(L);
  }
  if (*text) {
    cairo_move_to(L->cr, MARGIN, L->y);
    cairo_show_text(L->cr, text);
  }
  L->y += L->size * 1.35;
  L->lines++;
}

/* Break TEXT at spaces so that each piece fits the width. */
static void put_wrapped(layout *L, char *text)
{
  double width = PAGE_W - 2 * MARGIN;
  for (;;) {
    cairo_text_extents_t e;
    cairo_text_extents(L->cr, text, &e);
    if (e.x_advance <= width) {
      put_line(L, text);
      return;
    }
    char *cut = NULL;
    for (char *p = strchr(text, ' '); p; p = strchr(p + 1, ' ')) {
      *p = 0;
      cairo_text_extents(L->cr, text, &e);
      *p = ' ';
      if (e.x_advance > width)
        break;
      cut = p;
    }
    if (!cut) {
      put_line(L, text);
      return;
    }
    *cut = 0;
    put_line(L, text);
    text = cut + 1;
  }
}

int main(int argc, char **argv)
{
  layout L = {.size = 10, .page = 1};
  const char *in = NULL, *out = NULL;
  for (int i = 1; i < argc; i++) {
    if (!strcmp(argv[i], "-s") && i + 1 < argc)
      L.size = atof(argv[++i]);
    else if (!strcmp(argv[i], "-H") && i + 1 < argc)
      L.header = argv[++i];
    else if (!strcmp(argv[i], "-l") && i + 1 < argc)
      L.max_lines = atoi(argv[++i]);
    else if (!strcmp(argv[i], "-n"))
      L.numbers = 1;
    else if (!in)
      in = argv[i];
    else
      out = argv[i];
  }
  if (!in || !out) {
    fprintf(stderr, "usage: txt2pdf [-s POINTS] [-H HEADER] [-n] [-l LINES] IN.txt OUT.pdf\n");
    return 2;
  }
  FILE *fp = fopen(in, "r");
  if (!fp) {
    perror(in);
    return 1;
  }
  cairo_surface_t *s = cairo_pdf_surface_create(out, PAGE_W, PAGE_H);
  L.cr = cairo_create(s);
  cairo_select_font_face(L.cr, "DejaVu Serif", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
  cairo_set_font_size(L.cr, L.size);
  start_page(&L);
  char *line = NULL;
  size_t cap = 0;
  ssize_t n;
  while ((n = getline(&line, &cap, fp)) >= 0) {
    while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r' || line[n - 1] == ' '))
      line[--n] = 0;
    char *t = line;
    while (*t == ' ' || *t == '\t')
      t++;
    size_t k = 0;
    for (size_t i = 0; t[i]; i++)
      if (!((t[i] == ' ' || t[i] == '\t') && k && t[k - 1] == ' '))
        t[k++] = t[i] == '\t' ? ' ' : t[i];
    t[k] = 0;
    put_wrapped(&L, t);
  }
  end_page(&L);
  free(line);
  fclose(fp);
  cairo_destroy(L.cr);
  cairo_surface_finish(s);
  int bad = cairo_surface_status(s) != CAIRO_STATUS_SUCCESS;
  cairo_surface_destroy(s);
  if (bad) {
    fprintf(stderr, "txt2pdf: cannot write %s\n", out);
    return 1;
  }
  return 0;
}
