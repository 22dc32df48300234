/* loudness.h: integrated loudness and true peak (EBU R128 / ITU-R BS.1770) with libebur128.
 *
 * One meter per stream; meters of parts of one programme can be combined, so
 * worker processes measure their parts and the parent computes the whole:
 * each worker sends its exported block energies and its true peak; the
 * parent gates the concatenated blocks (loa_loudness_from_blocks) and takes
 * the largest true peak.
 */
#ifndef LOA_LOUDNESS_H
#define LOA_LOUDNESS_H

#include <stddef.h>

typedef struct loa_meter loa_meter;

loa_meter *loa_meter_new(double rate, int want_true_peak);
int loa_meter_add(loa_meter *m, const float *pcm, size_t n);   /* 0, or -1 */
double loa_meter_integrated(loa_meter *m);      /* LUFS, -HUGE_VAL if silent */
double loa_meter_true_peak_db(loa_meter *m);    /* dBTP (sample peak dBFS without true peak) */
void loa_meter_free(loa_meter *m);

/* The gating-block energies of a meter, to send from a worker to the parent:
 * the K-weighted mean square of every 400 ms block (one per 100 ms, all of
 * them, also those under the absolute gate), in order, as plain doubles
 * (8 bytes per 100 ms). *BLOCKS is allocated; the caller frees it with free().
 * Returns 0, or -1 when out of memory. */
int loa_meter_export(loa_meter *m, double **blocks, size_t *n);
/* Integrated loudness (LUFS) of the concatenation of exported block lists:
 * BS.1770 gating (absolute -70 LUFS, relative -10 LU); -HUGE_VAL if silent.
 * Equal to one meter over the whole signal when each part was cut on the
 * 100 ms grid (a multiple of (rate + 5) / 10 frames from the start) with at
 * least 300 ms of digital silence on either side of every cut; otherwise the
 * few blocks that straddle a cut are missing or measured on a shifted grid,
 * a difference of the order of 0.01 LU. */
double loa_loudness_from_blocks(const double *blocks, size_t n);

#endif
