"""Labels of aligned pairs (verbatim, edit, paraphrase, divergent, omission, addition)."""

from __future__ import annotations

from drift.align.labels import label_pair


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
