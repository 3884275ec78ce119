"""Evaluation against gold data: sentence alignment P/R/F1 on Text+Berg-style folders
(:mod:`.alignment`, ``drift eval align``)."""

from drift.evaluate.alignment import (
    AlignScores,
    EvalResult,
    evaluate_alignment,
    load_gold_folder,
    parse_ladder,
    read_ladder,
    score_alignments,
)

__all__ = ["AlignScores", "EvalResult", "evaluate_alignment", "load_gold_folder",
           "parse_ladder", "read_ladder", "score_alignments"]
