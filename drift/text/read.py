"""Read articles (plain text, Markdown, HTML, stdin, JSONL corpora) into :class:`Document`.

Plain text and Markdown are unwrapped first (:mod:`drift.text.unwrap`: the lines of a
hard-wrapped paragraph are joined, and every paragraph keeps the numbers of its lines), then
page furniture is separated by :mod:`drift.text.furniture`, judged on paragraphs in context;
every removed piece is kept in :attr:`Document.removed` with the rule that removed it and its
lines. An HTML page's main text is extracted by trafilatura (:data:`TRAFILATURA_OPTIONS`);
its lines are paragraphs already. ``strip=False`` reads every line as it is: no unwrapping,
no furniture rules (input that is one sentence a line).

**Encodings.** A file is read as UTF-8 when it is valid UTF-8 (a UTF-8 byte-order mark is
dropped); a UTF-16 or UTF-32 file with a byte-order mark is read as such. Otherwise the
encoding is detected with charset-normalizer, preferring Windows-1252 (the usual legacy
encoding of Western text) whenever it decodes the bytes as cleanly as the detector's best
guess; the encoding used is recorded in :attr:`Document.encoding` and logged as a warning.
``encoding=`` forces one. Files that are not text (images, PDFs, archives, NUL bytes without
a byte-order mark, mostly control characters) are refused with one line.

**What is opened.** Only a regular file (or a link to one) or ``-`` (stdin) is read: a named
pipe, a device such as ``/dev/zero``, a socket or a folder is refused before anything is read,
and so is a file larger than the limit (:data:`DEFAULT_MAX_BYTES`, 64 MiB; ``--max-bytes`` or
``DRIFT_MAX_BYTES`` change it); stdin is read up to the limit. No input makes drift wait
forever or fill the memory.

**Lines.** Only ``\\n``, ``\\r\\n`` and ``\\r`` end a line
(:func:`drift.text.normalize.split_lines`); form feed, vertical tab, NEL, U+2028, U+2029 and
other control characters are read as spaces.
"""

from __future__ import annotations

import codecs
import json
import logging
import os
import re
import stat
import sys
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from types import MappingProxyType
from typing import Any

from drift.errors import ConfigError, InputError
from drift.text.furniture import Removed, strip_furniture, strip_paragraphs
from drift.text.normalize import normalize, split_lines
from drift.text.unwrap import LineMap, unwrap

log = logging.getLogger("drift")

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


# --- bytes to text -------------------------------------------------------------------------

_BOMS = (  # longest first: the UTF-32 LE mark starts with the UTF-16 LE one
    (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_MAGIC = (  # file signatures of common non-text formats
    (b"%PDF-", "a PDF"), (b"PK\x03\x04", "a zip archive (or .docx/.odt)"),
    (b"PK\x05\x06", "a zip archive"), (b"\x89PNG", "a PNG image"), (b"GIF8", "a GIF image"),
    (b"\xff\xd8\xff", "a JPEG image"), (b"\x1f\x8b", "a gzip archive"),
    (b"\x7fELF", "a program"), (b"\xd0\xcf\x11\xe0", "an Office document"),
    (b"7z\xbc\xaf", "a 7-zip archive"), (b"Rar!", "a RAR archive"),
    (b"\xfd7zXZ", "an xz archive"), (b"BZh91AY&SY", "a bzip2 archive"),
)
#: Windows-1252 is preferred over the detector's guess when its chaos is at most this much more
_CP1252_MARGIN = 0.05
#: share of control characters (other than whitespace) above which decoded bytes are binary
_MAX_CONTROL = 0.01
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1b\x7f-\x84\x86-\x9f]")


def _line_of(data: bytes, offset: int) -> int:
    """1-based line number of byte ``offset`` (lines end at ``\\n``)."""
    return data.count(b"\n", 0, offset) + 1


def _codec(encoding: str) -> str:
    try:
        info = codecs.lookup(encoding)
    except LookupError:
        raise ConfigError(f"unknown encoding {encoding!r}; use a Python codec name such as "
                          "utf-8, cp1252, latin-1, utf-16, gb18030, shift_jis") from None
    if not getattr(info, "_is_text_encoding", True):
        raise ConfigError(f"{encoding!r} is not a text encoding")
    return info.name


def _detect(data: bytes) -> str | None:
    """The encoding of bytes that are not UTF-8: Windows-1252 if it decodes them as cleanly as
    charset-normalizer's best guess, else that guess; None when nothing fits."""
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    try:
        data.decode("cp1252")
    except UnicodeDecodeError:
        return None if best is None else str(best.encoding)
    cp = from_bytes(data, cp_isolation=["cp1252"]).best()
    if cp is not None and (best is None or cp.chaos <= best.chaos + _CP1252_MARGIN):
        return "cp1252"
    return None if best is None else str(best.encoding)


def _empty(name: str, data: bytes | str) -> str:
    """The message for input without text: empty, or only whitespace (said so: a file of
    tabs is not empty to the person who wrote it)."""
    if not data or data in ("\ufeff", codecs.BOM_UTF8):
        return f"{name}: file is empty"
    return f"{name}: no text: the file is empty but for spaces, tabs or line breaks"


def decode_bytes(data: bytes, name: str, encoding: str | None = None) -> tuple[str, str]:
    """Decode a file's bytes: ``(text, encoding used)`` (see the module docstring).

    Args:
        data: the file's content.
        name: the file's name, for messages.
        encoding: a Python codec name to force, or None to detect.

    Raises:
        InputError: empty, binary, or not decodable (the message gives the line).
        ConfigError: ``encoding`` is not a known text encoding.

    >>> decode_bytes("caf\\u00e9 \\u2013 na\\u00efve".encode("cp1252"), "a.txt")
    ('café – naïve', 'cp1252')
    """
    if not data.strip():
        raise InputError(_empty(name, data))
    if encoding is not None:
        codec = _codec(encoding)
        try:
            text = data.decode(codec)
        except UnicodeDecodeError as exc:
            raise InputError(f"{name}: line {_line_of(data, exc.start)}: not valid {codec} text "
                             f"(byte 0x{data[exc.start]:02x})") from None
        used = codec
    else:
        bom = next((enc for mark, enc in _BOMS if data.startswith(mark)), None)
        kind = next((what for magic, what in _MAGIC if data.startswith(magic)), None)
        if bom is None and kind is not None:
            raise InputError(f"{name}: looks like {kind} (binary), not text")
        if bom is None and b"\x00" in data[:8192]:
            raise InputError(f"{name}: looks like a binary file, not text (NUL bytes; for "
                             "UTF-16 without a byte-order mark give --encoding utf-16)")
        try:
            text, used = data.decode(bom or "utf-8"), bom or "utf-8"
        except UnicodeDecodeError as exc:
            if bom is not None:
                raise InputError(f"{name}: line {_line_of(data, exc.start)}: not valid "
                                 f"{bom} text despite its byte-order mark") from None
            detected = _detect(data)
            if detected is None:
                raise InputError(
                    f"{name}: line {_line_of(data, exc.start)}: not UTF-8, and no other text "
                    "encoding fits; give one with --encoding") from None
            used = _codec(detected)
            text = data.decode(used)
        used = "utf-8" if used == "utf-8-sig" else used
        controls = len(_CONTROL.findall(text[:65536]))
        if controls > _MAX_CONTROL * min(len(text), 65536):
            raise InputError(f"{name}: looks like a binary file, not text "
                             f"({controls} control characters)")
    text = text.removeprefix("\ufeff")
    if not text.strip():
        raise InputError(_empty(name, text))
    if used != "utf-8":
        log.warning("%s: read as %s, not UTF-8%s", name, used,
                    "" if encoding else " (detected; --encoding forces one)")
    return text, used


#: the largest input drift reads, in bytes (64 MiB: far beyond any article, small enough
#: for any machine); ``DRIFT_MAX_BYTES`` or a command's ``--max-bytes`` change it
DEFAULT_MAX_BYTES = 64 * 1024 * 1024
_SIZE = re.compile(r"^\s*(\d+)\s*([kmg]i?b?|b)?\s*$", re.IGNORECASE)
_KINDS = ((stat.S_ISFIFO, "a named pipe"), (stat.S_ISCHR, "a character device"),
          (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"),
          (stat.S_ISDIR, "a directory"))


def parse_size(text: str) -> int:
    """Bytes from ``64M``, ``500k``, ``1G`` (powers of 1024) or a plain number of bytes.

    Raises:
        ConfigError: not a positive size.

    >>> parse_size("64M"), parse_size("1000")
    (67108864, 1000)
    """
    m = _SIZE.match(str(text))
    if not m or int(m.group(1)) < 1:
        raise ConfigError(f"{text!r} is not a size; give bytes, or a number with k, M or G "
                          "(e.g. 64M)")
    unit = (m.group(2) or "b")[0].lower()
    return int(m.group(1)) * {"b": 1, "k": 1024, "m": 1024 ** 2, "g": 1024 ** 3}[unit]


def _human(n: int) -> str:
    for unit, size in (("GB", 1024 ** 3), ("MB", 1024 ** 2), ("kB", 1024)):
        if n >= size:
            return f"{n / size:.3g} {unit}"
    return f"{n} bytes"


def max_input_bytes(limit: int | None = None) -> int:
    """The size limit on one input: ``limit`` if given, else ``$DRIFT_MAX_BYTES``, else
    :data:`DEFAULT_MAX_BYTES`.

    Raises:
        ConfigError: ``DRIFT_MAX_BYTES`` is not a size.
    """
    if limit is not None:
        if limit < 1:
            raise ConfigError(f"the input size limit must be at least 1 byte, got {limit}")
        return int(limit)
    env = os.environ.get("DRIFT_MAX_BYTES")
    if env is None or not env.strip():
        return DEFAULT_MAX_BYTES
    try:
        return parse_size(env)
    except ConfigError as exc:
        raise ConfigError(f"DRIFT_MAX_BYTES: {exc}") from None


def _too_big(name: str, limit: int, size: int | None) -> InputError:
    what = f"{_human(size)}, over" if size is not None else "over"
    return InputError(f"{name}: {what} the {_human(limit)} limit on one input; raise it with "
                      "--max-bytes or DRIFT_MAX_BYTES if this is really one article or corpus")


def _read_limited(read: Callable[[int], bytes], name: str, limit: int) -> bytes:
    """Read until end of file, never more than ``limit`` bytes (one more tells it is over)."""
    buf = bytearray()
    while True:
        chunk = read(min(1 << 20, limit + 1 - len(buf)))
        if not chunk:
            return bytes(buf)
        buf += chunk
        if len(buf) > limit:
            raise _too_big(name, limit, None)


def read_input_bytes(source: str | os.PathLike[str], max_bytes: int | None = None) -> bytes:
    """The bytes of an input: a regular file (a link to one is followed) or ``-`` (stdin).

    Nothing else is opened for reading: a named pipe, a device (``/dev/zero``), a socket or a
    folder is refused at once, and so is a file over the size limit
    (:func:`max_input_bytes`) before a byte of it is read; stdin is read up to the limit.

    Raises:
        InputError: missing, not a regular file, too large or unreadable (one line).
    """
    name = str(source)
    limit = max_input_bytes(max_bytes)
    if name == "-":
        return _read_limited(sys.stdin.buffer.read, "-", limit)
    if "\0" in name:
        raise InputError(f"{name!r}: a file name cannot hold a NUL character")
    try:
        # O_NONBLOCK: opening a named pipe does not wait for a writer (it is refused below)
        fd = os.open(source, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    except FileNotFoundError:
        raise InputError(f"{name}: no such file") from None
    except OSError as exc:
        raise InputError(f"{name}: cannot read ({exc.strerror})") from None
    try:
        st = os.fstat(fd)
        if stat.S_ISDIR(st.st_mode):
            raise InputError(f"{name}: is a directory, not a file")
        if not stat.S_ISREG(st.st_mode):
            kind = next((k for test, k in _KINDS if test(st.st_mode)), "not a regular file")
            raise InputError(f"{name}: is {kind}, not a regular file; drift reads files, "
                             "or - for stdin")
        if st.st_size > limit:
            raise _too_big(name, limit, st.st_size)
        with os.fdopen(fd, "rb", closefd=False) as fh:
            return _read_limited(fh.read, name, limit)
    except OSError as exc:
        raise InputError(f"{name}: cannot read ({exc.strerror})") from None
    finally:
        os.close(fd)


def read_text(source: str | Path, *, encoding: str | None = None,
              max_bytes: int | None = None) -> str:
    """The text of a file or ``-`` (stdin), checked: a regular file within the size limit
    (:func:`read_input_bytes`), not empty or binary, and decoded (UTF-8, a byte-order mark, or
    a detected encoding; ``encoding`` forces one).

    Raises:
        InputError: with a one-line message naming the file (and the line, for bad bytes).
    """
    return decode_bytes(read_input_bytes(source, max_bytes), str(source), encoding)[0]


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

    ``encoding`` forces a text encoding (else detected, see the module docstring); the one used
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
