"""Every seed the book sets, and the book-wide offset that reruns the whole book on other random numbers.

A chapter writes ``seed_everything(0)``, ``rng(0)`` or ``torch_generator(0)``, and every data builder of
``utils`` takes a ``seed``: all of them go through ``book_seed``, which adds ``SEED_STRIDE * k`` when the
environment variable ``RNN_BOOK_SEED=k`` is set (default 0: the seeds as written). ``make claims`` runs every
chapter with ``RNN_BOOK_SEED`` = 0, 1 and 2, so that a claim the text makes has to hold for other
initialisations, data draws, splits and samples too, not only for the run the author saw.

Seeds of pretrained checkpoints (what they were trained and tested on) must not move: read them inside
``with exact_seeds():``, which turns the offset off.
"""

from __future__ import annotations

import contextlib
import os
import random

import numpy as np
import torch

from .validation import describe

SEED_VARIABLE = "RNN_BOOK_SEED"
# Seeds in the book are small numbers (0, 1, 2, 1000 + i, …): a stride this large keeps the shifted seeds of
# one offset apart from the unshifted seeds of another.
SEED_STRIDE = 100_003

_exact = False


def seed_offset(environ=None) -> int:
    """The book-wide seed offset ``k`` from ``RNN_BOOK_SEED`` (0 when unset or inside ``exact_seeds()``)."""
    if _exact:
        return 0
    environ = os.environ if environ is None else environ
    text = environ.get(SEED_VARIABLE, "").strip()
    if text == "":
        return 0
    try:
        value = int(text)
    except ValueError:
        value = -1
    if value < 0:
        raise ValueError(f"{SEED_VARIABLE} must be a non-negative integer (0 is the book as written), got {text!r}")
    return value


def check_seed(seed) -> int:
    """Return ``seed`` as an ``int`` if it is a non-negative integer (not a bool), else raise ``TypeError``."""
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
        raise TypeError(f"seed must be a non-negative int, got {seed!r} ({describe(seed)})")
    return int(seed)


def book_seed(seed: int) -> int:
    """The seed actually used for the book's ``seed``: ``seed + SEED_STRIDE * RNN_BOOK_SEED``."""
    return check_seed(seed) + SEED_STRIDE * seed_offset()


@contextlib.contextmanager
def exact_seeds():
    """Inside this block every seed is used as written, whatever ``RNN_BOOK_SEED`` says (pretrained checkpoints)."""
    global _exact
    previous, _exact = _exact, True
    try:
        yield
    finally:
        _exact = previous


def seed_everything(seed: int = 0) -> None:
    """Seed Python, NumPy and torch (CPU and CUDA) with ``book_seed(seed)``, so that a rerun prints the same
    numbers."""
    seed = book_seed(seed)
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)  # also seeds every CUDA device


def rng(seed: int) -> np.random.Generator:
    """A NumPy generator seeded with ``book_seed(seed)`` (use it instead of ``np.random.default_rng(seed)``)."""
    return np.random.default_rng(book_seed(seed))


def torch_generator(seed: int, device: str | torch.device = "cpu") -> torch.Generator:
    """A torch generator on ``device`` seeded with ``book_seed(seed)``."""
    return torch.Generator(device=device).manual_seed(book_seed(seed))


def python_random(seed: int) -> random.Random:
    """A ``random.Random`` seeded with ``book_seed(seed)``."""
    return random.Random(book_seed(seed))
