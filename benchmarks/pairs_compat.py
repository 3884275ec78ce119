"""``drift pairs`` as a benchmark calls it, with this drift or an older one (``--code DIR``:
the scripts compare against a copy of an earlier version)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any


def run_pairs(lines: Iterable[str], encoder: Any, cache: Any = None, **kw: Any
              ) -> Iterator[dict[str, Any]]:
    """The rows of ``drift pairs`` for tab-separated lines, under the default plan for
    ``encoder`` (a drift from before the run plan: its own ``run_pairs``)."""
    try:
        from drift.pipeline import make_plan
        from drift.pipeline.pairs import run_pairs as pipeline_pairs
    except ImportError:  # a drift from before drift.pipeline.pairs
        from drift.score.sentence_pairs import run_pairs as old_pairs

        return old_pairs(lines, encoder, cache, **kw)
    return pipeline_pairs(lines, make_plan(None, encoder), encoder, cache, **kw)
