"""``drift batch``: score a whole corpus of groups (a base and its derivatives) in one run.

The run, in waves of groups (bounded memory whatever the corpus size):

1. **Plan.** Read the manifest (:mod:`drift.batch.manifest`) and resolve the run once
   (:func:`drift.pipeline.make_plan`). A group already done with this plan's signature, the
   same input files and every requested file (:mod:`drift.batch.state`) is skipped; any other
   group is (re)run.
2. **Read.** Read and segment every group of the wave; a group that fails (missing, empty,
   binary file...) is recorded in ``errors.jsonl`` and the run goes on.
3. **Encode each distinct text once.** The pipeline says which texts each group needs
   (:func:`drift.pipeline.embedding_needs`); those not in the embedding cache are sorted by
   length (less padding) and encoded in chunks: in this process, or on the workers of a Dask
   cluster, each of which loads the model once. Only this process writes the cache. The model
   is loaded only when something is missing: a fully cached rerun never imports torch.
4. **Align and score** each group from the vectors it needs (sent with the group, so a worker
   needs neither the cache file nor a shared disk: :mod:`drift.batch.tasks`), render its files,
   and swap its report folder in as one unit (:func:`drift.report.files.write_folder`): a
   killed run loses nothing already written and leaves no half-written report. A group that
   fails loses the report of an earlier run (it would no longer match its inputs), and
   ``errors.jsonl`` says so.
5. **Tables** (:mod:`drift.batch.tables`), rebuilt from every group's report.json.

A lock file keeps two batches from writing into one folder at once; drift touches only what it
wrote there (:mod:`drift.batch.state`): a table of the user's is never replaced, and only
drift's own staging folder is cleaned after a killed run.
"""

from __future__ import annotations

import logging
import os
import shutil
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from drift.batch.executors import Executor, LocalExecutor
from drift.batch.manifest import Group, read_manifest
from drift.batch.state import (
    Lock,
    batch_record,
    check_tables,
    group_inputs,
    is_done,
    staging_folder,
)
from drift.batch.tables import write_tables
from drift.batch.tasks import (
    EncoderSpec,
    GroupOutcome,
    GroupTask,
    analyze_task,
    encode_task,
    leaves,
    token_task,
)
from drift.config import DriftConfig
from drift.embed.cache import EmbeddingCache, MemoryCache, TokenRows, WordRows
from drift.embed.encoder import Encoder
from drift.embed.tokens import token_model
from drift.errors import DriftError
from drift.pipeline import RunPlan, Segmented, embedding_needs, make_plan, segment

log = logging.getLogger("drift")

__all__ = ["run_batch", "BatchResult", "GroupError"]


@dataclass(frozen=True)
class GroupError:
    """A group that could not be scored: its id, the file at fault (if one) and why."""

    id: str
    path: str
    reason: str

    def to_dict(self) -> dict[str, str]:
        return {"id": self.id, "path": self.path, "reason": self.reason}


@dataclass
class BatchResult:
    """What a batch run did.

    Attributes:
        groups: groups in the manifest; done: scored in this run; skipped: already done with
            the same settings and inputs; failed: recorded in ``errors.jsonl``.
        texts: window and word texts the run needed (with repeats across groups);
            distinct: distinct ones; encoded: distinct texts that were not cached and were
            encoded in this run.
        sentences: base and derivative sentences of the groups scored in this run.
        seconds: wall time; encode_seconds: time spent encoding.
        errors: the failed groups.
        signature: the settings' signature every report carries.
    """

    groups: int = 0
    done: int = 0
    skipped: int = 0
    failed: int = 0
    texts: int = 0
    distinct: int = 0
    encoded: int = 0
    sentences: int = 0
    seconds: float = 0.0
    encode_seconds: float = 0.0
    errors: list[GroupError] = field(default_factory=list)
    signature: str = ""

    def to_dict(self) -> dict[str, Any]:
        d = {k: getattr(self, k) for k in self.__dataclass_fields__ if k != "errors"}
        d["errors"] = [e.to_dict() for e in self.errors]
        return d


@dataclass(frozen=True)
class _Prepared:
    """A group read and segmented, with the texts each of its encoders needs."""

    group: Group
    inputs: dict[str, Any]
    documents: tuple[Segmented, ...]
    needs: dict[str, list[str]]


@dataclass
class _Run:
    """One batch run: its plan, the encoders, where the work goes, and the tally."""

    plan: RunPlan
    encoder: Encoder
    cache: EmbeddingCache | None
    executor: Executor
    out: Path
    plots: bool
    html: bool
    device: str
    threads: int
    chunk: int
    result: BatchResult
    staging: Path | None = None
    max_bytes: int | None = None
    bar: Any = None
    t_start: float = field(default_factory=time.perf_counter)
    _second: list[Encoder] = field(default_factory=list)

    def spec(self, source: str, precision: str) -> EncoderSpec:
        """How a task loads an encoder: torch threads of this process here, the workers'
        own on a cluster."""
        threads = self.executor.worker_threads if self.executor.workers > 1 else self.threads
        return EncoderSpec(source, self.device, precision, threads)

    @property
    def model_spec(self) -> EncoderSpec:
        return self.spec(self.plan.model.source or self.plan.config.model,
                         self.plan.model.precision)

    def second_encoder(self) -> Encoder | None:
        """The combined score's second encoder, loaded with the first wave that has work (a
        resumed run loads no model at all)."""
        if self.plan.second_model is None:
            return None
        if not self._second:
            from drift.embed.models import load_encoder

            self._second.append(load_encoder(self.plan.second_model, device=self.device))
        return self._second[0]

    def prepare(self, group: Group, inputs: dict[str, Any]) -> _Prepared:
        """Read and segment one group (raises DriftError on bad input)."""
        from drift.text.read import read_document, read_documents

        strip = self.plan.config.strips
        limit = self.max_bytes
        docs = [read_document(group.base, strip=strip, max_bytes=limit),
                *(d for p in group.derivatives
                  for d in read_documents(p, strip=strip, max_bytes=limit))]
        segmented = tuple(segment(d, self.plan) for d in docs)
        return _Prepared(group, inputs, segmented, embedding_needs(self.plan, segmented))

    def run_wave(self, todo: Sequence[tuple[Group, dict[str, Any]]]) -> None:
        prepared: list[_Prepared] = []
        for g, inputs in todo:
            try:
                prepared.append(self.prepare(g, inputs))
            except DriftError as exc:
                self.fail(g, str(exc))
        if not prepared:
            return
        vectors = self.encode(prepared)
        tokens = self.tokens(prepared)
        tags = self.known_tags(prepared)
        tasks = [self.task(p, vectors, tokens, tags) for p in prepared]
        by_id = {p.group.id: p for p in prepared}
        for outcome in self.executor.map(analyze_task, tasks):
            self.finish(by_id[outcome.id], outcome)

    def encoders(self) -> list[tuple[str, Encoder, EncoderSpec]]:
        """Every cached encoder with the need it serves (``model``, ``second``) and how a task
        loads it: the parts of an ensemble one by one."""
        out = [("model", leaf, self.model_spec) for leaf in leaves(self.encoder)]
        second = self.second_encoder()
        if second is not None and self.plan.second_model is not None:
            out.append(("second", second, self.spec(self.plan.second_model, "fp32")))
        return out

    def encode(self, prepared: Sequence[_Prepared]) -> dict[tuple[str, str], np.ndarray]:
        """Every vector the wave needs, by ``(encoder name, text)``: from the cache, else
        encoded (each distinct text once; only this process writes the cache)."""
        vectors: dict[tuple[str, str], np.ndarray] = {}
        t0 = time.perf_counter()
        tasks: list[tuple[EncoderSpec, str, list[str]]] = []
        workers = self.executor.workers
        for need, leaf, spec in self.encoders():
            per_group = [p.needs.get(need, []) for p in prepared]
            self.result.texts += sum(len(n) for n in per_group)
            distinct = list(dict.fromkeys(t for n in per_group for t in n))
            self.result.distinct += len(distinct)
            name = leaf.name
            found = self.cache.get_many(name, distinct, getattr(leaf, "dim", None)) \
                if self.cache else {}
            vectors.update(((name, t), v) for t, v in found.items())
            missing = sorted((t for t in distinct if t not in found), key=lambda t: (len(t), t))
            self.result.encoded += len(missing)
            # with several workers, at least four chunks each, so none waits long at the end
            size = max(64, min(self.chunk, -(-len(missing) // (4 * workers)))) \
                if workers > 1 else self.chunk
            tasks += [(spec, name, missing[i:i + size]) for i in range(0, len(missing), size)]
        # every encoder's chunks in one map, the longest texts first (a worker that gets a
        # short chunk last finishes soon after the others)
        tasks.sort(key=lambda task: -sum(len(t) for t in task[2]))
        for leaf_name, texts, vecs in self.executor.map(encode_task, tasks):
            if self.cache is not None:
                self.cache.put_many(leaf_name, texts, vecs)
            vectors.update(((leaf_name, t), v) for t, v in zip(texts, vecs))
        self.result.encode_seconds += time.perf_counter() - t0
        return vectors

    def tokens(self, prepared: Sequence[_Prepared]) -> dict[str, TokenRows]:
        """The token embeddings of every sentence the wave's explanations read (the need
        ``tokens``): from the cache, the rest computed in chunks by the executor (each distinct
        sentence once) and cached."""
        per_group = [p.needs.get("tokens", []) for p in prepared]
        distinct = list(dict.fromkeys(t for n in per_group for t in n))
        if not distinct:
            return {}
        t0 = time.perf_counter()
        model = token_model(self.encoder.name)
        found = self.cache.get_tokens(model, distinct) if self.cache is not None else {}
        missing = sorted((t for t in distinct if t not in found), key=lambda t: (len(t), t))
        self.result.texts += sum(len(n) for n in per_group)
        self.result.distinct += len(distinct)
        self.result.encoded += len(missing)
        workers = self.executor.workers
        size = max(64, min(self.chunk, -(-len(missing) // (4 * workers)))) \
            if workers > 1 else self.chunk
        tasks = [(self.model_spec, missing[i:i + size]) for i in range(0, len(missing), size)]
        for texts, rows in self.executor.map(token_task, tasks):
            if self.cache is not None:
                self.cache.put_tokens(model, texts, rows)
            found.update(zip(texts, rows))
        self.result.encode_seconds += time.perf_counter() - t0
        return found

    def known_tags(self, prepared: Sequence[_Prepared]) -> dict[str, WordRows]:
        """The wave's sentences (as written) tagged by an earlier run, from the cache (a
        rerun loads no tagger)."""
        if self.cache is None:
            return {}
        from drift.score.words import tagger_key

        texts = list(dict.fromkeys(t for p in prepared for d in p.documents for t in d.texts))
        return self.cache.get_words(tagger_key(), texts)

    def task(self, p: _Prepared, vectors: dict[tuple[str, str], np.ndarray],
             tokens: dict[str, TokenRows], tags: dict[str, WordRows]) -> GroupTask:
        """One group's task, with every vector, token embedding and known tagging it needs."""
        from drift.score.words import tagger_key

        mine = {}
        for need, leaf, _ in self.encoders():
            for t in p.needs.get(need, []):
                key = (leaf.name, t)
                if key in vectors:
                    mine[key] = vectors[key]
        memory = MemoryCache(mine)
        own = [t for t in p.needs.get("tokens", []) if t in tokens]
        if own:
            memory.put_tokens(token_model(self.encoder.name), own, [tokens[t] for t in own])
        known = list(dict.fromkeys(t for d in p.documents for t in d.texts if t in tags))
        if known:
            memory.put_words(tagger_key(), known, [tags[t] for t in known])
        memory.fresh_words.clear()  # given, not tagged in the task
        return GroupTask(p.group.id, self.plan, self.model_spec, p.documents, memory,
                         self.plots, self.html)

    def finish(self, p: _Prepared, outcome: GroupOutcome) -> None:
        """Write a scored group's folder (report files and ``batch.json``) as one unit."""
        from drift.batch.state import RECORD_FILE
        from drift.report.files import write_folder

        g = p.group
        if self.cache is not None and outcome.tagged:  # what the task tagged, for a rerun
            for key in dict.fromkeys(k for k, _, _ in outcome.tagged):
                rows = [(t, r) for k, t, r in outcome.tagged if k == key]
                self.cache.put_words(key, [t for t, _ in rows], [r for _, r in rows])
        if outcome.error is not None or outcome.files is None:
            self.fail(g, outcome.error or "no report")
            return
        files = dict(outcome.files)
        files[RECORD_FILE] = batch_record(g.id, self.result.signature, p.inputs, list(files))
        try:
            write_folder(self.out / g.id, files, self.staging)
        except OSError as exc:
            self.fail(g, f"cannot write {self.out / g.id}: {exc.strerror or exc}")
            return
        self.result.done += 1
        self.result.sentences += outcome.sentences
        if self.bar is not None:
            elapsed = max(time.perf_counter() - self.t_start, 1e-9)
            self.bar.set_postfix_str(f"{self.result.sentences / elapsed:.0f} sentences/s",
                                     refresh=False)
            self.bar.update(1)

    def fail(self, group: Group, reason: str) -> None:
        """Record a failed group; the report of an earlier run in its folder no longer
        matches its inputs, so it is removed (the folder holds only drift's files: it passed
        :func:`~drift.report.files.check_destination`)."""
        path = next((p for p in (str(group.base), *map(str, group.derivatives)) if p in reason),
                    str(group.base))
        folder = self.out / group.id
        if os.path.lexists(folder):
            try:
                gone = (self.staging or self.out) / f"{group.id}.failed-{os.getpid()}"
                os.rename(folder, gone)
                shutil.rmtree(gone, ignore_errors=True)
                reason += "; the report of an earlier run was removed"
            except OSError as exc:
                log.warning("cannot remove the earlier report of group %s: %s", group.id, exc)
        self.result.errors.append(GroupError(group.id, path, reason))
        self.result.failed += 1
        log.warning("group %s failed: %s", group.id, reason)
        if self.bar is not None:
            self.bar.update(1)


def run_batch(manifest: str | Path, out: str | Path, config: DriftConfig | None = None, *,
              plots: bool = False, html: bool = False, cache: EmbeddingCache | None = None,
              device: str = "auto", executor: Executor | None = None,
              threads: int | None = None, wave: int = 256, chunk: int = 1024,
              progress: Callable[..., Any] | None = None,
              max_bytes: int | None = None) -> BatchResult:
    """Score every group of a manifest into ``out`` (see the module docstring).

    Args:
        manifest: a JSONL or CSV manifest (:func:`drift.batch.manifest.read_manifest`).
        out: the output folder (created).
        config: the settings (default :class:`DriftConfig`), resolved into one plan.
        plots, html: also write the heatmaps / report.html of each group.
        cache: the embedding cache (None: none; every text is encoded).
        device: where the model runs (``auto``: a GPU when torch sees one).
        executor: where the tasks run: :class:`~drift.batch.executors.LocalExecutor`
            (default) or a Dask executor (:mod:`drift.batch.cluster`).
        threads: torch threads in this process (default: the cores available).
        wave: groups read and encoded together (bounds memory).
        chunk: texts per encoding task.
        progress: ``progress(total=..., desc=..., unit=...)`` -> a tqdm-like bar, or None.
        max_bytes: the size limit on each input file and the manifest
            (:func:`drift.text.read.max_input_bytes`; default ``$DRIFT_MAX_BYTES`` or 64 MiB).

    Returns:
        A :class:`BatchResult`.

    Raises:
        ManifestError: a bad manifest (nothing is run).
        BatchLocked: another batch is writing into ``out``.
        DriftError: ``out`` cannot be written, holds a table or a group folder drift did not
            write, or a table could not be written at the end.
    """
    from drift.embed.models import load_encoder
    from drift.report.files import check_destination

    t_start = time.perf_counter()
    config = config or DriftConfig()
    if not str(out).strip():
        raise DriftError("the output folder's name is empty (it would be the current folder)")
    groups = read_manifest(manifest, max_bytes=max_bytes)
    out = Path(out)
    if out.exists() and not out.is_dir():
        raise DriftError(f"cannot write the batch to {out}: it is a file, not a folder")
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise DriftError(f"cannot write the batch to {out}: {exc.strerror or exc}") from None
    encoder = load_encoder(config.model, device=device, precision=config.precision, lazy=True)
    plan = make_plan(config, encoder)
    result = BatchResult(groups=len(groups), signature=plan.signature())
    run = _Run(plan, encoder, cache, executor or LocalExecutor(), out, plots, html, device,
               threads or len(os.sched_getaffinity(0)), chunk, result, max_bytes=max_bytes,
               t_start=t_start)
    with Lock(out), staging_folder(out) as staging:
        run.staging = staging
        check_tables(out)
        todo: list[tuple[Group, dict[str, Any]]] = []
        for g in groups:
            inputs = group_inputs(g, max_bytes)
            if is_done(out / g.id, result.signature, inputs, plots=plots, html=html):
                result.skipped += 1
            else:
                check_destination(out / g.id)
                todo.append((g, inputs))
        if result.skipped:
            log.info("%d of %d groups already done with these settings: skipped",
                     result.skipped, len(groups))
        run.bar = progress(total=len(todo), desc="groups", unit="group") \
            if progress and todo else None
        try:
            for w0 in range(0, len(todo), wave):
                run.run_wave(todo[w0:w0 + wave])
        finally:
            if run.bar is not None:
                run.bar.close()
        write_tables(out, groups, {e.id for e in result.errors},
                     [e.to_dict() for e in result.errors], staging)
    result.seconds = time.perf_counter() - t_start
    return result
