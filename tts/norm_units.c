/* norm_units.c: units and what a number counts: the unit symbol at a token
 * (units.tsv: km/h, m2, °C), the words read "trên X" after a slash (đồng/hộ,
 * lượt/năm), and the hemisphere letters of a position (17,5N, 20°15'N).
 */
#include "tts/norm_int.h"

#include <string.h>

static int unit_start(const nz *n, size_t i)
{
  return nz_is_word(n, i) || nz_is_p(n, i, 0x00B0) || nz_is_p(n, i, 0x00B5);
}

/* The unit written at token I (up to four glued tokens: "km/h", "m2", "°C"):
 * its spoken form, with *USED the tokens it covers; NULL if none. */
static const char *unit_find(const nz *n, size_t i, size_t *used)
{
  *used = 0;
  if (i >= n->nt || !unit_start(n, i))
    return NULL;
  size_t end = i + 1;
  while (end < n->nt && end < i + 4 && !n->t[end].sp)
    end++;
  for (size_t k = end; k > i; k--) {
    const tok *last = &n->t[k - 1];
    if (last->kind == TK_PUNCT && last->cp != 0x00B2 && last->cp != 0x00B3)
      continue;
    /* a candidate must not stop in the middle of a word or number */
    if (k < n->nt && !n->t[k].sp && n->t[k].kind != TK_PUNCT && n->t[k].kind == n->t[k - 1].kind)
      continue;
    const char *u = loa_lexicon_unit(n->lex, n->line + n->t[i].s, last->e - n->t[i].s);
    if (u) {
      *used = k - i;
      return u;
    }
  }
  return NULL;
}

const char *nz_unit_find(const nz *n, size_t i, size_t *used)
{
  return unit_find(n, i, used);
}

/* The Southern reading of the units that say nghìn (k, ‰) says ngàn: the
 * words of number-thousand, North and South. */
void nz_say_unit(nz *n, const char *u)
{
  const char *const *th = nz_list(n, NL_NUM_THOUSAND);
  const char *g = u && n->south && th[1] ? strstr(u, th[0]) : NULL;
  size_t gl = g ? strlen(th[0]) : 0;
  if (g && (g == u || g[-1] == ' ') && (g[gl] == 0 || g[gl] == ' ')) {
    nz_emit(n, u, (size_t)(g - u));
    nz_emits(n, th[1]);
    nz_emits(n, g + gl);
  } else if (u) {
    nz_emits(n, u);
  }
}

int nz_unit_at(nz *n, size_t i, size_t *used)
{
  const char *u = unit_find(n, i, used);
  if (!u)
    return 0;
  nz_say_unit(n, u);
  return 1;
}

/* The reading of the unit °X for the hemisphere letter at token E (N S E W,
 * one capital): độ vĩ bắc; NULL when E is no such letter. */
static const char *degrees_of(const nz *n, size_t e)
{
  char c = nz_text(n, e)[0];
  if (c != 'N' && c != 'S' && c != 'E' && c != 'W')
    return NULL;
  char key[4] = {(char)0xC2, (char)0xB0, c, 0}; /* °X */
  return loa_lexicon_unit(n->lex, key, 3);
}

/* The hemisphere letter glued after the minutes of a coordinate
 * ("20°15'N", "105°30'E"), as the unit °N reads it less the degrees already
 * said (vĩ bắc); NULL if none. */
const char *nz_compass(const nz *n, size_t e)
{
  if (!nz_is_word(n, e) || !nz_glued(n, e) || n->t[e].nch != 1 || !n->t[e].ascii ||
      (nz_glued(n, e + 1) && !nz_is_p(n, e + 1, ',') && !nz_is_p(n, e + 1, ';') &&
       !nz_is_p(n, e + 1, '.') && !nz_is_p(n, e + 1, ')')) ||
      e < 3 || !nz_is_p(n, e - 3, 0x00B0))
    return NULL;
  const char *u = degrees_of(n, e), *deg = nz_sign_reading(n, 0x00B0);
  size_t dl = deg ? strlen(deg) : 0;
  if (u && dl && !strncmp(u, deg, dl) && u[dl] == ' ')
    return u + dl + 1;
  return u;
}

/* "17,5N", "112.3E": a decimal position with its hemisphere letter glued;
 * the reading of °N, °E... or NULL. */
const char *nz_hemisphere(const nz *n, size_t e)
{
  if (!nz_is_word(n, e) || !nz_glued(n, e) || n->t[e].nch != 1 || !n->t[e].ascii ||
      (nz_glued(n, e + 1) && (nz_is_word(n, e + 1) || nz_is_num(n, e + 1))))
    return NULL;
  return degrees_of(n, e);
}

/* A word read "trên X" after a slash (list denominator, and the unit symbols),
 * unless a compound that starts with one (not-denominator: "CMND/hộ chiếu"). */
int nz_is_denominator(const nz *n, size_t i)
{
  if (!nz_is_word(n, i) || nz_at_list(n, i, NL_NOT_DENOMINATOR))
    return 0;
  if (nz_at_list(n, i, NL_DENOMINATOR))
    return 1;
  return loa_lexicon_unit(n->lex, nz_text(n, i), n->t[i].e - n->t[i].s) != NULL;
}
