"""Reading files: encodings, binary and empty files, JSONL corpora, line breaks, furniture."""

from __future__ import annotations

import json
import logging

import pytest
from samples import FURNITURE

from drift.errors import ConfigError, InputError
from drift.text.furniture import strip_furniture
from drift.text.normalize import normalize, split_lines
from drift.text.read import (
    decode_bytes,
    document_from_text,
    read_document,
    read_documents,
)
from drift.text.segment import segment_paragraphs

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


LEAD = ("The city council voted on Tuesday to fund a new pedestrian bridge across the river, "
        "ending a debate that began in 2014.")


SECOND = "Construction is expected to start next spring, the mayor said after the vote."


def _jsonl(tmp_path, records, name="corpus.jsonl"):
    f = tmp_path / name
    f.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records),
                 encoding="utf-8")
    return f


SEPARATORS = ["\u2028", "\u2029", "\x85", "\x0c", "\x0b", "\x1c", "\x1d", "\x1e"]


ZH = ("\u54c8\u8428\u514b\u65af\u5766\u603b\u7edf\u5468\u4e09\u5ba3\u5e03\u5168\u56fd\u8fdb\u5165"
      "\u7d27\u6025\u72b6\u6001\u3002\u6570\u5343\u540d\u6297\u8bae\u8005\u5728\u963f\u62c9\u6728"
      "\u56fe\u8857\u5934\u96c6\u4f1a\uff01\u653f\u5e9c\u4f1a\u8f9e\u804c\u5417\uff1f")


CP1252_TEXT = ("Le gouvernement a d\u00e9cr\u00e9t\u00e9 l\u2019\u00e9tat d\u2019urgence "
               "mercredi \u2013 \u00ab une mesure n\u00e9cessaire \u00bb, a dit le ministre.\n")


def test_jsonl_id_ending_in_html_does_not_make_text_html(tmp_path):
    f = _jsonl(tmp_path, [{"id": "story.html", "text": f"{LEAD}\n\n{SECOND}"}])
    (doc,) = read_documents(f)
    assert doc.format == "text" and doc.path.endswith("#story.html")
    assert doc.paragraphs == (LEAD, SECOND)


def test_jsonl_format_from_content_or_field(tmp_path):
    html = f"<html><body><article><p>{LEAD}</p><p>{SECOND}</p></article></body></html>"
    md = f"# A heading\n\n{LEAD} See [the plan](http://x).\n"
    f = _jsonl(tmp_path, [{"id": "a", "text": html}, {"id": "b", "text": md, "format": "markdown"}])
    a, b = read_documents(f)
    assert a.format == "html" and "pedestrian bridge" in a.text
    assert b.format == "markdown" and b.paragraphs[0].endswith("See the plan.")
    bad = _jsonl(tmp_path, [{"text": LEAD, "format": "pdf"}], "bad.jsonl")
    with pytest.raises(InputError, match=r"bad.jsonl:1: unknown format 'pdf'; allowed: text"):
        read_documents(bad)


def test_jsonl_duplicate_ids_are_refused_naming_both_lines(tmp_path):
    f = _jsonl(tmp_path, [{"id": "a", "text": LEAD}, {"id": "b", "text": SECOND},
                          {"id": "a", "text": SECOND}])
    with pytest.raises(InputError) as exc:
        read_documents(f)
    msg = str(exc.value)
    assert "corpus.jsonl:3: duplicate id 'a', already used on line 1" in msg
    assert "\n" not in msg


def test_jsonl_line_number_name_cannot_collide_with_an_id(tmp_path):
    f = _jsonl(tmp_path, [{"id": "2", "text": LEAD}, {"text": SECOND}])
    with pytest.raises(InputError, match=r":2: duplicate name '2' \(its line number\), already "
                                         r"used on line 1"):
        read_documents(f)


@pytest.mark.parametrize("ident, name", [(0, "0"), (0.0, "0.0"), (False, "false"),
                                         ("0", "0"), ("  x ", "x")])
def test_jsonl_falsy_ids_are_ids(tmp_path, ident, name):
    f = _jsonl(tmp_path, [{"text": LEAD}, {"id": ident, "text": SECOND}])
    docs = read_documents(f)
    assert [d.path.rsplit("#", 1)[1] for d in docs] == ["1", name]


def test_jsonl_null_or_blank_id_falls_back_to_the_next_field(tmp_path):
    f = _jsonl(tmp_path, [{"id": None, "url": "http://x/1", "text": LEAD},
                          {"id": " ", "text": SECOND}])
    assert [d.path.rsplit("#", 1)[1] for d in read_documents(f)] == ["http://x/1", "2"]
    bad = _jsonl(tmp_path, [{"id": ["a"], "text": LEAD}], "bad.jsonl")
    with pytest.raises(InputError, match="field 'id' must be a string or a number"):
        read_documents(bad)


def test_split_lines_breaks_only_at_newlines():
    assert split_lines("a\u2028b\x85c\x0cd\x0be\u2029f\r\ng\rh\ni") == [
        "a\u2028b\x85c\x0cd\x0be\u2029f", "g", "h", "i"]


@pytest.mark.parametrize("sep", SEPARATORS)
def test_jsonl_record_with_a_raw_separator_is_one_record(tmp_path, sep):
    text = f"The council voted on Tuesday{sep}to fund a new bridge across the river."
    f = tmp_path / "c.jsonl"
    f.write_text(json.dumps({"id": "a", "text": text}, ensure_ascii=False) + "\n",
                 encoding="utf-8")
    if ord(sep) >= 0x20:  # JSON escapes control characters; these stay raw in the file
        assert sep in f.read_text(encoding="utf-8")
    (doc,) = read_documents(f)
    assert doc.paragraphs == ("The council voted on Tuesday to fund a new bridge across the "
                              "river.",)


@pytest.mark.parametrize("sep", SEPARATORS)
def test_fragment_before_a_separator_is_not_furniture(tmp_path, sep):
    f = tmp_path / "a.txt"
    f.write_text(f"{LEAD[:60]}{sep}{LEAD[60:]}\n\n{SECOND}\n", encoding="utf-8")
    doc = read_document(f)
    assert not doc.removed
    assert doc.paragraphs == (LEAD[:60] + " " + LEAD[60:], SECOND)


def test_markdown_lines_break_at_newlines_only():
    doc = document_from_text(f"# Title\n\n{LEAD[:50]}\u2028{LEAD[50:]}\n", path="a.md")
    assert doc.paragraphs == (LEAD[:50] + " " + LEAD[50:],)


def test_cjk_paragraph_inside_an_english_page_is_kept():
    page = f"Daily News\n\n{LEAD}\n\n{ZH}\n\n{SECOND}\n\nRead More\n"
    doc = document_from_text(page)
    assert doc.paragraphs == (LEAD, ZH, SECOND)
    assert {r.text: r.reason for r in doc.removed} == {"Daily News": "header",
                                                        "Read More": "not-a-sentence"}
    assert [s.paragraph for s in segment_paragraphs(doc.paragraphs)] == [0, 1, 1, 1, 2]


def test_a_chinese_page_has_a_lead_and_loses_its_header():
    page = ("\u65b0\u534e\u7f51\n\n\u2014\u20142022\u5e741\u67086\u65e5\n\n" + ZH + "\n")
    doc = document_from_text(page)
    assert doc.paragraphs == (ZH,)
    assert [r.reason for r in doc.removed] == ["header", "header"]


def test_windows_1252_is_detected_and_reported(tmp_path, caplog):
    f = tmp_path / "fr.txt"
    f.write_bytes(CP1252_TEXT.encode("cp1252"))
    with caplog.at_level(logging.WARNING, logger="drift"):
        doc = read_document(f)
    assert doc.encoding == "cp1252" and doc.paragraphs == (CP1252_TEXT.strip(),)
    assert "fr.txt: read as cp1252, not UTF-8" in caplog.text


@pytest.mark.parametrize("text", [
    "Caf\u00e9 na\u00efve.",
    "Die Regierung hat den Ausnahmezustand verh\u00e4ngt, sagte ein Sprecher in M\u00fcnchen.",
    "The minister\u2019s \u201cgarden city\u201d plan \u2013 na\u00efve.",
])
def test_short_western_texts_decode_as_windows_1252(text):
    assert decode_bytes(text.encode("cp1252"), "x") == (text, "cp1252")


def test_other_legacy_encodings_are_detected():
    ru = "\u041f\u0440\u0435\u0437\u0438\u0434\u0435\u043d\u0442 \u0420\u043e\u0441\u0441\u0438\u0438 " \
         "\u0437\u0430\u044f\u0432\u0438\u043b \u043e \u043f\u043e\u0431\u0435\u0434\u0435. " * 3
    text, enc = decode_bytes(ru.encode("cp1251"), "ru.txt")
    assert text == ru and enc != "utf-8"
    zh = ZH * 3
    text, enc = decode_bytes(zh.encode("gb18030"), "zh.txt")
    assert text == zh


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-8-sig"])
def test_unicode_with_a_byte_order_mark_is_text(tmp_path, codec):
    bom = {"utf-16-le": b"\xff\xfe", "utf-16-be": b"\xfe\xff"}.get(codec, b"")
    f = tmp_path / "u.txt"
    f.write_bytes(bom + f"{LEAD}\n\n{SECOND}\n".encode(codec))
    doc = read_document(f)
    assert doc.paragraphs == (LEAD, SECOND)
    assert doc.encoding == {"utf-8-sig": "utf-8", "utf-16-le": "utf-16",
                            "utf-16-be": "utf-16"}.get(codec, codec)


def test_utf16_without_bom_is_refused_unless_forced(tmp_path):
    f = tmp_path / "u.txt"
    f.write_bytes(LEAD.encode("utf-16-le"))
    with pytest.raises(InputError, match="binary file.*--encoding utf-16"):
        read_document(f)
    assert read_document(f, encoding="utf-16-le").paragraphs == (LEAD,)


def test_forced_encoding_and_its_errors_give_line_numbers(tmp_path):
    f = tmp_path / "a.txt"
    f.write_bytes(f"{LEAD}\n{SECOND}\nThey met in a caf\xe9 on the third line.\n".encode("latin-1"))
    with pytest.raises(InputError, match=r"a.txt: line 3: not valid utf-8 text \(byte 0xe9\)"):
        read_document(f, encoding="utf-8")
    assert read_document(f, encoding="latin-1").encoding == "iso8859-1"
    with pytest.raises(ConfigError, match="unknown encoding 'klingon'"):
        read_document(f, encoding="klingon")
    with pytest.raises(ConfigError, match="not a text encoding"):
        read_document(f, encoding="base64")


@pytest.mark.parametrize("content, message", [
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "PNG image"),
    (b"\xff\xd8\xff\xe0\x00\x10JFIF", "JPEG image"),
    (b"%PDF-1.7\n%\xb5\xb5\xb5\xb5\n", "PDF"),
    (b"PK\x03\x04\x14\x00\x06\x00\x08\x00", "zip archive"),
    (b"\x1f\x8b\x08\x00", "gzip archive"),
    (b"ab\x00cd\x01\x02" * 40, "binary file"),
    (b"\x01\x02\x03\x04\x05\x06\x07\x08 some text \x0e\x0f\x10\x11" * 10, "binary file"),
])
def test_binary_files_are_refused_in_one_line(content, message):
    with pytest.raises(InputError, match=message) as exc:
        decode_bytes(content, "f")
    assert "\n" not in str(exc.value)


def test_a_page_of_only_furniture_has_no_article(tmp_path):
    with pytest.raises(InputError, match=r"courier.txt: no article found: all 6 lines look like "
                                         "page furniture"):
        document_from_text(FURNITURE, path="courier.txt")
    body, removed = strip_furniture(split_lines(FURNITURE))
    assert body == [] and len(removed) == 6
    # --no-strip keeps it all
    assert len(document_from_text(FURNITURE, strip=False).paragraphs) == 6


def test_one_line_is_never_stripped():
    assert document_from_text("It backed the plan.").paragraphs == ("It backed the plan.",)
    assert document_from_text("Read More").paragraphs == ("Read More",)
