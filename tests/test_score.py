from drift.align.labels import label_pair
from drift.score import summarize
from drift.score.summary import verdict
from drift.text.lexical import lexical_similarity


def test_lexical_similarity_separates_copy_edit_paraphrase():
    base = "Cleaners were removing debris from streets still littered with burnt-out cars."
    assert lexical_similarity(base, base) == 1.0
    edit = "Cleaners were removing debris from the streets still littered with burned-out cars."
    para = "Street crews hauled away rubble and the shells of torched vehicles."
    assert 0.75 <= lexical_similarity(base, edit) < 1.0
    assert lexical_similarity(base, para) < 0.3


def test_labels():
    a = "The council approved the bridge on Tuesday."
    assert label_pair(0.99, 1.0, a, "The council approved the \u201cbridge\u201d on Tuesday.") \
        == "verbatim"
    assert label_pair(0.97, 0.86, a, "The council approved the bridge on Monday.") == "edit"
    assert label_pair(0.81, 0.3, a, "On Tuesday councillors voted the bridge through.") == \
        "paraphrase"
    assert label_pair(0.55, 0.2, a, "The mayor opposed the plan.") == "divergent"
    assert label_pair(None, None, a, "") == "omission"
    assert label_pair(None, None, "", a) == "addition"


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


def test_highlight_marks_and_escapes_changed_spans():
    from drift.report.html import highlight

    changes = [{"kind": "delete", "base": "<b>", "derivative": "", "base_span": [4, 7],
                "deriv_span": None, "flags": ["omission"]}]
    html = highlight("Cut <b> here", changes, "base")
    assert html == ('Cut <span class="chg chg-delete" title="delete: &lt;b&gt; →  (omission)">'
                    "&lt;b&gt;</span> here")
    assert highlight("Cut <b> here", changes, "derivative") == "Cut &lt;b&gt; here"
