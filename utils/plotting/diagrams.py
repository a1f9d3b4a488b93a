"""Diagrams drawn with matplotlib patches: unrolled RNNs, input/output patterns, bidirectional
layers, the layout of ``h_n`` and of a ``PackedSequence``.

Each draws on an ``ax`` (created when not given), sets a title and returns the ``ax``.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch

from .style import PALETTE, _arrow, _blank, _box, _diagram_frame, _new_ax

PACKED_COLORS = [PALETTE[name] for name in
                 ("blue", "orange", "green", "vermillion", "purple", "yellow", "sky", "black")]
"""Sequence colours of ``plot_packed_sequence``; the two blues are 6 apart, so batches of up to 6 never get both."""


def plot_unrolled_rnn(n_steps: int = 4, ax=None, title: str | None = None):
    """Draw an RNN folded (a cell with a loop) and unrolled over ``n_steps`` steps with shared weights."""
    if not isinstance(n_steps, int) or not 1 <= n_steps <= 8:
        raise ValueError(f"n_steps must be an int between 1 and 8, got {n_steps!r}")
    ax = _new_ax(ax, figsize=(3.0 + 1.6 * n_steps, 3.4))
    # Folded view on the left.
    _box(ax, (0, 1), "RNN", PALETTE["sky"])
    _box(ax, (0, 0), "$x_t$", PALETTE["yellow"], width=0.5, height=0.35)
    _box(ax, (0, 2), "$y_t$", PALETTE["orange"], width=0.5, height=0.35)
    _arrow(ax, (0, 0.18), (0, 0.74))
    _arrow(ax, (0, 1.26), (0, 1.82))
    ax.add_patch(FancyArrowPatch((0.4, 1.15), (0.4, 0.85), connectionstyle="arc3,rad=-3", arrowstyle="-|>",
                                 mutation_scale=12, color=PALETTE["blue"], linewidth=1.2))
    ax.text(0.92, 1.0, "$W_{hh}$", color=PALETTE["blue"], fontsize=8, va="center")
    ax.text(1.45, 1.0, "=", fontsize=16, va="center")
    # Unrolled view.
    xs = [3.3 + 1.6 * t for t in range(n_steps)]
    _box(ax, (xs[0] - 1.0, 1), "$h_0$", "white", width=0.45, height=0.35)
    for t, x in enumerate(xs, start=1):
        _box(ax, (x, 1), f"$h_{t}$", PALETTE["sky"])
        _box(ax, (x, 0), f"$x_{t}$", PALETTE["yellow"], width=0.5, height=0.35)
        _box(ax, (x, 2), f"$y_{t}$", PALETTE["orange"], width=0.5, height=0.35)
        _arrow(ax, (x, 0.18), (x, 0.74), "$W_{xh}$", label_offset=(0.28, 0.0))
        _arrow(ax, (x, 1.26), (x, 1.82), "$W_{hy}$", label_offset=(0.28, 0.0))
        start = x - 1.6 + 0.4 if t > 1 else x - 1.0 + 0.25  # right edge of the previous box
        _arrow(ax, (start, 1), (x - 0.4, 1), "$W_{hh}$" if t > 1 else None, color=PALETTE["blue"])
    _diagram_frame(ax, title or f"An RNN unrolled over {n_steps} steps: the same weights at every step",
                   (-0.6, xs[-1] + 0.6), (-0.4, 2.4))
    return ax


_IO_PATTERNS = {
    # name: (what each step reads, what each step emits, example). Inputs: "x" a real input, "<s>" a start
    # token, "y" the previous step's output fed back in, "" nothing. "x→h₀": x becomes the initial state.
    "many-to-one": (["x", "x", "x", "x"], [0, 0, 0, 1], "classify a sentence"),
    "one-to-many": (["<s>", "y", "y", "y"], [1, 1, 1, 1], "caption an image"),
    "many-to-many, aligned": (["x", "x", "x", "x"], [1, 1, 1, 1], "tag every word"),
    "sequence-to-sequence": (["x", "x", "x", "<s>", "y", "y"], [0, 0, 0, 1, 1, 1], "translate a sentence"),
}
_DECODER_START = {"one-to-many": 0, "sequence-to-sequence": 3}  # first step that feeds its outputs back


def _feedback_arrow(ax, start, end):
    """A dashed line from an output (top) to the next step's input (bottom): "the output is fed back in"."""
    ax.add_patch(FancyArrowPatch(start, end, arrowstyle="-|>", mutation_scale=10, color=PALETTE["vermillion"],
                                 linewidth=1.0, linestyle="--"))


def _io_xlim(name, n):
    return (-1.75 if name == "one-to-many" else -0.5, n - 0.4)


def plot_io_patterns(axes=None):
    """Draw the four input/output patterns of recurrent models side by side (inputs below, outputs above).

    One-to-many puts its input x into the initial state h₀ and then feeds each output back in as the next
    step's input (starting from a start token ``<s>``), as generation code does; the sequence-to-sequence
    decoder (green) starts from the encoder's last state and reads its own previous outputs the same way.
    """
    if axes is None:
        widths = [np.diff(_io_xlim(name, len(ins)))[0] for name, (ins, _, _) in _IO_PATTERNS.items()]
        _, axes = plt.subplots(1, 4, figsize=(15, 3.4), gridspec_kw={"width_ratios": widths})
    for ax, (name, (ins, outs, example)) in zip(np.ravel(axes), _IO_PATTERNS.items(), strict=True):
        n = len(ins)
        decoder_start = _DECODER_START.get(name)
        for t in range(n):
            in_decoder = name == "sequence-to-sequence" and t >= decoder_start
            _box(ax, (t, 1), "", PALETTE["green"] if in_decoder else PALETTE["sky"], width=0.55, height=0.45)
            if t:
                _arrow(ax, (t - 0.7, 1), (t - 0.28, 1), color=PALETTE["blue"])
            out_index = t - (decoder_start or 0) + 1  # y_1 is the first output
            if ins[t]:
                label = {"x": "x", "<s>": "<s>", "y": f"$y_{out_index - 1}$"}[ins[t]]
                _box(ax, (t, 0), label, PALETTE["yellow"] if ins[t] == "x" else "white", width=0.45, height=0.3)
                _arrow(ax, (t, 0.15), (t, 0.76))
            if outs[t]:
                _box(ax, (t, 2), "y" if decoder_start is None else f"$y_{out_index}$", PALETTE["orange"],
                     width=0.45, height=0.3)
                _arrow(ax, (t, 1.24), (t, 1.85))
                if decoder_start is not None and t + 1 < n:
                    _feedback_arrow(ax, (t + 0.24, 1.9), (t + 0.76, 0.12))
        if name == "one-to-many":  # the input is the initial state
            _box(ax, (-1.15, 1), "x → $h_0$", PALETTE["yellow"], width=0.95, height=0.35)
            _arrow(ax, (-0.67, 1), (-0.28, 1), color=PALETTE["blue"])
        if name == "sequence-to-sequence":
            ax.text(1, 1.45, "encoder", ha="center", fontsize=8, color=PALETTE["blue"])
            ax.text(2.1, 2.0, "decoder →", ha="center", va="center", fontsize=8, color=PALETTE["green"])
            ax.text(-0.45, 2.3, "dashed: an output is fed\nback as the next input", ha="left", va="center",
                    fontsize=8, color=PALETTE["vermillion"])
        _diagram_frame(ax, f"{name}\n(e.g. {example})", _io_xlim(name, n), (-0.35, 2.5))
    return axes


def plot_bptt(n_steps: int = 4, ax=None, title: str | None = None):
    """Draw backpropagation through time on an RNN unrolled over ``n_steps`` steps.

    Forward (black): x_t → h_t, h_{t-1} → h_t, and h_t → ℓ_t, a loss term at every step, summed into L. Backward
    (vermillion): each ℓ_t sends g_t = ∂ℓ_t/∂h_t down to its state, and each state sends its total gradient δ_t
    back to the previous one through the Jacobian ∂h_t/∂h_{t-1}; the shared weights collect one term per step.
    """
    if isinstance(n_steps, bool) or not isinstance(n_steps, int) or not 2 <= n_steps <= 6:
        raise ValueError(f"n_steps must be an int between 2 and 6, got {n_steps!r}")
    red = PALETTE["vermillion"]
    spacing = 2.0
    ax = _new_ax(ax, figsize=(2.4 + 2.0 * n_steps, 4.4))
    xs = [spacing * t for t in range(1, n_steps + 1)]
    _box(ax, (0.4, 1), "$h_0$", "white", width=0.5, height=0.4)
    for t, x in enumerate(xs, start=1):
        _box(ax, (x, 0), f"$x_{t}$", PALETTE["yellow"], width=0.5, height=0.35)
        _box(ax, (x, 1), f"$h_{t}$", PALETTE["sky"], width=0.6, height=0.45)
        _box(ax, (x, 2.2), f"$\\ell_{t}$", PALETTE["orange"], width=0.5, height=0.4)
        _arrow(ax, (x, 0.18), (x, 0.77))
        _arrow(ax, (x - 0.12, 1.23), (x - 0.12, 2.0))  # forward: h_t -> loss term
        _arrow(ax, (x + 0.12, 2.0), (x + 0.12, 1.23), f"$g_{t}$", color=red, label_offset=(0.22, 0.0))
        _arrow(ax, (x, 2.4), (xs[-1] / 2 + spacing / 2, 3.15), color="0.6")  # into the total loss
        left = x - spacing + 0.3 if t > 1 else 0.65
        _arrow(ax, (left, 1.1), (x - 0.3, 1.1))  # forward: h_{t-1} -> h_t
        if t > 1:  # backward: delta_t -> delta_{t-1}
            _arrow(ax, (x - 0.3, 0.88), (left, 0.88), rf"$\partial h_{t}/\partial h_{{{t - 1}}}$", color=red,
                   label_offset=(0.0, -0.2))
    _box(ax, (xs[-1] / 2 + spacing / 2, 3.35), r"$L = \sum_t \ell_t$", PALETTE["orange"], width=1.3, height=0.4)
    ax.text(xs[0] - 1.5, 3.35, "forward", color="black", fontsize=9, va="center")
    ax.text(xs[0] - 1.5, 3.05, "backward (BPTT)", color=red, fontsize=9, va="center")
    ax.text(xs[-1] + 0.5, 0.5, "$\\delta_t = g_t + $ what flows\nback from step $t+1$;\n"
            "$W_{hh}$, $W_{xh}$, $b$ sum one\nterm per step", fontsize=8, color=red, va="center")
    _diagram_frame(ax, title or "Backpropagation through time: gradients flow from every loss term back to step 1",
                   (-0.2, xs[-1] + 2.3), (-0.4, 3.7))
    return ax


def packed_layout(lengths) -> dict[str, np.ndarray]:
    """Where ``pack_padded_sequence(..., enforce_sorted=False)`` puts every valid step of a padded batch.

    Args:
        lengths: (B,) positive ints, in any order.

    Returns:
        ``{"sorted_indices": (B,), "batch_sizes": (T_max,), "row": (B, T_max)}``: the order and batch sizes that
        ``torch.nn.utils.rnn.pack_padded_sequence`` reports, and for every valid step ``(b, t)`` the row of
        ``PackedSequence.data`` that holds it (``-1`` at padded positions). Computed by torch itself, so the
        figure never disagrees with it (torch's order among equal lengths is not specified).
    """
    import torch
    from torch.nn.utils.rnn import pack_padded_sequence

    lengths = np.asarray(lengths)
    if lengths.ndim != 1 or lengths.size == 0 or not np.issubdtype(lengths.dtype, np.integer):
        raise ValueError(f"lengths must be a non-empty 1-D sequence of ints, got {lengths!r}")
    if lengths.min() < 1:
        raise ValueError(f"lengths must all be at least 1, got {lengths.tolist()}")
    B, T = len(lengths), int(lengths.max())
    index = torch.arange(B * T, dtype=torch.float64).reshape(B, T, 1)  # (B, T, 1): entry = b * T + t
    packed = pack_padded_sequence(index, torch.as_tensor(lengths, dtype=torch.int64), batch_first=True,
                                  enforce_sorted=False)
    row = np.full(B * T, -1)
    row[packed.data[:, 0].numpy().astype(int)] = np.arange(int(lengths.sum()))
    return {"sorted_indices": packed.sorted_indices.numpy(), "batch_sizes": packed.batch_sizes.numpy(),
            "row": row.reshape(B, T)}


def plot_packed_sequence(lengths, axes=None, title: str | None = None):
    """Draw how a padded batch becomes a ``PackedSequence``.

    Top: the padded batch as a (B, T_max) grid, one row per sequence, padding grey; each valid step shows the
    row of ``PackedSequence.data`` it goes to. Bottom: ``data`` itself, read time step by time step (longest
    sequences first), grouped by ``t`` with ``batch_sizes[t]`` under each group.

    Args:
        lengths: (B,) positive ints in any order, at most 10 sequences and at most 16 steps (to stay legible).
        axes: two matplotlib axes (top, bottom); created when ``None``.
    Returns:
        the two axes.
    """
    layout = packed_layout(lengths)
    lengths = np.asarray(lengths)
    B, T = layout["row"].shape
    if B > 10 or T > 16:
        raise ValueError(f"plot_packed_sequence draws at most 10 sequences of at most 16 steps, got B={B}, T={T}")
    n_rows = int(lengths.sum())
    if axes is None:
        width = max(6.4, 0.55 * max(n_rows, 2 * T) + 2.0)
        _, axes = plt.subplots(2, 1, figsize=(width, 0.55 * B + 3.2), layout="constrained",
                               gridspec_kw={"height_ratios": [B + 0.6, 2.6]})
    top, bottom = axes
    colors = [PACKED_COLORS[b % len(PACKED_COLORS)] for b in range(B)]
    for b in range(B):
        for t in range(T):
            valid = t < lengths[b]
            top.add_patch(plt.Rectangle((t - 0.45, -b - 0.4), 0.9, 0.8, facecolor=colors[b] if valid else "0.9",
                                        alpha=0.45 if valid else 1.0, edgecolor="black" if valid else "0.7",
                                        hatch=None if valid else "//", linewidth=0.8))
            label = str(layout["row"][b, t]) if valid else "pad"
            top.text(t, -b, label, ha="center", va="center", fontsize=9 if valid else 7,
                     color="black" if valid else "0.45")
    top.set_xlim(-0.6, T - 0.4)
    top.set_ylim(-B + 0.4, 0.6)
    top.set_aspect("equal")
    top.set_xticks(range(T), [f"t={t}" for t in range(T)])
    top.set_yticks([-b for b in range(B)], [f"b={b} (L={lengths[b]})" for b in range(B)])
    top.tick_params(length=0)
    top.grid(False)
    for spine in top.spines.values():
        spine.set_visible(False)
    top.set_title(title or f"padded batch (B, T_max) = ({B}, {T}): each valid step shows its row in packed.data")
    offset = 0
    sorted_b = layout["sorted_indices"]
    for t, size in enumerate(layout["batch_sizes"]):
        for rank in range(size):
            b = sorted_b[rank]
            k = offset + rank
            bottom.add_patch(plt.Rectangle((k - 0.45, -0.4), 0.9, 0.8, facecolor=colors[b], alpha=0.45,
                                           edgecolor="black", linewidth=0.8))
            bottom.text(k, 0.08, f"b={b}", ha="center", va="center", fontsize=8)
            bottom.text(k, -0.2, f"{k}", ha="center", va="center", fontsize=7, color="0.3")
        left, right = offset - 0.45, offset + size - 0.55
        bottom.plot([left, left, right, right], [-0.55, -0.65, -0.65, -0.55], color="black", linewidth=0.8)
        bottom.text((left + right) / 2, -0.95, f"t={t}\n{size}", ha="center", va="top", fontsize=8)
        offset += size
    bottom.text(-0.9, -0.95, "time step\nbatch_sizes[t]", ha="right", va="top", fontsize=8)
    bottom.set_xlim(-0.6, n_rows - 0.4)
    bottom.set_ylim(-1.6, 0.5)
    bottom.set_aspect("equal")
    bottom.axis("off")
    bottom.set_title(f"packed.data: {n_rows} rows = sum of lengths; batch_sizes = {layout['batch_sizes'].tolist()}, "
                     f"sorted_indices = {sorted_b.tolist()}", fontsize=10)
    return axes


_FORWARD_ARROW, _BACKWARD_ARROW = r"\overrightarrow{h}", r"\overleftarrow{h}"


def plot_bidirectional_rnn(n_steps: int = 4, ax=None, title: str | None = None):
    """Draw one bidirectional layer unrolled over ``n_steps`` steps.

    The forward row (blue) reads x_1 → x_T with its own weights, the backward row (vermillion) reads x_T → x_1
    with other weights, and the output at step t is the concatenation ``[h→_t ; h←_t]`` of width 2H.
    """
    if not isinstance(n_steps, int) or isinstance(n_steps, bool) or not 2 <= n_steps <= 6:
        raise ValueError(f"n_steps must be an int between 2 and 6, got {n_steps!r}")
    spacing, shift = 2.1, 0.42  # distance between steps; horizontal offset of the two rows from the input
    y_in, y_fwd, y_bwd, y_out = 0.0, 1.3, 2.5, 3.8
    blue, red, grey = PALETTE["blue"], PALETTE["vermillion"], "#666666"
    ax = _new_ax(ax, figsize=(2.6 + 2.0 * n_steps, 4.6))
    xs = [spacing * t for t in range(1, n_steps + 1)]
    last = f"{n_steps}" if n_steps < 6 else "T"
    names = [str(t) for t in range(1, n_steps + 1)]
    names[-1] = last
    for x, t in zip(xs, names, strict=True):
        _box(ax, (x, y_in), f"$x_{{{t}}}$", PALETTE["yellow"], width=0.55, height=0.4)
        _box(ax, (x - shift, y_fwd), f"${_FORWARD_ARROW}_{{{t}}}$", PALETTE["sky"], width=0.62, height=0.46)
        _box(ax, (x + shift, y_bwd), f"${_BACKWARD_ARROW}_{{{t}}}$", PALETTE["orange"], width=0.62, height=0.46)
        _box(ax, (x, y_out), f"$[{_FORWARD_ARROW}_{{{t}}}\\,;\\,{_BACKWARD_ARROW}_{{{t}}}]$", PALETTE["green"],
             width=1.25, height=0.46)
        _arrow(ax, (x - 0.05, y_in + 0.2), (x - shift, y_fwd - 0.23), color=grey)
        _arrow(ax, (x + 0.05, y_in + 0.2), (x + shift, y_bwd - 0.23), color=grey)
        _arrow(ax, (x - shift, y_fwd + 0.23), (x - 0.2, y_out - 0.23), color=blue)
        _arrow(ax, (x + shift, y_bwd + 0.23), (x + 0.2, y_out - 0.23), color=red)
    for left, right in zip(xs[:-1], xs[1:], strict=True):
        _arrow(ax, (left - shift + 0.31, y_fwd), (right - shift - 0.31, y_fwd), color=blue)
        _arrow(ax, (right + shift - 0.31, y_bwd), (left + shift + 0.31, y_bwd), color=red)
    # Initial states: the forward direction starts before x_1, the backward direction after x_T.
    _box(ax, (xs[0] - spacing + 0.15, y_fwd), f"${_FORWARD_ARROW}_0$", "white", width=0.55, height=0.4)
    _arrow(ax, (xs[0] - spacing + 0.43, y_fwd), (xs[0] - shift - 0.31, y_fwd), color=blue)
    after = f"{n_steps + 1}" if n_steps < 6 else "T+1"
    _box(ax, (xs[-1] + spacing - 0.15, y_bwd), f"${_BACKWARD_ARROW}_{{{after}}}$", "white", width=0.75, height=0.4)
    _arrow(ax, (xs[-1] + spacing - 0.53, y_bwd), (xs[-1] + shift + 0.31, y_bwd), color=red)
    ax.text(xs[0] - spacing - 0.25, y_fwd - 0.45, f"forward: reads $x_1 \\to x_{{{last}}}$", color=blue, fontsize=9)
    ax.text(xs[-1] + spacing - 0.15, y_bwd - 0.45, f"backward: reads $x_{{{last}}} \\to x_1$", color=red, fontsize=9,
            ha="center")
    ax.text(xs[0] - spacing - 0.25, y_out + 0.45, "output: (B, T, 2H)", fontsize=9)
    _diagram_frame(ax, title or "A bidirectional layer: two RNNs with their own weights, outputs concatenated",
                   (xs[0] - spacing - 0.4, xs[-1] + spacing + 0.4), (y_in - 0.45, y_out + 0.7))
    return ax


def _check_layout_args(num_layers, bidirectional):
    if isinstance(num_layers, bool) or not isinstance(num_layers, (int, np.integer)) or not 1 <= num_layers <= 6:
        raise ValueError(f"num_layers must be an int between 1 and 6, got {num_layers!r}")
    if not isinstance(bidirectional, (bool, np.bool_)):
        raise TypeError(f"bidirectional must be True or False, got {type(bidirectional).__name__}")
    return int(num_layers), 2 if bidirectional else 1


def plot_h_n_layout(num_layers: int = 2, bidirectional: bool = True, ax=None, title: str | None = None):
    """Draw the slices of ``h_n`` (shape ``(num_layers · num_directions, B, H)``) and which state each one holds.

    Index ``layer · num_directions + direction`` (direction 0 forward, 1 backward), bottom layer first; each slice
    is ``(B, H)``. The top layer's slices — ``h_n[-2]`` and ``h_n[-1]`` when bidirectional, ``h_n[-1]`` otherwise —
    are outlined, and brackets show the layers of ``h_n.view(num_layers, num_directions, B, H)``.
    """
    num_layers, directions = _check_layout_args(num_layers, bidirectional)
    n = num_layers * directions
    ax = _new_ax(ax, figsize=(6.4, 0.62 * n + 1.4))
    width, height, gap = 3.6, 0.5, 0.12
    for index in range(n):
        layer, direction = divmod(index, directions)
        y = -(index * (height + gap) + (layer * 0.25 if directions == 2 else 0.0))
        top = layer == num_layers - 1
        color = PALETTE["sky"] if direction == 0 else PALETTE["orange"]
        name = ("forward" if direction == 0 else "backward") if directions == 2 else ""
        ax.add_patch(FancyBboxPatch((0, y - height / 2), width, height, boxstyle="round,pad=0.02", facecolor=color,
                                    edgecolor="black", linewidth=2.2 if top else 0.8, alpha=0.55 + 0.45 * top))
        ax.text(width / 2, y, f"layer {layer}" + (f", {name}" if name else "") + "   (B, H)", ha="center",
                va="center", fontsize=9)
        ax.text(-0.15, y, f"h_n[{index}]  =  h_n[{index - n}]", ha="right", va="center", fontsize=9,
                family="monospace")
        if directions == 2 and direction == 1:  # a bracket around the layer's two slices
            y_top = y + height + gap + height / 2
            y_bottom = y - height / 2
            ax.plot([width + 0.15, width + 0.3, width + 0.3, width + 0.15], [y_top, y_top, y_bottom, y_bottom],
                    color="black", linewidth=1.0)
            ax.text(width + 0.4, (y_top + y_bottom) / 2, f"h_n.view({num_layers}, 2, B, H)[{layer}]", va="center",
                    fontsize=8, family="monospace")
    note = ("top layer: h_n[-2] (forward), h_n[-1] (backward)" if directions == 2 else "top layer: h_n[-1]")
    bottom = -(n * (height + gap) + (num_layers * 0.25 if directions == 2 else 0.0))
    ax.text(width / 2, bottom - 0.05, note + " (outlined)", ha="center", va="top", fontsize=9)
    ax.set_xlim(-2.9, width + 3.3)
    ax.set_ylim(bottom - 0.5, height + 0.2)
    _blank(ax)
    shape = f"({num_layers} · {directions}, B, H) = ({n}, B, H)" if directions == 2 else f"({n}, B, H)"
    kind = "bidirectional" if directions == 2 else "unidirectional"
    ax.set_title(title or f"h_n of a {num_layers}-layer {kind} RNN: {shape}")
    return ax


def plot_bidirectional_output(seq_len: int = 5, ax=None, title: str | None = None):
    """What each entry of a bidirectional layer's ``output`` (B, T, 2H) has read, and where ``h_n`` sits in it.

    Column t is ``output[:, t]``: its forward half has read x_1..x_t, its backward half x_t..x_T. The last column,
    ``output[:, -1]``, pairs the complete forward state (= ``h_n[-2]``) with a backward state that has read only
    x_T; the complete backward state (= ``h_n[-1]``) is in the *first* column.
    """
    if isinstance(seq_len, bool) or not isinstance(seq_len, (int, np.integer)) or not 2 <= seq_len <= 8:
        raise ValueError(f"seq_len must be an int between 2 and 8, got {seq_len!r}")
    T = int(seq_len)
    ax = _new_ax(ax, figsize=(1.25 * T + 3.2, 3.6))
    blue, red = PALETTE["blue"], PALETTE["vermillion"]
    w, h = 1.0, 0.7
    rows = {"forward": (0.5, PALETTE["sky"]), "backward": (-0.35, PALETTE["orange"])}
    for t in range(1, T + 1):
        x = 1.15 * (t - 1)
        for name, (y, color) in rows.items():
            seen = (1, t) if name == "forward" else (t, T)
            text = f"$x_{{{seen[0]}}}$" if seen[0] == seen[1] else f"$x_{{{seen[0]}}}..x_{{{seen[1]}}}$"
            outline = (name == "forward" and t == T) or (name == "backward" and t == 1)
            ax.add_patch(FancyBboxPatch((x - w / 2, y - h / 2), w, h, boxstyle="round,pad=0.02", facecolor=color,
                                        alpha=0.8, edgecolor=blue if name == "forward" else red,
                                        linewidth=2.6 if outline else 0.6))
            ax.text(x, y, text, ha="center", va="center", fontsize=9)
        index = f"{t - 1}" if t < T else "-1"
        ax.text(x, 1.05, f"[:, {index}]", ha="center", va="bottom", fontsize=8, family="monospace")
    x_last = 1.15 * (T - 1)
    ax.add_patch(FancyBboxPatch((x_last - w / 2 - 0.08, -0.35 - h / 2 - 0.08), w + 0.16, 0.85 + h + 0.16,
                                boxstyle="round,pad=0.02", facecolor="none", edgecolor="black", linestyle="--",
                                linewidth=1.2))
    ax.text(x_last, 1.35, "= h_n[-2]", ha="center", va="bottom", fontsize=9, color=blue, family="monospace")
    ax.text(0, -0.9, "= h_n[-1]", ha="center", va="top", fontsize=9, color=red, family="monospace")
    ax.text(x_last, -0.9, "output[:, -1]: its backward half\nhas read only $x_T$", ha="center", va="top", fontsize=8)
    ax.text(-0.75, 0.5, "forward half\noutput[:, t, :H]", ha="right", va="center", fontsize=8, color=blue)
    ax.text(-0.75, -0.35, "backward half\noutput[:, t, H:]", ha="right", va="center", fontsize=8, color=red)
    ax.text(-0.75, 1.1, "output", ha="right", va="bottom", fontsize=8, family="monospace")
    ax.set_xlim(-2.4, x_last + 0.8)
    ax.set_ylim(-1.55, 1.75)
    _blank(ax)
    ax.set_xlabel("time step t →")
    ax.set_title(title or f"What output[:, t] has read (T = {T}), and where the final states are")
    return ax
