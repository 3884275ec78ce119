"""``drift match``: find what derives from what in a pile of articles.

The run:

1. **Read** the corpus (:mod:`drift.match.corpus`).
2. **Index** the articles the index under ``OUT/index`` does not hold yet: their sentences are
   encoded (each distinct text once, through the embedding cache; on Dask workers with an
   executor from :mod:`drift.batch.cluster`) and appended to the embedding index
   (:mod:`drift.match.semantic`), their n-grams to the verbatim index
   (:mod:`drift.match.verbatim`). Articles already indexed (same id, same sentences) are not
   read into the index again; a changed or vanished article rebuilds it.
3. **Candidates** from both indexes (:mod:`drift.match.candidates`); the nearest-neighbour
   search runs in chunks on the executor.
4. **Verify** the candidates with the pipeline (:mod:`drift.match.verify`), the earlier
   article (by date, else the first in corpus order) as the base: each distinct text the
   pipeline needs is encoded once here, and the bases go with their vectors to the processes
   of a :class:`drift.batch.executors.LocalExecutor` (``jobs`` above 1, with
   :func:`drift.match.verify.verify_task` among its parallel tasks) or to the Dask workers.
5. **Families** and provenance (:mod:`drift.match.families`).

:func:`match_corpus` returns a :class:`MatchResult`; :mod:`drift.match.outputs` writes it.
"""

from __future__ import annotations

import hashlib
import json
import logging
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from drift.config import DriftConfig
from drift.embed.cache import EmbeddingCache
from drift.errors import DriftError
from drift.match.candidates import Candidates, combine_candidates
from drift.match.config import MatchConfig
from drift.match.corpus import META_FIELDS, Article, read_corpus
from drift.match.families import Family, build_families
from drift.match.semantic import SentenceIndex, margin_matches
from drift.match.verbatim import WORD, ShingleIndex
from drift.match.verify import Verification, compare_pairs, verify_task

if TYPE_CHECKING:
    import pandas

log = logging.getLogger("drift")

__all__ = ["match_corpus", "MatchResult", "EDGE_COLUMNS", "ARTICLE_COLUMNS", "STATE_FILE",
           "DEFAULT_MODEL", "encode_chunk"]

#: the encoder ``drift match`` uses unless told otherwise: multilingual (translations are
#: found) and pure numpy, about four times as fast as all-MiniLM-L6-v2 on a CPU
DEFAULT_MODEL = "use-m3"
STATE_FILE = "state.json"
EDGE_COLUMNS = ["family", "source", "target", "p_derived", "verdict", "kind", "drift_kind",
                "coverage", "support", "matched_sentences", "mean_drift", "provenance",
                "direction", "linked_by", "evidence", *(f"source_{f}" for f in META_FIELDS),
                *(f"target_{f}" for f in META_FIELDS), "signature"]
ARTICLE_COLUMNS = ["id", "source", "family", "role", "parent", "kind", "p_derived",
                   "sentences", *META_FIELDS]


@dataclass(frozen=True)
class MatchResult:
    """What ``drift match`` found: typed tables as lists of rows (plain Python values).

    Attributes:
        articles: one row per article (:data:`ARTICLE_COLUMNS`): its family (the root's id,
            empty when alone), role (``root``, ``derived``, ``alone``), parent, the kind and
            ``p_derived`` of the edge into it, sentence count and metadata.
        edges: one row per derivation edge (:data:`EDGE_COLUMNS`), families in root order.
        families: one dict per family: ``family``, ``root``, ``root_reason``, ``members``,
            ``edges`` (source, target, kind, p_derived, provenance).
        candidates: candidate pairs (``a``, ``b`` ids, ``matched``, ``margin``, ``shared``,
            ``containment``, ``p_derived`` of the verification, ``derived``).
        signature: the settings (match and pipeline).
        stats: counts and seconds per stage.
    """

    articles: list[dict[str, Any]]
    edges: list[dict[str, Any]]
    families: list[dict[str, Any]]
    candidates: list[dict[str, Any]]
    signature: str
    stats: dict[str, Any] = field(default_factory=dict)

    def edges_frame(self) -> pandas.DataFrame:
        """:attr:`edges` as a DataFrame (pandas extra): scores ``float64``, counts ``int64``."""
        return _frame(self.edges, EDGE_COLUMNS, ("p_derived", "coverage", "support",
                                                 "mean_drift"), ("matched_sentences",))

    def articles_frame(self) -> pandas.DataFrame:
        """:attr:`articles` as a DataFrame (pandas extra)."""
        return _frame(self.articles, ARTICLE_COLUMNS, ("p_derived",), ("sentences",))

    def manifest(self) -> list[dict[str, Any]]:
        """The families as ``drift batch`` groups: ``{"id", "root", "derivatives"}`` (ids)."""
        return [{"id": f["family"], "root": f["root"],
                 "derivatives": [m for m in f["members"] if m != f["root"]]}
                for f in self.families]


def _frame(rows: list[dict[str, Any]], columns: list[str], floats: Iterable[str],
           ints: Iterable[str]) -> pandas.DataFrame:
    from drift._optional import import_optional

    pd = import_optional("pandas", "pandas", "MatchResult frames")
    df = pd.DataFrame(rows, columns=columns)
    for c in floats:
        df[c] = pd.to_numeric(df[c], errors="coerce").astype("float64")
    for c in ints:
        df[c] = df[c].astype("int64")
    return df


# --- encoding ---------------------------------------------------------------------------------

def encode_chunk(task: tuple[str, int, list[str]]) -> tuple[int, np.ndarray]:
    """Encode one chunk of sentences (a task for a worker): ``(chunk number, vectors)``."""
    from drift.embed.encoder import checked
    from drift.embed.models import load_encoder

    model, number, texts = task
    enc = load_encoder(model, lazy=True)
    return number, checked(enc.encode(texts), len(texts), enc.name)


def _encode(texts: list[str], model: str, encoder: Any, cache: EmbeddingCache | None,
            executor: Any, chunk: int = 2048) -> np.ndarray:
    """Unit rows for ``texts``: cached ones read, the rest encoded (on the executor when it has
    several workers) and cached; each distinct text once."""
    from drift.embed.encoder import embed

    distinct = list(dict.fromkeys(texts))
    if executor is None or getattr(executor, "workers", 1) <= 1:
        vecs = embed(distinct, encoder, cache) if distinct else np.zeros((0, 0), np.float32)
    else:
        found = cache.get_many(encoder.name, distinct) if cache is not None else {}
        missing = sorted((t for t in distinct if t not in found), key=lambda t: (len(t), t))
        tasks = [(model, k, missing[s:s + chunk])
                 for k, s in enumerate(range(0, len(missing), chunk))]
        for k, v in executor.map(encode_chunk, tasks):
            part = tasks[k][2]
            if cache is not None:
                cache.put_many(encoder.name, part, v)
            found.update(zip(part, v))
        vecs = np.stack([found[t] for t in distinct]) if distinct else np.zeros((0, 0))
    row = {t: i for i, t in enumerate(distinct)}
    return np.asarray(vecs, dtype=np.float32)[[row[t] for t in texts]]


# --- the stored index -------------------------------------------------------------------------

def _article_hash(a: Article) -> str:
    return hashlib.sha256("\n".join(a.sentences).encode("utf-8")).hexdigest()[:16]


@dataclass
class _Store:
    """The index under ``OUT/index``: which articles it holds, both indexes and the first
    sentence of each article."""

    folder: Path | None
    ids: list[str]
    hashes: list[str]
    offsets: list[int]
    shingles: ShingleIndex
    sentences: SentenceIndex | None
    signature: str

    def state(self) -> dict[str, Any]:
        return {"signature": self.signature, "ids": self.ids, "hashes": self.hashes,
                "offsets": self.offsets, "shingle_sizes": self.shingles.sizes,
                "shingle_chunks": len(self.shingles.chunks),
                "sentences": None if self.sentences is None else {
                    "dim": self.sentences.dim, "size": self.sentences.size,
                    "trained_at": self.sentences.trained_at, "nprobe": self.sentences.nprobe}}


def _open_store(folder: Path | None, signature: str, config: MatchConfig,
                articles: Sequence[Article]) -> _Store:
    fresh = _Store(folder, [], [], [0], ShingleIndex(config.ngram), None, signature)
    if folder is None or not (folder / STATE_FILE).exists():
        return fresh
    try:
        state = json.loads((folder / STATE_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        log.warning("%s: unreadable index state; the index is built anew", folder)
        return fresh
    if state.get("signature") != signature:
        log.info("the index was built with other settings; it is built anew")
        return fresh
    current = {a.id: _article_hash(a) for a in articles}
    if any(current.get(i) != h for i, h in zip(state["ids"], state["hashes"])):
        log.warning("articles of the index changed or are missing from the corpus; the index "
                    "is built anew")
        return fresh
    offsets = [int(x) for x in state["offsets"]]
    shingles = ShingleIndex.load(folder, config.ngram, state["shingle_sizes"],
                                 int(state["shingle_chunks"]))
    owners = np.repeat(np.arange(len(offsets) - 1), np.diff(offsets))
    sent = None if state.get("sentences") is None else \
        SentenceIndex.load(folder, state["sentences"], owners)
    return _Store(folder, list(state["ids"]), list(state["hashes"]), offsets, shingles, sent,
                  signature)


def _save_store(store: _Store) -> None:
    if store.folder is None:
        return
    from drift.report.files import atomic_write

    store.folder.mkdir(parents=True, exist_ok=True)
    store.shingles.save(store.folder)
    if store.sentences is not None:
        store.sentences.save()
    atomic_write(store.folder / STATE_FILE,
                 json.dumps(store.state(), ensure_ascii=False).encode("utf-8"))


# --- the run ----------------------------------------------------------------------------------

def _words(text: str) -> int:
    return len(WORD.findall(text))


def match_corpus(corpus: Sequence[str | Path] | Sequence[Article], *,
                 config: MatchConfig | None = None, drift_config: DriftConfig | None = None,
                 index_dir: str | Path | None = None, cache: EmbeddingCache | None = None,
                 encoder: Any = None, executor: Any = None, wave: int = 2000,
                 progress: Callable[[str], None] | None = None,
                 skipped: Sequence[str] = ()) -> MatchResult:
    """Find the families of a corpus (see the module docstring).

    Args:
        corpus: files and folders (or already read :class:`Article` objects).
        config: candidate settings (default :class:`MatchConfig`).
        drift_config: the pipeline's settings (default: :class:`DriftConfig` with the model
            :data:`DEFAULT_MODEL`).
        index_dir: where the incremental index lives (None: in memory only).
        cache: the embedding cache.
        encoder: an encoder to use instead of loading ``drift_config.model``.
        executor: where the work goes: a :class:`drift.batch.executors.LocalExecutor` (the
            verification of the bases in its ``jobs`` processes when its ``parallel`` tasks
            include :func:`drift.match.verify.verify_task`; everything else here) or a
            :class:`drift.batch.cluster.DaskExecutor` (encoding, the neighbour search and the
            verification on the workers); None: everything here, in this process.
        wave: articles indexed together (bounds memory).
        progress: called with a line of text after each stage.
        skipped: articles the caller left out when reading (recorded in the stats).

    Returns:
        A :class:`MatchResult`.
    """
    from drift._optional import import_optional
    from drift.embed.models import load_encoder
    from drift.pipeline import make_plan

    import_optional("faiss", "match", "drift match")  # before any work: one line if missing
    config = config or MatchConfig()
    drift_config = drift_config or DriftConfig(model=DEFAULT_MODEL)
    say = progress or (lambda line: log.info("%s", line))
    stats: dict[str, Any] = {}
    t0 = time.perf_counter()
    articles: list[Article] = [a for a in corpus if isinstance(a, Article)]
    left_out = list(skipped)
    if len(articles) != len(corpus):
        articles = read_corpus([Path(p) for p in corpus if not isinstance(p, Article)],
                               strip=drift_config.strips,
                               segmenter=drift_config.segmenter, skipped=left_out)
    stats["skipped"] = left_out
    stats["articles"] = len(articles)
    stats["sentences"] = sum(len(a.sentences) for a in articles)
    stats["read_s"] = round(time.perf_counter() - t0, 2)
    say(f"read {len(articles)} articles, {stats['sentences']} sentences")
    encoder = encoder or load_encoder(drift_config.model, precision=drift_config.precision,
                                      lazy=True)
    plan = make_plan(drift_config, encoder)
    signature = f"{config.signature()}|{plan.signature()}"
    store = _open_store(Path(index_dir) if index_dir else None,
                        f"{encoder.name}|{config.index_signature()}|seg:{drift_config.segmenter}",
                        config, articles)
    by_id = {a.id: k for k, a in enumerate(articles)}
    # corpus order for the articles already indexed, then the new ones in the order given
    known = set(store.ids)
    order = [by_id[i] for i in store.ids] + [k for k, a in enumerate(articles)
                                             if a.id not in known]
    articles = [articles[k] for k in order]
    new = articles[len(store.ids):]
    t1 = time.perf_counter()
    for w0 in range(0, len(new), wave):
        part = new[w0:w0 + wave]
        texts = [s for a in part for s in a.sentences]
        vecs = _encode(texts, drift_config.model, encoder, cache, executor)
        if store.sentences is None:
            store.sentences = SentenceIndex(vecs.shape[1], store.folder, config.nprobe,
                                            config.ann)
        owners = np.repeat(np.arange(len(store.ids), len(store.ids) + len(part)),
                           [len(a.sentences) for a in part])
        store.sentences.add(vecs, owners)
        store.shingles.add([a.sentences for a in part])
        for a in part:
            store.ids.append(a.id)
            store.hashes.append(_article_hash(a))
            store.offsets.append(store.offsets[-1] + len(a.sentences))
    stats["indexed"] = len(new)
    stats["index_s"] = round(time.perf_counter() - t1, 2)
    say(f"indexed {len(new)} new articles ({len(articles) - len(new)} already indexed)")
    t2 = time.perf_counter()
    index = store.sentences
    if index is None:
        raise DriftError("no sentences to index")
    texts_all = [s for a in articles for s in a.sentences]
    ok = np.array([_words(t) >= config.min_words for t in texts_all], dtype=bool)
    mapper = None if executor is None else executor.map
    nb = index.neighbours(config.k, ok, mapper=mapper)
    matches = margin_matches(nb, config.min_similarity, config.min_margin, config.skip)
    verbatim = store.shingles.pairs(config.max_df, config.min_shared)
    cands = combine_candidates(verbatim, matches, index.owners, min_shared=config.min_shared,
                               min_matched=config.min_matched, per_document=config.per_document)
    _save_store(store)
    stats.update(candidates=len(cands), sentence_matches=len(matches.x),
                 verbatim_pairs=len(verbatim), candidates_s=round(time.perf_counter() - t2, 2))
    say(f"{len(cands)} candidate pairs ({len(verbatim)} verbatim, {len(matches.x)} sentence "
        "matches)")
    t3 = time.perf_counter()

    def orient(a: int, b: int) -> tuple[int, int]:
        da, db = articles[a].date, articles[b].date
        if da and db and db < da or db and not da:
            return b, a
        return a, b

    pairs = [orient(int(a), int(b)) for a, b in zip(cands.a, cands.b)]

    dask = executor is not None and getattr(executor, "client", None) is not None
    # the groups go to the Dask workers, or to the processes of a LocalExecutor whose jobs
    # include verification; the vectors are gathered here (encoded on Dask workers)
    spread = dask or (executor is not None and getattr(executor, "jobs", 1) > 1
                      and verify_task in getattr(executor, "parallel", ()))
    timing: dict[str, float] = {}
    asked = [0]

    def verify(ps: Sequence[tuple[int, int]]) -> dict[tuple[int, int], Verification]:
        asked[0] += len(set(ps))
        return compare_pairs(articles, ps, plan, encoder, cache,
                             mapper=executor.map if spread else None,
                             encode_map=executor.map if dask else None, timing=timing)

    verified = verify(pairs)
    stats["verify_s"] = round(time.perf_counter() - t3, 2)
    say(f"verified {len(verified)} pairs, {sum(v.derived for v in verified.values())} derived")
    t4 = time.perf_counter()
    vectors = index.vectors()
    offsets = store.offsets
    families = build_families(articles, verified, verify,
                              lambda k: vectors[offsets[k]:offsets[k + 1]])
    stats["families"] = len(families)
    stats["families_s"] = round(time.perf_counter() - t4, 2)
    stats["verified_pairs"] = asked[0]
    stats["verify_encode_s"] = round(timing.get("encode_s", 0.0), 2)
    stats["verify_pipeline_s"] = round(timing.get("verify_s", 0.0), 2)
    stats["seconds"] = round(time.perf_counter() - t0, 2)
    return _result(articles, families, cands, verified, signature, stats)


def _meta(a: Article, prefix: str = "") -> dict[str, str]:
    return {f"{prefix}{f}": a.meta.get(f, "") for f in META_FIELDS}


def _result(articles: Sequence[Article], families: Sequence[Family], cands: Candidates,
            verified: dict[tuple[int, int], Verification], signature: str,
            stats: dict[str, Any]) -> MatchResult:
    edges: list[dict[str, Any]] = []
    fams: list[dict[str, Any]] = []
    role: dict[int, tuple[str, str, str, str, float | None]] = {}
    for f in families:
        root = articles[f.root].id
        role[f.root] = (root, "root", "", "", None)
        fam_edges = []
        for e in f.edges:
            v = e.verification
            src, tgt = articles[e.source], articles[e.target]
            role[e.target] = (root, "derived", src.id, v.kind, v.p_derived)
            evidence = {**v.evidence, "coverage": v.coverage, "support": v.support}
            edges.append({"family": root, "source": src.id, "target": tgt.id,
                          "p_derived": v.p_derived, "verdict": v.verdict, "kind": v.kind,
                          "drift_kind": v.drift_kind, "coverage": v.coverage,
                          "support": v.support, "matched_sentences": v.aligned,
                          "mean_drift": v.mean_drift, "provenance": e.provenance,
                          "direction": e.direction, "linked_by": e.linked_by,
                          "evidence": json.dumps(evidence, ensure_ascii=False, sort_keys=True),
                          **_meta(src, "source_"), **_meta(tgt, "target_"),
                          "signature": signature})
            fam_edges.append({"source": src.id, "target": tgt.id, "kind": v.kind,
                              "verdict": v.verdict, "p_derived": v.p_derived,
                              "provenance": e.provenance, "direction": e.direction,
                              "linked_by": e.linked_by})
        fams.append({"family": root, "root": root, "root_reason": f.root_reason,
                     "members": [articles[m].id for m in f.members], "edges": fam_edges})
    rows = []
    for k, a in enumerate(articles):
        fam, r, parent, kind, p = role.get(k, ("", "alone", "", "", None))
        rows.append({"id": a.id, "source": a.source, "family": fam, "role": r,
                     "parent": parent, "kind": kind, "p_derived": p,
                     "sentences": len(a.sentences), **_meta(a)})
    cand_rows = []
    for a, b, m, g, s, c in zip(cands.a, cands.b, cands.matched, cands.margin, cands.shared,
                                cands.containment):
        found = verified.get((int(a), int(b))) or verified.get((int(b), int(a)))
        cand_rows.append({"a": articles[int(a)].id, "b": articles[int(b)].id,
                          "matched": int(m), "margin": float(g), "shared": int(s),
                          "containment": round(float(c), 4),
                          "p_derived": None if found is None else found.p_derived,
                          "derived": bool(found is not None and found.derived)})
    return MatchResult(rows, edges, fams, cand_rows, signature, stats)
