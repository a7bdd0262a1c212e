#!/usr/bin/python3
# epub-links.py - every link of a book leads somewhere: each href and src inside the package
# (chapters, nav, contents page, NCX) names a file in the archive and, with a fragment, an id
# in that very file; every chapter file (continuations of a split one too) is in the manifest
# and the spine; the nav and the NCX list each article once, at its first file.
# Run by tests/run-tests.sh over every book it builds.
# Usage: tests/tools/epub-links.py BOOK.epub...   (exit 1 with one line per problem)
import posixpath
import re
import sys
import urllib.parse
import zipfile
import xml.etree.ElementTree as ET

OPF = "{http://www.idpf.org/2007/opf}"
CHAPTER = re.compile(r"chapter-[0-9]+\.xhtml$")
CONTINUATION = re.compile(r"chapter-[0-9]+-[0-9]+\.xhtml$")


def ids_of(root):
    return {element.get("id") for element in root.iter() if element.get("id") is not None}


def references(root):
    """(attribute value) of every href/src/xlink:href that points inside the book."""
    for element in root.iter():
        for name, value in element.attrib.items():
            if name.split("}")[-1] in ("href", "src") and not re.match(r"[a-z][a-z0-9+.-]*:", value):
                yield element.tag.split("}")[-1], value


def check(path):
    problems, checked = [], 0
    book = zipfile.ZipFile(path)
    names = set(book.namelist())
    opf_path = "EPUB/content.opf"
    opf = ET.fromstring(book.read(opf_path))
    base = posixpath.dirname(opf_path)
    manifest = {item.get("id"): posixpath.join(base, item.get("href"))
                for item in opf.iter(OPF + "item")}
    spine = [manifest.get(ref.get("idref")) for ref in opf.iter(OPF + "itemref")]
    for name in sorted(names):
        if CHAPTER.search(name) or CONTINUATION.search(name):
            if name not in manifest.values():
                problems.append(f"{name}: not in the manifest")
            if name not in spine:
                problems.append(f"{name}: not in the spine")
    for name in spine:
        if name not in names:
            problems.append(f"spine item {name}: not in the archive")
    trees, ids = {}, {}
    for name in manifest.values():
        if name in names and (name.endswith(".xhtml") or name.endswith(".ncx")):
            trees[name] = ET.fromstring(book.read(name))
            ids[name] = ids_of(trees[name])
    for name, root in trees.items():
        for tag, value in references(root):
            target, _, fragment = (urllib.parse.unquote(part) for part in value.partition("#"))
            target = posixpath.normpath(posixpath.join(posixpath.dirname(name), target)) \
                if target else name
            checked += 1
            if target not in names:
                problems.append(f"{name}: {value}: no such file")
            elif fragment and fragment not in ids.get(target, set()):
                problems.append(f"{name}: {value}: no id '{fragment}' in {target}")
    # One entry per article, at its first file: a continuation is never an entry of its own.
    articles = sum(1 for name in names if CHAPTER.search(name))
    nav = trees.get("EPUB/nav.xhtml")
    nav = next((element for element in nav.iter("{http://www.w3.org/1999/xhtml}nav")
                if element.get("{http://www.idpf.org/2007/ops}type") == "toc"), None) \
        if nav is not None else None
    if nav is not None:
        entries = [v for t, v in references(nav) if CHAPTER.search(v.partition("#")[0]) and "#" not in v]
        if len(entries) != articles:
            problems.append(f"nav.xhtml: {len(entries)} article entries for {articles} articles")
        for tag, value in references(nav):
            if CONTINUATION.search(value) and "#" not in value:
                problems.append(f"nav.xhtml: {value}: a continuation listed as an entry")
    return problems, checked


def main():
    failed, links = 0, 0
    for path in sys.argv[1:]:
        problems, checked = check(path)
        links += checked
        for problem in problems:
            print(f"{path}: {problem}")
        failed += bool(problems)
    print(f"epub-links: {len(sys.argv) - 1 - failed} passed, {failed} failed ({links} links)")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
