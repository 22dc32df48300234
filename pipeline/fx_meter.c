/* fx_meter.c: a pass-through effect that feeds a loudness meter (loudness.h).
 *
 * Lets a chain measure at any point (loa measures the limited signal at the
 * synthesis rate, before the resampler doubles the work of measuring). The
 * samples go through unchanged; the meter is borrowed, not owned.
 */
#include "pipeline/fx.h"
#include "pipeline/loudness.h"

typedef struct {
  loa_meter *m;
} meter_tap;

static int meter_flow(loa_effect *e, const float *in, size_t *nin, float *out, size_t *nout)
{
  size_t n = *nin < *nout ? *nin : *nout;
  if (loa_meter_add(((meter_tap *)e->priv)->m, in, n) != 0)
    return LOA_DSP_EFAIL;
  memcpy(out, in, n * sizeof *out);
  *nin = *nout = n;
  return LOA_DSP_OK;
}

loa_effect *loa_meter_tap_new(double rate, loa_meter *m)
{
  if (!loa_fx_rate_ok(rate) || !m)
    return NULL;
  loa_effect *e = loa_fx_new("meter", rate, rate, sizeof(meter_tap), meter_flow,
                             loa_fx_drain_none, loa_fx_free);
  if (e)
    ((meter_tap *)e->priv)->m = m;
  return e;
}
