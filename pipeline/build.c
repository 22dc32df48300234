/* build.c: one bulletin -> one broadcast-ready MP3 (see build.h).
 *
 * decode -> header -> clean -> normalise + split -> render (pipeline/render)
 * -> assemble (pipeline/mp3). Every front end (loa build, programme, watch,
 * schedule) comes through here; this file checks the settings (with
 * loa_build_opts_check, settings.c), turns text into a script and hands the audio
 * work to render.c.
 */
#include "pipeline/build.h"

#include <errno.h>
#include <libgen.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "pipeline/dsp.h"
#include "pipeline/publish.h"
#include "pipeline/render.h"
#include "tts/clean.h"
#include "tts/decode.h"
#include "tts/header.h"
#include "tts/synth.h"

void loa_build_result_free(loa_build_result *r)
{
  loa_findings_free(&r->findings);
  free(r->seams);
  r->seams = NULL;
  r->nseams = 0;
}

/* Where part I+1 begins in the decoded file: the MPEG frames before it. */
static void note_seams(const loa_render *r, int samplerate, loa_build_result *res)
{
  const double per_frame = samplerate >= 32000 ? 1152 : 576;
  res->seams = r->nparts > 1 ? calloc(r->nparts - 1, sizeof *res->seams) : NULL;
  double at = 0;
  for (size_t i = 0; res->seams && i + 1 < r->nparts; i++) {
    at += (double)r->parts[i].mp3_frames * per_frame;
    res->seams[res->nseams++] = at / samplerate;
  }
}

/* ---- progress on a terminal -------------------------------------------- */

static void progress_line(const char *stage, double f, double left, void *user)
{
  (void)user;
  if (f >= 1.0) {
    fprintf(stderr, "\r\033[K");
    return;
  }
  if (left >= 0)
    fprintf(stderr, "\r\033[Kloa: %-24s %3.0f%%  %d:%02d left", stage, f * 100, (int)left / 60, (int)left % 60);
  else
    fprintf(stderr, "\r\033[Kloa: %-24s %3.0f%%", stage, f * 100);
}

/* ---- text -> script ---------------------------------------------------- */

typedef struct {
  loa_lexicon *lex;
  loa_normalizer *norm;
  loa_doc doc;
  loa_script script;
  char title[256];
} text_job;

static void text_job_free(text_job *t)
{
  loa_script_free(&t->script);
  loa_doc_free(&t->doc);
  loa_normalizer_free(t->norm);
  loa_lexicon_free(t->lex);
}

/* Copy S into DST (N bytes) without cutting a UTF-8 character. */
static void copy_utf8(char *dst, size_t n, const char *s)
{
  size_t len = strlen(s);
  if (len >= n) {
    len = n - 1;
    while (len && ((unsigned char)s[len] & 0xC0) == 0x80)
      len--;
  }
  memcpy(dst, s, len);
  dst[len] = 0;
}

/* Copy S into DST (N bytes); what does not fit is cut at a space and ended with "…". */
static void copy_words(char *dst, size_t n, const char *s)
{
  if (strlen(s) < n) {
    copy_utf8(dst, n, s);
    return;
  }
  const char ell[] = "\xe2\x80\xa6";   /* … */
  copy_utf8(dst, n - (sizeof ell - 1), s);
  char *sp = strrchr(dst, ' ');
  if (sp && sp > dst)
    *sp = 0;
  strcat(dst, ell);
}

/* Cut S after its first sentence (". " or "? " or "! " after 24 bytes or more, so that
 * "TP. Hồ Chí Minh" stays whole), if it has more than one. */
static void end_at_sentence(char *s)
{
  for (char *p = s; *p; p++)
    if ((*p == '.' || *p == '?' || *p == '!') && p[1] == ' ' && p - s >= 24) {
      p[*p == '.' ? 0 : 1] = 0;
      return;
    }
}

static void pick_title(text_job *t, const loa_header *h, const loa_build_opts *o)
{
  if (o->title && *o->title)
    copy_utf8(t->title, sizeof t->title, o->title);
  else if (h->present && h->title[0])
    copy_utf8(t->title, sizeof t->title, h->title);
  else
    for (size_t i = 0; i < t->doc.nblocks; i++)
      if (t->doc.blocks[i].kind == LOA_BLOCK_TITLE || t->doc.blocks[i].kind == LOA_BLOCK_HEADING ||
          i == 0) {
        copy_words(t->title, sizeof t->title, t->doc.blocks[i].text);
        if (t->doc.blocks[i].kind == LOA_BLOCK_BODY)   /* a paragraph: its first sentence */
          end_at_sentence(t->title);
        /* "BÁO CÁO" followed by its subject line ("Kết quả ..."): both are the title */
        if (t->doc.blocks[i].kind == LOA_BLOCK_TITLE && i + 1 < t->doc.nblocks &&
            t->doc.blocks[i + 1].kind == LOA_BLOCK_TITLE) {
          char both[2 * sizeof t->title];
          snprintf(both, sizeof both, "%s: %s", t->doc.blocks[i].text, t->doc.blocks[i + 1].text);
          copy_words(t->title, sizeof t->title, both);
        }
        if (t->doc.blocks[i].kind != LOA_BLOCK_BODY)
          break;
      }
}

/* eSpeak NG's Vietnamese voice says a syllable in 0.65 of the time the rate asks
 * (--rate 165 gives about 254 syllables a minute): measured on the sample and the
 * seven bulletins of the corpus, 0.62 to 0.66, 22 s to 22 min. */
#define SYLLABLE_TIME 0.65

/* The spoken length of S, estimated before any synthesis: its syllables (words to
 * eSpeak NG) at the speaking rate, and its pauses. */
static double spoken_seconds(const loa_script *s, const loa_build_opts *o)
{
  double words = 0, pause_ms = 0;
  for (size_t i = 0; i < s->n; i++) {
    int in_word = 0;
    for (const char *p = s->items[i].text; *p; p++) {
      int space = *p == ' ' || *p == '\t' || *p == '\n';
      words += !space && !in_word;
      in_word = !space;
    }
    pause_ms += o->pauses.ms[s->items[i].pause];
  }
  return words * SYLLABLE_TIME * 60.0 / (o->rate_wpm > 0 ? o->rate_wpm : 165) + pause_ms / 1000.0;
}

/* Refuse a script that would take longer to read than O allows. */
static int within_limit(const char *name, const loa_script *s, const loa_build_opts *o, char *err,
                        size_t errlen)
{
  double sec = spoken_seconds(s, o);
  if (o->max_minutes <= 0 || sec <= o->max_minutes * 60.0)
    return 0;
  snprintf(err, errlen, "%s: would take about %.0f minutes to read, more than the %d minute%s a "
           "bulletin may last (max_minutes): split it into shorter bulletins", name, sec / 60,
           o->max_minutes, o->max_minutes == 1 ? "" : "s");
  return LOA_BUILD_ETOOLONG;
}

/* NAME (for messages), UTF8 -> t->script. */
static int text_to_script(const char *name, const char *utf8, size_t len, const loa_build_opts *o,
                          text_job *t, loa_findings *findings, char *err, size_t errlen)
{
  memset(t, 0, sizeof *t);
  char why[400] = "";
  loa_header h;
  if (loa_header_parse(utf8, len, &h, why, sizeof why) != 0) {
    snprintf(err, errlen, "%s: %s", name, why);
    return LOA_BUILD_EINPUT;
  }
  loa_clean_options copts;
  loa_clean_options_default(&copts);
  copts.read_annex = o->read_annex;
  if (loa_clean_with(utf8 + h.body_offset, len - h.body_offset, &copts, &t->doc, why, sizeof why) != 0) {
    snprintf(err, errlen, "%s", why);
    return LOA_BUILD_EINTERNAL;
  }
  for (size_t i = 0; i < t->doc.nblocks; i++)      /* lines count from the top of the file */
    t->doc.blocks[i].line += h.body_line - 1;
  if (loa_lexicon_load(&t->lex, o->lexicon_dir, why, sizeof why) != 0 ||
      (o->lexicon_override && loa_lexicon_add_override(t->lex, o->lexicon_override, why, sizeof why) != 0)) {
    snprintf(err, errlen, "%s", why);
    return LOA_BUILD_EARG;
  }
  t->norm = loa_normalizer_new(t->lex, o->dialect);
  int day_prefix = loa_day_prefix_parse(o->day_prefix);
  if (t->norm && day_prefix > 0)
    loa_normalizer_set_day_prefix(t->norm, (loa_day_prefix)day_prefix);
  if (!t->norm)
    return LOA_BUILD_EINTERNAL;
  if (loa_script_from_doc(&t->doc, t->norm, &t->script, findings, why, sizeof why) != 0) {
    snprintf(err, errlen, "%s", why);
    return LOA_BUILD_EINTERNAL;
  }
  if (!t->script.n) {
    snprintf(err, errlen, "%s: nothing left to read after removing page clutter (%zu line%s dropped)",
             name, t->doc.ndropped, t->doc.ndropped == 1 ? "" : "s");
    return LOA_BUILD_ENOSPEECH;
  }
  pick_title(t, &h, o);
  return 0;
}

/* ---- public ------------------------------------------------------------ */

static int start_engine(const loa_build_opts *o, char *err, size_t errlen)
{
  char why[256];
  int rc = loa_synth_init(o->voice, o->rate_wpm, why, sizeof why);
  if (rc == LOA_SYNTH_OK)
    return 0;
  snprintf(err, errlen, "%s", why);
  return rc == LOA_SYNTH_EINIT ? LOA_BUILD_EINTERNAL : LOA_BUILD_EARG;
}

/* Script -> rendered parts, with the settings and progress of O. */
/* What the listener should know about the loudness: a target past what the ceiling
 * allows (not reached, rather than crushed), or heavy limiting on the way to it. */
static void loudness_warning(const loa_build_opts *o, const loa_render *r, char *w, size_t n)
{
  w[0] = 0;
  if (!isfinite(r->lufs_after))
    return;
  if (r->lufs_after < o->lufs - LOA_BUILD_TOLERANCE_LU)
    snprintf(w, n, "%.1f LUFS, not the %.1f asked: louder would take the limiter past %.0f LU "
             "under %.1f dBTP and crush the speech (use a lower --lufs, or a preset that compresses "
             "more)", r->lufs_after, o->lufs, LOA_BUILD_MAX_LIMIT_LU, o->true_peak);
  else if (r->limiter_lu > LOA_BUILD_HEAVY_LIMIT_LU)
    snprintf(w, n, "the limiter takes %.1f LU to reach %.1f LUFS under %.1f dBTP: loud syllables "
             "are flattened (--preset loudspeaker reaches it with less)", r->limiter_lu, o->lufs,
             o->true_peak);
}

static int render(const char *name, text_job *t, const loa_build_opts *o, loa_render *r,
                  loa_build_result *res, char *err, size_t errlen)
{
  loa_build_opts ro = *o;
  if (ro.progress && !ro.on_progress) {
    ro.progress = isatty(2);
    ro.on_progress = progress_line;
  }
  int rc = within_limit(name, &t->script, o, err, errlen);
  if (!rc)
    rc = start_engine(o, err, errlen);
  char why[512] = "";
  if (!rc)
    rc = loa_render_script(&t->script, &ro, LOA_RENDER_MP3, -1, r, why, sizeof why);
  if (rc && why[0])
    snprintf(err, errlen, "%s: %s", name, why);
  if (res) {
    res->seconds = r->seconds;
    res->lufs_before = r->lufs_before;
    res->gain_db = r->gain_db;
    res->utterances = t->script.n;
    snprintf(res->title, sizeof res->title, "%s", t->title);
    res->lufs_after = r->lufs_after;
    res->limiter_lu = r->limiter_lu;
    if (!rc)
      loudness_warning(o, r, res->warning, sizeof res->warning);
    res->measure_runs = r->measure_runs;
    res->wall_synth = r->wall[1];
    res->wall_measure = r->wall[2];
    res->wall_encode = r->wall[3];
    if (!rc)
      note_seams(r, o->mp3.samplerate, res);
  }
  return rc;
}

static void today(char *out, size_t n)
{
  time_t now = time(NULL) + 7 * 3600;     /* the date in Việt Nam (UTC+7, no DST) */
  struct tm tm;
  gmtime_r(&now, &tm);
  strftime(out, n, "%Y-%m-%d", &tm);
}

static int output_writable(const char *out, char *err, size_t errlen)
{
  struct stat st;
  if (lstat(out, &st) == 0 && !S_ISREG(st.st_mode) && !S_ISLNK(st.st_mode)) {
    snprintf(err, errlen, "%s: %s, not a file: loa writes only into regular files", out,
             S_ISDIR(st.st_mode) ? "a folder" : S_ISFIFO(st.st_mode) ? "a pipe (FIFO)"
             : S_ISSOCK(st.st_mode) ? "a socket" : "a device");
    return LOA_BUILD_EOUTPUT;
  }
  char tmp[4096];
  snprintf(tmp, sizeof tmp, "%s", out);
  const char *dir = dirname(tmp);
  if (access(dir, W_OK) == 0)
    return 0;
  snprintf(err, errlen, "%s: cannot write in folder %s: %s", out, dir, strerror(errno));
  return LOA_BUILD_EOUTPUT;
}

/* Reset RES and ERR, check the options and that OUT's folder can be written. */
static int begin_build(const char *out_mp3, const loa_build_opts *o, loa_build_result *res,
                       char *err, size_t errlen)
{
  if (res)
    memset(res, 0, sizeof *res);
  err[0] = 0;
  if (loa_build_opts_check(o, err, errlen))
    return LOA_BUILD_EARG;
  return output_writable(out_mp3, err, errlen);
}

/* Join the rendered parts into OUT (tagged with the job's title), atomically. */
static int write_mp3(const char *out_mp3, const text_job *t, const loa_render *r,
                     const loa_build_opts *o, char *err, size_t errlen)
{
  char date[16];
  if (!o->date)
    today(date, sizeof date);
  loa_id3_tags tags = {.title = t->title, .artist = o->station, .date = o->date ? o->date : date,
                       .genre = "Speech"};
  loa_mp3_segment *seg = calloc(r->nparts, sizeof *seg);
  for (size_t i = 0; seg && i < r->nparts; i++)
    seg[i] = (loa_mp3_segment){.path = r->parts[i].path, .samples = r->parts[i].samples};
  char why[512] = "";
  loa_mp3_settings ms;
  loa_render_mp3_settings(o, &ms);
  int mrc = seg ? loa_mp3_assemble(out_mp3, &tags, seg, r->nparts, &ms, why, sizeof why) : LOA_MP3_ENOMEM;
  free(seg);
  if (mrc == LOA_MP3_OK)
    return 0;
  snprintf(err, errlen, "%s: %s", out_mp3, why[0] ? why : "cannot write the MP3");
  return mrc == LOA_MP3_EWRITE ? LOA_BUILD_EOUTPUT : LOA_BUILD_EINTERNAL;
}

int loa_build_text(const char *name, const char *utf8, size_t len, const char *out_mp3,
                   const loa_build_opts *o, loa_build_result *res, char *err, size_t errlen)
{
  int rc = begin_build(out_mp3, o, res, err, errlen);
  if (rc)
    return rc;
  text_job t;
  loa_render r = {0};
  rc = text_to_script(name, utf8, len, o, &t, res ? &res->findings : NULL, err, errlen);
  if (!rc)
    rc = render(name, &t, o, &r, res, err, errlen);
  if (!rc)
    rc = write_mp3(out_mp3, &t, &r, o, err, errlen);
  loa_render_free(&r);
  text_job_free(&t);
  return rc;
}

static int decode_input(const char *in, const loa_build_opts *o, loa_text *txt, char *err, size_t errlen)
{
  char why[512] = "";
  int rc = loa_decode_file(in, o->encoding, o->max_input_bytes, txt, why, sizeof why);
  if (rc == LOA_DEC_OK)
    return 0;
  snprintf(err, errlen, "%s: %s", in, why[0] ? why : "cannot read the file");
  return rc == LOA_DEC_EBADENC ? LOA_BUILD_EARG : rc == LOA_DEC_ENOMEM ? LOA_BUILD_EINTERNAL : LOA_BUILD_EINPUT;
}

int loa_build_file(const char *in, const char *out_mp3, const loa_build_opts *o,
                   loa_build_result *res, char *err, size_t errlen)
{
  int rc = begin_build(out_mp3, o, res, err, errlen);
  if (rc)
    return rc;
  loa_text txt;
  rc = decode_input(in, o, &txt, err, errlen);
  if (rc)
    return rc;
  rc = loa_build_text(in, txt.text, txt.len, out_mp3, o, res, err, errlen);
  loa_text_free(&txt);
  return rc;
}

/* Concatenate the parts' frames into PATH (atomically); the segment's length
 * counts the inner encoder delays and paddings as the silence they decode to. */
static int join_parts(const loa_render *r, int samplerate, const char *path, size_t *samples,
                      char *err, size_t errlen)
{
  const size_t per_frame = samplerate >= 32000 ? 1152 : 576;   /* MPEG-1 or MPEG-2/2.5 layer III */
  loa_atomic_file f;
  int rc = loa_atomic_open(&f, path);
  if (rc) {
    snprintf(err, errlen, "%s: %s", path, strerror(-rc));
    return LOA_BUILD_EOUTPUT;
  }
  size_t total = 0;
  char buf[1 << 16];
  for (size_t i = 0; i < r->nparts && !rc; i++) {
    FILE *in = fopen(r->parts[i].path, "rb");
    size_t n;
    errno = 0;
    while (in && (n = fread(buf, 1, sizeof buf, in)) > 0)
      if (fwrite(buf, 1, n, f.fp) != n) {
        rc = -(errno ? errno : EIO);
        break;
      }
    if (!rc && (!in || ferror(in)))
      rc = -EIO;
    if (in)
      fclose(in);
    total += i + 1 < r->nparts ? r->parts[i].mp3_frames * per_frame : r->parts[i].samples;
  }
  if (!rc)
    rc = loa_atomic_commit(&f);
  else
    loa_atomic_abort(&f);
  if (rc) {
    snprintf(err, errlen, "%s: cannot write: %s", path, strerror(-rc));
    return LOA_BUILD_EOUTPUT;
  }
  *samples = total;
  return 0;
}

int loa_build_segment(const char *name, const char *utf8, size_t len, const char *frames_path,
                      const loa_build_opts *o, size_t *samples, loa_build_result *res,
                      char *err, size_t errlen)
{
  if (res)
    memset(res, 0, sizeof *res);
  err[0] = 0;
  if (loa_build_opts_check(o, err, errlen))
    return LOA_BUILD_EARG;
  text_job t;
  loa_render r = {0};
  int rc = text_to_script(name, utf8, len, o, &t, res ? &res->findings : NULL, err, errlen);
  if (!rc)
    rc = render(name, &t, o, &r, res, err, errlen);
  if (!rc)
    rc = join_parts(&r, o->mp3.samplerate, frames_path, samples, err, errlen);
  loa_render_free(&r);
  text_job_free(&t);
  return rc;
}

/* ---- preview ----------------------------------------------------------- */

int loa_preview_file(const char *in, const loa_build_opts *o, const char *wav_path,
                     loa_preview *p, char *err, size_t errlen)
{
  memset(p, 0, sizeof *p);
  err[0] = 0;
  if (loa_build_opts_check(o, err, errlen))
    return LOA_BUILD_EARG;
  if (wav_path && output_writable(wav_path, err, errlen))
    return LOA_BUILD_EOUTPUT;
  loa_text txt;
  int rc = decode_input(in, o, &txt, err, errlen);
  if (rc)
    return rc;
  text_job t;
  rc = text_to_script(in, txt.text, txt.len, o, &t, &p->findings, err, errlen);
  loa_text_free(&txt);
  if (!rc && wav_path) {
    loa_render r = {0};
    loa_atomic_file f;
    char why[512] = "";
    rc = within_limit(in, &t.script, o, err, errlen);
    if (!rc)
      rc = start_engine(o, err, errlen);
    if (!rc && loa_atomic_open(&f, wav_path) != 0) {
      snprintf(err, errlen, "%s: cannot write: %s", wav_path, strerror(errno));
      rc = LOA_BUILD_EOUTPUT;
    } else if (!rc) {
      rc = loa_render_script(&t.script, o, LOA_RENDER_WAV, f.fd, &r, why, sizeof why);
      if (!rc && loa_atomic_commit(&f) != 0) {
        snprintf(err, errlen, "%s: cannot write (disk full?)", wav_path);
        rc = LOA_BUILD_EOUTPUT;
      } else if (rc) {
        loa_atomic_abort(&f);
      }
    }
    if (rc && why[0])
      snprintf(err, errlen, "%s: %s", in, why);
    p->seconds = r.seconds;
    p->lufs_after = r.lufs_after;
    loa_render_free(&r);
  }
  /* hand the document and script over to P */
  p->doc = t.doc;
  p->script = t.script;
  memcpy(p->title, t.title, sizeof p->title);
  memset(&t.doc, 0, sizeof t.doc);
  memset(&t.script, 0, sizeof t.script);
  text_job_free(&t);
  return rc;
}

void loa_preview_free(loa_preview *p)
{
  loa_doc_free(&p->doc);
  loa_script_free(&p->script);
  loa_findings_free(&p->findings);
}

/* ---- content key (the text and its inputs are hashed in content_key.c) ---- */

int loa_build_key_file(const char *path, const loa_build_opts *o, char key[65], char *err, size_t errlen)
{
  loa_text txt;
  int rc = decode_input(path, o, &txt, err, errlen);
  if (rc)
    return rc;
  rc = loa_build_key_text(txt.text, txt.len, o, key);
  loa_text_free(&txt);
  return rc;
}
