/* audit.h: the web console's record of every action (who, what, when), in the
 * station's state folder: STATE/web-audit.sqlite, one table `action`, append-only
 * (triggers refuse UPDATE and DELETE), WAL, synchronous=FULL (a row is on disk when
 * the call returns). Logins, failed logins, submissions, approvals, withdrawals,
 * lexicon edits and user changes are rows; passwords never are.
 */
#ifndef LOA_WEB_AUDIT_H
#define LOA_WEB_AUDIT_H

#include <stddef.h>

typedef struct loa_audit loa_audit;

typedef struct {
  double at;                 /* unix time */
  char user[40], action[32], target[1024], detail[512], ip[64];
} loa_audit_row;

int loa_audit_open(loa_audit **out, const char *state_dir, char *err, size_t errlen);
void loa_audit_close(loa_audit *a);

/* Append one row (AT = now). Returns 0 or -1 with err. */
int loa_audit_add(loa_audit *a, const char *user, const char *action, const char *target,
                  const char *detail, const char *ip, char *err, size_t errlen);

/* FN for the newest MAX rows (newest first), or only those whose target is TARGET
 * (when not NULL). Returns 0 or -1 with err. */
int loa_audit_each(loa_audit *a, const char *target, int max,
                   void (*fn)(void *user, const loa_audit_row *r), void *user,
                   char *err, size_t errlen);

#endif
