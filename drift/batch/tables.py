"""The corpus tables of a batch, rebuilt from every group's report.json in manifest order:
``summary.csv`` (one row per derivative), ``pairs.parquet`` (every pair; ``pairs.csv`` without
pyarrow) and ``errors.jsonl``. Their rows are the rows of :mod:`drift.report.tables` (the same
columns ``drift score`` writes, through the same CSV writer, which escapes text a spreadsheet
would run as a formula), with the group's ``id`` (and its ``base``) in front."""

from __future__ import annotations

import json
import logging
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from drift.batch.manifest import Group
from drift.batch.state import write_tables_owned
from drift.report.tables import CSV_COLUMNS, SUMMARY_COLUMNS, format_csv, pair_rows, summary_rows

log = logging.getLogger("drift")

__all__ = ["BATCH_SUMMARY_COLUMNS", "BATCH_PAIR_COLUMNS", "write_tables"]

#: ``summary.csv``: the group, its base, then :data:`drift.report.tables.SUMMARY_COLUMNS`
BATCH_SUMMARY_COLUMNS = ["id", "base", *SUMMARY_COLUMNS]
#: ``pairs.parquet`` / ``pairs.csv``: the group, then :data:`drift.report.tables.CSV_COLUMNS`
BATCH_PAIR_COLUMNS = ["id", *CSV_COLUMNS]


def write_tables(out: Path, groups: Sequence[Group], failed: set[str],
                 errors: Sequence[dict[str, str]], staging: Path) -> None:
    """Write the three tables from the reports under ``out`` (each atomically, recorded as
    drift's: :func:`drift.batch.state.write_tables_owned`); groups in ``failed`` are left
    out of the first two.

    Raises:
        DriftError: a table could not be written (disk full...).
    """
    summary: list[dict[str, Any]] = []
    pairs: list[dict[str, Any]] = []
    for g in groups:
        if g.id in failed:
            continue
        try:
            report = json.loads((out / g.id / "report.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        base = report["base"]["path"]
        summary += [{"id": g.id, "base": base, **row} for row in summary_rows(report)]
        pairs += [{"id": g.id, **row} for row in pair_rows(report)]
    tables = {"summary.csv": format_csv(BATCH_SUMMARY_COLUMNS, summary).encode("utf-8"),
              **_pairs_table(pairs),
              "errors.jsonl": "".join(json.dumps(e, ensure_ascii=False) + "\n"
                                      for e in errors).encode("utf-8")}
    write_tables_owned(out, tables, staging)


def _pairs_table(pairs: list[dict[str, Any]]) -> dict[str, bytes]:
    """Every pair in one typed table: Parquet with pyarrow, else CSV (and one warning)."""
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:
        log.warning("pairs.parquet needs the optional package 'pyarrow': pip install "
                    "'newsdrift[parquet]'; wrote pairs.csv instead")
        return {"pairs.csv": format_csv(BATCH_PAIR_COLUMNS, pairs).encode("utf-8")}
    schema = pa.schema([
        ("id", pa.string()), ("derivative", pa.string()),
        ("base_idx", pa.list_(pa.int32())), ("derivative_idx", pa.list_(pa.int32())),
        ("label", pa.string()), ("similarity", pa.float64()), ("drift", pa.float64()),
        ("severity", pa.float64()), ("lexical", pa.float64()), ("moved", pa.bool_()),
        ("flags", pa.list_(pa.string())), ("changes", pa.string()), ("evidence", pa.string()),
        ("base_text", pa.string()), ("derivative_text", pa.string()),
        ("signature", pa.string()),
    ])
    rows = [{**p, "changes": json.dumps(p["changes"], ensure_ascii=False),
             "evidence": json.dumps(p["evidence"], ensure_ascii=False)} for p in pairs]
    table = pa.Table.from_pylist(rows, schema=schema)
    sink = pa.BufferOutputStream()
    pq.write_table(table, sink, compression="zstd")
    return {"pairs.parquet": sink.getvalue().to_pybytes()}
