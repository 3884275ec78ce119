"""Hard-wrapped lines joined into paragraphs (drift.text.unwrap), on real shapes: wrapped prose,
CRLF and lone CR, indents, quoted e-mail, broken words, lists, Chinese; and as properties over
text wrapped by textwrap at any width."""

from __future__ import annotations

import textwrap
from datetime import timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from drift.text.normalize import split_lines
from drift.text.unwrap import join_hyphenated, unwrap, wrap_width

PARAGRAPHS = [
    "The city council voted 7-2 on Tuesday to fund a new pedestrian bridge across the river, "
    "ending a debate that began in 2014 and divided the town for a decade.",
    "The bridge will link the old market to the station district. Most of the money comes "
    "from the regional government, which approved its share in January, Mayor Tom Hale said.",
    "Opponents said the money would be better spent on repairing the existing Victoria "
    "Bridge, which has been closed to lorries since 2019.",
]


def texts(paragraphs):
    return [p.text for p in paragraphs]


def wrapped(width: int, sep: str = "\n\n", **kw) -> str:
    return sep.join(textwrap.fill(p, width, **kw) for p in PARAGRAPHS) + "\n"


def test_width_of_greedy_wrapping_and_of_text_that_is_not_wrapped():
    for width in (40, 60, 72, 80):
        assert wrap_width(split_lines(wrapped(width))) in range(width - 8, width + 1)
    assert wrap_width(split_lines("\n\n".join(PARAGRAPHS))) is None  # a paragraph a line
    menu = ["Home", "Politics", "Sport", "Weather", "Local Bakery Wins National Bread Award"]
    assert wrap_width(menu) is None


def test_wrapped_paragraphs_are_joined_with_their_line_numbers():
    ps = unwrap(split_lines(wrapped(60)))
    assert texts(ps) == PARAGRAPHS
    assert [p.first_line for p in ps] == [1, 5, 9]
    assert all(p.wrapped for p in ps)
    first = ps[0]
    assert first.map.lines == (1, 2, 3)
    k = first.text.index("ending")  # "ending" starts line 2
    assert first.map.span(k, k + 6) == (2, 2) and first.map.span(0, len(first.text)) == (1, 3)


def test_crlf_lone_cr_and_tabs_read_as_line_feeds():
    text = wrapped(60)
    for form in (text.replace("\n", "\r\n"), text.replace("\n", "\r")):
        assert texts(unwrap(split_lines(form))) == PARAGRAPHS
    tabbed = "\n".join("\t" + line if line else line for line in text.split("\n"))
    assert texts(unwrap(split_lines(tabbed))) == PARAGRAPHS


def test_indented_paragraphs_without_blank_lines():
    book = "\n".join(textwrap.fill(p, 64, initial_indent="    ") for p in PARAGRAPHS)
    assert texts(unwrap(split_lines(book))) == PARAGRAPHS
    block = "\n\n".join(textwrap.fill(p, 64, initial_indent="        ", subsequent_indent="    ")
                        for p in PARAGRAPHS)
    assert texts(unwrap(split_lines(block))) == PARAGRAPHS


def test_quoted_email_lines_are_their_own_blocks_without_markers():
    lines = ["On Monday, Tom wrote:",
             "> The city council voted 6-3 on Tuesday to fund a new pedestrian bridge",
             "> across the river, ending a debate that began in 2014.",
             ">",
             "> > Construction is expected to start next spring, the mayor",
             "> > said.",
             "Thanks, the vote was 7-2."]
    ps = unwrap(lines)
    assert [(p.text, p.depth) for p in ps] == [
        ("On Monday, Tom wrote:", 0),
        ("The city council voted 6-3 on Tuesday to fund a new pedestrian bridge across the "
         "river, ending a debate that began in 2014.", 1),
        ("Construction is expected to start next spring, the mayor said.", 2),
        ("Thanks, the vote was 7-2.", 0)]
    assert len({p.block for p in ps}) == 4


def test_broken_words_and_compounds():
    ps = unwrap(["The United Nations said the inter-",
                 "national response to the floods was slow, and a well-",
                 "known charity agreed. Minister Toka-",
                 "yev met aid groups from Süd- und",
                 "Nordkorea. Anti-",
                 "American protests followed."])
    assert texts(ps) == ["The United Nations said the international response to the floods "
                         "was slow, and a well-known charity agreed. Minister Tokayev met aid "
                         "groups from Süd- und Nordkorea. Anti-American protests followed."]
    # the text's own usage decides first
    assert texts(unwrap(["Co-operation matters. Their co-", "operation is good."])) == [
        "Co-operation matters. Their co-operation is good."]
    assert texts(unwrap(["Cooperation matters. Their co-", "operation is good."])) == [
        "Cooperation matters. Their cooperation is good."]
    assert texts(unwrap(["The score was 7-", "2 after extra time."])) == [
        "The score was 7-2 after extra time."]


def test_join_hyphenated_rule():
    assert join_hyphenated("inter", "national") and not join_hyphenated("well", "known")
    assert join_hyphenated("Toka", "yev") and not join_hyphenated("key", "board", forced=True)
    assert join_hyphenated("well", "known", {"wellknown": 3}.get)


def test_lists_one_item_per_line():
    lines = ["Here is what we know so far:",
             "1. It will cost 12 million pounds, most of it paid by the regional",
             "   government.",
             "2. Construction starts next spring.",
             "- Cyclists will have their own lane.",
             "* The ferry keeps running."]
    ps = unwrap(lines)
    assert texts(ps) == ["Here is what we know so far:",
                         "It will cost 12 million pounds, most of it paid by the regional "
                         "government.", "Construction starts next spring.",
                         "Cyclists will have their own lane.", "The ferry keeps running."]
    assert [p.item for p in ps] == [False, True, True, True, True]
    short = ["Paris", "London", "Rome", "Madrid"]  # a list without markers
    assert texts(unwrap(short)) == short


def test_headings_rules_and_sentence_punctuation():
    assert texts(unwrap(["Introduction", "The method was developed in the 1950s."])) == [
        "Introduction", "The method was developed in the 1950s."]
    assert texts(unwrap(["First part.", "-----", "Second part."])) == [
        "First part.", "-----", "Second part."]
    assert texts(unwrap(["Title", "More text"], headings={1})) == ["Title", "More text"]


def test_chinese_lines_join_without_a_space():
    ps = unwrap(["哈萨克斯坦总统周三宣布全国进入", "紧急状态。"])
    assert texts(ps) == ["哈萨克斯坦总统周三宣布全国进入紧急状态。"]


def test_lines_as_they_are_when_not_joining():
    lines = ["> quoted", "- item", "", "  text  "]
    assert texts(unwrap(lines, join=False)) == ["> quoted", "- item", "text"]


def test_large_inputs_stay_linear():
    one_line = "word " * 1_000_000  # 5 MB on one line
    (p,) = unwrap([one_line])
    assert p.text == one_line.strip()
    many = [f"Short line number {k} of a long list." for k in range(100_000)]
    ps = unwrap(many)
    assert sum(len(p.map.lines) for p in ps) == len(many)


# --- properties ----------------------------------------------------------------------------

WORDS = ["the", "council", "voted", "on", "Tuesday", "to", "fund", "a", "bridge", "across",
         "river", "Kazakhstan's", "well-known", "7-2", "(CSTO)", "Mr.", "U.S.", "2,030",
         "café", "naïve", "“quoted”", "said.", "it,", "ex-Soviet", "Almaty;", "again!"]
word = st.sampled_from(WORDS)
sentence = st.lists(word, min_size=3, max_size=25).map(
    lambda ws: " ".join([ws[0].capitalize(), *ws[1:]]).rstrip(".,;!") + ".")
paragraph = st.lists(sentence, min_size=1, max_size=5).map(" ".join)


@settings(deadline=timedelta(seconds=10), suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(paragraph, min_size=1, max_size=6), st.integers(30, 100),
       st.sampled_from(["\n", "\r\n", "\r"]))
def test_rewrapping_gives_back_the_paragraphs(paras, width, newline):
    text = "\n\n".join(textwrap.fill(p, width, break_long_words=False) for p in paras)
    lines = split_lines(text.replace("\n", newline))
    ps = unwrap(lines)
    # a short text gives no wrap width: a break at a sentence end may stay a paragraph break
    assert [" ".join(p.text for p in ps if p.block == k) for k in range(len(paras))] == paras
    if wrap_width(lines) is not None:
        assert texts(ps) == paras
    for p in ps:  # each line's piece is in that line
        for k, (start, end) in enumerate(zip(p.map.starts, [*p.map.starts[1:], len(p.text)])):
            assert p.text[start:end].strip() in lines[p.map.lines[k] - 1]
