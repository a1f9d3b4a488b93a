"""Chapters 05–06's explorers: where each state sits in ``h_n``, and how ``pack_padded_sequence`` lays out a batch."""

from __future__ import annotations

import matplotlib.pyplot as plt

from .. import plotting
from ..validation import check_positive_int
from .frontend import api, connect


def parse_lengths(text: str, max_sequences: int = 10, max_length: int = 16) -> tuple[int, ...]:
    """Read sequence lengths typed as ``"3, 5, 2, 4"`` (commas or spaces); raise ``ValueError`` saying what is wrong.

    At most ``max_sequences`` lengths, each an int in ``[1, max_length]`` (what ``plot_packed_sequence`` draws).
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be a string like '3, 5, 2, 4', got {type(text).__name__}")
    parts = text.replace(",", " ").split()
    if not parts:
        raise ValueError("type at least one length, e.g. 3, 5, 2, 4")
    try:
        lengths = tuple(int(part) for part in parts)
    except ValueError:
        raise ValueError(f"lengths must be whole numbers separated by commas, got {text!r}") from None
    if len(lengths) > max_sequences:
        raise ValueError(f"at most {max_sequences} sequences, got {len(lengths)}")
    if min(lengths) < 1 or max(lengths) > max_length:
        raise ValueError(f"every length must be between 1 and {max_length}, got {list(lengths)}")
    return lengths


def packing_explorer(lengths=(3, 5, 2, 4)):
    """A text box for the lengths of a batch; shows how ``pack_padded_sequence`` lays it out. Returns the widget.

    Draws ``plotting.plot_packed_sequence``: the padded batch, ``PackedSequence.data`` and ``batch_sizes``.
    Without a widget front end, draws two batches that a chapter's own figure of ``lengths`` does not show — equal
    lengths (4, 4, 4), where no sequence drops out, and a long-tailed batch (8, 2, 1, 1, 1, 3) — and returns None.
    """
    lengths = parse_lengths(" ".join(str(length) for length in lengths))
    if not api().has_widget_frontend():
        for example in ((4, 4, 4), (8, 2, 1, 1, 1, 3)):
            plotting.plot_packed_sequence(example)
            plt.show()
        return None
    import ipywidgets as widgets

    box = widgets.Text(value=", ".join(map(str, lengths)), description="lengths", continuous_update=False)

    def draw():
        plotting.plot_packed_sequence(api().parse_lengths(box.value))

    output = connect((box,), draw)
    return widgets.VBox([box, output])


def h_n_layout_explorer(num_layers: int = 2, bidirectional: bool = True):
    """A layers slider and a bidirectional switch; draws ``plotting.plot_h_n_layout`` for the setting.

    Returns the widget. Without a widget front end, draws two settings beside the one it was called with (which
    a chapter shows as its own figure): ``num_layers`` with the other direction setting, and ``num_layers + 1``
    with ``bidirectional`` as given; returns None.
    """
    num_layers = check_positive_int("num_layers", num_layers)
    if not 1 <= num_layers <= 5:
        raise ValueError(f"num_layers must be between 1 and 5, got {num_layers}")
    if not api().has_widget_frontend():
        settings = [(num_layers, not bidirectional), (num_layers + 1, bool(bidirectional))]
        _, axes = plt.subplots(1, 2, figsize=(13, 0.8 * 2 * (num_layers + 1) + 1.6))
        for ax, (layers, both) in zip(axes, settings, strict=True):
            plotting.plot_h_n_layout(layers, both, ax=ax)
        plt.tight_layout()
        plt.show()
        return None
    import ipywidgets as widgets

    layers = widgets.IntSlider(value=num_layers, min=1, max=6, description="num_layers")
    both = widgets.Checkbox(value=bool(bidirectional), description="bidirectional")

    def draw():
        plotting.plot_h_n_layout(layers.value, both.value)

    output = connect((layers, both), draw)
    return widgets.VBox([widgets.HBox([layers, both]), output])
