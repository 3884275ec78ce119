"""Cross-lingual calibration of the aligner's thresholds (``drift score``, ``drift align``).

The English aligner's costs are cosine thresholds set for all-MiniLM-L6-v2 on English text: a
1-1 bead beats two skips when ``s > 1 - 2 * skip`` (0.6), a bead below ``min_similarity``
(0.5) is dropped, a moved sentence needs ``move_threshold`` (0.6) (see :mod:`drift.align`).
Across languages a multilingual encoder puts faithful translations lower, and how much lower
depends on the language: with the ``multilingual`` ensemble German translations of news
sentences score about 0.67, Macedonian ones 0.33-0.49, so a faithful Macedonian translation
would be called an independent report.

When a base and a derivative share almost no words (:func:`vocabulary_overlap` below
:data:`CROSS_LINGUAL_OVERLAP`: they are in different languages) and the model is multilingual
(with an English model drift warns instead), drift moves those three
thresholds to where they stand for this pair. Most sentence pairs of two documents are
unrelated, so the median ``u`` and the robust spread ``r`` (1.4826 x the median absolute
deviation) of the sentence similarity matrix locate "unrelated" for this language pair and
model. A threshold ``x`` set on the English scale becomes ``u + (x - u0) / r0 * r``, where
``u0 = 0.20`` and ``r0 = 0.17`` are the same statistics of all-MiniLM-L6-v2 on English: the
mean over the example corpus' four derivatives against its base (0.19-0.22 and 0.16-0.19 each;
``benchmarks/calibration_reference.py``). A sentence then aligns when it stands out
from the unrelated bulk as far as it must in English. Similarities themselves are not changed
(the merge penalty keeps its meaning), and drift is computed from the raw cosine; the pair
label ``paraphrase`` (cosine 0.70 in English) moves in the same way.

``drift score`` and ``drift align`` calibrate; ``drift eval align`` never does, and neither
does a preset with Vecalign's normalisation (its skip cost is not a cosine threshold).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np

from drift.align.labels import LABEL_THRESHOLDS
from drift.config import AlignConfig

__all__ = ["Calibration", "vocabulary_overlap", "calibrate", "CROSS_LINGUAL_OVERLAP",
           "ENGLISH_UNRELATED", "ENGLISH_SPREAD"]

CROSS_LINGUAL_OVERLAP = 0.2
ENGLISH_UNRELATED = 0.20
ENGLISH_SPREAD = 0.17
_MIN_CELLS = 9  # below this many sentence pairs the median and spread mean little
_WORD = re.compile(r"[^\W\d_]{2,}")


@dataclass(frozen=True)
class Calibration:
    """How the aligner's thresholds were moved for a derivative in another language.

    Attributes:
        overlap: vocabulary overlap of the two documents (:func:`vocabulary_overlap`).
        unrelated: median sentence similarity of the pair (``u``).
        spread: robust spread of the sentence similarities (``r``).
        match: similarity above which a 1-1 bead beats two skips (0.6 in English).
        min_similarity, move_threshold: the moved thresholds.
        paraphrase: the pair label ``paraphrase`` needs this similarity (0.70 in English).
    """

    overlap: float
    unrelated: float
    spread: float
    match: float
    min_similarity: float
    move_threshold: float
    paraphrase: float

    def to_dict(self) -> dict[str, float]:
        return {k: round(float(getattr(self, k)), 4) for k in self.__dataclass_fields__}


def vocabulary_overlap(base: Sequence[str], derivative: Sequence[str]) -> float:
    """Share of the smaller document's word types (letters only, 2+ characters, lowercased)
    that the other document also uses. Documents in one language share their function words
    (0.5 or more in the example corpus, even between independent reports); documents in two
    languages share only names (0.00-0.03 for the German, French and Macedonian test texts).

    >>> vocabulary_overlap(["The airport was closed."], ["The airport reopened."])
    0.6666666666666666
    >>> vocabulary_overlap(["The airport was closed."], ["Der Flughafen war geschlossen."])
    0.0
    """
    a = {w.lower() for s in base for w in _WORD.findall(s)}
    b = {w.lower() for s in derivative for w in _WORD.findall(s)}
    if not a or not b:
        return 0.0
    return len(a & b) / min(len(a), len(b))


def calibrate(cfg: AlignConfig, sentence_sims: np.ndarray, overlap: float
              ) -> tuple[AlignConfig, Calibration | None]:
    """The aligner settings for one document pair (see the module docstring).

    Args:
        cfg: the settings on the English scale.
        sentence_sims: ``(n, m)`` cosine similarities of single sentences.
        overlap: the documents' :func:`vocabulary_overlap`.

    Returns:
        ``(cfg, calibration)``: settings with ``skip``, ``min_similarity`` and
        ``move_threshold`` moved, and how; or ``cfg`` unchanged and None when the documents look
        like one language, ``cfg.normalize`` is on, or there are too few sentence pairs (fewer
        than 9) or too uniform similarities to estimate the spread.
    """
    s = np.asarray(sentence_sims, dtype=np.float64)
    if overlap >= CROSS_LINGUAL_OVERLAP or cfg.normalize or s.size < _MIN_CELLS:
        return cfg, None
    u = float(np.median(s))
    r = 1.4826 * float(np.median(np.abs(s - u)))
    if r < 1e-3:
        return cfg, None

    def move(x: float) -> float:
        return float(np.clip(u + (x - ENGLISH_UNRELATED) / ENGLISH_SPREAD * r, -1.0, 1.0))

    match = move(1.0 - 2.0 * cfg.skip)
    new = replace(cfg, skip=float(np.clip((1.0 - match) / 2.0, 0.0, 2.0)),
                  min_similarity=move(cfg.min_similarity),
                  move_threshold=move(cfg.move_threshold))
    paraphrase = move(LABEL_THRESHOLDS["paraphrase_similarity"])
    return new, Calibration(overlap, u, r, match, new.min_similarity, new.move_threshold,
                            paraphrase)
