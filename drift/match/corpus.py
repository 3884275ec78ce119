"""Read a pile of articles for ``drift match``: files, folders, HTML pages and JSONL records.

Every article becomes an :class:`Article`: a stable ``id``, the read :class:`Document`
(what verification hands to the pipeline), its sentences in comparison form, and its
metadata. JSONL records carry ``id`` (or ``url``, ``title``, ``name``) and the text in ``text``
(or ``body``, ``content``, ``article``), as :func:`drift.text.read.read_documents` reads them,
plus optional metadata that flows to every output table: ``date`` (ISO 8601, ``YYYY-MM-DD`` or
longer), ``outlet`` (or ``site``), ``lang``, ``url`` and ``title``. A file's id is its path
relative to the folder given (or its name for a file given directly), without the suffix.

Ids must be unique across the whole corpus: a repeated id is refused with both places, never
silently renamed.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from drift.errors import InputError
from drift.text.read import (
    FORMATS,
    JSONL_TEXT_FIELDS,
    Document,
    decode_bytes,
    document_from_text,
    jsonl_objects,
    read_document,
    read_input_bytes,
    record_id,
)
from drift.text.segment import segment_paragraphs

log = logging.getLogger("drift")

__all__ = ["Article", "read_corpus", "iter_sources", "META_FIELDS", "ARTICLE_SUFFIXES"]

#: metadata carried from a JSONL record to every table (``site`` is read as ``outlet``)
META_FIELDS = ("date", "outlet", "lang", "url", "title")
#: the files a folder is searched for
ARTICLE_SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm", ".jsonl", ".ndjson")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}([T ][0-9:.+\-Z]*)?$")


@dataclass(frozen=True)
class Article:
    """One article of the corpus.

    Attributes:
        id: unique in the corpus (``FILE#ID`` is not used: the record's own id, or the file's
            relative path without suffix).
        source: where it was read (file, or ``FILE:LINE`` for a JSONL record).
        document: the read document (paragraphs, removed furniture).
        sentences: the sentences in comparison form (:attr:`drift.text.segment.Sentence.norm`).
        meta: ``date``, ``outlet``, ``lang``, ``url``, ``title`` where given (strings).
    """

    id: str
    source: str
    document: Document = field(repr=False)
    sentences: tuple[str, ...] = field(repr=False)
    meta: Mapping[str, str] = field(default_factory=dict)

    @property
    def date(self) -> str | None:
        return self.meta.get("date")


def _meta(rec: Mapping[str, Any], where: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for f in META_FIELDS:
        value = rec.get(f)
        if value is None and f == "outlet":
            value = rec.get("site")
        if value is None or (isinstance(value, str) and not value.strip()):
            continue
        if not isinstance(value, (str, int, float)) or isinstance(value, bool):
            raise InputError(f"{where}: field {f!r} must be a string, got {value!r}")
        value = str(value).strip()
        if f == "date" and not _DATE.match(value):
            raise InputError(f"{where}: date {value!r} is not ISO 8601 (YYYY-MM-DD...)")
        out[f] = value
    return out


def iter_sources(paths: Iterable[str | Path]) -> Iterator[tuple[Path, str]]:
    """``(file, id prefix)`` for every article file under ``paths``, folders walked in sorted
    order (so the corpus order never depends on the file system).

    Raises:
        InputError: a path that does not exist, or a folder without article files.
    """
    for p in map(Path, paths):
        if p.is_dir():
            files = sorted(f for f in p.rglob("*") if f.is_file()
                           and f.suffix.lower() in ARTICLE_SUFFIXES
                           and not any(part.startswith(".") for part in f.relative_to(p).parts))
            if not files:
                raise InputError(f"{p}: no article files ({', '.join(ARTICLE_SUFFIXES)})")
            for f in files:
                yield f, f.relative_to(p).with_suffix("").as_posix()
        elif p.exists():
            yield p, p.with_suffix("").name
        else:
            raise InputError(f"{p}: no such file or folder")


def _records(path: Path, strip: bool, skip: Callable[[str], None]
             ) -> Iterator[tuple[str, str, Document | None, dict[str, str]]]:
    name = str(path)
    text, used = decode_bytes(read_input_bytes(path), name, None)
    for _, where, rec in jsonl_objects(text, name):
        body = next((rec[f] for f in JSONL_TEXT_FIELDS if isinstance(rec.get(f), str)), None)
        if not body or not body.strip():
            body = " "  # left out below (document_from_text: "text is empty")
        fmt = rec.get("format")
        if fmt is not None and fmt not in FORMATS:
            raise InputError(f"{where}: unknown format {fmt!r}; allowed: {', '.join(FORMATS)}")
        ident = record_id(rec, where)
        if ident is None:
            raise InputError(f"{where}: a record needs an 'id' (or url, title, name) to be "
                             "matched")
        meta = _meta(rec, where)
        try:
            doc: Document | None = document_from_text(
                body, path=ident, strip=strip, fmt=None if fmt is None else str(fmt),
                encoding=used)
        except InputError as exc:
            skip(f"{where}: {exc}")
            doc = None
        yield ident, where, doc, meta


def read_corpus(paths: Iterable[str | Path], *, strip: bool = True,
                segmenter: str = "nupunkt", skipped: list[str] | None = None
                ) -> list[Article]:
    """Read every article under ``paths`` (files, folders, ``.jsonl`` corpora), in order.

    An article that cannot be read as one (an empty or binary file, a page that is all
    furniture, a record without text, no sentences) is left out with a warning, and its
    reason appended to ``skipped``: in a crawl of thousands of pages some always are.

    Args:
        paths: files and folders.
        strip: remove page furniture (:mod:`drift.text.furniture`).
        segmenter: the sentence splitter (:func:`drift.text.segment.segment_paragraphs`).
        skipped: receives one line per article left out (None: warnings only).

    Returns:
        The articles, in the order given (folders sorted).

    Raises:
        InputError: a missing path, a JSONL line that is not valid JSON, a bad metadata
            field, an id used twice (both places named), or no article at all.
    """
    seen: dict[str, str] = {}
    out: list[Article] = []

    def skip(reason: str) -> None:
        log.warning("left out: %s", reason)
        if skipped is not None:
            skipped.append(reason)

    def add(ident: str, where: str, doc: Document | None, meta: dict[str, str]) -> None:
        if ident in seen:
            raise InputError(f"{where}: id {ident!r} is already used by {seen[ident]}; give "
                             "each article its own id")
        seen[ident] = where
        if doc is None:
            return
        sents = segment_paragraphs(doc.paragraphs, segmenter)
        if not sents:
            skip(f"{where}: no sentences found")
            return
        out.append(Article(ident, where, doc, tuple(s.norm for s in sents), meta))

    for path, ident in iter_sources(paths):
        if path.suffix.lower() in (".jsonl", ".ndjson"):
            for rid, where, doc, meta in _records(path, strip, skip):
                add(rid, where, doc, meta)
        else:
            try:
                doc = read_document(path, strip=strip)
            except InputError as exc:
                skip(str(exc))
                continue
            add(ident, str(path), Document(ident, doc.paragraphs, doc.removed, doc.format,
                                           doc.encoding), {})
    if not out:
        raise InputError("no articles to match")
    return out
