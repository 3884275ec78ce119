"""Heatmaps from arrays and texts. Every function takes ``ax=None``, returns the Figure and never
calls ``plt.show()`` or switches the matplotlib backend.

The functions know nothing of drift's result objects: :class:`drift.result.Comparison` builds
their inputs (:meth:`~drift.result.Comparison.plot_overview`,
:meth:`~drift.result.Comparison.plot_alignment`). Text is drawn as written: ``$`` never starts
maths, and glyphs missing from DejaVu Sans (Chinese, Japanese, Korean...) come from a fallback
font when one is installed (:data:`FALLBACK_FONTS`).
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, NamedTuple

import numpy as np

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

__all__ = ["plot_alignment", "plot_overview", "shorten", "BeadBox", "FLAG_CODES",
           "FALLBACK_FONTS", "flag_codes"]

OMITTED_COLOR = "#d9d9d9"
# one-letter codes for the flags of drift.score.explain, drawn in overview cells
FLAG_CODES = {"pronoun": "P", "entity": "E", "number": "N", "date": "D", "negation": "G",
              "attribution": "A", "tense": "T", "spelling": "S", "omission": "o",
              "addition": "a"}
#: font families tried, in order, for glyphs DejaVu Sans lacks (Debian: fonts-noto-cjk,
#: fonts-droid-fallback, fonts-wqy-microhei)
FALLBACK_FONTS = ("DejaVu Sans", "Noto Sans CJK JP", "Noto Sans CJK SC", "Droid Sans Fallback",
                  "WenQuanYi Micro Hei", "Noto Sans Arabic", "Noto Sans")


class BeadBox(NamedTuple):
    """One bead drawn on an alignment heatmap: sentence indices on each side (empty for an
    omission or addition), whether it was matched out of order, whether a change was
    flagged."""

    base: tuple[int, ...]
    derivative: tuple[int, ...]
    moved: bool = False
    flagged: bool = False


def flag_codes(flags: Sequence[str]) -> str:
    """Compact letters for a cell, most meaning-changing first: ``['date', 'tense'] -> 'DT'``."""
    return "".join(code for flag, code in FLAG_CODES.items() if flag in flags)


def shorten(text: str, width: int = 48) -> str:
    """Cut a sentence to ``width`` characters with an ellipsis.

    >>> shorten("Russia has long blamed the West for fomenting colour revolutions", 20)
    'Russia has long bla…'
    """
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def _plain(text: str) -> str:
    """Text drawn as written: ``$`` escaped so that matplotlib does not parse maths."""
    return text.replace("$", r"\$")


@contextmanager
def _style() -> Iterator[None]:
    """drift's plot settings, for the figures made inside only (the caller's rcParams stay)."""
    import matplotlib as mpl
    from matplotlib import font_manager

    installed = {f.name for f in font_manager.fontManager.ttflist}
    families = [f for f in FALLBACK_FONTS if f in installed] or ["DejaVu Sans"]
    with mpl.rc_context({"font.family": families}):
        yield


def _figure(ax: Axes | None, size: tuple[float, float]) -> tuple[Figure, Axes]:
    if ax is not None:
        return ax.figure, ax  # type: ignore[return-value]
    from matplotlib.figure import Figure

    fig = Figure(figsize=size, layout="constrained")
    return fig, fig.add_subplot()


def plot_alignment(similarity: np.ndarray, beads: Sequence[BeadBox], base_labels: Sequence[str],
                   derivative_name: str, *, title: str = "", signature: str = "",
                   shape: tuple[int, int] | None = None, ax: Axes | None = None) -> Figure:
    """Base x derivative cosine similarity matrix with the alignment drawn over it.

    Args:
        similarity: ``(n, m)`` sentence cosine similarities.
        beads: the alignment; aligned beads are outlined (red when a change was flagged,
            dashed when matched out of order), omitted base sentences get a grey bar on the
            left, added derivative sentences one on top.
        base_labels: ``n`` labels for the rows (the base sentences).
        derivative_name: names the columns.
        title: first title line (the verdict); signature: small print at the bottom.
        shape: ``(n, m)`` when ``similarity`` is empty (not kept for very long documents):
            the alignment is drawn on a blank background.
    """
    from matplotlib.patches import Rectangle

    sim = np.asarray(similarity, dtype=np.float64)
    kept = sim.size > 0 or shape is None
    n, m = sim.shape if kept else shape  # type: ignore[misc]
    size = (min(4 + 0.28 * m, 22), min(2.5 + 0.28 * n, 22))
    with _style():
        fig, ax = _figure(ax, size)
        im = None
        if kept:
            im = ax.imshow(sim, cmap="viridis", vmin=0.0, vmax=1.0, aspect="auto",
                           interpolation="nearest")
        else:
            ax.set_xlim(-0.5, m - 0.5)
            ax.set_ylim(n - 0.5, -0.5)
            ax.set_facecolor("#f4f4f4")
            title += f" (similarity matrix not kept: {n} x {m} sentences)"
        for b in beads:
            if b.base and b.derivative:
                i0, j0 = min(b.base), min(b.derivative)
                h, w = max(b.base) - i0 + 1, max(b.derivative) - j0 + 1
                ax.add_patch(Rectangle((j0 - 0.5, i0 - 0.5), w, h, fill=False,
                                       edgecolor="#ff3b30" if b.flagged else
                                       ("white" if kept else "#333333"),
                                       linewidth=2.0, linestyle="--" if b.moved else "-"))
            elif b.base:
                for i in b.base:
                    ax.add_patch(Rectangle((-0.5, i - 0.5), 0.25, 1, color="#bbbbbb",
                                           clip_on=False))
            else:
                for j in b.derivative:
                    ax.add_patch(Rectangle((j - 0.5, -0.5), 1, 0.25, color="#bbbbbb",
                                           clip_on=False))
        step_y = max(1, n // 80)
        ax.set_yticks(range(0, n, step_y),
                      [_plain(f"{i}  {shorten(base_labels[i], 40)}") for i in range(0, n, step_y)],
                      fontsize=7)
        step = max(1, m // 40)
        ax.set_xticks(range(0, m, step), [str(j) for j in range(0, m, step)], fontsize=7)
        ax.set_xlabel(_plain(f"{derivative_name}: sentence number\n(grey bar on top: addition)"))
        ax.set_ylabel("base sentence (grey bar: omitted)")
        ax.set_title(_plain(f"{derivative_name} vs base{title}\n")
                     + "boxes: alignment (red: flagged change, dashed: moved)", fontsize=9)
        if im is not None:
            fig.colorbar(im, ax=ax, label="cosine similarity", shrink=0.8)
        _signature(fig, signature, size[0])
    return fig


def plot_overview(drift: np.ndarray, base_labels: Sequence[str], columns: Sequence[str],
                  notes: Sequence[Sequence[str]] | None = None, *, drift_name: str = "drift",
                  signature: str = "", ax: Axes | None = None, vmax: float = 0.5) -> Figure:
    """Base sentences (rows) x derivatives (columns) coloured by drift.

    Args:
        drift: ``(n, k)`` drift of each base sentence in each derivative, NaN where omitted
            (drawn grey with an x).
        base_labels: ``n`` row labels (the base sentences).
        columns: ``k`` column labels (derivative name, verdict, kind...).
        notes: ``(n, k)`` short text per cell (``M`` for moved, flag letters), or None.
        drift_name: the drift score, for the colour bar.
    """
    import matplotlib as mpl

    mat = np.asarray(drift, dtype=np.float64)
    n, k = mat.shape
    size = (6.5 + 1.3 * k, 2.2 + 0.3 * n)
    with _style():
        fig, ax = _figure(ax, size)
        cmap = mpl.colormaps["magma_r"].with_extremes(bad=OMITTED_COLOR)
        im = ax.imshow(np.ma.masked_invalid(mat), cmap=cmap, vmin=0.0, vmax=vmax, aspect="auto",
                       interpolation="nearest")
        box = {"boxstyle": "round,pad=0.15", "facecolor": "white", "edgecolor": "none",
               "alpha": 0.85}
        for c in range(k):
            for r in range(n):
                if np.isnan(mat[r, c]):
                    ax.text(c, r, "×", ha="center", va="center", fontsize=9, color="#555555")
                elif notes is not None and notes[r][c]:
                    ax.text(c, r, _plain(notes[r][c]), ha="center", va="center", fontsize=6,
                            color="#111111", bbox=box)
        ax.set_yticks(range(n), [_plain(f"{i}  {shorten(base_labels[i])}") for i in range(n)],
                      fontsize=7)
        ax.set_xticks(range(k), [_plain(c) for c in columns], fontsize=7, rotation=20,
                      ha="right")
        legend = ("grey ×: omitted   M: moved   letters: flagged changes "
                  f"({', '.join(f'{v}={k}' for k, v in FLAG_CODES.items())})")
        # one line fits from about four derivatives up; narrower figures wrap it (~10 chars/in)
        width = len(legend) if size[0] >= 11 else int(size[0] * 10)
        ax.set_title("Drift of each base sentence in each derivative\n"
                     + textwrap.fill(legend, width), fontsize=8)
        fig.colorbar(im, ax=ax, label=_plain(f"drift ({drift_name})"), shrink=0.8,
                     extend="max")
        _signature(fig, signature, size[0])
    return fig


def _signature(fig: Figure, signature: str, width_in: float) -> None:
    """The run's signature in small grey type at the bottom left, wrapped to the figure's
    width (about 28 characters an inch at this size)."""
    if not signature:
        return
    # supxlabel takes part in the constrained layout, so the axes labels keep clear of it
    fig.supxlabel(_plain(textwrap.fill(signature, max(40, int(width_in * 28)))), x=0.005,
                  ha="left", fontsize=5, color="#666666")
