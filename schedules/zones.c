/* zones.c: zones.ini (the loudspeaker clusters and their Icecast mounts), and which zones a bulletin names. */
#include "schedules/zones.h"

#include <ini.h>
#include <stdio.h>
#include <string.h>

#include "lexicon/buf.h"
#include "lexicon/vntext.h"
#include "tts/header.h"

typedef struct {
  loa_zones *zs;
  char msg[256];
} zctx;

static int name_ok(const char *s)
{
  if (!*s || strlen(s) >= 32)
    return 0;
  for (; *s; s++)
    if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '-'))
      return 0;
  return 1;
}

static int on_key(void *user, const char *section, const char *key, const char *value)
{
  zctx *x = user;
  loa_zones *zs = x->zs;
  if (!name_ok(section)) {
    snprintf(x->msg, sizeof x->msg, "zone name '%.60s' must be a-z, 0-9 and '-', at most 31", section);
    return 0;
  }
  int i = 0;
  while (i < zs->n && strcmp(zs->z[i].name, section))
    i++;
  if (i == zs->n) {
    if (zs->n == LOA_ZONES_MAX) {
      snprintf(x->msg, sizeof x->msg, "more than %d zones", LOA_ZONES_MAX);
      return 0;
    }
    zs->n++;
    snprintf(zs->z[i].name, sizeof zs->z[i].name, "%s", section);
  }
  loa_zone *z = &zs->z[i];
  if (!loa_utf8_valid(value, strlen(value))) {
    snprintf(x->msg, sizeof x->msg, "'%s' is not UTF-8", key);
    return 0;
  }
  if (!strcmp(key, "label") && strlen(value) < sizeof z->label)
    snprintf(z->label, sizeof z->label, "%s", value);
  else if (!strcmp(key, "mount") && value[0] == '/' && strlen(value) < sizeof z->mount &&
           !strpbrk(value, " \t\"'"))
    snprintf(z->mount, sizeof z->mount, "%s", value);
  else {
    snprintf(x->msg, sizeof x->msg, "%s '%.60s' is not a label (text) or mount (/name.mp3) key",
             key, value);
    return 0;
  }
  return 1;
}

int loa_zones_load(loa_zones *zs, const char *path, char *err, size_t errlen)
{
  memset(zs, 0, sizeof *zs);
  if (!path || !*path) {
    zs->n = 1;   /* the single output: name "", Liquidsoap's "programme" and "urgent" */
    return 0;
  }
  zctx x = {zs, ""};
  int line = ini_parse(path, on_key, &x);
  if (line < 0)
    return loa_errf(err, errlen, "%s: cannot read", path);
  if (line > 0)
    return loa_errf(err, errlen, "%s:%d: %s", path, line, *x.msg ? x.msg : "not an INI line");
  if (!zs->n)
    return loa_errf(err, errlen, "%s: no zone defined", path);
  for (int i = 0; i < zs->n; i++) {
    loa_zone *z = &zs->z[i];
    if (!*z->label)
      memcpy(z->label, z->name, strlen(z->name) + 1);   /* a name is shorter than a label */
    if (!*z->mount) {
      char m[sizeof z->name + 8];
      snprintf(m, sizeof m, "/%s.mp3", z->name);
      memcpy(z->mount, m, strlen(m) + 1);   /* fits: a name is shorter than a mount */
    }
  }
  return 0;
}

int loa_zones_select(const loa_zones *zs, const char (*names)[32], int n, loa_zone_set *out,
                     char *err, size_t errlen)
{
  loa_zone_set all = zs->n >= 32 ? LOA_ZONES_ALL : ((loa_zone_set)1 << zs->n) - 1;
  *out = n ? 0 : all;
  int rc = 0;
  for (int k = 0; k < n; k++) {
    if (!strcmp(names[k], "*")) {
      *out = all;
      continue;
    }
    int found = 0;
    for (int i = 0; i < zs->n; i++) {
      char fn[64], fl[64];
      loa_header_fold(zs->z[i].name, fn, sizeof fn);
      loa_header_fold(zs->z[i].label, fl, sizeof fl);
      if (!strcmp(names[k], fn) || !strcmp(names[k], fl))
        *out |= (loa_zone_set)1 << i, found = 1;
    }
    if (!found && !rc)
      rc = loa_errf(err, errlen, "khu vực '%s' không có trong zones.ini / unknown zone", names[k]);
  }
  return rc;
}

void loa_zones_labels(const loa_zones *zs, loa_zone_set set, char *out, size_t len)
{
  loa_zone_set all = zs->n >= 32 ? LOA_ZONES_ALL : ((loa_zone_set)1 << zs->n) - 1;
  if ((set & all) == all || zs->n <= 1) {
    snprintf(out, len, "tất cả");
    return;
  }
  size_t o = 0;
  out[0] = 0;
  for (int i = 0; i < zs->n && o < len; i++)
    if (set & ((loa_zone_set)1 << i))
      o += (size_t)snprintf(out + o, len - o, "%s%s", o ? ", " : "", zs->z[i].label);
}
