"""Read articles (plain text, Markdown, HTML, stdin, JSONL corpora) into :class:`Document`.

Page furniture is separated by :mod:`drift.text.furniture`; every removed line is kept in
:attr:`Document.removed` with the rule that removed it.
"""

from __future__ import annotations

import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

from drift.errors import InputError
from drift.text.furniture import Removed, strip_furniture
from drift.text.normalize import normalize

__all__ = ["Document", "Removed", "read_document", "read_documents", "read_text",
           "document_from_text", "normalize", "strip_furniture"]


@dataclass(frozen=True)
class Document:
    """An article as read: its body paragraphs and what was removed around them.

    Attributes:
        path: the path given, ``-`` for stdin, or ``<text>`` for a string.
        paragraphs: body paragraphs, original text.
        removed: page furniture taken out, in reading order.
        format: ``text``, ``markdown`` or ``html``.
        encoding: the text encoding the file was read with (``utf-8`` for text in memory).
    """

    path: str
    paragraphs: tuple[str, ...]
    removed: tuple[Removed, ...] = field(default_factory=tuple)
    format: str = "text"
    encoding: str = "utf-8"

    @property
    def text(self) -> str:
        return "\n\n".join(self.paragraphs)


# --- line shapes ---------------------------------------------------------------------------


# --- reading -------------------------------------------------------------------------------

def _decode(data: bytes, name: str) -> str:
    if not data.strip():
        raise InputError(f"{name}: file is empty")
    if b"\x00" in data[:8192]:
        raise InputError(f"{name}: looks like a binary file, not text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"{name}: not valid UTF-8 text (byte {exc.start}); convert it, e.g. with iconv"
        ) from None
    if not text.strip():
        raise InputError(f"{name}: file is empty")
    return text


def _looks_like_html(text: str) -> bool:
    head = text.lstrip()[:500].lower()
    return head.startswith(("<!doctype html", "<html")) or ("<body" in head and "</" in text)


_MD_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_MD_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+")
_MD_EMPH = re.compile(r"(\*\*|__|\*|`)")


def _markdown_to_lines(text: str) -> list[str]:
    out = []
    for line in text.splitlines():
        line = _MD_LINK.sub(r"\1", line)
        if _MD_HEADING.match(line):
            line = _MD_HEADING.sub("", line).rstrip("#").strip()  # a heading: stays title-like
        line = re.sub(r"^\s*([-*+]|\d+\.)\s+", "", line)
        out.append(_MD_EMPH.sub("", line))
    return out


def _html_to_lines(html: str, name: str) -> tuple[list[str], list[Removed]]:
    import trafilatura
    from lxml import html as lxml_html

    body = trafilatura.extract(html, include_comments=False, include_tables=False,
                               favor_precision=True, deduplicate=False)
    if not body or not body.strip():
        raise InputError(f"{name}: no article text found in the HTML page")
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
    return body.splitlines(), removed


def document_from_text(
    text: str, *, path: str = "<text>", strip: bool = True, fmt: str | None = None
) -> Document:
    """Build a :class:`Document` from text already in memory.

    Args:
        text: the article (plain text, Markdown or HTML).
        path: a name for messages and reports.
        strip: apply the furniture rules.
        fmt: ``text``, ``markdown`` or ``html``; guessed from ``path`` and content if None.
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
    pre_removed: list[Removed] = []
    if fmt == "html":
        lines, pre_removed = _html_to_lines(text, path)
    elif fmt == "markdown":
        lines = _markdown_to_lines(text)
    else:
        lines = text.splitlines()
    if strip:
        body, removed = strip_furniture(lines)
    else:
        body, removed = [(i, ln.strip()) for i, ln in enumerate(lines) if ln.strip()], []
    return Document(path, tuple(p for _, p in body), tuple(pre_removed + removed), fmt)


def read_document(source: str | Path, *, strip: bool = True, fmt: str | None = None) -> Document:
    """Read a file (``.txt``, ``.md``, ``.html``) or ``-`` (stdin) into a :class:`Document`.

    Raises:
        InputError: missing, unreadable, empty, binary or non-UTF-8 input.
    """
    return document_from_text(read_text(source), path=str(source), strip=strip, fmt=fmt)


def read_text(source: str | Path) -> str:
    """The text of a file or ``-`` (stdin), checked: not missing, empty, binary or non-UTF-8.

    Raises:
        InputError: with a one-line message naming the file.
    """
    name = str(source)
    if name == "-":
        data = sys.stdin.buffer.read()
    else:
        p = Path(source)
        if not p.exists():
            raise InputError(f"{name}: no such file")
        if p.is_dir():
            raise InputError(f"{name}: is a directory, not a file")
        try:
            data = p.read_bytes()
        except OSError as exc:
            raise InputError(f"{name}: cannot read ({exc.strerror})") from None
    return _decode(data, name)


JSONL_TEXT_FIELDS = ("text", "body", "content", "article")
JSONL_ID_FIELDS = ("id", "url", "title", "name")


def read_documents(source: str | Path, *, strip: bool = True) -> list[Document]:
    """Like :func:`read_document`, but a ``.jsonl`` file gives one document per record.

    Each JSONL record is an object with the article in ``text`` (or ``body``, ``content``,
    ``article``; HTML is recognised) and an optional ``id`` (or ``url``, ``title``, ``name``);
    the document's path is ``FILE#ID`` (``FILE#LINE`` without an id).

    Raises:
        InputError: unreadable file, a line that is not a JSON object, a record without text.
    """
    name = str(source)
    if not name.lower().endswith((".jsonl", ".ndjson")):
        return [read_document(source, strip=strip)]
    text = read_text(source)
    docs = []
    for k, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            rec = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(f"{name}:{k}: not valid JSON ({exc.msg})") from None
        if not isinstance(rec, dict):
            raise InputError(f"{name}:{k}: each line must be a JSON object")
        body = next((rec[f] for f in JSONL_TEXT_FIELDS if isinstance(rec.get(f), str)), None)
        if not body or not body.strip():
            raise InputError(f"{name}:{k}: no text in fields {', '.join(JSONL_TEXT_FIELDS)}")
        ident = next((str(rec[f]) for f in JSONL_ID_FIELDS if rec.get(f)), str(k))
        docs.append(document_from_text(body, path=f"{name}#{ident}", strip=strip))
    if not docs:
        raise InputError(f"{name}: file is empty")
    return docs
