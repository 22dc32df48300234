/* programme_cache.c: the cache of rendered programme items (MPEG frames + metadata by content key), and JSON strings. */
#include "pipeline/programme.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "pipeline/programme_internal.h"
#include "pipeline/publish.h"
#include "pipeline/util.h"

/* ---------------------------------------------------------------- JSON */

void loa_json_string(FILE *f, const char *s)
{
  fputc('"', f);
  for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p; p++) {
    if (*p == '"' || *p == '\\')
      fprintf(f, "\\%c", *p);
    else if (*p == '\n')
      fputs("\\n", f);
    else if (*p == '\t')
      fputs("\\t", f);
    else if (*p < 0x20)
      fprintf(f, "\\u%04x", *p);
    else
      fputc(*p, f);
  }
  fputc('"', f);
}

/* Read back a string member written by loa_json_string (escapes \" \\ \n \t \u00XX). */
static void json_get_string(const char *json, const char *member, char *out, size_t outlen)
{
  char pat[64];
  snprintf(pat, sizeof pat, "\"%s\":\"", member);
  const char *p = strstr(json, pat);
  size_t o = 0;
  out[0] = 0;
  if (!p)
    return;
  for (p += strlen(pat); *p && *p != '"' && o + 1 < outlen; p++) {
    if (*p == '\\' && p[1]) {
      p++;
      if (*p == 'n')
        out[o++] = '\n';
      else if (*p == 't')
        out[o++] = '\t';
      else if (*p == 'u' && strlen(p) >= 5) {
        out[o++] = (char)strtol((char[]){p[1], p[2], p[3], p[4], 0}, NULL, 16);
        p += 4;
      } else
        out[o++] = *p;
    } else
      out[o++] = *p;
  }
  out[o] = 0;
}

static double json_get_number(const char *json, const char *member)
{
  char pat[64];
  snprintf(pat, sizeof pat, "\"%s\":", member);
  const char *p = strstr(json, pat);
  return p ? strtod(p + strlen(pat), NULL) : NAN;
}

/* ---------------------------------------------------------------- cache */

static void cache_paths(const char *dir, const char *key, char *frames, char *meta)
{
  snprintf(frames, 4096, "%s/%s.frames", dir, key);
  snprintf(meta, 4096, "%s/%s.json", dir, key);
}

/* 1 when KEY is in the cache (fills the item), 0 when not. */
int loa_pcache_lookup(const char *dir, loa_programme_item *it, int rate)
{
  char frames[4096], meta[4096], buf[2048];
  cache_paths(dir, it->key, frames, meta);
  FILE *f = fopen(meta, "r");
  if (!f)
    return 0;
  size_t n = fread(buf, 1, sizeof buf - 1, f);
  fclose(f);
  buf[n] = 0;
  double samples = json_get_number(buf, "samples");
  struct stat st;
  if (!(samples > 0) || stat(frames, &st) || st.st_size <= 0)
    return 0;
  snprintf(it->frames, sizeof it->frames, "%s", frames);
  it->samples = (size_t)samples;
  it->seconds = samples / rate;
  if (!*it->title)
    json_get_string(buf, "title", it->title, sizeof it->title);
  utimensat(AT_FDCWD, meta, NULL, 0);   /* recently used: kept by cache pruning */
  return 1;
}

void loa_programme_cache_dir(const char *station_cache, char *out, size_t len)
{
  loa_errf(out, len, "%s/programme", station_cache);
}

static int is_key_name(const char *name, const char *ext)
{
  size_t n = strlen(name);
  if (n != 64 + strlen(ext) || strcmp(name + 64, ext))
    return 0;
  for (int i = 0; i < 64; i++)
    if (!((name[i] >= '0' && name[i] <= '9') || (name[i] >= 'a' && name[i] <= 'f')))
      return 0;
  return 1;
}

int loa_programme_cache_prune(const char *dir, time_t now, long max_age_s)
{
  DIR *d = opendir(dir);
  if (!d)
    return 0;
  int removed = 0;
  struct dirent *e;
  char meta[4200], frames[4200];
  while ((e = readdir(d))) {
    struct stat st;
    if (!is_key_name(e->d_name, ".json"))
      continue;
    snprintf(meta, sizeof meta, "%s/%s", dir, e->d_name);
    if (stat(meta, &st) || now - st.st_mtime <= max_age_s)
      continue;
    snprintf(frames, sizeof frames, "%s/%.64s.frames", dir, e->d_name);
    unlink(meta);   /* the metadata first: a half-pruned entry is a miss, never a bad hit */
    unlink(frames);
    removed++;
  }
  closedir(d);
  return removed;
}

/* Move the finished TMP frames into the cache under KEY and write its metadata. */
int loa_pcache_commit(const char *dir, loa_programme_item *it, const char *tmp, int rate,
                        char *err, size_t errlen)
{
  char frames[4096], meta[4096];
  cache_paths(dir, it->key, frames, meta);
  if (rename(tmp, frames)) {
    loa_errf(err, errlen, "%s: %s", frames, strerror(errno));
    unlink(tmp);
    return -1;
  }
  loa_atomic_file af;
  if (loa_atomic_open(&af, meta)) {
    loa_errf(err, errlen, "%s: cannot write (%s)", meta, strerror(errno));
    return -1;
  }
  fprintf(af.fp, "{\"samples\":%zu,\"seconds\":%.3f,\"title\":", it->samples,
          (double)it->samples / rate);
  loa_json_string(af.fp, it->title);
  fputs("}\n", af.fp);
  if (loa_atomic_commit(&af)) {
    loa_errf(err, errlen, "%s: cannot write", meta);
    return -1;
  }
  snprintf(it->frames, sizeof it->frames, "%s", frames);
  it->seconds = (double)it->samples / rate;
  return 0;
}

int loa_pcache_tmp(const char *dir, char *tmp, size_t len)
{
  snprintf(tmp, len, "%s/.segment.XXXXXX.tmp", dir);
  int fd = mkstemps(tmp, 4);
  if (fd < 0)
    return -1;
  close(fd);
  return 0;
}
