"""Data shipped with drift: the drift model, per-model baselines and the baseline sample."""

from __future__ import annotations

import gzip
import importlib.resources
from functools import lru_cache

__all__ = ["read_sample", "data_text", "background_zipf"]


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


@lru_cache(maxsize=1)
def background_zipf() -> dict[str, float]:
    """Word -> its largest Zipf frequency in nine languages, for the 57,000 words of Zipf 4.0
    or more (``background.tsv.gz``, made by ``benchmarks/make_background.py`` from wordfreq;
    CC BY-SA 4.0)."""
    raw = importlib.resources.files("drift.data").joinpath("background.tsv.gz").read_bytes()
    table = {}
    for line in gzip.decompress(raw).decode("utf-8").splitlines():
        if line and not line.startswith("#"):
            word, z = line.split("\t")
            table[word] = float(z)
    return table
