/* clean_drop.c: pass 2 of the cleaner, the lines that are clutter by what they say: the
 * document number ("Số: 12/TB-UBND"), the motto, separator rules, the place and date, the
 * time stamps and fields of a digital signature, footnotes and the marks that refer to
 * them, and web addresses a PDF footer left inside a sentence. Each dropped line keeps
 * its reason (cl_drop).
 */
#include "tts/clean_internal.h"
#include "lexicon/vntext.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Why a line is dropped: the reason each test of pass 2 gives (clean_internal.h). */
const char CL_R_PAGENO[] = "page number (số trang)";
const char CL_R_RUNNING[] = "running header/footer (đầu/chân trang lặp lại)";
const char CL_R_MOTTO[] = "national motto (quốc hiệu, tiêu ngữ)";
const char CL_R_NUMBER[] = "document number (số văn bản)";
const char CL_R_DATE[] = "place and date (địa danh, ngày tháng)";
const char CL_R_AUTHORITY[] = "issuing authority (cơ quan ban hành)";
const char CL_R_SIGNATURE[] = "signature block (chữ ký)";
const char CL_R_RECIPIENTS[] = "recipients (nơi nhận)";
const char CL_R_RULE[] = "separator line (đường kẻ)";
const char CL_R_STAMP[] = "digital signature time stamp (dấu thời gian ký số)";
const char CL_R_FOOTNOTE[] = "footnote (chú thích cuối trang)";
const char CL_R_URL[] = "link inside a sentence, page footer (đường dẫn chen giữa câu)";
const char CL_R_ANNEX[] = "annex after the signature (phụ lục sau chữ ký)";
const char CL_R_CAPTION[] = "caption of a chart or picture not in the text (chú thích biểu đồ, hình ảnh)";
const char CL_R_TABLE_HEADER[] = "table header repeated after a page break (tiêu đề bảng lặp lại)";

static int is_rule_line(const line_t *L)
{
  if (L->n && strspn(L->t, "*| ") == L->n)
    return 1;   /* the star under a Party committee's name; a table row of empty cells */
  if (L->n < 3)
    return 0;
  for (size_t i = 0; i < L->n; i++) {
    unsigned char c = (unsigned char)L->t[i];
    if (c >= 0x80 || isalnum(c))
      return 0;
  }
  return 1;
}

/* "Số: 12/TB-UBND", "Số:      /BC-UBND"; NEXT is the following non-blank line, for a PDF
 * that split the line at its blank ("Số:" / "/BC-UBND"): 2 when both lines are it. */
static int is_number_line(const line_t *L, const line_t *next)
{
  if (!cl_key_starts(L->key, "so"))
    return 0;
  const char *p = L->t + strcspn(L->t, ": ");   /* after "Số" */
  int colon = *p == ':';
  if (!*p || p - L->t > 4)
    return 0;
  if (!strcmp(L->key, "so") && colon && next && next->t[0] == '/' && next->n < 40 && !strchr(next->t, ' '))
    return 2;
  const char *slash = strchr(p, '/');
  if (!slash || slash - p > 24)
    return 0;
  if (!colon) {   /* "Số 15/KH-UBND", "Số 04-GM/CB" (the Party's): only the number before '/' */
    const char *q = p + 1;
    while (q < slash && (isdigit((unsigned char)*q) || *q == ' '))
      q++;
    if (q < slash && *q == '-' && q > p + 1 && isdigit((unsigned char)q[-1]))
      for (q++; q < slash && (isupper((unsigned char)*q) || !strncmp(q, "\xC4\x90", 2)); q += *q == '\xC4' ? 2 : 1)
        ;
    if (q != slash)
      return 0;
  }
  slash++;
  while (*slash == ' ')
    slash++;
  size_t l;
  int32_t c = loa_utf8_next(slash, strlen(slash), &l);
  return loa_is_upper(c);
}

/* "Hoằng Kim, ngày 5 tháng 9 năm 2024", "Hà Nội, ngày   tháng   năm 2024", "..., ngày 12/9/2024" */
static int is_place_date(const line_t *L, int anywhere)
{
  const char *k = L->key;
  const char *ngay = strstr(k, "ngay ");
  if (!ngay && !(ngay = strstr(k, "ngay")))
    return 0;
  size_t before = (size_t)(ngay - k);
  const char *t = L->t;
  if (t[0] == '*' && t[1] == ' ')   /* "*    Tân Phú, ngày ...": the star of a Party header beside it */
    t += 2;
  const char *comma = strchr(t, ',');
  if (before > 0) {
    if (!comma || before > 40)
      return 0;
    for (const char *p = t; p < comma; p++)   /* the place: words, no digits */
      if (isdigit((unsigned char)*p))
        return 0;
    size_t l;
    if (!loa_is_upper(loa_utf8_next(t, strlen(t), &l)))
      return 0;
  } else if (!anywhere) {
    return 0;
  }
  /* the rest: only "ngày .. tháng .. năm YYYY" or a d/m/yyyy date */
  const char *r = ngay + 4;
  int year = 0;
  while (*r) {
    if (*r == ' ') {
      r++;
      continue;
    }
    if (!strncmp(r, "thang", 5)) {
      r += 5;
    } else if (!strncmp(r, "nam", 3)) {
      r += 3;
    } else if (isdigit((unsigned char)*r)) {
      size_t d = strspn(r, "0123456789");
      year |= d == 4;
      r += d;
    } else {
      return 0;
    }
  }
  if (!year && !strchr(L->t, '/'))
    return 0;
  if (strchr(L->t, '/')) {   /* d/m/yyyy: the key loses the slashes, check the text */
    const char *p = strchr(L->t, '/');
    if (!isdigit((unsigned char)p[1]))
      return 0;
  }
  return 1;
}

static int is_stamp(const line_t *L)
{
  const char *s = L->t;
  if (L->n < 16)
    return 0;
  for (int i = 0; i < 10; i++)
    if ((i == 4 || i == 7) ? s[i] != '-' : !isdigit((unsigned char)s[i]))
      return 0;
  return s[10] == 'T' && isdigit((unsigned char)s[11]) && s[13] == ':' && !strchr(s, ' ');
}

/* The words of LIST that open line L, followed by ':' in its text ("Ký bởi: ...",
 * "Thời gian ký: ..."). */
static int starts_field(const wordlist *list, const line_t *L)
{
  if (!cl_list_starts(list, L->key))
    return 0;
  const char *colon = strchr(L->t, ':');
  if (!colon)
    return 0;
  char *head = cl_squeeze(L->t, (size_t)(colon - L->t));
  int ok = head && cl_list_equals(list, head);
  free(head);
  return ok;
}

static int is_url_only(const line_t *L)
{
  return (!strncmp(L->t, "http://", 7) || !strncmp(L->t, "https://", 8) || !strncmp(L->t, "www.", 4)) &&
         !strchr(L->t, ' ');
}

void cl_drop(line_t *L, const char *why)
{
  if (L->kind != L_BLANK && !L->drop)
    L->drop = why;
}

static line_t *next_nonblank(line_t *v, size_t n, size_t i)
{
  for (size_t j = i + 1; j < n; j++)
    if (v[j].kind != L_BLANK)
      return &v[j];
  return NULL;
}

/* A place-and-date line a PDF split after "ngày" ("Hoằng Kim, ngày" / "tháng 9 năm 2024"). */
static int is_split_place_date(const line_t *L, const line_t *next)
{
  size_t kl = strlen(L->key);
  if (!next || kl < 5 || (strcmp(L->key + kl - 4, "ngay") && !strstr(L->key, "ngay ")))
    return 0;
  if (!cl_key_starts(next->key, "thang") && !(isdigit((unsigned char)next->key[0]) && strstr(next->key, "thang")))
    return 0;
  line_t both = *L;
  size_t n = L->n + 1 + next->n;
  char *t = malloc(n + 1), *k = malloc(kl + 1 + strlen(next->key) + 1);
  int ok = 0;
  if (t && k) {
    snprintf(t, n + 1, "%s %s", L->t, next->t);
    snprintf(k, kl + 1 + strlen(next->key) + 1, "%s %s", L->key, next->key);
    both.t = t, both.n = n, both.key = k;
    ok = is_place_date(&both, 0);
  }
  free(t);
  free(k);
  return ok;
}

/* The motto: alone on its line, or beside the authority of a two-column header ("XÃ YÊN
 * THỊNH Độc lập - Tự do - Hạnh phúc"); not a sentence that names the state ("theo Hiến pháp
 * nước Cộng hòa xã hội chủ nghĩa Việt Nam năm 2013", "... của Đảng Cộng sản Việt Nam."). */
static int is_motto(const line_t *L, const vocab *w)
{
  char last = L->n ? L->t[L->n - 1] : 0;
  for (size_t i = 0; i < w->motto.n; i++) {
    const char *m = w->motto.items[i];
    size_t ml = strlen(m);
    const char *p = *m ? strstr(L->key, m) : NULL;
    if (!p || (p > L->key && p[-1] != ' ') || (p[ml] && p[ml] != ' '))
      continue;
    if (L->caps)
      return 1;
    if (strchr(".,;", last))
      continue;
    char rest[512];
    snprintf(rest, sizeof rest, "%.*s%s", (int)(p - L->key), L->key, p[ml] ? p + ml + 1 : "");
    if (!*rest || cl_list_starts(&w->authority, rest))
      return 1;
  }
  return 0;
}

void cl_drop_local(line_t *v, size_t n, const vocab *w)
{
  for (size_t i = 0; i < n; i++) {
    line_t *L = &v[i];
    if (L->kind == L_BLANK || L->drop)
      continue;
    line_t *next = next_nonblank(v, n, i);
    int num;
    if ((num = is_number_line(L, next))) {
      cl_drop(L, CL_R_NUMBER);
      if (num == 2)
        cl_drop(next, CL_R_NUMBER);
    } else if (is_motto(L, w)) {
      cl_drop(L, CL_R_MOTTO);
    } else if (is_rule_line(L)) {
      cl_drop(L, CL_R_RULE);
    } else if (is_place_date(L, 0)) {
      cl_drop(L, CL_R_DATE);
    } else if (is_split_place_date(L, next)) {
      cl_drop(L, CL_R_DATE);
      cl_drop(next, CL_R_DATE);
    } else if (is_stamp(L)) {
      cl_drop(L, CL_R_STAMP);
    }
  }
}

/* A digital signature's stamp, line by line ("Ký bởi: ...", "Email: ...", "Thời gian ký: ..."),
 * across the page furniture a PDF puts in the middle of it. */
void cl_drop_stamps(line_t *v, size_t n, const vocab *w)
{
  for (size_t i = 0; i < n; i++) {
    if (v[i].kind == L_BLANK || v[i].drop || !starts_field(&w->stamp, &v[i]))
      continue;
    cl_drop(&v[i], CL_R_STAMP);
    for (size_t j = i + 1; j < n; j++) {
      line_t *f = &v[j];
      if (f->kind == L_BLANK || f->drop == CL_R_PAGENO || f->drop == CL_R_RUNNING)
        continue;
      if (f->drop || !(starts_field(&w->stamp, f) || starts_field(&w->stamp_field, f)))
        break;
      cl_drop(f, CL_R_STAMP);
      i = j;
    }
  }
}

/* The length of the superscript digits S starts with (¹ ² ³ ⁰ ⁴-⁹), or 0. */
static size_t superscript_digits(const char *s, size_t n)
{
  size_t i = 0;
  for (;;) {
    if (i + 1 < n && (unsigned char)s[i] == 0xC2 && strchr("\xB9\xB2\xB3", s[i + 1]) && s[i + 1])
      i += 2;
    else if (i + 2 < n && (unsigned char)s[i] == 0xE2 && (unsigned char)s[i + 1] == 0x81 &&
             ((unsigned char)s[i + 2] == 0xB0 || ((unsigned char)s[i + 2] >= 0xB4 && (unsigned char)s[i + 2] <= 0xB9)))
      i += 3;
    else
      return i;
  }
}

/* "¹ Công văn số 2157/SYT-NVY được đăng trên ...": a footnote, with the lines it wraps onto. */
void cl_drop_footnotes(line_t *v, size_t n)
{
  for (size_t i = 0; i < n; i++) {
    line_t *L = &v[i];
    size_t m;
    if (L->kind == L_BLANK || L->drop || !(m = superscript_digits(L->t, L->n)) || m == L->n)
      continue;
    cl_drop(L, CL_R_FOOTNOTE);
    for (const line_t *last = L; !cl_ends_sentence(last->t, last->n);) {
      line_t *c = next_nonblank(v, n, (size_t)(last - v));
      if (!c || c->drop || c->kind != L_TEXT || cl_starts_with(c->t, c->n) != 1)
        break;
      cl_drop(c, CL_R_FOOTNOTE);
      last = c;
    }
  }
}

/* The marks of the footnotes found ("¹" of "¹ Công văn ..."), where the text refers to them
 * ("rubella¹;"): out of the blocks, as a reader does not say them. Not after m (m², m³). */
void cl_drop_footnote_marks(const line_t *v, size_t n, loa_doc *d)
{
  for (size_t i = 0; i < n; i++) {
    size_t m;
    if (v[i].drop != CL_R_FOOTNOTE || !(m = superscript_digits(v[i].t, v[i].n)))
      continue;
    for (size_t b = 0; b < d->nblocks; b++) {
      char *t = d->blocks[b].text;
      size_t k = 0, len = strlen(t);
      for (size_t j = 0; j < len;) {
        size_t run = superscript_digits(t + j, len - j);
        if (run == m && !memcmp(t + j, v[i].t, m) && j > 0 && t[j - 1] != ' ' && t[j - 1] != 'm') {
          j += run;
          continue;
        }
        if (run) {
          memmove(t + k, t + j, run);
          k += run, j += run;
          continue;
        }
        t[k++] = t[j++];
      }
      t[k] = 0;
    }
  }
}

/* Standalone URLs that interrupt a sentence are a page footer the export interleaved. */
void cl_drop_url_interruptions(line_t *v, size_t n)
{
  for (size_t i = 0; i < n; i++) {
    if (v[i].kind == L_BLANK || v[i].drop || !is_url_only(&v[i]))
      continue;
    size_t p = i, q = i + 1;
    while (p > 0 && (v[p - 1].kind == L_BLANK || v[p - 1].drop))
      p--;
    while (q < n && (v[q].kind == L_BLANK || v[q].drop))
      q++;
    if (p > 0 && q < n && !cl_ends_sentence(v[p - 1].t, v[p - 1].n) && cl_starts_with(v[q].t, v[q].n) == 1)
      cl_drop(&v[i], CL_R_URL);
  }
}
