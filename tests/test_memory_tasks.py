"""utils.data.memory_tasks against loops written out here: selective-copying sequences, running parity, accuracy."""

import pytest
import torch

from utils import seeds
from utils.data import memory_tasks as mt


def copying_reference(symbols, positions, length):
    inputs, targets = [], []
    for row_symbols, row_positions in zip(symbols.tolist(), positions.tolist(), strict=True):
        region = [mt.BLANK] * length
        for s, p in zip(row_symbols, row_positions, strict=True):
            region[p] = s
        inputs.append(region + [mt.MARKER] * len(row_symbols))
        in_order = [s for p, s in sorted(zip(row_positions, row_symbols, strict=True))]
        targets.append([mt.IGNORE] * length + in_order)
    return torch.tensor(inputs), torch.tensor(targets)


def test_sequences_put_symbols_in_place_and_targets_in_order_of_appearance():
    symbols = torch.tensor([[5, 3, 7], [2, 2, 9]])
    positions = torch.tensor([[6, 1, 3], [0, 7, 4]])  # not sorted: the targets follow the positions
    inputs, targets = mt.selective_copying_sequences(symbols, positions, 8)
    assert inputs.tolist() == [[0, 3, 0, 7, 0, 0, 5, 0, 1, 1, 1], [2, 0, 0, 0, 9, 0, 0, 2, 1, 1, 1]]
    assert targets[:, 8:].tolist() == [[3, 7, 5], [2, 9, 2]] and (targets[:, :8] == mt.IGNORE).all()
    gen = torch.Generator().manual_seed(0)
    for _ in range(5):
        B, N, L = 4, 5, 12
        sym = torch.randint(2, 10, (B, N), generator=gen)
        pos = torch.rand(B, L, generator=gen).argsort(1)[:, :N]
        got, ref = mt.selective_copying_sequences(sym, pos, L), copying_reference(sym, pos, L)
        assert torch.equal(got[0], ref[0]) and torch.equal(got[1], ref[1])


def test_random_batches_are_valid_and_reproducible():
    inputs, targets = mt.selective_copying_batch(50, 20, 6, 4, torch.Generator().manual_seed(1))
    assert inputs.shape == targets.shape == (50, 26) and inputs.dtype == torch.int64
    region = inputs[:, :20]
    assert ((region >= 2) & (region < 6)).sum(1).eq(6).all() and (inputs[:, 20:] == mt.MARKER).all()
    for row_in, row_t in zip(inputs.tolist(), targets.tolist(), strict=True):
        assert [s for s in row_in[:20] if s != mt.BLANK] == row_t[20:]
    again = mt.selective_copying_batch(50, 20, 6, 4, torch.Generator().manual_seed(1))
    assert torch.equal(again[0], inputs)


def test_test_sets_ignore_the_book_seed(monkeypatch):
    first = mt.selective_copying_test_set(10, 16, 4, 8, seed=3)
    bits = mt.parity_test_set(10, 12, seed=3)
    monkeypatch.setenv(seeds.SEED_VARIABLE, "2")
    assert torch.equal(mt.selective_copying_test_set(10, 16, 4, 8, seed=3)[0], first[0])
    assert torch.equal(mt.parity_test_set(10, 12, seed=3)[0], bits[0])
    assert not torch.equal(mt.parity_batch(10, 12, seeds.torch_generator(3))[0], bits[0])


def test_running_parity_and_its_batches():
    bits = torch.tensor([[1, 0, 1, 1, 0], [0, 0, 0, 1, 1]])
    assert mt.running_parity(bits).tolist() == [[1, 1, 0, 1, 1], [0, 0, 0, 1, 0]]
    b, y = mt.parity_batch(30, 17, torch.Generator().manual_seed(2))
    for row, parity in zip(b.tolist(), y.tolist(), strict=True):
        assert parity == [sum(row[:t + 1]) % 2 for t in range(17)]


def test_masked_accuracy_counts_only_scored_positions():
    logits = torch.tensor([[[0.0, 1.0], [1.0, 0.0], [5.0, 0.0]]])  # argmax 1, 0, 0
    targets = torch.tensor([[1, 1, mt.IGNORE]])
    assert mt.masked_accuracy(logits, targets) == 0.5
    with pytest.raises(ValueError, match="no position that is not IGNORE"):
        mt.masked_accuracy(logits, torch.full((1, 3), mt.IGNORE))


def test_bad_inputs_are_rejected_with_the_argument_named():
    with pytest.raises(TypeError, match="symbols must be an int64 tensor"):
        mt.selective_copying_sequences(torch.zeros(2, 3), torch.zeros(2, 3, dtype=torch.int64), 5)
    with pytest.raises(ValueError, match="positions must be distinct"):
        mt.selective_copying_sequences(torch.full((1, 2), 3), torch.tensor([[1, 1]]), 5)
    with pytest.raises(ValueError, match=r"positions must lie in \[0, length\)"):
        mt.selective_copying_sequences(torch.full((1, 2), 3), torch.tensor([[1, 5]]), 5)
    with pytest.raises(ValueError, match="symbols must be ids"):
        mt.selective_copying_sequences(torch.tensor([[1, 3]]), torch.tensor([[0, 1]]), 5)
    with pytest.raises(ValueError, match="n_tokens must be at most length"):
        mt.selective_copying_batch(2, 3, 4, 2, torch.Generator())
    with pytest.raises(TypeError, match="generator must be a torch.Generator"):
        mt.parity_batch(2, 3, 0)
    with pytest.raises(ValueError, match="bits must hold only 0 and 1"):
        mt.running_parity(torch.tensor([[0, 2]]))
