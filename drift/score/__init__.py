"""Score: pair labels (:mod:`.labels`), the per-derivative summary and verdict
(:mod:`.summary`), word-level explanations (:mod:`.explain`), drift scores (:mod:`.driftscore`,
:mod:`.rescale`) and sentence pairs without alignment (:mod:`.sentence_pairs`)."""

from drift.score.labels import LABEL_THRESHOLDS, LABELS, label_pair, lexical_similarity, tokens
from drift.score.summary import VERDICT_THRESHOLDS, VERDICTS, PairLike, Summary, summarize

__all__ = ["LABEL_THRESHOLDS", "LABELS", "label_pair", "lexical_similarity", "tokens",
           "VERDICT_THRESHOLDS", "VERDICTS", "PairLike", "Summary", "summarize"]
