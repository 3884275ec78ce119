"""The Python API never scores a mistyped path as the article's text, reads a .jsonl as a
corpus, and answers a wrong argument type with one InputError."""

from __future__ import annotations

import json

import pytest

import drift
from drift.api import as_document
from drift.errors import InputError

TEXT = "The council met on Monday to discuss the budget. The mayor said taxes would fall."


@pytest.mark.parametrize("mistyped", ["corpus.jsonl", "edit.txt.bak", "/no/such/edit",
                                      "./edit", "~/articles/edit", "notes/edit v2.md"])
def test_a_path_that_does_not_exist_is_an_error_not_an_article(tmp_path, monkeypatch, mistyped):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(InputError, match="no such file"):
        drift.compare(TEXT, mistyped)
    with pytest.raises(InputError, match="no such file"):
        as_document(mistyped)


@pytest.mark.parametrize("text", [TEXT, "北京市政府周一宣布了新的预算。", "U.S.", "Hello"])
def test_article_text_is_still_text(text):
    assert as_document(text, name="<t>").path == "<t>"


@pytest.mark.parametrize("value, hint", [(b"bytes", "decode bytes first"),
                                         (["a", "b"], "pass each article as its own argument"),
                                         (42, "got int")])
def test_a_wrong_type_is_one_input_error(value, hint):
    with pytest.raises(InputError, match=hint):
        drift.compare(TEXT, value)


def test_a_jsonl_derivative_is_a_corpus_and_a_jsonl_base_one_article(tmp_path, encoder):
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text("".join(json.dumps({"id": k, "text": t}) + "\n" for k, t in [
        ("a", TEXT), ("b", "The mayor said taxes would fall. The council met on Monday.")]),
        encoding="utf-8")
    result = drift.compare(TEXT, corpus)
    assert [d.path for d in result.derivatives] == [f"{corpus}#a", f"{corpus}#b"]
    assert result.derivatives[0].summary.coverage == 1.0
    with pytest.raises(InputError, match="a JSONL corpus of 2 articles where one article"):
        drift.compare(corpus, TEXT)
