/* lexicon.c: loads the TSV word tables (lexicon.h) into hash tables.
 *
 * All strings live in one arena and are addressed by offset; each table is an
 * array of rows plus an open-addressing index (FNV-1a, power-of-two size).
 * Values are stored the way the normaliser prints them: NFC, lower case,
 * modern tone placement, single spaces. Lookups never allocate.
 *
 * Precedence: within the shipped tables the last row for a key wins (the
 * tables are merged from several authors); an override file is loaded later
 * with a higher tier, so its rows win. Abbreviations keep one row per distinct
 * context column, so a word like BCH can have several readings.
 */
#include "lexicon/lexicon.h"
#include "lexicon/buf.h"
#include "lexicon/tsv.h"
#include "lexicon/vntext.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#define KEY_MAX 256

typedef struct {
  uint32_t key, klen;      /* arena offset and length of the key */
  uint32_t val, vlen;      /* value (expansion, respelling, spoken form) */
  uint32_t ctx, ctxlen;    /* abbreviations: comma-separated context words */
  int32_t next;            /* abbreviations: next row with the same key */
  uint8_t tier;            /* 0 shipped, 1 override */
} row;

typedef struct {
  row *rows;
  size_t n, cap;
  uint32_t *slot;          /* row index + 1; 0 = empty */
  size_t nslot;            /* power of two */
} table;

/* A named word list of wordlists.tsv: its phrases, NULL-terminated. */
typedef struct {
  char *name;
  char **items;
  size_t n, cap;
} wordlist;

struct loa_lexicon {
  loa_buf arena;           /* every key and value, NUL-terminated, addressed by offset */
  table abbr, loan, unit, letter, syl, words;
  table spelled;           /* the key of each syllable (loa_vn_syllable_key): how it may be written */
  table sign, signaddr;    /* symbols.tsv: in a sentence, inside an address */
  table bare;              /* a syllable written without its marks -> the syllable */
  table pairs;             /* two such syllables a lexicon value says one after the other */
  wordlist *lists;
  size_t nlists, caplists;
};

/* ---- arena and hashing ---- */

static int arena_add(loa_lexicon *lx, const char *s, size_t n, uint32_t *off)
{
  *off = (uint32_t)lx->arena.n;
  loa_buf_put(&lx->arena, s, n);
  loa_buf_putc(&lx->arena, 0);
  return lx->arena.oom ? -1 : 0;
}

static uint32_t hash(const char *s, size_t n)
{
  uint32_t h = 2166136261u;
  for (size_t i = 0; i < n; i++) {
    h ^= (unsigned char)s[i];
    h *= 16777619u;
  }
  return h;
}

/* Index of the (first) row for KEY, or -1. */
static long table_find(const loa_lexicon *lx, const table *t, const char *key, size_t n)
{
  if (!t->nslot)
    return -1;
  size_t mask = t->nslot - 1;
  for (size_t i = hash(key, n) & mask;; i = (i + 1) & mask) {
    uint32_t s = t->slot[i];
    if (!s)
      return -1;
    const row *r = &t->rows[s - 1];
    if (r->klen == n && !memcmp(lx->arena.p + r->key, key, n))
      return (long)(s - 1);
  }
}

static int index_put(const loa_lexicon *lx, table *t, size_t rowi)
{
  (void)lx;
  if ((t->n + 1) * 2 > t->nslot) {
    size_t ns = t->nslot ? t->nslot * 2 : 256;
    while ((t->n + 1) * 2 > ns)
      ns *= 2;
    uint32_t *sl = calloc(ns, sizeof *sl);
    if (!sl)
      return -1;
    for (size_t i = 0; i < t->nslot; i++) {
      uint32_t s = t->slot[i];
      if (!s)
        continue;
      const row *r = &t->rows[s - 1];
      size_t j = hash(lx->arena.p + r->key, r->klen) & (ns - 1);
      while (sl[j])
        j = (j + 1) & (ns - 1);
      sl[j] = s;
    }
    free(t->slot);
    t->slot = sl;
    t->nslot = ns;
  }
  const row *r = &t->rows[rowi];
  size_t j = hash(lx->arena.p + r->key, r->klen) & (t->nslot - 1);
  while (t->slot[j])
    j = (j + 1) & (t->nslot - 1);
  t->slot[j] = (uint32_t)(rowi + 1);
  return 0;
}

static long row_new(table *t)
{
  row *r = loa_grow(t->rows, &t->cap, t->n + 1, sizeof *r);
  if (!r)
    return -1;
  t->rows = r;
  memset(&t->rows[t->n], 0, sizeof(row));
  t->rows[t->n].next = -1;
  return (long)t->n++;
}

/* Insert or replace KEY -> VAL (single-valued tables). */
static int put(loa_lexicon *lx, table *t, const char *key, size_t kn, const char *val, size_t vn,
               int tier)
{
  long i = table_find(lx, t, key, kn);
  uint32_t voff = 0;
  if (val && arena_add(lx, val, vn, &voff))
    return -1;
  if (i >= 0) {
    t->rows[i].val = voff;
    t->rows[i].vlen = (uint32_t)vn;
    t->rows[i].tier = (uint8_t)tier;
    return 0;
  }
  i = row_new(t);
  if (i < 0)
    return -1;
  row *r = &t->rows[i];
  if (arena_add(lx, key, kn, &r->key))
    return -1;
  r->klen = (uint32_t)kn;
  r->val = voff;
  r->vlen = (uint32_t)vn;
  r->tier = (uint8_t)tier;
  return index_put(lx, t, (size_t)i);
}

/* Abbreviations: one row per (key, context); the last row for a pair wins. */
static int put_abbr(loa_lexicon *lx, const char *key, size_t kn, const char *val, size_t vn,
                    const char *ctx, size_t cn, int tier)
{
  table *t = &lx->abbr;
  long head = table_find(lx, t, key, kn);
  for (long i = head; i >= 0; i = t->rows[i].next) {
    row *r = &t->rows[i];
    if (r->ctxlen == cn && !memcmp(lx->arena.p + r->ctx, ctx, cn)) {
      uint32_t voff;
      if (arena_add(lx, val, vn, &voff))
        return -1;
      r = &t->rows[i];
      r->val = voff;
      r->vlen = (uint32_t)vn;
      r->tier = (uint8_t)tier;
      return 0;
    }
  }
  long i = row_new(t);
  if (i < 0)
    return -1;
  uint32_t koff, voff, coff = 0;
  if (arena_add(lx, key, kn, &koff) || arena_add(lx, val, vn, &voff) ||
      (cn && arena_add(lx, ctx, cn, &coff)))
    return -1;
  row *r = &t->rows[i];
  r->key = koff;
  r->klen = (uint32_t)kn;
  r->val = voff;
  r->vlen = (uint32_t)vn;
  r->ctx = coff;
  r->ctxlen = (uint32_t)cn;
  r->tier = (uint8_t)tier;
  if (head < 0)
    return index_put(lx, t, (size_t)i);
  long last = head;
  while (t->rows[last].next >= 0)
    last = t->rows[last].next;
  t->rows[last].next = (int32_t)i;
  return 0;
}

/* ---- cleaning the columns ---- */

/* NFC of S into a malloc'd string; NULL on error. */
static char *nfc(const char *s, size_t n)
{
  utf8proc_uint8_t *out = NULL;
  utf8proc_ssize_t r = utf8proc_map((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)n, &out,
                                    UTF8PROC_STABLE | UTF8PROC_COMPOSE);
  if (r < 0)
    return NULL;
  return (char *)out;
}

/* A spoken value: NFC, lower case, modern tones, hyphens as spaces, single
 * spaces. Only letters and spaces are allowed. Returns length or -1. */
static int clean_value(const char *s, size_t n, char *out, size_t cap)
{
  char *t = nfc(s, n);
  if (!t)
    return -1;
  char tmp[1024];
  size_t k = 0;
  int space = 1;
  for (size_t i = 0; t[i];) {
    uint32_t cp;
    size_t m = loa_utf8_decode(t + i, strlen(t + i), &cp);
    i += m;
    if (cp == ' ' || cp == '-' || cp == '\t') {
      if (!space && k < sizeof tmp - 1)
        tmp[k++] = ' ';
      space = 1;
      continue;
    }
    utf8proc_category_t c = utf8proc_category((utf8proc_int32_t)cp);
    if (!(c >= UTF8PROC_CATEGORY_LU && c <= UTF8PROC_CATEGORY_LO) || k + 4 >= sizeof tmp) {
      free(t);
      return -1;
    }
    k += loa_utf8_encode(cp, tmp + k);
    space = 0;
  }
  free(t);
  while (k && tmp[k - 1] == ' ')
    k--;
  if (!k)
    return -1;
  return loa_vn_fold(tmp, k, out, cap);
}

/* A key: trimmed NFC (and folded when FOLD). Returns length or -1. */
static int clean_key(const char *s, size_t n, int fold, char *out, size_t cap)
{
  while (n && (*s == ' '))
    s++, n--;
  while (n && s[n - 1] == ' ')
    n--;
  if (!n)
    return -1;
  char *t = nfc(s, n);
  if (!t)
    return -1;
  size_t tn = strlen(t);
  int r;
  if (fold) {
    r = loa_vn_fold(t, tn, out, cap);
  } else if (tn < cap) {
    memcpy(out, t, tn + 1);
    r = (int)tn;
  } else {
    r = -1;
  }
  free(t);
  return r;
}

/* Context column: lower case, entries separated by commas, spaces trimmed. */
static int clean_context(const char *s, size_t n, char *out, size_t cap)
{
  char tmp[1024];
  int r = clean_key(s, n, 1, tmp, sizeof tmp);
  if (r < 0)
    return -1;
  size_t k = 0;
  int space = 0;
  for (int i = 0; i < r; i++) {
    char c = tmp[i];
    if (c == ' ') {
      space = 1;
      continue;
    }
    if (c == ',') {
      if (k && out[k - 1] != ',' && k < cap - 1)
        out[k++] = ',';
      space = 0;
      continue;
    }
    if (space && k && out[k - 1] != ',' && k < cap - 1)
      out[k++] = ' ';
    space = 0;
    if (k >= cap - 1)
      return -1;
    out[k++] = c;
  }
  while (k && out[k - 1] == ',')
    k--;
  out[k] = 0;
  return (int)k;
}

/* The next space-separated word of V (N bytes) from *I: its start, with *I at its end. */
static size_t next_word(const char *v, size_t n, size_t *i)
{
  while (*i < n && v[*i] == ' ')
    (*i)++;
  size_t s = *i;
  while (*i < n && v[*i] != ' ')
    (*i)++;
  return s;
}

/* Every word of a spoken value is also a word loa may print. */
static int add_words(loa_lexicon *lx, const char *v, size_t n)
{
  size_t i = 0;
  while (i < n) {
    size_t s = next_word(v, n, &i);
    if (i > s && table_find(lx, &lx->words, v + s, i - s) < 0 &&
        put(lx, &lx->words, v + s, i - s, NULL, 0, 0))
      return -1;
  }
  return 0;
}

/* ---- reading files ---- */

/* The kinds of file: the tables, an override file (its first column names the table),
 * and hunspell's dictionary standing in for syllables.txt (a count on its first line,
 * flags after a '/'). */
enum kind { K_ABBR, K_LOAN, K_UNIT, K_LETTER, K_SYL, K_LIST, K_SIGN, K_OVERRIDE, K_DIC };

/* Where the syllable list is read when the lexicon folder has no syllables.txt. */
#define HUNSPELL_DIC "/usr/share/hunspell/vi_VN.dic"

static const wordlist *list_find(const loa_lexicon *lx, const char *name, size_t n)
{
  for (size_t i = 0; i < lx->nlists; i++)
    if (strlen(lx->lists[i].name) == n && !memcmp(lx->lists[i].name, name, n))
      return &lx->lists[i];
  return NULL;
}

/* The list NAME, created empty when it is new. */
static wordlist *list_get(loa_lexicon *lx, const char *name, size_t n)
{
  const wordlist *found = list_find(lx, name, n);
  if (found)
    return &lx->lists[found - lx->lists];
  wordlist *l = loa_grow(lx->lists, &lx->caplists, lx->nlists + 1, sizeof *l);
  if (!l)
    return NULL;
  lx->lists = l;
  l = &lx->lists[lx->nlists];
  memset(l, 0, sizeof *l);
  if (!(l->name = strndup(name, n)))
    return NULL;
  lx->nlists++;
  return l;
}

/* wordlists.tsv: LIST<TAB>phrase. Returns 0, 1 (bad row, *WHY) or -1. */
static int put_list(loa_lexicon *lx, const char **col, size_t *clen, int ncol, const char **why)
{
  char val[1024];
  int ok = ncol == 2 && clen[0] > 0;
  for (size_t k = 0; ok && k < clen[0]; k++)
    ok = (col[0][k] >= 'a' && col[0][k] <= 'z') || col[0][k] == '-';
  int vn = ok ? clean_value(col[1], clen[1], val, sizeof val) : -1;
  if (vn < 0) {
    *why = "expected list-name<TAB>words (the name in lower-case ASCII and '-')";
    return 1;
  }
  wordlist *l = list_get(lx, col[0], clen[0]);
  if (!l)
    return -1;
  char **it = loa_grow(l->items, &l->cap, l->n + 2, sizeof *it);   /* and the NULL after */
  if (!it)
    return -1;
  l->items = it;
  if (!(l->items[l->n] = strndup(val, (size_t)vn)))
    return -1;
  l->items[++l->n] = NULL;
  return 0;
}

/* symbols.tsv: SIGN<TAB>spoken form[<TAB>address]. Returns 0, 1 (bad row, *WHY) or -1.
 * The readings of signs are not added to the words loa may print (add_words): they
 * are plain syllables, and which syllable a word written without its marks stands
 * for stays chosen by the other tables. */
static int put_sign(loa_lexicon *lx, const char **col, size_t *clen, int ncol, int tier,
                    const char **why)
{
  char key[KEY_MAX], val[1024];
  int addr = ncol == 3 && clen[2] == 7 && !memcmp(col[2], "address", 7);
  int kn = ncol == 2 || addr ? clean_key(col[0], clen[0], 0, key, sizeof key) : -1;
  int vn = kn > 0 ? clean_value(col[1], clen[1], val, sizeof val) : -1;
  if (vn < 0) {
    *why = "expected sign<TAB>spoken form[<TAB>address]";
    return 1;
  }
  table *t = addr ? &lx->signaddr : &lx->sign;
  return put(lx, t, key, (size_t)kn, val, (size_t)vn, tier) ? -1 : 0;
}

/* syllables.txt: one syllable a line, kept as written in loa's spelling (lower case, modern
 * tone placement) and by its key, for a word written any other way. 0, 1 (*WHY) or -1. */
static int put_syllable(loa_lexicon *lx, const char **col, size_t *clen, int ncol, int tier,
                        const char **why)
{
  char key[KEY_MAX], spelled[KEY_MAX];
  if (ncol != 1 || memchr(col[0], ' ', clen[0])) {
    *why = "expected one syllable per line";
    return 1;
  }
  int kn = clean_key(col[0], clen[0], 1, key, sizeof key);
  int sn = kn < 0 ? -1 : loa_vn_syllable_key(key, (size_t)kn, spelled, sizeof spelled);
  if (sn < 0) {
    *why = "not a syllable";
    return 1;
  }
  if (table_find(lx, &lx->syl, key, (size_t)kn) < 0 &&
      put(lx, &lx->syl, key, (size_t)kn, NULL, 0, tier))
    return -1;
  if (table_find(lx, &lx->spelled, spelled, (size_t)sn) < 0 &&
      put(lx, &lx->spelled, spelled, (size_t)sn, NULL, 0, tier))
    return -1;
  return 0;
}

static int load_row(loa_lexicon *lx, enum kind kind, int tier, const char **col, size_t *clen,
                    int ncol, const char **why)
{
  char key[KEY_MAX], val[1024], ctx[1024];
  int kn, vn, cn = 0;
  switch (kind) {
  case K_SYL:
    return put_syllable(lx, col, clen, ncol, tier, why);
  case K_LIST:
    return put_list(lx, col, clen, ncol, why);
  case K_SIGN:
    return put_sign(lx, col, clen, ncol, tier, why);
  case K_ABBR:
    if (ncol < 2 || ncol > 3) {
      *why = "expected ABBR<TAB>expansion[<TAB>context words]";
      return 1;
    }
    break;
  default:
    if (ncol != 2) {
      *why = kind == K_LETTER ? "expected letter<TAB>name" : "expected two tab-separated columns";
      return 1;
    }
  }
  kn = clean_key(col[0], clen[0], kind == K_LOAN || kind == K_LETTER, key, sizeof key);
  if (kn < 0) {
    *why = "empty or invalid key";
    return 1;
  }
  vn = clean_value(col[1], clen[1], val, sizeof val);
  if (vn < 0) {
    *why = "the spoken form must be words of letters";
    return 1;
  }
  if (kind == K_LETTER && loa_utf8_chars(key, (size_t)kn) != 1) {
    *why = "the key must be one letter";
    return 1;
  }
  if (kind == K_ABBR && ncol == 3) {
    cn = clean_context(col[2], clen[2], ctx, sizeof ctx);
    if (cn < 0) {
      *why = "invalid context column";
      return 1;
    }
  }
  int r;
  switch (kind) {
  case K_ABBR: r = put_abbr(lx, key, (size_t)kn, val, (size_t)vn, ctx, (size_t)cn, tier); break;
  case K_LOAN: r = put(lx, &lx->loan, key, (size_t)kn, val, (size_t)vn, tier); break;
  case K_UNIT: r = put(lx, &lx->unit, key, (size_t)kn, val, (size_t)vn, tier); break;
  default: r = put(lx, &lx->letter, key, (size_t)kn, val, (size_t)vn, tier); break;
  }
  if (r || add_words(lx, val, (size_t)vn))
    return -1;
  return 0;
}

/* An override row names its table first ("abbr", "loan", "unit"): *KIND gets that table
 * and *SKIP the bytes of the name and its tab. 0, or 1 with *WHY. */
static int override_table(const char *line, size_t n, enum kind *kind, size_t *skip,
                          const char **why)
{
  const char *tab = memchr(line, '\t', n);
  size_t name = tab ? (size_t)(tab - line) : n;
  static const struct { const char name[5]; enum kind kind; } tables[] = {
    {"abbr", K_ABBR}, {"loan", K_LOAN}, {"unit", K_UNIT},
  };
  *why = "the first column must name the table: abbr, loan or unit";
  for (size_t i = 0; i < sizeof tables / sizeof *tables; i++)
    if (name == 4 && !memcmp(line, tables[i].name, 4))
      *kind = tables[i].kind, *why = NULL;
  if (*why)
    return 1;
  *skip = name + 1;
  if (*skip > n) {
    *why = "missing columns after the table's name";
    return 1;
  }
  return 0;
}

/* What one file is being read into. */
typedef struct {
  loa_lexicon *lx;
  enum kind kind;
  int tier;
  int rows;                /* rows read so far */
} reading;

/* One row of a file (loa_tsv_row_fn): NULL, or the problem with it. */
static const char *load_line(char *line, size_t n, void *user)
{
  reading *r = user;
  enum kind kind = r->kind;
  size_t skip = 0;
  const char *why = NULL;
  if (kind == K_DIC) {        /* hunspell: the count first, then WORD[/FLAGS] */
    if (r->rows++ == 0 && strspn(line, "0123456789") == n)
      return NULL;
    const char *slash = memchr(line, '/', n);
    n = slash ? (size_t)(slash - line) : n;
    kind = K_SYL;
  } else if (kind == K_OVERRIDE && override_table(line, n, &kind, &skip, &why)) {
    return why;
  }
  const char *col[5];
  size_t clen[5];
  int ncol = loa_tsv_split(line + skip, n - skip, col, clen, 4);
  int rc = load_row(r->lx, kind, r->tier, col, clen, ncol, &why);
  return rc < 0 ? LOA_TSV_NOMEM : rc > 0 ? why : NULL;
}

/* PATH, a file of KIND, into LX. LOA_LEX_OK, or an error with ERR (errno kept when the
 * file cannot be read). */
static int load_file(loa_lexicon *lx, const char *path, enum kind kind, int tier, char *err,
                     size_t errlen)
{
  reading r = {lx, kind, tier, 0};
  switch (loa_tsv_read(path, load_line, &r, err, errlen)) {
  case LOA_TSV_OK: return LOA_LEX_OK;
  case LOA_TSV_EOPEN: return LOA_LEX_EIO;
  case LOA_TSV_ENOMEM: return LOA_LEX_ENOMEM;
  default: return LOA_LEX_EFORMAT;
  }
}

/* The syllable list: DIR/syllables.txt, else hunspell-vi's dictionary. */
static int load_syllables(loa_lexicon *lx, const char *dir, char *err, size_t errlen)
{
  char path[4200];
  snprintf(path, sizeof path, "%s/syllables.txt", dir);
  errno = 0;
  int rc = load_file(lx, path, K_SYL, 0, err, errlen);
  if (rc != LOA_LEX_EIO || errno != ENOENT)
    return rc;
  errno = 0;
  rc = load_file(lx, HUNSPELL_DIC, K_DIC, 0, err, errlen);
  if (rc == LOA_LEX_EIO && errno == ENOENT)
    loa_errf(err, errlen, "%s: no such file (nor hunspell-vi's %s)", path, HUNSPELL_DIC);
  return rc;
}

/* ---- syllables written without their marks ---- */

/* S (a lower-case syllable) with every tone and vowel mark dropped and đ as d,
 * into OUT; the length, or -1 when S does not become plain ASCII letters. */
static int strip_marks(const char *s, size_t n, char *out, size_t cap)
{
  utf8proc_uint8_t *d = NULL;
  utf8proc_ssize_t r = utf8proc_map((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)n, &d,
                                    UTF8PROC_DECOMPOSE | UTF8PROC_STRIPMARK);
  if (r < 0)
    return -1;
  size_t k = 0;
  int ok = 1;
  for (utf8proc_ssize_t i = 0; i < r && ok;) {
    uint32_t cp;
    i += (utf8proc_ssize_t)loa_utf8_decode((const char *)d + i, (size_t)(r - i), &cp);
    if (cp == 0x111)
      cp = 'd';
    ok = cp >= 'a' && cp <= 'z' && k + 1 < cap;
    if (ok)
      out[k++] = (char)cp;
  }
  free(d);
  if (!ok)
    return -1;
  out[k] = 0;
  return (int)k;
}

/* 1 when the syllable S carries a tone mark (not only ă â ê ô ơ ư đ). */
static int has_tone(const char *s, size_t n)
{
  utf8proc_uint8_t *d = NULL;
  utf8proc_ssize_t r = utf8proc_map((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)n, &d,
                                    UTF8PROC_DECOMPOSE);
  int tone = 0;
  for (utf8proc_ssize_t i = 0; i < r && !tone;) {
    uint32_t cp;
    i += (utf8proc_ssize_t)loa_utf8_decode((const char *)d + i, (size_t)(r - i), &cp);
    tone = cp == 0x300 || cp == 0x301 || cp == 0x303 || cp == 0x309 || cp == 0x323;
  }
  free(d);
  return tone;
}

/* Add the marked syllables of T's keys to the bare table, first come first kept.
 * PASS 0: only those without a tone mark; 1: any. */
static int add_bare(loa_lexicon *lx, const table *t, int pass)
{
  for (size_t i = 0; i < t->n; i++) {
    char k[KEY_MAX], b[KEY_MAX];
    size_t kl = t->rows[i].klen;
    if (kl >= sizeof k)
      continue;
    memcpy(k, lx->arena.p + t->rows[i].key, kl); /* put may move the arena */
    int bl = strip_marks(k, kl, b, sizeof b);
    if (bl <= 0 || ((size_t)bl == kl && !memcmp(b, k, kl)))
      continue;
    if ((pass == 0 && has_tone(k, kl)) || table_find(lx, &lx->syl, k, kl) < 0 ||
        table_find(lx, &lx->bare, b, (size_t)bl) >= 0)
      continue;
    if (put(lx, &lx->bare, b, (size_t)bl, k, kl, 0))
      return -1;
  }
  return 0;
}

/* The pairs of consecutive words of value V (N bytes), without their marks
 * ("công an" -> "cong an"), into the pairs table. */
static int add_pairs(loa_lexicon *lx, const char *v, size_t n)
{
  char prev[KEY_MAX], key[2 * KEY_MAX + 1];
  int pl = -1;
  size_t i = 0;
  while (i < n) {
    size_t s = next_word(v, n, &i);
    char b[KEY_MAX];
    int bl = i > s ? strip_marks(v + s, i - s, b, sizeof b) : -1;
    if (bl > 0 && pl > 0) {
      memcpy(key, prev, (size_t)pl);
      key[pl] = ' ';
      memcpy(key + pl + 1, b, (size_t)bl);
      size_t kl = (size_t)pl + 1 + (size_t)bl;
      if (table_find(lx, &lx->pairs, key, kl) < 0 && put(lx, &lx->pairs, key, kl, NULL, 0, 0))
        return -1;
    }
    if (bl > 0)
      memcpy(prev, b, (size_t)bl);
    pl = bl;
  }
  return 0;
}

/* The pairs of every abbreviation expansion and loanword respelling. */
static int build_pairs(loa_lexicon *lx)
{
  const table *ts[] = {&lx->abbr, &lx->loan};
  for (size_t t = 0; t < 2; t++)
    for (size_t i = 0; i < ts[t]->n; i++) {
      const row *r = &ts[t]->rows[i];
      char v[1024];
      if (r->vlen >= sizeof v)
        continue;
      memcpy(v, lx->arena.p + r->val, r->vlen); /* put may move the arena */
      if (add_pairs(lx, v, r->vlen))
        return -1;
    }
  return 0;
}

/* The bare table: a syllable a lexicon value uses wins (bảo hiểm: hiem is hiểm),
 * then one without a tone (xuan is xuân), then any (viet is việt or viết). */
static int build_bare(loa_lexicon *lx)
{
  if (add_bare(lx, &lx->words, 1) || add_bare(lx, &lx->syl, 0) || add_bare(lx, &lx->syl, 1) ||
      build_pairs(lx))
    return -1;
  return 0;
}

/* ---- public API ---- */

/* A new lexicon with the syllable list of DIR (NULL: the shipped one) loaded; *DIR
 * then names the folder. LOA_LEX_OK or an error. */
static int load_start(loa_lexicon **out, const char **dir, char *def, size_t deflen, char *err,
                      size_t errlen)
{
  *out = NULL;
  if (!*dir) {
    snprintf(def, deflen, "%s/lexicon", loa_data_dir());
    *dir = def;
  }
  loa_lexicon *lx = calloc(1, sizeof *lx);
  if (!lx) {
    loa_errf(err, errlen, "out of memory");
    return LOA_LEX_ENOMEM;
  }
  int rc = load_syllables(lx, *dir, err, errlen);
  if (rc) {
    loa_lexicon_free(lx);
    return rc;
  }
  *out = lx;
  return LOA_LEX_OK;
}

int loa_lexicon_load(loa_lexicon **out, const char *dir, char *err, size_t errlen)
{
  char def[4096];
  loa_lexicon *lx;
  int rc = load_start(&lx, &dir, def, sizeof def, err, errlen);
  if (rc) {
    *out = NULL;
    return rc;
  }
  static const struct {
    const char *name;
    enum kind kind;
  } files[] = {
    {"letters.tsv", K_LETTER}, {"units.tsv", K_UNIT}, {"loanwords.tsv", K_LOAN},
    {"abbreviations.tsv", K_ABBR}, {"wordlists.tsv", K_LIST}, {"symbols.tsv", K_SIGN},
  };
  for (size_t i = 0; i < sizeof files / sizeof files[0] && !rc; i++) {
    char path[4200];
    snprintf(path, sizeof path, "%s/%s", dir, files[i].name);
    errno = 0;
    rc = load_file(lx, path, files[i].kind, 0, err, errlen);
    if (rc == LOA_LEX_EIO && (files[i].kind == K_LIST || files[i].kind == K_SIGN) &&
        errno == ENOENT)
      rc = LOA_LEX_OK; /* the word lists and the signs are optional: empty */
  }
  if (!rc && build_bare(lx)) {
    loa_errf(err, errlen, "out of memory");
    rc = LOA_LEX_ENOMEM;
  }
  if (rc) {
    loa_lexicon_free(lx);
    lx = NULL;
  }
  *out = lx;
  return rc;
}

int loa_lexicon_load_syllables(loa_lexicon **out, const char *dir, char *err, size_t errlen)
{
  char def[4096];
  return load_start(out, &dir, def, sizeof def, err, errlen);
}

int loa_lexicon_load_lists(loa_lexicon **out, const char *dir, char *err, size_t errlen)
{
  char path[4200];
  *out = NULL;
  if (dir)
    snprintf(path, sizeof path, "%s/wordlists.tsv", dir);
  else
    snprintf(path, sizeof path, "%s/lexicon/wordlists.tsv", loa_data_dir());
  loa_lexicon *lx = calloc(1, sizeof *lx);
  if (!lx)
    return loa_errf(err, errlen, "out of memory"), LOA_LEX_ENOMEM;
  errno = 0;
  int rc = load_file(lx, path, K_LIST, 0, err, errlen);
  if (rc) {
    loa_lexicon_free(lx);
    return rc;
  }
  *out = lx;
  return LOA_LEX_OK;
}

int loa_lexicon_add_override(loa_lexicon *lex, const char *path, char *err, size_t errlen)
{
  errno = 0;
  return load_file(lex, path, K_OVERRIDE, 1, err, errlen);
}

static void table_free(table *t)
{
  free(t->rows);
  free(t->slot);
}

void loa_lexicon_free(loa_lexicon *lex)
{
  if (!lex)
    return;
  table_free(&lex->abbr);
  table_free(&lex->loan);
  table_free(&lex->unit);
  table_free(&lex->letter);
  table_free(&lex->syl);
  table_free(&lex->spelled);
  table_free(&lex->sign);
  table_free(&lex->signaddr);
  table_free(&lex->words);
  table_free(&lex->bare);
  table_free(&lex->pairs);
  for (size_t i = 0; i < lex->nlists; i++) {
    for (size_t k = 0; k < lex->lists[i].n; k++)
      free(lex->lists[i].items[k]);
    free(lex->lists[i].items);
    free(lex->lists[i].name);
  }
  free(lex->lists);
  loa_buf_free(&lex->arena);
  free(lex);
}

#define NO_MATCH 0x7fffffffL

/* The word of CONTEXT that starts at S, counted from 0. */
static long word_index(const char *context, const char *s)
{
  long w = 0;
  for (const char *q = context; q < s; q++)
    w += *q == ' ';
  return w;
}

/* How far the phrase P (N bytes) stands in CONTEXT, as whole words, from the place of the
 * abbreviation (the word LOA_ABBR_HERE), in words: 1 for a neighbour. Marks ("#code") are
 * 0, and so is any phrase of a CONTEXT without the place. NO_MATCH when P is not there. */
static long phrase_distance(const char *context, const char *p, size_t n, long here)
{
  long best = NO_MATCH;
  if (!n)
    return best;
  for (const char *s = context; *s; s++)
    if ((s == context || s[-1] == ' ') && !strncmp(s, p, n) && (s[n] == 0 || s[n] == ' ')) {
      if (here < 0 || p[0] == '#')
        return 0;
      long w = word_index(context, s), words = 1;
      for (size_t k = 0; k < n; k++)
        words += p[k] == ' ';
      long d = w > here ? w - here : here - (w + words - 1);
      if (d < best)
        best = d;
    }
  return best;
}

/* The distance of the nearest context word of row R in CONTEXT (phrase_distance), or
 * NO_MATCH when none of them is there. */
static long context_distance(const loa_lexicon *lx, const row *r, const char *context, long here)
{
  const char *c = lx->arena.p + r->ctx, *end = c + r->ctxlen;
  long best = NO_MATCH;
  while (c < end) {
    const char *e = memchr(c, ',', (size_t)(end - c));
    if (!e)
      e = end;
    long d = phrase_distance(context, c, (size_t)(e - c), here);
    if (d < best)
      best = d;
    c = e + 1;
  }
  return best;
}

static int context_matches(const loa_lexicon *lx, const row *r, const char *context)
{
  return context_distance(lx, r, context, -1) != NO_MATCH;
}

/* The word index of the abbreviation's place in CONTEXT, or -1 when it is not marked. */
static long here_index(const char *context)
{
  size_t hl = strlen(LOA_ABBR_HERE);
  for (const char *s = context; s && *s; s++)
    if ((s == context || s[-1] == ' ') && !strncmp(s, LOA_ABBR_HERE, hl) && (s[hl] == 0 || s[hl] == ' '))
      return word_index(context, s);
  return -1;
}

/* 1 when every context word of row R is a mark ("#code", "#num"). */
static int lx_marks_only(const loa_lexicon *lx, const row *r)
{
  const char *c = lx->arena.p + r->ctx, *end = c + r->ctxlen;
  for (; c < end; c++)
    if ((c == lx->arena.p + r->ctx || c[-1] == ',') && *c != '#')
      return 0;
  return 1;
}

/* The row loa_lexicon_abbr answers with, and how it was chosen (LOA_ABBR_*). */
static const row *abbr_row(const loa_lexicon *lex, const char *abbr, size_t len,
                           const char *context, int *how)
{
  const table *t = &lex->abbr;
  long head = table_find(lex, t, abbr, len);
  *how = LOA_ABBR_UNKNOWN;
  if (head < 0)
    return NULL;
  const row *best = NULL, *def = NULL, *first = NULL;
  long here = here_index(context), bestd = NO_MATCH;
  for (long i = head; i >= 0; i = t->rows[i].next) {
    const row *r = &t->rows[i];
    /* a row for marks only (NC nội chính #code) is no guess outside what it marks */
    if ((!first || r->tier > first->tier) && !(r->ctxlen && lx_marks_only(lex, r)))
      first = r;
    if (!r->ctxlen) {
      if (!def || r->tier >= def->tier)
        def = r;
      continue;
    }
    /* the nearest decisive word wins; at the same distance, the station's own row */
    long d = context ? context_distance(lex, r, context, here) : NO_MATCH;
    if (d != NO_MATCH && (!best || d < bestd || (d == bestd && r->tier > best->tier))) {
      best = r;
      bestd = d;
    }
  }
  *how = best ? LOA_ABBR_CONTEXT : def ? LOA_ABBR_DEFAULT : first ? LOA_ABBR_GUESS : LOA_ABBR_UNKNOWN;
  return best ? best : def ? def : first;
}

const char *loa_lexicon_abbr(const loa_lexicon *lex, const char *abbr, size_t len,
                             const char *context)
{
  int how;
  const row *r = abbr_row(lex, abbr, len, context, &how);
  return r ? lex->arena.p + r->val : NULL;
}

int loa_lexicon_abbr_how(const loa_lexicon *lex, const char *abbr, size_t len, const char *context)
{
  int how;
  abbr_row(lex, abbr, len, context, &how);
  return how;
}

int loa_lexicon_abbr_has_context(const loa_lexicon *lex, const char *abbr, size_t len,
                                 const char *word)
{
  const table *t = &lex->abbr;
  long head = table_find(lex, t, abbr, len);
  for (long i = head; i >= 0; i = t->rows[i].next) {
    const row *r = &t->rows[i];
    if (r->ctxlen && context_matches(lex, r, word))
      return 1;
  }
  return 0;
}

const char *loa_lexicon_loanword(const loa_lexicon *lex, const char *word, size_t len)
{
  char key[KEY_MAX];
  int n = loa_vn_fold(word, len, key, sizeof key);
  if (n < 0)
    return NULL;
  long i = table_find(lex, &lex->loan, key, (size_t)n);
  return i < 0 ? NULL : lex->arena.p + lex->loan.rows[i].val;
}

const char *loa_lexicon_unit(const loa_lexicon *lex, const char *unit, size_t len)
{
  long i = table_find(lex, &lex->unit, unit, len);
  return i < 0 ? NULL : lex->arena.p + lex->unit.rows[i].val;
}

const char *loa_lexicon_sign(const loa_lexicon *lex, const char *sign, size_t len, int in_address)
{
  const table *t = in_address ? &lex->signaddr : &lex->sign;
  long i = table_find(lex, t, sign, len);
  return i < 0 ? NULL : lex->arena.p + t->rows[i].val;
}

const char *loa_lexicon_letter(const loa_lexicon *lex, const char *letter, size_t len)
{
  char key[16];
  int n = loa_vn_fold(letter, len, key, sizeof key);
  if (n < 0)
    return NULL;
  long i = table_find(lex, &lex->letter, key, (size_t)n);
  return i < 0 ? NULL : lex->arena.p + lex->letter.rows[i].val;
}

int loa_lexicon_is_syllable(const loa_lexicon *lex, const char *word, size_t len)
{
  return table_find(lex, &lex->syl, word, len) >= 0 || table_find(lex, &lex->words, word, len) >= 0;
}

int loa_lexicon_spells_syllable(const loa_lexicon *lex, const char *word, size_t len)
{
  char key[KEY_MAX];
  int n = loa_vn_syllable_key(word, len, key, sizeof key);
  return n > 0 && table_find(lex, &lex->spelled, key, (size_t)n) >= 0;
}

const char *loa_lexicon_bare_syllable(const loa_lexicon *lex, const char *word, size_t len)
{
  long i = table_find(lex, &lex->bare, word, len);
  return i < 0 ? NULL : lex->arena.p + lex->bare.rows[i].val;
}

int loa_lexicon_bare_pair(const loa_lexicon *lex, const char *a, size_t alen, const char *b,
                          size_t blen)
{
  char key[2 * KEY_MAX + 1];
  if (alen >= KEY_MAX || blen >= KEY_MAX)
    return 0;
  memcpy(key, a, alen);
  key[alen] = ' ';
  memcpy(key + alen + 1, b, blen);
  return table_find(lex, &lex->pairs, key, alen + 1 + blen) >= 0;
}

const char *const *loa_lexicon_list(const loa_lexicon *lex, const char *name)
{
  static const char *const none[] = {NULL};
  const wordlist *l = list_find(lex, name, strlen(name));
  return l && l->items ? (const char *const *)l->items : none;
}
