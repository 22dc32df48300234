/* fx_gain.c: a fixed gain in dB (the loudness correction before the limiter).
 *
 * Samples are multiplied by one float factor, so 0 dB passes them unchanged
 * and the result does not depend on how the stream is cut into blocks.
 */
#include "pipeline/fx.h"

typedef struct {
  float g;
} gain;

static int gain_flow(loa_effect *e, const float *in, size_t *nin, float *out, size_t *nout)
{
  const float g = ((gain *)e->priv)->g;
  size_t n = *nin < *nout ? *nin : *nout;
  for (size_t i = 0; i < n; i++)
    out[i] = in[i] * g;
  *nin = *nout = n;
  return LOA_DSP_OK;
}

loa_effect *loa_gain_new(double rate, double gain_db)
{
  if (!loa_fx_rate_ok(rate) || !(gain_db >= -120.0 && gain_db <= 60.0))
    return NULL;
  loa_effect *e =
      loa_fx_new("gain", rate, rate, sizeof(gain), gain_flow, loa_fx_drain_none, loa_fx_free);
  if (e)
    ((gain *)e->priv)->g = (float)loa_db_to_lin(gain_db);
  return e;
}

static loa_effect *gain_create(double rate, const double *v)
{
  return loa_gain_new(rate, v[0]);
}

const loa_effect_handler loa_gain_handler = {"gain", {{"gain_db", 0}}, gain_create};
