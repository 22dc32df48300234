/* web.h: `loa web`, the station's web console: pages and a JSON API from one small
 * embedded HTTP server (libmicrohttpd), on top of the watch folder, the scheduler's
 * plan and the air log (web -> schedules -> pipeline -> tts -> lexicon).
 *
 * The console adds no second state: a bulletin submitted here is a file written into
 * inbox/ (web/bulletins.h), approval is the hold mark the scheduler honours
 * (schedules/plan.h), the calendar is the plan, what aired is the air log. Only the
 * sessions (memory), the users (web/users.h) and the record of actions
 * (web/audit.h) are the console's own.
 *
 * Every request path is looked up in a fixed table: the API's routes, "/" and the
 * assets read into memory at start from DATA/web/assets (DATA = loa_data_dir()); any
 * other path is 404 and no file is ever opened from a request's path.
 */
#ifndef LOA_WEB_H
#define LOA_WEB_H

#include <stddef.h>
#include "schedules/config.h"

typedef struct {
  const loa_config *config;
  const char *listen;        /* "ADDRESS:PORT"; NULL = config's [web] listen */
  const char *assets_dir;    /* NULL = loa_data_dir()/web/assets */
  const char *self;          /* the loa executable, for word previews (`loa build`) */
  void (*log)(void *user, const char *line);  /* one line per start, stop, error */
  void *log_user;
} loa_web_opts;

/* Serve until loa_web_request_stop(). Returns 0, or -1 with err (cannot listen,
 * assets missing, users file wrong, state folder unwritable). */
int loa_web_run(const loa_web_opts *o, char *err, size_t errlen);

/* Ask loa_web_run to return (async-signal-safe). */
void loa_web_request_stop(void);

/* The users file of config C: [web] users, else STATE/web-users.txt. */
void loa_web_users_path(const loa_config *c, char *out, size_t len);

#endif
