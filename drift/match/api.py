"""``drift.match(...)``: the notebook entry point of ``drift match``."""

from __future__ import annotations

import os
from pathlib import Path

from drift.config import DriftConfig
from drift.embed.cache import EmbeddingCache
from drift.match.config import MatchConfig
from drift.match.corpus import Article
from drift.match.run import DEFAULT_MODEL, MatchResult

__all__ = ["match"]


def match(*corpus: str | os.PathLike[str] | Article, out: str | os.PathLike[str] | None = None,
          model: str | None = None, config: MatchConfig | None = None,
          drift_config: DriftConfig | None = None, cache: bool | str | Path = True,
          plots: bool = True, jobs: int = 1) -> MatchResult:
    """Find which articles of a corpus derive from which, with provenance.

    Args:
        *corpus: files, folders and ``.jsonl`` corpora (or :class:`Article` objects).
        out: a folder to write the outputs and keep the incremental index in (None: nothing
            is written and the index lives in memory).
        model: the encoder (default ``use-m3``: multilingual, fast on a CPU); overrides
            ``drift_config.model``.
        config: candidate settings (:class:`MatchConfig`).
        drift_config: the pipeline's settings for verification.
        cache: ``True`` for the default embedding cache, a folder, or ``False`` for none.
        plots: with ``out``, draw families.png.
        jobs: processes that verify candidate pairs (1: this process). The processes are
            spawned: a script that passes ``jobs > 1`` must call this under
            ``if __name__ == "__main__":``. The results are the same for any ``jobs``.

    Returns:
        A :class:`MatchResult`: ``articles``, ``edges``, ``families`` and ``candidates``
        tables (lists of rows; ``edges_frame()`` and ``articles_frame()`` as DataFrames),
        with every article's metadata.

    Example:
        >>> r = drift.match("examples/kazakhstan-2022/base_reuters.txt",
        ...                 "examples/kazakhstan-2022/mt_macedonian_blog.txt")  # doctest: +SKIP
        >>> r.edges[0]["kind"]  # doctest: +SKIP
        'round-trip'
    """
    from drift.match.corpus import read_corpus
    from drift.match.outputs import check_match_destination, write_match
    from drift.match.run import match_corpus

    drift_config = drift_config or DriftConfig(model=DEFAULT_MODEL)
    if model is not None:
        drift_config = drift_config.with_(model=model)
    emb_cache = None
    if cache:
        emb_cache = EmbeddingCache(None if cache is True else Path(cache))
    articles = [a for a in corpus if isinstance(a, Article)]
    skipped: list[str] = []
    if len(articles) != len(corpus):
        articles = read_corpus([Path(p) for p in corpus if not isinstance(p, Article)],
                               strip=drift_config.strips,
                               segmenter=drift_config.segmenter, skipped=skipped)
    out_path = None if out is None else Path(out)
    if out_path is not None:
        check_match_destination(out_path)
    executor = None
    if jobs > 1:
        from drift.batch.executors import LocalExecutor
        from drift.match.verify import verify_task

        executor = LocalExecutor(jobs, parallel=(verify_task,))
    try:
        result = match_corpus(articles, config=config, drift_config=drift_config,
                              index_dir=None if out_path is None else out_path / "index",
                              cache=emb_cache, skipped=skipped, executor=executor)
    finally:
        if executor is not None:
            executor.close()
    if out_path is not None:
        write_match(result, articles, out_path, plots=plots)
    return result
