"""The pipeline: read documents -> segment -> embed -> align -> score, under one run plan.

:func:`analyze` is what :func:`drift.compare`, the CLI and ``drift batch`` all call. The
pipeline also says which texts a comparison embeds (:func:`embedding_needs`), so a caller that
encodes in bulk (``drift batch``) hands it exactly those vectors and never guesses.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from drift.align.calibrate import CROSS_LINGUAL_OVERLAP, Calibration, vocabulary_overlap
from drift.align.dp import Alignment
from drift.align.labels import label_pair
from drift.align.windows import align_windows, embed_windows, window_texts
from drift.embed.cache import EmbeddingCache
from drift.embed.encoder import Encoder
from drift.errors import ConfigError, InputError
from drift.pipeline.plan import RunPlan
from drift.result import Comparison, DerivativeResult, Pair, TextResult
from drift.score.driftscore import drift_scores, select_drift
from drift.score.evidence import copying_evidence
from drift.score.explain import Explanation, explain_pairs, explain_texts
from drift.score.rescale import load_baseline
from drift.score.severity import severity
from drift.score.summary import summarize
from drift.score.words import candidate_words
from drift.text.lexical import lexical_similarity
from drift.text.read import Document
from drift.text.segment import Sentence, segment_paragraphs

log = logging.getLogger("drift")

__all__ = ["analyze", "score_alignment", "segment", "Segmented", "embedding_needs",
           "looks_english"]


@dataclass(frozen=True)
class Segmented:
    """A read document and its sentences (:func:`segment`)."""

    document: Document
    sentences: tuple[Sentence, ...]

    @property
    def norms(self) -> list[str]:
        """The comparison form of each sentence (what the aligner embeds)."""
        return [s.norm for s in self.sentences]

    @property
    def texts(self) -> list[str]:
        """Each sentence as written (what the explanations and the drift score read)."""
        return [s.text for s in self.sentences]


def segment(document: Document | Segmented, plan: RunPlan) -> Segmented:
    """Split a read document into sentences with the plan's segmenter (a :class:`Segmented`
    is returned as it is).

    Raises:
        InputError: no sentence left after furniture removal.
    """
    if isinstance(document, Segmented):
        return document
    sentences = segment_paragraphs(document.paragraphs, plan.config.segmenter,
                                   document.line_maps)
    if not sentences:
        raise InputError(f"{document.path}: no sentences found")
    return Segmented(document, tuple(sentences))


def embedding_needs(plan: RunPlan, documents: Sequence[Segmented]) -> dict[str, list[str]]:
    """The texts a comparison of these documents embeds, by what embeds them: ``"model"``
    (the plan's encoder), ``"tokens"`` (the same encoder's token embeddings, when the plan's
    word vectors come from them) and, when the plan's drift score reads one, ``"second"`` (its
    second encoder).

    * ``model``: every window of 1..``max_group`` consecutive sentences of each document
      (comparison form: what the aligner embeds); with ``static`` word vectors, then every word
      the explanations may embed (:func:`drift.score.words.candidate_words` of the sentences
      as written);
    * ``tokens``: every sentence as written (an explanation embeds a bead's sentences one by
      one: :func:`drift.score.explain.explain_texts`);
    * ``second``: every window of the sentences as written (an aligned pair's texts are such
      windows).

    A superset of what :func:`analyze` will ask for, in first-seen order without repeats:
    ``analyze`` run with a cache holding exactly these vectors encodes nothing (a test holds
    the two to that).
    """
    k = plan.align.max_group
    windows = [t for d in documents for ws in window_texts(d.norms, k).values() for t in ws]
    written = [t for d in documents for t in d.texts]
    needs: dict[str, list[str]] = {}
    if plan.word_vectors == "static":
        needs["model"] = list(dict.fromkeys(windows + candidate_words(written)))
    else:
        needs["model"] = list(dict.fromkeys(windows))
        needs["tokens"] = explain_texts(written)
    if plan.second_model is not None:
        needs["second"] = list(dict.fromkeys(
            t for d in documents for ws in window_texts(d.texts, k).values() for t in ws))
    return needs


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
                    deriv: Sequence[Sentence], plan: RunPlan, encoder: Encoder | None = None,
                    cache: EmbeddingCache | None = None,
                    calibration: Calibration | None = None) -> list[Pair]:
    """Turn beads into scored, labelled :class:`Pair` objects.

    With an ``encoder``, each aligned pair is explained (:mod:`drift.score.explain`: flags and
    changed spans); without one, flags and changes stay empty. The plan's drift score goes into
    ``Pair.drift``: ``combined`` (needs the encoder), ``rescaled`` or ``cosine``. A
    ``calibration`` (another language) sets the cosine the ``paraphrase`` label needs.
    """
    drift = plan.drift
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
    baseline = load_baseline(plan.model.weights) if drift == "rescaled" else None
    pairs = []
    for k, bead in enumerate(alignment.beads):
        b_text = " ".join(base[i].norm for i in bead.base)
        d_text = " ".join(deriv[j].norm for j in bead.derivative)
        sim = bead.similarity
        lex = lexical_similarity(b_text, d_text) if bead.base and bead.derivative else None
        learned, e = explained.get(k, (None, None))
        pair = Pair(
            base=bead.base, derivative=bead.derivative, similarity=sim,
            drift=select_drift(drift, sim, learned, baseline), lexical=lex,
            label=label_pair(sim, lex, b_text, d_text,
                             calibration.paraphrase if calibration else None),
            moved=bead.moved,
        )
        if e is not None:
            pair = replace(pair, flags=e.flags, changes=e.changes, notes=e.notes,
                           severity=severity(e), evidence=e.evidence)
        pairs.append(pair)
    return pairs


def analyze(base: Document | Segmented, derivatives: Sequence[Document | Segmented],
            plan: RunPlan, encoder: Encoder, cache: EmbeddingCache | None = None,
            progress: Callable[[Iterable[Any]], Iterable[Any]] | None = None) -> Comparison:
    """Compare read (or already segmented) documents under a run plan.

    Args:
        base, derivatives: :class:`~drift.text.read.Document` objects (segmented here) or
            :class:`Segmented` ones.
        plan: the resolved run (:func:`drift.pipeline.make_plan`).
        encoder: the encoder the plan describes.
        cache: optional embedding cache (any object with ``get_many`` / ``put_many``).
        progress: may wrap the loop over derivatives (e.g. ``functools.partial(tqdm.tqdm,
            total=n)``); the library itself prints nothing.

    Raises:
        InputError: a document has no sentences left after furniture removal.
        ConfigError: ``encoder`` is not the plan's.
    """
    plan.check(encoder)
    docs = [segment(d, plan) for d in (base, *derivatives)]
    texts = [d.norms for d in docs]
    windows = embed_windows(texts, encoder, plan.align.max_group, cache)
    base_s, base_w = docs[0].sentences, windows[0]
    results = []
    items: Iterable[Any] = zip(docs[1:], windows[1:])
    for seg, wins in (progress(items) if progress else items):
        doc, sents, sent_texts = seg.document, seg.sentences, seg.norms
        alignment, sim11, calibration = align_windows(base_w, wins, texts[0], sent_texts,
                                                     plan.align, plan.calibrates, plan.margins)
        other_language = vocabulary_overlap(texts[0], sent_texts) < CROSS_LINGUAL_OVERLAP
        if not plan.multilingual and other_language and not looks_english(sent_texts):
            log.warning("%s shares almost no words with the base: if it is in another "
                        "language, use a multilingual model (--model multilingual)", doc.path)
        pairs = score_alignment(alignment, base_s, sents, plan, encoder, cache, calibration)
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
    b = docs[0].document
    return Comparison(
        model=plan.model.name, signature=plan.signature(), config=plan.to_dict(),
        base=TextResult(b.path, tuple(base_s), b.removed, b.encoding),
        derivatives=tuple(results),
    )
