/* programme_write.c: the programme MP3 (one chapter per item), its items as MP3s, its M3U8 and its JSON manifest. */
#include "pipeline/programme.h"

#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <utf8proc.h>

#include "pipeline/mp3.h"
#include "pipeline/programme_internal.h"
#include "pipeline/publish.h"
#include "pipeline/util.h"

static const char *priority_name(int p)
{
  return p == 2 ? "khẩn cấp" : p == 1 ? "ưu tiên" : "thường";
}

/* ---------------------------------------------------------------- frame spans */

/* ---------------------------------------------------------------- writing */

/* "Thông báo lịch tiêm phòng" -> "thong-bao-lich-tiem-phong" (at most 40 bytes). */
static void slug(const char *title, char *out, size_t outlen)
{
  utf8proc_uint8_t *m = NULL;
  size_t o = 0;
  int dash = 0;
  if (utf8proc_map((const utf8proc_uint8_t *)title, 0, &m, UTF8PROC_NULLTERM |
                   UTF8PROC_DECOMPOSE | UTF8PROC_STRIPMARK | UTF8PROC_CASEFOLD) < 0)
    m = NULL;
  const char *p = m ? (const char *)m : "";
  size_t cap = outlen - 1 < 40 ? outlen - 1 : 40;
  for (; *p && o < cap; p++) {
    char c = *p;
    if (!strncmp(p, "đ", 2) || !strncmp(p, "Đ", 2))
      c = 'd', p++;
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
      if (dash && o)
        out[o++] = '-';
      if (o < cap)
        out[o++] = c;
      dash = 0;
    } else
      dash = 1;
  }
  out[o] = 0;
  if (!o)
    snprintf(out, outlen, "muc");
  free(m);
}

/* OUT "x/sang-2026-11-25.mp3" -> STEM "x/sang-2026-11-25", BASE "sang-2026-11-25". */
static void stem_of(const char *out, char *stem, size_t len, const char **base)
{
  snprintf(stem, len, "%s", out);
  char *dot = strrchr(stem, '.'), *slash = strrchr(stem, '/');
  if (dot && (!slash || dot > slash))
    *dot = 0;
  slash = strrchr(stem, '/');
  *base = slash ? slash + 1 : stem;
}

/* Remove item files of an earlier build that this one did not write. */
static void remove_stale(const char *dir, char names[][96], size_t n)
{
  char path[4200];
  DIR *d = opendir(dir);
  if (!d)
    return;
  struct dirent *e;
  while ((e = readdir(d))) {
    size_t L = strlen(e->d_name);
    if (L < 7 || e->d_name[2] != '-' || strcmp(e->d_name + L - 4, ".mp3"))
      continue;
    int ours = 0;
    for (size_t i = 0; i < n && !ours; i++)
      ours = !strcmp(names[i], e->d_name);
    if (!ours) {
      snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
      unlink(path);
    }
  }
  closedir(d);
}

static void write_item_json(FILE *f, const loa_programme_item *it, int n, const char *file)
{
  fprintf(f, "    {");
  if (n)
    fprintf(f, "\"n\":%d,", n);
  fprintf(f, "\"kind\":\"%s\",\"title\":", loa_item_kind_name(it->kind));
  loa_json_string(f, it->title);
  fputs(",\"source\":", f);
  loa_json_string(f, it->source);
  if (it->kind == LOA_ITEM_BULLETIN)
    fprintf(f, ",\"priority\":\"%s\",\"replay\":%d", priority_name(it->priority), it->replay);
  if (it->text) {
    fputs(",\"text\":", f);
    loa_json_string(f, it->text);
  }
  if (*it->key)
    fprintf(f, ",\"key\":\"%s\"", it->key);
  if (it->left_out) {
    if (it->seconds > 0)
      fprintf(f, ",\"duration\":%.3f", it->seconds);
    fputs(",\"reason\":", f);
    loa_json_string(f, it->reason);
  } else {
    fprintf(f, ",\"start\":%.3f,\"duration\":%.3f,\"cache\":\"%s\"", it->start, it->seconds,
            it->cache_hit ? "hit" : "built");
    if (file) {
      fputs(",\"file\":", f);
      loa_json_string(f, file);
    }
  }
  fputc('}', f);
}

static int write_manifest(const char *path, const char *mp3_base, loa_programme_item *items,
                          size_t n, char names[][96], const char *dir_base,
                          const loa_programme_opts *o, double seconds, char *err, size_t errlen)
{
  loa_atomic_file af;
  if (loa_atomic_open(&af, path))
    return loa_errf(err, errlen, "%s: cannot write (%s)", path, strerror(errno)), -1;
  FILE *f = af.fp;
  fputs("{\n  \"title\":", f);
  loa_json_string(f, o->title);
  fputs(",\n  \"station\":", f);
  loa_json_string(f, o->station);
  fputs(",\n  \"date\":", f);
  loa_json_string(f, o->date);
  if (o->manifest_extra && *o->manifest_extra)
    fprintf(f, ",\n  %s", o->manifest_extra);
  fputs(",\n  \"file\":", f);
  loa_json_string(f, mp3_base);
  fprintf(f, ",\n  \"duration\":%.3f,\n  \"gap\":%.3f,\n  \"max_duration\":%.3f,"
             "\n  \"loudness_target\":%.1f,\n  \"true_peak\":%.1f,\n  \"items\":[\n",
          seconds, o->gap_s, o->max_s, o->build->lufs, o->build->true_peak);
  int k = 0;
  for (size_t i = 0; i < n; i++) {
    if (items[i].left_out)
      continue;
    char file[4200];
    snprintf(file, sizeof file, "%.4000s/%s", dir_base, names[k]);
    if (k)
      fputs(",\n", f);
    write_item_json(f, &items[i], k + 1, file);
    k++;
  }
  fputs("\n  ],\n  \"left_out\":[", f);
  int first = 1;
  for (size_t i = 0; i < n; i++) {
    if (!items[i].left_out)
      continue;
    fputs(first ? "\n" : ",\n", f);
    write_item_json(f, &items[i], 0, NULL);
    first = 0;
  }
  fputs(first ? "]\n}\n" : "\n  ]\n}\n", f);
  if (loa_atomic_commit(&af))
    return loa_errf(err, errlen, "%s: cannot write", path), -1;
  return 0;
}

static int write_m3u8(const char *path, const loa_programme_item *items, size_t n,
                      char names[][96], const char *dir_base, const char *title,
                      char *err, size_t errlen)
{
  loa_atomic_file af;
  if (loa_atomic_open(&af, path))
    return loa_errf(err, errlen, "%s: cannot write (%s)", path, strerror(errno)), -1;
  fputs("#EXTM3U\n", af.fp);
  if (title && *title)
    fprintf(af.fp, "#PLAYLIST:%s\n", title);
  int k = 0;
  for (size_t i = 0; i < n; i++) {
    if (items[i].left_out)
      continue;
    fprintf(af.fp, "#EXTINF:%.3f,%s\n%s/%s\n", items[i].seconds, items[i].title, dir_base,
            names[k++]);
  }
  if (loa_atomic_commit(&af))
    return loa_errf(err, errlen, "%s: cannot write", path), -1;
  return 0;
}

int loa_programme_write(const char *out_mp3, loa_programme_item *items, size_t n,
                        const loa_programme_opts *o, loa_programme_result *r,
                        char *err, size_t errlen)
{
  char stem[4096], path[4200], e[1024];
  const char *base;
  stem_of(out_mp3, stem, sizeof stem, &base);
  const char *mp3_base = strrchr(out_mp3, '/') ? strrchr(out_mp3, '/') + 1 : out_mp3;
  double total = loa_programme_layout(items, n, o->gap_s);   /* replaced by frame positions below */

  loa_mp3_segment *segs = calloc(2 * n + 1, sizeof *segs);
  char (*names)[96] = calloc(n + 1, sizeof *names);
  loa_programme_item *gaps = calloc(n + 1, sizeof *gaps);   /* the silence before each item */
  if (!segs || !names || !gaps) {
    free(segs), free(names), free(gaps);
    return loa_errf(err, errlen, "out of memory"), LOA_PROG_EOUTPUT;
  }
  size_t ns = 0;
  int k = 0, rc = 0;
  loa_programme_result res = {0};

  /* the items, each as its own MP3 in the folder beside the programme */
  if (loa_mkdir_p(stem)) {
    rc = LOA_PROG_EOUTPUT;
    loa_errf(err, errlen, "%s: cannot create the folder (%s)", stem, strerror(errno));
    goto out;
  }
  /* where each item starts in the file: frames before it, times samples per frame */
  size_t gap_frames = 0, at = 0, fr;
  int per = 1152;
  const loa_programme_item *prev = NULL;
  for (size_t i = 0; i < n; i++) {
    loa_programme_item *it = &items[i];
    if (it->left_out) {
      res.left_out++;
      continue;
    }
    double g = prev ? loa_programme_gap(prev, it, o->gap_s) : 0;
    prev = it;
    if (g > 0.0005) {          /* the gap less the silence the items have at their ends */
      loa_programme_item *gap = &gaps[i];
      if ((rc = loa_psilence(o, g, gap, err, errlen)))
        goto out;
      if (loa_mp3_segment_frames(gap->frames, &gap_frames, &per)) {
        rc = LOA_PROG_EOUTPUT;
        loa_errf(err, errlen, "%s: not a stream of MP3 frames", gap->frames);
        goto out;
      }
      segs[ns++] = (loa_mp3_segment){gap->frames, gap->samples, NULL};
      at += gap_frames;
    }
    if (loa_mp3_segment_frames(it->frames, &fr, &per)) {
      rc = LOA_PROG_EOUTPUT;
      loa_errf(err, errlen, "%s: not a stream of MP3 frames", it->frames);
      goto out;
    }
    it->start = (double)at * per / o->build->mp3.samplerate;
    at += fr;
    segs[ns++] = (loa_mp3_segment){it->frames, it->samples, it->title};
    char s[48];
    slug(it->title, s, sizeof s);
    snprintf(names[k], sizeof names[k], "%02d-%s.mp3", k + 1, s);
    snprintf(path, sizeof path, "%s/%s", stem, names[k]);
    loa_id3_tags t = {it->title, o->station, o->title, o->date, "Speech", NULL};
    loa_mp3_segment one = {it->frames, it->samples, it->title};
    if (loa_mp3_assemble(path, &t, &one, 1, &o->build->mp3, e, sizeof e)) {
      rc = LOA_PROG_EOUTPUT;
      loa_errf(err, errlen, "%s: %s", path, e);
      goto out;
    }
    res.items++;
    res.cache_hits += it->cache_hit;
    k++;
  }
  remove_stale(stem, names, (size_t)k);

  loa_id3_tags tags = {o->title, o->station, o->station, o->date, "Speech", NULL};
  if (loa_mp3_assemble(out_mp3, &tags, segs, ns, &o->build->mp3, e, sizeof e)) {
    rc = LOA_PROG_EOUTPUT;
    loa_errf(err, errlen, "%s: %s", out_mp3, e);
    goto out;
  }
  double probed = 0;
  char pt[256], pa[256];
  int nch = 0;
  res.seconds = loa_mp3_probe(out_mp3, &probed, pt, sizeof pt, pa, sizeof pa, &nch) == 0 && probed > 0
                  ? probed : total;

  snprintf(path, sizeof path, "%s.json", stem);
  if (write_manifest(path, mp3_base, items, n, names, base, o, res.seconds, err, errlen)) {
    rc = LOA_PROG_EOUTPUT;
    goto out;
  }
  snprintf(path, sizeof path, "%s.m3u8", stem);
  if (write_m3u8(path, items, n, names, base, o->title, err, errlen))
    rc = LOA_PROG_EOUTPUT;
out:
  free(segs);
  free(names);
  free(gaps);
  if (r)
    *r = res;
  return rc;
}
