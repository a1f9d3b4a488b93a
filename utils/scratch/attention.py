"""Attention from scratch in NumPy: the three score functions, the masked softmax and the context vector.

Shapes: B batch, S source positions, Hd decoder (query) size, He encoder (key) size, A attention size.
One decoder state ``query`` (B, Hd) is compared with every encoder state ``keys`` (B, S, He):

    dot       e_j = q · k_j                      (needs Hd = He; optionally divided by ``scale``)
    general   e_j = q W k_j,  W (Hd, He)          (Luong et al. 2015, "multiplicative")
    additive  e_j = v · tanh(q W_d + k_j W_e)     (Bahdanau et al. 2014), W_d (Hd, A), W_e (He, A), v (A,)

``mask`` (B, S) is ``True`` at real source positions and ``False`` at padding. Padded scores are set to −∞
*before* the softmax over the source axis, so their weights are exactly 0 and the real weights sum to 1.
"""

from __future__ import annotations

import numpy as np

from ..validation import as_float_array, check_shape, describe

SCORE_KINDS = ("dot", "general", "additive")


def _check_query_keys(query, keys) -> tuple[int, int, int, int]:
    query = as_float_array("query", query, ndim=2)
    keys = as_float_array("keys", keys, ndim=3)
    B, Hd = query.shape
    check_shape("keys", keys, (B, None, None), "(B, S, He) with B from query")
    return B, keys.shape[1], Hd, keys.shape[2]


def _check_mask(mask, B: int, S: int) -> np.ndarray:
    if not isinstance(mask, np.ndarray) or mask.dtype != bool:
        raise TypeError(f"mask must be a boolean NumPy array (True at real positions), got {describe(mask)}")
    check_shape("mask", mask, (B, S), "(B, S) with B, S from keys")
    if not mask.any(axis=1).all():
        raise ValueError("mask must have at least one True (real) position in every row")
    return mask


def dot_scores(query, keys, scale: float | None = None) -> np.ndarray:
    """Dot-product scores ``e[b, j] = query[b] · keys[b, j]`` (divided by ``scale`` if given).

    Args: query (B, H), keys (B, S, H), scale e.g. ``sqrt(H)`` for scaled dot-product attention.
    Returns: scores (B, S).
    """
    B, S, Hd, He = _check_query_keys(query, keys)
    if Hd != He:
        raise ValueError(f"dot scores need equal sizes: query has H={Hd}, keys have H={He} (use 'general')")
    scores = np.einsum("bh,bsh->bs", query, keys)  # (B, S)
    return scores / scale if scale is not None else scores


def general_scores(query, keys, W) -> np.ndarray:
    """Luong's general (multiplicative) scores ``e[b, j] = query[b] @ W @ keys[b, j]``.

    Args: query (B, Hd), keys (B, S, He), W (Hd, He). Returns: scores (B, S).
    """
    B, S, Hd, He = _check_query_keys(query, keys)
    W = as_float_array("W", W, ndim=2)
    check_shape("W", W, (Hd, He), "(Hd, He) with Hd from query and He from keys")
    return np.einsum("be,bse->bs", query @ W, keys)  # (B, He) against (B, S, He)


def additive_scores(query, keys, W_d, W_e, v) -> np.ndarray:
    """Bahdanau's additive scores ``e[b, j] = v · tanh(query[b] @ W_d + keys[b, j] @ W_e)``.

    Args: query (B, Hd), keys (B, S, He), W_d (Hd, A), W_e (He, A), v (A,). Returns: scores (B, S).
    """
    B, S, Hd, He = _check_query_keys(query, keys)
    W_d = as_float_array("W_d", W_d, ndim=2)
    W_e = as_float_array("W_e", W_e, ndim=2)
    v = as_float_array("v", v, ndim=1)
    A = W_d.shape[1]
    check_shape("W_d", W_d, (Hd, A), "(Hd, A) with Hd from query")
    check_shape("W_e", W_e, (He, A), "(He, A) with He from keys and A from W_d")
    check_shape("v", v, (A,), "(A,) with A from W_d")
    hidden = np.tanh((query @ W_d)[:, None, :] + keys @ W_e)  # (B, S, A)
    return hidden @ v  # (B, S)


def masked_softmax(scores, mask) -> np.ndarray:
    """Softmax over the source axis (axis 1) with padded positions excluded: scores (B, S), mask (B, S) bool.

    Returns weights (B, S): exactly 0 where ``mask`` is False, each row summing to 1 over the real positions.
    """
    scores = as_float_array("scores", scores, ndim=2)
    mask = _check_mask(mask, *scores.shape)
    masked = np.where(mask, scores, -np.inf)  # padding gets -inf *before* the softmax
    shifted = np.exp(masked - masked.max(axis=1, keepdims=True))  # exp(-inf) = 0 exactly
    return shifted / shifted.sum(axis=1, keepdims=True)


def attention_context(weights, values) -> np.ndarray:
    """The context vectors ``c[b] = Σ_j weights[b, j] · values[b, j]``: weights (B, S), values (B, S, He) → (B, He)."""
    weights = as_float_array("weights", weights, ndim=2)
    values = as_float_array("values", values, ndim=3)
    check_shape("values", values, (*weights.shape, None), "(B, S, He) with B, S from weights")
    return np.einsum("bs,bsh->bh", weights, values)


def attend(query, keys, mask, kind: str = "dot", scale: float | None = None, **params):
    """Scores of one ``kind`` → masked softmax → context; the keys are also the values.

    Args: query (B, Hd), keys (B, S, He), mask (B, S) bool, kind in ``SCORE_KINDS``; ``params`` are the
    weights of that kind (``W`` for general; ``W_d, W_e, v`` for additive); ``scale`` only for dot.
    Returns: context (B, He), weights (B, S).
    """
    if kind not in SCORE_KINDS:
        raise ValueError(f"kind must be one of {SCORE_KINDS}, got {kind!r}")
    if kind == "dot":
        scores = dot_scores(query, keys, scale=scale)
    elif kind == "general":
        scores = general_scores(query, keys, **params)
    else:
        scores = additive_scores(query, keys, **params)
    weights = masked_softmax(scores, mask)
    return attention_context(weights, keys), weights
