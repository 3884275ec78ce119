"""The HTML views: a self-contained report page, and the fragments a notebook shows.

All render the ``report.json`` structure (:meth:`drift.result.Comparison.to_dict`) or, for one
derivative, its entry in it, so a report can be rendered again from a saved ``report.json``.
Every text from an article is escaped (Jinja autoescape, and :func:`highlight` escapes what it
marks), and the report page runs no script and loads nothing from outside.
"""

from __future__ import annotations

import base64
from collections.abc import Mapping, Sequence
from functools import lru_cache
from html import escape
from typing import Any

__all__ = ["highlight", "flag_evidence", "summary_html", "render_html", "comparison_html",
           "derivative_html", "OPEN_SECTIONS_UP_TO"]


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


def flag_evidence(pair: Mapping[str, Any], flag: str) -> str:
    """What justifies ``flag`` on a pair, one line per finding: ``base → derivative (rule)``
    (plain text; Jinja escapes it in the ``title`` attribute).

    >>> flag_evidence({"evidence": [{"flag": "pronoun", "base": "It", "derivative": "She",
    ...                "rule": "another pronoun"}]}, "pronoun")
    'It → She (another pronoun)'
    """
    lines = []
    for ev in pair.get("evidence") or []:
        if ev.get("flag") == flag:
            rule = f" ({ev['rule']})" if ev.get("rule") else ""
            lines.append(f"{ev.get('base') or '∅'} → {ev.get('derivative') or '∅'}{rule}")
    return "\n".join(lines)


def _fmt(decimals: int) -> Any:
    def fmt(x: Any) -> str:
        return f"{x:.{decimals}f}" if isinstance(x, (int, float)) else ""
    return fmt


#: up to this many derivatives, the report opens every derivative's heatmap and pairs; above
#: it they start collapsed (a click on the section's summary line opens them)
OPEN_SECTIONS_UP_TO = 5


@lru_cache(maxsize=1)
def _env() -> Any:
    from jinja2 import Environment, PackageLoader, select_autoescape

    env = Environment(loader=PackageLoader("drift.report", "templates"),
                      autoescape=select_autoescape(["html"]), trim_blocks=True,
                      lstrip_blocks=True)
    env.filters["f2"] = _fmt(2)
    env.filters["f3"] = _fmt(3)
    env.globals["highlight"] = highlight
    env.globals["flag_evidence"] = flag_evidence
    # the pair text the change spans refer to (drift.pipeline joins sentences the same way)
    env.globals["join_text"] = lambda idx, sents: " ".join(sents[i] for i in idx)
    return env


def _b64(png: bytes | None) -> str | None:
    return base64.b64encode(png).decode("ascii") if png else None


def summary_html(report: Mapping[str, Any], links: bool = False) -> str:
    """The summary table as an HTML fragment, one row per derivative.

    Args:
        report: the ``report.json`` structure.
        links: link each derivative's name to its section of the report page (``#dK``).
    """
    return str(_env().get_template("summary.html").render(c=report, links=links))


def comparison_html(report: Mapping[str, Any], overview: bytes | None = None) -> str:
    """A comparison in a notebook: the summary table and the overview heatmap (PNG, inline as
    a data URI), in one ``<div class="drift">`` with its own scoped style."""
    return str(_env().get_template("comparison.html").render(
        c=report, summary=summary_html(report), overview=_b64(overview)))


def derivative_html(derivative: Mapping[str, Any], base_sentences: Sequence[str] | None,
                    signature: str = "") -> str:
    """One derivative in a notebook: its aligned pairs side by side with the changed words
    marked, as in the report page.

    Args:
        derivative: one entry of the report's ``derivatives`` list.
        base_sentences: the base's sentences, or None where they are not known (the base
            column then gives sentence numbers only).
        signature: the run's signature, shown in small print when given.
    """
    return str(_env().get_template("derivative.html").render(
        d=derivative, base=None if base_sentences is None else list(base_sentences),
        signature=signature))


def render_html(report: Mapping[str, Any], overview: bytes | None = None,
                alignments: Sequence[bytes | None] = ()) -> str:
    """A self-contained HTML report, the heatmaps embedded as data URIs.

    The page runs no script and loads nothing (a Content-Security-Policy says so to the
    browser); its summary links to a section per derivative, whose heatmap and pairs start
    collapsed when there are more than :data:`OPEN_SECTIONS_UP_TO` derivatives.

    Args:
        report: the ``report.json`` structure.
        overview: PNG of the overview heatmap, or None.
        alignments: per derivative, the PNG of its alignment heatmap or None.
    """
    n = len(report["derivatives"])
    per_derivative = [_b64(a) for a in alignments] + [None] * (n - len(alignments))
    return str(_env().get_template("report.html").render(
        c=report, overview=_b64(overview), alignments=per_derivative,
        summary=summary_html(report, links=True), open_sections=n <= OPEN_SECTIONS_UP_TO))
