/* prosody.c: tones and intonation as a PSOLA plan (see prosody.h, docs/prosody.md).
 *
 * Every excursion is in semitones over the voice's reference pitch, scaled by the
 * voice's range: F0(t) = f0 * 2^((line(t) + tone(t)) * range / 12), where line is
 * the phrase (top, declination, final lowering or rise) and tone the syllable's
 * contour over its voiced part. Lengths are a stretch factor over the input;
 * creak, breaks and glottal closures are gain and creak curves.
 */
#include "tts/prosody.h"
#include "lexicon/buf.h"
#include "lexicon/lexicon.h"
#include "lexicon/tsv.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

/* The phrase, in semitones over the reference pitch (docs/prosody.md). */
#define TOP_PARAGRAPH 2.8     /* a group after a paragraph or heading starts here */
#define TOP_SENTENCE 2.0      /* ...after a sentence */
#define AFTER_FIRST 0.8       /* the groups after the first of a sentence start this much lower, */
#define STEP_COMMA 0.4        /* and each one after a comma this much lower again */
#define STEP_BREATH 0.3       /* ...or after a breath */
#define TOP_FLOOR -1.0        /* but never lower than this */
#define DECLINATION 1.1       /* semitones per second through a group... */
#define DECLINATION_MAX 3.0   /* ...at most this much in all */
#define FINAL_LOWER 3.0       /* a statement's last syllable ends this much lower */
#define QUESTION_RISE 4.0     /* a question's last syllable rises this much */
#define EXCLAIM_UP 1.5        /* an exclamation's last group is this much higher... */
#define EXCLAIM_WIDER 1.2     /* ...and its tones this much wider */
/* Lengths of the last syllable of a group (the voiced part's tone length multiplies in). */
#define FINAL_LENGTHEN 1.30   /* sentence end: 20-40% longer */
#define COMMA_LENGTHEN 1.10
#define BREATH_LENGTHEN 1.05
/* Voice quality. */
#define RHYME_END 0.1         /* a rhyme ends at its last period this loud against its loudest */
#define EDGE_S 0.010          /* ramps into and out of creak, breaks and closures */
#define BREAK_GAIN 0.06       /* what is left of the voice in a glottal break (-24 dB) */
#define CLOSURE_STRETCH 1.0   /* a glottal closure lasts as long as the voice it replaces */
#define LEVEL_EVENING 0.85    /* voiced periods are brought this share (in dB) of the way to
                                 the voice's reference level (tts/psola.h) */

/* ---- tones of written syllables ------------------------------------------ */

static const char *const tone_names[LOA_TONE_COUNT] = {"ngang", "huyen", "sac", "hoi", "nga",
                                                       "nang"};

const char *loa_tone_name(loa_tone t) { return t < LOA_TONE_COUNT ? tone_names[t] : "?"; }

static loa_tone tone_of_mark(utf8proc_int32_t cp)
{
  switch (cp) {
  case 0x0300: return LOA_TONE_HUYEN;
  case 0x0301: return LOA_TONE_SAC;
  case 0x0309: return LOA_TONE_HOI;
  case 0x0303: return LOA_TONE_NGA;
  case 0x0323: return LOA_TONE_NANG;
  default: return LOA_TONE_NGANG;
  }
}

loa_tone loa_tone_of(const char *syl, size_t len)
{
  const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)syl;
  utf8proc_ssize_t left = (utf8proc_ssize_t)len;
  while (left > 0) {
    utf8proc_int32_t cp, d[4];
    utf8proc_ssize_t k = utf8proc_iterate(p, left, &cp);
    if (k <= 0)
      break;
    int last;
    utf8proc_ssize_t nd = utf8proc_decompose_char(cp, d, 4, UTF8PROC_DECOMPOSE, &last);
    for (utf8proc_ssize_t i = 0; i < nd && i < 4; i++)
      if (tone_of_mark(d[i]) != LOA_TONE_NGANG)
        return tone_of_mark(d[i]);
    p += k;
    left -= k;
  }
  return LOA_TONE_NGANG;
}

/* ---- lexicon/tones.tsv ---------------------------------------------------- */

static int parse_contour(char *s, loa_tone_shape *t)
{
  t->np = 0;
  for (char *tok = strtok(s, " "); tok; tok = strtok(NULL, " ")) {
    float a, b;
    int end = 0;
    if (t->np == LOA_TONE_POINTS || sscanf(tok, "%f:%f%n", &a, &b, &end) != 2 || tok[end] ||
        a < 0 || a > 1 || (t->np && a <= t->t[t->np - 1]))
      return -1;
    t->t[t->np] = a;
    t->st[t->np++] = b;
  }
  return t->np ? 0 : -1;
}

static int parse_quality(char *s, loa_tone_shape *t)
{
  t->creak_a = t->creak_b = t->break_a = t->break_b = 0;
  t->stop = 1;
  if (!strcmp(s, "-"))
    return 0;
  for (char *tok = strtok(s, ","); tok; tok = strtok(NULL, ",")) {
    float a, b;
    int end = 0;
    while (*tok == ' ')
      tok++;
    if (sscanf(tok, "creak %f-%f%n", &a, &b, &end) == 2 && !tok[end] && a < b)
      t->creak_a = a, t->creak_b = b;
    else if (sscanf(tok, "break %f-%f%n", &a, &b, &end) == 2 && !tok[end] && a < b)
      t->break_a = a, t->break_b = b;
    else if (sscanf(tok, "stop %f%n", &a, &end) == 1 && !tok[end] && a > 0 && a < 1)
      t->stop = a;
    else
      return -1;
  }
  return 0;
}

static int tone_index(const char *name)
{
  for (int i = 0; i < LOA_TONE_COUNT; i++)
    if (!strcmp(name, tone_names[i]))
      return i;
  return -1;
}

typedef struct {
  loa_tone_set *out;
  const char *region;
  unsigned seen;             /* the tones of REGION read, by bit */
} tone_reading;

/* One row of tones.tsv (loa_tsv_row_fn): region, tone, length, contour, voice quality. */
static const char *tone_row(char *line, size_t len, void *user)
{
  tone_reading *r = user;
  char *col[5], *end;
  if (loa_tsv_cut(line, len, col, 5) != 5)
    return "a tone is region<TAB>tone<TAB>length<TAB>contour<TAB>voice quality";
  int ti = tone_index(col[1]);
  if (ti < 0)
    return "unknown tone (ngang, huyen, sac, hoi, nga or nang)";
  loa_tone_shape t;
  t.len = strtof(col[2], &end);
  if (end == col[2] || *end || !(t.len >= 0.2f && t.len <= 3))
    return "the length must be a number from 0.2 to 3";
  if (parse_contour(col[3], &t))
    return "the contour is 1 to 8 points time:semitones, the times rising within 0..1";
  if (parse_quality(col[4], &t))
    return "the voice quality is - or creak A-B, break A-B, stop A (comma-separated)";
  if (strcmp(col[0], r->region))
    return NULL;
  if (r->seen & 1u << ti)
    return "the region has this tone twice";
  r->out->tone[ti] = t;
  r->seen |= 1u << ti;
  return NULL;
}

int loa_tones_load(loa_tone_set *out, const char *path, const char *region, char *err,
                   size_t errlen)
{
  char def[4096];
  if (!path) {
    snprintf(def, sizeof def, "%s/lexicon/tones.tsv", loa_data_dir());
    path = def;
  }
  memset(out, 0, sizeof *out);
  tone_reading r = {out, region, 0};
  if (loa_tsv_read(path, tone_row, &r, err, errlen) != LOA_TSV_OK)
    return -1;
  if (r.seen != (1u << LOA_TONE_COUNT) - 1) {
    loa_errf(err, errlen, "%s: region '%s' does not have all six tones", path, region);
    return -1;
  }
  return 0;
}

/* ---- curves ---------------------------------------------------------------- */

typedef struct loa_prosody_curve curve;

/* Append a knot; a knot not after the last one moves just past it. */
static int knot(curve *c, double at, double v)
{
  if (c->n && at <= c->at[c->n - 1])
    at = c->at[c->n - 1] + 0.5;
  size_t cap = c->cap;
  float *a = loa_grow(c->at, &cap, c->n + 1, sizeof *a);
  if (!a)
    return -1;
  c->at = a;
  size_t cap2 = c->cap;
  float *b = loa_grow(c->v, &cap2, c->n + 1, sizeof *b);
  if (!b)
    return -1;
  c->v = b;
  c->cap = cap < cap2 ? cap : cap2;
  c->at[c->n] = (float)at;
  c->v[c->n++] = (float)v;
  return 0;
}

/* A value V over [A, B) of a curve that is DEF elsewhere, with ramps of E samples. */
static int plateau(curve *c, double a, double b, double v, double def, double e)
{
  if (b <= a)
    return 0;
  return knot(c, a - e, def) || knot(c, a, v) || knot(c, b, v) || knot(c, b + e, def);
}

/* ---- the plan ------------------------------------------------------------- */

typedef struct {
  int32_t on;              /* first voiced mark of the syllable (a voiced onset); < 0: none */
  int32_t a, b;            /* the rhyme: its first and last loud voiced marks */
  int32_t off;             /* the last voiced mark (a fading end) */
} voiced_span;

static size_t first_mark_at(const loa_marks *m, int32_t t)
{
  size_t lo = 0, hi = m->n;
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    if (m->at[mid] < t)
      lo = mid + 1;
    else
      hi = mid;
  }
  return lo;
}

/* Highest |sample| of X in the period after mark K. */
static int period_peak(const int16_t *x, const loa_marks *m, size_t k, int32_t end)
{
  int32_t b = k + 1 < m->n ? m->at[k + 1] : end;
  int hi = 0;
  for (int32_t i = m->at[k]; i < b && i < end; i++) {
    int v = x[i] < 0 ? -x[i] : x[i];
    hi = v > hi ? v : hi;
  }
  return hi;
}

/* Where the syllable's voice starts, and its rhyme: the tone is carried by the
 * vowel and any voiced coda, from the first period at least half as loud as the
 * loudest (a voiced onset, m n l v, is quieter) to the last one within RHYME_END of
 * it (eSpeak NG's southern voice fades 20-30 dB at the end of every syllable, and
 * a tone's end must be heard, not spent in the fade). */
static voiced_span voiced_part(const int16_t *x, const loa_marks *m, const loa_syllable *s)
{
  voiced_span v = {-1, -1, -1, -1};
  size_t k0 = first_mark_at(m, s->start);
  int top = 0;
  for (size_t k = k0; k < m->n && m->at[k] < s->end; k++)
    if (m->voiced[k]) {
      int pk = period_peak(x, m, k, s->end);
      top = pk > top ? pk : top;
      if (v.on < 0)
        v.on = m->at[k];
      v.off = m->at[k];
    }
  for (size_t k = k0; v.on >= 0 && k < m->n && m->at[k] < s->end; k++) {
    if (!m->voiced[k])
      continue;
    int pk = period_peak(x, m, k, s->end);
    if (v.a < 0 && pk * 2 >= top)
      v.a = m->at[k];
    if (pk >= top * RHYME_END)
      v.b = m->at[k];
  }
  return v;
}

static double group_top(const loa_phrase *ph)
{
  double top = ph->before == LOA_EDGE_PARAGRAPH || ph->before == LOA_EDGE_START ? TOP_PARAGRAPH
                                                                                : TOP_SENTENCE;
  if (ph->commas + ph->breaths)       /* the sentence's first group is the highest */
    top -= AFTER_FIRST;
  top -= ph->commas * STEP_COMMA + ph->breaths * STEP_BREATH;
  return top < TOP_FLOOR ? TOP_FLOOR : top;
}

static double final_lengthening(const loa_phrase *ph)
{
  switch (ph->after) {
  case LOA_EDGE_BREATH: return BREATH_LENGTHEN;
  case LOA_EDGE_COMMA: return COMMA_LENGTHEN;
  default: return FINAL_LENGTHEN;
  }
}

typedef struct {
  const loa_pitch *p;
  double top, slope;       /* line(t) = top - slope * (t - t0) in semitones, t in samples */
  double t0;
  double wide;             /* extra scale of the tones */
} line_ctx;

static double hz(const line_ctx *L, double at, double st)
{
  double line = L->top - L->slope * (at - L->t0);
  return L->p->f0 * pow(2.0, (line + st * L->wide) * L->p->range / 12.0);
}

/* F0 knots of one syllable: its contour over the rhyme of V, its first value over a
 * voiced onset and its last over a fading end; END_SHIFT semitones added by the end. */
static int tone_knots(curve *f0, const line_ctx *L, const loa_tone_shape *t, voiced_span v,
                      double end_shift)
{
  double d = v.b - v.a;
  if (v.on < v.a && knot(f0, v.on, hz(L, v.on, t->st[0])))
    return -1;
  for (int j = 0; j < t->np; j++) {
    double at = v.a + t->t[j] * d, st = t->st[j] + end_shift * t->t[j];
    if (knot(f0, at, hz(L, at, st)))
      return -1;
  }
  double last = t->st[t->np - 1] + end_shift * t->t[t->np - 1];
  return v.off > v.b ? knot(f0, v.off, hz(L, v.off, last)) : 0;
}

/* Gain over syllable S: the glottal break and closure of its tone (1 elsewhere). */
static int gain_knots(curve *c, const loa_tone_shape *t, const loa_syllable *s, voiced_span v,
                      double e)
{
  const double g = 1.0;
  double d = v.b - v.a;
  if (knot(c, s->start + e, g))
    return -1;
  if (t->break_b > t->break_a) {
    double a = v.a + t->break_a * d, b = v.a + t->break_b * d;
    if (knot(c, a - e, g) || knot(c, a, g * BREAK_GAIN) || knot(c, b, g * BREAK_GAIN) ||
        knot(c, b + e, g))
      return -1;
  }
  if (t->stop < 1)
    return knot(c, v.a + t->stop * d - e, g) || knot(c, v.a + t->stop * d, 0) ||
           knot(c, s->end - e, 0);
  return knot(c, s->end - e, g);
}

static int quality_knots(loa_prosody *pr, const loa_tone_shape *t, voiced_span v, double e)
{
  double d = v.b - v.a;
  if (t->creak_b > t->creak_a &&
      plateau(&pr->creak, v.a + t->creak_a * d, v.a + t->creak_b * d, 1.0, 0.0, e))
    return -1;
  return 0;
}

/* Stretch of syllable S: FS times the tone's length (a shortening over all of it, a
 * lengthening over the rhyme only: a tone that needs time takes it on its vowel), the
 * closure after a glottal stop CLOSURE_STRETCH times that. */
static int stretch_knots(curve *c, const loa_syllable *s, voiced_span v, const loa_tone_shape *t,
                         double fs)
{
  double f = fs * t->len;
  if (t->len > 1 && (knot(c, s->start, fs) || knot(c, v.a - 1, fs)))
    return -1;
  if (knot(c, t->len > 1 ? v.a : s->start, f))
    return -1;
  if (t->stop < 1) {
    double stop = v.a + t->stop * (v.b - v.a);
    if (knot(c, stop, f) || knot(c, stop + 1, f * CLOSURE_STRETCH) ||
        knot(c, s->end - 1, f * CLOSURE_STRETCH))
      return -1;
  }
  return knot(c, s->end - 1, t->stop < 1 ? f * CLOSURE_STRETCH : f);
}

static void reset(loa_prosody *pr)
{
  pr->f0.n = pr->stretch.n = pr->gain.n = pr->creak.n = 0;
}

static void expose(loa_prosody *pr, const loa_pitch *p)
{
  pr->plan.rate = p->rate;
  pr->plan.level = p->level;
  pr->plan.evening = LEVEL_EVENING;
  pr->plan.f0 = (loa_curve){pr->f0.at, pr->f0.v, pr->f0.n};
  pr->plan.stretch = (loa_curve){pr->stretch.at, pr->stretch.v, pr->stretch.n};
  pr->plan.gain = (loa_curve){pr->gain.at, pr->gain.v, pr->gain.n};
  pr->plan.creak = (loa_curve){pr->creak.at, pr->creak.v, pr->creak.n};
}

int loa_prosody_plan(loa_prosody *pr, const loa_tone_set *tones, const loa_pitch *p,
                     const loa_phrase *ph, const loa_syllable *syl, size_t n,
                     const int16_t *x, const loa_marks *m)
{
  reset(pr);
  if (!n) {
    expose(pr, p);
    return 0;
  }
  double first = syl[0].start, last = syl[n - 1].end;
  double secs = (last - first) / p->rate;
  double drop = secs * DECLINATION < DECLINATION_MAX ? secs * DECLINATION : DECLINATION_MAX;
  int exclaim = ph->tune == '!' && ph->after >= LOA_EDGE_SENTENCE;
  line_ctx L = {p, group_top(ph) + (exclaim ? EXCLAIM_UP : 0), 0, first,
                exclaim ? EXCLAIM_WIDER : 1.0};
  L.slope = last > first ? drop / (last - first) : 0;
  double e = EDGE_S * p->rate;
  int rc = 0;
  for (size_t i = 0; i < n && !rc; i++) {
    const loa_tone_shape *t = &tones->tone[syl[i].tone < LOA_TONE_COUNT ? syl[i].tone : 0];
    voiced_span v = voiced_part(x, m, &syl[i]);
    int final = i + 1 == n;
    double fs = final ? final_lengthening(ph) : 1.0;
    double shift = 0;             /* semitones added by the end of the syllable */
    if (final && ph->after >= LOA_EDGE_SENTENCE)
      shift = ph->tune == '?' ? QUESTION_RISE : -FINAL_LOWER;
    if (v.a < 0 || v.b <= v.a) {  /* nothing voiced: only its length */
      rc = knot(&pr->stretch, syl[i].start, fs) || knot(&pr->stretch, syl[i].end - 1, fs);
      continue;
    }
    rc = tone_knots(&pr->f0, &L, t, v, shift) || quality_knots(pr, t, v, e) ||
         gain_knots(&pr->gain, t, &syl[i], v, e) || stretch_knots(&pr->stretch, &syl[i], v, t, fs);
  }
  expose(pr, p);
  return rc ? -1 : 0;
}

void loa_prosody_free(loa_prosody *pr)
{
  curve *c[] = {&pr->f0, &pr->stretch, &pr->gain, &pr->creak};
  for (int i = 0; i < 4; i++) {
    free(c[i]->at);
    free(c[i]->v);
  }
  memset(pr, 0, sizeof *pr);
}
