/* mp3_frame.h: MPEG audio Layer III frame headers and the Xing/LAME info frame.
 *
 * Internal to the mp3 module (mp3_*.c); not a contract for other modules.
 *
 * An info frame is a silent Layer III frame placed before the audio whose
 * ancillary data holds a Xing header ("Xing" for VBR, "Info" for CBR: frame
 * count, byte count, 100-entry seek table, quality) and the LAME extension
 * (encoder, delay and padding for gapless decoding, music length and CRCs).
 * Layout after the side information, all integers big-endian:
 *
 *   +0   "Xing"/"Info"   +4 flags (0x0F)   +8 frames   +12 bytes
 *   +16  TOC[100]        +116 quality
 *   +120 LAME extension (36 bytes):
 *        0 encoder[9] 9 revision|method 10 lowpass/100 11 peak[4]
 *        15 radio gain[2] 17 audiophile gain[2] 19 flags|ATH 20 bitrate
 *        21 delay(12 bits) padding(12 bits) 24 misc 25 mp3gain
 *        26 preset|surround[2] 28 music length[4] 32 music CRC[2]
 *        34 tag CRC[2] (CRC-16 of the frame from its first byte up to here)
 */
#ifndef LOA_MP3_FRAME_H
#define LOA_MP3_FRAME_H

#include <stddef.h>
#include <stdint.h>
#include "pipeline/mp3.h"

typedef struct {
  int lsf;            /* 0 MPEG-1, 1 MPEG-2 or MPEG-2.5 */
  int mpeg25;         /* 1 for MPEG-2.5 */
  int bitrate_kbps;
  int samplerate;
  int padding;        /* padding slot present */
  int protection;     /* 1 if a 16-bit CRC follows the header */
  int mode;           /* 0 stereo, 1 joint stereo, 2 dual channel, 3 mono */
  int bytes;          /* whole frame length, header included */
  int samples;        /* PCM frames per MPEG frame: 1152 (MPEG-1) or 576 */
  int sideinfo;       /* side-information bytes following the header */
  uint32_t raw;       /* the four header bytes */
} loa_mpa_header;

/* Parses a Layer III header; 0, or -1 if H is not one (free format included). */
int loa_mpa_parse(const unsigned char h[4], loa_mpa_header *out);

/* 1 if MPEG audio has this sample rate / this Layer III bitrate at that rate.
 * LAME caps MPEG-2.5 (8, 11.025, 12 kHz) at 64 kbps, so that is the limit here. */
int loa_mpa_samplerate_valid(int samplerate);
int loa_mpa_bitrate_valid(int samplerate, int kbps);

/* Frame length in bytes of a Layer III frame (no padding slot). */
int loa_mpa_frame_bytes(int samplerate, int kbps);

/* CRC-16/ARC (polynomial 0x8005 reflected, as LAME and mpg123 use). */
uint16_t loa_crc16(uint16_t crc, const unsigned char *p, size_t n);

#define LOA_MPA_TOC 100
#define LOA_MPA_LAME_BYTES 36

typedef struct {
  int vbr;                    /* 1 "Xing", 0 "Info" */
  uint32_t frames;            /* audio frames after the info frame */
  uint32_t bytes;             /* info frame + audio frames */
  unsigned char toc[LOA_MPA_TOC];
  uint32_t quality;           /* Xing quality indicator, 0 best .. 100 */
  int has_frames, has_bytes;  /* set by loa_mpa_info_parse */
  /* LAME extension */
  int has_lame;
  char encoder[10];           /* up to 9 characters, e.g. "LAME3.100" */
  int vbr_method;             /* 1 CBR, 2 ABR, 3 VBR rh, 4 VBR mtrh, 5 VBR mt */
  int lowpass_hz;
  int ath_type;
  int bitrate_kbps;           /* CBR bitrate / VBR minimum, 255 max */
  int delay, padding;         /* samples, 12 bits each */
  uint32_t music_length;      /* bytes = info frame + audio frames */
  uint16_t music_crc;         /* CRC-16 of the audio frames */
  int tag_crc_ok;             /* set by loa_mpa_info_parse */
} loa_mpa_info;

/* Writes into BUF (CAP bytes) the info frame for a stream whose frames look
 * like STREAM (same version, sample rate and channel mode). CBR keeps the
 * stream's bitrate when the frame can hold the tag; otherwise the smallest
 * bitrate that can. Returns the frame length, or -1 if nothing fits. */
int loa_mpa_info_write(const loa_mpa_header *stream, const loa_mpa_info *info,
                       unsigned char *buf, size_t cap);

/* Reads the Xing/Info header (and LAME extension, if any) from the N bytes of
 * the frame FRAME with header H. 0, or -1 if the frame holds no such tag. */
int loa_mpa_info_parse(const unsigned char *frame, size_t n, const loa_mpa_header *h,
                       loa_mpa_info *out);

/* What LAME does with settings S, as the LAME extension records it: encoder
 * name, VBR method, lowpass, ATH type, bitrate byte, encoder delay, quality
 * indicator (defined in mp3_enc.c). DESC gets a line for the TSSE frame.
 * LOA_MP3_OK, LOA_MP3_EARG or LOA_MP3_EENC. */
int loa_mp3_lame_facts(const loa_mp3_settings *s, loa_mpa_info *info, char *desc,
                       size_t desclen, char *err, size_t errlen);

#endif
