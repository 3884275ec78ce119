"""Ladder parsing, strict/lax P/R/F1 against hand-computed counts, the gold-folder runner."""

from __future__ import annotations

import zlib

import numpy as np
import pytest

from drift.align import align
from drift.config import AlignConfig, DriftConfig, align_preset
from drift.errors import InputError
from drift.evaluate.alignment import (
    evaluate_alignment,
    load_gold_folder,
    parse_ladder,
    score_alignments,
)
from drift.pipeline import make_plan


class _Toy:
    """Deterministic 'encoder': bag of shared tokens (digits and words), hashed."""

    name = "toy-hash"

    def encode(self, texts):
        out = np.zeros((len(texts), 64), dtype=np.float32)
        for i, t in enumerate(texts):
            for w in t.lower().split():
                out[i, zlib.crc32(w.encode()) % 64] += 1.0
        out += 1e-3
        return out / np.linalg.norm(out, axis=1, keepdims=True)


def _folder(tmp_path):
    src = ["alpha one", "beta two", "gamma three", "delta four"]
    tgt = ["alpha one", "beta two gamma three", "delta four"]
    for d in ("de", "fr", "gold"):
        (tmp_path / d).mkdir()
    (tmp_path / "de" / "001").write_text("\n".join(src) + "\n", encoding="utf-8")
    (tmp_path / "fr" / "001").write_text("\n".join(tgt) + "\n", encoding="utf-8")
    (tmp_path / "gold" / "001").write_text("[0]:[0]\n[1, 2]:[1]\n[3]:[2]\n", encoding="utf-8")
    return tmp_path


def test_parse_ladder_forms():
    text = "[0]:[0, 1]\n\n[1,2]:[]\n[]:[2]:0.1396\n[3]:[3]"
    assert parse_ladder(text) == [((0,), (0, 1)), ((1, 2), ()), ((), (2,)), ((3,), (3,))]


def test_parse_ladder_rejects_garbage():
    with pytest.raises(InputError, match="not a ladder bead"):
        parse_ladder("[0]:[0]\n0 - 1")


def test_ladder_roundtrip_from_aligner():
    s = np.array([[0.9, 0.1], [0.2, 0.8]])
    al = align({(1, 1): s}, 2, 2, AlignConfig(max_group=1))
    assert parse_ladder(al.ladder()) == [((0,), (0,)), ((1,), (1,))]


def test_scores_by_hand():
    gold = [[((0,), (0,)), ((1, 2), (1,)), ((3,), ()), ((4,), (2,))]]
    test = [[((0,), (0,)), ((1,), (1,)), ((2,), ()), ((3,), ()), ((4,), (3,)), ((), ())]]
    s = score_alignments(gold, test)
    # precision over 5 non-empty predicted beads: exact [0]:[0] and [3]:[]; [1]:[1] lax only
    assert (s.strict.tp_precision, s.strict.fp) == (2, 3)
    assert (s.lax.tp_precision, s.lax.fp) == (3, 2)
    # recall over the 3 gold beads with both sides: [0]:[0] exact, [1,2]:[1] lax, [4]:[2] miss
    assert (s.strict.tp_recall, s.strict.fn) == (1, 2)
    assert (s.lax.tp_recall, s.lax.fn) == (2, 1)
    assert s.strict.precision == pytest.approx(0.4)
    assert s.strict.recall == pytest.approx(1 / 3)
    assert s.strict.f1 == pytest.approx(2 * 0.4 / 3 / (0.4 + 1 / 3))
    assert s.n_gold == 3 and s.n_test == 5


def test_perfect_and_empty():
    gold = [[((0,), (0,)), ((1,), (1, 2))]]
    assert score_alignments(gold, gold).strict.f1 == 1.0
    assert score_alignments(gold, [[]]).strict.f1 == 0.0
    with pytest.raises(ValueError):
        score_alignments(gold, [])


def test_evaluate_alignment_on_a_tiny_folder(tmp_path):
    root = _folder(tmp_path)
    docs = load_gold_folder(root)
    assert docs[0].source[1] == "beta two" and len(docs[0].gold) == 3
    cfg = DriftConfig(model="toy", segmenter="lines", align=AlignConfig(skip=0.3, merge=0.0))
    toy = _Toy()
    r = evaluate_alignment(root, make_plan(cfg, toy), toy)
    assert r.scores.strict.f1 == 1.0
    assert r.predictions["001"] == (((0,), (0,)), ((1, 2), (1,)), ((3,), (2,)))
    assert "| toy-hash |" in r.table() and "seg:lines" in r.table()


def test_gold_beyond_document_fails(tmp_path):
    root = _folder(tmp_path)
    (root / "gold" / "001").write_text("[0]:[9]\n", encoding="utf-8")
    with pytest.raises(InputError, match="beyond"):
        load_gold_folder(root)


def test_textberg_preset_is_separate_from_defaults():
    assert AlignConfig() == align_preset("default")
    tb = align_preset("textberg")
    assert tb != AlignConfig() and tb.max_group == 5
    sig = "|".join(tb.signature_parts())
    assert "center:0.50" in sig and "anchor:0.10" in sig and "norm:on" in sig
    assert "drop:4.00" in sig and "max:5" in sig
    assert "center" not in "|".join(AlignConfig().signature_parts())


def test_cli_eval_align_dev_split(tmp_path, capsys, encoder):
    from drift.cli import main

    dev = tmp_path / "vecalign_dev"
    dev.mkdir()
    (dev / "dev.de").write_text("The airport was closed for two days.\nFuel prices doubled.\n"
                                "Protests followed in the capital.\n", encoding="utf-8")
    (dev / "dev.fr").write_text("The airport stayed shut for two days.\n"
                                "Fuel prices doubled and protests followed in the capital.\n",
                                encoding="utf-8")
    (dev / "dev.defr").write_text("[0]:[0]\n[1, 2]:[1]\n", encoding="utf-8")
    args = ["eval", "align", "--gold-dir", str(tmp_path), "--model", "minilm", "--no-cache"]
    assert main([*args, "--split", "dev"]) == 0
    out = capsys.readouterr().out
    assert "| all-MiniLM-L6-v2 | 1.000 | 1.000 | 1.000 |" in out
    assert main(args) == 2  # the test split needs gold/NNN files, which this folder lacks
    assert "no gold/NNN ladder files" in capsys.readouterr().err
