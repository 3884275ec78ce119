"""Alignment evaluation against gold ladders (Text+Berg / Bleualign test set), as Vecalign and
Bertalign score it.

Layered like the rest of drift:

* :func:`parse_ladder` / :func:`read_ladder`: ``[i, ...]:[j, ...]`` lines (an optional
  ``:score`` third field is ignored) -> tuples of 0-based indices;
* :func:`score_alignments`: strict and lax precision, recall and F1 over any number of
  documents, never touching a model;
* :func:`load_gold_folder`: the documents of a gold folder (``de/NNN``, ``fr/NNN``,
  ``gold/NNN``; or the Vecalign dev pair ``vecalign_dev/dev.de``, ``dev.fr``, ``dev.defr``);
* :func:`evaluate_alignment`: embed, align and score a whole gold folder with a loaded
  encoder, returning a typed :class:`EvalResult` (``.table()`` prints a markdown row).

**Metric** (Sennrich & Volk 2011, code of Vecalign's ``score.py`` and Bertalign's ``eval.py``).
Beads empty on both sides are ignored. For each document:

* precision counts every predicted bead that is not empty on both sides (1-0 and 0-1 beads
  included): *strict* true positive when the bead is exactly a gold bead; *lax* true positive
  when it also overlaps some gold bead on both sides (a shared source and a shared target
  sentence);
* recall is the same count with gold and prediction swapped, over the gold beads that have both
  sides non-empty (a missed omission or addition is not a recall error).

Counts are summed over documents, then ``P = tp / (tp + fp)``, ``R`` likewise and
``F1 = 2PR / (P + R)`` (0 when undefined).

Example:
    >>> gold = [[((0,), (0,)), ((1, 2), (1,))]]
    >>> test = [[((0,), (0,)), ((1,), (1,)), ((2,), ())]]
    >>> s = score_alignments(gold, test)
    >>> round(s.strict.precision, 3), round(s.strict.recall, 3), round(s.lax.recall, 3)
    (0.333, 0.5, 1.0)
"""

from __future__ import annotations

import logging
import re
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from drift.embed.cache import EmbeddingCache
from drift.embed.encoder import Encoder
from drift.errors import InputError
from drift.pipeline import RunPlan, align_sentences
from drift.text.normalize import split_lines
from drift.text.read import read_text

log = logging.getLogger("drift")

__all__ = [
    "LadderBead", "parse_ladder", "read_ladder", "PRF", "AlignScores", "score_alignments",
    "GoldDocument", "load_gold_folder", "EvalResult", "evaluate_alignment",
]

LadderBead = tuple[tuple[int, ...], tuple[int, ...]]

_LADDER = re.compile(r"^\s*\[([\d,\s]*)\]\s*:\s*\[([\d,\s]*)\](?:\s*:\s*\S+)?\s*$")


def _ids(text: str) -> tuple[int, ...]:
    return tuple(int(x) for x in text.replace(",", " ").split())


def parse_ladder(text: str, *, source: str = "<ladder>") -> list[LadderBead]:
    """Parse ladder lines ``[i, ...]:[j, ...]`` (optional ``:score``) into index tuples.

    Raises:
        InputError: a non-blank line is not a bead.

    >>> parse_ladder("[0]:[0, 1]\\n[1, 2]:[]\\n[]:[2]:0.13")
    [((0,), (0, 1)), ((1, 2), ()), ((), (2,))]
    """
    beads = []
    for k, line in enumerate(split_lines(text), 1):
        if not line.strip():
            continue
        m = _LADDER.match(line)
        if m is None:
            raise InputError(f"{source}:{k}: not a ladder bead '[i, ...]:[j, ...]': {line!r}")
        beads.append((_ids(m.group(1)), _ids(m.group(2))))
    return beads


def read_ladder(path: str | Path) -> list[LadderBead]:
    """Read a gold or predicted ladder file (see :func:`parse_ladder`)."""
    return parse_ladder(read_text(path), source=str(path))


@dataclass(frozen=True)
class PRF:
    """Precision, recall and F1 with the counts behind them."""

    tp_precision: int
    fp: int
    tp_recall: int
    fn: int

    @property
    def precision(self) -> float:
        d = self.tp_precision + self.fp
        return self.tp_precision / d if d else 0.0

    @property
    def recall(self) -> float:
        d = self.tp_recall + self.fn
        return self.tp_recall / d if d else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def to_dict(self) -> dict[str, float | int]:
        return {"precision": round(self.precision, 4), "recall": round(self.recall, 4),
                "f1": round(self.f1, 4), "tp_precision": self.tp_precision, "fp": self.fp,
                "tp_recall": self.tp_recall, "fn": self.fn}


@dataclass(frozen=True)
class AlignScores:
    """Strict (exact bead) and lax (overlap on both sides) scores, summed over documents."""

    strict: PRF
    lax: PRF
    n_gold: int
    n_test: int

    def to_dict(self) -> dict[str, Any]:
        return {"strict": self.strict.to_dict(), "lax": self.lax.to_dict(),
                "n_gold": self.n_gold, "n_test": self.n_test}


def _counts(gold: Iterable[LadderBead], test: Iterable[LadderBead]) -> np.ndarray:
    """[tp_strict, fp_strict, tp_lax, fp_lax] of ``test`` against ``gold`` (Vecalign)."""
    gold_set = {(tuple(a), tuple(b)) for a, b in gold if a or b}
    test_set = {(tuple(a), tuple(b)) for a, b in test if a or b}
    src_to_tgt: dict[int, set[int]] = defaultdict(set)
    for gs, gt in gold_set:
        for i in gs:
            src_to_tgt[i].update(gt)
    out = np.zeros(4, dtype=np.int64)
    for ts, tt in test_set:
        if (ts, tt) in gold_set:
            out += (1, 0, 1, 0)
            continue
        reach = set().union(*(src_to_tgt.get(i, set()) for i in ts)) if ts else set()
        out += (0, 1, 1, 0) if reach.intersection(tt) else (0, 1, 0, 1)
    return out


def score_alignments(gold: Sequence[Sequence[LadderBead]], test: Sequence[Sequence[LadderBead]]
                     ) -> AlignScores:
    """Strict and lax P/R/F1 of predicted ladders against gold ladders, one list per document.

    Args:
        gold: per document, gold beads ``((src ids), (tgt ids))``.
        test: per document, predicted beads, same length as ``gold``.

    Raises:
        ValueError: ``gold`` and ``test`` hold different numbers of documents.
    """
    if len(gold) != len(test):
        raise ValueError(f"{len(gold)} gold documents but {len(test)} predicted ones")
    p = np.zeros(4, dtype=np.int64)
    r = np.zeros(4, dtype=np.int64)
    n_gold = n_test = 0
    for g, t in zip(gold, test):
        g_full = [b for b in g if b[0] and b[1]]
        p += _counts(g, t)
        r += _counts(t, g_full)
        n_gold += len(g_full)
        n_test += sum(1 for b in t if b[0] or b[1])
    return AlignScores(
        strict=PRF(int(p[0]), int(p[1]), int(r[0]), int(r[1])),
        lax=PRF(int(p[2]), int(p[3]), int(r[2]), int(r[3])),
        n_gold=n_gold, n_test=n_test,
    )


# --- gold folders ---------------------------------------------------------------------------

@dataclass(frozen=True)
class GoldDocument:
    """One gold document pair: sentences (one a line) and gold beads."""

    name: str
    source: tuple[str, ...]
    target: tuple[str, ...]
    gold: tuple[LadderBead, ...]


def _lines(path: Path) -> tuple[str, ...]:
    lines = read_text(path).split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return tuple(line.strip() for line in lines)


def load_gold_folder(gold_dir: str | Path, split: str = "test", *, src: str = "de",
                     tgt: str = "fr") -> list[GoldDocument]:
    """Read the documents of a Text+Berg style gold folder.

    Args:
        gold_dir: folder with ``{src}/NNN``, ``{tgt}/NNN`` and ``gold/NNN`` (split ``test``),
            and ``vecalign_dev/dev.{src}``, ``dev.{tgt}``, ``dev.{src}{tgt}`` (split ``dev``).
        split: ``test`` or ``dev``.

    Raises:
        InputError: a missing folder or file, or a gold index beyond the document.
    """
    root = Path(gold_dir)
    if split == "test":
        gold_files = sorted((root / "gold").glob("*")) if (root / "gold").is_dir() else []
        if not gold_files:
            raise InputError(f"{root}: no gold/NNN ladder files (expected a Text+Berg folder)")
        triples = [(g.name, root / src / g.name, root / tgt / g.name, g) for g in gold_files]
    elif split == "dev":
        d = root / "vecalign_dev"
        triples = [("dev", d / f"dev.{src}", d / f"dev.{tgt}", d / f"dev.{src}{tgt}")]
    else:
        raise InputError(f"unknown split {split!r}; allowed: test, dev")
    docs = []
    for name, s, t, g in triples:
        a, b, gold = _lines(s), _lines(t), read_ladder(g)
        for bs, bt in gold:
            if any(i >= len(a) for i in bs) or any(j >= len(b) for j in bt):
                raise InputError(f"{g}: bead {list(bs)}:{list(bt)} is beyond the documents "
                                 f"({len(a)} / {len(b)} lines)")
        docs.append(GoldDocument(name, a, b, tuple(gold)))
    return docs


@dataclass(frozen=True)
class EvalResult:
    """Scores of one aligner run over a gold folder.

    Attributes:
        model: encoder name.
        signature: the run's signature (:meth:`drift.pipeline.RunPlan.signature`).
        split: ``test`` or ``dev``.
        scores: strict and lax P/R/F1.
        per_document: name -> scores of that document.
        seconds: wall time of embedding and aligning (model loading excluded).
        predictions: name -> predicted beads.
    """

    model: str
    signature: str
    split: str
    scores: AlignScores
    per_document: dict[str, AlignScores] = field(default_factory=dict)
    seconds: float = 0.0
    predictions: dict[str, tuple[LadderBead, ...]] = field(default_factory=dict)

    HEADER = ("| model | strict P | strict R | strict F1 | lax P | lax R | lax F1 | seconds |\n"
              "|---|---|---|---|---|---|---|---|")

    def row(self, label: str | None = None) -> str:
        s, lx = self.scores.strict, self.scores.lax
        cells = [label or self.model] + [f"{v:.3f}" for v in
                                         (s.precision, s.recall, s.f1, lx.precision, lx.recall,
                                          lx.f1)] + [f"{self.seconds:.1f}"]
        return "| " + " | ".join(cells) + " |"

    def table(self) -> str:
        """A markdown table with one row, followed by the signature."""
        return f"{self.HEADER}\n{self.row()}\n\n{self.signature}"

    def to_dict(self) -> dict[str, Any]:
        return {"model": self.model, "signature": self.signature, "split": self.split,
                "seconds": round(self.seconds, 2), "scores": self.scores.to_dict(),
                "per_document": {k: v.to_dict() for k, v in self.per_document.items()}}


def evaluate_alignment(gold_dir: str | Path, plan: RunPlan, encoder: Encoder, *,
                       split: str = "test", cache: EmbeddingCache | None = None,
                       src: str = "de", tgt: str = "fr",
                       progress: Callable[[Iterable[Any]], Iterable[Any]] | None = None
                       ) -> EvalResult:
    """Align every document of a gold folder and score it (see the module docstring).

    Each line of a document is one sentence (the gold numbering), whatever the plan's
    segmenter is. ``progress`` may wrap the loop over documents (e.g.
    ``functools.partial(tqdm.tqdm, total=n)``).

    Example:
        >>> from drift.config import DriftConfig
        >>> from drift.pipeline import make_plan
        >>> plan = make_plan(DriftConfig(model="multilingual", segmenter="lines",
        ...                              preset="textberg"))          # doctest: +SKIP
        >>> r = evaluate_alignment("../shared/eval/textberg_de_fr", plan,
        ...                        load_encoder("multilingual"))  # doctest: +SKIP
        >>> print(r.table())                                               # doctest: +SKIP
    """
    docs = load_gold_folder(gold_dir, split, src=src, tgt=tgt)
    t0 = time.perf_counter()
    preds: dict[str, tuple[LadderBead, ...]] = {}
    for d in (progress(docs) if progress else docs):
        al, _ = align_sentences(d.source, d.target, plan, encoder, cache)  # uncalibrated
        preds[d.name] = tuple((b.base, b.derivative) for b in al.beads)
    seconds = time.perf_counter() - t0
    scores = score_alignments([d.gold for d in docs], [preds[d.name] for d in docs])
    per = {d.name: score_alignments([d.gold], [preds[d.name]]) for d in docs}
    log.info("%s %s: strict F1 %.3f, lax F1 %.3f, %.1f s", split, encoder.name,
             scores.strict.f1, scores.lax.f1, seconds)
    return EvalResult(plan.model.name, plan.signature(verdict=False), split,
                      scores, per, seconds, preds)
