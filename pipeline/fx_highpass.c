/* fx_highpass.c: DC removal and 2nd-order Butterworth high-pass (default 70 Hz), first in every chain.
 *
 * Removes DC offset, breath and handling rumble below the voice, which eat
 * loudspeaker excursion and headroom without adding intelligibility. One
 * biquad section (Q = 1/sqrt 2, bilinear with pre-warping): -3 dB at the
 * cutoff, -12 dB/octave below. Its double zero at z = 1 (b0 + b1 + b2 == 0
 * exactly) makes the gain at DC exactly zero, so it is also the DC remover: a
 * separate DC blocker would only add a slow tail (a memory of seconds) that
 * would break the neutral-state property the parallel build relies on.
 * No latency; memory (tail until the state is exactly zero after a full-scale
 * signal stops) about 80 ms at 70 Hz.
 */
#include "pipeline/fx.h"

typedef struct {
  loa_biquad sec;
} highpass;

static int highpass_flow(loa_effect *e, const float *in, size_t *nin, float *out, size_t *nout)
{
  highpass *h = e->priv;
  size_t n = *nin < *nout ? *nin : *nout;
  loa_biquad_run(&h->sec, 1, in, out, n);
  *nin = *nout = n;
  return LOA_DSP_OK;
}

loa_effect *loa_highpass_new(double rate, double cutoff_hz)
{
  if (!loa_fx_rate_ok(rate) || !(cutoff_hz >= 1.0) || !(cutoff_hz < 0.45 * rate))
    return NULL;
  loa_effect *e = loa_fx_new("highpass", rate, rate, sizeof(highpass), highpass_flow,
                             loa_fx_drain_none, loa_fx_free);
  if (e) {
    highpass *h = e->priv;
    loa_biquad_highpass(&h->sec, rate, cutoff_hz, M_SQRT1_2);
  }
  return e;
}
