"""Reports: terminal table, CSV, JSON, PNG heatmaps and a self-contained HTML page.

:func:`write_report` renders everything in memory first and then moves the files into place
(``os.replace``), ``report.json`` last: a run that fails leaves no half-written report.
"""

from __future__ import annotations

import base64
import csv
import io
import json
import os
import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from drift.result import Comparison

__all__ = ["pair_rows", "summary_table", "summary_html", "render_html", "write_report",
           "CSV_COLUMNS", "atomic_write"]

CSV_COLUMNS = ["derivative", "base_idx", "derivative_idx", "label", "similarity", "drift",
               "lexical", "moved", "flags", "changes", "base_text", "derivative_text",
               "signature"]


def _fmt(x: float | None, nd: int = 3) -> str:
    return "" if x is None else f"{x:.{nd}f}"


def pair_rows(comparison: Comparison) -> list[dict[str, Any]]:
    """One flat dict per pair of every derivative (the CSV rows)."""
    base = comparison.base.sentences
    rows = []
    for d in comparison.derivatives:
        for p in d.pairs:
            rows.append({
                "derivative": d.path,
                "base_idx": " ".join(map(str, p.base)),
                "derivative_idx": " ".join(map(str, p.derivative)),
                "label": p.label,
                "similarity": _fmt(p.similarity, 4),
                "drift": _fmt(p.drift, 4),
                "lexical": _fmt(p.lexical, 4),
                "moved": int(p.moved),
                "flags": " ".join(p.flags),
                "changes": json.dumps([dict(c) for c in p.changes], ensure_ascii=False)
                if p.changes else "",
                "base_text": " ".join(base[i].text for i in p.base),
                "derivative_text": " ".join(d.sentences[j].text for j in p.derivative),
                "signature": comparison.signature,
            })
    return rows


def csv_text(comparison: Comparison) -> str:
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=CSV_COLUMNS, lineterminator="\n")
    w.writeheader()
    w.writerows(pair_rows(comparison))
    return buf.getvalue()


def summary_table(comparison: Comparison) -> str:
    """A fixed-width table: one line per derivative, then the signature."""
    head = ("derivative", "verdict", "kind", "coverage", "support", "mean drift", "worst",
            "pairs", "omitted", "added", "moved")
    rows = []
    for d in comparison.derivatives:
        s = d.summary
        assert s is not None
        rows.append((d.name, s.verdict, s.kind, f"{s.coverage:.2f}", f"{s.support:.2f}",
                     _fmt(s.mean_drift),
                     _fmt(s.max_drift), str(s.n_pairs), str(s.n_omissions), str(s.n_additions),
                     str(s.n_moved)))
    widths = [max(len(r[c]) for r in [head, *rows]) for c in range(len(head))]
    lines = ["  ".join(v.ljust(w) if c < 3 else v.rjust(w) for c, (v, w)
                       in enumerate(zip(r, widths))) for r in [head, *rows]]
    lines.insert(1, "  ".join("-" * w for w in widths))
    nb = len(comparison.base.sentences)
    lines.append("")
    lines.append(f"base: {comparison.base.path} ({nb} sentences, "
                 f"{len(comparison.base.removed)} lines of furniture removed)")
    lines.append(f"signature: {comparison.signature}")
    return "\n".join(lines)


def highlight(text: str, changes: Sequence[Mapping[str, Any]], side: str) -> str:
    """HTML of ``text`` with the changed spans of one side marked (``side``: base or derivative).

    Each span becomes ``<span class="chg chg-KIND" title="...">``; everything is escaped.

    >>> highlight("It backed him.", [{"kind": "substitute", "base": "It", "derivative": "She",
    ...     "base_span": [0, 2], "deriv_span": [0, 3], "flags": ["pronoun"]}], "base")
    '<span class="chg chg-substitute" title="substitute: It → She (pronoun)">It</span> backed him.'
    """
    from html import escape

    key = "base_span" if side == "base" else "deriv_span"
    spans = sorted((c[key][0], c[key][1], c) for c in changes
                   if c.get(key) and 0 <= c[key][0] < c[key][1] <= len(text))
    out, pos = [], 0
    for start, end, c in spans:
        if start < pos:  # overlapping spans: keep the first
            continue
        flags = f" ({', '.join(c.get('flags') or [])})" if c.get("flags") else ""
        title = f"{c['kind']}: {c.get('base', '')} → {c.get('derivative', '')}{flags}"
        out.append(escape(text[pos:start]))
        out.append(f'<span class="chg chg-{escape(c["kind"])}" title="{escape(title)}">'
                   f"{escape(text[start:end])}</span>")
        pos = end
    out.append(escape(text[pos:]))
    return "".join(out)


def _env():
    from jinja2 import Environment, PackageLoader, select_autoescape

    env = Environment(loader=PackageLoader("drift", "templates"),
                      autoescape=select_autoescape(["html"]), trim_blocks=True,
                      lstrip_blocks=True)
    env.filters["f3"] = lambda x: "" if x is None else f"{x:.3f}"
    env.globals["highlight"] = highlight
    # the pair text the change spans refer to (drift.pipeline.score_alignment joins the same way)
    env.globals["join_text"] = lambda idx, sents: " ".join(sents[i].text for i in idx)
    return env


def summary_html(comparison: Comparison) -> str:
    """The summary table as an HTML fragment (for notebooks)."""
    return _env().get_template("summary.html").render(c=comparison)


def _png(fig) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=110)
    return buf.getvalue()


def render_html(comparison: Comparison, images: dict[str, bytes]) -> str:
    """A self-contained HTML report (heatmaps embedded as data URIs)."""
    embedded = {k: base64.b64encode(v).decode("ascii") for k, v in images.items()}
    per_derivative = [embedded.get(_alignment_png(k, d.name))
                      for k, d in enumerate(comparison.derivatives)]
    return _env().get_template("report.html").render(
        c=comparison, overview=embedded.get("overview.png"), alignments=per_derivative,
        summary=summary_html(comparison))


def _safe_name(name: str) -> str:
    return "".join(ch if ch.isalnum() or ch in "-_." else "_" for ch in name) or "derivative"


_UMASK = os.umask(0)
os.umask(_UMASK)


def atomic_write(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.chmod(tmp, 0o666 & ~_UMASK)  # mkstemp makes 0600; give the usual permissions
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _alignment_png(k: int, name: str) -> str:
    return f"alignment-{k + 1:02d}-{_safe_name(name)}.png"


def render_files(comparison: Comparison, plots: bool = True) -> dict[str, bytes]:
    """Every report file, rendered in memory: name -> bytes (``report.json`` last)."""
    files: dict[str, bytes] = {}
    images: dict[str, bytes] = {}
    if plots:
        import matplotlib

        matplotlib.use("Agg", force=False)
        images["overview.png"] = _png(comparison.plot_overview())
        for k, d in enumerate(comparison.derivatives):
            images[_alignment_png(k, d.name)] = _png(comparison.plot_alignment(k))
    files.update(images)
    files["pairs.csv"] = csv_text(comparison).encode("utf-8")
    files["report.html"] = render_html(comparison, images).encode("utf-8")
    files["report.json"] = comparison.to_json().encode("utf-8")
    return files


def write_report(comparison: Comparison, out_dir: str | os.PathLike[str], plots: bool = True
                 ) -> list[Path]:
    """Render all files, then move them into ``out_dir`` (created if needed).

    Returns:
        the paths written, ``report.json`` last.
    """
    files = render_files(comparison, plots)  # any failure happens before anything is written
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, data in files.items():
        atomic_write(out / name, data)
        written.append(out / name)
    return written
