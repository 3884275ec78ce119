"""Regression tests for issue 11's input defects: JSONL ids and formats, line separators, CJK
sentence ends, combining marks and zero-width characters, encodings, furniture-only pages,
word matching within a budget, and the report of two highlight crashes."""

from __future__ import annotations

import json
import logging

import pytest

from drift.align.labels import label_pair
from drift.cli import main
from drift.errors import ConfigError, InputError
from drift.score import wordalign
from drift.score import words as words_mod
from drift.score.explain import TOO_LONG, explain_pairs
from drift.score.wordalign import WORD_PAIR_BUDGET, align_words
from drift.score.words import analyze_words, is_spelling_variant
from drift.text import lexical as labels_mod
from drift.text.furniture import is_sentence, strip_furniture
from drift.text.lexical import lexical_similarity
from drift.text.normalize import normalize, split_lines
from drift.text.read import decode_bytes, document_from_text, read_document, read_documents
from drift.text.segment import segment_paragraphs, split_sentences

LEAD = ("The city council voted on Tuesday to fund a new pedestrian bridge across the river, "
        "ending a debate that began in 2014.")
SECOND = "Construction is expected to start next spring, the mayor said after the vote."


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


# --- 1. JSONL corpora ----------------------------------------------------------------------

def _jsonl(tmp_path, records, name="corpus.jsonl"):
    f = tmp_path / name
    f.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records),
                 encoding="utf-8")
    return f


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


def test_cli_refuses_a_corpus_with_duplicate_ids_before_any_work(capsys, tmp_path, examples):
    f = _jsonl(tmp_path, [{"id": 7, "text": LEAD}, {"id": 7, "text": SECOND}])
    code, _, err = run(capsys, "score", str(examples / "base_reuters.txt"), str(f))
    assert code == 2 and err.count("\n") == 1
    assert "corpus.jsonl:2: duplicate id '7', already used on line 1" in err


# --- 2. line separators --------------------------------------------------------------------

SEPARATORS = ["\u2028", "\u2029", "\x85", "\x0c", "\x0b", "\x1c", "\x1d", "\x1e"]


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


# --- 3. CJK and other scripts ----------------------------------------------------------------

ZH = ("\u54c8\u8428\u514b\u65af\u5766\u603b\u7edf\u5468\u4e09\u5ba3\u5e03\u5168\u56fd\u8fdb\u5165"
      "\u7d27\u6025\u72b6\u6001\u3002\u6570\u5343\u540d\u6297\u8bae\u8005\u5728\u963f\u62c9\u6728"
      "\u56fe\u8857\u5934\u96c6\u4f1a\uff01\u653f\u5e9c\u4f1a\u8f9e\u804c\u5417\uff1f")


def test_cjk_sentence_ends_split():
    assert split_sentences(ZH) == [
        "\u54c8\u8428\u514b\u65af\u5766\u603b\u7edf\u5468\u4e09\u5ba3\u5e03\u5168\u56fd\u8fdb"
        "\u5165\u7d27\u6025\u72b6\u6001\u3002",
        "\u6570\u5343\u540d\u6297\u8bae\u8005\u5728\u963f\u62c9\u6728\u56fe\u8857\u5934\u96c6"
        "\u4f1a\uff01",
        "\u653f\u5e9c\u4f1a\u8f9e\u804c\u5417\uff1f"]
    # fullwidth full stop and halfwidth ideographic full stop; a closing bracket after the end
    # stays on its sentence (an unbalanced one does not stop the splitting)
    assert split_sentences("\u7b2c\u4e00\u53e5\uff0e\u7b2c\u4e8c\u53e5\uff61\u7b2c"
                           "\u4e09\u53e5\uff01\uff09 \u7b2c\u56db\u53e5") == [
        "\u7b2c\u4e00\u53e5\uff0e", "\u7b2c\u4e8c\u53e5\uff61",
        "\u7b2c\u4e09\u53e5\uff01\uff09", "\u7b2c\u56db\u53e5"]


def test_japanese_quote_inside_a_sentence_is_not_split():
    ja = ("\u300c\u884c\u3053\u3046\uff01\u300d\u3068\u5f7c\u306f\u8a00\u3063\u305f\u3002"
          "\u305d\u308c\u304b\u3089\u5e30\u3063\u305f\u3002")
    assert split_sentences(ja) == [
        "\u300c\u884c\u3053\u3046\uff01\u300d\u3068\u5f7c\u306f\u8a00\u3063\u305f\u3002",
        "\u305d\u308c\u304b\u3089\u5e30\u3063\u305f\u3002"]


def test_arabic_and_latin_text_split_as_before_and_at_the_arabic_question_mark():
    ar = ("\u0642\u0627\u0644 \u0627\u0644\u0645\u062a\u062d\u062f\u062b \u0625\u0646 "
          "\u0627\u0644\u0623\u0632\u0645\u0629 \u0627\u0646\u062a\u0647\u062a. "
          "\u0647\u0644 \u0627\u0646\u062a\u0647\u062a\u061f \u0646\u0639\u0645.")
    assert split_sentences(ar) == [
        "\u0642\u0627\u0644 \u0627\u0644\u0645\u062a\u062d\u062f\u062b \u0625\u0646 "
        "\u0627\u0644\u0623\u0632\u0645\u0629 \u0627\u0646\u062a\u0647\u062a.",
        "\u0647\u0644 \u0627\u0646\u062a\u0647\u062a\u061f", "\u0646\u0639\u0645."]
    assert split_sentences(f"{LEAD} {SECOND}") == [LEAD, SECOND]


def test_pysbd_is_not_run_on_a_very_long_paragraph(monkeypatch, caplog):
    from drift.text import segment

    class Refuse:
        def segment(self, text):
            raise AssertionError(f"pysbd ran on {len(text)} characters")

    monkeypatch.setattr(segment, "_pysbd", lambda: Refuse())
    line = " ".join(["word"] * 3000)  # 15,000 characters, no punctuation
    assert len(line) > segment.PYSBD_MAX_CHARS
    with caplog.at_level(logging.WARNING, logger="drift"):
        assert split_sentences(line, "pysbd") == [line]
    assert "split by nupunkt, not pysbd" in caplog.text


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


def test_arabic_question_and_devanagari_danda_end_sentences():
    assert is_sentence("\u0647\u0644 \u0627\u0646\u062a\u0647\u062a \u0627\u0644\u0623\u0632"
                       "\u0645\u0629\u061f")
    assert is_sentence("\u0935\u0939 \u0918\u0930 \u0917\u092f\u093e\u0964")
    assert not is_sentence("\u0627\u0644\u0631\u0626\u064a\u0633\u064a\u0629")  # a menu word


# --- 4. combining marks and zero-width characters --------------------------------------------

DECOMPOSED = "The cafe\u0301 in Kazakh\u200dstan re\u00adopened on Monday."
COMPOSED = "The caf\u00e9 in Kazakhstan reopened on Monday."


def test_normalized_forms_are_equal():
    assert normalize(DECOMPOSED) == normalize(COMPOSED)
    assert lexical_similarity(DECOMPOSED, COMPOSED) == 1.0
    assert label_pair(0.99, 1.0, normalize(DECOMPOSED), normalize(COMPOSED)) == "verbatim"


@pytest.mark.parametrize("use_spacy", [True, False])
def test_combining_marks_and_joiners_are_not_changes(use_spacy):
    e = explain_pairs([(DECOMPOSED, COMPOSED)], None, use_spacy=use_spacy)[0]
    assert e.changes == () and e.flags == ()
    assert {w.text for w in e.base_words} >= {"cafe\u0301", "Kazakh\u200dstan", "re\u00adopened"}


def test_spans_point_into_the_original_text():
    a = "The cafe\u0301 in Kazakh\u200dstan closed on Monday."
    b = "The caf\u00e9 in Kazakhstan opened on Tuesday."
    e = explain_pairs([(a, b)], None, use_spacy=False)[0]
    assert [(c.base_text, c.deriv_text) for c in e.changes] == [("closed", "opened"),
                                                                ("Monday", "Tuesday")]
    for c in e.changes:
        assert a[slice(*c.base_span)] == c.base_text and b[slice(*c.deriv_span)] == c.deriv_text


def test_words_with_marks_stay_whole():
    hindi = "\u0928\u092e\u0938\u094d\u0924\u0947 \u0926\u0941\u0928\u093f\u092f\u093e"
    persian = "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645"
    words = analyze_words([f"{hindi}, {persian}"], use_spacy=False)[0]
    assert [w.text for w in words] == [hindi.split()[0], hindi.split()[1], ",", persian]


def test_a_stray_period_is_punctuation_not_an_omission():
    e = explain_pairs([("He was a Nazarbayev. ally of Putin.", "He was a Nazarbayev ally of Putin.")],
                      None)[0]
    assert e.flags == ("formatting",)
    assert [(c.kind, c.base_text) for c in e.changes] == [("formatting", ".")]


# --- 5. encodings ----------------------------------------------------------------------------

CP1252_TEXT = ("Le gouvernement a d\u00e9cr\u00e9t\u00e9 l\u2019\u00e9tat d\u2019urgence "
               "mercredi \u2013 \u00ab une mesure n\u00e9cessaire \u00bb, a dit le ministre.\n")


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


def test_cli_encoding_option_and_report(capsys, tmp_path, examples, encoder):
    base = examples / "base_reuters.txt"
    deriv = tmp_path / "copy.txt"
    deriv.write_bytes(base.read_text(encoding="utf-8").encode("cp1252"))
    code, out, err = run(capsys, "score", str(base), str(deriv), "--format", "json")
    assert code == 0, err
    assert "copy.txt: read as cp1252, not UTF-8" in err
    report = json.loads(out)
    assert report["base"]["encoding"] == "utf-8"
    assert report["derivatives"][0]["encoding"] == "cp1252"
    assert report["derivatives"][0]["summary"]["verdict"] == "copy"
    code, _, err = run(capsys, "score", str(base), str(deriv), "--encoding", "nosuch")
    assert code == 2 and "unknown encoding 'nosuch'" in err and err.count("\n") == 1
    code, _, err = run(capsys, "align", str(base), str(deriv), "--encoding", "utf-8")
    assert code == 2 and "copy.txt: line " in err and "not valid utf-8 text" in err


def test_cli_pairs_reads_windows_1252_and_keeps_u2028_inside_a_pair(capsys, tmp_path, encoder):
    f = tmp_path / "pairs.tsv"
    f.write_bytes("The caf\u00e9 closed.\tThe caf\u00e9 shut.\r\n"
                  "It backed\u2028the plan.\tShe supported the plan.\n".encode("utf-16"))
    code, out, err = run(capsys, "pairs", str(f))
    assert code == 0, err
    rows = [json.loads(line) for line in out.splitlines()]  # U+2028 is escaped in the output
    assert [r["line"] for r in rows] == [1, 2]
    assert rows[0]["base"] == "The caf\u00e9 closed." and rows[1]["base"] == "It backed\u2028the plan."
    f.write_bytes("The caf\u00e9 closed.\tThe caf\u00e9 shut.\n".encode("cp1252"))
    code, out, err = run(capsys, "pairs", str(f), "--encoding", "cp1252")
    assert code == 0 and json.loads(out)["derivative"] == "The caf\u00e9 shut."
    assert "read as cp1252, not UTF-8" in err


# --- 6. pages of only furniture --------------------------------------------------------------

FURNITURE = """The Riverside Courier
Home | Politics | Sport | Weather

Share this article

You might also like
Local Bakery Wins National Bread Award
School Board Election Results Are In
"""


def test_a_page_of_only_furniture_has_no_article(tmp_path):
    with pytest.raises(InputError, match=r"courier.txt: no article found: all 6 lines look like "
                                         "page furniture"):
        document_from_text(FURNITURE, path="courier.txt")
    body, removed = strip_furniture(split_lines(FURNITURE))
    assert body == [] and len(removed) == 6
    # --no-strip keeps it all
    assert len(document_from_text(FURNITURE, strip=False).paragraphs) == 6


def test_cli_says_no_article_found(capsys, tmp_path, examples):
    f = tmp_path / "menu.txt"
    f.write_text(FURNITURE, encoding="utf-8")
    code, _, err = run(capsys, "score", str(examples / "base_reuters.txt"), str(f))
    assert code == 2 and "menu.txt: no article found" in err and err.count("\n") == 1


def test_one_line_is_never_stripped():
    assert document_from_text("It backed the plan.").paragraphs == ("It backed the plan.",)
    assert document_from_text("Read More").paragraphs == ("Read More",)


def test_compare_two_one_line_sentences_still_works(encoder):
    from drift.api import as_document, compare_documents

    r = compare_documents(as_document("It backed the plan."),
                          as_document("She supported the plan."), encoder=encoder)
    assert len(r.derivatives[0].pairs) == 1 and r.derivatives[0].pairs[0].base == (0,)


# --- 7. bounded word matching ----------------------------------------------------------------

def _long_pair(n: int) -> tuple[str, str]:
    words = [f"w{k % 97}x{k % 13}" for k in range(n)]
    deriv = list(words)
    for k in range(0, n, 10):
        deriv[k] = f"new{k}"
    return " ".join(words) + ".", " ".join(deriv) + "."


def test_long_pairs_are_matched_by_anchors_in_bounded_work(monkeypatch):
    calls = []
    relation = wordalign.relation

    def counting(a, b, cos):
        calls.append(1)
        return relation(a, b, cos)

    monkeypatch.setattr(wordalign, "relation", counting)
    a, b = _long_pair(3000)
    e = explain_pairs([(a, b)], None, use_spacy=False)[0]
    n = len(e.base_words)
    assert n * len(e.deriv_words) > WORD_PAIR_BUDGET and e.notes == (TOO_LONG,)
    assert len(calls) <= 12 * n  # a bounded number of candidates per word, not n * m
    kinds = [k for _, _, k, _ in e.matches]
    assert kinds.count("equal") >= 0.85 * n  # 90% of the words are unchanged
    assert sum(c.kind == "substitute" for c in e.changes) >= 250  # the replaced words
    for c in e.changes:
        assert a[slice(*c.base_span)] == c.base_text if c.base_span else True


def test_short_pairs_are_matched_in_full_without_a_note():
    a, b = _long_pair(200)
    e = explain_pairs([(a, b)], None, use_spacy=False)[0]
    assert e.notes == () and len(e.base_words) * len(e.deriv_words) <= WORD_PAIR_BUDGET


def test_budget_is_a_parameter_of_align_words():
    base, deriv = analyze_words(["the red car stopped here", "the car stopped there"],
                                use_spacy=False)
    full = align_words(base, deriv, None)
    anchored = align_words(base, deriv, None, budget=1)
    assert [(i, j) for i, j, _, _ in full] == [(i, j) for i, j, _, _ in anchored]


def test_lexical_similarity_ignores_order_beyond_its_budget(monkeypatch):
    a, b = _long_pair(1500)
    assert len(a.split()) * len(b.split()) > labels_mod.LEXICAL_BUDGET

    def no_difflib(*args, **kwargs):
        raise AssertionError("difflib must not run over the budget")

    monkeypatch.setattr(labels_mod.difflib, "SequenceMatcher", no_difflib)
    assert lexical_similarity(a, b) == pytest.approx(0.9, abs=0.01)
    assert lexical_similarity(a, " ".join(reversed(a.split()))) == 1.0


def test_spelling_variants_of_very_long_words_are_not_compared(monkeypatch):
    monkeypatch.setattr(words_mod, "_edit_distance", lambda a, b: pytest.fail("compared"))
    assert not is_spelling_variant("K" + "a" * 5000, "K" + "a" * 4999 + "b")
    assert not is_spelling_variant("Kazakhstan", "Kazakhstan-and-its-neighbours")


def test_pipeline_copies_the_note_into_the_pair_and_report(encoder, examples):
    from drift.api import as_document, compare_documents

    words = read_document(examples / "base_reuters.txt").text.replace(".", "").split()[:400]
    base = " ".join(words) + "."
    deriv = " ".join(words[:200] + ["reportedly"] + words[200:]) + "."
    r = compare_documents(as_document(base), as_document(deriv), encoder=encoder)
    (pair,) = r.derivatives[0].pairs
    assert pair.notes == (TOO_LONG,)
    assert pair.to_dict()["notes"] == [TOO_LONG]
    assert any(c.kind == "insert" and c.deriv_text == "reportedly" for c in pair.changes)


# --- 9. highlight crashes, end to end --------------------------------------------------------

@pytest.mark.parametrize("base, deriv", [
    ("He was seen as a close Nazarbayev ally. The protests began on Sunday in the west.",
     "He was seen as a close Nazarbayev. ally. The protests began on Sunday in the west."),
    ("The family \U0001f469\u200d\U0001f469\u200d\U0001f467\u200d\U0001f466 moved to Almaty "
     "last year. They opened a bakery.",
     "The family \U0001f468\u200d\U0001f469\u200d\U0001f467 moved to Almaty last year. They "
     "opened a bakery."),
])
def test_score_with_out_survives_shared_spans(capsys, tmp_path, encoder, base, deriv):
    b, d = tmp_path / "base.txt", tmp_path / "deriv.txt"
    b.write_text(base + "\n", encoding="utf-8")
    d.write_text(deriv + "\n", encoding="utf-8")
    out_dir = tmp_path / "rep"
    code, _, err = run(capsys, "score", str(b), str(d), "--out", str(out_dir))
    assert code == 0, err
    html = (out_dir / "report.html").read_text(encoding="utf-8")
    assert "Almaty" in html or "Nazarbayev" in html
    report = json.loads((out_dir / "report.json").read_text(encoding="utf-8"))
    assert report["derivatives"][0]["pairs"]

