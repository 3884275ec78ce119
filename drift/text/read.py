"""Read articles (plain text, Markdown, HTML, stdin, JSONL corpora) into :class:`Document`.

Plain text and Markdown are unwrapped first (:mod:`drift.text.unwrap`: the lines of a
hard-wrapped paragraph are joined, and every paragraph keeps the numbers of its lines), then
page furniture is separated by :mod:`drift.text.furniture`, judged on paragraphs in context;
every removed piece is kept in :attr:`Document.removed` with the rule that removed it and its
lines. An HTML page's main text is extracted by trafilatura (:data:`TRAFILATURA_OPTIONS`);
its lines are paragraphs already. ``strip=False`` reads every line as it is: no unwrapping,
no furniture rules (input that is one sentence a line).

Bytes become text in :mod:`drift.text.inputs`: only a regular file or stdin is opened, within
a size limit, and its encoding is UTF-8, a byte-order mark's or detected.

**Lines.** Only ``\\n``, ``\\r\\n`` and ``\\r`` end a line
(:func:`drift.text.normalize.split_lines`); form feed, vertical tab, NEL, U+2028, U+2029 and
other control characters are read as spaces.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from types import MappingProxyType
from typing import Any

from drift.errors import ConfigError, InputError
from drift.text.furniture import Removed, strip_furniture, strip_paragraphs
from drift.text.inputs import (
    DEFAULT_MAX_BYTES,
    decode_bytes,
    max_input_bytes,
    parse_size,
    read_input_bytes,
    read_text,
)
from drift.text.normalize import normalize, split_lines
from drift.text.unwrap import LineMap, unwrap

__all__ = ["Document", "Removed", "read_document", "read_documents", "read_text",
           "read_input_bytes", "max_input_bytes", "record_id", "parse_size", "DEFAULT_MAX_BYTES",
           "jsonl_objects", "decode_bytes", "document_from_text", "normalize", "strip_furniture",
           "LineMap", "FORMATS", "TRAFILATURA_OPTIONS"]

FORMATS = ("text", "markdown", "html")


@dataclass(frozen=True)
class Document:
    """An article as read: its body paragraphs and what was removed around them.

    Attributes:
        path: the path given, ``-`` for stdin, or ``<text>`` for a string.
        paragraphs: body paragraphs, original text (the lines of a hard-wrapped paragraph
            joined into one, see :mod:`drift.text.unwrap`).
        removed: page furniture taken out, in reading order.
        format: ``text``, ``markdown`` or ``html``.
        encoding: the text encoding the file was read with (``utf-8`` for text in memory).
        line_maps: per paragraph, where each of its input lines starts in it (1-based line
            numbers); empty where the lines are not the user's (HTML, whose text is the
            extractor's).
    """

    path: str
    paragraphs: tuple[str, ...]
    removed: tuple[Removed, ...] = field(default_factory=tuple)
    format: str = "text"
    encoding: str = "utf-8"
    line_maps: tuple[LineMap, ...] = field(default_factory=tuple)

    @property
    def text(self) -> str:
        return "\n\n".join(self.paragraphs)


# --- text to lines -------------------------------------------------------------------------

#: control characters and Unicode line/paragraph separators, read as spaces (same length, so
#: offsets into the text are kept)
_AS_SPACE = {c: " " for c in [*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20),
                              *range(0x7F, 0xA0), 0x2028, 0x2029]}


def _looks_like_html(text: str) -> bool:
    head = text.lstrip()[:500].lower()
    return head.startswith(("<!doctype html", "<html")) or ("<body" in head and "</" in text)


_MD_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_MD_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+")
_MD_EMPH = re.compile(r"(\*\*|__|\*|`)")
_MD_ITEM = re.compile(r"^(\s*)(?:[-*+]|\d+\.)\s+")


def _markdown_to_lines(text: str) -> tuple[list[str], set[int]]:
    """The lines of Markdown as text (links, emphasis and heading marks off, every list marker
    made ``-``), and the 1-based numbers of the heading lines."""
    out, headings = [], set()
    for k, line in enumerate(split_lines(text), 1):
        line = _MD_LINK.sub(r"\1", line)
        if _MD_HEADING.match(line):
            line = _MD_HEADING.sub("", line).rstrip("#").strip()  # a heading: stays title-like
            headings.add(k)
        line = _MD_ITEM.sub(r"\1- ", line)
        out.append(_MD_EMPH.sub("", line))
    return out, headings


#: how drift calls trafilatura on an HTML page (``trafilatura.extract(html, **OPTIONS)``)
TRAFILATURA_OPTIONS: Mapping[str, bool] = MappingProxyType({"include_comments": False})


def _html_to_lines(html: str, name: str) -> tuple[list[str], list[Removed], str | None]:
    """The main text's lines, the page text left out of it, and the page's title."""
    import trafilatura
    from lxml import html as lxml_html

    found = trafilatura.extract(html, output_format="json", with_metadata=True,
                                **TRAFILATURA_OPTIONS)  # type: ignore[arg-type]
    extracted = json.loads(found) if found else {}
    body, title = extracted.get("text") or "", extracted.get("title")
    if not body.strip():
        raise InputError(f"{name}: no article text found in the HTML page")
    body = body.translate(_AS_SPACE)
    kept = normalize(body)
    removed: list[Removed] = []
    try:
        tree = lxml_html.fromstring(html)
        for bad in tree.xpath("//script|//style|//noscript|//template"):
            bad.drop_tree()
        seen = set()
        for el in tree.iter("p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "a", "figcaption",
                            "td", "button", "label", "span", "time"):
            t = " ".join(el.text_content().split())
            if t and t not in seen and normalize(t) not in kept:
                seen.add(t)
                removed.append(Removed(t, "html-boilerplate", -1))
    except Exception:  # noqa: BLE001 - the report of removed text is best effort
        pass
    return split_lines(body), removed, title if isinstance(title, str) else None


def document_from_text(
    text: str, *, path: str = "<text>", strip: bool = True, fmt: str | None = None,
    encoding: str = "utf-8",
) -> Document:
    """Build a :class:`Document` from text already in memory.

    Args:
        text: the article (plain text, Markdown or HTML).
        path: a name for messages and reports.
        strip: apply the furniture rules.
        fmt: ``text``, ``markdown`` or ``html``; guessed from ``path`` and content if None.
        encoding: the encoding the text was read with (recorded in the document).

    Raises:
        InputError: empty text, an HTML page without article text, or (with ``strip``) a page
            of more than one line that is all page furniture: no article found.
    """
    if not text.strip():
        raise InputError(f"{path}: text is empty")
    if fmt is None:
        suffix = Path(path).suffix.lower()
        if suffix in (".html", ".htm") or _looks_like_html(text):
            fmt = "html"
        elif suffix in (".md", ".markdown"):
            fmt = "markdown"
        else:
            fmt = "text"
    elif fmt not in FORMATS:
        raise ConfigError(f"unknown format {fmt!r}; allowed: {', '.join(FORMATS)}")
    text = text.translate(_AS_SPACE)
    if not text.strip():
        raise InputError(f"{path}: text is empty (only control characters)")
    pre_removed: list[Removed] = []
    headings: set[int] = set()
    title = None
    if fmt == "html":
        lines, pre_removed, title = _html_to_lines(text, path)
    elif fmt == "markdown":
        lines, headings = _markdown_to_lines(text)
    else:
        lines = split_lines(text)
    removed: list[Removed] = []
    if strip:
        html = fmt == "html"
        body, removed = strip_paragraphs(unwrap(lines, join=not html, headings=headings),
                                         extracted=html, title=title)
        if not body:
            n = sum(max(r.last_line - r.line + 1, 1) for r in removed)
            raise InputError(
                f"{path}: no article found: all {n} lines look like page furniture "
                "(menus, headings, link lists); --no-strip keeps them")
    else:  # every line as it is (input that is one sentence a line)
        body = unwrap(lines, join=False)
    if not body:
        raise InputError(f"{path}: no text left")
    maps = tuple(p.map for p in body)
    if fmt == "html":  # lines of the extracted text are not the page's: unknown
        maps = ()
        removed = [replace(r, line=-1, last_line=-1) for r in removed]
    return Document(path, tuple(p.text for p in body), tuple(pre_removed + removed), fmt,
                    encoding, maps)


def _is_jsonl(source: str | os.PathLike[str]) -> bool:
    return str(source).lower().endswith((".jsonl", ".ndjson"))


def read_document(source: str | Path, *, strip: bool = True, fmt: str | None = None,
                  encoding: str | None = None, max_bytes: int | None = None) -> Document:
    """Read a file (``.txt``, ``.md``, ``.html``) or ``-`` (stdin) into a :class:`Document`.

    ``encoding`` forces a text encoding (else detected: :mod:`drift.text.inputs`); the one used
    is :attr:`Document.encoding`. A ``.jsonl`` corpus is read as such
    (:func:`read_documents`) and must hold exactly one article: its JSON line is never read as
    the article's text. ``max_bytes`` caps the file's size (:func:`read_input_bytes`).

    Raises:
        InputError: missing, unreadable, empty, binary, undecodable or too large input, not a
            regular file, no article, or a corpus of several articles.
    """
    if fmt is None and _is_jsonl(source):
        docs = _read_jsonl(source, strip=strip, encoding=encoding, max_bytes=max_bytes)
        if len(docs) != 1:
            raise InputError(f"{source}: a JSONL corpus of {len(docs)} articles where one "
                             "article is needed (the base); give one .txt, .md or .html file, "
                             "or a .jsonl of one record")
        return docs[0]
    text, used = decode_bytes(read_input_bytes(source, max_bytes), str(source), encoding)
    return document_from_text(text, path=str(source), strip=strip, fmt=fmt, encoding=used)


# --- JSONL corpora -------------------------------------------------------------------------

JSONL_TEXT_FIELDS = ("text", "body", "content", "article")
JSONL_ID_FIELDS = ("id", "url", "title", "name")


def record_id(rec: dict[str, object], where: str) -> str | None:
    """The record's id: the first present id field (``0`` and ``false`` are ids; null and a
    blank string are not)."""
    for f in JSONL_ID_FIELDS:
        value = rec.get(f)
        if value is None or (isinstance(value, str) and not value.strip()):
            continue
        if isinstance(value, str):
            return value.strip()
        if isinstance(value, (bool, int, float)):
            return json.dumps(value)
        raise InputError(f"{where}: field {f!r} must be a string or a number to name the "
                         "record")
    return None


def jsonl_objects(text: str, name: str, error: type[InputError] = InputError,
                  expected: str = "a JSON object") -> Iterator[tuple[int, str, dict[str, Any]]]:
    r"""``(line number, "NAME:LINE", record)`` for each non-blank line of JSONL ``text``.

    Lines end only at ``\n``, ``\r\n`` or ``\r`` (:func:`split_lines`), so a raw U+2028
    inside a string stays in its record.

    Raises:
        error: a line that is not valid JSON, or not an object (``each line must be
            EXPECTED``), with its line number.

    >>> list(jsonl_objects('{"a": 1}\n\n{"b": 2}', "x.jsonl"))
    [(1, 'x.jsonl:1', {'a': 1}), (3, 'x.jsonl:3', {'b': 2})]
    """
    for k, line in enumerate(split_lines(text), 1):
        if not line.strip():
            continue
        where = f"{name}:{k}"
        try:
            rec = json.loads(line)
        except json.JSONDecodeError as exc:
            raise error(f"{where}: not valid JSON ({exc.msg})") from None
        except ValueError as exc:  # a number of more than 4300 digits
            raise error(f"{where}: not valid JSON ({exc})") from None
        except RecursionError:
            raise error(f"{where}: not valid JSON (nested too deeply)") from None
        if not isinstance(rec, dict):
            raise error(f"{where}: each line must be {expected}")
        yield k, where, rec


def read_documents(source: str | Path, *, strip: bool = True, encoding: str | None = None,
                   max_bytes: int | None = None) -> list[Document]:
    """Like :func:`read_document`, but a ``.jsonl`` file gives one document per record.

    Each JSONL record is an object with the article in ``text`` (or ``body``, ``content``,
    ``article``) and an optional ``id`` (or ``url``, ``title``, ``name``; ``0`` is an id); the
    document's path is ``FILE#ID`` (``FILE#LINE`` without an id), and two records may not have
    the same one. The format is the record's ``format`` field (``text``, ``markdown`` or
    ``html``) if it has one, else ``html`` when the text looks like an HTML page, else
    ``text``: never guessed from the id.

    Raises:
        InputError: unreadable file, a line that is not a JSON object, a record without text,
            an unknown format, two records with the same id (both line numbers are given).
    """
    if not _is_jsonl(source):
        return [read_document(source, strip=strip, encoding=encoding, max_bytes=max_bytes)]
    return _read_jsonl(source, strip=strip, encoding=encoding, max_bytes=max_bytes)


def _read_jsonl(source: str | os.PathLike[str], *, strip: bool, encoding: str | None,
                max_bytes: int | None) -> list[Document]:
    name = str(source)
    text, used = decode_bytes(read_input_bytes(source, max_bytes), name, encoding)
    docs = []
    first_line: dict[str, int] = {}
    for k, where, rec in jsonl_objects(text, name):
        body = next((rec[f] for f in JSONL_TEXT_FIELDS if isinstance(rec.get(f), str)), None)
        if not body or not body.strip():
            raise InputError(f"{where}: no text in fields {', '.join(JSONL_TEXT_FIELDS)}")
        fmt = rec.get("format")
        if fmt is not None and fmt not in FORMATS:
            raise InputError(f"{where}: unknown format {fmt!r}; allowed: {', '.join(FORMATS)}")
        if fmt is None:
            fmt = "html" if _looks_like_html(body) else "text"
        ident = record_id(rec, where)
        key = ident if ident is not None else str(k)
        if key in first_line:
            what = f"id {ident!r}" if ident is not None else f"name {key!r} (its line number)"
            raise InputError(f"{where}: duplicate {what}, already used on line "
                             f"{first_line[key]}; give each record its own id")
        first_line[key] = k
        docs.append(document_from_text(body, path=f"{name}#{key}", strip=strip, fmt=str(fmt),
                                       encoding=used))
    if not docs:
        raise InputError(f"{name}: file is empty")
    return docs
