"""utils.seeds: the book-wide seed offset RNN_BOOK_SEED that `make claims` reruns the chapters with."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from utils import data, seeds, train
from utils.data import splits, transduction
from utils.pretrained import seq2seq as pretrained


@pytest.fixture
def offset(monkeypatch):
    def set_offset(k):
        if k is None:
            monkeypatch.delenv(seeds.SEED_VARIABLE, raising=False)
        else:
            monkeypatch.setenv(seeds.SEED_VARIABLE, str(k))
    return set_offset


def chapter_data():
    """Data of two chapters' generators: chapter 01's first-symbol task and chapter 07's stratified split, plus
    chapter 10's dates (a Python ``random.Random``) and a torch generator."""
    x, y = data.make_first_symbol_task(64, 10, seed=0)
    split = splits.stratified_split(np.arange(200) % 4, seed=0)
    dates = transduction.date_examples(5, seed=0)
    noise = torch.randn(8, generator=seeds.torch_generator(0))
    return x, y, split, dates, noise


def same(a, b) -> bool:
    x_a, y_a, split_a, dates_a, noise_a = a
    x_b, y_b, split_b, dates_b, noise_b = b
    return (torch.equal(x_a, x_b) and torch.equal(y_a, y_b) and all(np.array_equal(p, q) for p, q in
            zip(split_a, split_b, strict=True)) and dates_a == dates_b and torch.equal(noise_a, noise_b))


def test_offset_zero_is_the_book_as_written(offset):
    offset(None)
    unset = chapter_data()
    offset(0)
    assert same(unset, chapter_data())
    assert seeds.book_seed(7) == 7
    assert np.array_equal(seeds.rng(3).normal(size=4), np.random.default_rng(3).normal(size=4))


def test_other_offsets_give_other_data_and_equal_offsets_the_same(offset):
    offset(0)
    base = chapter_data()
    offset(1)
    one = chapter_data()
    x_base, x_one = base[0], one[0]
    assert not torch.equal(x_base, x_one), "RNN_BOOK_SEED=1 must change chapter 01's data"
    assert not any(np.array_equal(p, q) for p, q in zip(base[2], one[2], strict=True)), "and chapter 07's split"
    assert base[3] != one[3] and not torch.equal(base[4], one[4])
    assert same(one, chapter_data()), "the same offset must give the same data again"
    offset(2)
    assert not same(one, chapter_data())


def test_seed_everything_follows_the_offset(offset):
    offset(1)
    train.seed_everything(0)
    shifted = torch.randn(5)
    torch.manual_seed(seeds.SEED_STRIDE)
    assert torch.equal(shifted, torch.randn(5))


def test_exact_seeds_turns_the_offset_off(offset):
    offset(2)
    with seeds.exact_seeds():
        assert seeds.seed_offset() == 0
        exact = data.make_adding_problem(8, 10, seed=4)[0]
    assert seeds.seed_offset() == 2
    offset(0)
    assert torch.equal(exact, data.make_adding_problem(8, 10, seed=4)[0])


def test_pretrained_test_sets_do_not_move(offset):
    offset(0)
    dates, reversals = pretrained.date_test_pairs(20), pretrained.reverse_test_set(per_bucket=3)
    offset(1)
    assert pretrained.date_test_pairs(20) == dates and pretrained.reverse_test_set(per_bucket=3) == reversals
    assert pretrained.date_pairs(20, pretrained.DATE_TEST_SEED) != dates  # an ordinary call does move


@pytest.mark.parametrize("value", ["-1", "one", "1.5"])
def test_a_bad_offset_is_rejected_naming_the_variable(offset, value):
    offset(value)
    with pytest.raises(ValueError, match="RNN_BOOK_SEED must be a non-negative integer"):
        seeds.book_seed(0)


@pytest.mark.parametrize("seed", [-1, 1.0, True, "0", None])
def test_a_bad_seed_is_rejected(seed):
    with pytest.raises(TypeError, match="seed must be a non-negative int"):
        seeds.book_seed(seed)
