"""Reading and page-furniture rules, on the corpus and on pages written for the test."""

from __future__ import annotations

import pytest

from drift.errors import InputError
from drift.text.read import document_from_text, normalize, read_document, strip_furniture


def test_normalize_keeps_meaning_and_unifies_typography():
    assert normalize("Kazakhstan\u2019s \u201cgarden\u00a0city\u201d \u2013 here") == \
        "Kazakhstan's \"garden city\" - here"
    assert normalize("colour revolutions -- uprisings") == "colour revolutions - uprisings"
    assert normalize("  a \t b\n c ") == "a b c"


def test_original_text_is_kept_for_display(examples):
    doc = read_document(examples / "base_reuters.txt")
    assert any("\u2019" in p for p in doc.paragraphs)  # curly apostrophes survive


def test_base_read_more_is_removed_and_reported(examples):
    doc = read_document(examples / "base_reuters.txt")
    assert [(r.text, r.reason) for r in doc.removed] == [("Read More", "not-a-sentence")]
    assert doc.paragraphs[0].startswith("Russian President Vladimir Putin claimed victory")


def test_budapest_disclaimer_and_headline_list_are_removed(examples):
    doc = read_document(examples / "ai_budapest_post.txt")
    body = doc.text
    assert "AI Disclaimer" not in body
    assert "Honda and Nissan End Merger Talks" not in body
    assert "Cum Deo pro Patria" not in body
    reasons = {r.reason for r in doc.removed}
    assert {"header", "headline-list", "reader-address"} <= reasons
    disclaimer = [r for r in doc.removed if r.text.startswith("AI Disclaimer")]
    assert disclaimer and disclaimer[0].reason == "reader-address"
    # the article itself is intact: first and last paragraphs
    assert doc.paragraphs[0].startswith("Russian President Vladimir Putin claimed victory on Monday")
    assert doc.paragraphs[-1].startswith("A former Kazakh prime minister")


def test_macedonian_blog_comment_box_and_teaser(examples):
    doc = read_document(examples / "mt_macedonian_blog.txt")
    removed = {r.text: r.reason for r in doc.removed}
    assert removed["No comments:"] == "not-a-sentence"
    assert removed["Post a Comment"] == "not-a-sentence"
    teaser = [t for t, why in removed.items() if why == "teaser"]
    assert teaser and teaser[0].startswith("The British authorities fear")
    assert doc.paragraphs[-1].startswith("Russia has long accused the West")


def test_straits_times_dateline_caption_and_promo(examples):
    doc = read_document(examples / "independent_straits_times.txt")
    removed = {r.reason: r.text for r in doc.removed}
    assert removed["dateline"] == "MOSCOW/ALMATY (BLOOMBERG, AFP) -"
    assert doc.paragraphs[0].startswith("Russia's President Vladimir Putin on Monday")
    assert any(r.text.endswith("PHOTO: AFP") for r in doc.removed)
    assert "Telegram" not in doc.text


UNSEEN_PAGE = """The Riverside Courier
Independent local journalism since 1887
Home | Politics | Sport | Weather

Council approves new bridge after decade of debate

The city council voted 7-2 on Tuesday to fund a new pedestrian bridge across the river, ending a debate that began in 2014.
Construction is expected to start next spring, the mayor said.

Share this article

You might also like
Local Bakery Wins National Bread Award
School Board Election Results Are In
Heatwave Expected To Break By Weekend

Sign up to our newsletter and get the best stories in your inbox every morning.
"""


def test_rules_carry_over_to_an_unseen_page():
    doc = document_from_text(UNSEEN_PAGE, path="courier.txt")
    assert doc.paragraphs == (
        "The city council voted 7-2 on Tuesday to fund a new pedestrian bridge across the river, "
        "ending a debate that began in 2014.",
        "Construction is expected to start next spring, the mayor said.",
    )
    why = {r.text: r.reason for r in doc.removed}
    assert why["The Riverside Courier"] == "header"
    assert why["Home | Politics | Sport | Weather"] == "header"
    assert why["Share this article"] == "not-a-sentence"
    assert why["Local Bakery Wins National Bread Award"] == "headline-list"
    assert why["Sign up to our newsletter and get the best stories in your inbox every morning."] \
        == "reader-address"


def test_a_short_lead_sentence_is_not_header():
    # a translation's first paragraph is often one sentence under LEAD_WORDS (12) words
    lines = ["Le Courrier de Genève", "", "Mis à jour le 6 janvier 2022", "",
             "Le gouvernement a décrété l'état d'urgence mercredi.", "",
             "Les prix du carburant avaient doublé au début de l'année, et des milliers de "
             "personnes se sont rassemblées sur la place principale."]
    body, removed = strip_furniture(lines)
    assert [t for _, t in body][0] == "Le gouvernement a décrété l'état d'urgence mercredi."
    assert {r.text: r.reason for r in removed} == {
        "Le Courrier de Genève": "header", "Mis à jour le 6 janvier 2022": "header"}


def test_quoted_second_person_is_not_furniture():
    body, removed = strip_furniture([
        "The minister spoke to reporters for an hour about the budget on Friday afternoon.",
        "",
        '"You cannot spend what you do not have," she told them.',
    ])
    assert not removed and len(body) == 2


def test_a_short_string_is_never_stripped_to_nothing():
    doc = document_from_text("Putin claims victory")
    assert doc.paragraphs == ("Putin claims victory",) and not doc.removed


def test_html_main_text_and_removed_boilerplate():
    html = """<!DOCTYPE html><html><head><title>Bridge</title></head><body>
    <nav><a href="/">Home</a> <a href="/politics">Politics</a></nav>
    <article><h1>Council approves bridge</h1>
    <p>The city council voted 7-2 on Tuesday to fund a new pedestrian bridge across the river,
    ending a debate that began in 2014 and divided the town for a decade.</p>
    <p>Construction is expected to start next spring, the mayor said after the vote on Tuesday
    evening, adding that the budget had been approved by the regional government.</p></article>
    <footer><p>Copyright 2024 The Riverside Courier. All rights reserved.</p></footer>
    </body></html>"""
    doc = document_from_text(html, path="page.html")
    assert doc.format == "html"
    assert "pedestrian bridge" in doc.text and "Copyright" not in doc.text
    assert any("Politics" in r.text for r in doc.removed)


def test_markdown_headings_and_links():
    md = ("# Council approves bridge\n\nThe city council voted on Tuesday to fund a new "
          "[pedestrian bridge](https://example.org) across the river after years of debate.\n")
    doc = document_from_text(md, path="a.md")
    assert doc.paragraphs[0].startswith("The city council voted")
    assert "pedestrian bridge across" in doc.paragraphs[0]
    assert doc.removed[0].text == "Council approves bridge"


@pytest.mark.parametrize("content, message", [
    (b"", "empty"),
    (b"   \n\n  ", "empty"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
    (b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj", "PDF \\(binary\\)"),
    (b"PK\x03\x04\x14\x00\x06\x00", "zip archive"),
    (bytes(range(1, 256)) * 3, "line 2: not UTF-8, and no other text encoding fits"),
])
def test_bad_files_raise_one_clear_error(tmp_path, content, message):
    f = tmp_path / "bad.txt"
    f.write_bytes(content)
    with pytest.raises(InputError, match=message):
        read_document(f)


def test_missing_file_and_directory(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        read_document(tmp_path / "nope.txt")
    with pytest.raises(InputError, match="directory"):
        read_document(tmp_path)


def test_jsonl_corpus_gives_one_document_per_record(tmp_path):
    from drift.text.read import read_documents

    f = tmp_path / "corpus.jsonl"
    f.write_text(
        '{"id": "a1", "text": "The council voted on Tuesday to fund a new bridge across the '
        'river after years of debate."}\n\n'
        '{"url": "http://x/2", "body": "Menu\\n\\nThe mayor said construction of the bridge '
        'would start next spring, weather permitting."}\n', encoding="utf-8")
    docs = read_documents(f)
    assert [d.path for d in docs] == [f"{f}#a1", f"{f}#http://x/2"]
    assert docs[1].removed[0].text == "Menu"
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"text": "fine text here."}\n[1, 2]\n', encoding="utf-8")
    with pytest.raises(InputError, match="bad.jsonl:2: each line must be a JSON object"):
        read_documents(bad)
    bad.write_text('{"title": "no text"}\n', encoding="utf-8")
    with pytest.raises(InputError, match="no text in fields"):
        read_documents(bad)
