"""Cross-lingual calibration of the aligner's thresholds (drift/calibrate.py)."""

from __future__ import annotations

import numpy as np
import pytest

from drift.align.calibrate import (
    CROSS_LINGUAL_OVERLAP,
    ENGLISH_SPREAD,
    ENGLISH_UNRELATED,
    calibrate,
    vocabulary_overlap,
)
from drift.config import AlignConfig, align_preset


def test_vocabulary_overlap_tells_languages_apart(examples):
    from drift.text.read import read_document

    def sents(name):
        return read_document(examples / name).paragraphs

    en = sents("base_reuters.txt")
    assert vocabulary_overlap(en, sents("independent_straits_times.txt")) > 0.4  # one language
    de = ["Der Flughafen war zwei Tage lang geschlossen.", "Später entließ der Präsident das Kabinett."]
    assert vocabulary_overlap(en, de) < CROSS_LINGUAL_OVERLAP
    assert vocabulary_overlap([], de) == 0.0


def test_thresholds_move_with_the_pairs_unrelated_level_and_spread():
    rng = np.random.default_rng(0)
    sims = rng.normal(0.05, 0.07, (8, 8))
    np.fill_diagonal(sims, 0.4)
    cfg = AlignConfig()
    new, cal = calibrate(cfg, sims, overlap=0.0)
    assert cal is not None
    u, r = np.median(sims), 1.4826 * np.median(np.abs(sims - np.median(sims)))
    assert cal.unrelated == pytest.approx(u) and cal.spread == pytest.approx(r)
    # 1 - 2 * skip = 0.6 on the English scale becomes u + (0.6 - u0) / r0 * r
    assert cal.match == pytest.approx(u + (0.6 - ENGLISH_UNRELATED) / ENGLISH_SPREAD * r)
    assert new.skip == pytest.approx((1 - cal.match) / 2)
    assert cal.match < 0.4 < 0.6  # a translation at 0.4 now beats two skips
    assert new.min_similarity < cal.match == new.move_threshold
    assert new.merge == cfg.merge and new.max_group == cfg.max_group


def test_no_calibration_within_one_language_or_when_it_cannot_be_estimated():
    sims = np.random.default_rng(1).uniform(0, 1, (6, 6))
    cfg = AlignConfig()
    assert calibrate(cfg, sims, overlap=0.6) == (cfg, None)           # same language
    assert calibrate(cfg, sims[:2, :2], overlap=0.0) == (cfg, None)   # 4 pairs: too few
    assert calibrate(cfg, np.full((5, 5), 0.3), overlap=0.0) == (cfg, None)  # no spread
    tb = align_preset("textberg")
    assert calibrate(tb, sims, overlap=0.0) == (tb, None)  # normalised costs: not cosines
