#!/usr/bin/env python3
"""blocks2md.py: rebuild a document as Markdown from what loa_decode_tool saw in it.

    blocks2md.py BLOCKS DROPPED > doc.md

BLOCKS is `loa_decode_tool --blocks` output (kind, line, text), DROPPED is `--dropped`
output (line, reason, text). Each block becomes a paragraph, as a word processor holds
it (list items become Markdown bullets, so pandoc writes them as real Word/ODF lists),
and each dropped line comes back as its own paragraph at its place, so that the
document carries its clutter (motto, number, signature...) for loa to drop again.
Every ASCII punctuation mark is escaped, so pandoc takes nothing for markup.
"""
import sys


def escape(text):
    return ''.join('\\' + c if (c.isascii() and not c.isalnum() and c not in ' ') else c for c in text)


def main():
    items = []
    with open(sys.argv[1], encoding='utf-8') as f:
        for row in f:
            kind, line, text = row.rstrip('\n').split('\t', 2)
            items.append((int(line), 0, kind, text))
    with open(sys.argv[2], encoding='utf-8') as f:
        for row in f:
            line, reason, text = row.rstrip('\n').split('\t', 2)
            if reason.startswith('link inside a sentence'):
                continue   # it was inside a paragraph, which a word processor does not split
            items.append((int(line), 1, 'dropped', text))
    items.sort(key=lambda x: (x[0], x[1]))
    out = []
    for _line, _order, kind, text in items:
        if kind == 'list':
            out.append('- ' + escape(text))
        elif kind == 'table':
            out.append(escape(text))
        else:
            out.append(escape(text))
    sys.stdout.write('\n\n'.join(out) + '\n')


if __name__ == '__main__':
    main()
