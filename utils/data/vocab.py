"""Characters as integer ids — one vocabulary class for every character-level task of the book — and padded
batches of id sequences.

A ``Vocab`` has some special tokens first (ids 0, 1, …), then its characters. Chapter 07 uses
``("<pad>", "<unk>")`` (padding 0, unknown 1), chapter 09's language model ``("<unk>",)`` (a stream has no
padding), chapter 10's sequence-to-sequence models ``("<pad>", "<bos>", "<eos>")`` with no unknown token (a
character outside the vocabulary is an error there). Built from text, the characters are ordered most frequent
first (ties in character order), so the same text always gives the same ids.

Shapes: N characters of a string, B strings in a batch, T the longest of them. Ids are int64.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence

import torch
from torch.nn.utils.rnn import pad_sequence

from ..validation import describe

PAD, UNK = 0, 1  # chapter 07's ids (the default specials)
REPLACEMENT = "\ufffd"  # how decode shows an unknown character


class Vocab:
    """Characters <-> ids: ``specials`` take ids 0, 1, …, then ``chars`` in the order given.

    ``unknown`` names the special that stands for a character outside the vocabulary (``None``: encoding one
    raises a ``ValueError``). ``tokens`` is the whole list, specials first — what a checkpoint stores.
    """

    def __init__(self, chars: Iterable[str], specials: Sequence[str] = ("<pad>", "<unk>"),
                 unknown: str | None = "<unk>"):
        chars, specials = list(chars), list(specials)
        bad = [c for c in chars if not isinstance(c, str) or len(c) != 1]
        if bad:
            raise TypeError(f"chars must be single characters, got {bad[0]!r}")
        if len(set(chars)) != len(chars):
            raise ValueError("chars must not repeat a character")
        if unknown is not None and unknown not in specials:
            raise ValueError(f"unknown must be one of specials {specials} or None, got {unknown!r}")
        self.specials = specials
        self.tokens = specials + chars
        self.index = {char: i for i, char in enumerate(self.tokens)}
        self.unknown_id = None if unknown is None else self.index[unknown]

    @classmethod
    def from_text(cls, texts: str | Iterable[str], min_count: int = 1, specials: Sequence[str] = ("<pad>", "<unk>"),
                  unknown: str | None = "<unk>") -> Vocab:
        """The characters of ``texts`` (one string or several) seen at least ``min_count`` times, most frequent
        first; rarer ones become ``unknown`` when encoded (so a model trained on them learns how likely an unknown
        character is)."""
        texts = [texts] if isinstance(texts, str) else list(texts)
        if not texts or not all(isinstance(t, str) for t in texts):
            raise TypeError(f"texts must be a string or a non-empty list of strings, got {describe(texts)}")
        if isinstance(min_count, bool) or not isinstance(min_count, int) or min_count < 1:
            raise ValueError(f"min_count must be a positive int, got {min_count!r}")
        counts = Counter(char for text in texts for char in text)
        kept = sorted((c for c, n in counts.items() if n >= min_count), key=lambda c: (-counts[c], c))
        return cls(kept, specials, unknown)

    @classmethod
    def from_tokens(cls, tokens: Sequence[str], specials: Sequence[str], unknown: str | None) -> Vocab:
        """Rebuild a vocabulary from its ``tokens`` list (as stored next to a checkpoint)."""
        tokens, specials = list(tokens), list(specials)
        if tokens[:len(specials)] != specials:
            raise ValueError(f"tokens must start with the specials {specials}, got {tokens[:len(specials)]}")
        return cls(tokens[len(specials):], specials, unknown)

    @property
    def chars(self) -> list[str]:
        """The characters, without the specials."""
        return self.tokens[len(self.specials):]

    def __len__(self) -> int:
        """The number of ids, specials included (the size an ``nn.Embedding`` needs)."""
        return len(self.tokens)

    def __getitem__(self, token: str) -> int:
        """The id of a special token or a character, e.g. ``vocab["<eos>"]``."""
        return self.index[token]

    def encode(self, text: str) -> torch.Tensor:
        """``text`` of length N -> (N,) int64 ids."""
        if not isinstance(text, str):
            raise TypeError(f"text must be a str, got {describe(text)}")
        if self.unknown_id is None:
            outside = sorted({c for c in text if c not in self.index})
            if outside:
                raise ValueError(f"text contains characters outside the vocabulary: {outside}")
        return torch.tensor([self.index.get(c, self.unknown_id) for c in text], dtype=torch.int64)

    def decode(self, ids) -> str:
        """Ids (a tensor or a list) -> the string: specials dropped, the unknown one shown as U+FFFD."""
        out = []
        for i in map(int, ids):
            if i == self.unknown_id:
                out.append(REPLACEMENT)
            elif i >= len(self.specials):
                out.append(self.tokens[i])
        return "".join(out)

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
