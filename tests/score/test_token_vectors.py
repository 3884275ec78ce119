"""Contextual word-piece embeddings (drift.embed.tokens): computed once per sentence, cached on
disk as float16 and checked when read, long sentences in windows."""

from __future__ import annotations

import sqlite3

import numpy as np

from drift.embed.cache import EmbeddingCache, MemoryCache
from drift.embed.tokens import (
    clear_token_memo,
    join_pieces,
    pool_words,
    token_model,
    token_vectors,
)
from drift.score.explain import explain_texts

SENTENCES = ["Kazakhstan's President Kassym-Jomart Tokayev spoke on Monday.",
             "Cafe\u0301 owners in Almaty closed early."]


class Counting:
    """An encoder that counts the texts it is asked to embed."""

    def __init__(self, encoder):
        self.inner, self.name, self.calls = encoder, encoder.name, []

    def token_embeddings(self, texts, layer):
        self.calls.extend(texts)
        return self.inner.token_embeddings(texts, layer)


def test_pieces_point_into_the_text_and_are_computed_once(encoder, tmp_path):
    clear_token_memo()
    enc = Counting(encoder)
    cache = EmbeddingCache(tmp_path)
    rows = token_vectors([*SENTENCES, SENTENCES[0]], enc, cache)
    assert enc.calls == SENTENCES  # each distinct sentence once
    for text, (offsets, vectors) in zip(SENTENCES, rows):
        assert vectors.dtype == np.float16 and len(offsets) == len(vectors) > 0
        assert all(0 <= a < b <= len(text) for a, b in offsets)
    token_vectors(SENTENCES, enc, cache)  # the memo
    clear_token_memo()
    again = token_vectors(SENTENCES, enc, EmbeddingCache(tmp_path))  # the disk cache
    assert enc.calls == SENTENCES
    for (o1, v1), (o2, v2) in zip(rows, again):
        assert np.array_equal(o1, o2) and np.array_equal(v1, v2)


def test_a_damaged_row_is_computed_again(encoder, tmp_path):
    clear_token_memo()
    cache = EmbeddingCache(tmp_path)
    token_vectors(SENTENCES[:1], encoder, cache)
    db = sqlite3.connect(tmp_path / "embeddings-v2.sqlite")
    db.execute("UPDATE tok SET blob = substr(blob, 1, length(blob) - 8)")
    db.commit()
    db.close()
    clear_token_memo()
    enc = Counting(encoder)
    fresh = EmbeddingCache(tmp_path)
    token_vectors(SENTENCES[:1], enc, fresh)
    assert enc.calls == SENTENCES[:1] and fresh.rejected == 1


def test_memory_cache_carries_token_rows(encoder):
    clear_token_memo()
    rows = token_vectors(SENTENCES, encoder)
    mem = MemoryCache()
    mem.put_tokens(token_model(encoder.name), SENTENCES, rows)
    clear_token_memo()
    enc = Counting(encoder)
    assert len(token_vectors(SENTENCES, enc, mem)) == 2 and enc.calls == []


def test_a_long_sentence_is_embedded_in_windows(encoder):
    text = " ".join(f"word{k} is here" for k in range(200))  # far over 256 pieces
    (offsets, vectors), = token_vectors([text], encoder)
    assert len(offsets) > 256 and np.all(np.isfinite(vectors.astype(np.float32)))
    assert np.all(np.abs(vectors.astype(np.float32)).sum(axis=1) > 0)


def test_pooling_and_joining():
    rows = (np.array([[0, 3], [3, 5], [6, 9]], np.int32),
            np.array([[1, 0], [0, 1], [1, 1]], np.float16))
    pooled = pool_words(rows, [(0, 5), (6, 9), (10, 12)])
    assert np.allclose(pooled[0], [2 ** -0.5, 2 ** -0.5]) and np.allclose(pooled[2], 0)
    joined = join_pieces([rows, rows], ["abcde fgh", "abcde fgh"])
    assert joined[0].tolist()[3:] == [[10, 13], [13, 15], [16, 19]]


def test_explain_texts_lists_each_sentence_once():
    assert explain_texts(["a b.", "c d.", "a b."]) == ["a b.", "c d."]
