/* dsp.h: the DSP chain - small effects over blocks of float samples, chained by a list.
 *
 * After sox's effects: each effect is a struct of callbacks. flow() consumes
 * up to *NIN input frames and produces up to *NOUT output frames, setting both
 * to what it actually did; drain() flushes what it still holds (look-ahead,
 * filter tails) after the last input. Mono float samples, full scale = 1.0.
 * A chain owns its effects and moves blocks through them with bounded buffers,
 * so memory does not grow with the length of the programme.
 *
 * Every effect is deterministic and block-size independent: the output
 * samples depend only on the input samples, not on how they were cut into
 * calls. Output is time-aligned with the input (look-ahead is absorbed: the
 * effect holds frames back and drain() returns them), and every effect but
 * resample gives exactly as many frames as it took; resample gives exactly
 * round(n_in x out_rate / in_rate). Effects start from a neutral state and
 * return to it exactly (not asymptotically) after enough digital silence
 * (exact zeros), so a run that starts in silence gives the same samples as
 * the same stretch of a longer run once the silence before it exceeds the
 * chain's memory (about 0.35 s for the loudspeaker chain, see README).
 *
 * Each effect lives in its own file (pipeline/fx_NAME.c, with its own tests),
 * whose opening comment says what it does. The effects a preset may name are
 * listed once, in the registry (pipeline/fx_registry.c): each registers a
 * handler with its name, its parameters and their defaults, and a constructor
 * from them (after sox's sox_effect_handler_t and its effect list). The others
 * - resample, limiter, fade, meter tap - are placed by the mastering chain
 * (pipeline/master.h), which runs every preset between them.
 * Constructors return NULL for out-of-range arguments or when out of memory.
 */
#ifndef LOA_DSP_H
#define LOA_DSP_H

#include <stddef.h>

enum {
  LOA_DSP_OK = 0,
  LOA_DSP_EARG = -1,
  LOA_DSP_ENOMEM = -2,
  LOA_DSP_EFAIL = -3,
  LOA_DSP_EABORT = -4    /* the sink returned non-zero */
};

typedef struct loa_effect loa_effect;
struct loa_effect {
  const char *name;
  double in_rate, out_rate;
  int (*flow)(loa_effect *e, const float *in, size_t *nin, float *out, size_t *nout);
  int (*drain)(loa_effect *e, float *out, size_t *nout);
  void (*destroy)(loa_effect *e);
  void *priv;
};

loa_effect *loa_highpass_new(double rate, double cutoff_hz);
loa_effect *loa_bandpass_new(double rate, double low_hz, double high_hz);
/* SECTIONS (1-8) 2nd-order all-pass sections at FREQ_HZ with quality Q. */
loa_effect *loa_phase_new(double rate, double freq_hz, double q, int sections);
loa_effect *loa_compressor_new(double rate, double threshold_db, double ratio,
                               double attack_ms, double release_ms, double makeup_db);
/* QUALITY: 0 best .. 4 fastest (libsamplerate converter types). */
loa_effect *loa_resample_new(double in_rate, double out_rate, int quality);
loa_effect *loa_gain_new(double rate, double gain_db);
loa_effect *loa_limiter_new(double rate, double ceiling_dbtp, double lookahead_ms,
                            double release_ms);
/* Fade-in of FADE_IN_MS at the start; fade-out of FADE_OUT_MS ending at TOTAL_FRAMES
 * (raised cosine; the first and the last frame are 0). Frames past TOTAL_FRAMES are
 * silenced; pass (size_t)-1 and FADE_OUT_MS 0 for a fade-in only. */
loa_effect *loa_fade_new(double rate, double fade_in_ms, double fade_out_ms,
                         size_t total_frames);

/* Pass-through that adds every sample to meter M (borrowed: it must outlive the
 * effect), so a chain can measure loudness at any point. */
struct loa_meter;
loa_effect *loa_meter_tap_new(double rate, struct loa_meter *m);

/* A registered effect (see the registry above). PARAMS are in the order given,
 * up to the first with a NULL name; CREATE gets their values in that order
 * and returns NULL when they are out of range for RATE (or out of memory). */
#define LOA_EFFECT_MAX_PARAMS 5
typedef struct {
  const char *name;
  struct {
    const char *name;
    double def;
  } params[LOA_EFFECT_MAX_PARAMS];
  loa_effect *(*create)(double rate, const double *values);
} loa_effect_handler;

/* The registry, NULL-terminated, in the order presets.ini documents them. */
const loa_effect_handler *const *loa_effect_handlers(void);
/* The handler named by the LEN bytes at NAME, or NULL. */
const loa_effect_handler *loa_effect_find(const char *name, size_t len);

typedef struct loa_chain loa_chain;
/* Sink receives the chain's output; return non-zero to abort. */
typedef int (*loa_sink_fn)(const float *pcm, size_t n, void *user);

loa_chain *loa_chain_new(loa_sink_fn sink, void *user);
/* The chain takes ownership of E, also on failure (E is then destroyed).
 * LOA_DSP_EARG for NULL or when E's in_rate differs from the previous
 * effect's out_rate. */
int loa_chain_add(loa_chain *c, loa_effect *e);
/* The sink gets blocks of at most 4096 frames. After an error or a sink
 * abort (LOA_DSP_EABORT) every later call returns the same code. */
int loa_chain_push(loa_chain *c, const float *pcm, size_t n);
int loa_chain_finish(loa_chain *c);                    /* drains every effect in order */
void loa_chain_free(loa_chain *c);

/* Presets, from loa_data_dir()/pipeline/presets.ini: "stream" (flat) and
 * "loudspeaker" (band-limited ~180 Hz-7 kHz, gently compressed), and any a
 * station adds there. Adds the preset's effects for RATE to the chain.
 * LOA_DSP_EARG with ERR set for an unknown preset (ERR lists the known ones)
 * or a bad presets file (ERR names FILE:LINE). Names are read from the file,
 * NULL-terminated (empty when it cannot be read). */
int loa_preset_apply(loa_chain *c, const char *preset, double rate, char *err, size_t errlen);
const char *const *loa_preset_names(void);

#endif
