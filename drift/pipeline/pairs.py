"""Score sentence pairs without alignment: the ``drift pairs`` command.

Input is tab-separated ``base<TAB>derivative`` lines; each pair gets its similarity, lexical
overlap, drift, flags and changed spans (:func:`run_pairs`).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from drift.embed.cache import EmbeddingCache
from drift.embed.encoder import Encoder
from drift.pipeline.plan import RunPlan
from drift.score.driftscore import drift_scores, select_drift
from drift.score.rescale import load_baseline
from drift.score.severity import severity

__all__ = ["parse_pair_lines", "run_pairs"]


def parse_pair_lines(lines: Iterable[str]) -> Iterator[tuple[int, str, str]]:
    """``(line number, base, derivative)`` from tab-separated lines; blank lines are skipped.

    Raises:
        ValueError: a line without exactly two tab-separated columns.
    """
    for n, line in enumerate(lines, 1):
        line = line.rstrip("\r\n")
        if not line.strip():
            continue
        cols = line.split("\t")
        if len(cols) != 2:
            raise ValueError(f"line {n}: expected 2 tab-separated columns, found {len(cols)}")
        yield n, cols[0].strip(), cols[1].strip()


def run_pairs(lines: Iterable[str], plan: RunPlan, encoder: Encoder,
              cache: EmbeddingCache | None = None, batch: int = 256
              ) -> Iterator[dict[str, Any]]:
    """Score tab-separated sentence pairs: one dict per pair (the ``drift pairs`` command).

    Each dict has ``line``, ``base``, ``derivative``, ``similarity`` (plain cosine of the
    sentence embeddings), ``lexical``, ``drift`` (the plan's score: ``combined``,
    :mod:`drift.score.driftscore`; ``rescaled``, :mod:`drift.score.rescale`; ``cosine``,
    1 - cosine), ``drift_score`` (which of them), ``severity`` (:mod:`drift.score.severity`),
    ``flags``, ``changes``, ``evidence`` (the spans behind each flag), ``signature`` (the
    plan's, without the verdict's parts) and, when something was done in part, ``notes``
    (``explain:too-long``).

    Raises:
        ValueError: a line without exactly two tab-separated columns.
        ConfigError: ``encoder`` is not the plan's.
    """
    plan.check(encoder)
    drift = plan.drift
    signature = plan.signature(verdict=False)
    baseline = load_baseline(plan.model.weights) if drift == "rescaled" else None

    def flush(chunk: list[tuple[int, str, str]]) -> Iterator[dict[str, Any]]:
        sp = [(a, b) for _, a, b in chunk]
        sims, drifts, expls, lex = drift_scores(sp, encoder, cache)
        for (n, a, b), s, d, e, x in zip(chunk, sims, drifts, expls, lex):
            score = select_drift(drift, float(s), float(d), baseline) or 0.0
            row = {"line": n, "base": a, "derivative": b, "similarity": round(float(s), 4),
                   "lexical": round(float(x), 4), "drift": round(score, 4),
                   "drift_score": drift, "severity": round(severity(e), 4),
                   "flags": list(e.flags), "changes": [c.to_dict() for c in e.changes],
                   "evidence": [v.to_dict() for v in e.evidence]}
            if e.notes:  # what was done in part, e.g. explain:too-long
                row["notes"] = list(e.notes)
            row["signature"] = signature
            yield row

    chunk: list[tuple[int, str, str]] = []
    for item in parse_pair_lines(lines):
        chunk.append(item)
        if len(chunk) >= batch:
            yield from flush(chunk)
            chunk = []
    if chunk:
        yield from flush(chunk)
