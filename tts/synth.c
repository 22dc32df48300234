/* synth.c: the eSpeak NG engine, in-process: words in, 16-bit mono PCM out.
 *
 * The only process-wide state in loa lives here (eSpeak NG's engine and the
 * callback's target). eSpeak NG speaks each breath group on one flat pitch
 * (its pitch range at 0) and reports where every word starts; the group is
 * then given its tones, intonation and lengths (tts/shape.h). Silence that
 * eSpeak puts before and after an utterance is trimmed, so the caller places
 * every pause itself as exact silence. Words that the voice says wrongly are
 * replaced before synthesis, from the table lexicon/voice.tsv (word <TAB> what
 * eSpeak NG is given instead; a malformed row stops loa_synth_init with
 * FILE:LINE); the voices are lexicon/voices.tsv.
 */
#include "tts/synth.h"
#include "tts/flat.h"
#include "tts/shape.h"
#include "tts/voices.h"
#include "lexicon/buf.h"
#include "lexicon/lexicon.h"
#include "lexicon/tsv.h"
#include "lexicon/vntext.h"

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
#define WORD_MAX 32
#define PLAIN_SLOTS 4096        /* words whose plain spelling was checked, remembered */
#define CALIBRATION "a"         /* said before the first group to measure the flat voice's
                                   period... */
#define VOWELS "ba bi bu bơ bê bô be bo bư"  /* ...and its median level (tts/psola.h) */
#define AFTER " ba"             /* said after every group and cut off: eSpeak NG lengthens a
                                   clause's last syllable by 15-65%, loa places its own
                                   lengthening (tts/prosody.c) */

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
  loa_buf fixes;           /* lexicon/voice.tsv: "word\0replacement\0" after each other */
  size_t *fix_at;          /* where each word starts in FIXES */
  size_t nfix, capfix;
  loa_buf said;            /* the text after the fixes */
  loa_voices voices;       /* lexicon/voices.tsv, read on first use */
  const char **names;      /* their names and aliases, NULL-terminated */
  int voices_read;
  loa_tone_set tones;      /* the voice's tones... */
  loa_pitch pitch;         /* ...and pitch */
  loa_shaper *shaper;      /* both, and the flat voice's period (made when first needed) */
  int16_t *pcm;            /* eSpeak NG's rendering of the current group */
  size_t npcm, pcmcap;
  loa_word_event *ev;      /* ...and where its words start */
  size_t nev, evcap;
  size_t end;              /* its end of speech: where AFTER starts */
  loa_buf spoken;          /* the group and AFTER */
  loa_buf plain;           /* the group with every tone plain (tts/flat.h) */
  struct {
    char word[WORD_MAX];
    char keep;             /* 1: eSpeak NG reads the plain spelling with other sounds */
  } checked[PLAIN_SLOTS];
  int oom;
  size_t offset;           /* shaped samples before the first one delivered */
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
  (void)user;
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

/* Read lexicon/voices.tsv once; list every name and alias. */
static int read_voices(char *err, size_t errlen)
{
  if (S.voices_read)
    return S.voices.n ? 0 : -1;
  S.voices_read = 1;
  char why[512] = "";
  if (loa_voices_load(&S.voices, NULL, why, sizeof why) != LOA_VOICES_OK) {
    if (err)
      snprintf(err, errlen, "%s", why);
    return -1;
  }
  S.names = calloc(S.voices.n * (1 + LOA_VOICE_ALIASES) + 1, sizeof *S.names);
  size_t k = 0;
  for (size_t i = 0; S.names && i < S.voices.n; i++) {
    S.names[k++] = S.voices.v[i].name;
    for (int a = 0; a < S.voices.v[i].naliases; a++)
      S.names[k++] = S.voices.v[i].alias[a];
  }
  return S.names ? 0 : -1;
}

const char *const *loa_synth_voices(void)
{
  static const char *const none[] = {NULL};
  return read_voices(NULL, 0) == 0 ? (const char *const *)S.names : none;
}

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

/* The files of eSpeak NG's voice ESPEAK ("vi-vn-x-south+f1": a language and perhaps a
 * variant) under HOME, to FN. */
static int espeak_voice_files(const char *home, const char *espeak,
                              void (*fn)(const char *path, void *user), void *user)
{
  char lang[64], path[4096], sub[4096], dict[64];
  const char *variant = strchr(espeak, '+');
  snprintf(lang, sizeof lang, "%.*s", (int)(variant ? (size_t)(variant - espeak) : strlen(espeak)),
           espeak);
  int found = 0;
  for (int i = 0; i < 2 && !found; i++) {
    snprintf(sub, sizeof sub, "%s/%s", home, i ? "voices" : "lang");
    found = find_file(sub, lang, path, sizeof path, 0);
  }
  if (!found)
    return LOA_SYNTH_EINIT;
  fn(path, user);
  voice_dictionary(path, dict, sizeof dict);
  if (variant) {                 /* eSpeak NG's LoadVoiceVariant: voices/!v/NAME, !v/m3 for +3 */
    struct stat st;
    int numbered = variant[1] && strspn(variant + 1, "0123456789") == strlen(variant + 1);
    snprintf(path, sizeof path, "%s/voices/!v/%s%s", home, numbered ? "m" : "", variant + 1);
    if (stat(path, &st))
      return LOA_SYNTH_EINIT;
    fn(path, user);
  }
  static const char *const shared[] = {"phontab", "phonindex", "phondata", "intonations"};
  snprintf(path, sizeof path, "%s/%s_dict", home, dict);
  fn(path, user);
  for (size_t i = 0; i < sizeof shared / sizeof shared[0]; i++) {
    snprintf(path, sizeof path, "%s/%s", home, shared[i]);
    fn(path, user);
  }
  return LOA_SYNTH_OK;
}

int loa_synth_voice_files(const char *voice, void (*fn)(const char *path, void *user), void *user)
{
  loa_voices vs;
  char why[512];
  if (loa_voices_load(&vs, NULL, why, sizeof why) != LOA_VOICES_OK)
    return LOA_SYNTH_EDATA;
  const loa_voice *v = voice ? loa_voices_find(&vs, voice) : &vs.v[0];
  int rc = LOA_SYNTH_EVOICE;
  if (v) {
    const char *home = NULL;
    if (!S.ready)                /* where eSpeak NG will look; the engine keeps its own */
      espeak_ng_InitializePath(NULL);
    espeak_Info(&home);
    rc = espeak_voice_files(home ? home : "", v->espeak, fn, user);
  }
  loa_voices_free(&vs);
  return rc;
}

int loa_synth_sample_rate(void) { return S.rate; }

/* eSpeak NG's phonemes for WORD without tone numbers and stress marks, into OUT. */
static void bare_phonemes(const char *word, char *out, size_t cap)
{
  const void *p = word;
  const char *ph = espeak_TextToPhonemes(&p, espeakCHARS_UTF8, 0);
  size_t o = 0;
  for (; ph && *ph && o + 1 < cap; ph++)
    if (!strchr("1234567',", *ph))
      out[o++] = *ph;
  out[o] = 0;
}

static size_t slot_of(const char *w)
{
  size_t h = 2166136261u;
  for (; *w; w++)
    h = (h ^ (unsigned char)*w) * 16777619u;
  return h % PLAIN_SLOTS;
}

/* Does eSpeak NG read PLAIN, the plain spelling of WORD, with WORD's sounds? Asked
 * once per word, then remembered (while there is room). */
static int reads_alike(const char *word, const char *plain)
{
  size_t i = slot_of(word), tries = 0;
  while (S.checked[i].word[0] && strcmp(S.checked[i].word, word) && ++tries < PLAIN_SLOTS)
    i = (i + 1) % PLAIN_SLOTS;
  if (S.checked[i].word[0] && !strcmp(S.checked[i].word, word))
    return !S.checked[i].keep;
  char a[256], b[256];
  bare_phonemes(word, a, sizeof a);
  bare_phonemes(plain, b, sizeof b);
  int alike = !strcmp(a, b);
  if (!S.checked[i].word[0] && strlen(word) < WORD_MAX) {
    strcpy(S.checked[i].word, word);
    S.checked[i].keep = (char)!alike;
  }
  return alike;
}

/* TEXT with every word in its plain spelling where eSpeak NG reads it alike; NULL
 * when out of memory. */
static const char *plain_text(const char *text)
{
  loa_buf_clear(&S.plain);
  for (const char *p = text; *p;) {
    size_t sp = strspn(p, " "), n = strcspn(p + sp, " ");
    char word[WORD_MAX], flat[WORD_MAX];
    loa_buf_put(&S.plain, p, sp);
    p += sp;
    int k = n < WORD_MAX ? loa_flat_spelling(p, n, flat, sizeof flat) : -1;
    if (k > 0) {
      memcpy(word, p, n);
      word[n] = 0;
    }
    if (k > 0 && reads_alike(word, flat))
      loa_buf_puts(&S.plain, flat);
    else
      loa_buf_put(&S.plain, p, n);
    p += n;
  }
  return S.plain.oom ? NULL : S.plain.p ? S.plain.p : "";
}

/* Collect eSpeak NG's samples and word events of one utterance. */
static int on_collect(short *wav, int n, espeak_EVENT *ev)
{
  for (; ev && ev->type != espeakEVENT_LIST_TERMINATED; ev++) {
    if (ev->type == espeakEVENT_END)
      S.end = (size_t)ev->sample;
    if (ev->type != espeakEVENT_WORD)
      continue;
    loa_word_event *e = loa_grow(S.ev, &S.evcap, S.nev + 1, sizeof *e);
    if (!e) {
      S.oom = 1;
      return 1;
    }
    S.ev = e;
    S.ev[S.nev++] = (loa_word_event){ev->sample, ev->text_position};
  }
  if (wav && n > 0) {
    int16_t *p = loa_grow(S.pcm, &S.pcmcap, S.npcm + (size_t)n, sizeof *p);
    if (!p) {
      S.oom = 1;
      return 1;
    }
    S.pcm = p;
    memcpy(S.pcm + S.npcm, wav, (size_t)n * sizeof *wav);
    S.npcm += (size_t)n;
  }
  return 0;
}

/* Speak TEXT into S.pcm and S.ev; with AFTER appended when CUT, which S.end then
 * marks the start of. */
static int collect(const char *text, int cut)
{
  S.npcm = S.nev = S.end = 0;
  S.oom = 0;
  loa_buf_clear(&S.spoken);
  loa_buf_puts(&S.spoken, text);
  if (cut)
    loa_buf_puts(&S.spoken, AFTER);
  if (S.spoken.oom)
    return -1;
  espeak_SetSynthCallback(on_collect);
  espeak_ng_STATUS st = espeak_ng_Synthesize(S.spoken.p, S.spoken.n + 1, 0, POS_CHARACTER, 0,
                                             espeakCHARS_UTF8, NULL, NULL);
  if (S.oom || st != ENS_OK)
    return -1;
  size_t chars = loa_utf8_chars(text, strlen(text));
  for (size_t i = 0; cut && i < S.nev; i++)
    if ((size_t)S.ev[i].chars > chars) {    /* AFTER's word (a last event at 0 may follow) */
      S.end = (size_t)S.ev[i].sample;
      S.nev = i;
    }
  if (!S.end || S.end > S.npcm)
    S.end = S.npcm;
  return 0;
}

static int start_engine(char *err, size_t errlen)
{
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
  return LOA_SYNTH_OK;
}

/* The shaper of the voice: its tones and pitch, and the period of its flat rendering,
 * measured by saying CALIBRATION. This is done before the first group is spoken, not
 * in loa_synth_init: a process that forks workers never speaks itself, so every worker
 * starts from the same engine state whatever was built before (see pipeline/build.h). */
static int start_shaper(void)
{
  if (collect(CALIBRATION, 0))
    return LOA_SYNTH_EFAIL;
  double period = loa_shape_period(S.pcm, S.npcm, S.rate);
  if (period <= 0)
    return LOA_SYNTH_EVOICE;
  if (collect(VOWELS, 0))
    return LOA_SYNTH_EFAIL;
  S.pitch.level = loa_shape_level(S.pcm, S.npcm, period);
  S.shaper = loa_shaper_new(&S.tones, &S.pitch, period);
  return S.shaper ? LOA_SYNTH_OK : LOA_SYNTH_EFAIL;
}

int loa_synth_init(const char *voice, int rate_wpm, char *err, size_t errlen)
{
  if (read_voices(err, errlen))
    return LOA_SYNTH_EINIT;
  const loa_voice *v = voice ? loa_voices_find(&S.voices, voice) : &S.voices.v[0];
  if (!v) {
    snprintf(err, errlen, "unknown voice '%s' (`loa voices` lists them)", voice);
    return LOA_SYNTH_EVOICE;
  }
  if (rate_wpm == 0)
    rate_wpm = v->rate;
  if (rate_wpm < 80 || rate_wpm > 450) {
    snprintf(err, errlen, "rate %d words per minute is out of range (80-450)", rate_wpm);
    return LOA_SYNTH_ERANGE;
  }
  int rc = S.ready ? LOA_SYNTH_OK : start_engine(err, errlen);
  if (rc)
    return rc;
  if (espeak_ng_SetVoiceByName(v->espeak) != ENS_OK) {
    snprintf(err, errlen, "eSpeak NG has no voice '%s' (%s)", v->name, v->espeak);
    return LOA_SYNTH_EVOICE;
  }
  espeak_ng_SetParameter(espeakRATE, rate_wpm, 0);
  espeak_ng_SetParameter(espeakPUNCTUATION, espeakPUNCT_NONE, 0);
  espeak_ng_SetParameter(espeakVOLUME, ESPEAK_VOLUME, 0);
  espeak_ng_SetParameter(espeakRANGE, 0, 0);             /* flat: loa gives the tones */
  espeak_ng_SetParameter(espeakPITCH, v->espeak_pitch, 0);
  loa_shaper_free(S.shaper);
  S.shaper = NULL;
  memset(S.checked, 0, sizeof S.checked);   /* plain spellings are checked per voice */
  S.pitch = (loa_pitch){v->f0, v->range, S.rate, 0};
  return loa_tones_load(&S.tones, NULL, v->tones, err, errlen) ? LOA_SYNTH_EINIT : LOA_SYNTH_OK;
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

/* Samples of OUT[0..N) before the first one take() passes on. */
static size_t lead_trimmed(const int16_t *out, size_t n)
{
  const size_t margin = (size_t)S.rate * MARGIN_MS / 1000;
  size_t f = 0;
  while (f < n && !is_loud(out[f]))
    f++;
  return f < n ? f - (f < margin ? f : margin) : 0;
}

int loa_synth_speak_phrase(const char *text, const loa_phrase *ph, loa_pcm_fn fn, void *user)
{
  if (!S.ready)
    return LOA_SYNTH_EINIT;
  int rc = S.shaper ? LOA_SYNTH_OK : start_shaper();
  if (rc)
    return rc;
  S.fn = fn;
  S.user = user;
  S.started = 0;
  S.aborted = 0;
  S.nhold = 0;
  S.nlead = 0;
  S.offset = 0;
  text = apply_voice_fixes(text);
  const char *plain = text ? plain_text(text) : NULL;
  if (!plain || collect(plain, 1))
    return LOA_SYNTH_EFAIL;
  const int16_t *out;
  size_t n;
  if (loa_shape(S.shaper, text, S.pcm, S.npcm, S.ev, S.nev, S.end, ph, &out, &n))
    return LOA_SYNTH_EFAIL;
  S.offset = lead_trimmed(out, n);
  take(out, n);
  if (S.aborted)
    return LOA_SYNTH_EABORT;
  /* trailing silence: keep only the margin after the last speech */
  size_t margin = (size_t)S.rate * MARGIN_MS / 1000;
  if (S.started && deliver(S.hold, S.nhold < margin ? S.nhold : margin))
    return LOA_SYNTH_EABORT;
  S.nhold = 0;
  return LOA_SYNTH_OK;
}

int loa_synth_speak(const char *text, loa_pcm_fn fn, void *user)
{
  const loa_phrase alone = {LOA_EDGE_START, LOA_EDGE_SENTENCE, 0, 0, '.'};
  return loa_synth_speak_phrase(text, &alone, fn, user);
}

size_t loa_synth_syllables(loa_span *out, size_t cap)
{
  const loa_span *sp;
  size_t n = S.shaper ? loa_shaper_spans(S.shaper, &sp) : 0;
  for (size_t i = 0; i < n && i < cap; i++)
    out[i] = (loa_span){sp[i].start - (int32_t)S.offset, sp[i].end - (int32_t)S.offset, sp[i].tone};
  return n;
}

void loa_synth_terminate(void)
{
  if (S.ready)
    espeak_ng_Terminate();
  S.ready = 0;
  loa_shaper_free(S.shaper);
  S.shaper = NULL;
  free(S.pcm);
  free(S.ev);
  S.pcm = NULL, S.ev = NULL, S.npcm = S.pcmcap = S.nev = S.evcap = 0;
  loa_voices_free(&S.voices);
  loa_buf_free(&S.spoken);
  loa_buf_free(&S.plain);
  memset(S.checked, 0, sizeof S.checked);
  free(S.names);
  S.names = NULL;
  S.voices_read = 0;
  free_voice_fixes();
  loa_buf_free(&S.said);
}
