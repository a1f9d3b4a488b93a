"""Dataset builders for the book's tasks. Every builder is deterministic given its ``seed``.

Shapes: N sequences, T time steps, K symbols. Inputs are float32 tensors ``(N, T, K)`` (batch first), labels
int64 tensors.
"""

from __future__ import annotations

import gzip
from pathlib import Path

import numpy as np
import torch

from . import seeds
from .validation import check_positive_int


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


PYTHON_SNAPSHOT_DIR = Path(__file__).resolve().parent / "datasets" / "python_3_11_7"


def python_snapshot_files() -> list[str]:
    """The names of the files in the book's copy of Python 3.11.7's sources, e.g. ``"textwrap.py"``, sorted."""
    return sorted(path.name.removesuffix(".gz") for path in PYTHON_SNAPSHOT_DIR.glob("*.py.gz"))


def read_python_snapshot(filename: str) -> str:
    """The text of ``filename`` (e.g. ``"textwrap.py"``) from the book's copy of Python 3.11.7's sources.

    The copy holds the standard-library modules the book reads as data and ``pydoc_data/topics.py`` (as
    ``pydoc_data_topics.py``), unchanged, so every Python version reads the same text. Source, licence (PSF
    License Agreement) and checksums: ``utils/datasets/python_3_11_7/README.md``.
    """
    if not isinstance(filename, str):
        raise TypeError(f"filename must be a str such as 'textwrap.py', got {type(filename).__name__}")
    path = PYTHON_SNAPSHOT_DIR / f"{filename}.gz"
    if not filename.endswith(".py") or "/" in filename or not path.is_file():
        raise ValueError(f"filename must be one of the snapshot's files {python_snapshot_files()}, got {filename!r}")
    with gzip.open(path, "rt", encoding="utf-8") as file:
        return file.read()


JAPANESE_VOWELS_DIR = Path(__file__).resolve().parent / "datasets" / "japanese_vowels"
JAPANESE_VOWELS_FEATURES = 12


def load_japanese_vowels(split: str = "train") -> tuple[list[torch.Tensor], torch.Tensor]:
    """The Japanese Vowels speaker data: real sequences of different lengths (UCI, CC BY 4.0).

    Nine male speakers each uttered the Japanese vowels /ae/; every utterance was analysed into frames of 12 LPC
    cepstrum coefficients, so an example is a sequence of 7 to 29 frames × 12 features, and its label is the
    speaker. ``"train"`` holds 270 utterances (30 per speaker), ``"test"`` 370 (24 to 88 per speaker). Source,
    licence and citation (Kudo, Toyama & Shimbo 1999): ``utils/datasets/japanese_vowels/README.md``. The
    committed files are parsed with the standard library, in file order, so every call returns the same data.

    Returns:
        sequences: a list of N float32 tensors, sequence i of shape (T_i, 12).
        labels: (N,) int64 speaker labels in [0, 9) (the files' classes 1–9, minus one).
    """
    if not isinstance(split, str):
        raise TypeError(f"split must be the string 'train' or 'test', got {type(split).__name__}")
    if split not in ("train", "test"):
        raise ValueError(f"split must be 'train' or 'test', got {split!r}")
    path = JAPANESE_VOWELS_DIR / f"JapaneseVowels_{split.upper()}.ts.gz"
    sequences, labels = [], []
    with gzip.open(path, "rt", encoding="utf-8") as file:
        for line in file:  # skip the header, up to and including "@data"
            if line.strip().lower() == "@data":
                break
        for number, line in enumerate(file, start=1):
            if not line.strip():
                continue
            *dimensions, label = line.strip().split(":")
            series = [[float(value) for value in dimension.split(",")] for dimension in dimensions]
            if len(series) != JAPANESE_VOWELS_FEATURES or len({len(s) for s in series}) != 1:
                raise ValueError(f"{path.name}, utterance {number}: expected {JAPANESE_VOWELS_FEATURES} series of "
                                 f"equal length, got lengths {[len(s) for s in series]}")
            sequences.append(torch.tensor(series, dtype=torch.float32).T.contiguous())  # (T_i, 12)
            labels.append(int(label) - 1)
    return sequences, torch.tensor(labels, dtype=torch.int64)


MAUNA_LOA_CO2_PATH = Path(__file__).resolve().parent / "datasets" / "mauna_loa_co2" / "co2.csv.gz"


def load_mauna_loa_co2() -> tuple[np.ndarray, np.ndarray]:
    """Weekly atmospheric CO₂ at Mauna Loa, 29 March 1958 to 29 December 2001 (Scripps; public domain).

    2,284 consecutive weeks (every date is a Saturday, 7 days after the previous one); 59 weeks have no
    measurement and are NaN here — the loader does not fill them, so the caller decides, and says, how.
    Source, licence and citation (Keeling & Whorf 2004): ``utils/datasets/mauna_loa_co2/README.md``.

    Returns:
        dates: (T,) ``numpy.datetime64[D]`` week dates.
        co2: (T,) float64 concentrations in ppm (parts per million by volume), NaN where missing.
    """
    dates, co2 = [], []
    with gzip.open(MAUNA_LOA_CO2_PATH, "rt", encoding="utf-8") as file:
        header = file.readline().strip()
        if header != "date,co2":
            raise ValueError(f"{MAUNA_LOA_CO2_PATH.name}: expected the header 'date,co2', got {header!r}")
        for line in file:
            date, value = line.strip().split(",")
            dates.append(np.datetime64(f"{date[:4]}-{date[4:6]}-{date[6:]}", "D"))
            co2.append(float(value) if value else np.nan)
    return np.array(dates), np.array(co2, dtype=np.float64)


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
