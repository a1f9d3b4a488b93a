"""Figures of chapter 09: how a text is cut into parallel streams, bits per character against compressors,
what temperature does to generated text, and how much context the model's state is worth.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
from matplotlib.patches import Rectangle

from .style import CYCLE, PALETTE, _new_ax


def plot_stream_layout(text: str, batch_size: int, bptt: int, ax=None, title: str | None = None):
    """The characters of ``text`` as ``batch_size`` rows (parallel streams) of L = len(text) // B, coloured by
    the chunk of ``bptt`` inputs each belongs to; the last character of a row is only ever a target.
    """
    if not isinstance(text, str) or len(text) < 2 * batch_size:
        raise ValueError(f"text must be a str of at least 2 * batch_size = {2 * batch_size} characters")
    L = len(text) // batch_size
    ax = _new_ax(ax, figsize=(0.42 * L + 1.5, 0.5 * batch_size + 1.2))
    for b in range(batch_size):
        for t in range(L):
            chunk = t // bptt
            color = CYCLE[chunk % len(CYCLE)] if t < L - 1 else "white"
            ax.add_patch(Rectangle(
                (t, batch_size - 1 - b), 0.95, 0.9, facecolor=color, alpha=0.35, edgecolor=PALETTE["black"]))
            char = text[b * L + t]
            ax.text(t + 0.47, batch_size - 0.55 - b, repr(char)[1:-1] if char in "\n\t " else char,
                    ha="center", va="center", fontsize=9, family="monospace")
    for boundary in range(bptt, L - 1, bptt):
        ax.axvline(boundary - 0.025, color=PALETTE["black"], linewidth=2)
    ax.set_xlim(0, L)
    ax.set_ylim(0, batch_size)
    ax.set_xticks(np.arange(L) + 0.47, [str(t) for t in range(L)])
    ax.set_yticks(np.arange(batch_size) + 0.45, [f"stream {b}" for b in range(batch_size)][::-1])
    ax.grid(False)
    ax.set_xlabel("position t in the stream (colour: chunk of T inputs; white: a target only)")
    ax.set_title(title or f"One text as B = {batch_size} parallel streams, chunks of T = {bptt}")
    return ax


def plot_bpc_comparison(scores: Mapping[str, float], ax=None, title: str = "Bits per character on the held-out text",
                        highlight: Sequence[str] = ()):
    """Horizontal bars of bits per character (lower is better), one per entry, labelled with the value;
    entries named in ``highlight`` (the models) are drawn in orange, the baselines in blue."""
    if not scores:
        raise ValueError("scores must contain at least one entry")
    values = np.asarray(list(scores.values()), dtype=float)
    ax = _new_ax(ax, figsize=(7.5, 0.45 * len(scores) + 1.2))
    positions = np.arange(len(scores))[::-1]
    colors = [PALETTE["orange"] if name in highlight else PALETTE["sky"] for name in scores]
    ax.barh(positions, values, color=colors, edgecolor=PALETTE["black"], height=0.6)
    for position, value in zip(positions, values, strict=True):
        ax.text(value + 0.03, position, f"{value:.3f}", va="center", fontsize=9)
    ax.set_yticks(positions, list(scores))
    ax.set_xlim(0, values.max() * 1.15)
    ax.set_xlabel("bits per character (lower is better)")
    ax.set_title(title)
    ax.grid(axis="y", visible=False)
    return ax


def plot_temperature_tradeoff(temperatures: Sequence[float], entropy: Sequence[float], word_fraction: Sequence[float],
                              axes=None, corpus_entropy: float | None = None):
    """Two panels against the sampling temperature: the mean entropy (bits) of the next-character distribution
    the samples were drawn from, and the fraction of generated words that occur in the corpus."""
    if axes is None:
        import matplotlib.pyplot as plt

        _, axes = plt.subplots(1, 2, figsize=(12, 3.6))
    ax_entropy, ax_words = axes
    ax_entropy.plot(temperatures, entropy, marker="o")
    if corpus_entropy is not None:
        ax_entropy.axhline(corpus_entropy, color=PALETTE["black"], linestyle="--", linewidth=1,
                           label="model's bpc on held-out text")
        ax_entropy.legend()
    ax_entropy.set(xlabel="temperature", ylabel="entropy of the next-character distribution (bits)",
                   title="Higher temperature: more uncertain choices")
    ax_words.plot(temperatures, word_fraction, marker="o", color=PALETTE["vermillion"])
    ax_words.set(xlabel="temperature", ylabel="fraction of generated words in the corpus", ylim=(0, 1.02),
                 title="... and fewer real words")
    return axes


def plot_context_curve(windows: Sequence[int], bpc: Sequence[float], carried: float | None = None, ax=None,
                       title: str = "The state as memory: held-out bits per character vs context"):
    """Bits per character when the state is zeroed every R characters (x: R, the most context the model may
    read, log scale), with the carried-state figure (R = the whole text) as a dashed line."""
    if len(windows) != len(bpc) or not len(windows):
        raise ValueError(f"windows and bpc must have the same non-zero length, got {len(windows)} and {len(bpc)}")
    ax = _new_ax(ax)
    ax.plot(windows, bpc, marker="o", label="state reset every R characters")
    if carried is not None:
        ax.axhline(carried, color=PALETTE["black"], linestyle="--", linewidth=1, label="state carried through the text")
    ax.set_xscale("log", base=2)
    ax.set(xlabel="R: characters of context the model may read", ylabel="bits per character", title=title)
    ax.legend()
    return ax
