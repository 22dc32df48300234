/* clean_blocks.c: pass 3 of the cleaner, the lines that are left joined into the blocks
 * read aloud. A line continues the block before it unless that one ends a sentence, the
 * line starts a heading, list item or table row, or a paragraph break lies between; how
 * sure a join must be depends on the layout of the whole text (double-spaced, one
 * paragraph a line, the usual length of a line), or a name a PDF broke across blank lines
 * goes on. A table row that goes on after a page break is joined to the row before, cell
 * by cell. Dropped lines go to the doc's list.
 */
#include "tts/clean_internal.h"
#include "lexicon/buf.h"
#include "lexicon/vntext.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
  loa_doc *doc;
  const vocab *w;
  size_t capb, capd;
  int oom;
  /* the block being built */
  loa_buf text;
  int open, origin, first_line;
  int subject;           /* the block right under a title in capitals: joins like a heading */
  int title_caps;        /* the first block is a title in capitals */
  const line_t *last;
  /* layout of the whole text */
  int double_spaced;     /* every line is followed by a blank line: single blanks mean nothing */
  int long_lines;        /* one paragraph per line (Word, typed text): join only on clear signs */
  double median;         /* characters in a body line */
} builder;

static void add_dropped(builder *B, const line_t *L)
{
  loa_doc *d = B->doc;
  loa_dropped *v = loa_grow(d->dropped, &B->capd, d->ndropped + 1, sizeof *v);
  if (!v) {
    B->oom = 1;
    return;
  }
  d->dropped = v;
  char *t = strdup(L->t);
  if (!t) {
    B->oom = 1;
    return;
  }
  d->dropped[d->ndropped++] = (loa_dropped){L->no, t, L->drop};
}

static void table_text(const char *s, loa_buf *out)
{
  int first = 1;
  while (*s) {
    const char *bar = strchr(s, '|');
    size_t n = bar ? (size_t)(bar - s) : strlen(s);
    while (n && s[n - 1] == ' ')
      n--;
    const char *c = s;
    while (n && *c == ' ')
      c++, n--;
    if (n) {
      if (!first)
        loa_buf_puts(out, strchr(",.;:", out->p[out->n - 1]) ? " " : ", ");
      loa_buf_put(out, c, n);
      first = 0;
    }
    if (!bar)
      break;
    s = bar + 1;
  }
}

/* A numbered block that is an item of a list, not a heading: long, or a sentence that ends
 * with '.' or ';' ("2. Bàn mức đóng góp của mỗi hộ và số ngày công lao động."). */
static int is_numbered_item(const char *s, size_t n)
{
  size_t words = cl_count_words(s);
  while (n && strchr(" \"')]", s[n - 1]))
    n--;
  return words > 20 || (words > 6 && n && (s[n - 1] == '.' || s[n - 1] == ';'));
}

static void flush_block(builder *B)
{
  if (!B->open)
    return;
  B->open = 0;
  loa_buf t = B->text;
  memset(&B->text, 0, sizeof B->text);
  if (t.oom || !t.p) {
    free(t.p);
    B->oom |= t.oom;
    return;
  }
  if (t.n >= 3 && !strcmp(t.p + t.n - 3, "./."))   /* the end mark of a document */
    t.p[--t.n] = 0, t.p[--t.n] = 0;
  loa_block_kind kind = B->origin == L_TABLE ? LOA_BLOCK_TABLE_ROW
                      : B->origin == L_LIST ? LOA_BLOCK_LIST
                      : B->origin == L_NUM ? (is_numbered_item(t.p, t.n) ? LOA_BLOCK_LIST : LOA_BLOCK_HEADING)
                      : B->origin == L_CAPS ? LOA_BLOCK_HEADING : LOA_BLOCK_BODY;
  if (kind == LOA_BLOCK_TABLE_ROW) {
    loa_buf row = LOA_BUF_INIT;
    table_text(t.p, &row);
    free(t.p);
    t = row;
    if (!t.p) {
      B->oom |= t.oom;
      return;
    }
  }
  loa_doc *d = B->doc;
  loa_block *v = loa_grow(d->blocks, &B->capb, d->nblocks + 1, sizeof *v);
  if (!v) {
    free(t.p);
    B->oom = 1;
    return;
  }
  d->blocks = v;
  d->blocks[d->nblocks++] = (loa_block){kind, B->first_line, t.p};
}

static void open_block(builder *B, const line_t *L)
{
  flush_block(B);
  size_t nb = B->doc->nblocks;
  if (nb == 1 && B->doc->blocks[0].kind == LOA_BLOCK_HEADING && B->origin == L_CAPS)
    B->title_caps = 1;
  B->subject = nb == 1 && B->title_caps && L->kind == L_TEXT;
  B->subject |= nb <= 2 && L->kind == L_TEXT && (cl_key_starts(L->key, "ve viec") || cl_key_starts(L->key, "v v"));
  B->open = 1;
  B->origin = L->kind;
  B->first_line = L->no;
  const char *s = L->t;
  size_t n = L->n;
  if (L->kind == L_LIST) {   /* the marker is not read */
    size_t m = (size_t)cl_list_marker(s, n);
    s += m;
    n -= m;
    while (n && *s == ' ')
      s++, n--;
  }
  loa_buf_put(&B->text, s, n);
  B->last = L;
}

static int is_short(const builder *B, const line_t *L)
{
  return B->median >= 30 && (double)loa_utf8_chars(L->t, L->n) < 0.5 * B->median;
}

/* PREV ends with a web or e-mail address broken after a '/', '-', '.', '_' or '@'
 * ("https://dichvucong.gov.vn/p/home/" / "dvc-trang-chu.html") and NEXT goes on with
 * it: one address again. */
static int broken_address(const char *prev, size_t pn, const char *next, size_t nn)
{
  if (!prev || pn < 5 || !nn || !strchr("/-._@", prev[pn - 1]) || !isalnum((unsigned char)next[0]))
    return 0;
  size_t a = pn;
  while (a > 0 && prev[a - 1] != ' ')
    a--;
  const char *tok = prev + a;
  size_t tn = pn - a;
  int url = 0;
  for (size_t k = 0; k < tn && !url; k++)
    url = tok[k] == '@' || (k + 3 <= tn && !memcmp(tok + k, "://", 3)) ||
          (k + 4 <= tn && !memcmp(tok + k, "www.", 4));
  return url;
}

/* PREV ends with a phone number broken after one of its dots ("0912.345.") and NEXT
 * starts with the rest of it ("678 để biết"): the dot is no full stop. */
static int broken_number(const char *prev, size_t pn, const char *next, size_t nn)
{
  if (!prev || pn < 5 || prev[pn - 1] != '.')
    return 0;
  size_t a = pn - 1, dots = 0;
  while (a > 0 && (isdigit((unsigned char)prev[a - 1]) || prev[a - 1] == '.')) {
    dots += prev[a - 1] == '.';
    a--;
  }
  if (a > 0 && prev[a - 1] != ' ' && prev[a - 1] != '(')
    return 0;
  if (prev[a] != '0' || !dots || pn - 1 - a < 6)
    return 0;
  size_t j = 0;
  while (j < nn && isdigit((unsigned char)next[j]))
    j++;
  return j >= 2 && j <= 4 && (j == nn || next[j] == ' ' || next[j] == ',' || next[j] == ';');
}

/* PREV ends inside a phone number or an address that NEXT goes on with. */
static int broken_token(const char *prev, size_t pn, const char *next, size_t nn)
{
  return broken_number(prev, pn, next, nn) || broken_address(prev, pn, next, nn);
}

/* Capitalised words at the end of S (N bytes), and where the first of them starts. */
static size_t trailing_names(const char *s, size_t n, size_t *start)
{
  size_t count = 0;
  *start = n;
  while (n) {
    size_t a = n;
    while (a && s[a - 1] != ' ')
      a--;
    size_t l;
    int32_t c = loa_utf8_next(s + a, n - a, &l);
    for (size_t i = a; i < n; i += l)   /* a word of letters only */
      if (!loa_is_letter(loa_utf8_next(s + i, n - i, &l)))
        return count;
    if (!loa_is_upper(c))
      return count;
    count++;
    *start = a;
    n = a ? a - 1 : 0;
  }
  return count;
}

static int is_short(const builder *B, const line_t *L);

/* LAST ends inside a name that L goes on with, across blank lines a PDF export put there
 * ("thôn Đông" / "Xuân ...", "ông Nguyễn Văn" / "An ...", "ông" / "Nguyễn Văn An ..."): L
 * starts with a capital and is no heading, and LAST ends without punctuation with the
 * first capitalised word after a place word (thôn, xã ...), the first one or two after a
 * person's (ông, bà ...), or (a full line, L opening with two capitalised words) with the
 * person's word itself. "xã Yên Thịnh" / "Thực hiện ..." is a name that has ended. */
static int name_goes_on(const builder *B, const line_t *last, const line_t *L)
{
  if ((B->origin != L_TEXT && B->origin != L_LIST) || L->kind != L_TEXT || L->caps ||
      cl_starts_with(L->t, L->n) != 2 || last->caps)
    return 0;
  size_t start, names = trailing_names(last->t, last->n, &start);
  if (!names) {
    size_t s2, opening = 0;
    for (size_t e = 0, k = 0; k < 2 && e < L->n; k++) {   /* L's first two words */
      e += strcspn(L->t + e, " ");
      opening = trailing_names(L->t, e, &s2);
      e += e < L->n;
    }
    return opening == 2 && !is_short(B, last) && cl_list_ends(&B->w->person_before, last->key);
  }
  if (names > 2 || !start)
    return 0;
  char *before = cl_squeeze(last->t, start);
  int place = before && cl_list_ends(&B->w->place_before, before);
  int person = before && cl_list_ends(&B->w->person_before, before);
  free(before);
  return (place && names == 1) || person;
}

static int can_join(const builder *B, const line_t *L, int para)
{
  if (!B->open || L->kind == L_LIST || L->kind == L_NUM || L->kind == L_TABLE || B->origin == L_TABLE)
    return 0;
  const line_t *last = B->last;
  if (!para && broken_token(last->t, last->n, L->t, L->n))
    return 1;
  int st = cl_starts_with(L->t, L->n);
  char end = last->n ? last->t[last->n - 1] : 0;
  if (cl_ends_sentence(last->t, last->n) && !(st == 1 && (end == ';' || end == ':')))
    return 0;
  if (cl_ends_open(last->t, last->n) || st == 1 || name_goes_on(B, last, L))
    return 1;
  if (para)
    return 0;
  if ((B->origin == L_CAPS || B->origin == L_NUM) && last->caps)
    return L->kind == L_CAPS;
  if (B->origin == L_CAPS)
    return 0;
  if (B->origin == L_NUM || B->subject)
    return st == 3;
  if (L->kind == L_CAPS || B->long_lines)
    return 0;
  return !(is_short(B, last) && st == 2);
}

static int cmp_double(const void *a, const void *b)
{
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

static void measure(builder *B, const line_t *v, size_t n)
{
  size_t pairs = 0, spaced = 0, k = 0;
  double *len = malloc((n + 1) * sizeof *len);
  for (size_t i = 0; i < n; i++) {
    if (v[i].kind == L_BLANK)
      continue;
    if (!v[i].drop && (v[i].kind == L_TEXT || v[i].kind == L_LIST) && len)
      len[k++] = (double)loa_utf8_chars(v[i].t, v[i].n);
    size_t j = i + 1, gap = 0;
    for (; j < n && v[j].kind == L_BLANK; j++)
      gap += !v[j].page_break;
    if (j < n) {
      pairs++;
      spaced += gap >= 1;
    }
  }
  B->double_spaced = pairs >= 4 && spaced * 10 > pairs * 6;
  B->median = 0;
  double p90 = 0;
  if (len && k) {
    qsort(len, k, sizeof *len, cmp_double);
    B->median = len[k / 2];
    p90 = len[k * 9 / 10];
  }
  free(len);
  /* No page holds a line of 150 characters: lines that long are whole paragraphs. */
  B->long_lines = B->median > 120 || p90 > 150;
}

/* PREV ends with a word of Latin letters broken by a hyphen at the end of the line, and
 * NEXT starts with the rest of it ("Post-" / "mart", "Inter-" / "net"). Vietnamese words
 * ("kinh tế-" / "xã hội") are not: a PDF does not hyphenate a syllable. */
static int hyphenated_word(const char *prev, size_t pn, const char *next, size_t nn)
{
  if (!prev || pn < 3 || prev[pn - 1] != '-')
    return 0;
  size_t k = 0;
  while (k + 1 < pn && isalpha((unsigned char)prev[pn - 2 - k]))
    k++;
  if (k < 2 || (k + 1 < pn && (unsigned char)prev[pn - 2 - k] >= 0x80))
    return 0;
  size_t j = 0;
  while (j < nn && islower((unsigned char)next[j]))
    j++;
  return j >= 2 && (j == nn || !(isalpha((unsigned char)next[j]) || (unsigned char)next[j] >= 0x80));
}

/* The cells of the open table row and those of ROW (the rest of it, after a page break)
 * joined cell by cell: "3 | Nguyễn Văn An | thôn Đông, xã" + "| | Hòa Phú" gives
 * "3 | Nguyễn Văn An | thôn Đông, xã Hòa Phú". */
static void join_row(builder *B, const char *row)
{
  loa_buf out = LOA_BUF_INIT;
  const char *a = B->text.p ? B->text.p : "", *b = row;
  while (*a || *b) {
    size_t an = strcspn(a, "|"), bn = strcspn(b, "|");
    const char *ac = a, *bc = b;
    while (an && *ac == ' ')
      ac++, an--;
    while (an && ac[an - 1] == ' ')
      an--;
    while (bn && *bc == ' ')
      bc++, bn--;
    while (bn && bc[bn - 1] == ' ')
      bn--;
    if (out.n)
      loa_buf_puts(&out, " | ");
    loa_buf_put(&out, ac, an);
    if (an && bn)
      loa_buf_putc(&out, ' ');
    loa_buf_put(&out, bc, bn);
    a += strcspn(a, "|");
    b += strcspn(b, "|");
    a += *a == '|';
    b += *b == '|';
  }
  if (out.oom || !out.p) {
    B->oom |= out.oom;
    loa_buf_free(&out);
    return;
  }
  loa_buf_free(&B->text);
  B->text = out;
}

/* Pass 3 proper: each line joins the open block or opens one. */
static void build(builder *B, const line_t *v, size_t n)
{
  size_t gap = 0;
  int dropped = 0;
  for (size_t i = 0; i < n && !B->oom; i++) {
    const line_t *L = &v[i];
    if (L->kind == L_BLANK) {
      gap += !L->page_break;
      continue;
    }
    if (L->drop) {
      add_dropped(B, L);
      dropped = 1;
      continue;
    }
    int para = !dropped && (B->double_spaced ? gap >= 2 : gap >= 1);
    if (L->joins_row && B->open && B->origin == L_TABLE) {
      join_row(B, L->t);
      B->last = L;
    } else if (can_join(B, L, para)) {
      if (hyphenated_word(B->text.p, B->text.n, L->t, L->n))
        loa_buf_trim(&B->text, 1);   /* "Post-" + "mart": one word again */
      else if (broken_token(B->text.p, B->text.n, L->t, L->n))
        ;                             /* "0912.345." + "678": one number again */
      else
        loa_buf_putc(&B->text, ' ');
      loa_buf_put(&B->text, L->t, L->n);
      B->last = L;
    } else {
      open_block(B, L);
    }
    gap = 0;
    dropped = 0;
  }
  flush_block(B);
}

int cl_build_blocks(loa_doc *doc, const line_t *v, size_t n, const vocab *w)
{
  builder B = {.doc = doc, .w = w};
  measure(&B, v, n);
  build(&B, v, n);
  loa_buf_free(&B.text);
  return B.oom ? -1 : 0;
}

/* The first block is the title when it is in capitals (or a "V/v" subject line); the
 * unpunctuated block right under a title in capitals is its subject line. */
void cl_mark_title(loa_doc *d)
{
  if (!d->nblocks)
    return;
  loa_block *b = &d->blocks[0];
  char *k = cl_squeeze(b->text, strlen(b->text));
  int caps = b->kind == LOA_BLOCK_HEADING && cl_all_caps(b->text, strlen(b->text)) && !cl_is_numbered(b->text, strlen(b->text));
  int vv = k && (cl_key_starts(k, "v v") || cl_key_starts(k, "ve viec"));
  free(k);
  if (!caps && !vv)
    return;
  b->kind = LOA_BLOCK_TITLE;
  if (caps && d->nblocks > 1) {
    loa_block *s = &d->blocks[1];
    size_t l = strlen(s->text);
    if (s->kind == LOA_BLOCK_BODY && !cl_ends_sentence(s->text, l) && cl_count_words(s->text) <= 60)
      s->kind = LOA_BLOCK_TITLE;
  }
}
