#!/usr/bin/env python3
"""mp3_whole.py FILE...: is each MP3 whole? (used by the watch-folder tests)

An MP3 cut short still decodes (to a shorter sound), so decoding is no proof.
This walks the file: an ID3v2 tag whose size fits, then MPEG audio frames one
after another to the end of the file (or an ID3v1 tag), and the Xing/Info
frame's frame and byte counts, which the encoder writes for the whole stream,
must match what is there. Prints one line per bad file; exit status 1 if any.
"""
import sys

BITRATES = {  # (version_bits, layer_bits=01 i.e. layer III) -> kbps table
    3: [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320],   # MPEG-1
    2: [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160],       # MPEG-2
    0: [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160],       # MPEG-2.5
}
RATES = {3: [44100, 48000, 32000], 2: [22050, 24000, 16000], 0: [11025, 12000, 8000]}


def frame_at(b, i):
    """(length, header fields) of the layer III frame starting at i, or None."""
    if i + 4 > len(b) or b[i] != 0xFF or (b[i + 1] & 0xE0) != 0xE0:
        return None
    ver = (b[i + 1] >> 3) & 3
    layer = (b[i + 1] >> 1) & 3
    br = (b[i + 2] >> 4) & 15
    sr = (b[i + 2] >> 2) & 3
    pad = (b[i + 2] >> 1) & 1
    if ver == 1 or layer != 1 or br in (0, 15) or sr == 3:
        return None
    rate = RATES[ver][sr]
    kbps = BITRATES[ver][br]
    per = 144 if ver == 3 else 72
    return per * kbps * 1000 // rate + pad, ver, (b[i + 3] >> 6) & 3


def check(path):
    b = open(path, 'rb').read()
    if len(b) < 1000:
        return f"only {len(b)} bytes"
    i = 0
    if b[:3] == b'ID3':
        size = (b[6] << 21) | (b[7] << 14) | (b[8] << 7) | b[9]
        i = 10 + size + (10 if b[5] & 0x10 else 0)
        if i >= len(b):
            return "the ID3v2 tag runs past the end"
    first = frame_at(b, i)
    if not first:
        return f"no MPEG frame after the tag (byte {i})"
    length, ver, mode = first
    side = (32 if mode != 3 else 17) if ver == 3 else (17 if mode != 3 else 9)
    tag = b[i + 4 + side:i + 4 + side + 4]
    xing_frames = xing_bytes = None
    if tag in (b'Xing', b'Info'):
        flags = int.from_bytes(b[i + 8 + side:i + 12 + side], 'big')
        p = i + 12 + side
        if flags & 1:
            xing_frames = int.from_bytes(b[p:p + 4], 'big')
            p += 4
        if flags & 2:
            xing_bytes = int.from_bytes(b[p:p + 4], 'big')
    start = i
    frames = 0
    while i < len(b):
        f = frame_at(b, i)
        if not f:
            break
        if i + f[0] > len(b):
            return f"the last frame is cut short (frame {frames} at byte {i})"
        i += f[0]
        frames += 1
    rest = len(b) - i
    if rest and not (rest == 128 and b[i:i + 3] == b'TAG'):
        return f"{rest} bytes after frame {frames} are not a frame"
    if xing_frames is None:
        return "no Xing/Info frame with a frame count"
    audio = frames - 1   # the Xing/Info frame itself carries no audio
    if xing_frames not in (frames, audio):
        return f"Xing says {xing_frames} frames, the file has {audio}"
    if xing_bytes is not None and xing_bytes != i - start:
        return f"Xing says {xing_bytes} bytes of audio, the file has {i - start}"
    return None


def main():
    bad = 0
    for path in sys.argv[1:]:
        try:
            why = check(path)
        except OSError as e:
            why = str(e)
        if why:
            print(f"{path}: {why}")
            bad += 1
    return 1 if bad else 0


if __name__ == '__main__':
    sys.exit(main())
