"""Chapter 03's gate explorer: an LSTM's gates and cell state on one adding-problem sequence."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np

from .. import plotting, seeds
from ..validation import check_positive_int
from .frontend import api, connect


def adding_sequence(seq_len: int = 100, first: int = 10, second: int = 70, seed: int = 0) -> np.ndarray:
    """One input sequence of the adding problem (see ``utils.data.make_adding_problem``) with chosen markers.

    Returns a (T, 2) float64 array: channel 0 uniform random values (seeded), channel 1 the markers, 1 at the
    steps ``first`` and ``second`` (0-based) and 0 elsewhere.
    """
    seq_len = check_positive_int("seq_len", seq_len)
    for name, position in (("first", first), ("second", second)):
        if isinstance(position, bool) or not isinstance(position, (int, np.integer)) or not 0 <= position < seq_len:
            raise ValueError(f"{name} must be an int in [0, {seq_len - 1}], got {position!r}")
    x = np.zeros((seq_len, 2))
    x[:, 0] = seeds.rng(seed).uniform(0.0, 1.0, size=seq_len)
    x[[first, second], 1] = 1.0
    return x


def hand_wired_lstm_params(forget_bias: float = 8.0, sharpness: float = 20.0) -> dict[str, np.ndarray]:
    """A one-unit LSTM, wired by hand, that stores the marked values of an adding-problem sequence.

    Inputs are (value v, marker m). Gate pre-activations (no recurrent weights, ``Wh = 0``):
    input gate ``sharpness * (m - 1/2)`` (open only on a marker), forget gate ``forget_bias`` (a constant
    ``f = sigmoid(forget_bias)``), candidate ``v`` (so ``g = tanh(v)``), output gate 2 (``o ≈ 0.88``).
    The cell state therefore adds ``tanh(v)`` at each marker and keeps a fraction ``f`` of itself per step.

    Returns:
        ``{"Wx": (2, 4), "Wh": (1, 4), "b": (4,)}`` in the gate order i, f, g, o.
    """
    Wx, Wh, b = np.zeros((2, 4)), np.zeros((1, 4)), np.zeros(4)
    Wx[1, 0], b[0] = sharpness, -sharpness / 2  # i: opens on the marker
    b[1] = forget_bias  # f: constant
    Wx[0, 2] = 1.0  # g = tanh(value)
    b[3] = 2.0  # o: mostly open
    return {"Wx": Wx, "Wh": Wh, "b": b}


def lstm_gate_trace(params, x, forget_bias_shift: float = 0.0) -> dict[str, np.ndarray]:
    """Run one sequence through an LSTM layer and return its gates and states.

    Args:
        params: ``{"Wx": (D, 4H), "Wh": (H, 4H), "b": (4H,)}`` (e.g. ``scratch.params_from_torch(lstm)``).
        x: (T, D) one input sequence.
        forget_bias_shift: added to the forget-gate block ``b[H:2H]`` (0 runs the layer as it is).

    Returns:
        ``{"i", "f", "g", "o", "c", "h"}``, each a (T, H) array over time, starting from zero states.
    """
    from ..scratch.lstm import lstm_forward

    x = np.asarray(x, dtype=np.float64)
    if x.ndim != 2:
        raise ValueError(f"x must be one sequence of shape (T, D), got shape {x.shape}")
    Wx, Wh = np.asarray(params["Wx"], dtype=np.float64), np.asarray(params["Wh"], dtype=np.float64)
    b = np.array(params["b"], dtype=np.float64)
    H = Wh.shape[0]
    b[H : 2 * H] += forget_bias_shift
    zeros = np.zeros((1, H))
    _, _, caches = lstm_forward(x[None], zeros, zeros, Wx, Wh, b)
    return {name: np.concatenate([cache[key] for cache in caches]) for name, key in
            [("i", "i"), ("f", "f"), ("g", "g"), ("o", "o"), ("c", "c_next"), ("h", "h_next")]}


def _cell_limit(params, seq_len, first, second, shifts, seed) -> float:
    """One colour limit for the cell-state heatmaps of several forget-bias shifts (largest 95th percentile of |c|)."""
    x = adding_sequence(seq_len, first, second, seed)
    return max(max(float(np.percentile(np.abs(lstm_gate_trace(params, x, shift)["c"]), 95)), 1e-12) for shift in shifts)


def _draw_gate_trace(params, readout, seq_len, first, second, shift, seed, axes=None, c_limit=None):
    x = adding_sequence(seq_len, first, second, seed)
    trace = lstm_gate_trace(params, x, shift)
    change = "as given" if shift == 0 else f"{'raised' if shift > 0 else 'lowered'} by {abs(shift):g}"
    title = (f"forget-gate bias {change} (mean f = {trace['f'].mean():.4f})\n"
             f"markers at steps {first + 1} and {second + 1}")
    if readout is not None:
        w, b0 = readout
        prediction = float(trace["h"][-1] @ np.ravel(w) + np.ravel(b0)[0])
        title += f"; target {x[first, 0] + x[second, 0]:.2f}, prediction {prediction:.2f}"
    return plotting.plot_lstm_gates(trace, x, axes=axes, title=title, input_names=["value", "marker"], c_limit=c_limit)


def lstm_gate_explorer(params=None, readout=None, seq_len: int = 100, first: int = 10, second: int = 70,
                       forget_bias_shift: float = 0.0, seed: int = 0):
    """Watch an LSTM's gates and cell state on an adding-problem sequence; returns the widget.

    Args:
        params: ``{"Wx": (2, 4H), "Wh": (H, 4H), "b": (4H,)}`` of an LSTM layer with 2 inputs (value, marker);
            ``None`` uses ``hand_wired_lstm_params()``, a one-unit LSTM whose gates are easy to read.
        readout: optional ``(w, b)``, a linear map from the last hidden state ``(H,)`` to a prediction (e.g.
            the weights of an ``nn.Linear(H, 1)`` head), shown with the target in the title.
        seq_len, first, second: the sequence length and the 0-based marker positions.
        forget_bias_shift: added to every forget-gate bias (negative: the cell forgets faster).
        seed: the random values.

    Sliders move the two markers and shift the forget-gate bias. Without a widget front end, draws the
    sequence twice, with the forget-gate bias as given and lowered by 4 (one colour scale for both cell-state
    heatmaps), and returns None.
    """
    params = hand_wired_lstm_params() if params is None else params
    n_panels = plotting.lstm_gate_panels(np.shape(params["Wh"])[0])
    ratios = [0.8, 1, 1, 1, 1][:n_panels]
    if not api().has_widget_frontend():
        _, axes = plt.subplots(n_panels, 2, figsize=(13.0, 1.8 * n_panels + 0.8), sharex=True,
                               gridspec_kw={"height_ratios": ratios})
        shifts = (forget_bias_shift, forget_bias_shift - 4.0)
        c_limit = _cell_limit(params, seq_len, first, second, shifts, seed)  # one colour scale for both columns
        for column, shift in zip(axes.T, shifts, strict=True):
            api()._draw_gate_trace(params, readout, seq_len, first, second, shift, seed, axes=column, c_limit=c_limit)
        plt.tight_layout()
        plt.show()
        return None
    import ipywidgets as widgets

    first_slider = widgets.IntSlider(value=first + 1, min=1, max=seq_len, description="marker 1 at")
    second_slider = widgets.IntSlider(value=second + 1, min=1, max=seq_len, description="marker 2 at")
    shift_slider = widgets.FloatSlider(value=forget_bias_shift, min=-8.0, max=8.0, step=0.5,
                                       description="forget bias ±")

    def draw():
        _, axes = plt.subplots(n_panels, 1, figsize=(8.0, 1.8 * n_panels + 0.6), sharex=True,
                               gridspec_kw={"height_ratios": ratios})
        api()._draw_gate_trace(params, readout, seq_len, first_slider.value - 1, second_slider.value - 1,
                               shift_slider.value, seed, axes=axes)

    output = connect((first_slider, second_slider, shift_slider), draw)
    return widgets.VBox([widgets.HBox([first_slider, second_slider, shift_slider]), output])
