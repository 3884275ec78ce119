"""The example corpus end to end: alignment, omissions, copies, the independent report."""

from __future__ import annotations

import numpy as np
import pytest

NAMES = ["mt_macedonian_blog", "ai_budapest_post", "republished_london_daily",
         "independent_straits_times"]


@pytest.fixture()
def result(example_comparison):
    return example_comparison


def base_index(result, start):
    hits = [i for i, s in enumerate(result.base.sentences) if s.norm.startswith(start)]
    assert len(hits) == 1, start
    return hits[0]


def pair_of(deriv, i):
    return next(p for p in deriv.pairs if i in p.base)


def text(deriv, pair):
    return " ".join(deriv.sentences[j].norm for j in pair.derivative)


def test_belarus_sentence_is_aligned_and_drifts_more_than_typical(result):
    blog = result["mt_macedonian_blog"]
    p = pair_of(blog, base_index(result, "It backed the leader of Belarus"))
    assert text(blog, p) == "She supported the Belarusian leader during the 2020 protests."
    drifts = [q.drift for q in blog.pairs if q.drift is not None]
    assert p.drift > np.median(drifts) + 0.1  # clearly above the blog's typical pair


def test_utilities_align_with_cleaners(result):
    blog = result["mt_macedonian_blog"]
    p = pair_of(blog, base_index(result, "Cleaners were removing debris"))
    assert text(blog, p).startswith("Utilities are clearing debris")


def test_last_paragraph_is_omitted_in_the_blog(result):
    blog = result["mt_macedonian_blog"]
    last = [i for i, s in enumerate(result.base.sentences)
            if s.paragraph == result.base.sentences[-1].paragraph]
    assert "fuel price" in result.base.sentences[last[0]].norm
    assert all(pair_of(blog, i).label == "omission" for i in last)
    assert blog.summary.n_omissions == len(last)


@pytest.mark.parametrize("name", ["ai_budapest_post", "republished_london_daily"])
def test_furniture_is_never_aligned_to_base(result, name):
    d = result[name]
    aligned = {j for p in d.pairs if p.base for j in p.derivative}
    for j, s in enumerate(d.sentences):
        if "disclaimer" in s.norm.lower() or "Related Articles" in s.norm:
            assert j not in aligned
    assert not any("AI Disclaimer" in s.norm for s in d.sentences)  # removed outright


def test_london_is_a_copy_with_full_coverage(result):
    s = result["republished_london_daily"].summary
    assert s.verdict in ("copy", "edited-copy") and s.coverage >= 0.95
    assert s.kind == "republication"  # the full wire text: more paragraphs than the base


def test_blog_has_the_shape_of_a_machine_translation_round_trip(result):
    s = result["mt_macedonian_blog"].summary
    assert s.verdict == "rewrite" and s.kind == "mt-round-trip"


def test_straits_times_is_independent_but_the_putin_quote_matches(result):
    st = result["independent_straits_times"]
    assert st.summary.verdict == "independent" and st.summary.coverage < 0.4
    p = pair_of(st, base_index(result, '"Of course, we understand the events in Kazakhstan'))
    assert text(st, p).startswith(
        "\"Of course, we understand that the events in Kazakhstan aren't the first")


def test_result_object_is_consistent(result):
    d = result.to_dict()
    assert d["model"] == "all-MiniLM-L6-v2" and d["signature"].startswith("model:all-MiniLM")
    nb = len(d["base"]["sentences"])
    for deriv in d["derivatives"]:
        nd = len(deriv["sentences"])
        seen_b = sorted(i for p in deriv["pairs"] for i in p["base"])
        seen_d = sorted(j for p in deriv["pairs"] for j in p["derivative"])
        assert seen_b == list(range(nb)) and seen_d == list(range(nd))  # a partition
        for p in deriv["pairs"]:
            if not p["base"] or not p["derivative"]:
                assert p["similarity"] is None and p["label"] in ("omission", "addition")
            else:
                assert 0 <= p["drift"] <= 1.5
    assert "Drift" in result.plot_overview().axes[0].get_title()
    assert result.plot_alignment("mt_macedonian_blog").axes[0].images
    assert "<table" in result._repr_html_()
