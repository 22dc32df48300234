/* clean_frame.c: pass 2 of the cleaner, the frame of an official letter around its
 * text: the issuing authority at the top (above the motto, number and date, or above the
 * title naming the kind of document), and at the foot the signature block (office
 * titles, "(Đã ký)" notes, the signer's name) and the "Nơi nhận:" list of recipients.
 */
#include "tts/clean_internal.h"
#include "lexicon/vntext.h"

#include <stdlib.h>
#include <string.h>

/* A line naming the issuing body: in capitals ("ỦY BAN NHÂN DÂN", "XÃ YÊN HÒA"), or typed in
 * lower case as a short line with no sentence punctuation ("Uỷ ban nhân dân xã Quảng Thạch"). */
static int is_authority(const line_t *L, const vocab *w)
{
  if (!cl_list_starts(&w->authority, L->key))
    return 0;
  if (L->kind == L_CAPS)
    return 1;
  return L->kind == L_TEXT && cl_count_words(L->t) <= 12 && !cl_ends_sentence(L->t, L->n) && !cl_ends_open(L->t, L->n) &&
         L->t[L->n - 1] != ',';
}

/* The title that names the kind of document ("THÔNG BÁO", "BÁO CÁO", "GIẤY MỜI"). */
static int is_doctype(const line_t *L, const vocab *w)
{
  return L->kind == L_CAPS && !L->drop && cl_list_starts(&w->doctype, L->key);
}

/* The top of the document: the authority above the number, motto and date, or right above
 * the title that names the kind of document (a notice with no motto). */
void cl_drop_authority(line_t *v, size_t n, const vocab *w)
{
  size_t last_anchor = 0, end = 0;
  int anchors = 0;
  for (size_t i = 0; i < n; i++) {
    line_t *L = &v[i];
    if (L->kind == L_BLANK)
      continue;
    int anchor = L->drop == CL_R_MOTTO || L->drop == CL_R_NUMBER || L->drop == CL_R_DATE || L->drop == CL_R_RULE;
    int title = !anchor && is_doctype(L, w);
    if (anchor || title) {
      anchors++;
      last_anchor = i;
    } else if (!L->drop && !(L->caps && L->kind == L_CAPS) && !is_authority(L, w)) {
      break;
    }
    end = i + 1;
    if (title)
      break;
  }
  if (!anchors)
    return;
  for (size_t i = 0; i < end && i < last_anchor; i++)
    if (!v[i].drop && is_authority(&v[i], w))
      cl_drop(&v[i], CL_R_AUTHORITY);
}

/* The signer's name: two to five words in capitals (Nguyễn Văn Bình, NGUYỄN VĂN BÌNH), after
 * a rank or degree of clean.tsv name-prefix ("Thiếu tá Lê Văn Bình", "BS. Trần Thị Mai"). */
static int is_person_name(const line_t *L, const vocab *w)
{
  const char *p = L->t;
  for (size_t i = 0; i < w->name_prefix.n && p == L->t; i++) {
    const char *pre = w->name_prefix.items[i];
    if (!cl_key_starts(L->key, pre))
      continue;
    for (const char *q = L->t; *q;) {   /* past the words of the text that squeeze to PRE */
      q += strcspn(q, " ");
      char *k = cl_squeeze(L->t, (size_t)(q - L->t));
      int done = !k || strlen(k) >= strlen(pre);
      free(k);
      q += strspn(q, " ");
      if (done) {
        p = q;
        break;
      }
    }
  }
  size_t words = cl_count_words(p);
  if (words < 2 || words > 5 || strlen(p) > 48)
    return 0;
  while (*p) {
    size_t l;
    int32_t c = loa_utf8_next(p, strlen(p), &l);
    if (!loa_is_upper(c))
      return 0;
    p += l;
    while (*p && *p != ' ') {
      c = loa_utf8_next(p, strlen(p), &l);
      if (!loa_is_letter(c) && c != '.')
        return 0;
      p += l;
    }
    while (*p == ' ')
      p++;
  }
  return 1;
}

static int title_text(const char *t, size_t n, const char *key, const vocab *w)
{
  if (!n || cl_count_words(t) > 10)
    return 0;
  if (cl_list_equals(&w->signature, key))
    return 1;
  if (!cl_all_caps(t, n))
    return 0;
  if (cl_list_starts(&w->signature, key) && cl_count_words(t) <= 6)
    return 1;   /* "CHỦ TỊCH UBND XÃ", "TRƯỞNG BAN CHỈ HUY" */
  if (!cl_list_starts(&w->sigprefix, key))
    return 0;
  size_t tok = strcspn(t, " ");
  return memchr(t, '.', tok) || memchr(t, '/', tok);
}

/* An office title above the signer ("CHỦ TỊCH", "TM. ỦY BAN NHÂN DÂN"), alone on its line or
 * as the right column beside the "Nơi nhận:" list. */
static int is_signature_title(const line_t *L, const vocab *w)
{
  if (L->kind == L_BLANK)
    return 0;
  if (title_text(L->t, L->n, L->key, w) || (L->right && title_text(L->right, strlen(L->right), L->rkey, w)))
    return 1;
  if (cl_count_words(L->t) > 24)
    return 0;
  /* the columns run together (a PDF): the title in capitals after the list's punctuation,
   * "Nơi nhận: TM. ỦY BAN NHÂN DÂN", "- Như trên; CHỦ TỊCH" */
  for (const char *p = L->t; (p = strpbrk(p, ":;.)")); p++) {
    const char *r = p + 1;
    if (*r != ' ' || !r[1])
      continue;
    r++;
    size_t rn = strlen(r);
    if (!cl_all_caps(r, rn))
      continue;
    char *k = cl_squeeze(r, rn);
    int t = k && title_text(r, rn, k, w);
    free(k);
    if (t)
      return 1;
  }
  return 0;
}

/* A note between a signature title and the name: in brackets ("(Đã ký)", "[Đã ký và đóng dấu]"),
 * or one of clean.tsv signature-note written bare ("Đã ký"). */
static int is_signature_note(const line_t *L, const vocab *w)
{
  if (L->n >= 2 && L->n < 60 && ((L->t[0] == '(' && L->t[L->n - 1] == ')') || (L->t[0] == '[' && L->t[L->n - 1] == ']')))
    return 1;
  return cl_list_equals(&w->signote, L->key);
}

/* A title, then (blank lines, more titles, "(Đã ký)" notes, stamps) and the signer's name. */
void cl_drop_signatures(line_t *v, size_t n, const vocab *w)
{
  for (size_t i = 0; i < n; i++) {
    if (v[i].drop == CL_R_SIGNATURE || !is_signature_title(&v[i], w))
      continue;
    size_t j = i + 1, name = 0;
    for (; j < n && j < i + 24; j++) {
      line_t *L = &v[j];
      if (L->kind == L_BLANK || L->drop || is_signature_title(L, w) || is_signature_note(L, w))
        continue;
      if (is_person_name(L, w))
        name = j + 1;
      break;
    }
    int to_end = 1;
    for (size_t k = i + 1; k < n && to_end; k++)
      to_end = v[k].kind == L_BLANK || v[k].drop || is_signature_title(&v[k], w) || is_signature_note(&v[k], w);
    if (!name && !to_end)
      continue;
    size_t stop = name ? name : n;
    for (size_t k = i; k < stop; k++)
      if (!v[k].drop)
        cl_drop(&v[k], CL_R_SIGNATURE);
  }
}

void cl_drop_recipients(line_t *v, size_t n, const vocab *w)
{
  for (size_t i = 0; i < n; i++) {
    if (v[i].kind == L_BLANK || !cl_list_starts(&w->recipients, v[i].key))
      continue;
    cl_drop(&v[i], CL_R_RECIPIENTS);
    for (size_t j = i + 1; j < n; j++) {
      line_t *L = &v[j];
      if (L->kind == L_BLANK || L->drop)
        continue;
      const char *t = L->left && *L->left ? L->left : L->t;   /* beside a signature in two columns */
      size_t tn = strlen(t);
      char last = t[tn - 1];
      int item = L->kind == L_LIST || cl_list_marker(t, tn) || cl_key_starts(L->key, "luu") ||
                 ((last == ';' || last == '.' || last == ',') && cl_count_words(t) <= 12 && L->kind != L_NUM);
      if (!item)
        break;
      cl_drop(L, CL_R_RECIPIENTS);
    }
  }
}
