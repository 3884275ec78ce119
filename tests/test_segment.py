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
