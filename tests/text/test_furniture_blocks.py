"""Furniture judged on paragraphs in context (drift.text.furniture): signals, the rules that
never cut running text, and "no article found" only when nothing reads as prose."""

from __future__ import annotations

import textwrap
from datetime import timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from drift.errors import InputError
from drift.text.furniture import furniture_signals, strip_paragraphs
from drift.text.normalize import split_lines
from drift.text.read import document_from_text
from drift.text.unwrap import unwrap

ESSAY = [
    "Inheritance is a basic concept of object oriented programming. A new class takes over "
    "the attributes and the methods of an existing class and adds its own.",
    "The class that is inherited from is called the superclass, and the class that inherits "
    "is called the subclass. If you call a method that the subclass does not define, the "
    "superclass answers it.",
    "Multiple Inheritance Is Allowed In Some Languages",
    "Languages such as C++ allow a class to inherit from several classes, while Java allows "
    "only one superclass but several interfaces.",
]


def read(text: str):
    return document_from_text(text, path="t.txt", fmt="text")


def signals(text: str) -> tuple[str, ...]:
    return furniture_signals(unwrap(split_lines(text)))


@pytest.mark.parametrize("width", [40, 55, 70])
def test_prose_without_a_signal_keeps_every_line(width):
    # a Title Case line, "you" in a paragraph, lines that end without a full stop: all kept
    text = "Inheritance\n\n" + "\n\n".join(textwrap.fill(p, width) for p in ESSAY)
    assert signals(text) == ()
    doc = read(text)
    assert not doc.removed and doc.paragraphs == ("Inheritance", *ESSAY)


@pytest.mark.parametrize("text, found", [
    ("An essay.\n\nRead More", ("navigation",)),
    ("An essay.\n\nHome | News | Sport | Weather", ("menu",)),
    ("Monday, January 10, 2022\n\nAn essay.", ("date",)),
    ("A burned-out car in Almaty. PHOTO: AFP\n\nAn essay.", ("credit",)),
    ("MOSCOW (Reuters) - An essay.", ("dateline",)),
    ("Putin claims victory\n\nPutin claims victory\n\nAn essay.", ("repeated",)),
    ("An essay.\n\nhttp://example.org/a\n\nwww.example.org/b", ("link",)),
    ("From: a@example.org\nSubject: bridge\n\nAn essay.", ("metadata",)),
    ("An essay.\n\n-- \nJane", ("signature",)),
    ("*** START OF THE PROJECT GUTENBERG EBOOK X ***\n\nAn essay.", ("gutenberg",)),
])
def test_signals(text, found):
    assert signals(text) == found


def test_what_essays_write_is_not_a_signal():
    text = ("Bayes' theorem\n\nP(A|B) = P(B|A) P(A) / P(B)\n\n"
            "TF-IDF (term frequency) - a weight that grows with the count of a term in a\n"
            "document and shrinks with the number of documents that contain it.\n\n"
            "In 1763 and 1764 two papers were read.\n")
    assert signals(text) == ()
    assert not read(text).removed


def test_one_reference_address_is_not_a_link_list():
    assert signals("An essay about graphs.\n\nhttp://en.wikipedia.org/wiki/Graph") == ()


def test_running_text_without_a_full_stop_is_not_a_heading():
    text = ("Local News\n\nRead More\n\n"
            "The council voted on Tuesday to fund the bridge and the mayor said that the "
            "money would come from the regional government over the next three years\n\n"
            "Construction starts in spring, officials said.")
    doc = read(text)
    assert len(doc.paragraphs) == 2 and doc.paragraphs[0].endswith("next three years")
    assert {r.text: r.reason for r in doc.removed} == {"Local News": "header",
                                                       "Read More": "header"}


def test_a_sentence_inside_a_run_of_prose_is_kept():
    # one block, no blank lines: the second paragraph speaks to the reader, between prose
    lines = ["Share this article", "",
             "The council voted on Tuesday to fund the new bridge across the river.",
             "If you cross the river every day, the new bridge will save you ten minutes.",
             "Construction starts next spring and should take two years, the council said."]
    body, removed = strip_paragraphs(unwrap(lines, join=False))
    assert len(body) == 3 and [r.text for r in removed] == ["Share this article"]
    # on its own line between blank lines it is a prompt to the reader, and goes
    lines[3:4] = ["", lines[3], ""]
    body, removed = strip_paragraphs(unwrap(lines, join=False))
    assert len(body) == 2 and removed[-1].reason == "reader-address"


def test_a_fragment_that_continues_a_sentence_is_kept():
    lines = ["Read More", "",
             "The council met on Tuesday and voted for the plan of the",
             "new bridge across the river after a long debate."]
    body, removed = strip_paragraphs(unwrap(lines, join=False))
    assert len(body) == 2 and [r.text for r in removed] == ["Read More"]


def test_headline_lists_go_but_runs_of_prose_stay():
    lines = ["Read More", "",
             "The council voted on Tuesday to fund the new bridge across the river.",
             "Construction starts next spring and should take two years, the council said.",
             "Local Bakery Wins National Bread Award",
             "School Board Election Results Are In",
             "Heatwave Expected To Break By Weekend"]
    body, removed = strip_paragraphs(unwrap(lines, join=False))
    assert [p.text for p in body] == lines[2:4]
    assert [r.reason for r in removed] == ["header", *["headline-list"] * 3]


def test_no_article_found_only_when_nothing_reads_as_prose():
    menu = "Home | News | Sport\n\nRead More\n\nShare this article\n\nNewsletter"
    with pytest.raises(InputError, match="no article found: all 4 lines"):
        read(menu)
    # every paragraph a header before a lead that never comes, but one reads as prose
    page = ("Home | News | Sport\n\nThe council voted on Tuesday to fund a bridge.\n\n"
            "Read More")
    assert read(page).paragraphs == ("The council voted on Tuesday to fund a bridge.",)


def test_removed_pieces_carry_their_lines():
    text = ("Daily News\n\nRead More\n\n" + textwrap.fill(ESSAY[0], 50) + "\n\n"
            "Sign up to our newsletter and get the best stories in your inbox every\n"
            "morning of the week.\n")
    doc = read(text)
    first = split_lines(text).index("Sign up to our newsletter and get the best stories in "
                                    "your inbox every") + 1
    prompt = doc.removed[-1]
    assert prompt.reason == "reader-address" and (prompt.line, prompt.last_line) == (
        first, first + 1)
    assert prompt.text.split("\n") == ["Sign up to our newsletter and get the best stories "
                                       "in your inbox every", "morning of the week."]
    assert prompt.to_dict()["last_line"] == first + 1


def test_html_keeps_subheadings_and_list_items_and_loses_the_repeated_title():
    html = """<!DOCTYPE html><html><head><title>Council approves bridge</title></head><body>
    <nav><a href="/">Home</a> <a href="/politics">Politics</a></nav>
    <article><h1>Council approves bridge</h1>
    <p>The city council voted 7-2 on Tuesday to fund a new pedestrian bridge across the
    river, ending a debate that began in 2014 and divided the town for a decade.</p>
    <h2>What it costs</h2>
    <p>The bridge will cost 12 million pounds, most of it paid by the regional government,
    which approved its share of the money in January after a long debate.</p>
    <ul><li>Construction starts next spring</li><li>Cyclists get their own lane</li></ul>
    <p>Read more: Council elections set for May</p>
    <p>Opponents said the money would be better spent on repairing the Victoria Bridge,
    which has been closed to lorries since 2019, and on the town's schools.</p></article>
    </body></html>"""
    doc = document_from_text(html, path="page.html")
    assert "What it costs" in doc.paragraphs
    assert any("Cyclists get their own lane" in p for p in doc.paragraphs)
    why = {r.text: r.reason for r in doc.removed if r.reason != "html-boilerplate"}
    assert why == {"Council approves bridge": "header",
                   "Read more: Council elections set for May": "navigation"}
    assert not doc.line_maps and all(r.line == -1 for r in doc.removed)


# --- every line is kept or removed, once ---------------------------------------------------

PIECES = ["The council voted on Tuesday to fund a new bridge across the river after years of "
          "debate, the mayor said.", "Read More", "Local Bakery Wins National Bread Award",
          "Monday, January 10, 2022", "If you cross the river, the bridge saves you time.",
          "MOSCOW (Reuters) - Police said 40 people were detained.", "> quoted reply line",
          "- a list item", "-----", "Home | News | Sport", "Share this article", "", "",
          "and the town's schools were closed", "Title: A page", "Author: Someone", "-- "]


@settings(deadline=timedelta(seconds=10), suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(PIECES), min_size=1, max_size=30), st.integers(30, 90),
       st.booleans())
def test_every_line_is_kept_or_removed_once(pieces, width, wrap):
    lines = [line for p in pieces for line in (textwrap.wrap(p, width) if wrap and p else [p])]
    text = "\n".join(lines)
    try:
        doc = read(text)
    except InputError:
        return
    kept = {n for m in doc.line_maps for n in m.lines}
    removed = {n for r in doc.removed for n in range(r.line, r.last_line + 1)}
    dateline = {r.line for r in doc.removed if r.reason == "dateline"}
    content = {k for k, line in enumerate(lines, 1) if line.replace(">", "").strip()}
    assert kept | removed == content and kept & removed <= dateline
