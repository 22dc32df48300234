/* preset.c: the sound presets ("stream", "loudspeaker", and any a station adds), read from presets.ini.
 *
 * loa_data_dir()/pipeline/presets.ini has one [section] per preset. Keys are
 * EFFECT.PARAMETER = number, EFFECT a name in the effect registry
 * (fx_registry.c) and PARAMETER one of its handler's; the effects run in the
 * order they first appear, and a parameter not given takes the handler's
 * default. "description" is free text. A malformed file is an error naming the
 * file and line (an unknown effect's lists the registry's names).
 */
#include "pipeline/dsp.h"
#include "lexicon/buf.h"
#include "lexicon/lexicon.h"

#include <ini.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_FX 8
#define MAX_PRESETS 32

typedef struct {
  const loa_effect_handler *h;
  double p[LOA_EFFECT_MAX_PARAMS];
} preset_fx;

typedef struct {
  char name[64];
  preset_fx fx[MAX_FX];
  int nfx;
} preset;

typedef struct {
  preset presets[MAX_PRESETS];
  int n;
  char problem[256]; /* the first problem found, without its line */
  char path[4096];
} preset_file;

static preset *find_preset(preset_file *f, const char *name)
{
  for (int i = 0; i < f->n; i++)
    if (strcmp(f->presets[i].name, name) == 0)
      return &f->presets[i];
  return NULL;
}

static int problem(preset_file *f, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int problem(preset_file *f, const char *fmt, ...)
{
  if (!f->problem[0]) {
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(f->problem, sizeof f->problem, fmt, ap);
    va_end(ap);
  }
  return 0;
}

/* A key that names no effect in the registry, or no parameter of effect H:
 * the problem lists what is known. */
static int unknown(preset_file *f, const char *key, const char *section,
                   const loa_effect_handler *h)
{
  loa_buf known = LOA_BUF_INIT;
  if (h) {
    for (int j = 0; j < LOA_EFFECT_MAX_PARAMS && h->params[j].name; j++)
      loa_buf_printf(&known, "%s%s", j ? ", " : "", h->params[j].name);
  } else {
    const loa_effect_handler *const *all = loa_effect_handlers();
    for (int i = 0; all[i]; i++)
      loa_buf_printf(&known, "%s%s", i ? ", " : "", all[i]->name);
  }
  problem(f, "unknown %s '%s' in [%s] (known: %s)", h ? "parameter" : "effect", key, section,
          known.oom ? "?" : known.p);
  loa_buf_free(&known);
  return 0;
}

/* The effect H of preset P, added with its defaults when P has none yet; NULL when full. */
static preset_fx *find_fx(preset *p, const loa_effect_handler *h)
{
  for (int i = 0; i < p->nfx; i++)
    if (p->fx[i].h == h)
      return &p->fx[i];
  if (p->nfx == MAX_FX)
    return NULL;
  preset_fx *fx = &p->fx[p->nfx++];
  fx->h = h;
  for (int j = 0; j < LOA_EFFECT_MAX_PARAMS; j++)
    fx->p[j] = h->params[j].def;
  return fx;
}

static int param_index(const loa_effect_handler *h, const char *name)
{
  for (int j = 0; name && j < LOA_EFFECT_MAX_PARAMS && h->params[j].name; j++)
    if (strcmp(h->params[j].name, name) == 0)
      return j;
  return -1;
}

/* The preset named SECTION, added when new; NULL (and a problem) when it cannot be. */
static preset *section_preset(preset_file *f, const char *section)
{
  preset *p = find_preset(f, section);
  if (p)
    return p;
  if (f->n == MAX_PRESETS || strlen(section) >= sizeof p->name || !section[0]) {
    problem(f, "too many presets or a bad name [%s]", section);
    return NULL;
  }
  p = &f->presets[f->n++];
  memset(p, 0, sizeof *p);
  strcpy(p->name, section);
  return p;
}

static int on_key(void *user, const char *section, const char *name, const char *value)
{
  preset_file *f = user;
  preset *p = section_preset(f, section);
  if (!p)
    return 0;
  if (!name || strcmp(name, "description") == 0)   /* a new section, or free text */
    return 1;
  const char *dot = strchr(name, '.');
  const loa_effect_handler *h = loa_effect_find(name, dot ? (size_t)(dot - name) : strlen(name));
  if (!h)
    return unknown(f, name, section, NULL);
  int j = param_index(h, dot ? dot + 1 : NULL);
  if (j < 0)
    return unknown(f, name, section, h);
  char *end;
  double v = strtod(value, &end);
  if (end == value || *end)
    return problem(f, "'%s' is not a number (for %s)", value, name);
  preset_fx *fx = find_fx(p, h);
  if (!fx)
    return problem(f, "too many effects in [%s]", section);
  fx->p[j] = v;
  return 1;
}

/* Read the presets file into F; 0, or -1 with ERR set. */
static int load(preset_file *f, char *err, size_t errlen)
{
  memset(f, 0, sizeof *f);
  snprintf(f->path, sizeof f->path, "%s/pipeline/presets.ini", loa_data_dir());
  const char *path = f->path;
  int rc = ini_parse(f->path, on_key, f);
  if (rc == -1) {
    snprintf(err, errlen, "%s: cannot open the presets file", path);
    return -1;
  }
  if (rc != 0) {
    snprintf(err, errlen, "%s:%d: %s", path, rc > 0 ? rc : 0,
             f->problem[0] ? f->problem : "malformed line");
    return -1;
  }
  return 0;
}

/* "unknown preset 'NAME' (known: a, b)" into ERR. */
static void unknown_preset(const preset_file *f, const char *name, char *err, size_t errlen)
{
  loa_buf known = LOA_BUF_INIT;
  for (int i = 0; i < f->n; i++)
    loa_buf_printf(&known, "%s%s", i ? ", " : "", f->presets[i].name);
  snprintf(err, errlen, "unknown preset '%s' (known: %s)", name, known.oom ? "?" : known.p);
  loa_buf_free(&known);
}

/* Preset P's effects for RATE, in order, onto C. */
static int add_effects(loa_chain *c, const preset_file *f, const preset *p, double rate,
                       char *err, size_t errlen)
{
  for (int i = 0; i < p->nfx; i++) {
    const loa_effect_handler *h = p->fx[i].h;
    loa_effect *e = h->create(rate, p->fx[i].p);
    if (!e) {
      snprintf(err, errlen, "%s: preset '%s': %s settings out of range at %.0f Hz", f->path,
               p->name, h->name, rate);
      return LOA_DSP_EARG;
    }
    int rc = loa_chain_add(c, e);
    if (rc != LOA_DSP_OK) {
      snprintf(err, errlen, "preset '%s': cannot add %s to the chain", p->name, h->name);
      return rc;
    }
  }
  return LOA_DSP_OK;
}

int loa_preset_apply(loa_chain *c, const char *name, double rate, char *err, size_t errlen)
{
  char dummy[1];
  if (!err || errlen == 0) {
    err = dummy;
    errlen = sizeof dummy;
  }
  err[0] = '\0';
  if (!c || !name)
    return LOA_DSP_EARG;
  preset_file *f = malloc(sizeof *f);
  if (!f) {
    snprintf(err, errlen, "out of memory");
    return LOA_DSP_ENOMEM;
  }
  int rc = LOA_DSP_EARG;
  if (load(f, err, errlen) == 0) {
    const preset *p = find_preset(f, name);
    if (p)
      rc = add_effects(c, f, p, rate, err, errlen);
    else
      unknown_preset(f, name, err, errlen);
  }
  free(f);
  return rc;
}

const char *const *loa_preset_names(void)
{
  static char names[MAX_PRESETS][64];
  static const char *list[MAX_PRESETS + 1];
  static int loaded;
  if (!loaded) {
    preset_file *f = malloc(sizeof *f);
    char err[256];
    int n = 0;
    if (f && load(f, err, sizeof err) == 0)
      for (; n < f->n; n++) {
        memcpy(names[n], f->presets[n].name, sizeof names[n]);
        list[n] = names[n];
      }
    list[n] = NULL;
    free(f);
    loaded = 1;
  }
  return list;
}
