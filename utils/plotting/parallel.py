"""Figures of chapter 11: the doubling scan's dependencies, a selective-copying example, results per seed next to
a paper's numbers, and how long a linear recurrence remembers."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
from matplotlib.colors import ListedColormap

from ..validation import check_positive_int
from .style import CYCLE, PALETTE, _new_ax

SEED_MARKERS = ["o", "s", "^", "D", "v"]
ROUND_COLORS = [PALETTE[name] for name in ("blue", "orange", "vermillion", "purple", "black")]


def plot_scan_rounds(T: int = 8, ax=None):
    """The Hillis–Steele scan of T steps as a grid: one row per round, an arrow from position t − 2^k into t
    for every combine of round k. After the last round position t holds the composition of steps 1 … t."""
    T = check_positive_int("T", T)
    rounds = int(np.ceil(np.log2(T))) if T > 1 else 0
    ax = _new_ax(ax, figsize=(1.0 + 0.8 * T, 1.2 + 1.0 * rounds))
    for k in range(rounds + 1):
        y = rounds - k
        for t in range(T):
            covered = min(t + 1, 2 ** k)  # steps combined in position t after k rounds
            ax.scatter(t, y, s=380, color=PALETTE["sky"] if covered < t + 1 else PALETTE["green"], zorder=3,
                       edgecolor="black")
            ax.text(t, y, f"{t + 2 - covered}–{t + 1}" if covered > 1 else f"{t + 1}", ha="center", va="center",
                    fontsize=7, zorder=4)
        if k < rounds:
            offset = 2 ** k
            for t in range(offset, T):
                ax.annotate("", xy=(t, y - 1 + 0.18), xytext=(t - offset, y - 0.18),
                            arrowprops={"arrowstyle": "->", "color": ROUND_COLORS[k % len(ROUND_COLORS)], "lw": 1.0})
            for t in range(T):
                ax.plot([t, t], [y - 0.18, y - 1 + 0.18], color="grey", lw=0.8, zorder=1)
    ax.set_yticks(range(rounds + 1))
    ax.set_yticklabels([f"after round {rounds - y}" if y < rounds else "input" for y in range(rounds + 1)])
    ax.set_xticks(range(T))
    ax.set_xticklabels([str(t + 1) for t in range(T)])
    ax.set_xlabel("position t (label: the steps it has combined; green = all of 1 … t)")
    ax.set_ylabel("round")
    ax.set_title(f"Hillis–Steele scan: T = {T} positions in {rounds} rounds")
    ax.grid(False)
    ax.set_xlim(-0.6, T - 0.4)
    ax.set_ylim(-0.5, rounds + 0.5)
    return ax


def plot_copying_example(inputs: Sequence[int], targets: Sequence[int], blank: int = 0, marker: int = 1,
                         ignore: int = -100, ax=None):
    """One selective-copying sequence as a strip of cells: blanks light, each data symbol its own colour,
    markers black; the targets written under the marker cells."""
    inputs, targets = np.asarray(inputs), np.asarray(targets)
    if inputs.ndim != 1 or inputs.shape != targets.shape:
        raise ValueError(f"inputs and targets must be 1-D of the same length, got {inputs.shape} and {targets.shape}")
    ax = _new_ax(ax, figsize=(12, 1.8))
    symbols = sorted(set(inputs.tolist()) - {blank, marker})
    palette = ["#F2F2F2"] + [CYCLE[i % (len(CYCLE) - 1)] for i in range(len(symbols))] + [PALETTE["black"]]
    code = np.array([0 if v == blank else len(symbols) + 1 if v == marker else 1 + symbols.index(v) for v in inputs])
    ax.imshow(code[None, :], cmap=ListedColormap(palette), vmin=0, vmax=len(palette) - 1, aspect="auto")
    for t, v in enumerate(inputs):
        if v not in (blank, marker):
            ax.text(t, 0, str(v), ha="center", va="center", fontsize=6, color="white")
    scored = [(t, v) for t, v in enumerate(targets) if v != ignore]
    if scored:  # one label under the markers: the cells are too narrow for a digit each
        ax.text(scored[-1][0] + 0.5, 0.9, " ".join(str(v) for _, v in scored), ha="right", va="center", fontsize=8)
    ax.set_yticks([0, 0.9])
    ax.set_yticklabels(["input", "target"])
    ax.set_ylim(1.4, -0.6)
    ax.set_xlabel("position (blank: light grey, markers: black)")
    ax.set_ylabel("token")
    ax.set_title("Selective copying: copy the coloured symbols, in order, at the markers")
    ax.grid(False)
    return ax


def plot_seed_results(results: Mapping[str, Sequence[float]], paper: Mapping[str, float] | None = None,
                      chance: float | None = None, ylabel: str = "accuracy", title: str = "Accuracy per seed",
                      ax=None):
    """One column per model: a marker per seed (one marker shape per seed), the mean as a bar, and the paper's
    number as a black horizontal tick where given; a dashed line at chance."""
    ax = _new_ax(ax, figsize=(1.2 + 1.6 * len(results), 3.6))
    for i, (name, values) in enumerate(results.items()):
        values = np.asarray(values, dtype=float)
        color = CYCLE[i % len(CYCLE)]
        ax.bar(i, values.mean(), width=0.6, color=color, alpha=0.35)
        for s, v in enumerate(values):
            ax.scatter(i - 0.15 + 0.15 * s, v, color=color, marker=SEED_MARKERS[s % len(SEED_MARKERS)],
                       edgecolor="black", zorder=3, label=f"seed {s}" if i == 0 else None)
        if paper and name in paper:
            ax.hlines(paper[name], i - 0.32, i + 0.32, color=PALETTE["black"], lw=2.5,
                      label="paper" if i == next(j for j, n in enumerate(results) if n in paper) else None)
    if chance is not None:
        ax.axhline(chance, color=PALETTE["black"], linestyle="--", lw=1, label="chance")
    ax.set_xticks(range(len(results)))
    ax.set_xticklabels(list(results), fontsize=8)
    ax.set_ylim(0, 1.05)
    ax.set_ylabel(ylabel)
    ax.set_xlabel("model")
    ax.set_title(title)
    ax.legend(fontsize=7, loc="center left", bbox_to_anchor=(1.0, 0.5))
    return ax


def memory_curve(magnitude: float, angle: float, steps: int) -> tuple[np.ndarray, np.ndarray]:
    """Influence of an input k steps back on the state of ``h_t = λ h_{t−1} + b_t`` with ``λ = r e^{iθ}``:
    ``(Re λ^k, |λ|^k)`` for k = 0 … steps − 1."""
    if not 0 <= magnitude <= 1:
        raise ValueError(f"magnitude must lie in [0, 1], got {magnitude}")
    k = np.arange(check_positive_int("steps", steps))
    return (magnitude ** k) * np.cos(angle * k), magnitude ** k


def horizon(magnitude: float, fraction: float = 0.01) -> float:
    """Steps until ``|λ|^k`` falls below ``fraction``: ``log(fraction) / log |λ|`` (inf for |λ| = 1, 0 for 0)."""
    if not 0 <= magnitude <= 1:
        raise ValueError(f"magnitude must lie in [0, 1], got {magnitude}")
    if not 0 < fraction < 1:
        raise ValueError(f"fraction must lie in (0, 1), got {fraction}")
    if magnitude == 1:
        return float("inf")
    if magnitude == 0:
        return 0.0
    return float(np.log(fraction) / np.log(magnitude))


def plot_memory_horizon(magnitudes: Sequence[float], angle: float = 0.0, steps: int = 200, axes=None):
    """Two panels. Left: the influence ``Re λ^k`` of an input k steps back, one colour per ``|λ|`` (dashed: the
    envelope ``|λ|^k`` when θ ≠ 0). Right: the 1 % horizon ``log 0.01 / log |λ|`` against ``1 − |λ|``, with the
    given magnitudes marked. Returns the two axes."""
    if axes is None:
        import matplotlib.pyplot as plt

        _, axes = plt.subplots(1, 2, figsize=(12, 3.8))
    left, right = axes
    for i, r in enumerate(magnitudes):
        color = CYCLE[i % len(CYCLE)]
        real, envelope = memory_curve(r, angle, steps)
        left.plot(real, color=color, label=f"|λ| = {r:g}, 1 % after {horizon(r):.0f} steps")
        if angle:
            left.plot(envelope, color=color, linestyle="--", lw=0.8)
    left.axhline(0.01, color=PALETTE["black"], linestyle=":", lw=1)
    left.set_xlabel("k, steps back")
    left.set_ylabel(r"Re $\lambda^k$, the weight of an input k steps back")
    left.set_title(f"What the state keeps of one input (θ = {angle:.2f} rad)")
    left.legend(fontsize=7)
    gaps = np.logspace(-4, -0.05, 200)
    right.loglog(gaps, [horizon(1 - g) for g in gaps], color=PALETTE["black"])
    for i, r in enumerate(magnitudes):
        if 0 < r < 1:
            right.scatter(1 - r, horizon(r), color=CYCLE[i % len(CYCLE)], zorder=3, edgecolor="black")
    right.set_xlabel("1 − |λ|")
    right.set_ylabel("steps until the weight is below 1 %")
    right.set_title("Memory horizon ≈ 4.6 / (1 − |λ|)")
    return axes
