"""The families as a graph (networkx) and as a picture (matplotlib, imported only here)."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

from drift._optional import import_optional

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from drift.match.run import MatchResult

__all__ = ["family_graph", "plot_families", "KIND_COLOURS"]

KIND_COLOURS = {"copy": "#1f77b4", "excerpt": "#2ca02c", "translation": "#d62728",
                "round-trip": "#9467bd", "rewrite": "#ff7f0e", "independent": "#7f7f7f"}


def family_graph(result: MatchResult) -> Any:
    """A ``networkx.DiGraph``: a node per article in a family (its metadata, family and role
    as attributes), an edge per derivation (kind, verdict, p_derived, provenance, direction,
    linked_by)."""
    nx = import_optional("networkx", "match", "the families graph")
    g = nx.DiGraph(signature=result.signature)
    for row in result.articles:
        if row["role"] != "alone":
            g.add_node(row["id"], **{k: "" if v is None else v for k, v in row.items()
                                     if k != "id"})
    for e in result.edges:
        g.add_edge(e["source"], e["target"], kind=e["kind"], verdict=e["verdict"],
                   p_derived=float(e["p_derived"]), provenance=e["provenance"],
                   direction=e["direction"], linked_by=e["linked_by"])
    return g


def _tree_layout(members: list[str], edges: list[tuple[str, str]]) -> dict[str, tuple[float,
                                                                                      float]]:
    """Root on top, each generation a row below, children spread in placing order."""
    depth = {members[0]: 0}
    children: dict[str, list[str]] = {}
    for s, t in edges:
        children.setdefault(s, []).append(t)
    for m in members[1:]:
        parent = next((s for s, t in edges if t == m), members[0])
        depth[m] = depth.get(parent, 0) + 1
    rows: dict[int, list[str]] = {}
    for m in members:
        rows.setdefault(depth[m], []).append(m)
    pos = {}
    for d, row in rows.items():
        for i, m in enumerate(row):
            pos[m] = ((i + 0.5) / len(row), -float(d))
    return pos


def plot_families(result: MatchResult, ax: Axes | None = None, most: int = 24) -> Figure:
    """The ``most`` largest families, one tree each (root on top, colour = kind of the edge
    into the article), in a grid. Returns the Figure; never shows it."""
    import matplotlib.pyplot as plt

    fams = sorted(result.families, key=lambda f: (-len(f["members"]), f["family"]))[:most]
    if ax is None:
        cols = max(1, min(4, len(fams)))
        rows = max(1, math.ceil(len(fams) / cols))
        fig, ax = plt.subplots(figsize=(max(7.0, 3.6 * cols), 2.8 * rows + 1.0))
    else:
        fig = ax.get_figure(root=True)  # type: ignore[assignment]
        cols = max(1, min(4, len(fams)))
    ax.set_axis_off()
    title = f"{len(result.families)} families"
    if len(result.families) > len(fams):
        title += f" (the {len(fams)} largest shown)"
    ax.set_title(title + " (black: root; colour: kind of derivation)", fontsize=9)
    kind_of = {e["target"]: e["kind"] for e in result.edges}
    for n, f in enumerate(fams):
        cx, cy = n % cols, -(n // cols)
        pos = _tree_layout(f["members"], [(e["source"], e["target"]) for e in f["edges"]])
        depth = max(1.0, max(-y for _, y in pos.values()))
        place = {m: (cx + 0.1 + 0.8 * x, cy * 1.3 - 0.15 + 0.75 * y / depth)
                 for m, (x, y) in pos.items()}
        for e in f["edges"]:
            (x0, y0), (x1, y1) = place[e["source"]], place[e["target"]]
            ax.annotate("", (x1, y1), (x0, y0),
                        arrowprops={"arrowstyle": "->", "color": "#555", "lw": 0.8})
        for m, (x, y) in place.items():
            colour = "black" if m == f["root"] else KIND_COLOURS.get(kind_of.get(m, ""), "#999")
            ax.plot([x], [y], "o", color=colour, ms=7)
            label = m if len(m) <= 22 else m[:20] + "…"
            shift = 0.07 + 0.08 * (sorted(place).index(m) % 2 if len(place) > 3 else 0)
            ax.text(x, y - shift, label, ha="center", va="top", fontsize=6)
    handles = [plt.Line2D([], [], marker="o", ls="", color=c, label=k)
               for k, c in KIND_COLOURS.items() if k != "independent"]
    ax.legend(handles=handles, loc="upper center", fontsize=7, frameon=False,
              bbox_to_anchor=(0.5, 0.0), ncol=len(handles))
    ax.set_xlim(-0.05, cols + 0.05)
    ax.set_ylim(-1.3 * max(1, math.ceil(len(fams) / cols)) + 0.1, 0.15)
    fig.tight_layout()
    return fig
