"""The pipeline: read -> segment -> embed -> align -> score, over already-read documents.

:func:`analyze` is what :func:`drift.compare` and the CLI both call.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from typing import Any

import numpy as np

from drift.align import Alignment, align, window_similarities, window_texts
from drift.calibrate import CROSS_LINGUAL_OVERLAP, Calibration, calibrate, vocabulary_overlap
from drift.config import AlignConfig, DriftConfig
from drift.driftscore import drift_scores, select_drift
from drift.embed import EmbeddingCache, Encoder, embed
from drift.errors import ConfigError, InputError
from drift.read import Document
from drift.rescale import load_baseline
from drift.result import Comparison, DerivativeResult, Pair, TextResult
from drift.score import label_pair, lexical_similarity, summarize
from drift.segment import Sentence, segment_paragraphs

log = logging.getLogger("drift")

__all__ = ["analyze", "embed_windows", "align_windows", "score_alignment", "resolve_drift",
           "is_multilingual"]


def embed_windows(
    docs: Sequence[Sequence[str]], encoder: Encoder, max_size: int,
    cache: EmbeddingCache | None = None,
) -> list[dict[int, np.ndarray]]:
    """Embed every window of 1..``max_size`` consecutive sentences of each document at once.

    Args:
        docs: per document, its sentences (the text to embed).

    Returns:
        per document, ``k -> (n-k+1, d)`` normalised embeddings.
    """
    texts: list[str] = []
    spans: list[dict[int, tuple[int, int]]] = []
    for sents in docs:
        wins = window_texts(sents, max_size)
        doc_spans = {}
        for k, ws in wins.items():
            doc_spans[k] = (len(texts), len(texts) + len(ws))
            texts.extend(ws)
        spans.append(doc_spans)
    vecs = embed(texts, encoder, cache)
    dim = vecs.shape[1] if vecs.size else 0
    return [{k: (vecs[a:b] if b > a else np.zeros((0, dim), np.float32))
             for k, (a, b) in sp.items()} for sp in spans]


def align_windows(base_windows: dict[int, np.ndarray], deriv_windows: dict[int, np.ndarray],
                  base: Sequence[str], derivative: Sequence[str], cfg: AlignConfig,
                  cross_lingual: bool = False,
                  ) -> tuple[Alignment, dict[tuple[int, int], np.ndarray], Calibration | None]:
    """Align two documents from their window embeddings (:func:`embed_windows`).

    The sentence texts give the aligner lengths, numbers and junk lines for the options that
    use them (the ``textberg`` preset). With ``cross_lingual``, documents that share almost no
    words are aligned with thresholds calibrated for the pair (:mod:`drift.calibrate`).

    Returns:
        the alignment, the window similarities (``sims[(1, 1)]`` is the sentence matrix) and
        the calibration applied (None when none was).
    """
    sims = window_similarities(base_windows, deriv_windows)
    calibration = None
    if cross_lingual:
        cfg, calibration = calibrate(cfg, sims[(1, 1)], vocabulary_overlap(base, derivative))
    lengths = (np.array([len(s) for s in base]), np.array([len(s) for s in derivative]))
    alignment = align(sims, len(base), len(derivative), cfg, lengths=lengths,
                      texts=(list(base), list(derivative)))
    return alignment, sims, calibration


def resolve_drift(drift: str, model_name: str) -> str:
    """Resolve ``auto`` and check that the chosen drift score exists for the model.

    Raises:
        ConfigError: ``combined`` for a model it was not trained for, or ``rescaled`` for a
            model without a baseline.
    """
    from drift.driftscore import load_drift_model
    from drift.rescale import available_baselines

    trained_for = load_drift_model().meta.get("encoder")
    if drift == "auto":
        if model_name == trained_for:
            return "combined"
        return "rescaled" if model_name in available_baselines() else "cosine"
    if drift == "combined" and model_name != trained_for:
        raise ConfigError(
            f"the combined drift score is trained for {trained_for}, not {model_name}; "
            "use --drift rescaled or --drift cosine with this model")
    if drift == "rescaled":
        load_baseline(model_name)  # raises with the list of models that have one
    return drift


def score_alignment(alignment: Alignment, base: Sequence[Sentence],
                    deriv: Sequence[Sentence], encoder: Encoder | None = None,
                    cache: EmbeddingCache | None = None, drift: str = "cosine",
                    calibration: Calibration | None = None) -> list[Pair]:
    """Turn beads into scored, labelled :class:`Pair` objects.

    With an ``encoder``, each aligned pair is explained (:mod:`drift.explain`: flags and changed
    spans); without one, flags and changes stay empty. ``drift`` picks the score in
    ``Pair.drift`` (see :func:`resolve_drift`): ``combined`` (needs the encoder), ``rescaled``
    or ``cosine``. A ``calibration`` (another language) sets the cosine the ``paraphrase``
    label needs.
    """
    if drift in ("combined", "rescaled") and encoder is None:
        raise ConfigError(f"drift score {drift!r} needs the encoder")
    texts = [(" ".join(base[i].text for i in b.base), " ".join(deriv[j].text for j in b.derivative))
             for b in alignment.beads]
    aligned = [k for k, b in enumerate(alignment.beads) if b.base and b.derivative
               and b.similarity is not None]
    explained: dict[int, tuple[float | None, tuple[str, ...], tuple[dict, ...]]] = {}
    if encoder is not None and aligned:
        _, learned_all, expls, _ = drift_scores(
            [texts[k] for k in aligned], encoder, cache,
            similarity=[float(alignment.beads[k].similarity or 0.0) for k in aligned])
        for k, d, e in zip(aligned, learned_all, expls):
            explained[k] = (float(d), e.flags, tuple(c.to_dict() for c in e.changes))
    baseline = load_baseline(encoder.name) if drift == "rescaled" and encoder else None
    pairs = []
    for k, bead in enumerate(alignment.beads):
        b_text = " ".join(base[i].norm for i in bead.base)
        d_text = " ".join(deriv[j].norm for j in bead.derivative)
        sim = bead.similarity
        lex = lexical_similarity(b_text, d_text) if bead.base and bead.derivative else None
        learned, flags, changes = explained.get(k, (None, (), ()))
        score = select_drift(drift, sim, learned, baseline)
        pairs.append(Pair(
            base=bead.base, derivative=bead.derivative, similarity=sim,
            drift=score, lexical=lex,
            label=label_pair(sim, lex, b_text, d_text,
                             calibration.paraphrase if calibration else None),
            moved=bead.moved,
            flags=flags, changes=changes,
        ))
    return pairs


def is_multilingual(model: str, unknown: bool = True) -> bool:
    """Whether models.txt lists ``model`` with languages other than English only; ``unknown``
    for a model drift cannot tell about (an unlisted hub id or folder, or a bad name, which
    fails later, when the model is loaded)."""
    from drift.models import resolve_model

    try:
        languages = resolve_model(model).languages
    except Exception:  # noqa: BLE001 - reported when the model is loaded
        return unknown
    return unknown if languages == "?" else languages != "en"


def analyze(base: Document, derivatives: Sequence[Document], config: DriftConfig,
            encoder: Encoder, cache: EmbeddingCache | None = None,
            progress: Callable[[Iterable[Any]], Iterable[Any]] | None = None) -> Comparison:
    """Compare read documents with a loaded encoder.

    ``progress`` may wrap the loop over derivatives (e.g. ``functools.partial(tqdm.tqdm,
    total=n)``); the library itself prints nothing.

    Raises:
        InputError: a document has no sentences left after furniture removal.
    """
    docs = [base, *derivatives]
    sentences = [segment_paragraphs(d.paragraphs, config.segmenter) for d in docs]
    for d, s in zip(docs, sentences):
        if not s:
            raise InputError(f"{d.path}: no sentences found")
    drift_kind = resolve_drift(config.drift, encoder.name)
    k = config.align.max_group
    texts = [[s.norm for s in sents] for sents in sentences]
    windows = embed_windows(texts, encoder, k, cache)
    base_s, base_w = sentences[0], windows[0]
    multilingual = is_multilingual(config.model)
    calibrate_xl = config.cross_lingual and multilingual
    results = []
    items: Iterable[Any] = zip(derivatives, sentences[1:], windows[1:], texts[1:])
    for doc, sents, wins, sent_texts in (progress(items) if progress else items):
        alignment, sims, calibration = align_windows(base_w, wins, texts[0], sent_texts,
                                                     config.align, calibrate_xl)
        if not multilingual and vocabulary_overlap(texts[0], sent_texts) < CROSS_LINGUAL_OVERLAP:
            log.warning("%s shares almost no words with the base: if it is in another "
                        "language, use a multilingual model (--model multilingual)", doc.path)
        pairs = score_alignment(alignment, base_s, sents, encoder, cache, drift_kind,
                                calibration)
        summary = summarize(pairs, len(base_s), len(sents))
        if summary.kind == "translation":  # word-level flags compare words: none across languages
            pairs = [replace(p, flags=(), changes=()) for p in pairs]
        results.append(DerivativeResult(
            doc.path, tuple(sents), doc.removed, tuple(pairs), summary, sims[(1, 1)],
            calibration,
        ))
        log.info("%s: coverage %.2f, verdict %s", doc.path, summary.coverage, summary.verdict)
    return Comparison(
        model=encoder.name, signature=config.signature(encoder.name, drift_kind),
        config={**config.to_dict(), "drift": drift_kind},
        base=TextResult(base.path, tuple(base_s), base.removed), derivatives=tuple(results),
    )
