"""Characters as integer ids, padded batches and a stratified split: the plumbing of character-level tasks.

Shapes: N strings, B a batch of them, T the longest one in a batch. Ids are int64; id 0 is padding, id 1 stands
for a character the vocabulary has never seen.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

import numpy as np
import torch
from torch.nn.utils.rnn import pad_sequence

from . import seeds
from .validation import describe

PAD, UNK = 0, 1


def _check_strings(name: str, strings) -> list[str]:
    if isinstance(strings, str) or not isinstance(strings, Sequence):
        raise TypeError(f"{name} must be a list of strings, got {describe(strings)}")
    bad = [type(s).__name__ for s in strings if not isinstance(s, str)]
    if bad:
        raise TypeError(f"{name} must contain only strings, found a {bad[0]}")
    return list(strings)


class CharVocab:
    """A character vocabulary: id 0 is padding, id 1 unknown, then every character seen at least ``min_count``
    times in the strings it is built from, most frequent first (ties in character order), so it is deterministic.
    """

    def __init__(self, strings: Sequence[str], min_count: int = 1):
        strings = _check_strings("strings", strings)
        if isinstance(min_count, bool) or not isinstance(min_count, int) or min_count < 1:
            raise ValueError(f"min_count must be a positive int, got {min_count!r}")
        counts = Counter(char for s in strings for char in s)
        kept = sorted((c for c, n in counts.items() if n >= min_count), key=lambda c: (-counts[c], c))
        self.chars = ["<pad>", "<unk>"] + kept
        self.index = {char: i for i, char in enumerate(self.chars)}

    def __len__(self) -> int:
        return len(self.chars)

    def encode(self, text: str) -> torch.Tensor:
        """``text`` of length L -> (L,) int64 ids (unknown characters become ``UNK``)."""
        if not isinstance(text, str):
            raise TypeError(f"text must be a str, got {describe(text)}")
        return torch.tensor([self.index.get(char, UNK) for char in text], dtype=torch.int64)

    def decode(self, ids) -> str:
        """(L,) ids -> the string (padding dropped, unknown shown as ``?``)."""
        return "".join("?" if i == UNK else self.chars[i] for i in map(int, ids) if i != PAD)


def pad_ids(sequences: Sequence[torch.Tensor], padding_value: int = PAD) -> tuple[torch.Tensor, torch.Tensor]:
    """A list of B 1-D int64 tensors (lengths L_b >= 1) -> padded (B, T) int64 with T = max L_b, lengths (B,) int64.

    Lengths stay on the CPU, as ``pack_padded_sequence`` requires.
    """
    if isinstance(sequences, torch.Tensor) or not isinstance(sequences, Sequence) or len(sequences) == 0:
        raise TypeError(f"sequences must be a non-empty list of 1-D tensors, got {describe(sequences)}")
    for b, s in enumerate(sequences):
        if not isinstance(s, torch.Tensor) or s.ndim != 1 or s.dtype != torch.int64:
            raise TypeError(f"sequences[{b}] must be a 1-D int64 tensor, got {describe(s)}")
        if len(s) == 0:
            raise ValueError(f"sequences[{b}] is empty: every sequence needs at least one step")
    lengths = torch.tensor([len(s) for s in sequences], dtype=torch.int64)
    return pad_sequence(list(sequences), batch_first=True, padding_value=padding_value), lengths


def stratified_split(
    labels, fractions: Sequence[float] = (0.7, 0.15, 0.15), seed: int = 0
) -> tuple[np.ndarray, ...]:
    """Split indices 0..N-1 into parts with the given ``fractions``, separately within every class.

    Each class's indices are shuffled with ``seeds.rng(seed)`` and cut at the rounded cumulative
    fractions, so every part has (up to rounding) the class proportions of the whole. Returns one sorted int64
    index array per fraction; together they cover every index exactly once.

    Args:
        labels: (N,) integer class labels (NumPy array, tensor or list).
        fractions: positive numbers that sum to 1, e.g. train, validation, test.
    """
    labels = np.asarray(labels.cpu() if isinstance(labels, torch.Tensor) else labels)
    if labels.ndim != 1 or not np.issubdtype(labels.dtype, np.integer):
        raise TypeError(f"labels must be a 1-D array of integers, got {describe(labels)}")
    fractions = np.asarray(fractions, dtype=float)
    if fractions.ndim != 1 or len(fractions) < 2 or (fractions <= 0).any() or abs(fractions.sum() - 1) > 1e-9:
        raise ValueError(f"fractions must be at least two positive numbers summing to 1, got {fractions.tolist()}")
    rng = seeds.rng(seed)
    parts = [[] for _ in fractions]
    for label in np.unique(labels):
        members = rng.permutation(np.flatnonzero(labels == label))
        cuts = np.round(np.cumsum(fractions)[:-1] * len(members)).astype(int)
        for part, chunk in zip(parts, np.split(members, cuts), strict=True):
            part.append(chunk)
    return tuple(np.sort(np.concatenate(part)).astype(np.int64) for part in parts)


def group_split(
    labels, groups: Sequence, fractions: Sequence[float] = (0.7, 0.15, 0.15), seed: int = 0
) -> tuple[np.ndarray, ...]:
    """Split indices 0..N-1 into parts with the given ``fractions`` so that every group lies in one part only.

    Use it when examples come in related families (the forms of one surname, the windows of one recording):
    a random split would put members of one family on both sides, and the test would partly measure memory.
    Each group counts for the class most of its members have (ties: the smallest label); within each class
    the groups are shuffled with ``seeds.rng(seed)`` and assigned in turn to the part that the middle of the
    group falls into along the cumulative fractions, so every part gets about its share of every class.
    Returns one sorted int64 index array per fraction; together they cover every index exactly once.

    Args:
        labels: (N,) integer class labels.
        groups: N hashable group keys (e.g. ``surname_stem`` of each name).
        fractions: positive numbers that sum to 1.
    """
    labels = np.asarray(labels.cpu() if isinstance(labels, torch.Tensor) else labels)
    if labels.ndim != 1 or not np.issubdtype(labels.dtype, np.integer):
        raise TypeError(f"labels must be a 1-D array of integers, got {describe(labels)}")
    if isinstance(groups, str) or not isinstance(groups, Sequence) or len(groups) != len(labels):
        raise ValueError(f"groups must be a sequence of {len(labels)} keys, one per label, got {describe(groups)}")
    fractions = np.asarray(fractions, dtype=float)
    if fractions.ndim != 1 or len(fractions) < 2 or (fractions <= 0).any() or abs(fractions.sum() - 1) > 1e-9:
        raise ValueError(f"fractions must be at least two positive numbers summing to 1, got {fractions.tolist()}")
    index = {key: i for i, key in enumerate(dict.fromkeys(groups))}  # first-appearance order: no hash order
    group_of = np.array([index[g] for g in groups])  # (N,) group number of every example
    members = [np.flatnonzero(group_of == g) for g in range(len(index))]
    group_label = np.array([np.bincount(labels[m]).argmax() for m in members])
    rng = seeds.rng(seed)
    bounds = np.cumsum(fractions)[:-1]
    parts = [[] for _ in fractions]
    for label in np.unique(group_label):
        order = rng.permutation(np.flatnonzero(group_label == label))
        sizes = np.array([len(members[g]) for g in order])
        middles = (np.cumsum(sizes) - sizes / 2) / sizes.sum()  # where each group's middle falls, in [0, 1]
        for g, part in zip(order, np.searchsorted(bounds, middles), strict=True):
            parts[part].append(members[g])
    return tuple(np.sort(np.concatenate(part)).astype(np.int64) if part else np.zeros(0, dtype=np.int64)
                 for part in parts)

