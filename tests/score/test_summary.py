"""The per-derivative summary, verdicts and kinds."""

from __future__ import annotations

from drift.score import summarize
from drift.score.summary import verdict


def _pair(base, deriv, label, drift=None, sim=None, lex=None, moved=False):
    from drift.result import Pair

    return Pair(tuple(base), tuple(deriv), sim, drift, lex, label, moved)


def test_summary_and_verdicts():
    pairs = [_pair([0], [0], "verbatim", 0.0, 1.0, 1.0), _pair([1], [1], "edit", 0.05, 0.95, 0.8),
             _pair([2], [3], "paraphrase", 0.2, 0.8, 0.4, moved=True), _pair([3], [], "omission"),
             _pair([], [2], "addition")]
    s = summarize(pairs, 4, 4)
    assert s.coverage == 0.75 and s.support == 0.75 and s.n_pairs == 3
    assert s.n_omissions == 1 and s.n_additions == 1
    assert s.n_moved == 1 and abs(s.mean_drift - 0.25 / 3) < 1e-9 and s.max_drift == 0.2
    assert s.verdict == "edited-copy"
    assert verdict(0.3, 1.0, 1.0) == "independent"
    assert verdict(0.95, 0.95, 0.95) == "copy"
    assert verdict(0.95, 0.95, 0.80) == "edited-copy"
    assert verdict(0.90, 0.40, 0.60) == "rewrite"


def test_an_excerpt_is_a_copy_not_an_independent_report():
    # 3 of 20 base sentences, copied word for word, and nothing else
    pairs = [_pair([i], [i], "verbatim", 0.0, 1.0, 1.0) for i in range(3)]
    pairs += [_pair([i], [], "omission") for i in range(3, 20)]
    s = summarize(pairs, 20, 3)
    assert s.coverage == 0.15 and s.support == 1.0
    assert s.verdict == "copy" and s.kind == "excerpt"
    # the same three sentences inside a long independent article stay independent
    s = summarize(pairs + [_pair([], [j], "addition") for j in range(3, 30)], 20, 30)
    assert s.verdict == "independent" and s.kind == "independent-report"


def test_kind_refines_the_verdict():
    from drift.score.summary import derivative_kind

    assert derivative_kind("independent", 20, 1.0, 3, 0.7) == "independent-report"
    assert derivative_kind("copy", 12, 1.0, 0, 0.99) == "republication"
    assert derivative_kind("edited-copy", 0, 1.0, 0, 0.95) == "copy"
    assert derivative_kind("rewrite", 0, 1.0, 0, 0.90) == "mt-round-trip"
    assert derivative_kind("rewrite", 0, 0.6, 0, 0.90) == "rewrite"   # merges and splits
    assert derivative_kind("rewrite", 0, 1.0, 2, 0.90) == "rewrite"   # moved sentences
    # no shared words: another language
    assert derivative_kind("rewrite", 0, 1.0, 0, 0.68, 1.0, 0.02) == "translation"
    assert derivative_kind("rewrite", 0, 1.0, 0, 0.90, 1.0, 0.74) == "mt-round-trip"
    assert derivative_kind("independent", 9, 0.5, 0, 0.7, 0.3, 0.0) == "independent-report"
    assert derivative_kind("rewrite", 0, 1.0, 0, 0.7, 0.4, 0.0) == "excerpt"
