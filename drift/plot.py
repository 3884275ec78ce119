"""Heatmaps. Every function takes ``ax=None``, returns the Figure and never calls ``plt.show()``.

matplotlib is imported here only, so the rest of drift (and ``drift --help``) stays light.
"""

from __future__ import annotations

import textwrap
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from drift.result import Comparison, DerivativeResult

__all__ = ["plot_alignment", "plot_overview", "shorten"]

OMITTED_COLOR = "#d9d9d9"
# one-letter codes for the flags of drift.explain, drawn in overview cells
FLAG_CODES = {"pronoun": "P", "entity": "E", "number": "N", "date": "D", "negation": "G",
              "attribution": "A", "tense": "T", "spelling": "S", "omission": "o",
              "addition": "a"}


def _flag_codes(flags: list[str]) -> str:
    """Compact letters for a cell, most meaning-changing first: ``['date', 'tense'] -> 'DT'``."""
    return "".join(code for flag, code in FLAG_CODES.items() if flag in flags)


def shorten(text: str, width: int = 48) -> str:
    """Cut a sentence to ``width`` characters with an ellipsis.

    >>> shorten("Russia has long blamed the West for fomenting colour revolutions", 20)
    'Russia has long bla…'
    """
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def _figure(ax: Axes | None, size: tuple[float, float]) -> tuple[Figure, Axes]:
    if ax is not None:
        return ax.figure, ax  # type: ignore[return-value]
    from matplotlib.figure import Figure

    fig = Figure(figsize=size, layout="constrained")
    return fig, fig.add_subplot()


def plot_alignment(comparison: Comparison, derivative: DerivativeResult, ax: Axes | None = None
                   ) -> Figure:
    """Base x derivative cosine similarity matrix with the chosen alignment drawn over it.

    Aligned beads are outlined (dashed when matched out of order); omitted base sentences are
    marked with a grey bar on the left, added derivative sentences with one on top.
    """
    from matplotlib.patches import Rectangle

    sim = derivative.similarity
    n, m = sim.shape
    size = (min(4 + 0.28 * m, 22), min(2.5 + 0.28 * n, 22))
    fig, ax = _figure(ax, size)
    im = ax.imshow(sim, cmap="viridis", vmin=0.0, vmax=1.0, aspect="auto",
                   interpolation="nearest")
    for p in derivative.pairs:
        if p.base and p.derivative:
            i0, j0 = min(p.base), min(p.derivative)
            h, w = max(p.base) - i0 + 1, max(p.derivative) - j0 + 1
            flagged = bool(set(p.flags) - {"formatting"})
            ax.add_patch(Rectangle((j0 - 0.5, i0 - 0.5), w, h, fill=False,
                                   edgecolor="#ff3b30" if flagged else "white",
                                   linewidth=2.0, linestyle="--" if p.moved else "-"))
        elif p.base:
            for i in p.base:
                ax.add_patch(Rectangle((-0.5, i - 0.5), 0.25, 1, color="#bbbbbb", clip_on=False))
        else:
            for j in p.derivative:
                ax.add_patch(Rectangle((j - 0.5, -0.5), 1, 0.25, color="#bbbbbb", clip_on=False))
    base = comparison.base.sentences
    ax.set_yticks(range(n), [f"{i}  {shorten(base[i].text, 40)}" for i in range(n)], fontsize=7)
    step = max(1, m // 40)
    ax.set_xticks(range(0, m, step), [str(j) for j in range(0, m, step)], fontsize=7)
    ax.set_xlabel(f"{derivative.name}: sentence number\n(grey bar on top: addition)")
    ax.set_ylabel("base sentence (grey bar: omitted)")
    s = derivative.summary
    verdict = f" - {s.verdict} ({s.kind}), coverage {s.coverage:.2f}" if s else ""
    ax.set_title(f"{derivative.name} vs base{verdict}\n"
                 "boxes: alignment (red: flagged change, dashed: moved)", fontsize=9)
    fig.colorbar(im, ax=ax, label="cosine similarity", shrink=0.8)
    _signature(fig, comparison.signature, size[0])
    return fig


def overview_matrix(comparison: Comparison) -> np.ndarray:
    """``(n_base, n_derivatives)`` drift of each base sentence in each derivative; NaN where
    the sentence is omitted."""
    n = len(comparison.base.sentences)
    mat = np.full((n, len(comparison.derivatives)), np.nan)
    for k, d in enumerate(comparison.derivatives):
        for p in d.pairs:
            if p.drift is not None:
                for i in p.base:
                    mat[i, k] = p.drift
    return mat


def plot_overview(comparison: Comparison, ax: Axes | None = None, vmax: float = 0.5) -> Figure:
    """Base sentences (rows) x derivatives (columns) coloured by drift; omissions grey with
    an x, moved sentences marked with M."""
    import matplotlib as mpl

    mat = overview_matrix(comparison)
    n, k = mat.shape
    size = (6.5 + 1.3 * k, 2.2 + 0.3 * n)
    fig, ax = _figure(ax, size)
    cmap = mpl.colormaps["magma_r"].with_extremes(bad=OMITTED_COLOR)
    im = ax.imshow(np.ma.masked_invalid(mat), cmap=cmap, vmin=0.0, vmax=vmax, aspect="auto",
                   interpolation="nearest")
    box = {"boxstyle": "round,pad=0.15", "facecolor": "white", "edgecolor": "none", "alpha": 0.85}
    for c, d in enumerate(comparison.derivatives):
        moved = {i for p in d.pairs if p.moved for i in p.base}
        flags: dict[int, list[str]] = {}
        for p in d.pairs:
            for i in p.base:
                flags.setdefault(i, []).extend(f for f in p.flags if f != "formatting")
        for r in range(n):
            if np.isnan(mat[r, c]):
                ax.text(c, r, "×", ha="center", va="center", fontsize=9, color="#555555")
                continue
            note = ("M " if r in moved else "") + _flag_codes(flags.get(r, []))
            if note:
                ax.text(c, r, note.strip(), ha="center", va="center", fontsize=6,
                        color="#111111", bbox=box)
    base = comparison.base.sentences
    ax.set_yticks(range(n), [f"{i}  {shorten(base[i].text)}" for i in range(n)], fontsize=7)
    labels = [f"{d.name}\n{d.summary.verdict}, {d.summary.kind}\ncoverage {d.summary.coverage:.2f}"
              if d.summary
              else d.name for d in comparison.derivatives]
    ax.set_xticks(range(k), labels, fontsize=7, rotation=20, ha="right")
    legend = ("grey ×: omitted   M: moved   letters: flagged changes "
              f"({', '.join(f'{v}={k}' for k, v in FLAG_CODES.items())})")
    # one line fits from about four derivatives up; narrower figures wrap it (about 10 chars/in)
    width = len(legend) if size[0] >= 11 else int(size[0] * 10)
    ax.set_title("Drift of each base sentence in each derivative\n"
                 + textwrap.fill(legend, width), fontsize=8)
    fig.colorbar(im, ax=ax, label=f"drift ({comparison.config.get('drift', 'cosine')})",
                 shrink=0.8, extend="max")
    _signature(fig, comparison.signature, size[0])
    return fig


def _signature(fig: Figure, signature: str, width_in: float) -> None:
    """The run's signature in small grey type at the bottom left, wrapped to the figure's
    width (about 28 characters an inch at this size)."""
    # supxlabel takes part in the constrained layout, so the axes labels keep clear of it
    fig.supxlabel(textwrap.fill(signature, max(40, int(width_in * 28))), x=0.005, ha="left",
                  fontsize=5, color="#666666")
