"""The embedding cache under damage and concurrency, long texts, and runs that never load the model."""

from __future__ import annotations

import multiprocessing as mp
import sqlite3
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from drift.embed import EmbeddingCache, embed
from drift.embed.cache import CACHE_FILE
from drift.embed.encoder import encode_in_pieces, pool_pieces, word_pieces
from drift.errors import ConfigError


class HashEncoder:
    """Deterministic toy encoder: bag of words hashed into 16 dimensions."""

    name = "hash16"
    dim = 16

    def __init__(self):
        self.calls = 0

    def encode(self, texts):
        self.calls += len(texts)
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for i, t in enumerate(texts):
            for w in t.split():
                out[i, sum(map(ord, w)) % self.dim] += 1.0
            out[i, -1] += 0.5
        return out / np.linalg.norm(out, axis=1, keepdims=True)


TEXTS = [f"sentence number {k} about topic {k % 5}" for k in range(40)]


def _fresh(texts):
    return HashEncoder().encode(texts)


def _tamper(tmp_path, sql, params=()):
    db = sqlite3.connect(tmp_path / CACHE_FILE)
    with db:
        db.execute(sql, params)
    db.close()


def _writer(args):
    directory, start = args
    cache = EmbeddingCache(directory, timeout=120)
    texts = [f"shared text {k}" for k in range(200)] + [f"own {start} {k}" for k in range(200)]
    for chunk in range(0, len(texts), 25):
        part = texts[chunk:chunk + 25]
        cache.put_many("hash16", part, HashEncoder().encode(part))
    cache.close()
    return start


def test_garbage_cache_file_is_moved_aside_and_the_run_goes_on(tmp_path, caplog):
    (tmp_path / CACHE_FILE).write_bytes(b"this is not a database" * 100)
    enc = HashEncoder()
    cache = EmbeddingCache(tmp_path)
    vecs = embed(TEXTS, enc, cache)
    assert np.allclose(vecs, _fresh(TEXTS)) and len(cache) == len(TEXTS)
    assert any(p.name.startswith(CACHE_FILE + ".broken-") for p in tmp_path.iterdir())
    assert "damaged" in caplog.text


def test_truncated_cache_file_recovers_on_every_later_run(tmp_path):
    cache = EmbeddingCache(tmp_path)
    many = [f"{t} {k}" for k in range(60) for t in TEXTS[:10]]  # a file of several pages
    embed(many, HashEncoder(), cache)
    cache.close()
    path = tmp_path / CACHE_FILE
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 3])  # killed mid-copy, disk trouble...
    for _ in range(2):  # and it is not "every later run fails"
        enc = HashEncoder()
        vecs = embed(many, enc, EmbeddingCache(tmp_path))
        assert np.allclose(vecs, _fresh(many))
    assert enc.calls == 0  # the second run found the rebuilt cache


@pytest.mark.parametrize("how", ["zeroed", "shortened", "shuffled", "other-dim", "nan"])
def test_tampered_vectors_are_rejected_and_encoded_again(tmp_path, how):
    embed(TEXTS, HashEncoder(), EmbeddingCache(tmp_path))
    if how == "zeroed":
        _tamper(tmp_path, "UPDATE emb SET vec = zeroblob(64)")
    elif how == "shortened":
        _tamper(tmp_path, "UPDATE emb SET vec = substr(vec, 1, 32), dim = 8")
    elif how == "shuffled":  # every row gets the vector of another row
        db = sqlite3.connect(tmp_path / CACHE_FILE)
        rows = db.execute("SELECT key, vec FROM emb ORDER BY key").fetchall()
        with db:
            for (k, _), (_, v) in zip(rows, rows[1:] + rows[:1]):
                db.execute("UPDATE emb SET vec = ? WHERE key = ?", (v, k))
        db.close()
    elif how == "other-dim":
        _tamper(tmp_path, "UPDATE models SET dim = 32")
    else:
        nan = np.full(16, np.nan, dtype=np.float32).tobytes()
        _tamper(tmp_path, "UPDATE emb SET vec = ?", (nan,))
    enc = HashEncoder()
    cache = EmbeddingCache(tmp_path)
    vecs = embed(TEXTS, enc, cache)
    assert np.allclose(vecs, _fresh(TEXTS))
    assert enc.calls == len(TEXTS) and (cache.rejected == len(TEXTS) or how == "other-dim")


def test_a_wrong_dimension_from_the_encoder_fails_loudly(tmp_path):
    class Bad(HashEncoder):
        def encode(self, texts):
            return super().encode(texts)[:, :8]

    with pytest.raises(RuntimeError, match="dimension"):
        embed(["a b"], Bad(), EmbeddingCache(tmp_path))


def test_several_processes_write_one_cache_at_once(tmp_path):
    with mp.get_context("spawn").Pool(4) as pool:
        assert sorted(pool.map(_writer, [(str(tmp_path), s) for s in range(4)])) == [0, 1, 2, 3]
    texts = [f"shared text {k}" for k in range(200)] + [
        f"own {s} {k}" for s in range(4) for k in range(200)]
    cache = EmbeddingCache(tmp_path)
    found = cache.get_many("hash16", texts, 16)
    assert len(found) == len(texts) and cache.rejected == 0 and len(cache) == len(texts)
    assert np.allclose(np.stack([found[t] for t in texts]), _fresh(texts))


def test_unwritable_cache_folder_runs_without_cache(tmp_path, caplog):
    target = tmp_path / "file-not-folder"
    target.write_text("x")
    with pytest.raises(ConfigError, match="it is a file, not a folder"):
        EmbeddingCache(target)  # mkdir on a file: the caller's mistake, said in one line
    blocked = tmp_path / "blocked"
    (blocked / CACHE_FILE).mkdir(parents=True)  # the cache file cannot be opened (even as root)
    cache = EmbeddingCache(blocked)
    vecs = embed(TEXTS, HashEncoder(), cache)
    assert np.allclose(vecs, _fresh(TEXTS)) and "continuing without it" in caplog.text


def test_pieces_cover_the_whole_text():
    words = [f"w{k}" for k in range(25)]
    pieces = word_pieces(" ".join(words), 10)
    assert pieces[0].split()[0] == "w0" and pieces[-1].split()[-1] == "w24"
    assert all(len(p.split()) <= 10 for p in pieces)
    pooled = pool_pieces(np.eye(3, dtype=np.float32), [0, 0, 1], 2)
    assert np.allclose(pooled[0], [2 ** -0.5, 2 ** -0.5, 0]) and np.allclose(pooled[1], [0, 0, 1])
    vecs, pieced = encode_in_pieces(HashEncoder().encode, ["a b", " ".join(words)],
                                    lambda t: word_pieces(t, 10))
    assert pieced == 1 and vecs.shape == (2, 16)


def test_a_long_sentence_is_not_truncated(encoder, examples):
    """500 words; the last 30% replaced by unrelated words: not similarity 1.000 any more."""
    base = " ".join((examples / "base_reuters.txt").read_text(encoding="utf-8").split())
    other = " ".join((examples / "independent_straits_times.txt").read_text(
        encoding="utf-8").split())
    words, others = base.split()[:500], other.split()
    if len(words) < 500:
        words = (words * 2)[:500]
    changed = words[:350] + others[:150]
    v = embed([" ".join(words), " ".join(changed)], encoder)
    assert float(v[0] @ v[1]) < 0.97
    assert encoder.pieced >= 2


def test_fully_cached_run_never_loads_the_model(tmp_path, examples, encoder, monkeypatch):
    """A second `drift score` over the same texts finds every embedding in the cache and
    never imports torch (the model is loaded lazily)."""
    import io
    from contextlib import redirect_stdout

    from drift.cli import main

    code = (
        "import sys\n"
        "from drift.cli import main\n"
        f"rc = main(['-q', 'score', {str(examples / 'base_reuters.txt')!r}, "
        f"{str(examples / 'mt_macedonian_blog.txt')!r}, '--format', 'json'])\n"
        "print('TORCH' if 'torch' in sys.modules else 'NO-TORCH', rc, file=sys.stderr)\n"
    )
    env = {**__import__("os").environ, "DRIFT_CACHE_DIR": str(tmp_path)}
    # the first run, in this process (the model is loaded here already), fills a fresh cache
    monkeypatch.setenv("DRIFT_CACHE_DIR", str(tmp_path))
    first = io.StringIO()
    with redirect_stdout(first):
        assert main(["-q", "score", str(examples / "base_reuters.txt"),
                     str(examples / "mt_macedonian_blog.txt"), "--format", "json"]) == 0
    assert Path(tmp_path / CACHE_FILE).exists()
    second = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            env=env, timeout=300)
    assert "NO-TORCH 0" in second.stderr, second.stderr[-500:]
    assert first.getvalue() == second.stdout  # the same report, byte for byte
