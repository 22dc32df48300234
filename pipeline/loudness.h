/* loudness.h: integrated loudness and true peak (EBU R128 / ITU-R BS.1770) with libebur128.
 *
 * One meter per stream; meters of parts of one programme can be combined, so
 * worker processes measure their parts and the parent computes the whole.
 */
#ifndef LOA_LOUDNESS_H
#define LOA_LOUDNESS_H

#include <stddef.h>

typedef struct loa_meter loa_meter;

loa_meter *loa_meter_new(double rate, int want_true_peak);
int loa_meter_add(loa_meter *m, const float *pcm, size_t n);
double loa_meter_integrated(loa_meter *m);      /* LUFS, -HUGE_VAL if silent */
double loa_meter_true_peak_db(loa_meter *m);    /* dBTP */
void loa_meter_free(loa_meter *m);

/* The gating-block energies of a meter, to send from a worker to the parent:
 * a histogram-free list of block loudness values. */
int loa_meter_export(loa_meter *m, double **blocks, size_t *n);
/* Integrated loudness (LUFS) of the concatenation of exported block lists. */
double loa_loudness_from_blocks(const double *blocks, size_t n);

#endif
