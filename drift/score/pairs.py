"""What the score layer reads of an aligned, scored pair: one protocol for all of it."""

from __future__ import annotations

from typing import Protocol

__all__ = ["PairLike"]


class PairLike(Protocol):
    """An aligned pair as the summary and the evidence read it (:class:`drift.result.Pair`
    has it): the base and derivative sentence indices (one side empty for an omission or an
    addition), its scores, its label (:data:`drift.align.labels.LABELS`) and whether it was
    matched out of order."""

    @property
    def base(self) -> tuple[int, ...]: ...
    @property
    def derivative(self) -> tuple[int, ...]: ...
    @property
    def similarity(self) -> float | None: ...
    @property
    def drift(self) -> float | None: ...
    @property
    def lexical(self) -> float | None: ...
    @property
    def label(self) -> str: ...
    @property
    def moved(self) -> bool: ...
