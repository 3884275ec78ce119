"""Notes of work done in part travel from the explainer to the pair and the report."""

from __future__ import annotations

from drift.score.explain import TOO_LONG
from drift.text.read import read_document


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
