"""``drift batch``: score a whole corpus of groups (a base and its derivatives) in one run.

The run, in waves of groups (bounded memory whatever the corpus size):

1. **Plan.** Read the manifest (:mod:`drift.batch.manifest`). A group whose report folder
   holds a ``report.json`` with the requested signature and the same input files (SHA-256) is
   done and skipped; any other group is (re)run.
2. **Read.** Read and segment every group of the wave; a group that fails (missing, empty,
   binary file...) is recorded in ``errors.jsonl`` and the run goes on.
3. **Encode each distinct text once.** Collect every alignment window and every word the
   explanations may need across the wave, drop those already in the embedding cache, sort the
   rest by length (less padding) and encode them in chunks: in this process, or on the workers
   of a Dask cluster, each of which loads the model once. Only this process writes the cache.
   The model is loaded only when something is missing: a fully cached rerun never imports torch.
4. **Align and score** each group from the vectors it needs (sent with the group, so a worker
   needs neither the cache file nor a shared disk), render its files, and swap its report
   folder in as one unit (:func:`drift.report.files.write_folder`): a killed run loses nothing
   already written and leaves no half-written report.
5. **Tables.** ``summary.csv`` (one row per derivative), ``pairs.parquet`` (every pair of every
   group; ``pairs.csv`` when pyarrow is not installed) and ``errors.jsonl``, rebuilt from every
   group's report.json, each written atomically.

A lock file keeps two batches from writing into one folder at once.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import logging
import os
import socket
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from drift.batch.manifest import Group, read_manifest
from drift.config import DriftConfig
from drift.embed.cache import EmbeddingCache, MemoryCache, TokenRows
from drift.embed.encoder import Encoder
from drift.embed.tokens import has_tokens, token_model, token_vectors
from drift.errors import DriftError

log = logging.getLogger("drift")

__all__ = ["run_batch", "BatchResult", "BatchLocked", "GroupError", "LocalExecutor",
           "SUMMARY_COLUMNS", "PAIR_COLUMNS"]

SUMMARY_COLUMNS = ["id", "base", "derivative", "coverage", "support", "mean_drift", "max_drift",
                   "verdict", "kind", "p_derived", "n_pairs", "signature"]
PAIR_COLUMNS = ["id", "derivative", "base_idx", "derivative_idx", "base_text",
                "derivative_text", "label", "similarity", "drift", "severity", "lexical", "moved",
                "flags", "signature"]
LOCK_FILE = ".drift-batch.lock"


class BatchLocked(DriftError):
    """Another ``drift batch`` is writing into the same output folder."""


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


# --- executors: where the work runs -----------------------------------------------------------

class LocalExecutor:
    """Runs the encoding in this process (one model, on the GPU when there is one) and the
    per-group alignment and scoring in ``jobs`` processes of this machine (1: in this process).

    The alignment, explanations and rendering are pure CPU work on vectors sent with each group,
    so the processes load no model; with a GPU encoding in seconds, they are most of the time
    left. A process that dies (out of memory, killed) breaks the pool: its groups and those
    still waiting are run in this process instead, with a warning. The results are the same
    for any ``jobs`` (each group is computed on its own, the tables are rebuilt in manifest
    order).

    Args:
        jobs: processes for alignment and scoring (default 1). ``drift batch --jobs``. The
            processes are spawned, so a script that passes ``jobs > 1`` to
            :func:`run_batch` must call it under ``if __name__ == "__main__":`` (as with any
            multiprocessing pool).
    """

    workers = 1

    def __init__(self, jobs: int = 1):
        self.jobs = max(1, int(jobs))
        self._pool: Any = None

    def map(self, fn: Callable[[Any], Any], items: Iterable[Any]) -> Iterator[Any]:
        """``fn(item)`` for each item, results as they come (in order unless ``jobs`` > 1)."""
        items = list(items)
        if fn is not _analyze_task or self.jobs == 1 or len(items) < 2:
            for item in items:
                yield fn(item)
            return
        from concurrent.futures import as_completed
        from concurrent.futures.process import BrokenProcessPool

        futures = {self._get_pool().submit(fn, item): item for item in items}
        given: set[Any] = set()
        try:
            for fut in as_completed(futures):
                result = fut.result()
                given.add(fut)
                yield result
        except BrokenProcessPool:
            # never wait on a broken pool: every group not given yet runs here
            log.warning("a scoring process died; the groups left run in this process")
            self._pool.shutdown(wait=False)
            self._pool = None
            for fut, item in futures.items():
                if fut not in given:
                    yield fn(item)

    def _get_pool(self) -> Any:
        if self._pool is None:
            import multiprocessing as mp
            from concurrent.futures import ProcessPoolExecutor

            # spawn: never fork a process that holds torch threads or a GPU context
            self._pool = ProcessPoolExecutor(max_workers=self.jobs,
                                             mp_context=mp.get_context("spawn"),
                                             initializer=_init_scoring_process,
                                             initargs=(os.getpid(),))
        return self._pool

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None


def _init_scoring_process(parent: int) -> None:
    """One BLAS thread per scoring process (``jobs`` processes share the cores), and an exit
    when the batch process is gone: a ``drift batch`` killed with kill -9 cannot tell its pool
    to stop, and the pool's queues would keep its processes waiting forever."""
    import threading

    from threadpoolctl import threadpool_limits

    os.environ["OMP_NUM_THREADS"] = "1"  # for an encoder loaded here after all (cache miss)
    threadpool_limits(1)

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(0)

    threading.Thread(target=watch, name="drift-parent-watch", daemon=True).start()


# --- the lock ---------------------------------------------------------------------------------

class _Lock:
    """An exclusive lock on the output folder (``flock``: released by the kernel when the
    process dies, even by kill -9)."""

    def __init__(self, out: Path):
        self.path = out / LOCK_FILE
        self._fh: Any = None

    def __enter__(self) -> _Lock:
        fh = open(self.path, "a+", encoding="utf-8")  # noqa: SIM115 - held until __exit__
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            fh.seek(0)
            holder = fh.read().strip() or "another process"
            fh.close()
            raise BatchLocked(f"{self.path.parent}: another drift batch is writing here "
                              f"({holder}); wait for it or choose another --out") from None
        fh.seek(0)
        fh.truncate()
        fh.write(f"pid {os.getpid()} on {socket.gethostname()}\n")
        fh.flush()
        self._fh = fh
        return self

    def __exit__(self, *exc: object) -> None:
        if self._fh is not None:
            fcntl.flock(self._fh, fcntl.LOCK_UN)
            self._fh.close()


def _remove_leftovers(out: Path) -> None:
    """Folders and files a killed run left half-made (``.ID.new-*``, ``.ID.old-*``,
    ``.NAME.*.tmp``): never trusted, removed once this run holds the lock."""
    import re
    import shutil

    pattern = re.compile(r"^\..+\.(new|old)-[0-9a-f]{8}$|^\..+\.[0-9a-f]{8}\.tmp$")
    for p in out.iterdir():
        if pattern.match(p.name):
            if p.is_dir() and not p.is_symlink():
                shutil.rmtree(p, ignore_errors=True)
            else:
                p.unlink(missing_ok=True)


# --- planning ---------------------------------------------------------------------------------

def _sha256(path: Path) -> str | None:
    try:
        h = hashlib.sha256()
        with open(path, "rb") as fh:
            for block in iter(lambda: fh.read(1 << 20), b""):
                h.update(block)
        return h.hexdigest()
    except OSError:
        return None


def _inputs(group: Group) -> dict[str, Any]:
    return {"base": {"path": str(group.base), "sha256": _sha256(group.base)},
            "derivatives": [{"path": str(d), "sha256": _sha256(d)} for d in group.derivatives]}


def _is_done(folder: Path, signature: str, inputs: dict[str, Any]) -> bool:
    """A complete report with this signature and these inputs (a missing or unreadable one is
    not done)."""
    try:
        report = json.loads((folder / "report.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return (isinstance(report, dict) and report.get("signature") == signature
            and report.get("batch", {}).get("inputs") == inputs)


# --- texts a group needs ----------------------------------------------------------------------

@dataclass
class _Prepared:
    group: Group
    inputs: dict[str, Any]
    base: Any  # Document
    derivatives: list[Any]
    sentences: list[list[str]]  # per document, the comparison form of its sentences
    originals: list[list[str]]  # per document, its sentences as written
    words: list[str]


def _prepare(group: Group, config: DriftConfig, inputs: dict[str, Any]) -> _Prepared:
    """Read and segment one group (raises DriftError on bad input)."""
    from drift.score.words import candidate_words
    from drift.text.read import read_document, read_documents
    from drift.text.segment import segment_paragraphs

    base = read_document(group.base, strip=config.strip_furniture)
    derivs = [d for p in group.derivatives for d in read_documents(p, strip=config.strip_furniture)]
    sentences, originals = [], []
    for doc in [base, *derivs]:
        sents = segment_paragraphs(doc.paragraphs, config.segmenter)
        if not sents:
            raise DriftError(f"{doc.path}: no sentences found")
        sentences.append([s.norm for s in sents])
        originals.append([s.text for s in sents])
    words = candidate_words([s for doc in originals for s in doc])
    return _Prepared(group, inputs, base, derivs, sentences, originals, words)


def _windows(docs: Sequence[Sequence[str]], max_group: int) -> list[str]:
    """Every window of 1..max_group consecutive sentences of each document: what the aligner
    embeds (comparison forms), and a superset of the texts of aligned pairs (as written)."""
    from drift.align.windows import window_texts

    return [t for sents in docs for ws in window_texts(sents, max_group).values() for t in ws]


def _leaves(encoder: Any) -> list[Any]:
    """The encoders whose vectors are cached: the parts of an ensemble, else the encoder."""
    parts = getattr(encoder, "parts", None)
    return list(parts) if parts else [encoder]


# --- tasks (module level: they travel to Dask workers) ----------------------------------------

@dataclass(frozen=True)
class _EncoderSpec:
    model: str
    device: str
    precision: str
    threads: int | None


@dataclass
class _Need:
    """Texts one cached encoder must have ready for each group of a wave."""

    leaf: Any  # the encoder whose vectors are cached under its name
    spec: _EncoderSpec  # the model that provides it
    texts: list[list[str]]  # per prepared group


def _worker_encoder(spec: _EncoderSpec, leaf: str | None = None) -> Any:
    """The encoder in this process (loaded once per process and kept)."""
    from drift.embed.models import load_encoder

    if spec.threads:
        _set_torch_threads(spec.threads)
    enc = load_encoder(spec.model, device=spec.device, precision=spec.precision, lazy=True)
    if leaf is None:
        return enc
    return next(p for p in _leaves(enc) if p.name == leaf)


def _set_torch_threads(n: int) -> None:
    import sys

    if "torch" in sys.modules:  # only when the model runs here anyway
        sys.modules["torch"].set_num_threads(n)


def _encode_task(args: tuple[_EncoderSpec, str, list[str]]) -> tuple[str, list[str], np.ndarray]:
    spec, leaf, texts = args
    enc = _worker_encoder(spec, leaf)
    vecs = enc.encode(texts)
    if spec.threads:
        _set_torch_threads(spec.threads)
    return leaf, texts, np.asarray(vecs, dtype=np.float32)


def _analyze_task(args: tuple[_EncoderSpec, DriftConfig, _Prepared, MemoryCache, bool, bool,
                              str]) -> tuple[str, dict[str, bytes] | None, str | None, int,
                                             list[tuple[str, str, Any]]]:
    """Align, score and render one group: ``(id, files, error, sentences, tagged)``, where
    ``tagged`` holds the sentences tagged here, for the cache on disk."""
    spec, config, prep, cache, plots, html, signature = args
    from drift.pipeline import analyze
    from drift.report.files import render_files

    try:
        encoder = _worker_encoder(spec)
        result = analyze(prep.base, prep.derivatives, config, encoder, cache)
        if result.signature != signature:
            raise DriftError(f"the run's signature changed: {result.signature}")
        files = render_files(result, plots=plots, html=html)
        report = json.loads(files["report.json"])
        report["batch"] = {"id": prep.group.id, "inputs": prep.inputs}
        files["report.json"] = json.dumps(report, indent=2, ensure_ascii=False).encode("utf-8")
        return (prep.group.id, files, None, sum(len(s) for s in prep.sentences),
                cache.fresh_words)
    except DriftError as exc:
        return prep.group.id, None, str(exc), 0, []
    except Exception as exc:  # noqa: BLE001 - one bad group never stops the batch
        log.debug("group %s failed", prep.group.id, exc_info=True)
        first = (str(exc).strip().splitlines() or [""])[0][:300]
        return prep.group.id, None, f"internal error: {type(exc).__name__}: {first}", 0, []


# --- the run ----------------------------------------------------------------------------------

def run_batch(manifest: str | Path, out: str | Path, config: DriftConfig | None = None, *,
              plots: bool = False, html: bool = False, cache: EmbeddingCache | None = None,
              device: str = "auto", precision: str = "fp32", executor: Any = None,
              threads: int | None = None, wave: int = 256, chunk: int = 1024,
              progress: Callable[..., Any] | None = None) -> BatchResult:
    """Score every group of a manifest into ``out`` (see the module docstring).

    Args:
        manifest: a JSONL or CSV manifest (:func:`drift.batch.manifest.read_manifest`).
        out: the output folder (created).
        config: the settings (default :class:`DriftConfig`).
        plots, html: also write the heatmaps / report.html of each group.
        cache: the embedding cache (None: none; every text is encoded).
        device, precision: where and how the model runs (``auto``: a GPU when torch sees one).
        executor: where the tasks run: :class:`LocalExecutor` (default) or a Dask executor
            (:mod:`drift.batch.cluster`).
        threads: torch threads in this process (default: the cores available).
        wave: groups read and encoded together (bounds memory).
        chunk: texts per encoding task.
        progress: ``progress(total=..., desc=..., unit=...)`` -> a tqdm-like bar, or None.

    Returns:
        A :class:`BatchResult`.

    Raises:
        ManifestError: a bad manifest (nothing is run).
        BatchLocked: another batch is writing into ``out``.
    """
    from drift.embed.models import load_encoder
    from drift.pipeline import resolve_drift, run_signature
    from drift.report.files import check_destination, write_folder

    t_start = time.perf_counter()
    config = config or DriftConfig()
    groups = read_manifest(manifest)
    out = Path(out)
    if out.exists() and not out.is_dir():
        raise DriftError(f"cannot write the batch to {out}: it is a file, not a folder")
    out.mkdir(parents=True, exist_ok=True)
    executor = executor or LocalExecutor()
    threads = threads or len(os.sched_getaffinity(0))
    local_spec = _EncoderSpec(config.model, device, precision, threads)
    remote_spec = _EncoderSpec(config.model, device, precision,
                               getattr(executor, "worker_threads", None))
    encoder: Encoder = load_encoder(config.model, device=device, precision=precision, lazy=True)
    drift_kind = resolve_drift(config.drift, encoder.name)
    signature = run_signature(config, encoder.name, drift_kind)
    second: list[Any] = []  # loaded with the first wave that has work (a resumed run has none)

    def second_model() -> tuple[str, Any] | None:
        if drift_kind != "combined":
            return None
        if not second:
            from drift.score.driftscore import load_drift_model, second_encoder

            enc2 = second_encoder()
            second.append(None if enc2 is None else
                          (str(load_drift_model().meta["second_model"]), enc2))
        return second[0]
    result = BatchResult(groups=len(groups), signature=signature)
    with _Lock(out):
        _remove_leftovers(out)
        todo: list[tuple[Group, dict[str, Any]]] = []
        for g in groups:
            inputs = _inputs(g)
            if _is_done(out / g.id, signature, inputs):
                result.skipped += 1
            else:
                check_destination(out / g.id)
                todo.append((g, inputs))
        if result.skipped:
            log.info("%d of %d groups already done with these settings: skipped",
                     result.skipped, len(groups))
        bar = progress(total=len(todo), desc="groups", unit="group") if progress and todo \
            else None
        try:
            for w0 in range(0, len(todo), wave):
                _run_wave(todo[w0:w0 + wave], config, encoder, second_model, cache, executor,
                          local_spec, remote_spec, plots, html, signature, out, result, bar,
                          t_start, chunk, write_folder)
        finally:
            if bar is not None:
                bar.close()
        _write_tables(out, groups, result)
    result.seconds = time.perf_counter() - t_start
    return result


def _run_wave(todo: Sequence[tuple[Group, dict[str, Any]]], config: DriftConfig,
              encoder: Any, second_model: Callable[[], tuple[str, Any] | None],
              cache: EmbeddingCache | None, executor: Any,
              local_spec: _EncoderSpec, remote_spec: _EncoderSpec, plots: bool, html: bool,
              signature: str, out: Path, result: BatchResult, bar: Any, t_start: float,
              chunk: int, write_folder: Callable[[Path, dict[str, bytes]], None]) -> None:
    prepared: list[_Prepared] = []
    for g, inputs in todo:
        try:
            prepared.append(_prepare(g, config, inputs))
        except DriftError as exc:
            _fail(result, g, str(exc), bar)
    if not prepared:
        return
    second = second_model()
    # every text the wave needs, per cached encoder (an ensemble is cached part by part; the
    # combined drift score's second encoder embeds the aligned pairs as written)
    k = config.align.max_group
    spec = remote_spec if executor.workers > 1 else local_spec
    tokens = has_tokens(encoder)  # explanations read token embeddings, not word vectors
    main = [list(dict.fromkeys(_windows(p.sentences, k) + ([] if tokens else p.words)))
            for p in prepared]
    needs = [_Need(leaf, spec, main) for leaf in _leaves(encoder)]
    if second is not None:
        second_spec = _EncoderSpec(second[0], spec.device, "fp32", spec.threads)
        pair_texts = [list(dict.fromkeys(_windows(p.originals, k))) for p in prepared]
        needs.append(_Need(second[1], second_spec, pair_texts))
    vectors: dict[tuple[str, str], np.ndarray] = {}
    t0 = time.perf_counter()
    tasks: list[tuple[_EncoderSpec, str, list[str]]] = []
    for need in needs:
        result.texts += sum(len(n) for n in need.texts)
        distinct = list(dict.fromkeys(t for n in need.texts for t in n))
        result.distinct += len(distinct)
        name = need.leaf.name
        found = cache.get_many(name, distinct, getattr(need.leaf, "dim", None)) if cache \
            else {}
        vectors.update(((name, t), v) for t, v in found.items())
        missing = sorted((t for t in distinct if t not in found), key=lambda t: (len(t), t))
        result.encoded += len(missing)
        # with several workers, at least four chunks each, so none waits long at the end
        size = max(64, min(chunk, -(-len(missing) // (4 * executor.workers)))) \
            if executor.workers > 1 else chunk
        tasks += [(need.spec, name, missing[i:i + size]) for i in range(0, len(missing), size)]
    # every encoder's chunks in one map, the longest texts first (a worker that gets a short
    # chunk last finishes soon after the others)
    tasks.sort(key=lambda task: -sum(len(t) for t in task[2]))
    for leaf_name, texts, vecs in executor.map(_encode_task, tasks):
        if cache is not None:
            cache.put_many(leaf_name, texts, vecs)
        vectors.update(((leaf_name, t), v) for t, v in zip(texts, vecs))
    # the token embeddings of every sentence as written, for the explanations
    from drift.score.explain import explain_texts
    from drift.score.words import tagger_key

    tok_texts = [explain_texts(s for doc in p.originals for s in doc) for p in prepared] \
        if tokens else [[] for _ in prepared]
    tok_rows = _token_rows(encoder.name, tok_texts, cache, executor, spec, chunk, result)
    result.encode_seconds += time.perf_counter() - t0
    # the sentences tagged before (a rerun loads no tagger)
    tag_key = tagger_key()
    sent_texts = [explain_texts(s for doc in p.originals for s in doc) for p in prepared]
    tags = cache.get_words(tag_key, list(dict.fromkeys(t for ts in sent_texts for t in ts))) \
        if cache is not None else {}
    tasks2 = []
    for g_index, p in enumerate(prepared):
        mem = MemoryCache({(need.leaf.name, t): vectors[(need.leaf.name, t)] for need in needs
                           for t in need.texts[g_index] if (need.leaf.name, t) in vectors})
        own = [t for t in tok_texts[g_index] if t in tok_rows]
        mem.put_tokens(token_model(encoder.name), own, [tok_rows[t] for t in own])
        known = [t for t in sent_texts[g_index] if t in tags]
        mem.put_words(tag_key, known, [tags[t] for t in known])
        mem.fresh_words.clear()  # given, not tagged in the worker
        tasks2.append((remote_spec if executor.workers > 1 else local_spec, config, p, mem,
                       plots, html, signature))
    by_id = {p.group.id: p.group for p in prepared}
    for gid, files, error, n_sent, tagged in executor.map(_analyze_task, tasks2):
        g = by_id[gid]
        if cache is not None and tagged:
            for key in {k for k, _, _ in tagged}:
                rows = [(t, r) for k, t, r in tagged if k == key]
                cache.put_words(key, [t for t, _ in rows], [r for _, r in rows])
        if error is not None or files is None:
            _fail(result, g, error or "no report", bar)
            continue
        try:
            write_folder(out / gid, files)
        except OSError as exc:
            _fail(result, g, f"cannot write {out / gid}: {exc.strerror or exc}", bar)
            continue
        result.done += 1
        result.sentences += n_sent
        if bar is not None:
            elapsed = max(time.perf_counter() - t_start, 1e-9)
            bar.set_postfix_str(f"{result.sentences / elapsed:.0f} sentences/s", refresh=False)
            bar.update(1)


def _token_task(args: tuple[_EncoderSpec, list[str]]) -> tuple[list[str], list[TokenRows]]:
    spec, texts = args
    return texts, token_vectors(texts, _worker_encoder(spec))


def _token_rows(name: str, need: Sequence[Sequence[str]], cache: EmbeddingCache | None,
                executor: Any, spec: _EncoderSpec, chunk: int, result: BatchResult
                ) -> dict[str, TokenRows]:
    """The token embeddings of every text the groups need (``drift.embed.tokens``): from the
    cache, the rest computed in chunks by the executor and cached."""
    distinct = list(dict.fromkeys(t for texts in need for t in texts))
    if not distinct:
        return {}
    model = token_model(name)
    found = cache.get_tokens(model, distinct) if cache is not None else {}
    missing = sorted((t for t in distinct if t not in found), key=lambda t: (len(t), t))
    result.texts += sum(len(texts) for texts in need)
    result.distinct += len(distinct)
    result.encoded += len(missing)
    size = max(64, min(chunk, -(-len(missing) // (4 * executor.workers)))) \
        if executor.workers > 1 else chunk
    tasks = [(spec, missing[i:i + size]) for i in range(0, len(missing), size)]
    for texts, rows in executor.map(_token_task, tasks):
        if cache is not None:
            cache.put_tokens(model, texts, rows)
        found.update(zip(texts, rows))
    return found


def _fail(result: BatchResult, group: Group, reason: str, bar: Any) -> None:
    path = next((p for p in (str(group.base), *map(str, group.derivatives)) if p in reason),
                str(group.base))
    result.errors.append(GroupError(group.id, path, reason))
    result.failed += 1
    log.warning("group %s failed: %s", group.id, reason)
    if bar is not None:
        bar.update(1)


# --- the corpus tables ------------------------------------------------------------------------

def _write_tables(out: Path, groups: Sequence[Group], result: BatchResult) -> None:
    """``summary.csv``, ``pairs.parquet`` (or ``pairs.csv``) and ``errors.jsonl`` from every
    group's report, in manifest order; each file written atomically."""
    from drift.report.files import atomic_write
    from drift.report.tables import format_csv

    summary: list[dict[str, Any]] = []
    pairs: list[dict[str, Any]] = []
    failed = {e.id for e in result.errors}
    for g in groups:
        if g.id in failed:
            continue
        try:
            report = json.loads((out / g.id / "report.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        base = report["base"]
        for d in report["derivatives"]:
            s = d["summary"]
            summary.append({"id": g.id, "base": base["path"], "derivative": d["path"],
                            **{k: s.get(k) for k in ("coverage", "support", "mean_drift",
                                                     "max_drift", "verdict", "kind",
                                                     "p_derived", "n_pairs")},
                            "signature": report["signature"]})
            for p in d["pairs"]:
                pairs.append({
                    "id": g.id, "derivative": d["path"], "base_idx": p["base"],
                    "derivative_idx": p["derivative"],
                    "base_text": " ".join(base["sentences"][i] for i in p["base"]),
                    "derivative_text": " ".join(d["sentences"][j] for j in p["derivative"]),
                    "label": p["label"], "similarity": p["similarity"], "drift": p["drift"],
                    "severity": p.get("severity"), "lexical": p["lexical"],
                    "moved": bool(p["moved"]), "flags": p["flags"],
                    "signature": report["signature"]})
    atomic_write(out / "summary.csv", format_csv(SUMMARY_COLUMNS, summary).encode("utf-8"))
    _write_pairs(out, pairs)
    errors = "".join(json.dumps(e.to_dict(), ensure_ascii=False) + "\n" for e in result.errors)
    atomic_write(out / "errors.jsonl", errors.encode("utf-8"))


def _write_pairs(out: Path, pairs: list[dict[str, Any]]) -> None:
    """Every pair in one typed table: Parquet with pyarrow, else CSV (and one warning)."""
    from drift.report.files import atomic_write
    from drift.report.tables import format_csv

    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:
        log.warning("pairs.parquet needs the optional package 'pyarrow': pip install "
                    "'newsdrift[parquet]'; wrote pairs.csv instead")
        atomic_write(out / "pairs.csv", format_csv(PAIR_COLUMNS, pairs).encode("utf-8"))
        return
    schema = pa.schema([
        ("id", pa.string()), ("derivative", pa.string()),
        ("base_idx", pa.list_(pa.int32())), ("derivative_idx", pa.list_(pa.int32())),
        ("base_text", pa.string()), ("derivative_text", pa.string()), ("label", pa.string()),
        ("similarity", pa.float64()), ("drift", pa.float64()), ("severity", pa.float64()),
        ("lexical", pa.float64()),
        ("moved", pa.bool_()), ("flags", pa.list_(pa.string())), ("signature", pa.string()),
    ])
    table = pa.Table.from_pylist(pairs, schema=schema)
    sink = pa.BufferOutputStream()
    pq.write_table(table, sink, compression="zstd")
    atomic_write(out / "pairs.parquet", sink.getvalue().to_pybytes())
