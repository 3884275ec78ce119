"""Lexical overlap and the normalised forms it compares."""

from __future__ import annotations

import pytest
from samples import COMPOSED, DECOMPOSED, long_pair

from drift.align.labels import label_pair
from drift.text import lexical as labels_mod
from drift.text.lexical import lexical_similarity
from drift.text.normalize import normalize


def test_normalized_forms_are_equal():
    assert normalize(DECOMPOSED) == normalize(COMPOSED)
    assert lexical_similarity(DECOMPOSED, COMPOSED) == 1.0
    assert label_pair(0.99, 1.0, normalize(DECOMPOSED), normalize(COMPOSED)) == "verbatim"


def test_lexical_similarity_ignores_order_beyond_its_budget(monkeypatch):
    a, b = long_pair(1500)
    assert len(a.split()) * len(b.split()) > labels_mod.LEXICAL_BUDGET

    def no_difflib(*args, **kwargs):
        raise AssertionError("difflib must not run over the budget")

    monkeypatch.setattr(labels_mod.difflib, "SequenceMatcher", no_difflib)
    assert lexical_similarity(a, b) == pytest.approx(0.9, abs=0.01)
    assert lexical_similarity(a, " ".join(reversed(a.split()))) == 1.0


def test_lexical_similarity_separates_copy_edit_paraphrase():
    base = "Cleaners were removing debris from streets still littered with burnt-out cars."
    assert lexical_similarity(base, base) == 1.0
    edit = "Cleaners were removing debris from the streets still littered with burned-out cars."
    para = "Street crews hauled away rubble and the shells of torched vehicles."
    assert 0.75 <= lexical_similarity(base, edit) < 1.0
    assert lexical_similarity(base, para) < 0.3
