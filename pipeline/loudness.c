/* loudness.c: integrated loudness and true peak with libebur128, and BS.1770 gating on exported blocks.
 *
 * A meter is a libebur128 state (EBUR128_MODE_I, plus TRUE_PEAK when asked;
 * SAMPLE_PEAK always). Besides, it keeps the mean-square energy of every
 * gating block (400 ms, a new one every 100 ms, K-weighted) in a growing
 * array: audio is handed to libebur128 in pieces that end exactly on the
 * 100 ms grid, and at each grid point the momentary loudness - computed by
 * libebur128 over the same 400 ms it uses for its gating block - is turned
 * back into an energy. So the exported list is libebur128's own block list
 * (all blocks, also those under the absolute gate), 8 bytes per 100 ms
 * (288 KB per hour), and loa_loudness_from_blocks applies the BS.1770 gates
 * to any concatenation of such lists.
 */
#include "pipeline/loudness.h"
#include "lexicon/buf.h"

#include <ebur128.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

struct loa_meter {
  ebur128_state *st;
  int true_peak;
  size_t hop;         /* frames per 100 ms, as libebur128 counts them */
  size_t to_block;    /* frames until the next block ends */
  double *blocks;
  size_t n, cap;
  int failed;
};

loa_meter *loa_meter_new(double rate, int want_true_peak)
{
  if (!(rate >= 1000.0 && rate <= 768000.0) || rate != floor(rate))
    return NULL;
  loa_meter *m = calloc(1, sizeof *m);
  if (!m)
    return NULL;
  int mode = EBUR128_MODE_I | EBUR128_MODE_SAMPLE_PEAK | (want_true_peak ? EBUR128_MODE_TRUE_PEAK : 0);
  m->st = ebur128_init(1, (unsigned long)rate, mode);
  if (!m->st) {
    free(m);
    return NULL;
  }
  m->true_peak = want_true_peak;
  m->hop = ((size_t)rate + 5) / 10;
  m->to_block = 4 * m->hop;
  return m;
}

static double loudness_to_energy(double lufs)
{
  return lufs == -HUGE_VAL ? 0.0 : pow(10.0, (lufs + 0.691) / 10.0);
}

static double energy_to_loudness(double energy)
{
  return energy > 0.0 ? 10.0 * log10(energy) - 0.691 : -HUGE_VAL;
}

static int keep_block(loa_meter *m)
{
  double lufs;
  if (ebur128_loudness_momentary(m->st, &lufs) != EBUR128_SUCCESS)
    return -1;
  double *b = loa_grow(m->blocks, &m->cap, m->n + 1, sizeof *b);
  if (!b)
    return -1;
  m->blocks = b;
  m->blocks[m->n++] = loudness_to_energy(lufs);
  return 0;
}

int loa_meter_add(loa_meter *m, const float *pcm, size_t n)
{
  if (!m || (!pcm && n > 0))
    return -1;
  if (m->failed)
    return -1;
  while (n > 0) {
    size_t k = n < m->to_block ? n : m->to_block;
    if (ebur128_add_frames_float(m->st, pcm, k) != EBUR128_SUCCESS)
      return m->failed = -1;
    pcm += k;
    n -= k;
    m->to_block -= k;
    if (m->to_block == 0) {
      if (keep_block(m) != 0)
        return m->failed = -1;
      m->to_block = m->hop;
    }
  }
  return 0;
}

double loa_meter_integrated(loa_meter *m)
{
  double out;
  if (!m || ebur128_loudness_global(m->st, &out) != EBUR128_SUCCESS)
    return -HUGE_VAL;
  return out;
}

double loa_meter_true_peak_db(loa_meter *m)
{
  double peak = 0.0;
  if (!m)
    return -HUGE_VAL;
  if (m->true_peak)
    ebur128_true_peak(m->st, 0, &peak);
  else
    ebur128_sample_peak(m->st, 0, &peak);
  return peak > 0.0 ? 20.0 * log10(peak) : -HUGE_VAL;
}

void loa_meter_free(loa_meter *m)
{
  if (!m)
    return;
  ebur128_destroy(&m->st);
  free(m->blocks);
  free(m);
}

int loa_meter_export(loa_meter *m, double **blocks, size_t *n)
{
  if (!m || !blocks || !n)
    return -1;
  *blocks = malloc((m->n ? m->n : 1) * sizeof **blocks);
  if (!*blocks)
    return -1;
  if (m->n)
    memcpy(*blocks, m->blocks, m->n * sizeof **blocks);
  *n = m->n;
  return 0;
}

double loa_loudness_from_blocks(const double *blocks, size_t n)
{
  /* BS.1770-4: absolute gate -70 LUFS, then relative gate 10 LU below the
   * mean energy of the blocks that passed the absolute gate. */
  const double absolute = loudness_to_energy(-70.0);
  double sum = 0.0;
  size_t count = 0;
  for (size_t i = 0; i < n; i++)
    if (blocks[i] >= absolute) {
      sum += blocks[i];
      count++;
    }
  if (count == 0)
    return -HUGE_VAL;
  const double relative = sum / (double)count * 0.1;
  sum = 0.0;
  count = 0;
  for (size_t i = 0; i < n; i++)
    if (blocks[i] >= absolute && blocks[i] >= relative) {
      sum += blocks[i];
      count++;
    }
  return count ? energy_to_loudness(sum / (double)count) : -HUGE_VAL;
}
