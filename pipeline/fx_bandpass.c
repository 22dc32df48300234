/* fx_bandpass.c: the loudspeaker band limit: 4th-order Butterworth high-pass and low-pass (~180 Hz-7 kHz).
 *
 * Horn loudspeakers on commune poles reproduce little below ~200 Hz and
 * above ~7 kHz; energy outside that band only drives them into distortion
 * and costs loudness headroom. Each edge is a 4th-order Butterworth filter
 * (two biquad sections, Q = 0.541 and 1.307): -3 dB exactly at LOW_HZ and
 * HIGH_HZ, -24 dB/octave outside. HIGH_HZ must stay below 0.45 x rate; if it
 * is at or above the Nyquist frequency of a low rate the low-pass is left out.
 * No latency; memory about 60 ms at 180 Hz (see fx.h on neutral state).
 */
#include "pipeline/fx.h"

loa_effect *loa_bandpass_new(double rate, double low_hz, double high_hz)
{
  if (!loa_fx_rate_ok(rate) || !(low_hz >= 1.0) || !(high_hz > low_hz) || !(low_hz < 0.45 * rate))
    return NULL;
  loa_effect *e = loa_fx_cascade_new("bandpass", rate);
  if (!e)
    return NULL;
  loa_fx_cascade *b = loa_fx_sections(e);
  for (int k = 0; k < 2; k++)
    loa_biquad_highpass(&b->sec[b->nsec++], rate, low_hz, loa_butterworth_q(4, k));
  if (high_hz < 0.45 * rate)
    for (int k = 0; k < 2; k++)
      loa_biquad_lowpass(&b->sec[b->nsec++], rate, high_hz, loa_butterworth_q(4, k));
  return e;
}

static loa_effect *bandpass_create(double rate, const double *v)
{
  return loa_bandpass_new(rate, v[0], v[1]);
}

const loa_effect_handler loa_bandpass_handler = {
    "bandpass", {{"low_hz", 180}, {"high_hz", 7000}}, bandpass_create};
