#!/usr/bin/env python3
"""blocks2md.py: rebuild a document as Markdown from what loa_decode_tool saw in it.

    blocks2md.py BLOCKS DROPPED [SOURCE.txt] > doc.md

BLOCKS is `loa_decode_tool --blocks` output (kind, line, text), DROPPED is `--dropped`
output (line, reason, text). Each block becomes a paragraph, as a word processor holds
it (list items become Markdown bullets, so pandoc writes them as real Word/ODF lists),
and each dropped line comes back as its own paragraph at its place, so that the
document carries its clutter (motto, number, signature...) for loa to drop again.
Every ASCII punctuation mark is escaped, so pandoc takes nothing for markup.

With SOURCE (the plain text the blocks came from, same line numbers), dropped lines laid
out in two columns there (a tab or a wide run of spaces: the authority beside the motto,
the "Nơi nhận:" list beside the signature) become what an office's Word document has for
them: a table of one row and two cells, each cell a paragraph per line.

A table's header row repeated after a page break is not written (a word processor's table
holds it once), and a row that a page break cut, which loa joined again, is written whole
(joined_rows; also used by tests/e2e/decode_corpus.sh to lay the text out on other pages).
"""
import re
import sys
import unicodedata

GAP = re.compile(r'\t[\t ]*| {3,}')


def escape(text):
    return ''.join('\\' + c if (c.isascii() and not c.isalnum() and c not in ' ') else c for c in text)


def columns(raw):
    """(left, right) of a source line: at its last wide gap; an indented line is right only."""
    raw = raw.rstrip(' \t\r\f\n')
    body = raw.lstrip(' \t\f')
    indent = len(raw) - len(body)
    gaps = list(GAP.finditer(body))
    if gaps:
        g = gaps[-1]
        return ' '.join(body[:g.start()].split()), ' '.join(body[g.end():].split())
    if indent >= 10 or '\t' in raw[:indent]:
        return '', ' '.join(body.split())
    return None


def cells(raw):
    """The cells of a table row in the source (tabs or '|'), or None."""
    raw = raw.strip(' \t\r\f\n')
    if '|' in raw:
        parts = raw.strip('|').split('|')
    elif '\t' in raw:
        parts = re.split(r'\t+', raw)
    else:
        return None
    return [' '.join(p.split()) for p in parts]


def joined_rows(source, lines):
    """The table rows loa joined across a page break: {row's line: its cells, whole}, and the
    source lines of their second halves. LINES are the (line, kind) of every block and
    dropped line; a table row in SOURCE that is none of them went into the table block above
    it, cell by cell."""
    seen = {line for line, _ in lines}
    tables = sorted(line for line, kind in lines if kind == 'table')
    rows, rest = {}, set()
    for no, raw in enumerate(source, 1):
        if no in seen or not raw.strip() or cells(raw) is None:
            continue
        above = [t for t in tables if t < no]
        if not above:
            continue
        row = rows.get(above[-1]) or cells(source[above[-1] - 1])
        more = cells(raw)
        n = max(len(row), len(more))
        row, more = row + [''] * (n - len(row)), more + [''] * (n - len(more))
        rows[above[-1]] = [' '.join(x for x in pair if x) for pair in zip(row, more)]
        rest.add(no)
    return rows, rest


def pipe_table(rows):
    """A pandoc pipe table: the first row is its header, as in the bulletins."""
    n = max(len(r) for r in rows)
    rows = [r + [''] * (n - len(r)) for r in rows]
    line = lambda r: '| ' + ' | '.join(escape(c) for c in r) + ' |'
    return '\n'.join([line(rows[0]), '|' + '---|' * n] + [line(r) for r in rows[1:]])


def grid_table(rows):
    """A pandoc grid table of one row; ROWS are (left, right) paragraph pairs."""
    left = [escape(l) for l, _ in rows if l]
    right = [escape(r) for _, r in rows if r]
    def cell(paras):
        out = []
        for p in paras:
            if out:
                out.append('')
            out.append(p)
        return out or ['']
    lc, rc = cell(left), cell(right)
    width = lambda s: len(unicodedata.normalize('NFC', s))
    wl = max(width(s) for s in lc) + 2
    wr = max(width(s) for s in rc) + 2
    n = max(len(lc), len(rc))
    lc += [''] * (n - len(lc))
    rc += [''] * (n - len(rc))
    rule = '+' + '-' * wl + '+' + '-' * wr + '+'
    out = [rule]
    for a, b in zip(lc, rc):
        out.append('| ' + a + ' ' * (wl - 1 - width(a)) + '| ' + b + ' ' * (wr - 1 - width(b)) + '|')
    out.append(rule)
    return '\n'.join(out)


def main():
    items, accounted = [], []
    with open(sys.argv[1], encoding='utf-8') as f:
        for row in f:
            kind, line, text = row.rstrip('\n').split('\t', 2)
            items.append((int(line), 0, kind, text))
    with open(sys.argv[2], encoding='utf-8') as f:
        for row in f:
            line, reason, text = row.rstrip('\n').split('\t', 2)
            accounted.append((int(line), 'dropped'))
            if reason.startswith('link inside a sentence'):
                continue   # it was inside a paragraph, which a word processor does not split
            if reason.startswith('table header repeated'):
                continue   # a word processor's table holds its header once
            items.append((int(line), 1, 'dropped', text))
    source = None
    if len(sys.argv) > 3:
        with open(sys.argv[3], encoding='utf-8', newline='') as f:
            source = f.read().replace('\r\n', '\n').split('\n')
    items.sort(key=lambda x: (x[0], x[1]))
    whole = joined_rows(source, [(x[0], x[2]) for x in items] + accounted)[0] if source else {}
    out = []
    i = 0
    while i < len(items):
        line, _order, kind, text = items[i]
        if kind == 'dropped' and source:
            # the run of dropped lines from here, and the part of it in two columns
            j = i
            while j < len(items) and items[j][2] == 'dropped':
                j += 1
            cols = [columns(source[items[k][0] - 1]) for k in range(i, j)]
            two = [k for k, c in enumerate(cols) if c is not None and c[0]]
            if two:
                a, z = two[0], two[-1]
                while z + 1 < j - i and cols[z + 1] is not None:   # the indented lines under it
                    z += 1
                for k in range(0, a):
                    out.append(escape(items[i + k][3]))
                rows = [cols[k] if cols[k] is not None else (items[i + k][3], '') for k in range(a, z + 1)]
                out.append(grid_table(rows))
                for k in range(z + 1, j - i):
                    out.append(escape(items[i + k][3]))
                i = j
                continue
        if kind == 'table' and source:
            # a run of table rows (separator rules inside it skipped): a Word table again
            j, rows = i, []
            while j < len(items) and (items[j][2] == 'table' or
                                      (items[j][2] == 'dropped' and not items[j][3].strip('|-+: '))):
                if items[j][2] == 'table':
                    rows.append(whole.get(items[j][0]) or cells(source[items[j][0] - 1]))
                j += 1
            if all(rows):
                out.append(pipe_table(rows))
                i = j
                continue
        if kind == 'list':
            out.append('- ' + escape(text))
        else:
            out.append(escape(text))
        i += 1
    sys.stdout.write('\n\n'.join(out) + '\n')


if __name__ == '__main__':
    main()
