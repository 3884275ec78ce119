"""The Python API: drift.compare on strings, paths and documents."""

from __future__ import annotations

import pytest

import drift
from drift.config import DriftConfig


def test_compare_two_one_line_sentences_still_works(encoder):
    from drift.api import as_document, compare_documents

    r = compare_documents(as_document("It backed the plan."),
                          as_document("She supported the plan."), encoder=encoder)
    assert len(r.derivatives[0].pairs) == 1 and r.derivatives[0].pairs[0].base == (0,)


def test_compare_accepts_strings_and_is_deterministic(encoder):
    base = ("The council approved the new bridge on Tuesday after a long debate. "
            "Work will start in spring.")
    deriv = "Work will start in spring. The council approved the new bridge on Tuesday."
    cfg = DriftConfig()
    r1 = drift.compare_documents(drift.document_from_text(base), drift.document_from_text(deriv),
                                 config=cfg, encoder=encoder)
    r2 = drift.compare_documents(drift.document_from_text(base), drift.document_from_text(deriv),
                                 config=cfg, encoder=encoder)
    assert r1.to_dict() == r2.to_dict()
    assert r1[0].summary.coverage == 1.0
    assert r1[0].summary.n_moved == 1  # reordered sentence found by the second pass


def test_compare_with_strings_names_each_text(encoder):
    r = drift.compare("Police searched cars at checkpoints on Monday.",
                      "Police are searching cars at checkpoints.",
                      "Nothing happened in the capital.", cache=False)
    assert r.base.path == "<base>"
    assert [d.name for d in r.derivatives] == ["<derivative 1>", "<derivative 2>"]
    assert r["<derivative 1>"].summary.coverage == 1.0
    assert r["<derivative 2>"].summary.verdict == "independent"
    with pytest.raises(drift.InputError, match="no such file"):
        drift.compare("missing-base.txt", "Some text here.")
