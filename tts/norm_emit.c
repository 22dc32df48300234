/* norm_emit.c: what the normaliser writes: the spoken words (with the pauses
 * between them), numbers said into them, and the findings (the tokens it had to
 * guess, with their line and column).
 */
#include "tts/norm_int.h"
#include "tts/numbers.h"
#include "lexicon/vntext.h"

#include <stdio.h>
#include <string.h>

/* The pending pause mark: " ," or " ." (" ?", " !" with LOA_NORM_MARKS). */
void nz_put_pause(nz *n)
{
  if (!n->pause || !(n->flags & LOA_NORM_PAUSES))
    return;
  char m[2] = {' ', n->pause == PAUSE_STOP ? '.' : ','};
  if (n->pause == PAUSE_STOP && n->tune && (n->flags & LOA_NORM_MARKS))
    m[1] = (char)n->tune;
  loa_buf_put(&n->out, m, 2);
}

void nz_tune(nz *n, uint32_t cp)
{
  if (n->pause == PAUSE_STOP && n->out.n && (cp == '?' || cp == 0xFF1F || cp == '!' || cp == 0xFF01))
    n->tune = cp == '?' || cp == 0xFF1F ? '?' : '!';
}

static uint32_t hash_of(const char *s, size_t len)
{
  uint32_t h = 2166136261u;
  for (size_t i = 0; i < len; i++)
    h = (h ^ (unsigned char)s[i]) * 16777619u;
  return h;
}

/* With LOA_NORM_MARKS, remember where a reading of several words was put: the
 * marks are applied at the end of the line, so no rule sees them. */
static void note_join(nz *n, const char *words, size_t len)
{
  if (!(n->flags & LOA_NORM_MARKS) || !memchr(words, ' ', len) || n->oom)
    return;
  struct nz_join *j = loa_grow(n->joins, &n->joincap, n->njoins + 1, sizeof *j);
  if (!j) {
    n->oom = 1;
    return;
  }
  n->joins = j;
  n->joins[n->njoins++] = (struct nz_join){n->out.n, len, hash_of(words, len)};
}

/* Join the words of every reading still in the output as it was put (a reading
 * taken back by a later rule is left alone). */
void nz_apply_joins(nz *n)
{
  char *o = n->out.p;
  for (size_t k = 0; k < n->njoins; k++) {
    const struct nz_join *j = &n->joins[k];
    if (j->at + j->len > n->out.n || hash_of(o + j->at, j->len) != j->hash)
      continue;
    for (size_t i = j->at; i < j->at + j->len; i++)
      if (o[i] == ' ')
        o[i] = '_';
  }
}

void nz_emit(nz *n, const char *words, size_t len)
{
  while (len && *words == ' ')
    words++, len--;
  while (len && words[len - 1] == ' ')
    len--;
  if (!len)
    return;
  if (n->out.n) {
    nz_put_pause(n);
    loa_buf_putc(&n->out, ' ');
  }
  n->pause = PAUSE_NONE;
  n->tune = 0;
  note_join(n, words, len);
  loa_buf_put(&n->out, words, len);
}

void nz_emits(nz *n, const char *words)
{
  nz_emit(n, words, strlen(words));
}

void nz_say(nz *n, nz_list_id l)
{
  nz_emits(n, nz_said(n, l));
}

/* The sign SIGN as UTF-8 in B (at least 5 bytes): its length. */
static size_t sign_text(uint32_t sign, char *b)
{
  size_t k = loa_utf8_encode(sign, b);
  b[k] = 0;
  return k;
}

const char *nz_sign_reading(const nz *n, uint32_t sign)
{
  char b[8];
  size_t k = sign_text(sign, b);
  const char *r = loa_lexicon_unit(n->lex, b, k);
  return r ? r : loa_lexicon_sign(n->lex, b, k, 0);
}

void nz_say_sign(nz *n, uint32_t sign)
{
  const char *r = nz_sign_reading(n, sign);
  if (r)
    nz_emits(n, r);
}

void nz_say_name(nz *n, uint32_t sign)
{
  const char *r = nz_sign_name(n, sign);
  if (r)
    nz_emits(n, r);
}

const char *nz_sign_name(const nz *n, uint32_t sign)
{
  char b[8];
  size_t k = sign_text(sign, b);
  return loa_lexicon_sign(n->lex, b, k, 1);
}

void nz_pause(nz *n, int level)
{
  if (n->out.n && level > n->pause)
    n->pause = level;
}

void nz_unsay(nz *n, size_t len)
{
  if (len < n->out.n)
    loa_buf_trim(&n->out, n->out.n - len);
}

void nz_cardinal(nz *n, uint64_t v)
{
  if (loa_num_cardinal(&n->numw, v, n->nb, sizeof n->nb) > 0)
    nz_emits(n, n->nb);
}

void nz_digits(nz *n, const char *d, size_t len)
{
  /* long codes are read in slices so the scratch buffer always suffices */
  while (len) {
    size_t k = len > 40 ? 40 : len;
    if (loa_num_digits(&n->numw, d, k, n->nb, sizeof n->nb) > 0)
      nz_emits(n, n->nb);
    d += k;
    len -= k;
  }
}

/* A count written with digits: leading zeros are not read (09 tổ -> chín
 * tổ), but a longer string starting with 0 is a code, read digit by digit. */
void nz_count(nz *n, size_t i)
{
  const char *d = n->line + n->t[i].s;
  int nd = nz_ndig(n, i);
  if ((nd >= 3 && d[0] == '0') || nd > LOA_NUM_MAXDIG) {
    if (nd > LOA_NUM_MAXDIG)
      nz_report(n, i, i + 1, "number too long to read as a number, read digit by digit");
    nz_digits(n, d, (size_t)nd);
    return;
  }
  nz_cardinal(n, nz_val(n, i));
}


void nz_report(nz *n, size_t i, size_t j, const char *reason)
{
  loa_findings *f = n->fnd;
  if (!f || i >= n->nt)
    return;
  if (j > n->nt)
    j = n->nt;
  if (j <= i)
    j = i + 1;
  loa_finding *it = loa_grow(f->items, &f->cap, f->n + 1, sizeof *it);
  if (!it) {
    n->oom = 1;
    return;
  }
  f->items = it;
  loa_finding *x = &f->items[f->n++];
  memset(x, 0, sizeof *x);
  x->line = n->lineno;
  x->col = n->t[i].col;
  size_t s = n->t[i].s, e = n->t[j - 1].e;
  size_t len = e - s;
  if (len > sizeof x->token - 1) {
    len = sizeof x->token - 1;
    while (len && ((unsigned char)n->line[s + len] & 0xC0) == 0x80)
      len--;
  }
  memcpy(x->token, n->line + s, len);
  snprintf(x->reason, sizeof x->reason, "%s", reason);
}

int nz_said_ending_at(const nz *n, const char *w, size_t l, size_t end)
{
  const char *o = n->out.p;
  return l && end >= l && !memcmp(o + end - l, w, l) && (end == l || o[end - l - 1] == ' ');
}
