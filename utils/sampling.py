"""Generating text from a character model, one character at a time: greedy, temperature, top-k and top-p (nucleus)
sampling, and a measure of how varied the generated text is.

Shapes: B samples generated side by side, V the vocabulary size, N the number of characters generated.
"""

from __future__ import annotations

import math

import torch

from . import seeds
from .validation import check_positive_int, describe


def _check_logits(logits) -> torch.Tensor:
    if not isinstance(logits, torch.Tensor) or logits.ndim != 2 or not logits.is_floating_point():
        raise TypeError(f"logits must be a floating tensor of shape (B, V), got {describe(logits)}")
    return logits


def next_char_distribution(logits: torch.Tensor, temperature: float = 1.0, top_k: int | None = None,
                           top_p: float | None = None) -> torch.Tensor:
    """Logits (B, V) -> the probabilities (B, V) a sampler draws from: softmax(logits / temperature), restricted to
    the ``top_k`` largest logits of each row and/or to its nucleus of mass ``top_p`` (the others get probability 0,
    the kept ones are renormalised).

    The temperature divides the logits *before* the softmax: T < 1 sharpens the distribution, T > 1 flattens it.
    The nucleus (Holtzman et al. 2020) is the smallest set of most probable characters whose probabilities add up
    to at least ``top_p``: one character when the model is sure, many when it is not.
    """
    logits = _check_logits(logits)
    if isinstance(temperature, bool) or not isinstance(temperature, (int, float)) or not temperature > 0:
        raise ValueError(f"temperature must be a number > 0 (use greedy decoding for 0), got {temperature!r}")
    scaled = logits / temperature
    if top_k is not None:
        k = check_positive_int("top_k", top_k)
        if k > logits.shape[1]:
            raise ValueError(f"top_k must be at most V = {logits.shape[1]}, got {k}")
        kth = scaled.topk(k, dim=1).values[:, -1:]  # (B, 1): the k-th largest logit of each row
        scaled = scaled.masked_fill(scaled < kth, -math.inf)
    if top_p is not None:
        if isinstance(top_p, bool) or not isinstance(top_p, (int, float)) or not 0 < top_p <= 1:
            raise ValueError(f"top_p must be a number in (0, 1], got {top_p!r}")
        probs, order = torch.softmax(scaled, dim=1).sort(dim=1, descending=True)  # (B, V), most probable first
        mass_before = probs.cumsum(dim=1) - probs  # (B, V): the mass of the more probable characters
        drop_sorted = mass_before >= top_p  # the nucleus is complete before this character
        drop = torch.zeros_like(drop_sorted).scatter(1, order, drop_sorted)  # back to vocabulary order
        scaled = scaled.masked_fill(drop, -math.inf)
    return torch.softmax(scaled, dim=1)


def entropy_bits(probs: torch.Tensor) -> torch.Tensor:
    """Entropy in bits of each row of probabilities (B, V) -> (B,); zero probabilities contribute 0."""
    logp = torch.where(probs > 0, probs.log2(), torch.zeros_like(probs))
    return -(probs * logp).sum(dim=-1)


def sample_next(logits: torch.Tensor, temperature: float = 1.0, top_k: int | None = None,
                generator: torch.Generator | None = None,
                top_p: float | None = None) -> tuple[torch.Tensor, torch.Tensor]:
    """One step of generation: logits (B, V) -> (ids (B,) int64, entropy in bits (B,) of the distribution drawn from).

    ``temperature=0`` is greedy decoding (the most likely character, entropy 0). Otherwise the ids are drawn with
    ``torch.multinomial`` from ``next_char_distribution``, using ``generator`` so that a seeded run repeats.
    """
    if temperature == 0:
        return _check_logits(logits).argmax(dim=1), torch.zeros(len(logits), dtype=logits.dtype)
    probs = next_char_distribution(logits, temperature, top_k, top_p)
    return torch.multinomial(probs, 1, generator=generator)[:, 0], entropy_bits(probs)


@torch.no_grad()
def generate(model, vocab, prompt: str, length: int, temperature: float = 1.0, top_k: int | None = None,
             num_samples: int = 1, seed: int = 0, top_p: float | None = None) -> tuple[list[str], torch.Tensor]:
    """Continue ``prompt`` by ``length`` characters, ``num_samples`` times side by side (a batch of B streams).

    The model reads the prompt, then each sampled character is fed back as the next input (one-to-many).
    Returns the B generated continuations (prompt not included) and the (B, N) entropies in bits of the
    distributions they were drawn from. Seeded: the same arguments give the same text.
    """
    if not isinstance(prompt, str) or not prompt:
        raise ValueError(f"prompt must be a non-empty str, got {prompt!r}")
    check_positive_int("length", length)
    B = check_positive_int("num_samples", num_samples)
    was_training = model.training
    model.eval()
    device = next(model.parameters()).device
    generator = seeds.torch_generator(seed, device)
    x = vocab.encode(prompt).to(device).expand(B, -1)  # (B, len(prompt))
    logits, state = model(x)
    ids, entropies = [], []
    for _ in range(length):
        next_ids, entropy = sample_next(logits[:, -1], temperature, top_k, generator, top_p)  # (B,), (B,)
        ids.append(next_ids)
        entropies.append(entropy)
        logits, state = model(next_ids[:, None], state)  # feed the sample back in
    model.train(was_training)
    ids = torch.stack(ids, dim=1).cpu()  # (B, N)
    return [vocab.decode(row) for row in ids], torch.stack(entropies, dim=1).cpu()


def distinct_ngrams(texts: list[str], n: int) -> float:
    """How varied generated text is: the share of distinct strings among all the character n-grams of ``texts``,
    pooled (1.0: no n-gram occurs twice, within a sample or across samples; near 0: the samples loop or repeat
    each other). A property of the *text*, unlike the entropy of the distributions it was drawn from."""
    check_positive_int("n", n)
    if not isinstance(texts, list) or not texts or not all(isinstance(t, str) and len(t) >= n for t in texts):
        raise ValueError(f"texts must be a non-empty list of str of at least n = {n} characters")
    grams = [text[i:i + n] for text in texts for i in range(len(text) - n + 1)]
    return len(set(grams)) / len(grams)
