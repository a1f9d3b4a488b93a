"""The Japanese Vowels speaker data (UCI, CC BY 4.0), committed under ``files/japanese_vowels/`` (chapter 06)."""

from __future__ import annotations

import gzip
from pathlib import Path

import torch

JAPANESE_VOWELS_DIR = Path(__file__).resolve().parent / "files" / "japanese_vowels"


JAPANESE_VOWELS_FEATURES = 12


def load_japanese_vowels(split: str = "train") -> tuple[list[torch.Tensor], torch.Tensor]:
    """The Japanese Vowels speaker data: real sequences of different lengths (UCI, CC BY 4.0).

    Nine male speakers each uttered the Japanese vowels /ae/; every utterance was analysed into frames of 12 LPC
    cepstrum coefficients, so an example is a sequence of 7 to 29 frames × 12 features, and its label is the
    speaker. ``"train"`` holds 270 utterances (30 per speaker), ``"test"`` 370 (24 to 88 per speaker). Source,
    licence and citation (Kudo, Toyama & Shimbo 1999): ``utils/data/files/japanese_vowels/README.md``. The
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
