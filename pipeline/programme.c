/* programme.c: rendering a programme's items (or taking them from the cache), most important first within its length. */
#include "pipeline/programme.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "pipeline/programme_internal.h"
#include "tts/decode.h"
#include "pipeline/util.h"

const char *loa_item_kind_name(loa_item_kind k)
{
  static const char *const names[] = {"jingle", "opening", "bulletin", "closing", "signal"};
  return (unsigned)k < sizeof names / sizeof names[0] ? names[k] : "item";
}

static int is_sound(loa_item_kind k) { return k == LOA_ITEM_JINGLE || k == LOA_ITEM_SIGNAL; }

/* A bulletin or an announcement, through the same build as `loa build`. */
static int render_text(loa_programme_item *it, const char *name, const char *text, size_t len,
                       const loa_programme_opts *o, char *err, size_t errlen)
{
  char tmp[4096], e[1024];
  int rate = o->build->mp3.samplerate;
  if (loa_pcache_tmp(o->cache_dir, tmp, sizeof tmp))
    return loa_errf(err, errlen, "%s: cannot write in the cache (%s)", o->cache_dir,
                    strerror(errno)), LOA_PROG_EOUTPUT;
  loa_build_opts bo = *o->build;
  loa_build_result res;
  memset(&res, 0, sizeof res);
  size_t samples = 0;
  int rc = loa_build_segment(name, text, len, tmp, &bo, &samples, &res, e, sizeof e);
  if (rc) {
    unlink(tmp);
    loa_build_result_free(&res);
    loa_errf(err, errlen, "%s", e);
    return LOA_PROG_EBUILD;
  }
  if (!*it->title)
    snprintf(it->title, sizeof it->title, "%s", res.title);
  loa_build_result_free(&res);
  it->samples = samples;
  return loa_pcache_commit(o->cache_dir, it, tmp, rate, err, errlen) ? LOA_PROG_EOUTPUT : 0;
}

static int prepare_item(loa_programme_item *it, const loa_programme_opts *o, char *err,
                        size_t errlen)
{
  const loa_build_opts *bo = o->build;
  int rate = bo->mp3.samplerate;
  char e[1024];
  if (is_sound(it->kind)) {
    if (loa_psound_key(it->source, bo, it->key))
      return loa_errf(err, errlen, "%s: %s", it->source, strerror(errno)), LOA_PROG_EBUILD;
    if ((it->cache_hit = loa_pcache_lookup(o->cache_dir, it, rate)))
      return 0;
    return loa_psound_render(it, o, err, errlen);
  }
  if (it->kind == LOA_ITEM_BULLETIN) {
    loa_text t = {0};
    if (loa_decode_file(it->source, bo->encoding, bo->max_input_bytes, &t, e, sizeof e))
      return loa_errf(err, errlen, "%s: %s", it->source, e), LOA_PROG_EBUILD;
    int rc = loa_build_key_text(t.text, t.len, bo, it->key) ? LOA_PROG_EBUILD : 0;
    if (!rc && !(it->cache_hit = loa_pcache_lookup(o->cache_dir, it, rate)))
      rc = render_text(it, it->source, t.text, t.len, o, err, errlen);
    else if (rc)
      loa_errf(err, errlen, "%s: cannot compute its content key", it->source);
    loa_text_free(&t);
    return rc;
  }
  const char *text = it->text ? it->text : "";
  if (loa_build_key_text(text, strlen(text), bo, it->key))
    return loa_errf(err, errlen, "%s: cannot compute its content key",
                    loa_item_kind_name(it->kind)), LOA_PROG_EBUILD;
  if ((it->cache_hit = loa_pcache_lookup(o->cache_dir, it, rate)))
    return 0;
  return render_text(it, loa_item_kind_name(it->kind), text, strlen(text), o, err, errlen);
}

/* Render one item; a bulletin or a jingle that cannot be rendered is left
 * out with its reason, an announcement or an unwritable cache is an error. */
static int prepare_one(loa_programme_item *it, const loa_programme_opts *o, char *err,
                       size_t errlen)
{
  char e[1024] = "";
  int rc = prepare_item(it, o, e, sizeof e);
  if (!*it->title) {   /* no title from the header nor the build: the file name */
    const char *base = strrchr(it->source, '/') ? strrchr(it->source, '/') + 1 : it->source;
    loa_errf(it->title, sizeof it->title, "%s", *base ? base : loa_item_kind_name(it->kind));
  }
  if (!rc)
    return 0;
  if (rc == LOA_PROG_EOUTPUT || it->kind == LOA_ITEM_OPENING || it->kind == LOA_ITEM_CLOSING) {
    loa_errf(err, errlen, "%s", e);
    return rc;
  }
  it->left_out = 1;
  loa_errf(it->reason, sizeof it->reason, "cannot be rendered: %s", e);
  return 0;
}

int loa_programme_prepare(loa_programme_item *items, size_t n, const loa_programme_opts *o,
                          char *err, size_t errlen)
{
  if (!o || !o->build || !o->cache_dir || o->build->mp3.samplerate <= 0)
    return loa_errf(err, errlen, "programme: missing settings"), LOA_PROG_EARG;
  if (loa_mkdir_p(o->cache_dir))
    return loa_errf(err, errlen, "%s: cannot create the cache folder (%s)", o->cache_dir,
                strerror(errno)), LOA_PROG_EOUTPUT;
  size_t *order = malloc((n ? n : 1) * sizeof *order);
  if (!order)
    return loa_errf(err, errlen, "out of memory"), LOA_PROG_EOUTPUT;
  size_t m = loa_programme_keep_order(items, n, order);
  /* what always airs first; meanwhile the others wait, out of the layout */
  for (size_t k = 0; k < m; k++)
    items[order[k]].left_out = 2;
  int rc = 0;
  for (size_t i = 0; i < n && !rc; i++)
    if (!items[i].left_out)
      rc = prepare_one(&items[i], o, err, errlen);
  /* then the rest, most important first, while the programme has room */
  int full = 0;
  for (size_t k = 0; k < m && !rc; k++) {
    loa_programme_item *it = &items[order[k]];
    it->left_out = 0;
    if (full) {
      loa_programme_leave_out(it, 0, o->max_s);
      continue;
    }
    rc = prepare_one(it, o, err, errlen);
    if (rc || it->left_out || o->max_s <= 0)
      continue;
    /* the items still waiting count as absent */
    double would = loa_programme_length(items, n, o->gap_s);
    if (would > o->max_s) {
      loa_programme_leave_out(it, loa_programme_layout(items, n, o->gap_s), o->max_s);
      full = 1;
    }
  }
  for (size_t k = 0; k < m; k++)   /* after an error: nothing left waiting */
    if (items[order[k]].left_out == 2)
      items[order[k]].left_out = 0;
  free(order);
  loa_programme_layout(items, n, o->gap_s);
  return rc;
}
