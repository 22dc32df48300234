#!/usr/bin/env python3
"""vnenc.py: UTF-8 text -> a legacy Vietnamese encoding, for the decode tests.

    vnenc.py tcvn3|tcvn3-vntimeh|vni|cp1258-decomposed < in.txt > out.bin

Uses the same tables loa reads (tts/encodings/*.tsv), run backwards:
  tcvn3            upper-case toned letters at their TCVN 5712 VN1 places, Windows
                   punctuation (curly quotes, dashes, ellipsis) at its Windows-1252 places;
  tcvn3-vntimeh    upper-case toned letters as the lower-case codes, as typed in the
                   .VnTimeH capitals font (their case is then lost unless the decoder
                   restores it);
  vni              base letter + mark byte; other characters in Windows-1252;
  cp1258-decomposed  Windows-1258 with every tone as a combining mark after its letter
                   (what Vietnamese Windows keyboards type), unlike iconv's mixed output.
A character the encoding cannot hold is an error (exit 1), never silently changed.
"""
import os
import sys
import unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))
TABLES = os.path.join(os.environ.get('LOA_SOURCE_DIR', os.path.join(HERE, '..', '..')), 'tts', 'encodings')
TONES = '\u0300\u0301\u0303\u0309\u0323'


def read_tsv(name):
    rows = []
    with open(os.path.join(TABLES, name), encoding='utf-8') as f:
        for line in f:
            line = line.rstrip('\n')
            if not line or line.startswith('#'):
                continue
            rows.append(line.split('\t'))
    return rows


def char_of(field):
    return chr(int(field[2:], 16)) if field.startswith('U+') else field


def tcvn3_table():
    letters, punct = {}, {}
    for row in read_tsv('tcvn3.tsv'):
        b = int(row[0], 16)
        letters[char_of(row[1])] = b
        if len(row) > 2 and row[2]:
            punct[row[2]] = b
    return letters, punct


def encode_tcvn3(text, vntimeh):
    letters, punct = tcvn3_table()
    out = bytearray()
    for ch in unicodedata.normalize('NFC', text):
        if ord(ch) < 0x80:
            out.append(ord(ch))
            continue
        if vntimeh and ch.lower() != ch and ch not in 'ĂÂÊÔƠƯĐ' and ch.lower() in letters:
            ch = ch.lower()
        if ch in punct:
            out.append(punct[ch])
        elif ch in letters and letters[ch] >= 0x80:
            out.append(letters[ch])
        elif ch in letters:   # VN1 upper case in 0x01-0x17
            out.append(letters[ch])
        else:
            sys.exit('vnenc: %r (U+%04X) has no TCVN3 code' % (ch, ord(ch)))
    return bytes(out)


def encode_vni(text):
    table = {}
    for row in read_tsv('vni.tsv'):
        table[row[1]] = bytes(int(x, 16) for x in row[0].split())
    out = bytearray()
    for ch in unicodedata.normalize('NFC', text):
        if ch in table:
            out += table[ch]
        else:
            try:
                out += ch.encode('cp1252')
            except UnicodeEncodeError:
                sys.exit('vnenc: %r (U+%04X) has no VNI code' % (ch, ord(ch)))
    return bytes(out)


def encode_cp1258_decomposed(text):
    out = bytearray()
    for ch in unicodedata.normalize('NFC', text):
        d = unicodedata.normalize('NFD', ch)
        tone = ''.join(c for c in d if c in TONES)
        base = unicodedata.normalize('NFC', ''.join(c for c in d if c not in TONES))
        try:
            out += (base + tone).encode('cp1258')
        except UnicodeEncodeError:
            sys.exit('vnenc: %r (U+%04X) has no Windows-1258 code' % (ch, ord(ch)))
    return bytes(out)


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    text = sys.stdin.buffer.read().decode('utf-8')
    enc = sys.argv[1]
    if enc == 'tcvn3':
        data = encode_tcvn3(text, False)
    elif enc == 'tcvn3-vntimeh':
        data = encode_tcvn3(text, True)
    elif enc == 'vni':
        data = encode_vni(text)
    elif enc == 'cp1258-decomposed':
        data = encode_cp1258_decomposed(text)
    else:
        sys.exit('vnenc: unknown encoding ' + enc)
    sys.stdout.buffer.write(data)


if __name__ == '__main__':
    main()
