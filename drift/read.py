"""Read articles (plain text, Markdown, HTML, stdin) and separate page furniture from the body.

Furniture is never dropped silently: every line taken out of the article is kept in
:attr:`Document.removed` with the rule that removed it. The rules look at the *shape* of a line,
not at a list of known strings, so they carry over to unseen pages:

``header``
    short lines before the first real paragraph (the first line with a sentence of at least
    ``LEAD_WORDS`` words): site names, mottos, dates, bylines. A line there that is itself a
    sentence of at least ``HEADER_MAX_WORDS`` words and not Title Case is kept (a short lead,
    common in translations).
``not-a-sentence``
    a line that does not end like a sentence (no ``.``, ``!``, ``?``, ``…`` or a closing quote
    after one): menus, "Read More", headings, captions, "No comments:", ``0:00``.
``headline-list``
    a run of at least three consecutive lines (no blank line between) most of which are
    title-like (Title Case or not sentences): "Related Articles" lists and teasers.
``reader-address``
    a paragraph that, outside quotation marks, speaks to the reader ("you", "your") or about the
    page itself ("this page", "our site"): disclaimers, newsletter and comment prompts.
``teaser``
    a paragraph cut off with an ellipsis right after a heading: the lead of another story.
``dateline``
    a wire dateline at the start of a paragraph ("MOSCOW/ALMATY (BLOOMBERG, AFP) - "); only the
    prefix is removed.

If the rules would leave no paragraph at all (e.g. a one-line string), nothing is removed.
Text is kept exactly as written for display; :func:`normalize` gives the form used for
comparison (Unicode NFKC, straight quotes, one kind of dash, single spaces).
"""

from __future__ import annotations

import json
import re
import sys
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from drift.errors import InputError

__all__ = ["Document", "Removed", "read_document", "read_documents", "read_text",
           "document_from_text",
           "normalize", "strip_furniture"]

LEAD_WORDS = 12
HEADER_MAX_WORDS = 6  # a sentence-shaped, not Title Case line this long is never header
_TRANS = str.maketrans({
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'", "\u00b4": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"', "\u00ab": '"',
    "\u00bb": '"', "\u2013": "-", "\u2014": "-", "\u2015": "-", "\u2212": "-", "\u2010": "-",
    "\u2011": "-", "\u00a0": " ", "\u2009": " ", "\u202f": " ", "\u200b": "", "\ufeff": "",
})
_WS = re.compile(r"\s+")
_DASH = re.compile(r"\s+-{1,3}\s+|\s*-{2,3}\s*")


def normalize(text: str) -> str:
    """The comparison form of a text: NFKC, straight quotes, ``-`` dashes, single spaces.

    >>> normalize("Kazakhstan\u2019s  \u201cgarden city\u201d \u2013 or -- not\u2026")
    'Kazakhstan\\'s "garden city" - or - not...'
    """
    text = unicodedata.normalize("NFKC", text).translate(_TRANS)
    text = _DASH.sub(" - ", text)
    return _WS.sub(" ", text).strip()


@dataclass(frozen=True)
class Removed:
    """A piece of the input that is not part of the article body.

    Attributes:
        text: the text as written.
        reason: the rule that removed it (see the module docstring).
        line: 0-based line number in the (extracted) text, or -1 if unknown.
    """

    text: str
    reason: str
    line: int = -1

    def to_dict(self) -> dict[str, object]:
        return {"text": self.text, "reason": self.reason, "line": self.line}


@dataclass(frozen=True)
class Document:
    """An article as read: its body paragraphs and what was removed around them.

    Attributes:
        path: the path given, ``-`` for stdin, or ``<text>`` for a string.
        paragraphs: body paragraphs, original text.
        removed: page furniture taken out, in reading order.
        format: ``text``, ``markdown`` or ``html``.
    """

    path: str
    paragraphs: tuple[str, ...]
    removed: tuple[Removed, ...] = field(default_factory=tuple)
    format: str = "text"

    @property
    def text(self) -> str:
        return "\n\n".join(self.paragraphs)


# --- line shapes ---------------------------------------------------------------------------

_END = re.compile(r"""[.!?\u2026]['"\u2019\u201d)\]]*\s*$""")
_ELLIPSIS_END = re.compile(r"(\.\.\.|\u2026)['\"\u2019\u201d]?\s*$")
_WORD = re.compile(r"[^\W\d_][\w'\u2019.-]*")
_SMALL = {"a", "an", "the", "and", "or", "but", "of", "in", "on", "at", "to", "for", "by", "with",
          "as", "from", "into", "over", "after", "before", "amid", "is", "are", "was", "be", "its",
          "vs", "via", "than", "that", "up", "out", "off", "about", "under", "who", "how"}
_QUOTED = re.compile(
    r"[\"\u201c\u201e][^\"\u201c\u201d\u201e]*[\"\u201d]|\u2018[^\u2018\u2019]*\u2019")
_READER = re.compile(
    r"\b(you|your|yours|yourself)\b|\b(this|our) (page|site|website|newsletter|article|app)\b",
    re.IGNORECASE,
)
_DATELINE = re.compile(
    r"^[A-Z][A-Z./' -]+(?:/[A-Z][A-Z./' -]+)*"          # MOSCOW/ALMATY
    r"(?:,\s+[A-Z][a-z]{2,8}\.?\s+\d{1,2})?"            # , Jan 10
    r"\s*\([A-Za-z ,./&-]{2,40}\)\s*[-\u2013\u2014]+\s+"  # (BLOOMBERG, AFP) -
)


def words(line: str) -> list[str]:
    return _WORD.findall(line)


def is_sentence(line: str) -> bool:
    """Does the line end like a sentence (terminal punctuation, maybe a closing quote)?"""
    s = line.strip()
    return bool(_END.search(s)) and len(words(s)) >= 2


def is_title_like(line: str) -> bool:
    """A heading: not a sentence, or most content words capitalised (Title Case)."""
    if not is_sentence(line):
        return True
    ws = [w for w in words(line) if w.lower() not in _SMALL]
    if not ws:
        return True
    caps = sum(w[0].isupper() for w in ws[1:])
    return len(ws) > 2 and caps / (len(ws) - 1) >= 0.7


def addresses_reader(line: str) -> bool:
    """Speaks to the reader or about the page, outside quotation marks."""
    return bool(_READER.search(_QUOTED.sub(" ", line)))


def strip_furniture(lines: list[str]) -> tuple[list[tuple[int, str]], list[Removed]]:
    """Split lines into body paragraphs and removed furniture.

    Args:
        lines: the text's lines, original form (blank lines separate blocks).

    Returns:
        ``(body, removed)``: ``body`` is a list of ``(line number, paragraph text)``.

    Example:
        >>> body, removed = strip_furniture(["Daily News", "", "Menu", "",
        ...     "The minister resigned on Friday after a week of protests in the capital city.",
        ...     "", "Read More"])
        >>> [r.reason for r in removed]
        ['header', 'header', 'not-a-sentence']
    """
    reason: dict[int, str] = {}
    nonblank = [i for i, line in enumerate(lines) if line.strip()]

    # headline lists: runs of >= 3 consecutive non-blank lines, mostly title-like
    run: list[int] = []
    for i in range(len(lines) + 1):
        if i < len(lines) and lines[i].strip():
            run.append(i)
            continue
        if len(run) >= 3 and sum(is_title_like(lines[j]) for j in run) >= 0.5 * len(run):
            for j in run:
                reason[j] = "headline-list"
        run = []

    lead = next((i for i in nonblank if reason.get(i) != "headline-list" and is_sentence(lines[i])
                 and len(words(lines[i])) >= LEAD_WORDS), None)
    if lead is not None:
        for i in nonblank:
            if i >= lead:
                break
            line = lines[i]
            if reason.get(i) != "headline-list" and is_sentence(line) \
                    and not is_title_like(line) and len(words(line)) >= HEADER_MAX_WORDS:
                continue  # a short first paragraph that is a real sentence is the lead's start
            reason[i] = "header"  # before the lead, "header" says more than "headline-list"

    prev_removed_heading = False
    for i in nonblank:
        line = lines[i]
        if i in reason:
            prev_removed_heading = reason[i] != "reader-address"
            continue
        if not is_sentence(line):
            reason[i] = "not-a-sentence"
            prev_removed_heading = True
            continue
        if addresses_reader(line):
            reason[i] = "reader-address"
        elif prev_removed_heading and _ELLIPSIS_END.search(line) and i > (lead or 0):
            reason[i] = "teaser"
        prev_removed_heading = False

    body: list[tuple[int, str]] = []
    removed: list[Removed] = []
    for i in nonblank:
        line = lines[i].strip()
        if i in reason:
            removed.append(Removed(line, reason[i], i))
            continue
        m = _DATELINE.match(line)
        if m and len(line) > m.end():
            removed.append(Removed(m.group(0).strip(), "dateline", i))
            line = line[m.end():]
        body.append((i, line))
    if not body:  # all furniture by these rules: not a web page; keep everything
        return [(i, lines[i].strip()) for i in nonblank], []
    return body, removed


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
