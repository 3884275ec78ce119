"""Property-based tests of the text layer: reader, decoder, JSONL and segmenter on arbitrary input."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from samples import texts

from drift.errors import DriftError
from drift.text.normalize import normalize, split_lines
from drift.text.read import _AS_SPACE, decode_bytes, document_from_text, read_documents
from drift.text.segment import segment_paragraphs, split_sentences


def _check_document(doc, source: str) -> None:
    """Paragraphs are lines joined (hard-wrapped text is unwrapped): each line's piece, as the
    line map places it, is in that line of the source; removed text is the source's lines."""
    flat = source.translate(_AS_SPACE)
    lines = split_lines(flat)
    assert doc.paragraphs and len(doc.line_maps) == len(doc.paragraphs)
    for p, lmap in zip(doc.paragraphs, doc.line_maps):
        assert p and p == p.strip() and "\n" not in p and "\r" not in p
        assert lmap.starts[0] == 0 and list(lmap.starts) == sorted(lmap.starts)
        for k, (start, end) in enumerate(zip(lmap.starts, [*lmap.starts[1:], len(p)])):
            assert p[start:end].strip() in lines[lmap.lines[k] - 1], (p, lmap, k)
    for r in doc.removed:
        assert 1 <= r.line <= r.last_line <= len(lines)
        for piece in r.text.split("\n"):
            assert piece in flat


@given(texts, st.booleans())
def test_reader_on_arbitrary_text(text, strip):
    try:
        doc = document_from_text(text, strip=strip, fmt="text")
    except DriftError:
        return
    _check_document(doc, text)


@given(texts, st.sampled_from(["markdown", None]))
def test_reader_guesses_and_markdown_never_crash(text, fmt):
    try:
        doc = document_from_text(text, path="a.md", fmt=fmt)
    except DriftError:
        return
    assert doc.paragraphs and all(p == p.strip() and p for p in doc.paragraphs)


@given(st.binary(max_size=2000))
def test_decoding_random_bytes(data):
    try:
        text, used = decode_bytes(data, "f")
    except DriftError as exc:
        assert "\n" not in str(exc)
        return
    assert text.strip() and used


@given(texts, st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "utf-32"]))
def test_unicode_files_decode_to_their_text(text, codec):
    try:
        got, used = decode_bytes(text.encode(codec), "f")
    except DriftError:
        return
    assert got == text.removeprefix("\ufeff")
    assert used == ("utf-8" if codec.startswith("utf-8") else codec)


@given(st.lists(st.tuples(texts, st.one_of(st.none(), st.integers(-2, 3), st.booleans(),
                                           st.text(max_size=5))), min_size=1, max_size=6))
def test_jsonl_corpora(records):
    with tempfile.TemporaryDirectory() as tmp:
        f = Path(tmp) / "c.jsonl"
        f.write_text("".join(json.dumps({"id": i, "text": t}, ensure_ascii=False) + "\n"
                             for t, i in records), encoding="utf-8")
        try:
            docs = read_documents(f)
        except DriftError as exc:
            assert "\n" not in str(exc)
            return
    assert len(docs) == len(records)
    assert len({d.path for d in docs}) == len(docs)
    for d, (t, _) in zip(docs, records):
        if d.format == "text":
            _check_document(d, t)


@pytest.mark.parametrize("method", ["nupunkt", "lines", "pysbd"])
@given(text=texts)
def test_sentences_are_found_in_their_paragraph(method, text):
    paragraph = text.translate(_AS_SPACE)
    sents = split_sentences(paragraph, method)
    pos = 0
    for s in sents:
        assert s and s == s.strip()
        k = paragraph.find(s, pos)
        assert k >= 0, (s, paragraph)  # in order, not overlapping
        pos = k + len(s)


@given(st.lists(texts, max_size=4))
def test_segment_paragraphs(paragraphs):
    paragraphs = [p.translate(_AS_SPACE) for p in paragraphs]
    for s in segment_paragraphs(paragraphs):
        assert s.text in paragraphs[s.paragraph]
        assert s.norm and s.norm == normalize(s.text)
