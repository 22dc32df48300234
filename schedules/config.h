/* config.h: the station's configuration file (INI, read with inih).
 *
 *   [station]  name = Đài truyền thanh xã Yên Hòa ; commune = xã Yên Hòa ; timezone = Asia/Ho_Chi_Minh
 *   [voice]    voice = north-female ; rate = 190 ; dialect = north ; lexicon = local.tsv
 *   [audio]    lufs = -16 ; true_peak = -1.5 ; preset = loudspeaker ; bitrate = 96 ; samplerate = 44100
 *              (every key of [voice] and [audio] is a row of the settings table,
 *              pipeline/settings.h, which reads and checks it as the command line does)
 *   [paths]    root = /var/lib/loa  (inbox/, out/, done/, failed/, state/, cache/, playout/ under it;
 *              each can be set alone: inbox = ..., out = ..., ...)
 *   [slots]    file = slots.ini   (relative paths are relative to the config file)
 *   [publish]  folder = /var/lib/loa/playout ; liquidsoap = 127.0.0.1:1234 ; lead_minutes = 10
 *              zones = zones.ini (the loudspeaker clusters, schedules/zones.h) ;
 *              speakers = speakers.ini (the loudspeakers expected on each, schedules/speakers.h)
 *              (Liquidsoap on another machine needs liquidsoap_remote = yes: its server
 *              interface has no password)
 *   [watch]    settle_ms = 2000 ; rescan_s = 30 ; max_bytes = 2097152
 *   [web]      listen = 127.0.0.1:8080 ; users = users.txt (the console's users, web/users.h) ;
 *              approval = no (yes: an editor's bulletin waits for an approver)
 * Every key has a default; an unknown section or key, or a bad value, is an
 * error naming the file and line (schedules/inifile.h reads the file: any line length,
 * a folder or a file over 1 MB refused; names and texts are UTF-8).
 */
#ifndef LOA_CONFIG_H
#define LOA_CONFIG_H

#include <stddef.h>
#include "pipeline/build.h"

typedef struct {
  char path[4096];            /* the config file itself */
  char station[256], commune[256], timezone[64];
  loa_build_opts build;       /* [voice] and [audio]: voice, rate, dialect, lufs, true_peak,
                               * preset, mp3, lexicon...; station and max_input_bytes from
                               * [station] name and [watch] max_bytes */
  char text[8192];            /* storage behind the build's text settings (voice, preset,
                               * lexicon path), NUL-separated */
  size_t ntext;
  char root[4096], inbox[4096], out[4096], done[4096], failed[4096], state[4096],
       cache[4096], playout[4096];
  char slots_file[4096];
  char zones_file[4096];      /* "" = one zone, the station's single output */
  char speakers_file[4096];   /* "" = no loudspeaker check */
  char liquidsoap_host[256];
  int liquidsoap_port;        /* 0 = not used */
  int liquidsoap_remote;      /* 1: a host that is not this machine is allowed */
  int lead_minutes;
  int settle_ms, rescan_s;
  size_t max_bytes;
  char web_listen[256];       /* [web] listen: "ADDRESS:PORT" */
  char web_users[4096];       /* [web] users: "" = STATE/web-users.txt */
  int web_approval;           /* [web] approval: 1 = an editor's bulletin is held for an approver */
} loa_config;

void loa_config_default(loa_config *c);
/* Load PATH over the defaults. Returns 0 or -1 with err "FILE:LINE: problem". */
int loa_config_load(loa_config *c, const char *path, char *err, size_t errlen);
/* The same on TEXT (N bytes) in memory, called NAME in messages, its relative paths taken
 * relative to DIR (NULL: the current folder). */
int loa_config_parse(loa_config *c, const char *name, const char *text, size_t n, const char *dir,
                     char *err, size_t errlen);
/* 1 when HOST names this machine: localhost, 127.0.0.0/8, ::1 (nothing is looked up). */
int loa_config_liquidsoap_is_local(const char *host);

#endif
