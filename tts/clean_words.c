/* clean_words.c: the words that mark clutter (tts/clean.tsv), and how a line is matched
 * against them. Every phrase and every line is compared by its key (cl_squeeze): lower case,
 * no tone or vowel marks, đ as d, words separated by one space, so that "Uỷ ban", "ỦY BAN"
 * and "Ủy  ban" are one phrase.
 */
#include "tts/clean_internal.h"
#include "lexicon/buf.h"
#include "lexicon/lexicon.h"
#include "lexicon/vntext.h"

#include <ctype.h>
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
    } else if (c >= 0x80 && cl_is_letter(c)) {
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

int cl_list_starts(const wordlist *w, const char *key)
{
  for (size_t i = 0; i < w->n; i++)
    if (cl_key_starts(key, w->items[i]))
      return 1;
  return 0;
}

int cl_list_equals(const wordlist *w, const char *key)
{
  for (size_t i = 0; i < w->n; i++)
    if (!strcmp(key, w->items[i]))
      return 1;
  return 0;
}

void cl_vocab_free(vocab *v)
{
  wordlist *all[] = {&v->motto, &v->authority, &v->sigprefix, &v->signature, &v->recipients,
                     &v->stamp, &v->stamp_field, &v->doctype, &v->heading, &v->name_prefix, &v->signote};
  for (size_t i = 0; i < sizeof all / sizeof all[0]; i++) {
    for (size_t k = 0; k < all[i]->n; k++)
      free(all[i]->items[k]);
    free(all[i]->items);
  }
}

static int vocab_add(wordlist *w, const char *phrase)
{
  char *k = cl_squeeze(phrase, strlen(phrase));
  if (!k)
    return -1;
  char **items = loa_grow(w->items, &w->cap, w->n + 1, sizeof *items);
  if (!items) {
    free(k);
    return -1;
  }
  w->items = items;
  w->items[w->n++] = k;
  return 0;
}

/* Returns 0, -1 (no memory) or -2 (the file cannot be read). */
int cl_vocab_load(vocab *v)
{
  memset(v, 0, sizeof *v);
  char path[4096];
  snprintf(path, sizeof path, "%s/tts/clean.tsv", loa_data_dir());
  FILE *fp = fopen(path, "r");
  if (!fp)
    return -2;
  char line[512];
  int rc = 0;
  while (!rc && fgets(line, sizeof line, fp)) {
    line[strcspn(line, "\r\n")] = 0;
    char *tab = strchr(line, '\t');
    if (line[0] == '#' || !tab)
      continue;
    *tab = 0;
    const char *kind = line, *phrase = tab + 1;
    wordlist *w = !strcmp(kind, "motto") ? &v->motto
                : !strcmp(kind, "authority") ? &v->authority
                : !strcmp(kind, "signature-prefix") ? &v->sigprefix
                : !strcmp(kind, "signature") ? &v->signature
                : !strcmp(kind, "recipients") ? &v->recipients
                : !strcmp(kind, "stamp") ? &v->stamp
                : !strcmp(kind, "stamp-field") ? &v->stamp_field
                : !strcmp(kind, "doctype") ? &v->doctype
                : !strcmp(kind, "heading") ? &v->heading
                : !strcmp(kind, "name-prefix") ? &v->name_prefix
                : !strcmp(kind, "signature-note") ? &v->signote : NULL;
    if (w)
      rc = vocab_add(w, phrase);
  }
  fclose(fp);
  return rc;
}
