/* master.c: the mastering chain around a preset (see master.h), for bulletins and programme sounds alike.
 *
 * The fixed stages' settings live here and nowhere else: the high-pass that
 * opens a speech chain and the true-peak limiter's look-ahead and release
 * (the README's "The sound" section explains each).
 */
#include "pipeline/master.h"

#include <stdio.h>

#define HIGHPASS_HZ 70.0
#define LIMITER_LOOKAHEAD_MS 5.0
#define LIMITER_RELEASE_MS 80.0

/* Adds E (NULL when its constructor refused) as the chain's STAGE. (ERR may be
 * NULL with ERRLEN 0: snprintf then writes nothing.) */
static int add(loa_chain *c, loa_effect *e, const char *stage, char *err, size_t errlen)
{
  int rc = loa_chain_add(c, e);
  if (rc != LOA_DSP_OK)
    snprintf(err, errlen, "the %s could not be set up", stage);
  return rc;
}

/* Resampler, high-pass and preset: the sound before its level is set. */
static int add_shaping(loa_chain *c, const loa_master *m, char *err, size_t errlen)
{
  int rc = LOA_DSP_OK;
  if (m->in_rate != m->rate)
    rc = add(c, loa_resample_new(m->in_rate, m->rate, m->resample_quality), "resampler", err,
             errlen);
  if (!rc && m->highpass)
    rc = add(c, loa_highpass_new(m->rate, HIGHPASS_HZ), "high-pass", err, errlen);
  if (!rc && m->preset && *m->preset)
    rc = loa_preset_apply(c, m->preset, m->rate, err, errlen);
  return rc;
}

static int add_limiter(loa_chain *c, const loa_master *m, char *err, size_t errlen)
{
  int rc = add(c, loa_gain_new(m->rate, m->gain_db), "gain", err, errlen);
  if (!rc)
    rc = add(c,
             loa_limiter_new(m->rate, m->ceiling_dbtp, LIMITER_LOOKAHEAD_MS, LIMITER_RELEASE_MS),
             "true-peak limiter", err, errlen);
  return rc;
}

/* Meter tap, resampler to the output rate, fades. */
static int add_ending(loa_chain *c, const loa_master *m, char *err, size_t errlen)
{
  int rc = LOA_DSP_OK;
  double rate = m->rate;
  if (m->tap)
    rc = add(c, loa_meter_tap_new(rate, m->tap), "meter", err, errlen);
  if (!rc && m->to_out_rate && m->out_rate != rate) {
    rc = add(c, loa_resample_new(rate, m->out_rate, m->resample_quality), "resampler", err,
             errlen);
    rate = m->out_rate;
  }
  if (!rc && m->fade)
    rc = add(c, loa_fade_new(rate, m->fade_in_ms, m->fade_out_ms, m->out_frames), "fades", err,
             errlen);
  return rc;
}

int loa_master_add(loa_chain *c, const loa_master *m, char *err, size_t errlen)
{
  if (!c || !m)
    return LOA_DSP_EARG;
  int rc = add_shaping(c, m, err, errlen);
  if (!rc && m->limit)
    rc = add_limiter(c, m, err, errlen);
  if (!rc)
    rc = add_ending(c, m, err, errlen);
  return rc;
}
