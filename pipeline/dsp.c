/* dsp.c: the effect chain: moves blocks through a list of effects into a sink, in bounded memory.
 *
 * Each effect writes into its own buffer of LOA_CHAIN_BLOCK frames; when
 * the buffer is full (or the input is used up) it is passed on to the next
 * effect, and the last buffer to the sink. Whatever the caller pushes at once,
 * the chain holds at most one buffer per effect, so memory does not depend on
 * the length of the programme, and the output samples do not depend on how
 * the input was cut into pushes (the effects are block-size independent).
 * An error or a sink abort is sticky: later calls return it again.
 */
#include "pipeline/dsp.h"
#include "lexicon/buf.h"

#include <math.h>
#include <stdlib.h>

#define LOA_CHAIN_BLOCK 4096

typedef struct {
  loa_effect *fx;
  float *buf;
  size_t len;
} stage;

struct loa_chain {
  stage *st;
  size_t n, cap;
  loa_sink_fn sink;
  void *user;
  int status;    /* first error, sticky */
  int finished;
};

loa_chain *loa_chain_new(loa_sink_fn sink, void *user)
{
  if (!sink)
    return NULL;
  loa_chain *c = calloc(1, sizeof *c);
  if (!c)
    return NULL;
  c->sink = sink;
  c->user = user;
  return c;
}

static void effect_free(loa_effect *e)
{
  if (e && e->destroy)
    e->destroy(e);
}

int loa_chain_add(loa_chain *c, loa_effect *e)
{
  if (!c || !e || !e->flow || !e->drain) {
    effect_free(e);
    return LOA_DSP_EARG;
  }
  if (c->n > 0 && fabs(c->st[c->n - 1].fx->out_rate - e->in_rate) > 1e-6 * e->in_rate) {
    effect_free(e);    /* rates do not join up */
    return LOA_DSP_EARG;
  }
  stage *st = loa_grow(c->st, &c->cap, c->n + 1, sizeof *st);
  if (!st) {
    effect_free(e);
    return LOA_DSP_ENOMEM;
  }
  c->st = st;
  float *buf = malloc(LOA_CHAIN_BLOCK * sizeof *buf);
  if (!buf) {
    effect_free(e);
    return LOA_DSP_ENOMEM;
  }
  c->st[c->n++] = (stage){e, buf, 0};
  return LOA_DSP_OK;
}

static int pump(loa_chain *c, size_t k, const float *in, size_t n);

/* Hand stage K's buffer on to stage K+1 (or the sink) and empty it. */
static int pass_on(loa_chain *c, size_t k)
{
  stage *s = &c->st[k];
  int rc = LOA_DSP_OK;
  if (s->len == 0)
    return rc;
  if (k + 1 == c->n)
    rc = c->sink(s->buf, s->len, c->user) ? LOA_DSP_EABORT : LOA_DSP_OK;
  else
    rc = pump(c, k + 1, s->buf, s->len);
  s->len = 0;
  return rc;
}

/* Feed all N frames of IN through stage K and everything after it. */
static int pump(loa_chain *c, size_t k, const float *in, size_t n)
{
  stage *s = &c->st[k];
  while (n > 0) {
    size_t nin = n, nout = LOA_CHAIN_BLOCK - s->len;
    int rc = s->fx->flow(s->fx, in, &nin, s->buf + s->len, &nout);
    if (rc != LOA_DSP_OK)
      return rc;
    if (nin > n || s->len + nout > LOA_CHAIN_BLOCK)
      return LOA_DSP_EFAIL;
    in += nin;
    n -= nin;
    s->len += nout;
    if (s->len == LOA_CHAIN_BLOCK || (nin == 0 && nout == 0)) {
      if (nin == 0 && nout == 0 && s->len == 0)
        return LOA_DSP_EFAIL;    /* the effect neither took nor gave anything */
      if ((rc = pass_on(c, k)) != LOA_DSP_OK)
        return rc;
    }
  }
  return pass_on(c, k);
}

int loa_chain_push(loa_chain *c, const float *pcm, size_t n)
{
  if (!c || (!pcm && n > 0) || c->finished)
    return c ? (c->status ? c->status : LOA_DSP_EARG) : LOA_DSP_EARG;
  if (c->status)
    return c->status;
  if (n == 0)
    return LOA_DSP_OK;
  if (c->n == 0)
    c->status = c->sink(pcm, n, c->user) ? LOA_DSP_EABORT : LOA_DSP_OK;
  else
    c->status = pump(c, 0, pcm, n);
  return c->status;
}

/* Empty stage K's internal state (look-ahead, resampler history) downstream. */
static int drain_stage(loa_chain *c, size_t k)
{
  stage *s = &c->st[k];
  for (;;) {
    size_t nout = LOA_CHAIN_BLOCK - s->len;
    int rc = s->fx->drain(s->fx, s->buf + s->len, &nout);
    if (rc != LOA_DSP_OK)
      return rc;
    if (s->len + nout > LOA_CHAIN_BLOCK)
      return LOA_DSP_EFAIL;
    s->len += nout;
    if ((rc = pass_on(c, k)) != LOA_DSP_OK)
      return rc;
    if (nout == 0)
      return LOA_DSP_OK;
  }
}

int loa_chain_finish(loa_chain *c)
{
  if (!c)
    return LOA_DSP_EARG;
  if (c->status || c->finished)
    return c->status;
  c->finished = 1;
  for (size_t k = 0; k < c->n && !c->status; k++)
    c->status = drain_stage(c, k);
  return c->status;
}

void loa_chain_free(loa_chain *c)
{
  if (!c)
    return;
  for (size_t k = 0; k < c->n; k++) {
    effect_free(c->st[k].fx);
    free(c->st[k].buf);
  }
  free(c->st);
  free(c);
}
