"""The classic synthetic tasks of chapters 01–05. Every builder is deterministic given its ``seed`` (and the
book-wide offset ``RNN_BOOK_SEED``, see ``utils.seeds``).

Shapes: N sequences, T time steps, K symbols. Inputs are float32 tensors ``(N, T, K)`` (batch first), labels
int64 tensors.
"""

from __future__ import annotations

import numpy as np
import torch

from .. import seeds
from ..validation import check_positive_int


def one_hot(symbols: np.ndarray, n_symbols: int) -> np.ndarray:
    """One-hot encode integer ``symbols`` of any shape ``S`` into float32 ``S + (n_symbols,)``."""
    n_symbols = check_positive_int("n_symbols", n_symbols)
    symbols = np.asarray(symbols)
    if not np.issubdtype(symbols.dtype, np.integer):
        raise TypeError(f"symbols must be integers, got dtype {symbols.dtype}")
    if symbols.size and (symbols.min() < 0 or symbols.max() >= n_symbols):
        raise ValueError(f"symbols must lie in [0, {n_symbols - 1}], got values in [{symbols.min()}, {symbols.max()}]")
    return np.eye(n_symbols, dtype=np.float32)[symbols]


def _random_symbols(n_sequences, seq_len, n_symbols, seed) -> tuple[np.random.Generator, np.ndarray]:
    """Validate the sizes of a symbol task; return its generator and (N, T) uniformly random symbols."""
    n_sequences = check_positive_int("n_sequences", n_sequences)
    seq_len = check_positive_int("seq_len", seq_len)
    n_symbols = check_positive_int("n_symbols", n_symbols)
    if n_symbols < 2:
        raise ValueError(f"n_symbols must be at least 2 for a classification task, got {n_symbols}")
    rng = seeds.rng(seed)
    return rng, rng.integers(0, n_symbols, size=(n_sequences, seq_len))


def make_first_symbol_task(
    n_sequences: int, seq_len: int, n_symbols: int = 4, seed: int = 0
) -> tuple[torch.Tensor, torch.Tensor]:
    """The "remember the first symbol" task: a many-to-one problem that needs memory.

    Each sequence is ``seq_len`` uniformly random symbols out of ``n_symbols``; the label is the *first*
    symbol, which the model must carry through ``seq_len - 1`` distracting steps. Guessing scores
    ``1 / n_symbols``; a model that only looks at the last input does no better.

    Returns:
        x: (N, T, K) float32 one-hot inputs.
        y: (N,) int64 labels in ``[0, K)``.
    """
    _, symbols = _random_symbols(n_sequences, seq_len, n_symbols, seed)  # (N, T)
    x = torch.from_numpy(one_hot(symbols, n_symbols))  # (N, T, K)
    y = torch.from_numpy(symbols[:, 0].astype(np.int64))  # (N,)
    return x, y


def make_marked_symbol_task(
    n_sequences: int, seq_len: int, n_symbols: int = 4, seed: int = 0
) -> tuple[torch.Tensor, torch.Tensor]:
    """The "recall the marked symbol" task: a many-to-one memory problem with lags of every length.

    Each sequence is ``seq_len`` uniformly random symbols out of ``n_symbols``; exactly one step, chosen
    uniformly at random, is *marked* by an extra input channel, and the label is the symbol at that step. The
    model must notice the mark, store that symbol and keep it until the end, ignoring the other inputs: the lag
    between the mark and the end of the sequence is uniform in ``[0, seq_len - 1]``. Guessing scores
    ``1 / n_symbols``.

    Returns:
        x: (N, T, K + 1) float32 inputs: K one-hot symbol channels, then the marker channel (1 at the marked step).
        y: (N,) int64 labels in ``[0, K)``.
    """
    rng, symbols = _random_symbols(n_sequences, seq_len, n_symbols, seed)  # (N, T)
    marked = rng.integers(0, seq_len, size=n_sequences)  # (N,)
    x = np.zeros((n_sequences, seq_len, n_symbols + 1), dtype=np.float32)  # (N, T, K + 1)
    x[..., :n_symbols] = one_hot(symbols, n_symbols)
    x[np.arange(n_sequences), marked, n_symbols] = 1.0
    y = symbols[np.arange(n_sequences), marked].astype(np.int64)  # (N,)
    return torch.from_numpy(x), torch.from_numpy(y)


def make_adding_problem(n_sequences: int, seq_len: int, seed: int = 0) -> tuple[torch.Tensor, torch.Tensor]:
    """The adding problem (Hochreiter & Schmidhuber 1997; this variant as in Le et al. 2015).

    Each sequence has two input channels: a value channel with numbers drawn uniformly from [0, 1], and a
    marker channel that is 1 at exactly two steps and 0 elsewhere — one step uniform in the first half
    ``[0, T // 2)``, the other uniform in the second half ``[T // 2, T)``. The target is the sum of the two
    marked values, so the model must notice the first marker, store its value for up to ``T - 1`` steps while
    ignoring every other value, and add the second. Always predicting 1.0 (the mean target) scores a mean
    squared error of Var(U + V) = 2/12 ≈ 0.167: the trivial baseline.

    Returns:
        x: (N, T, 2) float32 inputs, channel 0 the values, channel 1 the markers.
        y: (N,) float32 targets in [0, 2].
    """
    n_sequences = check_positive_int("n_sequences", n_sequences)
    seq_len = check_positive_int("seq_len", seq_len)
    if seq_len < 2:
        raise ValueError(f"seq_len must be at least 2 (one marker in each half), got {seq_len}")
    rng = seeds.rng(seed)
    values = rng.uniform(0.0, 1.0, size=(n_sequences, seq_len)).astype(np.float32)  # (N, T)
    rows = np.arange(n_sequences)
    first = rng.integers(0, seq_len // 2, size=n_sequences)  # (N,) in the first half
    second = rng.integers(seq_len // 2, seq_len, size=n_sequences)  # (N,) in the second half
    markers = np.zeros((n_sequences, seq_len), dtype=np.float32)
    markers[rows, first] = 1.0
    markers[rows, second] = 1.0
    x = np.stack([values, markers], axis=-1)  # (N, T, 2)
    y = values[rows, first] + values[rows, second]  # (N,)
    return torch.from_numpy(x), torch.from_numpy(y)


def _future_marker_args(seq_len, horizon, marker_prob) -> tuple[int, int, float]:
    seq_len = check_positive_int("seq_len", seq_len)
    horizon = check_positive_int("horizon", horizon)
    if marker_prob is None:
        marker_prob = 1.0 - 0.5 ** (1.0 / horizon)  # P(a marker among `horizon` steps) = 1/2
    if isinstance(marker_prob, bool) or not isinstance(marker_prob, (int, float, np.floating)):
        raise TypeError(f"marker_prob must be a float in (0, 1) or None, got {type(marker_prob).__name__}")
    if not 0.0 < marker_prob < 1.0:
        raise ValueError(f"marker_prob must lie strictly between 0 and 1, got {marker_prob}")
    return seq_len, horizon, float(marker_prob)


def future_marker_probability(seq_len: int, horizon: int = 5, marker_prob: float | None = None) -> np.ndarray:
    """P(y_t = 1) in ``make_future_marker_task`` for every step t = 0, ..., T − 1: a (T,) float64 array.

    Step t looks at the ``min(horizon, T − 1 − t)`` steps after it, each a marker with probability p, so
    ``P(y_t = 1) = 1 − (1 − p) ** min(horizon, T − 1 − t)`` (0 at the last step, which has no future). The markers
    are independent, so this is also P(y_t = 1 | x_1, ..., x_t): a model that cannot see the future can do no
    better than predict the more likely class, with accuracy ``max(P, 1 − P)`` at each step.
    """
    seq_len, horizon, p = _future_marker_args(seq_len, horizon, marker_prob)
    steps_ahead = np.minimum(horizon, seq_len - 1 - np.arange(seq_len))  # (T,)
    return 1.0 - (1.0 - p) ** steps_ahead


def make_future_marker_task(
    n_sequences: int, seq_len: int, horizon: int = 5, marker_prob: float | None = None, seed: int = 0
) -> tuple[torch.Tensor, torch.Tensor]:
    """A per-step labelling task whose labels depend on the *future*: "is there a marker in the next k steps?"

    Each sequence has one input channel that is 1 at *marker* steps and 0 elsewhere; every step is a marker
    independently with probability ``marker_prob`` (default ``1 − 0.5 ** (1 / horizon)``, which makes the two
    labels about equally frequent). The label of step t is 1 if at least one of the steps t + 1, ..., t + horizon
    (those that exist) holds a marker, else 0; step t itself does not count. Because the markers are independent,
    the past carries no information about a label: a unidirectional model can at best reach the accuracy of
    ``future_marker_probability``, while a model that reads the sequence backwards as well can be perfect.

    Returns:
        x: (N, T, 1) float32 markers.
        y: (N, T) int64 labels in {0, 1}.
    """
    n_sequences = check_positive_int("n_sequences", n_sequences)
    seq_len, horizon, p = _future_marker_args(seq_len, horizon, marker_prob)
    rng = seeds.rng(seed)
    markers = rng.random((n_sequences, seq_len)) < p  # (N, T) bool
    # ahead[:, t] = number of markers at steps t, ..., T - 1 (a reversed cumulative sum), with ahead[:, T] = 0.
    ahead = np.zeros((n_sequences, seq_len + 1), dtype=np.int64)
    ahead[:, :seq_len] = np.cumsum(markers[:, ::-1], axis=1)[:, ::-1]
    steps = np.arange(seq_len)
    in_window = ahead[:, steps + 1] - ahead[:, np.minimum(steps + horizon + 1, seq_len)]  # markers in t+1..t+k
    x = markers.astype(np.float32)[..., None]  # (N, T, 1)
    y = (in_window > 0).astype(np.int64)  # (N, T)
    return torch.from_numpy(x), torch.from_numpy(y)
