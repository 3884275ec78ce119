"""Verdicts and their evidence on the example corpus and on spliced and partial derivatives."""

from __future__ import annotations

import json

import pytest

import drift
from drift.text.read import document_from_text, read_document
from drift.text.segment import segment_paragraphs

NAMES = ["mt_macedonian_blog", "ai_budapest_post", "republished_london_daily",
         "independent_straits_times"]


@pytest.fixture()
def corpus(example_comparison):
    return example_comparison


def _sentences(path):
    doc = read_document(path)
    return [s.text for s in segment_paragraphs(doc.paragraphs, "nupunkt")]


def test_example_corpus_verdicts_come_with_evidence(corpus):
    ev = {d.name: d.summary.evidence for d in corpus.derivatives}
    for name in NAMES[:3]:
        assert ev[name].derived and corpus[name].summary.p_derived >= 0.5
    st = ev["independent_straits_times"]
    assert not st.derived and st.decided_by == "none"
    # the copies are word-for-word reuse, the blog is reworded almost everywhere
    assert ev["republished_london_daily"].verbatim > 0.9
    assert ev["republished_london_daily"].decided_by == "verbatim"
    blog = ev["mt_macedonian_blog"]
    assert 0.1 < blog.verbatim < 0.6 and blog.paraphrased > 0.1 and blog.translated == 0.0
    assert blog.decided_by == "aligned"
    # independent reports of one event share names, but few of the base's specific words
    assert st.shared_specific < ev["mt_macedonian_blog"].shared_specific
    assert "kazakhstan" in st.shared_terms or "almaty" in st.shared_terms


def test_margins_keep_the_putin_quote_and_drop_topical_matches(corpus):
    st = corpus["independent_straits_times"]
    aligned = [p for p in st.pairs if p.base and p.derivative]
    assert any(p.moved for p in aligned)  # the Putin quote, found out of order
    assert st.summary.coverage <= 0.35


def test_base_sentences_in_an_independent_report_are_not_independent(examples, encoder):
    base = _sentences(examples / "base_reuters.txt")
    host = _sentences(examples / "independent_straits_times.txt")
    mixed = host[:10] + [base[3]] + host[10:20] + [base[12]] + host[20:]  # ~6% of the text
    res = drift.compare_documents(
        document_from_text("\n".join(base), strip=False),
        document_from_text("\n".join(host), strip=False, path="host"),
        document_from_text("\n".join(mixed), strip=False, path="mixed"),
        config=drift.DriftConfig(segmenter="lines"), encoder=encoder)
    s_host, s_mixed = res["host"].summary, res["mixed"].summary
    assert s_host.verdict == "independent"
    assert s_mixed.verdict != "independent" and s_mixed.kind == "partial-reuse"
    assert s_mixed.evidence.decided_by == "verbatim" and s_mixed.evidence.longest >= 15
    assert s_mixed.p_derived > s_host.p_derived


def test_a_spliced_excerpt_is_derived_and_shows_where_its_parts_come_from(examples, encoder):
    base = _sentences(examples / "base_reuters.txt")
    i = next(k for k in range(len(base) - 3)
             if all(len(base[k + x].split()) >= 14 for x in range(4)))
    a, b, c, d = (base[i + x].split() for x in range(4))
    splice = " ".join(a[: len(a) * 2 // 3] + b[len(b) // 2:])
    splice2 = " ".join(c[: len(c) // 2] + d[len(d) // 3:])
    res = drift.compare_documents(
        document_from_text("\n".join(base), strip=False),
        document_from_text("\n".join([splice, splice2]), strip=False, path="splice"),
        config=drift.DriftConfig(segmenter="lines"), encoder=encoder)
    s = res["splice"].summary
    assert s.verdict != "independent" and s.kind == "excerpt"
    assert s.evidence.spliced == (0, 1)
    # which part came from where: the first sentence from base i and i+1, the second from
    # i+2 and i+3 (a fragment may run on across the two, as the base does)
    first = {k for f in s.evidence.fragments if 0 in f.derivative_sentences
             for k in f.base_sentences}
    assert {i, i + 1} <= first and i + 3 not in first
    assert {k for f in s.evidence.fragments for k in f.base_sentences} == set(range(i, i + 4))
    f0 = s.evidence.fragments[0]
    assert f0.base_sentences == (i,) and splice.startswith(f0.derivative_text)


def test_report_json_and_html_show_the_evidence(corpus, tmp_path):
    from drift.report.html import render_html

    d = json.loads(corpus.to_json())
    for deriv in d["derivatives"]:
        s = deriv["summary"]
        assert 0.0 <= s["p_derived"] <= 1.0
        assert s["evidence"]["p_derived"] == s["p_derived"]
        assert {"verbatim", "paraphrased", "translated", "shared_specific", "margin",
                "fragments", "decided_by"} <= set(s["evidence"])
    html = render_html(d)
    assert html.count("Evidence for the verdict") == 4
    assert "no evidence of reuse beyond the topic" in html
    assert "the longest" in html
