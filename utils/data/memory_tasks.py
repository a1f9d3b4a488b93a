"""The two synthetic tasks of chapter 11: selective copying (Gu & Dao 2023) and running parity (Grazzi et al. 2024).

Shapes: B batch, L length of the data region, N tokens to copy, T sequence length.

**Selective copying.** A region of L positions holds N data symbols at random positions and ``BLANK``
everywhere else; then come N ``MARKER`` tokens. At the k-th marker the model must output the k-th data symbol
in the order of appearance. Inputs (B, L + N); targets (B, L + N) hold ``IGNORE`` everywhere except at the N
marker positions. Token ids: ``BLANK = 0``, ``MARKER = 1``, data symbols ``2 … n_symbols + 1``. Where the
symbols sit varies from sequence to sequence, so a model has to decide, from each token itself, whether to
store it or to ignore it.

**Running parity.** Bits ``x_1 … x_T`` ∈ {0, 1}; the target at step t is ``(x_1 + … + x_t) mod 2``.
"""

from __future__ import annotations

import torch

from .. import seeds
from ..validation import check_positive_int, describe

BLANK, MARKER, FIRST_SYMBOL = 0, 1, 2
IGNORE = -100  # the default ignore_index of torch.nn.functional.cross_entropy


def _check_int_tensor(name, value, ndim):
    if not isinstance(value, torch.Tensor) or value.dtype != torch.int64 or value.dim() != ndim:
        raise TypeError(f"{name} must be an int64 tensor with {ndim} axes, got {describe(value)}")


def selective_copying_sequences(symbols: torch.Tensor, positions: torch.Tensor,
                                length: int) -> tuple[torch.Tensor, torch.Tensor]:
    """Build the inputs and targets of selective copying from given symbols and positions.

    Args:
        symbols: (B, N) int64 data symbols (ids ≥ ``FIRST_SYMBOL``); ``symbols[b, k]`` is written at
            ``positions[b, k]``.
        positions: (B, N) int64 distinct positions in ``[0, length)``, in any order.
        length: L, the length of the data region.

    Returns:
        inputs (B, L + N): ``BLANK`` with the symbols at their positions, then N ``MARKER``;
        targets (B, L + N): ``IGNORE`` except the last N positions, which hold the symbols sorted by position.
    """
    _check_int_tensor("symbols", symbols, 2)
    _check_int_tensor("positions", positions, 2)
    length = check_positive_int("length", length)
    if symbols.shape != positions.shape:
        raise ValueError(f"symbols and positions must have the same shape (B, N), got {tuple(symbols.shape)} and "
                         f"{tuple(positions.shape)}")
    if (symbols < FIRST_SYMBOL).any():
        raise ValueError(f"symbols must be ids ≥ {FIRST_SYMBOL} (0 is BLANK, 1 is MARKER)")
    if (positions < 0).any() or (positions >= length).any():
        raise ValueError(f"positions must lie in [0, length) = [0, {length})")
    ordered = positions.sort(dim=1).values
    if (ordered[:, 1:] == ordered[:, :-1]).any():
        raise ValueError("positions must be distinct within each row")
    B, N = symbols.shape
    region = torch.full((B, length), BLANK, dtype=torch.int64).scatter(1, positions, symbols)  # (B, L)
    inputs = torch.cat([region, torch.full((B, N), MARKER, dtype=torch.int64)], dim=1)  # (B, L + N)
    in_order = symbols.gather(1, positions.argsort(dim=1))  # (B, N) by position
    targets = torch.cat([torch.full((B, length), IGNORE, dtype=torch.int64), in_order], dim=1)
    return inputs, targets


def selective_copying_batch(batch_size: int, length: int, n_tokens: int, n_symbols: int,
                            generator: torch.Generator) -> tuple[torch.Tensor, torch.Tensor]:
    """A random batch: ``n_tokens`` symbols drawn uniformly from ``n_symbols``, at distinct uniform positions.

    Returns (inputs, targets), each (B, L + N) int64, as ``selective_copying_sequences``. ``generator`` is a
    ``torch.Generator`` (e.g. ``utils.seeds.torch_generator(0)``), so that batches are reproducible.
    """
    B, L = check_positive_int("batch_size", batch_size), check_positive_int("length", length)
    N, K = check_positive_int("n_tokens", n_tokens), check_positive_int("n_symbols", n_symbols)
    if N > L:
        raise ValueError(f"n_tokens must be at most length, got n_tokens={N} > length={L}")
    if not isinstance(generator, torch.Generator):
        raise TypeError(f"generator must be a torch.Generator, got {describe(generator)}")
    symbols = torch.randint(FIRST_SYMBOL, FIRST_SYMBOL + K, (B, N), generator=generator)
    positions = torch.rand(B, L, generator=generator).argsort(dim=1)[:, :N]  # N distinct positions per row
    return selective_copying_sequences(symbols, positions, L)


def selective_copying_test_set(size: int, length: int, n_tokens: int, n_symbols: int, seed: int):
    """A fixed test set (inputs, targets): the same whatever ``RNN_BOOK_SEED`` says (checkpoints are scored on it)."""
    with seeds.exact_seeds():
        return selective_copying_batch(size, length, n_tokens, n_symbols, seeds.torch_generator(seed))


def running_parity(bits: torch.Tensor) -> torch.Tensor:
    """bits (B, T) int64 in {0, 1} → (B, T) int64, ``(bits[:, 0] + … + bits[:, t]) mod 2``."""
    _check_int_tensor("bits", bits, 2)
    if ((bits != 0) & (bits != 1)).any():
        raise ValueError("bits must hold only 0 and 1")
    return bits.cumsum(dim=1) % 2


def parity_batch(batch_size: int, length: int, generator: torch.Generator) -> tuple[torch.Tensor, torch.Tensor]:
    """Uniform random bits (B, T) and their running parity (B, T), both int64."""
    B, T = check_positive_int("batch_size", batch_size), check_positive_int("length", length)
    if not isinstance(generator, torch.Generator):
        raise TypeError(f"generator must be a torch.Generator, got {describe(generator)}")
    bits = torch.randint(0, 2, (B, T), generator=generator)
    return bits, running_parity(bits)


def parity_test_set(size: int, length: int, seed: int):
    """A fixed test set (bits, running parity), the same whatever ``RNN_BOOK_SEED`` says."""
    with seeds.exact_seeds():
        return parity_batch(size, length, seeds.torch_generator(seed))


def masked_accuracy(logits: torch.Tensor, targets: torch.Tensor) -> float:
    """Share of positions with ``targets != IGNORE`` whose argmax over the last axis of ``logits`` is right.

    logits (B, T, C), targets (B, T) int64.
    """
    if not isinstance(logits, torch.Tensor) or logits.dim() != 3:
        raise TypeError(f"logits must be a tensor of shape (B, T, C), got {describe(logits)}")
    _check_int_tensor("targets", targets, 2)
    if logits.shape[:2] != targets.shape:
        raise ValueError(f"logits (B, T, C) and targets (B, T) disagree: {tuple(logits.shape)} and "
                         f"{tuple(targets.shape)}")
    scored = targets != IGNORE
    if not scored.any():
        raise ValueError("targets has no position that is not IGNORE")
    return (logits.argmax(dim=-1)[scored] == targets[scored]).double().mean().item()
