"""Typed, frozen results of a drift run, with ``to_dict``, tables, plots and notebook display.

Tables and HTML are views of :meth:`Comparison.to_dict` (:mod:`drift.report.tables`,
:mod:`drift.report.html`); plots take the arrays and texts these objects hold
(:mod:`drift.report.plot`). Nothing here touches a model.
"""

from __future__ import annotations

import io
import json
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from drift.align.calibrate import Calibration
from drift.score.explain import Change, FlagEvidence
from drift.score.summary import Summary
from drift.text.furniture import Removed
from drift.text.segment import Sentence

if TYPE_CHECKING:
    import pandas
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
        flags: kinds of change (see :mod:`drift.score.explain`), empty when not computed (no
            encoder, or a derivative of kind ``translation``: words do not match across
            languages).
        changes: changed spans (:class:`drift.score.explain.Change`), empty when not computed.
        notes: what drift could not do in full for this pair, e.g. ``explain:too-long`` (the
            sentences were too long for word-level explanation within its budget).
        severity: how much of what changed is meaning rather than surface, in [0, 1]
            (:mod:`drift.score.severity`); None when not explained.
        evidence: the base and derivative spans that justify each flag
            (:class:`drift.score.explain.FlagEvidence`).
    """

    base: tuple[int, ...]
    derivative: tuple[int, ...]
    similarity: float | None
    drift: float | None
    lexical: float | None
    label: str
    moved: bool = False
    flags: tuple[str, ...] = ()
    changes: tuple[Change, ...] = ()
    notes: tuple[str, ...] = ()
    severity: float | None = None
    evidence: tuple[FlagEvidence, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        d = {
            "base": list(self.base), "derivative": list(self.derivative),
            "similarity": _r(self.similarity), "drift": _r(self.drift),
            "severity": _r(self.severity), "lexical": _r(self.lexical), "label": self.label,
            "moved": self.moved, "flags": list(self.flags),
            "changes": [c.to_dict() for c in self.changes],
            "evidence": [e.to_dict() for e in self.evidence],
        }
        if self.notes:
            d["notes"] = list(self.notes)
        return d


@dataclass(frozen=True)
class TextResult:
    """A document as drift saw it: its sentences and the furniture removed from it.

    Attributes:
        path: the path given (``FILE#ID`` for a JSONL record, ``<text>`` for a string).
        sentences: the sentences compared.
        removed: page furniture taken out, with the rule that removed each piece.
        encoding: the text encoding the file was read with (``utf-8`` for text in memory).
    """

    path: str
    sentences: tuple[Sentence, ...]
    removed: tuple[Removed, ...]
    encoding: str = "utf-8"

    @property
    def name(self) -> str:
        """A short name: the file name without its folder and extension (``FILE#ID`` for a
        JSONL record; ``-`` and ``<...>`` as they are)."""
        if self.path == "-" or self.path.startswith("<"):
            return self.path
        file, hash_, record = self.path.partition("#")  # corpus.jsonl#id
        return Path(file).stem + hash_ + record

    def to_dict(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "name": self.name,
            "encoding": self.encoding,
            "sentences": [s.text for s in self.sentences],
            "removed": [r.text for r in self.removed],
            "removed_detail": [r.to_dict() for r in self.removed],
            "paragraph_of_sentence": [s.paragraph for s in self.sentences],
            "lines_of_sentence": [list(s.lines) if s.lines else None for s in self.sentences],
        }


@dataclass(frozen=True, eq=False)
class DerivativeResult(TextResult):
    """One derivative compared with the base.

    Attributes:
        pairs: aligned pairs, omissions and additions in base order.
        summary: coverage, drift, verdict.
        similarity: ``(n_base, n_derivative)`` cosine matrix of single sentences (read-only).
        calibration: how the similarities were calibrated for alignment when the derivative is
            in another language (:mod:`drift.align.calibrate`), else None.

    Two results are equal when every field is (the similarity matrices element by element).
    """

    pairs: tuple[Pair, ...] = ()
    summary: Summary | None = None
    similarity: np.ndarray = field(default_factory=lambda: np.zeros((0, 0)))
    calibration: Calibration | None = None

    def __post_init__(self) -> None:
        sim = np.array(self.similarity, dtype=np.float64, copy=True)
        sim.setflags(write=False)
        object.__setattr__(self, "similarity", sim)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, DerivativeResult):
            return NotImplemented
        for f in fields(self):
            a, b = getattr(self, f.name), getattr(other, f.name)
            if isinstance(a, np.ndarray):
                if not np.array_equal(a, b):
                    return False
            elif a != b:
                return False
        return True

    __hash__ = None  # type: ignore[assignment]  # mutable-looking contents: not hashable

    def to_dict(self) -> dict[str, Any]:
        d = super().to_dict()
        d["pairs"] = [p.to_dict() for p in self.pairs]
        d["summary"] = self.summary.to_dict() if self.summary else {}
        d["calibration"] = self.calibration.to_dict() if self.calibration else None
        return d

    def _repr_html_(self) -> str:
        """Jupyter display: the aligned pairs side by side with the changed words marked, as
        in the HTML report. The base sentences come from the :class:`Comparison` this result
        belongs to; a result made on its own shows base sentence numbers only."""
        from drift.report.html import derivative_html

        base, signature = getattr(self, "_context", (None, ""))
        return derivative_html(self.to_dict(), base, signature)


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

    def __post_init__(self) -> None:
        # Each derivative is displayed beside the base (DerivativeResult._repr_html_): keep a
        # copy of it that knows the base's sentences and the signature (not a field: equality,
        # to_dict and the caller's objects are unchanged).
        base = tuple(s.text for s in self.base.sentences)
        derivatives = []
        for d in self.derivatives:
            d = replace(d)
            object.__setattr__(d, "_context", (base, self.signature))
            derivatives.append(d)
        object.__setattr__(self, "derivatives", tuple(derivatives))

    def to_dict(self) -> dict[str, Any]:
        """The ``report.json`` structure (see README)."""
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

    def __len__(self) -> int:
        return len(self.derivatives)

    def rows(self) -> list[dict[str, Any]]:
        """One flat row per pair (the columns of ``pairs.csv``), numbers as numbers and
        indices and flags as lists: ``pandas.DataFrame(result.rows())``."""
        from drift.report.tables import pair_rows

        return pair_rows(self.to_dict())

    def summary_rows(self) -> list[dict[str, Any]]:
        """One flat row per derivative: verdict, kind, coverage, drift..."""
        from drift.report.tables import summary_rows

        return summary_rows(self.to_dict())

    def to_pandas(self) -> pandas.DataFrame:
        """The pairs table as a pandas DataFrame, one row per pair of every derivative.

        ``similarity``, ``drift`` and ``lexical`` are float64 (NaN for an omission or
        addition), ``moved`` bool, ``base_idx`` / ``derivative_idx`` / ``flags`` lists, and
        ``name`` the derivative's short name (columns: :data:`drift.report.tables.FRAME_COLUMNS`).
        Needs pandas (``pip install 'newsdrift[pandas]'``).

        Example:
            >>> df = result.to_pandas()  # doctest: +SKIP
            >>> df[df["flags"].map(lambda f: "pronoun" in f)].nlargest(3, "drift")  # doctest: +SKIP

        Raises:
            ImportError: pandas is not installed (one line saying how to install it).
        """
        from drift.report.tables import pairs_frame

        return pairs_frame(self.to_dict())

    def summary_frame(self) -> pandas.DataFrame:
        """The summary as a pandas DataFrame, one row per derivative (verdict, kind, coverage,
        drift...; numbers float64, counts int64). Needs pandas.

        Raises:
            ImportError: pandas is not installed (one line saying how to install it).
        """
        from drift.report.tables import summary_frame

        return summary_frame(self.to_dict())

    def plot_overview(self, ax: Axes | None = None, vmax: float = 0.5) -> Figure:
        """Base sentences x derivatives coloured by drift, omissions marked, flag letters."""
        from drift.report.plot import flag_codes, plot_overview

        n, k = len(self.base.sentences), len(self.derivatives)
        mat = np.full((n, k), np.nan)
        notes = [["" for _ in range(k)] for _ in range(n)]
        for c, d in enumerate(self.derivatives):
            flags: dict[int, list[str]] = {}
            moved: set[int] = set()
            for p in d.pairs:
                for i in p.base:
                    if p.drift is not None:
                        mat[i, c] = p.drift
                    flags.setdefault(i, []).extend(f for f in p.flags if f != "formatting")
                    if p.moved:
                        moved.add(i)
            for i in range(n):
                if not np.isnan(mat[i, c]):
                    notes[i][c] = (("M " if i in moved else "") + flag_codes(flags.get(i, []))
                                   ).strip()
        columns = [f"{d.name}\n{d.summary.verdict}, {d.summary.kind}\n"
                   f"coverage {d.summary.coverage:.2f}" if d.summary else d.name
                   for d in self.derivatives]
        return plot_overview(mat, [s.text for s in self.base.sentences], columns, notes,
                             drift_name=str(self.config.get("drift", "cosine")),
                             signature=self.signature, ax=ax, vmax=vmax)

    def plot_alignment(self, derivative: int | str = 0, ax: Axes | None = None) -> Figure:
        """The similarity matrix of one derivative with its alignment drawn over it."""
        from drift.report.plot import BeadBox, plot_alignment

        d = self[derivative]
        beads = [BeadBox(p.base, p.derivative, p.moved, bool(set(p.flags) - {"formatting"}))
                 for p in d.pairs]
        s = d.summary
        title = f" - {s.verdict} ({s.kind}), coverage {s.coverage:.2f}" if s else ""
        return plot_alignment(d.similarity, beads, [x.text for x in self.base.sentences],
                              d.name, title=title, signature=self.signature,
                              shape=(len(self.base.sentences), len(d.sentences)), ax=ax)

    def summary_table(self) -> str:
        """A plain-text table: one line per derivative."""
        from drift.report.tables import summary_table

        return summary_table(self.to_dict())

    def _repr_html_(self) -> str:
        """Jupyter display: the summary table and the overview heatmap (an inline PNG; no
        matplotlib backend is involved)."""
        from drift.report.html import comparison_html

        png = None
        if self.derivatives:
            buf = io.BytesIO()
            self.plot_overview().savefig(buf, format="png", dpi=100)
            png = buf.getvalue()
        return comparison_html(self.to_dict(), png)

    def __repr__(self) -> str:
        return f"Comparison({self.base.path!r}, {len(self.derivatives)} derivatives, " \
               f"{self.signature!r})"
