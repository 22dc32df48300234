/* shape.c: a flat-pitched breath group -> tones, intonation, lengths (see shape.h). */
#include "tts/shape.h"
#include "lexicon/buf.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

struct loa_shaper {
  loa_tone_set tones;
  loa_pitch p;
  double period;
  loa_marks marks;
  loa_prosody plan;
  loa_psola_out out;
  loa_syllable *syl;
  size_t nsyl, sylcap;
  loa_span *spans;
  size_t nspans, spancap;
};

loa_shaper *loa_shaper_new(const loa_tone_set *tones, const loa_pitch *p, double period)
{
  loa_shaper *s = calloc(1, sizeof *s);
  if (!s)
    return NULL;
  s->tones = *tones;
  s->p = *p;
  s->period = period;
  return s;
}

void loa_shaper_free(loa_shaper *s)
{
  if (!s)
    return;
  loa_marks_free(&s->marks);
  loa_prosody_free(&s->plan);
  loa_psola_out_free(&s->out);
  free(s->syl);
  free(s->spans);
  free(s);
}

#define FADE_S 0.008          /* the group is cut where eSpeak NG started the word after it */

static void fade_out(int16_t *x, size_t n, size_t len)
{
  if (len > n)
    len = n;
  for (size_t i = 0; i < len; i++)
    x[n - len + i] = (int16_t)lrint(x[n - len + i] * (double)(len - i) / (double)len);
}

static int utf8_lead(unsigned char c) { return (c & 0xC0) != 0x80; }

/* The syllables of TEXT, each starting where eSpeak NG's event for its first
 * character says; a word without an event stays part of the one before it. */
static int find_syllables(loa_shaper *s, const char *text, const loa_word_event *ev, size_t nev,
                          size_t end)
{
  s->nsyl = 0;
  size_t j = 0;
  int32_t ch = 0;                       /* characters before p */
  for (const char *p = text; *p;) {
    while (*p == ' ')
      p++, ch++;
    if (!*p)
      break;
    const char *w = p;
    int32_t wch = ch + 1;               /* 1-based position of the word */
    while (*p && *p != ' ')
      ch += utf8_lead((unsigned char)*p++);
    while (j < nev && ev[j].chars < wch)
      j++;
    if (j == nev || ev[j].chars > ch)   /* no event inside the word */
      continue;
    int32_t at = ev[j].sample;
    if (s->nsyl && at <= s->syl[s->nsyl - 1].start)
      continue;
    loa_syllable *g = loa_grow(s->syl, &s->sylcap, s->nsyl + 1, sizeof *g);
    if (!g)
      return -1;
    s->syl = g;
    s->syl[s->nsyl++] = (loa_syllable){loa_tone_of(w, (size_t)(p - w)), at, 0};
  }
  for (size_t i = 0; i < s->nsyl; i++)
    s->syl[i].end = i + 1 < s->nsyl ? s->syl[i + 1].start : (int32_t)end;
  while (s->nsyl && s->syl[s->nsyl - 1].end <= s->syl[s->nsyl - 1].start)
    s->nsyl--;
  return 0;
}

static int map_spans(loa_shaper *s)
{
  loa_span *sp = loa_grow(s->spans, &s->spancap, s->nsyl ? s->nsyl : 1, sizeof *sp);
  if (!sp)
    return -1;
  s->spans = sp;
  for (size_t i = 0; i < s->nsyl; i++)
    sp[i] = (loa_span){(int32_t)lround(loa_psola_out_time(&s->out, s->syl[i].start)),
                       (int32_t)lround(loa_psola_out_time(&s->out, s->syl[i].end)), s->syl[i].tone};
  s->nspans = s->nsyl;
  return 0;
}

int loa_shape(loa_shaper *s, const char *text, const int16_t *pcm, size_t n,
              const loa_word_event *ev, size_t nev, size_t end, const loa_phrase *ph,
              const int16_t **out, size_t *nout)
{
  *out = NULL;
  *nout = 0;
  s->nspans = 0;
  if (!n)
    return 0;
  if (end > n)
    end = n;
  n = end;                            /* what eSpeak NG said after the group is not used */
  if (find_syllables(s, text, ev, nev, end))
    return -1;
  int rc = loa_marks_find(pcm, n, s->period, &s->marks);
  if (!rc)
    rc = loa_prosody_plan(&s->plan, &s->tones, &s->p, ph, s->syl, s->nsyl, pcm, &s->marks);
  if (!rc)
    rc = loa_psola_render(pcm, n, &s->marks, s->period, &s->plan.plan, &s->out);
  if (!rc)
    rc = map_spans(s);
  if (rc)
    return -1;
  fade_out(s->out.pcm, s->out.n, (size_t)(FADE_S * s->p.rate));
  *out = s->out.pcm;
  *nout = s->out.n;
  return 0;
}

size_t loa_shaper_spans(const loa_shaper *s, const loa_span **spans)
{
  *spans = s->spans;
  return s->nspans;
}

double loa_shape_period(const int16_t *pcm, size_t n, double rate)
{
  size_t lo = (size_t)(rate / 500), hi = (size_t)(rate / 60);
  if (n < 4 * hi)
    return 0;
  size_t a = n / 4, len = n / 2 - hi;
  double best = 0, r[1024];
  if (hi - lo >= 1024)
    return 0;
  for (size_t L = lo; L < hi; L++) {
    double xy = 0, xx = 0, yy = 0;
    for (size_t i = a; i < a + len; i++) {
      double u = pcm[i], v = pcm[i + L];
      xy += u * v, xx += u * u, yy += v * v;
    }
    r[L - lo] = xx > 0 && yy > 0 ? xy / sqrt(xx * yy) : 0;
    if (r[L - lo] > best)
      best = r[L - lo];
  }
  /* the shortest lag that is a local peak nearly as high as the best (not its multiples) */
  for (size_t L = lo + 1; L + 1 < hi; L++) {
    double c = r[L - lo];
    if (c >= 0.9 * best && c >= r[L - lo - 1] && c >= r[L - lo + 1]) {
      double y0 = r[L - lo - 1], y2 = r[L - lo + 1], den = y0 - 2 * c + y2;
      return (double)L + (den < 0 ? 0.5 * (y0 - y2) / den : 0);   /* parabolic refinement */
    }
  }
  return 0;
}

double loa_shape_level(const int16_t *pcm, size_t n, double period)
{
  loa_marks m = {0};
  if (loa_marks_find(pcm, n, period, &m)) {
    loa_marks_free(&m);
    return 0;
  }
  float *v = malloc((m.n + 1) * sizeof *v);
  size_t k = 0;
  for (size_t i = 0; v && i < m.n; i++)
    if (m.voiced[i])
      v[k++] = m.level[i];
  double med = 0;
  if (k) {            /* the median, by selection */
    for (size_t i = 0; i <= k / 2; i++)
      for (size_t j = i + 1; j < k; j++)
        if (v[j] < v[i]) {
          float t = v[i];
          v[i] = v[j], v[j] = t;
        }
    med = v[k / 2];
  }
  free(v);
  loa_marks_free(&m);
  return med;
}
