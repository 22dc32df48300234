/* liq_reply.h: Liquidsoap's answers on its server interface, read from the bytes received.
 *
 * Every answer is lines (ending "\r\n" or "\n") closed by a line "END" ("Bye!" after
 * "quit"). These are pure functions on what has been received so far, with no I/O
 * (playout.c reads the socket, with its deadline), fuzzed by tests/fuzz/fuzz_liq_reply.c.
 * An answer is bytes as Liquidsoap sent them: print it through lexicon/escape.h.
 */
#ifndef LOA_LIQ_REPLY_H
#define LOA_LIQ_REPLY_H

#include <stddef.h>

#define LOA_LIQ_REPLY_MAX 65536   /* a longer answer is not Liquidsoap's */

/* Where the answer closed by TERMINATOR ends in BUF (N bytes received so far). *SCANNED (0
 * at first) is where the search goes on when more bytes have come. Returns 1 when the
 * closing line is there, with *TEXT = the length of the answer before it (the line ends
 * at its end taken off) and *USED = the bytes up to and including the closing line;
 * 0 while it has not come. */
int loa_liq_answer_end(const char *buf, size_t n, const char *terminator, size_t *scanned,
                       size_t *text, size_t *used);

/* The answer TEXT (N bytes) as a request number: 1 to 15 digits and nothing else.
 * Returns it, or -1. */
long long loa_liq_answer_rid(const char *text, size_t n);

/* 1 when the answer TEXT (N bytes; key="value" lines, as request.metadata gives them)
 * has the line KEY="VALUE", else 0. */
int loa_liq_answer_has(const char *text, size_t n, const char *key, const char *value);

#endif
