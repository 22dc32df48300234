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

int nz_unit_at(nz *n, size_t i, size_t *used)
{
  const char *u = unit_find(n, i, used);
  if (!u)
    return 0;
  /* the Southern reading of the units that say nghìn (k, ‰) */
  const char *g = n->south ? strstr(u, "nghìn") : NULL;
  if (g && (g == u || g[-1] == ' ') && (g[6] == 0 || g[6] == ' ')) {
    nz_emit(n, u, (size_t)(g - u));
    nz_emits(n, "ngàn");
    nz_emits(n, g + 6);
  } else {
    nz_emits(n, u);
  }
  return 1;
}

/* The hemisphere letter glued after the minutes of a coordinate
 * ("20°15'N", "105°30'E"), as a unit of °N and °E reads it; NULL if none. */
const char *nz_compass(const nz *n, size_t e)
{
  static const char *const dir[][2] = {
    {"N", "vĩ bắc"}, {"S", "vĩ nam"}, {"E", "kinh đông"}, {"W", "kinh tây"}};
  if (!nz_is_word(n, e) || !nz_glued(n, e) || n->t[e].nch != 1 || !n->t[e].ascii ||
      (nz_glued(n, e + 1) && !nz_is_p(n, e + 1, ',') && !nz_is_p(n, e + 1, ';') &&
       !nz_is_p(n, e + 1, '.') && !nz_is_p(n, e + 1, ')')) ||
      e < 3 || !nz_is_p(n, e - 3, 0x00B0))
    return NULL;
  for (size_t k = 0; k < sizeof dir / sizeof dir[0]; k++)
    if (nz_text(n, e)[0] == dir[k][0][0])
      return dir[k][1];
  return NULL;
}

/* "17,5N", "112.3E": a decimal position with its hemisphere letter glued;
 * the reading of °N, °E... or NULL. */
const char *nz_hemisphere(const nz *n, size_t e)
{
  static const char *const dir[][2] = {
    {"N", "độ vĩ bắc"}, {"S", "độ vĩ nam"}, {"E", "độ kinh đông"}, {"W", "độ kinh tây"}};
  if (!nz_is_word(n, e) || !nz_glued(n, e) || n->t[e].nch != 1 || !n->t[e].ascii ||
      (nz_glued(n, e + 1) && (nz_is_word(n, e + 1) || nz_is_num(n, e + 1))))
    return NULL;
  for (size_t k = 0; k < sizeof dir / sizeof dir[0]; k++)
    if (nz_text(n, e)[0] == dir[k][0][0])
      return dir[k][1];
  return NULL;
}

int nz_is_denominator(const nz *n, size_t i)
{
  static const char *const w[] = {
    "người", "hộ", "khẩu", "ngày", "tháng", "năm", "tuần", "quý", "giờ", "phút", "giây",
    "lượt", "lần", "buổi", "ca", "con", "cái", "chiếc", "suất", "xuất", "sào", "mẫu", "tấn",
    "tạ", "yến", "lít", "đêm", "kỳ", "vụ", "học sinh", "trẻ", "hội viên", "đoàn viên",
    "đảng viên", "lao động", "cháu", "em", "bộ", "gói", "bao", "thùng", "chai", "hộp", "kg",
    "km", "ha", "m", "m2", "héc ta", "công", NULL};
  /* compounds that start with one of them: "CMND/hộ chiếu", "công chức/viên chức" */
  static const char *const not[] = {"hộ chiếu", "hộ tịch", "ca sĩ", "bộ trưởng", "công chức",
                                    "công dân", "công nhân", "công an", "công ty", "em bé", NULL};
  if (!nz_is_word(n, i))
    return 0;
  for (int k = 0; not[k]; k++)
    if (nz_words_at(n, i, not[k]))
      return 0;
  for (int k = 0; w[k]; k++)
    if (nz_words_at(n, i, w[k]))
      return 1;
  return loa_lexicon_unit(n->lex, nz_text(n, i), n->t[i].e - n->t[i].s) != NULL;
}
