#!/usr/bin/env python3
# matrix.py - the books read by MuPDF and calibre, as make reader-test runs them after the
# epub.js checks (mk/reader.mk).  Python because calibre, which this tests, brings it.
#
#   matrix.py --out DIR NAME:BOOK.epub[:drawn] ...
#
# MuPDF (mutool 1.21): every page renders to PNG without an error; the text MuPDF shows for
#   the nav document, and for the whole book, has none of the landmark labels; each figure's
#   caption comes after its photo and after its chapter's title.
# calibre (6.13): ebook-convert to AZW3 and to PDF without an error; ebook-meta on the AZW3
#   gives our main title, authors and language; --get-cover gives an image of our cover's
#   pixel size; the PDF's text has no landmark labels either.
# Drawn covers (":drawn"): no text outside the frame's inner margin.
# Prints one line per failed check and "matrix: N passed, N failed"; exits 1 on any failure.
import html
import os
import re
import struct
import subprocess
import sys
import xml.etree.ElementTree as ET
import zipfile

XHTML = '{http://www.w3.org/1999/xhtml}'
EPUB = '{http://www.idpf.org/2007/ops}'
OPF = '{http://www.idpf.org/2007/opf}'
DC = '{http://purl.org/dc/elements/1.1/}'

passed = 0
failed = 0


def check(ok, book, what, detail=''):
    global passed, failed
    if ok:
        passed += 1
    else:
        failed += 1
        print(f'FAIL: {book}: {what}' + (f': {detail}' if detail else ''), file=sys.stderr)
    return ok


def run(argv, timeout=600):
    env = dict(os.environ, QT_QPA_PLATFORM='offscreen',
               QTWEBENGINE_CHROMIUM_FLAGS='--no-sandbox', CALIBRE_CONFIG_DIRECTORY=CONFIG)
    return subprocess.run(argv, capture_output=True, text=True, timeout=timeout, env=env)


def squash(text):
    return re.sub(r'\s+', ' ', text).strip()


def text_of(element):
    return squash(''.join(element.itertext()))


def image_size(data):
    """(width, height) of a JPEG or PNG, read from its header."""
    if data[:8] == b'\x89PNG\r\n\x1a\n':
        return struct.unpack('>II', data[16:24])
    i = 2
    while i + 9 < len(data):
        if data[i] != 0xFF:
            i += 1
            continue
        marker, length = data[i + 1], struct.unpack('>H', data[i + 2:i + 4])[0]
        if marker in (0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE,
                      0xCF):
            height, width = struct.unpack('>HH', data[i + 5:i + 9])
            return width, height
        i += 2 + length
    return None


class Book:
    """What the EPUB itself says: metadata, spine, landmarks, figures."""

    def __init__(self, path):
        self.zip = zipfile.ZipFile(path)
        opf = ET.fromstring(self.zip.read('EPUB/content.opf'))
        meta = opf.find(OPF + 'metadata')
        self.title = squash(meta.find(DC + 'title').text)
        self.authors = [squash(c.text) for c in meta.findall(DC + 'creator')]
        self.language = squash(meta.find(DC + 'language').text)
        items = {i.get('id'): i for i in opf.find(OPF + 'manifest')}
        self.spine = [items[r.get('idref')].get('href') for r in opf.find(OPF + 'spine')]
        self.cover = next(i.get('href') for i in items.values()
                          if 'cover-image' in (i.get('properties') or '').split())
        nav = ET.fromstring(self.zip.read('EPUB/nav.xhtml'))
        self.landmark_labels, self.toc_labels = set(), set()
        for n in nav.iter(XHTML + 'nav'):
            labels = {text_of(e) for e in n.iter() if e.tag in (XHTML + 'a', XHTML + 'h1',
                                                               XHTML + 'h2')}
            if n.get(EPUB + 'type') == 'landmarks':
                self.landmark_labels |= labels
            else:
                self.toc_labels |= labels
        # Labels that are also a contents entry or a page's heading ("Contents", "Index")
        # are rightly visible elsewhere.
        headings = set()
        for href in self.spine:
            doc = ET.fromstring(self.zip.read('EPUB/' + href))
            headings |= {text_of(h) for h in doc.iter(XHTML + 'h1')}
        self.hidden_labels = self.landmark_labels - self.toc_labels - headings

    def figures(self):
        """(chapter title, caption) of every captioned figure, in reading order."""
        for href in self.spine:
            if not href.startswith('chapter-'):
                continue
            doc = ET.fromstring(self.zip.read('EPUB/' + href))
            h1 = next(doc.iter(XHTML + 'h1'), None)
            for figure in doc.iter(XHTML + 'figure'):
                caption = figure.find(XHTML + 'figcaption')
                if caption is not None and figure.find('.//' + XHTML + 'img') is not None:
                    yield (text_of(h1) if h1 is not None else None), text_of(caption)


def visible_lines(text):
    return {squash(line) for line in text.splitlines() if line.strip()}


def mupdf(name, path, book, out):
    pages = os.path.join(out, 'mupdf')
    os.makedirs(pages, exist_ok=True)
    result = run(['mutool', 'draw', '-q', '-r', '48', '-o',
                  os.path.join(pages, 'page-%03d.png'), path])
    errors = [l for l in result.stderr.splitlines() if 'error' in l.lower()]
    count = len([f for f in os.listdir(pages) if f.endswith('.png')])
    check(result.returncode == 0 and not errors and count > 0, name,
          'MuPDF renders every page', f'status {result.returncode}, {count} pages, ' +
          '; '.join(errors[:3]))
    # The nav document as MuPDF shows it, on its own.
    unzipped = os.path.join(out, 'unzipped')
    book.zip.extractall(unzipped)
    nav = run(['mutool', 'draw', '-q', '-F', 'txt', '-o', '-',
               os.path.join(unzipped, 'EPUB', 'nav.xhtml')])
    shown = visible_lines(nav.stdout) & book.hidden_labels
    check(nav.returncode == 0 and book.hidden_labels and not shown, name,
          'MuPDF shows no landmark label in the nav document',
          f'status {nav.returncode}; shown: {sorted(shown)}')
    text = run(['mutool', 'draw', '-q', '-F', 'txt', '-o', '-', path]).stdout
    shown = visible_lines(text) & book.hidden_labels
    check(not shown, name, 'MuPDF shows no landmark label anywhere in the book',
          f'shown: {sorted(shown)}')
    # The whole book as MuPDF laid it out: text in order, each picture as a marker.
    result = run(['mutool', 'draw', '-q', '-F', 'xhtml', '-o', '-', path])
    flow = re.sub(r'<img\b[^>]*>', ' \x00 ', result.stdout)
    flow = squash(html.unescape(re.sub(r'<[^>]+>', ' ', flow)))
    at = 0
    for title, caption in book.figures():
        start = flow.find(title[:40], at) if title else at
        where = flow.find(caption[:40], max(start, at))
        ok = start >= 0 and where >= 0 and '\x00' in flow[start:where]
        check(ok, name, 'MuPDF puts each caption after its photo and its chapter title',
              f'"{caption[:40]}" (title at {start}, caption at {where})')
        if where >= 0:
            at = where


def calibre(name, path, book, out):
    azw3 = os.path.join(out, name + '.azw3')
    result = run(['ebook-convert', path, azw3])
    if not check(result.returncode == 0, name, 'calibre converts to AZW3',
                 result.stderr.strip()[-300:]):
        return
    meta = run(['ebook-meta', azw3])
    fields = dict((k.strip(), v.strip()) for k, _, v in
                  (l.partition(':') for l in meta.stdout.splitlines()) if v)
    check(fields.get('Title') == book.title, name, 'AZW3 title is the main title',
          f'{fields.get("Title")!r}, want {book.title!r}')
    authors = [re.sub(r'\s*\[.*\]$', '', a) for a in
               re.sub(r'\s*\[[^\]]*\]$', '', fields.get('Author(s)', '')).split(' & ')]
    # calibre names a book without creators "Unknown".
    check(authors == (book.authors or ['Unknown']), name, 'AZW3 authors',
          f'{authors}, want {book.authors}')
    epub_meta = run(['ebook-meta', path]).stdout
    want = re.search(r'^Languages\s*:\s*(.*)$', epub_meta, re.M)
    check(fields.get('Languages') and want and fields['Languages'] == want.group(1).strip(),
          name, 'AZW3 language', f'{fields.get("Languages")!r} for {book.language!r}')
    cover = os.path.join(out, name + '.azw3-cover.jpg')
    if os.path.exists(cover):
        os.remove(cover)
    run(['ebook-meta', azw3, '--get-cover=' + cover])
    ours = image_size(book.zip.read('EPUB/' + book.cover))
    got = image_size(open(cover, 'rb').read()) if os.path.exists(cover) else None
    check(got is not None and got == ours, name, 'AZW3 cover has our cover\'s pixel size',
          f'{got}, want {ours}')
    pdf = os.path.join(out, name + '.pdf')
    result = run(['ebook-convert', path, pdf])
    if not check(result.returncode == 0 and os.path.getsize(pdf) > 0, name,
                 'calibre converts to PDF', result.stderr.strip()[-300:]):
        return
    text = run(['mutool', 'draw', '-q', '-F', 'txt', '-o', '-', pdf]).stdout
    shown = visible_lines(text) & book.hidden_labels
    check(not shown, name, 'calibre\'s PDF shows no landmark label', f'{sorted(shown)}')


def drawn_cover(name, book, out):
    """No white or gold text between the frame and the text boxes of cover.svg."""
    path = os.path.join(out, 'cover.jpg')
    data = book.zip.read('EPUB/' + book.cover)
    with open(path, 'wb') as f:
        f.write(data)
    width, height = image_size(data)
    scale = width / 1600
    # Design units: the frame's inside edge is at 83; the boxes start 180 from the left and
    # 220 from the top and end at 1420.
    strips = [(95, 95, 75, 1400), (1430, 95, 75, 1400), (95, 95, 1410, 115)]
    for left, top, w, h in strips:
        box = [str(round(v * scale)) for v in (left, top, w, h)]
        result = run(['vips', 'crop', path, os.path.join(out, 'strip.v')] + box)
        peak = run(['vips', 'max', os.path.join(out, 'strip.v')])
        value = float(peak.stdout or 999) if result.returncode == 0 else 999
        # The background is #1d3557: no channel above 87; text is white or gold.
        check(value < 140, name, 'drawn cover: nothing outside the text boxes',
              f'strip {box} peaks at {value}')


def main(argv):
    global CONFIG
    out = argv[argv.index('--out') + 1]
    books = [a for a in argv[1:] if ':' in a]
    CONFIG = os.path.abspath(os.path.join(out, 'calibre-config'))
    for spec in books:
        name, path, *flags = spec.split(':')
        book = Book(path)
        where = os.path.join(out, 'matrix', name)
        os.makedirs(where, exist_ok=True)
        mupdf(name, path, book, where)
        calibre(name, path, book, where)
        if 'drawn' in flags:
            drawn_cover(name, book, where)
    print(f'matrix: {passed} passed, {failed} failed')
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
