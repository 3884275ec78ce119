"""Plain text as people have it, read whole: a hard-wrapped essay, a wrapped news story, a
Project Gutenberg page, an e-mail with quoted lines and a signature, a list article
(tests/text/data, written for these tests; the novel's opening is public domain)."""

from __future__ import annotations

from pathlib import Path

import pytest

from drift.text.read import document_from_text, read_document
from drift.text.segment import segment_paragraphs

DATA = Path(__file__).parent / "data"


def lines_kept(doc) -> set[int]:
    return {n for m in doc.line_maps for n in m.lines}


def lines_removed(doc) -> set[int]:
    return {n for r in doc.removed for n in range(r.line, r.last_line + 1)}


def content_lines(path: Path) -> set[int]:
    """Numbers of the lines with text (a line of only quote markers is blank)."""
    return {k for k, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
            if line.replace(">", "").strip()}


def sentences(doc):
    return segment_paragraphs(doc.paragraphs, "nupunkt", doc.line_maps)


def test_a_wrapped_essay_keeps_every_line():
    # four paragraphs hard-wrapped at 70 columns: the old reader took all 19 lines for furniture
    path = DATA / "essay_wrapped.txt"
    doc = read_document(path)
    assert not doc.removed and len(doc.paragraphs) == 4
    assert lines_kept(doc) == content_lines(path)
    assert doc.paragraphs[2].endswith("otherwise Dynamic Programming is needed.")
    sents = sentences(doc)
    assert [s.lines for s in sents[:2]] == [(1, 3), (3, 5)]
    assert sents[2].text.startswith("The method was developed by Richard Bellman")


@pytest.mark.parametrize("newline", ["\r\n", "\r"])
@pytest.mark.parametrize("indent", ["", "    "])
def test_the_essay_reads_the_same_with_crlf_lone_cr_and_indents(newline, indent):
    text = (DATA / "essay_wrapped.txt").read_text(encoding="utf-8")
    other = newline.join(indent + line if line else line for line in text.split("\n"))
    plain, variant = document_from_text(text), document_from_text(other)
    assert variant.paragraphs == plain.paragraphs and not variant.removed
    assert variant.line_maps == plain.line_maps


def test_a_wrapped_news_story_loses_its_header_and_credits_only():
    path = DATA / "news_wrapped.txt"
    doc = read_document(path)
    why = {r.text: r.reason for r in doc.removed}
    assert why == {"Council approves Riverside footbridge after decade of debate": "header",
                   "By Anna Berg, Staff Reporter": "header",
                   "RIVERSIDE, March 3 (Courier) -": "dateline",
                   "(Reporting by Anna Berg; Editing by Mark Lowe)": "not-a-sentence"}
    assert lines_kept(doc) == content_lines(path) - {1, 3, 21}  # line 5 keeps its story
    assert doc.paragraphs[0].startswith("The city council voted 7-2 on Tuesday")
    assert "repairing the existing Victoria Bridge, which has been closed" in doc.paragraphs[2]


def test_a_gutenberg_page_loses_its_header_and_licence():
    doc = read_document(DATA / "gutenberg_page.txt")
    assert doc.paragraphs[0] == ("It is a truth universally acknowledged, that a single man in "
                                 "possession of a good fortune, must be in want of a wife.")
    assert doc.paragraphs[-1] == "Mr. Bennet replied that he had not."
    reasons = [(r.reason, r.line) for r in doc.removed]
    assert ("header", 3) in reasons and ("header", 17) in reasons  # licence, start marker
    assert ("footer", 38) in reasons and ("footer", 40) in reasons
    licence = next(r for r in doc.removed if r.line == 3)
    assert licence.last_line == 7 and licence.text.count("\n") == 4  # the lines as written


def test_an_email_keeps_its_quoted_text_and_loses_headers_and_signature():
    doc = read_document(DATA / "email_quoted.txt")
    assert doc.paragraphs == (
        "Thanks for the draft. I checked the figures against the council minutes and the vote "
        "was 7-2, not 6-3 as the story says. The budget figure of 12 million pounds is right.",
        "The city council voted 6-3 on Tuesday to fund a new pedestrian bridge across the "
        "river, ending a debate that began in 2014.",
        "Construction is expected to start next spring, the mayor said.")
    why = {r.text: r.reason for r in doc.removed}
    assert why["Subject: Re: bridge story"] == "metadata"
    assert why["Jane Doe | Riverside Courier | news desk"] == "signature"
    assert [s.lines for s in sentences(doc)][-2:] == [(13, 14), (16, 16)]


def test_a_list_article_keeps_one_item_per_paragraph():
    path = DATA / "list_article.txt"
    doc = read_document(path)
    assert not doc.removed and lines_kept(doc) == content_lines(path)
    assert doc.paragraphs[0] == "Five things to know about the new footbridge"  # no signal
    assert doc.paragraphs[2] == ("It will cost 12 million pounds, most of it paid by the "
                                 "regional government.")
    assert doc.paragraphs[3:7] == ("Construction starts next spring.",
                                   "The bridge will be 120 metres long and 5 metres wide.",
                                   "Cyclists will have their own lane.",
                                   "The old ferry will keep running until the bridge opens.")
    assert doc.paragraphs[8] == "Supporters called it overdue."


@pytest.mark.parametrize("name", ["essay_wrapped.txt", "news_wrapped.txt",
                                  "gutenberg_page.txt", "email_quoted.txt", "list_article.txt"])
def test_every_line_is_kept_or_removed_once(name):
    path = DATA / name
    doc = read_document(path)
    kept, removed = lines_kept(doc), lines_removed(doc)
    dateline = {r.line for r in doc.removed if r.reason == "dateline"}
    assert kept | removed == content_lines(path)
    assert kept & removed == dateline  # a dateline is cut off the line it starts
    no_strip = read_document(path, strip=False)  # every line as it is
    assert len(no_strip.paragraphs) == \
        sum(1 for line in path.read_text(encoding="utf-8").splitlines() if line.strip())
    assert not no_strip.removed
