/* json.h: the little JSON the web console speaks: writing values into a loa_buf, and
 * reading one member of a flat request object ({"user": "...", "password": "..."}).
 *
 * The reader is strict (RFC 8259: one object, strings with their escapes and UTF-16
 * surrogate pairs, numbers, true/false/null, nested values skipped); anything else,
 * a NUL in a string or invalid UTF-8 is malformed. It never allocates.
 */
#ifndef LOA_WEB_JSON_H
#define LOA_WEB_JSON_H

#include <stddef.h>
#include "lexicon/buf.h"

/* S as a JSON string, quotes included (NULL = null). Invalid UTF-8 bytes become U+FFFD. */
void loa_json_str(loa_buf *b, const char *s);
/* "KEY": S, preceded by a comma unless FIRST. */
void loa_json_kv_str(loa_buf *b, int first, const char *key, const char *s);
void loa_json_kv_num(loa_buf *b, int first, const char *key, double v);
void loa_json_kv_int(loa_buf *b, int first, const char *key, long long v);
void loa_json_kv_bool(loa_buf *b, int first, const char *key, int v);

/* Is JSON (N bytes) one well-formed object? 0, or -1. */
int loa_json_check(const char *json, size_t n);

/* The member KEY of the object JSON: a string is unescaped into OUT (UTF-8), a number,
 * true, false or null given as its text. Returns 1 found, 0 absent, -1 when JSON is
 * malformed, -2 when the value does not fit in OUTLEN or is an object or array. */
int loa_json_get(const char *json, size_t n, const char *key, char *out, size_t outlen);

#endif
