"""Linear recurrences ``h_t = a_t ⊙ h_{t-1} + b_t`` from scratch, in torch: a loop, a parallel scan, log space.

Chapter 11. Unlike the NumPy cells of this package these work on torch tensors, so that autograd gives their
gradients and the same code runs on a GPU. Shapes: B batch, T time, then any trailing feature axes (``...``,
usually H hidden units); time is axis 1, as in ``batch_first`` recurrent layers.

A step of the recurrence is the pair ``(a_t, b_t)``, the affine map ``h ↦ a_t ⊙ h + b_t``. Doing step 1 and
then step 2 is again such a map, ``combine((a1, b1), (a2, b2)) = (a1 ⊙ a2, a2 ⊙ b1 + b2)``, and ``combine`` is
associative. So all prefixes ``h_1 … h_T`` can be computed by a *scan* in ``⌈log2 T⌉`` rounds of elementwise
work (Hillis & Steele 1986; Blelloch 1990) instead of T dependent steps:

- ``scan_loop``        the reference: T steps, one after the other;
- ``scan_parallel``    the Hillis–Steele doubling scan: round k combines every position with the one 2^k before;
- ``scan_log``         for positive a and b, in log space with ``torch.cumsum`` and ``torch.logcumsumexp``
                       (Heinsen 2023): ``log h_t = a*_t + logcumsumexp_{s ≤ t}(log b_s − a*_s)``,
                       ``a* = cumsum(log a)``;
- ``scan_log_chunked`` the same in chunks, which keeps ``|a*|`` (and so float32 rounding) small on long sequences;
- ``scan_closed_form`` the tempting one-liner ``h = A ⊙ cumsum(b / A)`` with ``A = cumprod(a)``: exact in
                       theory, ``0 · inf = nan`` once ``A`` underflows (kept to show the pitfall).
"""

from __future__ import annotations

import math

import torch

from ..validation import describe


def combine(a1: torch.Tensor, b1: torch.Tensor, a2: torch.Tensor, b2: torch.Tensor):
    """Compose two steps: first ``h ↦ a1 ⊙ h + b1``, then ``h ↦ a2 ⊙ h + b2``. Returns ``(a1 ⊙ a2, a2 ⊙ b1 + b2)``.

    All four arguments broadcast against each other (any shapes torch can broadcast). The order matters: the
    composition is associative but not commutative.
    """
    return a1 * a2, a2 * b1 + b2


def scan_rounds(T: int) -> int:
    """Rounds of the doubling scan for T steps: ``⌈log2 T⌉`` (0 for T = 1)."""
    if isinstance(T, bool) or not isinstance(T, int) or T < 1:
        raise ValueError(f"T must be a positive int, got {T!r}")
    return math.ceil(math.log2(T)) if T > 1 else 0


def _check_pair(a, b, h0, names=("a", "b", "h0")):
    for name, value in zip(names[:2], (a, b), strict=True):
        if not isinstance(value, torch.Tensor):
            raise TypeError(f"{name} must be a torch.Tensor of shape (B, T, ...), got {describe(value)}")
    if a.dim() < 2:
        raise ValueError(f"{names[0]} must have shape (B, T, ...) with at least 2 axes, got shape {tuple(a.shape)}")
    if a.shape != b.shape:
        raise ValueError(f"{names[0]} and {names[1]} must have the same shape (B, T, ...), got {tuple(a.shape)} and "
                         f"{tuple(b.shape)}")
    if h0 is not None:
        if not isinstance(h0, torch.Tensor):
            raise TypeError(f"{names[2]} must be a torch.Tensor of shape (B, ...) or None, got {describe(h0)}")
        expected = (a.shape[0], *a.shape[2:])
        if tuple(h0.shape) != expected:
            raise ValueError(f"{names[2]} must have shape (B, ...) = {expected} (a's shape without the time axis), "
                             f"got {tuple(h0.shape)}")


def scan_loop(a: torch.Tensor, b: torch.Tensor, h0: torch.Tensor | None = None) -> torch.Tensor:
    """All states of ``h_t = a_t ⊙ h_{t-1} + b_t``, one step after the other (the reference).

    Args:
        a, b: (B, T, ...) coefficients and inputs.
        h0: (B, ...) initial state; None means zeros.

    Returns:
        h: (B, T, ...), ``h[:, t]`` the state after step t (``h_1`` first).

    The steps are taken with ``unbind`` rather than ``a[:, t]``: the backward pass of T indexing operations
    writes T full-size gradients, which makes it quadratic in T.
    """
    _check_pair(a, b, h0)
    h = torch.zeros_like(b[:, 0]) if h0 is None else h0
    states = []
    for a_t, b_t in zip(a.unbind(1), b.unbind(1), strict=True):
        h = a_t * h + b_t  # (B, ...)
        states.append(h)
    return torch.stack(states, dim=1)


def scan_parallel(a: torch.Tensor, b: torch.Tensor, h0: torch.Tensor | None = None) -> torch.Tensor:
    """The same states by a Hillis–Steele scan: ``scan_rounds(T)`` rounds, each a few whole-tensor operations.

    After round k, position t holds the composition of steps ``t − 2^k + 1 … t`` (or of all steps up to t, when
    fewer exist), so after ``⌈log2 T⌉`` rounds it holds all of them and its b part is ``h_t``. Works for any
    real or complex a and b (zeros and negative values included). Args and returns as ``scan_loop``.
    """
    _check_pair(a, b, h0)
    if h0 is not None:  # fold h0 into the first step: h_1 = a_1 h0 + b_1
        b = torch.cat([a[:, :1] * h0.unsqueeze(1) + b[:, :1], b[:, 1:]], dim=1)
    T, offset = a.shape[1], 1
    while offset < T:
        a_new, b_new = combine(a[:, :-offset], b[:, :-offset], a[:, offset:], b[:, offset:])  # (B, T - offset, ...)
        a = torch.cat([a[:, :offset], a_new], dim=1)
        b = torch.cat([b[:, :offset], b_new], dim=1)
        offset *= 2
    return b


def _check_log(log_a, log_b, log_h0):
    _check_pair(log_a, log_b, log_h0, names=("log_a", "log_b", "log_h0"))
    if log_a.is_complex() or log_b.is_complex():
        raise TypeError("log_a and log_b must be real: the log-space scan is for positive a and b")


def scan_log(log_a: torch.Tensor, log_b: torch.Tensor, log_h0: torch.Tensor | None = None) -> torch.Tensor:
    """``log h`` of the recurrence for positive a, b and h0, from their logs (Heinsen 2023).

    With ``a*_t = log a_1 + … + log a_t`` (``torch.cumsum``), ``h_t = e^{a*_t} (h0 + Σ_{s ≤ t} b_s e^{−a*_s})``, so

        ``log h_t = a*_t + logaddexp(log h0, logcumsumexp_{s ≤ t}(log b_s − a*_s))``.

    Args:
        log_a, log_b: (B, T, ...) logs of the coefficients and of the inputs (``-inf`` for an input of 0).
        log_h0: (B, ...) log of the initial state; None means h0 = 0.

    Returns:
        log_h: (B, T, ...). In float32 its absolute error grows with ``|a*_T|`` (about 1e-7 · |a*_T|): see
        ``scan_log_chunked`` for long sequences.
    """
    _check_log(log_a, log_b, log_h0)
    a_star = torch.cumsum(log_a, dim=1)  # (B, T, ...)
    log_sum = torch.logcumsumexp(log_b - a_star, dim=1)
    if log_h0 is not None:
        log_sum = torch.logaddexp(log_h0.unsqueeze(1), log_sum)
    return a_star + log_sum


def scan_log_chunked(log_a: torch.Tensor, log_b: torch.Tensor, log_h0: torch.Tensor | None = None,
                     chunk: int = 64) -> torch.Tensor:
    """``scan_log`` in chunks of ``chunk`` steps: each chunk starts from the last state of the one before.

    ``|a*|`` then never exceeds what one chunk accumulates, so the float32 error stays at the level of a short
    sequence; the ``⌈T / chunk⌉`` chunks run one after the other. Args and returns as ``scan_log``.
    """
    _check_log(log_a, log_b, log_h0)
    if isinstance(chunk, bool) or not isinstance(chunk, int) or chunk < 1:
        raise ValueError(f"chunk must be a positive int, got {chunk!r}")
    pieces, start = [], log_h0
    for a_piece, b_piece in zip(log_a.split(chunk, dim=1), log_b.split(chunk, dim=1), strict=True):
        piece = scan_log(a_piece, b_piece, start)  # (B, ≤ chunk, ...)
        pieces.append(piece)
        start = piece[:, -1]
    return torch.cat(pieces, dim=1)


def scan_closed_form(a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
    """``h = A ⊙ cumsum(b / A)`` with ``A = cumprod(a)`` and h0 = 0: algebraically the recurrence, numerically a
    trap. ``A_t`` shrinks geometrically; once it underflows to 0, ``b / A`` is inf and ``0 · inf`` is nan.
    Shown in chapter 11 as the pitfall that the log-space scan fixes. a, b: (B, T, ...) → h: (B, T, ...).
    """
    _check_pair(a, b, None)
    A = torch.cumprod(a, dim=1)  # (B, T, ...)
    return A * torch.cumsum(b / A, dim=1)
