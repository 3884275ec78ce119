"""Typed, frozen results of a drift run, with ``to_dict``, plotting and notebook display."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from drift.calibrate import Calibration
from drift.read import Removed
from drift.score import Summary
from drift.segment import Sentence

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

__all__ = ["Pair", "TextResult", "DerivativeResult", "Comparison"]


def _r(x: float | None, nd: int = 4) -> float | None:
    return None if x is None else round(float(x), nd)


@dataclass(frozen=True)
class Pair:
    """One aligned pair (or a lone omitted / added sentence).

    Attributes:
        base, derivative: 0-based sentence indices (``()`` on the missing side).
        similarity: cosine of the joined sentences' embeddings; None for omission/addition.
        drift: drift score (higher = more drift); None for omission/addition.
        lexical: share of words in common (0..1); None for omission/addition.
        label: ``verbatim``, ``edit``, ``paraphrase``, ``divergent``, ``omission``, ``addition``.
        moved: matched out of order.
        flags: kinds of change (see :mod:`drift.explain`), empty when not computed (no
            encoder, or a derivative of kind ``translation``: words do not match across
            languages).
        changes: changed spans (see :mod:`drift.explain`), empty when not computed.
    """

    base: tuple[int, ...]
    derivative: tuple[int, ...]
    similarity: float | None
    drift: float | None
    lexical: float | None
    label: str
    moved: bool = False
    flags: tuple[str, ...] = ()
    changes: tuple[dict[str, Any], ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "base": list(self.base), "derivative": list(self.derivative),
            "similarity": _r(self.similarity), "drift": _r(self.drift),
            "lexical": _r(self.lexical), "label": self.label, "moved": self.moved,
            "flags": list(self.flags), "changes": [dict(c) for c in self.changes],
        }


@dataclass(frozen=True)
class TextResult:
    """A document as drift saw it: its sentences and the furniture removed from it."""

    path: str
    sentences: tuple[Sentence, ...]
    removed: tuple[Removed, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "sentences": [s.text for s in self.sentences],
            "removed": [r.text for r in self.removed],
            "removed_detail": [r.to_dict() for r in self.removed],
            "paragraph_of_sentence": [s.paragraph for s in self.sentences],
        }


@dataclass(frozen=True)
class DerivativeResult(TextResult):
    """One derivative compared with the base.

    Attributes:
        pairs: aligned pairs, omissions and additions in base order.
        summary: coverage, drift, verdict.
        similarity: ``(n_base, n_derivative)`` cosine matrix of single sentences.
        calibration: how the similarities were calibrated for alignment when the derivative is
            in another language (:mod:`drift.calibrate`), else None.
    """

    pairs: tuple[Pair, ...] = ()
    summary: Summary | None = None
    similarity: np.ndarray = field(default_factory=lambda: np.zeros((0, 0)))
    calibration: Calibration | None = None

    def to_dict(self) -> dict[str, Any]:
        d = super().to_dict()
        d["pairs"] = [p.to_dict() for p in self.pairs]
        d["summary"] = self.summary.to_dict() if self.summary else {}
        d["calibration"] = self.calibration.to_dict() if self.calibration else None
        return d

    @property
    def name(self) -> str:
        from pathlib import Path

        if self.path == "-" or self.path.startswith("<"):
            return self.path
        file, hash_, record = self.path.partition("#")  # corpus.jsonl#id
        return Path(file).stem + hash_ + record


@dataclass(frozen=True)
class Comparison:
    """The result of :func:`drift.compare`: a base and every derivative aligned to it.

    Attributes:
        model: the encoder's name.
        signature: the configuration signature (see :class:`drift.config.DriftConfig`).
        config: the configuration as a dict.
        base: the base document.
        derivatives: one :class:`DerivativeResult` each, in the order given.
    """

    model: str
    signature: str
    config: dict[str, Any]
    base: TextResult
    derivatives: tuple[DerivativeResult, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "model": self.model,
            "signature": self.signature,
            "config": self.config,
            "base": self.base.to_dict(),
            "derivatives": [d.to_dict() for d in self.derivatives],
        }

    def to_json(self, indent: int | None = 2) -> str:
        return json.dumps(self.to_dict(), indent=indent, ensure_ascii=False)

    def __getitem__(self, key: int | str) -> DerivativeResult:
        if isinstance(key, int):
            return self.derivatives[key]
        for d in self.derivatives:
            if key in (d.path, d.name):
                return d
        names = ", ".join(d.name for d in self.derivatives)
        raise KeyError(f"no derivative {key!r}; have: {names}")

    def rows(self) -> list[dict[str, Any]]:
        """One flat row per pair (the CSV), handy for ``pandas.DataFrame(result.rows())``."""
        from drift.report import pair_rows

        return pair_rows(self)

    def plot_overview(self, ax: Axes | None = None) -> Figure:
        """Base sentences x derivatives coloured by drift, omissions marked."""
        from drift.plot import plot_overview

        return plot_overview(self, ax=ax)

    def plot_alignment(self, derivative: int | str = 0, ax: Axes | None = None) -> Figure:
        """The similarity matrix of one derivative with its alignment drawn over it."""
        from drift.plot import plot_alignment

        return plot_alignment(self, self[derivative], ax=ax)

    def summary_table(self) -> str:
        """A plain-text table: one line per derivative."""
        from drift.report import summary_table

        return summary_table(self)

    def _repr_html_(self) -> str:
        from drift.report import summary_html

        return summary_html(self)

    def __repr__(self) -> str:
        return f"Comparison({self.base.path!r}, {len(self.derivatives)} derivatives, " \
               f"{self.signature!r})"
