/* clean_words.c: the words that mark clutter (tts/clean.tsv), and how a line is matched
 * against them. Every phrase and every line is compared by its key (cl_squeeze): lower case,
 * no tone or vowel marks, đ as d, words separated by one space, so that "Uỷ ban", "ỦY BAN"
 * and "Ủy  ban" are one phrase.
 */
#include "tts/clean_internal.h"
#include "lexicon/buf.h"
#include "lexicon/lexicon.h"
#include "lexicon/tsv.h"
#include "lexicon/vntext.h"

#include <ctype.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

/* Lower case, tone and vowel marks out, đ -> d, anything not a letter or digit -> one space. */
char *cl_squeeze(const char *s, size_t n)
{
  utf8proc_uint8_t *m = NULL;
  utf8proc_ssize_t ml = utf8proc_map((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)n, &m,
                                     UTF8PROC_DECOMPOSE | UTF8PROC_STRIPMARK | UTF8PROC_CASEFOLD);
  if (ml < 0)
    return strdup("");
  char *o = malloc((size_t)ml + 1);
  if (!o) {
    free(m);
    return NULL;
  }
  size_t k = 0;
  int space = 1;
  for (size_t i = 0; i < (size_t)ml;) {
    size_t l;
    int32_t c = loa_utf8_next((const char *)m + i, (size_t)ml - i, &l);
    if (c == 0x111 || c == 0x110)
      c = 'd';
    if (c < 0x80 && isalnum((int)c)) {
      o[k++] = (char)c;
      space = 0;
    } else if (c >= 0x80 && loa_is_letter(c)) {
      memcpy(o + k, m + i, l);
      k += l;
      space = 0;
    } else if (!space) {
      o[k++] = ' ';
      space = 1;
    }
    i += l;
  }
  while (k && o[k - 1] == ' ')
    k--;
  o[k] = 0;
  free(m);
  return o;
}

/* KEY starts with the words of WORD (both squeezed). */
int cl_key_starts(const char *key, const char *word)
{
  size_t wl = strlen(word);
  return wl && !strncmp(key, word, wl) && (key[wl] == 0 || key[wl] == ' ');
}

/* KEY ends with the words of WORD (both squeezed). */
int cl_key_ends(const char *key, const char *word)
{
  size_t kl = strlen(key), wl = strlen(word);
  return wl && wl <= kl && !strcmp(key + kl - wl, word) && (kl == wl || key[kl - wl - 1] == ' ');
}

int cl_list_starts(const wordlist *w, const char *key)
{
  for (size_t i = 0; i < w->n; i++)
    if (cl_key_starts(key, w->items[i]))
      return (int)cl_count_words(w->items[i]);
  return 0;
}

int cl_list_ends(const wordlist *w, const char *key)
{
  for (size_t i = 0; i < w->n; i++)
    if (cl_key_ends(key, w->items[i]))
      return (int)cl_count_words(w->items[i]);
  return 0;
}

int cl_list_equals(const wordlist *w, const char *key)
{
  for (size_t i = 0; i < w->n; i++)
    if (!strcmp(key, w->items[i]))
      return 1;
  return 0;
}

/* The kinds of phrase clean.tsv has, and the list each goes to. */
static const struct {
  const char *kind;
  size_t list;   /* offset of the wordlist in vocab */
} kinds[] = {
  {"motto", offsetof(vocab, motto)},
  {"authority", offsetof(vocab, authority)},
  {"signature-prefix", offsetof(vocab, sigprefix)},
  {"signature", offsetof(vocab, signature)},
  {"recipients", offsetof(vocab, recipients)},
  {"stamp", offsetof(vocab, stamp)},
  {"stamp-field", offsetof(vocab, stamp_field)},
  {"doctype", offsetof(vocab, doctype)},
  {"heading", offsetof(vocab, heading)},
  {"name-prefix", offsetof(vocab, name_prefix)},
  {"signature-note", offsetof(vocab, signote)},
  {"annex", offsetof(vocab, annex)},
  {"caption", offsetof(vocab, caption)},
  {"caption-source", offsetof(vocab, caption_source)},
  {"place-before", offsetof(vocab, place_before)},
  {"person-before", offsetof(vocab, person_before)},
};
#define NKINDS (sizeof kinds / sizeof *kinds)

static wordlist *list_of(vocab *v, size_t k)
{
  return (wordlist *)((char *)v + kinds[k].list);
}

void cl_vocab_free(vocab *v)
{
  for (size_t k = 0; k < NKINDS; k++) {
    wordlist *w = list_of(v, k);
    for (size_t i = 0; i < w->n; i++)
      free(w->items[i]);
    free(w->items);
  }
  memset(v, 0, sizeof *v);
}

/* One row of clean.tsv, "kind<TAB>phrase" (loa_tsv_row_fn): its phrase squeezed into the
 * list of its kind. NULL, or the problem with the row. */
static const char *add_row(char *line, size_t len, void *user)
{
  const char *col[3];
  size_t clen[3];
  if (loa_tsv_split(line, len, col, clen, 2) != 2)
    return "expected kind<TAB>phrase";
  size_t k = 0;
  while (k < NKINDS && (strlen(kinds[k].kind) != clen[0] || memcmp(col[0], kinds[k].kind, clen[0])))
    k++;
  if (k == NKINDS)
    return "unknown kind (motto, authority, signature-prefix, signature, recipients, stamp, "
           "stamp-field, doctype, heading, name-prefix, signature-note, annex, caption, "
           "caption-source, place-before, person-before)";
  char *key = cl_squeeze(col[1], clen[1]);
  if (!key)
    return LOA_TSV_NOMEM;
  wordlist *w = list_of(user, k);
  char **items = *key ? loa_grow(w->items, &w->cap, w->n + 1, sizeof *items) : NULL;
  if (!items) {
    int empty = !*key;
    free(key);
    return empty ? "the phrase has no letter or digit" : LOA_TSV_NOMEM;
  }
  w->items = items;
  w->items[w->n++] = key;
  return NULL;
}

int cl_vocab_load(vocab *v, char *err, size_t errlen)
{
  memset(v, 0, sizeof *v);
  char path[4096];
  snprintf(path, sizeof path, "%s/tts/clean.tsv", loa_data_dir());
  int rc = loa_tsv_read(path, add_row, v, err, errlen);
  if (rc == LOA_TSV_OK)
    return LOA_CLEAN_OK;
  cl_vocab_free(v);
  return rc == LOA_TSV_ENOMEM ? LOA_CLEAN_ENOMEM : LOA_CLEAN_EDATA;
}
