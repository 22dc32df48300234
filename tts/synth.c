/* synth.c: the eSpeak NG engine, in-process: words in, 16-bit mono PCM out.
 *
 * The only process-wide state in loa lives here (eSpeak NG's engine and the
 * callback's target). Silence that eSpeak puts before and after an utterance
 * is trimmed, so the caller places every pause itself as exact silence.
 * Words that the voice says wrongly are replaced before synthesis, from the
 * table lexicon/voice.tsv (word <TAB> what eSpeak NG is given instead; a malformed
 * row stops loa_synth_init with FILE:LINE).
 */
#include "tts/synth.h"
#include "lexicon/buf.h"
#include "lexicon/lexicon.h"
#include "lexicon/tsv.h"

#include <espeak-ng/espeak_ng.h>
#include <espeak-ng/speak_lib.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

/* eSpeak NG's volume (0-200, default 100). At 100 its loudest glottal pulses
 * saturate at full scale in all three Vietnamese voices (measured on the
 * corpus: up to 26 samples pinned at 32767, peaks that would have reached
 * +1.9 dBFS); at 60 the highest sample is 28634 (-1.2 dBFS) with the south
 * voice, so nothing is clipped before loa's own gain and limiter, at the cost
 * of 4.4 dB of the 16-bit range nobody hears. */
#define ESPEAK_VOLUME 60
#define SILENCE_LEVEL 29        /* |sample| below this is silence (about -61 dBFS, the
                                   -57 dB under speech it was at volume 100) */
#define MARGIN_MS 12            /* kept around speech so onsets are not clipped */
#define HOLD_MAX 22050          /* silence held back before deciding (1 s at 22 kHz) */

static const char *const voice_names[] = {"north", "central", "south", NULL};
static const char *const voice_langs[] = {"vi", "vi-vn-x-central", "vi-vn-x-south"};

static struct {
  int ready;
  int rate;
  loa_pcm_fn fn;
  void *user;
  int started;             /* first non-silent sample seen in this utterance */
  int aborted;
  int16_t hold[HOLD_MAX];  /* trailing silence, released only when speech follows */
  size_t nhold;
  int16_t lead[HOLD_MAX];  /* leading margin before the first speech */
  size_t nlead;
  loa_buf fixes;            /* lexicon/voice.tsv: "word\0replacement\0" after each other */
  size_t *fix_at;          /* where each word starts in FIXES */
  size_t nfix, capfix;
  loa_buf said;            /* the text after the fixes */
} S;

static void free_voice_fixes(void)
{
  loa_buf_free(&S.fixes);
  free(S.fix_at);
  S.fix_at = NULL;
  S.nfix = S.capfix = 0;
}

/* One row of voice.tsv, "word<TAB>replacement" (loa_tsv_row_fn): kept, or the problem
 * with it. */
static const char *add_voice_fix(char *line, size_t len, void *user)
{
  const char *col[3];
  size_t clen[3];
  if (loa_tsv_split(line, len, col, clen, 2) != 2 || !clen[0] || !clen[1])
    return "expected word<TAB>what eSpeak NG is given instead";
  if (memchr(col[0], ' ', clen[0]))
    return "the word must be one word (no space)";
  size_t *at = loa_grow(S.fix_at, &S.capfix, S.nfix + 1, sizeof *at);
  if (!at)
    return LOA_TSV_NOMEM;
  S.fix_at = at;
  S.fix_at[S.nfix++] = S.fixes.n;
  line[clen[0]] = 0;   /* the tab: "word\0replacement\0" */
  loa_buf_put(&S.fixes, line, len + 1);
  return S.fixes.oom ? LOA_TSV_NOMEM : NULL;
}

/* Read lexicon/voice.tsv (absent: no fixes). A malformed row stops it: LOA_SYNTH_EDATA
 * with "FILE:LINE: problem" in ERR. */
static int load_voice_fixes(char *err, size_t errlen)
{
  char path[4096];
  snprintf(path, sizeof path, "%s/lexicon/voice.tsv", loa_data_dir());
  free_voice_fixes();
  int rc = loa_tsv_read(path, add_voice_fix, NULL, err, errlen);
  if (rc == LOA_TSV_OK || (rc == LOA_TSV_EOPEN && errno == ENOENT))
    return LOA_SYNTH_OK;
  free_voice_fixes();
  return LOA_SYNTH_EDATA;
}

static const char *voice_fix(const char *w, size_t n)
{
  for (size_t i = 0; i < S.nfix; i++) {
    const char *from = S.fixes.p + S.fix_at[i];
    if (strlen(from) == n && !memcmp(from, w, n))
      return from + n + 1;
  }
  return NULL;
}

/* TEXT with every word of the fix table replaced; NULL when out of memory. */
static const char *apply_voice_fixes(const char *text)
{
  loa_buf_clear(&S.said);
  for (const char *p = text; *p;) {
    size_t sp = strspn(p, " "), n = strcspn(p + sp, " ");
    const char *fix = voice_fix(p + sp, n);
    loa_buf_put(&S.said, p, sp);
    loa_buf_put(&S.said, fix ? fix : p + sp, fix ? strlen(fix) : n);
    p += sp + n;
  }
  if (S.said.oom) {
    loa_buf_free(&S.said);
    return NULL;
  }
  return S.said.p ? S.said.p : "";
}

const char *const *loa_synth_voices(void) { return voice_names; }

/* ---- the files behind a voice ---- */

/* The file named NAME (any case) under DIR, searched as eSpeak NG searches its voices
 * (a voice's identifier ends with its file name); into OUT. 1 if found. */
static int find_file(const char *dir, const char *name, char *out, size_t n, int depth)
{
  DIR *d = depth < 4 ? opendir(dir) : NULL;
  struct dirent *e;
  int found = 0;
  while (d && !found && (e = readdir(d))) {
    if (e->d_name[0] == '.')
      continue;
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
    struct stat st;
    int is_dir = e->d_type == DT_DIR ||
                 ((e->d_type == DT_UNKNOWN || e->d_type == DT_LNK) && !stat(path, &st) && S_ISDIR(st.st_mode));
    if (is_dir)
      found = find_file(path, name, out, n, depth + 1);
    else if (!strcasecmp(e->d_name, name))
      found = snprintf(out, n, "%s", path) < (int)n;
  }
  if (d)
    closedir(d);
  return found;
}

/* The dictionary a voice file names: its "dictionary" line, else its language up to
 * the first '-' (as eSpeak NG's LoadVoice does). */
static void voice_dictionary(const char *voice_file, char *dict, size_t n)
{
  FILE *f = fopen(voice_file, "r");
  char line[256], word[64], value[64];
  dict[0] = 0;
  while (f && fgets(line, sizeof line, f))
    if (sscanf(line, "%63s %63s", word, value) == 2) {
      if (!strcmp(word, "dictionary"))
        snprintf(dict, n, "%s", value);
      else if (!strcmp(word, "language") && !dict[0])
        snprintf(dict, n, "%.*s", (int)strcspn(value, "-"), value);
    }
  if (f)
    fclose(f);
}

int loa_synth_voice_files(const char *voice, void (*fn)(const char *path, void *user), void *user)
{
  int v = -1;
  for (int i = 0; voice_names[i]; i++)
    if (voice && !strcmp(voice, voice_names[i]))
      v = i;
  if (v < 0)
    return LOA_SYNTH_EVOICE;
  const char *home = NULL;
  if (!S.ready)                  /* where eSpeak NG will look; the engine keeps its own */
    espeak_ng_InitializePath(NULL);
  espeak_Info(&home);
  char path[4096], sub[4096], dict[64];
  int found = 0;
  for (int i = 0; i < 2 && !found; i++) {
    snprintf(sub, sizeof sub, "%s/%s", home ? home : "", i ? "voices" : "lang");
    found = find_file(sub, voice_langs[v], path, sizeof path, 0);
  }
  if (!found)
    return LOA_SYNTH_EINIT;
  fn(path, user);
  voice_dictionary(path, dict, sizeof dict);
  static const char *const shared[] = {"phontab", "phonindex", "phondata", "intonations"};
  snprintf(path, sizeof path, "%s/%s_dict", home, dict);
  fn(path, user);
  for (size_t i = 0; i < sizeof shared / sizeof shared[0]; i++) {
    snprintf(path, sizeof path, "%s/%s", home, shared[i]);
    fn(path, user);
  }
  return LOA_SYNTH_OK;
}
int loa_synth_sample_rate(void) { return S.rate; }

int loa_synth_init(const char *voice, int rate_wpm, char *err, size_t errlen)
{
  int v = -1;
  for (int i = 0; voice_names[i]; i++)
    if (voice && !strcmp(voice, voice_names[i]))
      v = i;
  if (!voice)
    v = 0;
  if (v < 0) {
    snprintf(err, errlen, "unknown voice '%s' (use north, central or south)", voice);
    return LOA_SYNTH_EVOICE;
  }
  if (rate_wpm == 0)
    rate_wpm = 165;
  if (rate_wpm < 80 || rate_wpm > 450) {
    snprintf(err, errlen, "rate %d words per minute is out of range (80-450)", rate_wpm);
    return LOA_SYNTH_ERANGE;
  }
  if (!S.ready) {
    int rc = load_voice_fixes(err, errlen);
    if (rc)
      return rc;
    espeak_ng_InitializePath(NULL);
    espeak_ng_ERROR_CONTEXT ctx = NULL;
    espeak_ng_STATUS st = espeak_ng_Initialize(&ctx);
    if (st != ENS_OK) {
      espeak_ng_ClearErrorContext(&ctx);
      snprintf(err, errlen, "eSpeak NG could not start (is espeak-ng-data installed?)");
      return LOA_SYNTH_EINIT;
    }
    if (espeak_ng_InitializeOutput(ENOUTPUT_MODE_SYNCHRONOUS, 200, NULL) != ENS_OK) {
      snprintf(err, errlen, "eSpeak NG output could not start");
      return LOA_SYNTH_EINIT;
    }
    S.rate = espeak_ng_GetSampleRate();
    S.ready = 1;
  }
  if (espeak_ng_SetVoiceByName(voice_langs[v]) != ENS_OK) {
    snprintf(err, errlen, "eSpeak NG has no voice '%s' (%s)", voice_names[v], voice_langs[v]);
    return LOA_SYNTH_EVOICE;
  }
  espeak_ng_SetParameter(espeakRATE, rate_wpm, 0);
  espeak_ng_SetParameter(espeakPUNCTUATION, espeakPUNCT_NONE, 0);
  espeak_ng_SetParameter(espeakVOLUME, ESPEAK_VOLUME, 0);
  return LOA_SYNTH_OK;
}

static int deliver(const int16_t *p, size_t n)
{
  if (!n || S.aborted)
    return S.aborted;
  if (S.fn(p, n, S.user))
    S.aborted = 1;
  return S.aborted;
}

static int is_loud(int16_t s) { return s > SILENCE_LEVEL || s < -SILENCE_LEVEL; }

/* Keep the last MARGIN samples of the leading silence P[0..N). */
static void keep_lead(const int16_t *p, size_t n, size_t margin)
{
  if (n >= margin) {
    memcpy(S.lead, p + n - margin, margin * sizeof *p);
    S.nlead = margin;
    return;
  }
  size_t keep = S.nlead + n > margin ? margin - n : S.nlead;
  memmove(S.lead, S.lead + S.nlead - keep, keep * sizeof *p);
  memcpy(S.lead + keep, p, n * sizeof *p);
  S.nlead = keep + n;
}

/* Hold back the silence P[0..N) until we know whether speech follows. */
static void hold_silence(const int16_t *p, size_t n)
{
  while (n) {
    if (S.nhold == HOLD_MAX) {          /* over a second of silence inside speech: pass it on */
      deliver(S.hold, S.nhold);
      S.nhold = 0;
    }
    size_t k = HOLD_MAX - S.nhold < n ? HOLD_MAX - S.nhold : n;
    memcpy(S.hold + S.nhold, p, k * sizeof *p);
    S.nhold += k;
    p += k;
    n -= k;
  }
}

/* Pass samples on in runs: leading silence is cut to the margin, silence
 * inside speech is held back until speech follows (so the end is trimmed). */
static void take(const int16_t *p, size_t n)
{
  const size_t margin = (size_t)S.rate * MARGIN_MS / 1000;
  size_t i = 0;
  while (i < n && !S.aborted) {
    size_t j = i;
    if (!is_loud(p[i])) {
      while (j < n && !is_loud(p[j]))
        j++;
      if (S.started)
        hold_silence(p + i, j - i);
      else
        keep_lead(p + i, j - i, margin);
    } else {
      while (j < n && is_loud(p[j]))
        j++;
      if (!S.started) {
        S.started = 1;
        deliver(S.lead, S.nlead);
        S.nlead = 0;
      }
      deliver(S.hold, S.nhold);
      S.nhold = 0;
      deliver(p + i, j - i);
    }
    i = j;
  }
}

static int on_samples(short *wav, int n, espeak_EVENT *ev)
{
  (void)ev;
  if (wav && n > 0)
    take(wav, (size_t)n);
  return S.aborted;
}

int loa_synth_speak(const char *text, loa_pcm_fn fn, void *user)
{
  if (!S.ready)
    return LOA_SYNTH_EINIT;
  S.fn = fn;
  S.user = user;
  S.started = 0;
  S.aborted = 0;
  S.nhold = 0;
  S.nlead = 0;
  espeak_SetSynthCallback(on_samples);
  text = apply_voice_fixes(text);
  if (!text)
    return LOA_SYNTH_EFAIL;
  espeak_ng_STATUS st = espeak_ng_Synthesize(text, strlen(text) + 1, 0, POS_CHARACTER, 0,
                                             espeakCHARS_UTF8, NULL, NULL);
  if (S.aborted)
    return LOA_SYNTH_EABORT;
  if (st != ENS_OK)
    return LOA_SYNTH_EFAIL;
  /* trailing silence: keep only the margin after the last speech */
  size_t margin = (size_t)S.rate * MARGIN_MS / 1000;
  if (S.started && deliver(S.hold, S.nhold < margin ? S.nhold : margin))
    return LOA_SYNTH_EABORT;
  S.nhold = 0;
  return LOA_SYNTH_OK;
}

void loa_synth_terminate(void)
{
  if (S.ready)
    espeak_ng_Terminate();
  S.ready = 0;
  free_voice_fixes();
  loa_buf_free(&S.said);
}
