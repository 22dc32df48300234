/* speech_testutil.h: what the speech tests share: collecting what loa_synth_speak_phrase
 * delivers, and sorting doubles. */
#ifndef LOA_SPEECH_TESTUTIL_H
#define LOA_SPEECH_TESTUTIL_H

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
  int16_t *pcm;
  size_t n, cap;
} pcm_buf;

/* A loa_pcm_fn appending to the pcm_buf USER (aborts when out of memory). */
static inline int pcm_collect(const int16_t *p, size_t n, void *user)
{
  pcm_buf *b = user;
  if (b->n + n > b->cap) {
    b->cap = (b->n + n) * 2;
    b->pcm = realloc(b->pcm, b->cap * sizeof *b->pcm);
    if (!b->pcm)
      abort();
  }
  memcpy(b->pcm + b->n, p, n * sizeof *p);
  b->n += n;
  return 0;
}

static inline int cmp_double(const void *a, const void *b)
{
  double x = *(const double *)a, y = *(const double *)b;
  return x < y ? -1 : x > y;
}

#endif
