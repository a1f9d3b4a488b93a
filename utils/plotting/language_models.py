"""Figures of chapter 09: how a text is cut into parallel streams, bits per character against compressors, a
training history, a text coloured by the bits the model spends on each character, what temperature, top-k and
top-p do to generated text, calibration, and how much context the model's state is worth.
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
                              axes=None, corpus_entropy: float | None = None,
                              reference_label: str = "model's bpc on held-out text"):
    """Two panels against the sampling temperature: the mean entropy (bits) of the next-character distribution
    the samples were drawn from (with ``corpus_entropy`` as a dashed reference, labelled ``reference_label``),
    and the fraction of generated words that occur in the corpus."""
    if axes is None:
        import matplotlib.pyplot as plt

        _, axes = plt.subplots(1, 2, figsize=(12, 3.6))
    ax_entropy, ax_words = axes
    ax_entropy.plot(temperatures, entropy, marker="o", label="samples at temperature τ")
    if corpus_entropy is not None:
        ax_entropy.axhline(corpus_entropy, color=PALETTE["black"], linestyle="--", linewidth=1, label=reference_label)
        ax_entropy.legend()
    ax_entropy.set(xlabel="temperature", ylabel="entropy of the next-character distribution (bits)",
                   title="Higher temperature: more uncertain choices")
    ax_words.plot(temperatures, word_fraction, marker="o", color=PALETTE["vermillion"])
    ax_words.set(xlabel="temperature", ylabel="fraction of generated words in the corpus", ylim=(0, 1.02),
                 title="... and fewer real words")
    return axes


def plot_context_curve(windows: Sequence[int], bpc, carried: float | None = None, ax=None,
                       title: str = "The state as memory: held-out bits per character vs context",
                       xlabel: str = "R: characters of context the model may read",
                       label: str = "state reset every R characters", ylabel: str = "bits per character"):
    """Bits per character (or any cost, ``ylabel``) against the context the model may read (x: R, log scale;
    ``xlabel`` says exactly what R is). ``bpc`` is one sequence of values (labelled ``label``) or a mapping
    name → values for several curves; ``carried`` (the figure with the state carried through the whole text)
    is drawn as a dashed line."""
    curves = dict(bpc) if isinstance(bpc, Mapping) else {label: bpc}
    if not len(windows) or any(len(values) != len(windows) for values in curves.values()):
        raise ValueError(f"windows and every curve in bpc must have the same non-zero length, got {len(windows)} and "
                         f"{[len(values) for values in curves.values()]}")
    ax = _new_ax(ax)
    markers = ["o", "s", "^", "D"]
    for k, (name, values) in enumerate(curves.items()):
        ax.plot(windows, values, marker=markers[k % len(markers)], label=name, color=CYCLE[k % len(CYCLE)])
        for R, value in zip(windows, values, strict=True):
            ax.annotate(f"{value:.3f}", (R, value), textcoords="offset points", xytext=(4, 5), fontsize=8,
                        color=CYCLE[k % len(CYCLE)])
    if carried is not None:
        ax.axhline(carried, color=PALETTE["black"], linestyle="--", linewidth=1,
                   label=f"state carried through the text ({carried:.3f})")
    ax.set_xscale("log", base=2)
    ax.set_xticks(list(windows), [str(R) for R in windows])
    ax.set(xlabel=xlabel, ylabel=ylabel, title=title)
    ax.legend(loc="upper right", fontsize=8)
    return ax


def plot_lm_history(history: Sequence[Mapping[str, float]], ax=None,
                    title: str = "The checkpoint's training run"):
    """Training and validation bits per character against the step, from a pretraining record's ``history``
    (a list of dicts with ``step``, ``train_bpc`` and ``val_bpc``)."""
    if not history or not all({"step", "train_bpc", "val_bpc"} <= set(entry) for entry in history):
        raise ValueError("history must be a non-empty list of dicts with step, train_bpc and val_bpc")
    ax = _new_ax(ax)
    steps = [entry["step"] for entry in history]
    ax.plot(steps, [entry["train_bpc"] for entry in history], marker="o",
            label="training chunks (dropout on, mean since the last check)")
    ax.plot(steps, [entry["val_bpc"] for entry in history], marker="s", label="validation slice (not trained on)")
    ax.set(xlabel="training step", ylabel="bits per character", title=title)
    ax.legend()
    return ax


def plot_surprisal_text(text: str, bits: Sequence[float], width: int = 80, ax=None, vmax: float = 8.0,
                        title: str = "Bits the model spends on each character"):
    """``text`` laid out in lines of ``width`` characters (newlines start a new line, shown as ↵; spaces are empty),
    each character on a cell coloured by the bits the model spent on it (dark: cheap, bright: surprising)."""
    import matplotlib.pyplot as plt

    bits = np.asarray(bits, dtype=float)
    if not isinstance(text, str) or not text or bits.shape != (len(text),):
        raise ValueError(f"bits must hold one value per character of text ({len(text)}), got shape {bits.shape}")
    rows, row, col = [], 0, 0
    for char, value in zip(text, bits, strict=True):
        rows.append((row, col, char, value))
        col += 1
        if char == "\n" or col == width:
            row, col = row + 1, 0
    n_rows = row + 1
    ax = _new_ax(ax, figsize=(0.15 * width + 1.5, 0.3 * n_rows + 1.0))
    grid = np.full((n_rows, width), np.nan)
    for r, c, _, value in rows:
        grid[r, c] = value
    image = ax.imshow(grid, cmap="cividis", vmin=0, vmax=vmax, aspect="auto", interpolation="nearest")
    for r, c, char, value in rows:
        shown = {"\n": "↵", " ": ""}.get(char, char)
        ax.text(c, r, shown, ha="center", va="center", fontsize=8, family="monospace",
                color="black" if value > 0.6 * vmax else "white")
    ax.set_xticks([])
    ax.set_yticks([])
    ax.grid(False)
    ax.set_xlabel(f"the text, at most {width} characters a line (a space is an empty cell, ↵ a new line)")
    ax.set_title(title)
    plt.colorbar(image, ax=ax, label="bits = −log₂ p(character)", fraction=0.025, pad=0.01)
    return ax


def plot_quality_diversity(curves: Mapping[str, tuple[Sequence[float], Sequence[float], Sequence[str]]], ax=None,
                           title: str = "Generated text: correctness against diversity"):
    """One line per sampling knob: name → (diversity values, correctness values, a label per point, e.g. the
    temperature), diversity on x and correctness on y; up and to the right is better."""
    if not curves:
        raise ValueError("curves must contain at least one entry")
    ax = _new_ax(ax, figsize=(8.5, 5.5))
    markers = ["o", "s", "^", "D"]
    offsets = [(6, -4), (-4, 8), (4, -13), (-4, -14)]  # a different side for each curve's point labels
    for k, (name, (diversity, correctness, labels)) in enumerate(curves.items()):
        if not len(diversity) == len(correctness) == len(labels):
            raise ValueError(f"curve {name!r}: diversity, correctness and labels must have the same length")
        ax.plot(diversity, correctness, marker=markers[k % len(markers)], label=name, color=CYCLE[k % len(CYCLE)])
        dx, dy = offsets[k % len(offsets)]
        for x, y, text in zip(diversity, correctness, labels, strict=True):
            ax.annotate(text, (x, y), textcoords="offset points", xytext=(dx, dy), fontsize=8,
                        ha="left" if dx > 0 else "right", color=CYCLE[k % len(CYCLE)])
    ax.set(xlabel="diversity: share of distinct 12-character strings", ylabel="words that occur in the corpus",
           title=title)
    ax.legend()
    return ax


def plot_temperature_scaling(temperatures: Sequence[float], curves: Mapping[str, Sequence[float]], chosen: float,
                             ax=None, title: str = "Temperature scaling: bits per character against τ"):
    """Bits per character against the evaluation temperature τ (logits / τ), one line per text (name → values),
    with the τ chosen on the validation text marked by a vertical line."""
    ax = _new_ax(ax)
    for name, values in curves.items():
        if len(values) != len(temperatures):
            raise ValueError(f"curve {name!r} has {len(values)} values for {len(temperatures)} temperatures")
        ax.plot(temperatures, values, label=name)
    ax.axvline(chosen, color=PALETTE["black"], linestyle="--", linewidth=1,
               label=f"τ chosen on validation ({chosen:.2f})")
    lowest = min(min(values) for values in curves.values())
    highest = max(max(values) for values in curves.values())
    ax.set_ylim(lowest - 0.45 * (highest - lowest), highest + 0.05 * (highest - lowest))  # room for the legend below
    ax.set(xlabel="evaluation temperature τ", ylabel="bits per character", title=title)
    ax.legend(loc="lower left", fontsize=8)
    return ax


def plot_reliability(confidence, correct, bins: int = 10, ax=None,
                     title: str = "Reliability: how often the top guess is right"):
    """Calibration of the most probable next character: the mean accuracy against the mean confidence in each of
    ``bins`` equal-width confidence bins (the diagonal is perfect calibration; below it, overconfidence)."""
    confidence, correct = np.asarray(confidence, dtype=float), np.asarray(correct, dtype=float)
    if confidence.shape != correct.shape or confidence.ndim != 1 or not len(confidence):
        raise ValueError(f"confidence and correct must be 1-D of the same length, got {confidence.shape} and "
                         f"{correct.shape}")
    ax = _new_ax(ax)
    which = np.minimum((confidence * bins).astype(int), bins - 1)
    used = [b for b in range(bins) if (which == b).any()]
    mean_conf = [confidence[which == b].mean() for b in used]
    mean_acc = [correct[which == b].mean() for b in used]
    ax.plot([0, 1], [0, 1], color=PALETTE["black"], linestyle="--", linewidth=1, label="perfectly calibrated")
    ax.plot(mean_conf, mean_acc, marker="o", label="the model (one point per confidence bin)")
    ax.set(xlabel="confidence: probability of the top guess", ylabel="how often the top guess is right",
           xlim=(0, 1), ylim=(0, 1), title=title)
    ax.set_aspect("equal")
    ax.legend(loc="upper left")
    return ax
