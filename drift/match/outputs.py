"""The files of ``drift match --out DIR``, rendered in memory and swapped in as one unit.

| file | what |
|---|---|
| ``manifest.jsonl`` | a ``drift batch`` group per family: root as base, the others derived |
| ``edges.csv``, ``edges.parquet`` | one row per derivation edge (:data:`EDGE_COLUMNS`) |
| ``articles.csv`` | one row per article: family, role, parent, metadata |
| ``candidates.csv`` | every candidate pair, with what verification said |
| ``families.json`` | families, roots (and why), members and edges with their provenance |
| ``families.graphml`` | the directed graph (networkx), for Gephi or Cytoscape |
| ``families.png`` | a picture of the families |
| ``overview.html`` | the families, the picture and the edges in one page |
| ``match.json`` | the signature, the settings and the counts and seconds of each stage |
| ``articles/`` | the text of every family member read from a JSONL record (the manifest's paths) |
| ``index/`` | the incremental index (carried into the new folder, never rewritten) |

The new folder is written beside ``DIR`` and replaces it in one exchange
(:func:`drift.report.files.write_folder`); the index files are hard-linked into it, not
copied. CSV cells that start with ``= + - @`` (or a tab or carriage return) get a leading
``'`` so that a spreadsheet does not run them as formulas.
"""

from __future__ import annotations

import html
import io
import json
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from drift.errors import DriftError
from drift.match.corpus import Article
from drift.match.run import ARTICLE_COLUMNS, EDGE_COLUMNS, MatchResult

__all__ = ["render_match_files", "write_match", "check_match_destination", "csv_safe",
           "MATCH_FILES"]

#: what ``drift match`` writes into DIR (a folder holding anything else is not replaced)
MATCH_FILES = re.compile(r"^(manifest\.jsonl|edges\.csv|edges\.parquet|articles\.csv|"
                         r"candidates\.csv|families\.json|families\.graphml|families\.png|"
                         r"overview\.html|match\.json|articles|index|batch)$")
CANDIDATE_COLUMNS = ["a", "b", "matched", "margin", "shared", "containment", "p_derived",
                     "derived"]


def csv_safe(cell: str) -> str:
    """A CSV cell a spreadsheet shows as text: a leading ``'`` before ``= + - @``, tab or CR.

    >>> csv_safe("=HYPERLINK(1)"), csv_safe("-0.5"), csv_safe("plain")
    ("'=HYPERLINK(1)", "'-0.5", 'plain')
    """
    return "'" + cell if cell[:1] in ("=", "+", "-", "@", "\t", "\r") else cell


def _csv(columns: Sequence[str], rows: Sequence[Mapping[str, Any]]) -> bytes:
    from drift.report.tables import format_csv, format_value

    safe = [{c: csv_safe(format_value(r.get(c))) for c in columns} for r in rows]
    return format_csv(list(columns), safe).encode("utf-8")


def _parquet(rows: Sequence[Mapping[str, Any]]) -> bytes | None:
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:
        return None
    floats = {"p_derived", "coverage", "support", "mean_drift"}
    schema = pa.schema([(c, pa.float64() if c in floats else
                         pa.int64() if c == "matched_sentences" else pa.string())
                        for c in EDGE_COLUMNS])
    table = pa.Table.from_pylist([{c: r.get(c) for c in EDGE_COLUMNS} for r in rows],
                                 schema=schema)
    sink = pa.BufferOutputStream()
    pq.write_table(table, sink, compression="zstd")
    return bytes(sink.getvalue().to_pybytes())


def _safe_id(text: str) -> str:
    out = re.sub(r"[^A-Za-z0-9._-]+", "_", text).strip("._")[:100]
    return out or "family"


def _manifest(result: MatchResult, paths: Mapping[str, str]) -> bytes:
    lines, used = [], set()
    for f in result.families:
        gid = _safe_id(f["family"])
        k, base_id = 2, gid
        while gid in used:
            gid, k = f"{base_id}-{k}", k + 1
        used.add(gid)
        derivs = [m for m in f["members"] if m != f["root"]]
        lines.append(json.dumps({"id": gid, "base": paths[f["root"]],
                                 "derivatives": [paths[m] for m in derivs],
                                 "root": f["root"], "derivative_ids": derivs},
                                ensure_ascii=False))
    return "".join(line + "\n" for line in lines).encode("utf-8")


def _member_paths(result: MatchResult, articles: Sequence[Article], out: Path
                  ) -> tuple[dict[str, str], dict[str, bytes]]:
    """Manifest path of every family member; the text files of those read from records."""
    members = {m for f in result.families for m in f["members"]}
    paths: dict[str, str] = {}
    texts: dict[str, bytes] = {}
    for a in articles:
        if a.id not in members:
            continue
        src = Path(a.source)
        if src.is_file() and src.suffix.lower() not in (".jsonl", ".ndjson") and \
                ":" not in a.source.rsplit("/", 1)[-1]:
            paths[a.id] = str(src.resolve())
        else:
            name = f"{len(texts):06d}-{_safe_id(a.id)[:60]}.txt"
            texts[name] = (a.document.text + "\n").encode("utf-8")
            paths[a.id] = f"articles/{name}"
    return paths, texts


def render_match_files(result: MatchResult, articles: Sequence[Article], out: Path,
                       plots: bool = True) -> tuple[dict[str, bytes], dict[str, bytes]]:
    """Every output file in memory: ``(files, article texts)`` (see the module docstring)."""
    paths, texts = _member_paths(result, articles, out)
    files: dict[str, bytes] = {
        "manifest.jsonl": _manifest(result, paths),
        "edges.csv": _csv(EDGE_COLUMNS, result.edges),
        "articles.csv": _csv(ARTICLE_COLUMNS, result.articles),
        "candidates.csv": _csv(CANDIDATE_COLUMNS, result.candidates),
        "families.json": json.dumps({"signature": result.signature,
                                     "families": result.families},
                                    indent=2, ensure_ascii=False).encode("utf-8"),
    }
    parquet = _parquet(result.edges)
    if parquet is not None:
        files["edges.parquet"] = parquet
    from drift.match.plot import family_graph, plot_families

    graph = family_graph(result)
    import networkx as nx

    buf = io.BytesIO()
    nx.write_graphml(graph, buf)
    files["families.graphml"] = buf.getvalue()
    png = None
    if plots:
        fig = plot_families(result)
        buf = io.BytesIO()
        fig.savefig(buf, format="png", dpi=110)
        import matplotlib.pyplot as plt

        plt.close(fig)
        png = buf.getvalue()
        files["families.png"] = png
    files["overview.html"] = _overview(result, png).encode("utf-8")
    files["match.json"] = json.dumps({"signature": result.signature, "stats": result.stats},
                                     indent=2, ensure_ascii=False).encode("utf-8")
    return files, texts


def _overview(result: MatchResult, png: bytes | None) -> str:
    import base64

    e = html.escape
    parts = ["<!doctype html><html><head><meta charset='utf-8'>",
             "<meta http-equiv='Content-Security-Policy' content=\"default-src 'none'; "
             "img-src data:; style-src 'unsafe-inline'\">",
             "<title>drift match</title><style>body{font-family:sans-serif;margin:2em}"
             "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:3px 6px;"
             "font-size:90%}</style></head><body>",
             f"<h1>drift match: {len(result.families)} families, "
             f"{sum(r['role'] == 'alone' for r in result.articles)} articles alone</h1>",
             f"<p><code>{e(result.signature)}</code></p>"]
    if png:
        parts.append("<h2>Families</h2><img alt='families' style='max-width:100%' "
                     f"src='data:image/png;base64,{base64.b64encode(png).decode()}'>")
    for f in result.families:
        parts.append(f"<h2>{e(f['family'])}</h2><p>root: <b>{e(f['root'])}</b> "
                     f"({e(f['root_reason'])}); {len(f['members'])} articles</p>")
        parts.append("<table><tr><th>source</th><th>target</th><th>kind</th><th>verdict</th>"
                     "<th>p_derived</th><th>direction</th><th>provenance</th></tr>")
        for ed in f["edges"]:
            parts.append(f"<tr><td>{e(ed['source'])}</td><td>{e(ed['target'])}</td>"
                         f"<td>{e(ed['kind'])}</td><td>{e(ed['verdict'])}</td>"
                         f"<td>{ed['p_derived']:.2f}</td><td>{e(ed['direction'])}</td>"
                         f"<td>{e(ed['provenance'])}</td></tr>")
        parts.append("</table>")
    parts.append("</body></html>\n")
    return "".join(parts)


def check_match_destination(out: Path) -> None:
    """Refuse a file, or a folder holding anything ``drift match`` did not write."""
    if out.exists() or out.is_symlink():
        if not out.is_dir():
            raise DriftError(f"cannot write to {out}: it is a file, not a folder")
        foreign = sorted(p.name for p in out.iterdir() if not MATCH_FILES.match(p.name)
                         and not p.name.startswith(".drift-"))
        if foreign:
            raise DriftError(f"cannot write to {out}: the folder holds files drift match did "
                             f"not write ({', '.join(foreign[:3])}); give a new or empty "
                             "folder")


def write_match(result: MatchResult, articles: Sequence[Article], out: str | Path,
                plots: bool = True) -> None:
    """Render every file and swap ``out`` in as one unit, carrying ``index/`` and ``batch/``
    over (hard links)."""
    from drift.report.files import write_folder

    out = Path(out)
    check_match_destination(out)
    files, texts = render_match_files(result, articles, out, plots)
    linked = {}
    for sub in ("index", "batch"):
        if (out / sub).is_dir():
            linked[sub] = out / sub
    write_folder(out, files, folders={"articles": texts}, linked=linked)
