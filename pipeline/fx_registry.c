/* fx_registry.c: the effects a preset may name, listed once (after sox's effects.h).
 *
 * Each pipeline/fx_NAME.c defines loa_NAME_handler: its name, parameters with
 * their defaults, and a constructor. A new effect is its file plus one line in
 * LOA_EFFECTS below; pipeline/preset.c finds it here by name, and its error
 * messages list these names. presets.ini documents the same list for the
 * station (tests/unit/test_dsp_preset.c checks that they agree).
 */
#include "pipeline/dsp.h"

#include <string.h>

#define LOA_EFFECTS(EFFECT) \
  EFFECT(highpass)          \
  EFFECT(bandpass)          \
  EFFECT(compressor)        \
  EFFECT(gain)              \
  EFFECT(phase)

#define DECLARE(name) extern const loa_effect_handler loa_##name##_handler;
LOA_EFFECTS(DECLARE)

#define ENTRY(name) &loa_##name##_handler,
static const loa_effect_handler *const registry[] = {LOA_EFFECTS(ENTRY) NULL};

const loa_effect_handler *const *loa_effect_handlers(void)
{
  return registry;
}

const loa_effect_handler *loa_effect_find(const char *name, size_t len)
{
  for (const loa_effect_handler *const *h = registry; *h; h++)
    if (strlen((*h)->name) == len && strncmp((*h)->name, name, len) == 0)
      return *h;
  return NULL;
}
