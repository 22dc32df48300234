/* watch_build.c: the watch folder's real builder: tts/decode, tts/header, pipeline/build.
 *
 * inspect: decode the file as `loa build` would (same encoding setting, same
 * size limit), read its header (a bad header is the announcer's to fix, so it
 * fails the file with the line), and compute the content key from the
 * decoded text and the settings. build: loa_build_file, with the findings
 * returned as "LINE:COL<TAB>TOKEN<TAB>REASON" lines for out/NAME.canh-bao.txt.
 * Both run in the daemon's child process, so nothing here needs to free
 * carefully on a crash, but everything does anyway.
 */
#include "schedules/watch_internal.h"
#include "pipeline/build.h"
#include "tts/decode.h"
#include "tts/header.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static loa_build_opts opts_of(const loa_config *c)
{
  loa_build_opts o = c->build;
  o.max_input_bytes = c->max_bytes;
  o.progress = 0;
  return o;
}

static int real_inspect(const loa_config *c, const char *src, loa_watch_outcome *out)
{
  loa_build_opts o = opts_of(c);
  loa_text txt;
  char why[400] = "";
  int rc = loa_decode_file(src, o.encoding, o.max_input_bytes, &txt, why, sizeof why);
  if (rc != LOA_DEC_OK) {
    out->fail = wnote_class_of_decode(rc);
    wfmt(out->err, sizeof out->err, "%s: %s", src, why[0] ? why : "cannot read the file");
    return -1;
  }
  loa_header h;
  if (loa_header_parse(txt.text, txt.len, &h, why, sizeof why) != 0) {
    out->fail = LOA_WF_HEADER;
    wfmt(out->err, sizeof out->err, "%s: %s", src, why);
    loa_text_free(&txt);
    return -1;
  }
  out->urgent = h.present && h.priority == LOA_PRIO_URGENT;
  out->repeats = h.present ? h.repeats : 0;
  if (h.present && h.title[0])
    wfmt(out->title, sizeof out->title, "%s", h.title);
  rc = loa_build_key_text(txt.text, txt.len, &o, out->key);
  loa_text_free(&txt);
  if (rc) {
    out->fail = LOA_WF_INTERNAL;
    wfmt(out->err, sizeof out->err, "%s: cannot compute the content key", src);
    return -1;
  }
  return 0;
}

static char *findings_text(const loa_findings *f)
{
  size_t cap = 64 + f->n * (sizeof f->items[0].token + sizeof f->items[0].reason + 32), n = 0;
  char *s = malloc(cap);
  if (!s)
    return NULL;
  s[0] = 0;
  for (size_t i = 0; i < f->n; i++) {
    const loa_finding *x = &f->items[i];
    char token[sizeof x->token * 4], reason[sizeof x->reason * 4];
    wesc(x->token, token, sizeof token);
    wesc(x->reason, reason, sizeof reason);
    int w = wfmt(s + n, cap - n, "%d:%d\t%s\t%s\n", x->line, x->col, token, reason);
    if (w < 0 || (size_t)w >= cap - n)
      break;
    n += (size_t)w;
  }
  return s;
}

static int real_build(const loa_config *c, const char *src, const char *mp3,
                      loa_watch_outcome *out, char **warnings)
{
  loa_build_opts o = opts_of(c);
  loa_build_result res;
  char err[512] = "";
  int rc = loa_build_file(src, mp3, &o, &res, err, sizeof err);
  if (rc != LOA_BUILD_OK) {
    int retry = 0;
    out->fail = wnote_class_of_build(rc, &retry);
    out->retry = retry;
    if (retry)
      out->fail = LOA_WF_NONE;
    wfmt(out->err, sizeof out->err, "%s", err);
    out->nospace = retry && wnote_is_nospace(err);
    loa_build_result_free(&res);
    return -1;
  }
  out->seconds = res.seconds;
  wfmt(out->title, sizeof out->title, "%s", res.title);
  *warnings = res.findings.n ? findings_text(&res.findings) : NULL;
  loa_build_result_free(&res);
  return 0;
}

const loa_watch_builder loa_watch_real_builder = {real_inspect, real_build};
