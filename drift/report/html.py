"""The HTML views: a self-contained report page and the summary fragment for notebooks.

Both render the ``report.json`` structure (:meth:`drift.result.Comparison.to_dict`), so a
report can be rendered again from a saved ``report.json``. Every text from an article is
escaped (Jinja autoescape, and :func:`highlight` escapes what it marks).
"""

from __future__ import annotations

import base64
from collections.abc import Mapping, Sequence
from functools import lru_cache
from html import escape
from typing import Any

__all__ = ["highlight", "summary_html", "render_html"]


def highlight(text: str, changes: Sequence[Mapping[str, Any]], side: str) -> str:
    """HTML of ``text`` with the changed spans of one side marked (``side``: base or derivative).

    Each span becomes ``<span class="chg chg-KIND" title="...">``; everything is escaped. Where
    spans overlap, the one that starts first (then the longer one, then the first listed) is
    marked and the others are left out.

    >>> highlight("It backed him.", [{"kind": "substitute", "base": "It", "derivative": "She",
    ...     "base_span": [0, 2], "deriv_span": [0, 3], "flags": ["pronoun"]}], "base")
    '<span class="chg chg-substitute" title="substitute: It → She (pronoun)">It</span> backed him.'
    """
    key = "base_span" if side == "base" else "deriv_span"
    spans = sorted(
        ((c[key][0], -c[key][1], k) for k, c in enumerate(changes)
         if c.get(key) and 0 <= c[key][0] < c[key][1] <= len(text)))
    out, pos = [], 0
    for start, neg_end, k in spans:
        if start < pos:  # overlaps a span already marked
            continue
        c, end = changes[k], -neg_end
        flags = f" ({', '.join(c.get('flags') or [])})" if c.get("flags") else ""
        title = f"{c['kind']}: {c.get('base', '')} → {c.get('derivative', '')}{flags}"
        out.append(escape(text[pos:start]))
        out.append(f'<span class="chg chg-{escape(str(c["kind"]))}" title="{escape(title)}">'
                   f"{escape(text[start:end])}</span>")
        pos = end
    out.append(escape(text[pos:]))
    return "".join(out)


def _f3(x: float | None) -> str:
    return "" if x is None else f"{x:.3f}"


@lru_cache(maxsize=1)
def _env() -> Any:
    from jinja2 import Environment, PackageLoader, select_autoescape

    env = Environment(loader=PackageLoader("drift.report", "templates"),
                      autoescape=select_autoescape(["html"]), trim_blocks=True,
                      lstrip_blocks=True)
    env.filters["f3"] = _f3
    env.globals["highlight"] = highlight
    # the pair text the change spans refer to (drift.pipeline joins sentences the same way)
    env.globals["join_text"] = lambda idx, sents: " ".join(sents[i] for i in idx)
    return env


def summary_html(report: Mapping[str, Any]) -> str:
    """The summary table as an HTML fragment (for notebooks)."""
    return str(_env().get_template("summary.html").render(c=report))


def render_html(report: Mapping[str, Any], overview: bytes | None = None,
                alignments: Sequence[bytes | None] = ()) -> str:
    """A self-contained HTML report, the heatmaps embedded as data URIs.

    Args:
        report: the ``report.json`` structure.
        overview: PNG of the overview heatmap, or None.
        alignments: per derivative, the PNG of its alignment heatmap or None.
    """
    def b64(png: bytes | None) -> str | None:
        return base64.b64encode(png).decode("ascii") if png else None

    per_derivative = [b64(a) for a in alignments] + [None] * (
        len(report["derivatives"]) - len(alignments))
    return str(_env().get_template("report.html").render(
        c=report, overview=b64(overview), alignments=per_derivative,
        summary=summary_html(report)))
