"""Sentence splitting: nupunkt, pysbd, lines, and sentence ends beyond Latin script."""

from __future__ import annotations

import logging

from drift.text.furniture import is_sentence
from drift.text.segment import segment_paragraphs, split_sentences


def test_quotes_after_said_are_split():
    s = split_sentences('"Under the guise of spontaneous protests, a wave of unrest broke out," '
                        'he said. "It became clear that the main goal was to seize power."')
    assert len(s) == 2 and s[1].startswith('"It became clear')


def test_closing_quote_glued_by_pysbd_is_split_by_default():
    text = 'from outside," he said. "The measures taken by the CSTO have clearly shown it."'
    assert len(split_sentences(text)) == 2
    assert len(split_sentences(text, "pysbd")) == 1  # why nupunkt is the default


def test_abbreviations_quotes_dashes_and_ellipses():
    text = ("Mr Putin met Dr. Smith and U.S. officials on Jan. 5 in Washington. "
            "He had weathered \u201can attempted coup d\u2019etat\u201d. "
            "Revolutions \u2013 uprisings that toppled governments \u2013 spread. "
            "Then... nothing happened.")
    assert split_sentences(text) == [
        "Mr Putin met Dr. Smith and U.S. officials on Jan. 5 in Washington.",
        "He had weathered \u201can attempted coup d\u2019etat\u201d.",
        "Revolutions \u2013 uprisings that toppled governments \u2013 spread.",
        "Then... nothing happened.",
    ]


def test_stray_punctuation_is_glued_to_previous_sentence():
    assert split_sentences('other criminal elements." . "Of course," he said.') == [
        'other criminal elements." .', '"Of course," he said.']


def test_lines_mode_and_paragraph_index():
    sents = segment_paragraphs(["One. Two.", "Three\nFour"], "lines")
    assert [s.text for s in sents] == ["One. Two.", "Three", "Four"]
    assert [s.paragraph for s in sents] == [0, 1, 1]
    assert segment_paragraphs(["A \u201cquoted\u201d line."])[0].norm == 'A "quoted" line.'


LEAD = ("The city council voted on Tuesday to fund a new pedestrian bridge across the river, "
        "ending a debate that began in 2014.")


SECOND = "Construction is expected to start next spring, the mayor said after the vote."


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


def test_arabic_question_and_devanagari_danda_end_sentences():
    assert is_sentence("\u0647\u0644 \u0627\u0646\u062a\u0647\u062a \u0627\u0644\u0623\u0632"
                       "\u0645\u0629\u061f")
    assert is_sentence("\u0935\u0939 \u0918\u0930 \u0917\u092f\u093e\u0964")
    assert not is_sentence("\u0627\u0644\u0631\u0626\u064a\u0633\u064a\u0629")  # a menu word
