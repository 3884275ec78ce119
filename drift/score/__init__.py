"""Score: word-level explanations (:mod:`.words`, :mod:`.wordalign`, :mod:`.explain`), drift
scores (:mod:`.driftscore`, :mod:`.rescale`), the evidence of copying and ``p_derived``
(:mod:`.evidence`), what changed in meaning (:mod:`.severity`) and the per-derivative summary
and verdict (:mod:`.summary`)."""

from drift.score.summary import VERDICT_THRESHOLDS, VERDICTS, PairLike, Summary, summarize

__all__ = ["VERDICT_THRESHOLDS", "VERDICTS", "PairLike", "Summary", "summarize"]
