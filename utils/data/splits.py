"""Splits of a labelled data set into training, validation and test parts that keep the class proportions
(``stratified_split``), and that keep related examples together (``group_split``). Seeded through
``utils.seeds``.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import torch

from .. import seeds
from ..validation import describe


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
