"""Data shipped with drift: the drift model, per-model baselines and the baseline sample."""

from __future__ import annotations

import importlib.resources

__all__ = ["read_sample", "data_text"]


def data_text(name: str) -> str:
    """The text of a shipped data file (``drift/data/NAME``)."""
    return importlib.resources.files("drift.data").joinpath(name).read_text(encoding="utf-8")


def read_sample() -> list[tuple[str, ...]]:
    """Rows of the shipped sample: translations of one sentence in several languages."""
    rows = [tuple(line.split("\t")) for line in data_text("baseline_sample.tsv").splitlines()
            if line.strip() and not line.startswith("#")]
    if len({len(r) for r in rows}) != 1:
        raise ValueError("baseline_sample.tsv: rows have different numbers of columns")
    return rows
