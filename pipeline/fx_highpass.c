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

loa_effect *loa_highpass_new(double rate, double cutoff_hz)
{
  if (!loa_fx_rate_ok(rate) || !(cutoff_hz >= 1.0) || !(cutoff_hz < 0.45 * rate))
    return NULL;
  loa_effect *e = loa_fx_cascade_new("highpass", rate);
  if (e) {
    loa_fx_cascade *h = loa_fx_sections(e);
    loa_biquad_highpass(&h->sec[h->nsec++], rate, cutoff_hz, M_SQRT1_2);
  }
  return e;
}

static loa_effect *highpass_create(double rate, const double *v)
{
  return loa_highpass_new(rate, v[0]);
}

const loa_effect_handler loa_highpass_handler = {
    "highpass", {{"cutoff_hz", 70}}, highpass_create};
