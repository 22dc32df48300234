/* users.h: the web console's users ([web] users = PATH), one per line:
 *
 *   NAME:ROLE:HASH      e.g.  lan:editor:$y$j9T$...
 *
 * NAME is 1-32 of a-z 0-9 . _ -; ROLE is editor (submits bulletins), approver (also
 * approves and withdraws), or admin (also manages users and the local lexicon); HASH
 * is libcrypt's yescrypt ("$y$", a fresh random salt per password, crypt_gensalt_rn +
 * crypt_rn). The file is rewritten atomically with mode 0600; lines starting with #
 * are comments. Passwords are never stored nor logged.
 */
#ifndef LOA_WEB_USERS_H
#define LOA_WEB_USERS_H

#include <stddef.h>

typedef enum { LOA_ROLE_NONE = 0, LOA_ROLE_EDITOR = 1, LOA_ROLE_APPROVER = 2, LOA_ROLE_ADMIN = 3 } loa_role;

#define LOA_USERS_MAX 256

typedef struct {
  char name[33];
  loa_role role;
  char hash[160];
} loa_user;

typedef struct {
  loa_user u[LOA_USERS_MAX];
  int n;
} loa_users;

/* "editor" -> LOA_ROLE_EDITOR...; LOA_ROLE_NONE when unknown. */
loa_role loa_role_parse(const char *s);
const char *loa_role_name(loa_role r);
/* 1 when NAME is a valid user name. */
int loa_user_name_ok(const char *name);

/* Read PATH (a missing file is no user). Returns 0 or -1 with err "FILE:LINE: problem". */
int loa_users_load(loa_users *us, const char *path, char *err, size_t errlen);
/* Write US to PATH atomically (0600). Returns 0 or -1 with err. */
int loa_users_save(const loa_users *us, const char *path, char *err, size_t errlen);

/* Add NAME with ROLE and PASSWORD (hashed here), or change an existing user's role and
 * password. *CHANGED = 1 when NAME existed. Returns 0 or -1 with err (a short password,
 * a bad name, the hash failing). */
int loa_users_set(loa_users *us, const char *name, loa_role role, const char *password,
                  int *changed, char *err, size_t errlen);
/* Remove NAME: 0, or -1 when there is none. */
int loa_users_remove(loa_users *us, const char *name);

/* The role of NAME when PASSWORD is its password, else LOA_ROLE_NONE. An unknown name
 * costs the same hashing as a known one. */
loa_role loa_users_verify(const loa_users *us, const char *name, const char *password);

#define LOA_PASSWORD_MIN 8

#endif
