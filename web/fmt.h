/* fmt.h: snprintf for the web console's paths and messages, which may be cut short on
 * purpose (bounded buffers); returns what vsnprintf returns, so callers that must not
 * be cut compare it with the size as with snprintf. */
#ifndef LOA_WEB_FMT_H
#define LOA_WEB_FMT_H

#include <stddef.h>

int web_fmt(char *out, size_t n, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

#endif
