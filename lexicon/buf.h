/* buf.h: the plumbing every module shares: a growing byte string (loa_buf), a growing
 * array (loa_grow), and the one-line error message a function hands back (loa_errf).
 * Nothing else in loa reallocates by hand.
 *
 * loa_buf keeps its bytes NUL-terminated after every put, so B.p can be used as a
 * C string. On allocation failure B.oom is set, later puts do nothing, and the
 * caller checks B.oom once at the end (one error path instead of one per put).
 *
 *   loa_buf b = LOA_BUF_INIT;
 *   loa_buf_puts(&b, "ngày ");
 *   loa_buf_printf(&b, "%d", 5);
 *   if (b.oom) ...; use(b.p, b.n); loa_buf_free(&b);
 */
#ifndef LOA_BUF_H
#define LOA_BUF_H

#include <stddef.h>
#include <stdint.h>

typedef struct {
  char *p;        /* the bytes, NUL-terminated (NULL until the first put) */
  size_t n;       /* bytes used, not counting the NUL */
  size_t cap;     /* bytes allocated */
  int oom;        /* an allocation failed: the content is incomplete */
} loa_buf;

#define LOA_BUF_INIT {0, 0, 0, 0}

/* Room for EXTRA more bytes (and the NUL). Returns 0, or -1 and sets oom. */
int loa_buf_reserve(loa_buf *b, size_t extra);

void loa_buf_put(loa_buf *b, const void *data, size_t n);
void loa_buf_putc(loa_buf *b, char c);
void loa_buf_puts(loa_buf *b, const char *s);
void loa_buf_put_cp(loa_buf *b, uint32_t cp);   /* one code point as UTF-8 */
void loa_buf_printf(loa_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Empty it, keeping the allocation. */
void loa_buf_clear(loa_buf *b);

/* Drop the last N bytes (all of them if N > b->n). */
void loa_buf_trim(loa_buf *b, size_t n);

/* Hand the bytes over (malloc'd, NUL-terminated; an empty string when nothing was
 * put) and leave B empty. NULL when B.oom is set or memory runs out. */
char *loa_buf_take(loa_buf *b);

void loa_buf_free(loa_buf *b);

/* Grow an array ITEMS of SIZE-byte elements so that it holds at least NEED of them,
 * doubling *CAP (starting at 16). Returns the array (perhaps moved), or NULL when
 * memory runs out or the size would overflow; ITEMS and *CAP are then untouched:
 *
 *   T *p = loa_grow(arr, &cap, n + 1, sizeof *arr);
 *   if (!p) return LOA_E_NOMEM;
 *   arr = p;
 */
void *loa_grow(void *items, size_t *cap, size_t need, size_t size);

/* Format into ERR (N bytes; the text may be cut; nothing when ERR is NULL or N is 0).
 * Returns -1, so that `return loa_errf(err, n, ...);` reports a failure in one line.
 * Errors are returned with such a message, never printed deep inside. */
int loa_errf(char *err, size_t n, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

#endif
