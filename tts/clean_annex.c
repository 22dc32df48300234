/* clean_annex.c: pass 2 of the cleaner, what follows the letter and what stands for a
 * picture: an annex appended after the signature block (a title of clean.tsv annex such
 * as "PHỤ LỤC 1" or "Biểu số 02", a table of figures, or a title in capitals above one),
 * dropped up to the header of another document unless the options say to read it; and
 * the captions of charts, maps and pictures the text does not have (clean.tsv caption:
 * "Biểu đồ 2: ...", "Hình 1. ...", "Ảnh: ..."), with the lines they wrap onto and the
 * "Nguồn: ..." line under them.
 */
#include "tts/clean_internal.h"
#include "lexicon/vntext.h"

#include <ctype.h>
#include <string.h>

/* The next line after I that is neither blank nor dropped, or N. */
static size_t next_kept(const line_t *v, size_t n, size_t i)
{
  size_t j = i + 1;
  while (j < n && (v[j].kind == L_BLANK || v[j].drop))
    j++;
  return j;
}

/* TEXT past its first K words, counted as the key counts them (runs of letters and
 * digits): "Ảnh: Đoàn viên" past one word is ": Đoàn viên". */
static const char *past_words(const char *t, size_t k)
{
  size_t n = strlen(t), i = 0;
  while (k && i < n) {
    size_t l;
    int32_t c = loa_utf8_next(t + i, n - i, &l);
    int word = loa_is_letter(c) || (c < 0x80 && isdigit((int)c));
    if (word) {
      while (i < n && word) {
        i += l;
        c = i < n ? loa_utf8_next(t + i, n - i, &l) : 0;
        word = i < n && (loa_is_letter(c) || (c < 0x80 && isdigit((int)c)));
      }
      k--;
    } else {
      i += l;
    }
  }
  return t + i;
}

static int is_label_mark(const char *p)
{
  return *p == ':' || *p == '.' || *p == '-' || !strncmp(p, "\xE2\x80\x93", 3) ||   /* – */
         !strncmp(p, "\xE2\x80\x94", 3);                                          /* — */
}

/* P starts with the number of a title: "1", "02", "2.1", "IV", "số 3". Its length, or 0. */
static size_t label_number(const char *p)
{
  const char *q = p;
  if ((*q == 's' || *q == 'S') && (!strncmp(q + 1, "\xE1\xBB\x91 ", 4) || !strncmp(q + 1, "\xE1\xBB\x90 ", 4)))
    q += 5;   /* số, Số, SỐ */
  size_t d = strspn(q, "0123456789");
  if (d) {
    q += d;
    while (*q == '.' && isdigit((unsigned char)q[1]))
      q += 1 + strspn(q + 1, "0123456789");
  } else {
    size_t r = strspn(q, "IVXLC");
    if (!r || isalpha((unsigned char)q[r]) || (unsigned char)q[r] >= 0x80)
      return 0;
    q += r;
  }
  return (size_t)(q - p);
}

/* After a title's word: nothing, a mark (':' '.' '-'), or a number; with ANY_WORDS, words
 * too. After a number: with STRICT only the end or a mark ("Hình 3 cho thấy ..." is a
 * sentence about a figure, not its caption). */
static int label_follows(const char *rest, int any_words, int strict)
{
  while (*rest == ' ')
    rest++;
  if (!*rest || *rest == ')' || is_label_mark(rest) || any_words)
    return 1;
  size_t num = label_number(rest);
  if (!num)
    return 0;
  rest += num;
  while (*rest == ' ')
    rest++;
  return !strict || !*rest || *rest == ')' || is_label_mark(rest);
}

/* L opens with a phrase of LIST labelled as a title (label_follows): a phrase of two words
 * or more may be followed by any words when MULTI. A line in brackets counts without
 * them: "(Ảnh: Minh Hà)". */
static int labelled(const line_t *L, const wordlist *list, int multi, int strict)
{
  const char *t = L->t[0] == '(' ? L->t + 1 : L->t;
  for (size_t i = 0; i < list->n; i++) {
    const char *p = list->items[i];
    if (!cl_key_starts(L->key, p))
      continue;
    size_t words = cl_count_words(p);
    if (label_follows(past_words(t, words), multi && words >= 2, strict))
      return 1;
  }
  return 0;
}

/* Line J, the first read after a signature, opens an annex: a title of the list annex, a
 * table row, or a title in capitals with a table under it (a subtitle between). */
static int opens_annex(const line_t *v, size_t n, size_t j, const vocab *w)
{
  const line_t *L = &v[j];
  if (L->kind == L_TABLE)
    return 1;
  if (cl_count_words(L->t) <= 20 && labelled(L, &w->annex, 1, 0))
    return 1;
  if (L->kind != L_CAPS)
    return 0;
  for (size_t k = next_kept(v, n, j), seen = 0; k < n && seen < 3; k = next_kept(v, n, k), seen++)
    if (v[k].kind == L_TABLE)
      return 1;
  return 0;
}

/* Where the annex that starts at J ends: at the header of another document (its motto or
 * number, and the authority in capitals right above them), or at the end. */
static size_t annex_end(const line_t *v, size_t n, size_t j, const vocab *w)
{
  size_t k = j;
  while (k < n && v[k].drop != CL_R_MOTTO && v[k].drop != CL_R_NUMBER)
    k++;
  while (k > j && (v[k - 1].kind == L_BLANK || v[k - 1].drop == CL_R_MOTTO ||
                   (v[k - 1].caps && cl_list_starts(&w->authority, v[k - 1].key))))
    k--;
  return k;
}

void cl_drop_annexes(line_t *v, size_t n, const vocab *w, int read_annex)
{
  if (read_annex)
    return;
  for (size_t i = 0; i < n; i++) {
    if (v[i].drop != CL_R_SIGNATURE)
      continue;
    size_t j = next_kept(v, n, i);
    if (j >= n)
      return;
    if (!opens_annex(v, n, j, w)) {
      i = j;
      continue;
    }
    size_t end = annex_end(v, n, j, w);
    for (size_t k = j; k < end; k++)
      cl_drop(&v[k], CL_R_ANNEX);
    i = end ? end - 1 : 0;
  }
}

/* "Nguồn: Chi cục Thống kê huyện" right under a caption. */
static int is_source(const line_t *L, const vocab *w)
{
  return cl_list_starts(&w->caption_source, L->key) && memchr(L->t, ':', L->n < 24 ? L->n : 24);
}

void cl_drop_captions(line_t *v, size_t n, const vocab *w)
{
  for (size_t i = 0; i < n; i++) {
    line_t *L = &v[i];
    if (L->drop || (L->kind != L_TEXT && L->kind != L_CAPS && L->kind != L_NUM) ||
        cl_count_words(L->t) > 40 || !labelled(L, &w->caption, 0, 1))
      continue;
    size_t p = i;
    while (p > 0 && (v[p - 1].kind == L_BLANK || v[p - 1].drop))
      p--;
    if (p > 0 && cl_ends_open(v[p - 1].t, v[p - 1].n))
      continue;   /* inside a sentence */
    cl_drop(L, CL_R_CAPTION);
    const line_t *last = L;
    size_t k = next_kept(v, n, i);
    for (; k < n && !cl_ends_sentence(last->t, last->n) && v[k].kind == L_TEXT &&
           cl_starts_with(v[k].t, v[k].n) == 1;
         k = next_kept(v, n, k)) {
      cl_drop(&v[k], CL_R_CAPTION);
      last = &v[k];
    }
    if (k < n && is_source(&v[k], w))
      cl_drop(&v[k], CL_R_CAPTION);
  }
}
