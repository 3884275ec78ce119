"""Cosine similarities that do not depend on the CPU.

Embeddings are float32; a float32 dot product of two identical unit vectors gives 1.0000002
on one BLAS kernel and 0.99999994 on another. Every similarity drift compares is therefore
taken here: in float64 on rows renormalised in float64, clipped to ``[-1, 1]`` and rounded to
:data:`SIM_DECIMALS` decimals, far above the last-bit noise of float64 products and far below
any threshold drift uses.
"""

from __future__ import annotations

import numpy as np

__all__ = ["cosine_matrix", "pair_cosines", "unit_rows", "SIM_DECIMALS"]

#: similarities are rounded to this many decimals (1e-6): far above the last-bit noise of
#: float64 products, far below any threshold drift uses
SIM_DECIMALS = 6


def unit_rows(x: np.ndarray) -> np.ndarray:
    """``x`` as float64 with unit rows (zero rows stay zero)."""
    x = np.asarray(x, dtype=np.float64)
    if not x.size:
        return x.reshape(len(x) if x.ndim else 0, x.shape[-1] if x.ndim == 2 else 0)
    norms = np.linalg.norm(x, axis=1, keepdims=True)
    return x / np.where(norms > 0, norms, 1.0)


def cosine_matrix(a: np.ndarray, b: np.ndarray, *, normalized: bool = False) -> np.ndarray:
    """Cosine similarities ``(len(a), len(b))`` computed in float64, clipped to ``[-1, 1]`` and
    rounded to :data:`SIM_DECIMALS` decimals (machine-independent, see the module docstring).

    >>> cosine_matrix(np.array([[1.0, 0.0]], np.float32), np.array([[2.0, 0.0], [0, 1]])).tolist()
    [[1.0, 0.0]]
    """
    if not normalized:
        a, b = unit_rows(a), unit_rows(b)
    if not len(a) or not len(b):
        return np.zeros((len(a), len(b)))
    s = np.clip(np.asarray(a, np.float64) @ np.asarray(b, np.float64).T, -1.0, 1.0)
    return np.round(s, SIM_DECIMALS) + 0.0  # + 0.0 turns -0.0 into 0.0


def pair_cosines(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Row-wise cosine ``(n,)`` of two ``(n, d)`` arrays, machine-independent like
    :func:`cosine_matrix`.

    >>> pair_cosines(np.array([[1.0, 0.0], [0.0, 2.0]]), np.array([[1.0, 1.0], [0.0, 1.0]]))
    array([0.707107, 1.      ])
    """
    ua, ub = unit_rows(a), unit_rows(b)
    if not len(ua):
        return np.zeros(0)
    return np.round(np.clip(np.sum(ua * ub, axis=1), -1.0, 1.0), SIM_DECIMALS) + 0.0
