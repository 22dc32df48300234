/* config.c: the station configuration file (INI, read with inih; see config.h).
 *
 * Every key has a default; relative paths are taken relative to the folder of
 * the config file; an unknown section or key or a bad value is an error that
 * names FILE:LINE. The folders of [paths] default to ROOT/<name>.
 */
#include "schedules/config.h"

#include <errno.h>
#include <ini.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "pipeline/settings.h"

typedef struct {
  loa_config *c;
  char dir[4096];            /* folder of the config file */
  char msg[256];             /* what was wrong at the failing line */
  unsigned paths_set;        /* which [paths] folders were given explicitly */
} parse_ctx;

enum { P_INBOX, P_OUT, P_DONE, P_FAILED, P_STATE, P_CACHE, P_PLAYOUT, P_COUNT };
static const char *const path_names[P_COUNT] = {"inbox", "out", "done", "failed", "state", "cache", "playout"};

static char *path_slot(loa_config *c, int i)
{
  char *slots[P_COUNT] = {c->inbox, c->out, c->done, c->failed, c->state, c->cache, c->playout};
  return slots[i];
}

static void set_root_paths(loa_config *c, unsigned explicit_mask)
{
  for (int i = 0; i < P_COUNT; i++)
    if (!(explicit_mask & (1u << i)) &&
        snprintf(path_slot(c, i), 4096, "%.4000s/%s", c->root, path_names[i]) >= 4096)
      path_slot(c, i)[0] = 0;
}

void loa_config_default(loa_config *c)
{
  memset(c, 0, sizeof *c);
  loa_build_opts_default(&c->build);
  snprintf(c->station, sizeof c->station, "Đài truyền thanh xã");
  snprintf(c->timezone, sizeof c->timezone, "Asia/Ho_Chi_Minh");
  snprintf(c->root, sizeof c->root, "/var/lib/loa");
  set_root_paths(c, 0);
  c->liquidsoap_port = 0;
  c->lead_minutes = 10;
  c->settle_ms = 2000;
  c->rescan_s = 30;
  c->max_bytes = 2u << 20;
  c->build.max_input_bytes = c->max_bytes;
  c->build.station = c->station;
}

/* DST <- VALUE made absolute against the config file's folder. */
static int set_path(parse_ctx *x, char *dst, const char *value)
{
  int n = value[0] == '/' ? snprintf(dst, 4096, "%s", value)
                          : snprintf(dst, 4096, "%s/%s", x->dir, value);
  if (n >= 4096) {
    snprintf(x->msg, sizeof x->msg, "path too long");
    return 0;
  }
  return 1;
}

static int set_string(parse_ctx *x, char *dst, size_t n, const char *value)
{
  if (strlen(value) >= n) {
    snprintf(x->msg, sizeof x->msg, "value too long (at most %zu bytes)", n - 1);
    return 0;
  }
  snprintf(dst, n, "%s", value);
  return 1;
}

static int set_int(parse_ctx *x, int *dst, const char *value, long lo, long hi)
{
  char *end;
  long v = strtol(value, &end, 10);
  if (end == value || *end || v < lo || v > hi) {
    snprintf(x->msg, sizeof x->msg, "'%s' must be a whole number from %ld to %ld", value, lo, hi);
    return 0;
  }
  *dst = (int)v;
  return 1;
}

static int station_key(parse_ctx *x, const char *k, const char *v)
{
  loa_config *c = x->c;
  if (!strcmp(k, "name"))
    return set_string(x, c->station, sizeof c->station, v);
  if (!strcmp(k, "commune"))
    return set_string(x, c->commune, sizeof c->commune, v);
  if (!strcmp(k, "timezone"))
    return set_string(x, c->timezone, sizeof c->timezone, v);
  return -1;
}

/* Keep TEXT in the config's own storage; NULL (with the message) when it is full. */
static const char *keep_text(parse_ctx *x, const char *text)
{
  loa_config *c = x->c;
  size_t n = strlen(text) + 1;
  if (n > sizeof c->text - c->ntext) {
    snprintf(x->msg, sizeof x->msg, "too much text in [voice] and [audio] (at most %zu bytes)",
             sizeof c->text);
    return NULL;
  }
  char *kept = memcpy(c->text + c->ntext, text, n);
  c->ntext += n;
  return kept;
}

/* A key of the settings table ([voice], [audio]): read and checked by the table, a path
 * made absolute against the config's folder first. */
static int setting_key(parse_ctx *x, const loa_setting *s, const char *v)
{
  char path[4096];
  if (s->type == LOA_SET_PATH) {
    if (!set_path(x, path, v))
      return 0;
    v = path;
  }
  if (s->type == LOA_SET_WORD || s->type == LOA_SET_DATE || s->type == LOA_SET_TEXT ||
      s->type == LOA_SET_PATH)
    v = keep_text(x, v);
  return v && loa_setting_set(s, v, &x->c->build, x->msg, sizeof x->msg) == 0;
}

static int paths_key(parse_ctx *x, const char *k, const char *v)
{
  if (!strcmp(k, "root"))
    return set_path(x, x->c->root, v);
  for (int i = 0; i < P_COUNT; i++)
    if (!strcmp(k, path_names[i])) {
      x->paths_set |= 1u << i;
      return set_path(x, path_slot(x->c, i), v);
    }
  return -1;
}

/* "127.0.0.1:1234", "host:1234" or "1234" (loopback). */
static int set_liquidsoap(parse_ctx *x, const char *v)
{
  loa_config *c = x->c;
  const char *colon = strrchr(v, ':');
  const char *port = colon ? colon + 1 : v;
  size_t hostlen = colon ? (size_t)(colon - v) : 0;
  if (hostlen >= sizeof c->liquidsoap_host) {
    snprintf(x->msg, sizeof x->msg, "host name too long");
    return 0;
  }
  if (!set_int(x, &c->liquidsoap_port, port, 1, 65535))
    return 0;
  if (hostlen)
    snprintf(c->liquidsoap_host, sizeof c->liquidsoap_host, "%.*s", (int)hostlen, v);
  else
    snprintf(c->liquidsoap_host, sizeof c->liquidsoap_host, "127.0.0.1");
  return 1;
}

static int publish_key(parse_ctx *x, const char *k, const char *v)
{
  if (!strcmp(k, "folder")) {
    x->paths_set |= 1u << P_PLAYOUT;
    return set_path(x, x->c->playout, v);
  }
  if (!strcmp(k, "liquidsoap"))
    return *v ? set_liquidsoap(x, v) : 1;
  if (!strcmp(k, "lead_minutes"))
    return set_int(x, &x->c->lead_minutes, v, 0, 720);
  if (!strcmp(k, "zones"))
    return set_path(x, x->c->zones_file, v);
  if (!strcmp(k, "speakers"))
    return set_path(x, x->c->speakers_file, v);
  return -1;
}

static int watch_key(parse_ctx *x, const char *k, const char *v)
{
  loa_config *c = x->c;
  if (!strcmp(k, "settle_ms"))
    return set_int(x, &c->settle_ms, v, 0, 600000);
  if (!strcmp(k, "rescan_s"))
    return set_int(x, &c->rescan_s, v, 1, 86400);
  if (!strcmp(k, "max_bytes")) {
    char *end;
    long long b = strtoll(v, &end, 10);
    if (end == v || *end || b < 1024 || b > (1LL << 30)) {
      snprintf(x->msg, sizeof x->msg, "'%s' must be a size in bytes from 1024 to 1073741824", v);
      return 0;
    }
    c->max_bytes = (size_t)b;
    return 1;
  }
  return -1;
}

static int on_entry(void *user, const char *section, const char *key, const char *value)
{
  parse_ctx *x = user;
  int r;
  const loa_setting *s = loa_setting_by_key(section, key);
  if (s)
    r = setting_key(x, s, value);
  else if (!strcmp(section, "station"))
    r = station_key(x, key, value);
  else if (!strcmp(section, "voice") || !strcmp(section, "audio"))
    r = -1;
  else if (!strcmp(section, "paths"))
    r = paths_key(x, key, value);
  else if (!strcmp(section, "slots"))
    r = !strcmp(key, "file") ? set_path(x, x->c->slots_file, value) : -1;
  else if (!strcmp(section, "publish"))
    r = publish_key(x, key, value);
  else if (!strcmp(section, "watch"))
    r = watch_key(x, key, value);
  else {
    snprintf(x->msg, sizeof x->msg, "unknown section [%s]", section);
    return 0;
  }
  if (r < 0) {
    snprintf(x->msg, sizeof x->msg, "unknown key '%s' in [%s]", key, section);
    return 0;
  }
  return r;
}

/* Point the build options at the config's station name and size limit after loading. */
static void wire_build_opts(loa_config *c)
{
  c->build.station = c->station;
  c->build.max_input_bytes = c->max_bytes;
}

int loa_config_load(loa_config *c, const char *path, char *err, size_t errlen)
{
  parse_ctx x = {.c = c};
  char tmp[4096];
  if (!realpath(path, tmp)) {
    snprintf(err, errlen, "%s: %s", path, strerror(errno));
    return -1;
  }
  snprintf(c->path, sizeof c->path, "%s", tmp);
  snprintf(x.dir, sizeof x.dir, "%s", dirname(tmp));
  char root_before[4096];
  snprintf(root_before, sizeof root_before, "%s", c->root);
  int rc = ini_parse(c->path, on_entry, &x);
  if (rc < 0) {
    snprintf(err, errlen, "%s: cannot open the file", path);
    return -1;
  }
  if (rc > 0) {
    snprintf(err, errlen, "%s:%d: %s", path, rc, x.msg[0] ? x.msg : "not an INI line (expected key = value)");
    return -1;
  }
  if (strcmp(root_before, c->root))
    set_root_paths(c, x.paths_set);
  wire_build_opts(c);
  return 0;
}
