"""Interactive explorers built with ipywidgets.

Each explorer returns a widget when a widget front end is present (JupyterLab, Notebook 7, VS Code) and
otherwise draws a static figure of a few representative settings, so headless runs and static renderings of
the book still show something. Set ``RNN_BOOK_STATIC=1`` to force the static figure (the HTML book does).
"""

from __future__ import annotations

import base64
import io
import os

import matplotlib.pyplot as plt
import numpy as np

from . import plotting
from .scratch import rnn_forward
from .validation import check_positive_int


def has_widget_frontend() -> bool:
    """True inside a Jupyter kernel unless ``RNN_BOOK_STATIC=1`` asks for static figures."""
    if os.environ.get("RNN_BOOK_STATIC", "0") == "1":
        return False
    try:
        from IPython import get_ipython
    except ImportError:
        return False
    shell = get_ipython()
    return shell is not None and getattr(shell, "kernel", None) is not None


def show_in(output, draw) -> None:
    """Call ``draw()``, which makes matplotlib figures, and show them in the ``ipywidgets.Output`` ``output``,
    replacing what it showed. A ``ValueError`` from ``draw`` (bad input in a text box) is shown as its message.

    The figures are rendered to PNG and set as the widget's outputs directly. Capturing with ``with output:``
    instead routes outputs by message id, and when redraws queue up (a slider dragged fast) a late figure of one
    explorer can land in another explorer's output.
    """
    before = set(plt.get_fignums())
    try:
        draw()
        problem = None
    except ValueError as error:
        problem = error
    shown = []
    for figure in [plt.figure(number) for number in plt.get_fignums() if number not in before]:
        if problem is None:
            buffer = io.BytesIO()
            figure.savefig(buffer, format="png", bbox_inches="tight")
            data = {"image/png": base64.b64encode(buffer.getvalue()).decode("ascii"), "text/plain": repr(figure)}
            shown.append({"output_type": "display_data", "metadata": {}, "data": data})
        plt.close(figure)
    if problem is not None:
        shown = [{"output_type": "stream", "name": "stdout", "text": f"{problem}\n"}]
    output.outputs = tuple(shown)


def random_recurrent_matrix(hidden_size: int, spectral_radius: float, seed: int = 0) -> np.ndarray:
    """A random (H, H) Gaussian matrix rescaled so that its largest |eigenvalue| equals ``spectral_radius``."""
    if spectral_radius < 0:
        raise ValueError(f"spectral_radius must be non-negative, got {spectral_radius}")
    rng = np.random.default_rng(seed)
    W = rng.normal(size=(hidden_size, hidden_size))
    return W * (spectral_radius / np.max(np.abs(np.linalg.eigvals(W))))


def pulse_response(spectral_radius: float, seq_len: int = 40, hidden_size: int = 32, input_scale: float = 1.0,
                   seed: int = 0) -> np.ndarray:
    """How strongly a tanh RNN still "remembers" a single input pulse after t steps.

    The RNN reads a pulse at step 1 and zeros afterwards, from h0 = 0 with zero bias. Returns the (T,) array of
    ``||h_t||``: the only reason h_t is non-zero is the pulse, so its norm measures the pulse's trace.
    """
    rng = np.random.default_rng(seed + 1)
    Wx = rng.normal(size=(1, hidden_size)) * input_scale
    Wh = random_recurrent_matrix(hidden_size, spectral_radius, seed)
    x = np.zeros((1, seq_len, 1))
    x[0, 0, 0] = 1.0
    h, _ = rnn_forward(x, np.zeros((1, hidden_size)), Wx, Wh, np.zeros(hidden_size))
    return np.linalg.norm(h[0], axis=1)  # (T,)


def plot_pulse_responses(spectral_radii, seq_len: int = 40, input_scale: float = 1.0, ax=None):
    """One curve of ``pulse_response`` per spectral radius, on a log scale."""
    curves = {f"spectral radius {r:g}": pulse_response(r, seq_len, input_scale=input_scale) for r in spectral_radii}
    ax = plotting.plot_curves(curves, xlabel="time step t", ylabel=r"$\|h_t\|$ (trace of the pulse)",
                              title="How long a tanh RNN remembers a pulse at t = 1", logy=True, ax=ax)
    ax.set_ylim(1e-12, 10)
    return ax


def rnn_memory_explorer(spectral_radius: float = 0.9, seq_len: int = 40, input_scale: float = 1.0):
    """Sliders for the spectral radius of W_hh, the sequence length and the input scale; returns the widget.

    Without a widget front end, draws the static comparison for radii 0.5, 0.9, 1.0 and 1.5 and returns None.
    """
    if not has_widget_frontend():
        plot_pulse_responses([0.5, 0.9, 1.0, 1.5], seq_len, input_scale)
        plt.show()
        return None
    import ipywidgets as widgets

    style = {"description_width": "initial"}  # show the whole label
    radius = widgets.FloatSlider(value=spectral_radius, min=0.1, max=2.0, step=0.05, description="radius ρ(W_hh)",
                                 style=style)
    length = widgets.IntSlider(value=seq_len, min=5, max=200, step=5, description="length T", style=style)
    scale = widgets.FloatSlider(value=input_scale, min=0.1, max=5.0, step=0.1, description="input scale", style=style)
    output = widgets.Output()

    def draw():
        plot_pulse_responses([radius.value], length.value, scale.value)

    def redraw(_change=None):
        show_in(output, draw)

    for control in (radius, length, scale):
        control.observe(redraw, names="value")
    redraw()
    return widgets.VBox([widgets.HBox([radius, length, scale]), output])


_NONLINEARITIES = {
    # name: (f(a), f'(a) written with a = pre-activation and h = f(a))
    "tanh": (np.tanh, lambda a, h: 1.0 - h**2),
    "relu": (lambda a: np.maximum(a, 0.0), lambda a, h: (a > 0).astype(a.dtype)),
    "linear": (lambda a: a, lambda a, h: np.ones_like(a)),
}


def gradient_norms_vs_distance(spectral_radius: float, seq_len: int = 100, nonlinearity: str = "tanh",
                               hidden_size: int = 64, input_scale: float = 0.1, seed: int = 0) -> np.ndarray:
    """How the gradient of a loss on the last state shrinks or grows as it flows back through an RNN.

    The RNN is ``h_t = f(h_{t-1} @ Wh + x_t)`` with ``Wh = random_recurrent_matrix(H, spectral_radius,
    seed)``, inputs ``x_t ~ N(0, input_scale**2)`` in R^H (``Wx`` is the identity), zero bias, ``h_0 = 0``.
    The loss is ``L = g · h_T`` for a random unit vector g, so ``||dL/dh_T|| = 1``. Backpropagation through
    time multiplies by ``f'(a_t)`` and then by ``Wh.T`` at every step.

    Returns:
        (T,) array whose entry k is ``||dL/dh_{T-k}||``, the gradient norm k steps back (entry 0 is 1).
    """
    if nonlinearity not in _NONLINEARITIES:
        raise ValueError(f"nonlinearity must be one of {sorted(_NONLINEARITIES)}, got {nonlinearity!r}")
    seq_len = check_positive_int("seq_len", seq_len)
    hidden_size = check_positive_int("hidden_size", hidden_size)
    if not input_scale >= 0:
        raise ValueError(f"input_scale must be non-negative, got {input_scale}")
    f, f_prime = _NONLINEARITIES[nonlinearity]
    Wh = random_recurrent_matrix(hidden_size, spectral_radius, seed)  # (H, H)
    rng = np.random.default_rng(seed + 1)
    x = rng.normal(size=(seq_len, hidden_size)) * input_scale  # (T, H)
    h, pre, states = np.zeros(hidden_size), [], []
    for t in range(seq_len):
        a = h @ Wh + x[t]
        h = f(a)
        pre.append(a)
        states.append(h)
    g = rng.normal(size=hidden_size)
    dh = g / np.linalg.norm(g)  # dL/dh_T
    norms = np.empty(seq_len)
    for k, t in enumerate(reversed(range(seq_len))):
        norms[k] = np.linalg.norm(dh)  # ||dL/dh_t|| with t = T - k (1-based)
        dh = (dh * f_prime(pre[t], states[t])) @ Wh.T  # one step back: dL/dh_{t-1}
    return norms


def plot_gradient_norms_vs_distance(spectral_radii, seq_len: int = 100, nonlinearity: str = "tanh",
                                    input_scale: float = 0.1, show_eigenvalue_rule: bool = False, ax=None):
    """One curve of ``gradient_norms_vs_distance`` per spectral radius, on a log scale.

    With ``show_eigenvalue_rule``, a dotted line ``rho**(t-k)`` per radius shows what the eigenvalues alone
    would predict.
    """
    curves = {rf"$\rho(W_{{hh}})$ = {r:g}": gradient_norms_vs_distance(r, seq_len, nonlinearity,
                                                                       input_scale=input_scale)
              for r in spectral_radii}
    ax = plotting.plot_gradient_norms(curves, title=f"{nonlinearity} RNN, input scale {input_scale:g}", ax=ax)
    if show_eigenvalue_rule:
        k = np.arange(seq_len)
        for r, line in zip(spectral_radii, ax.get_lines(), strict=False):
            ax.plot(k, np.power(float(r), k), linestyle=":", color=line.get_color(),
                    label=f"${r:g}^{{t-k}}$ (eigenvalues alone)")
        ax.legend()
    return ax


def vanishing_gradient_explorer(spectral_radius: float = 1.0, seq_len: int = 100, nonlinearity: str = "tanh",
                                input_scale: float = 0.1):
    """Sliders for the spectral radius of W_hh, the sequence length, the nonlinearity and the input scale.

    Shows ``||dL/dh_k||`` against the distance ``T - k`` on a log scale (with the ``rho**(T-k)`` that the
    eigenvalues alone would predict) and returns the widget. Without a widget front end, draws a static figure
    (one panel per nonlinearity, radii 0.5, 0.9, 1.0, 1.1 and 1.5) and returns None.
    """
    if nonlinearity not in _NONLINEARITIES:
        raise ValueError(f"nonlinearity must be one of {sorted(_NONLINEARITIES)}, got {nonlinearity!r}")
    if not has_widget_frontend():
        _, axes = plt.subplots(1, 3, figsize=(15, 4), sharey=True)
        for ax, name in zip(axes, _NONLINEARITIES, strict=True):
            plot_gradient_norms_vs_distance([0.5, 0.9, 1.0, 1.1, 1.5], seq_len, name, input_scale, ax=ax)
            ax.set_ylim(1e-30, 1e30)
        plt.show()
        return None
    import ipywidgets as widgets

    radius = widgets.FloatSlider(value=spectral_radius, min=0.1, max=2.0, step=0.05, description="radius ρ")
    length = widgets.IntSlider(value=seq_len, min=5, max=200, step=5, description="length T")
    kind = widgets.Dropdown(options=list(_NONLINEARITIES), value=nonlinearity, description="nonlinearity")
    scale = widgets.FloatLogSlider(value=input_scale, base=10, min=-3, max=1, step=0.1,
                                   description="input scale")
    output = widgets.Output()

    def draw():
        plot_gradient_norms_vs_distance([radius.value], length.value, kind.value, scale.value,
                                        show_eigenvalue_rule=True)

    def redraw(_change=None):
        show_in(output, draw)

    for control in (radius, length, kind, scale):
        control.observe(redraw, names="value")
    redraw()
    return widgets.VBox([widgets.HBox([radius, length]), widgets.HBox([kind, scale]), output])


_GATE_BLOCKS = {"RNN": 1, "GRU": 3, "LSTM": 4}


def recurrent_param_count(cell: str, input_size: int, hidden_size: int, num_layers: int = 1,
                          bidirectional: bool = False, bias: bool = True) -> int:
    """Trainable parameters of ``nn.RNN``, ``nn.GRU`` or ``nn.LSTM`` (``proj_size=0``), from the formula.

    Every layer and direction has G gate blocks (G = 1, 3, 4 for ``cell`` = "RNN", "GRU", "LSTM"), each with an
    (H, D_l) input matrix, an (H, H) hidden matrix and, with ``bias``, two (H,) biases; D_l is ``input_size`` for
    layer 0 and ``hidden_size × directions`` above it (a layer reads both directions of the layer below).
    """
    if cell not in _GATE_BLOCKS:
        raise ValueError(f"cell must be one of {sorted(_GATE_BLOCKS)}, got {cell!r}")
    input_size = check_positive_int("input_size", input_size)
    hidden_size = check_positive_int("hidden_size", hidden_size)
    num_layers = check_positive_int("num_layers", num_layers)
    directions = 2 if bidirectional else 1
    per_block = 0
    for layer in range(num_layers):
        layer_input = input_size if layer == 0 else hidden_size * directions
        weights = hidden_size * layer_input + hidden_size * hidden_size  # one block's W_ih and W_hh
        per_block += directions * (weights + (2 * hidden_size if bias else 0))  # and its b_ih and b_hh
    return _GATE_BLOCKS[cell] * per_block


def _setting_label(input_size, hidden_size, num_layers, bidirectional):
    layers = f"{num_layers} layer" + ("s" if num_layers > 1 else "")
    return f"D={input_size}, H={hidden_size}, {layers}" + (", bidirectional" if bidirectional else "")


def plot_param_comparison(input_size: int, hidden_size: int, num_layers: int = 1, bidirectional: bool = False,
                          ax=None):
    """Bars of ``recurrent_param_count`` for RNN, GRU and LSTM at one setting; returns the ax."""
    counts = {cell: recurrent_param_count(cell, input_size, hidden_size, num_layers, bidirectional)
              for cell in ("RNN", "GRU", "LSTM")}
    return plotting.plot_param_counts(counts, ax=ax,
                                      title=_setting_label(input_size, hidden_size, num_layers, bidirectional))


def param_comparison_explorer(input_size: int = 10, hidden_size: int = 64, num_layers: int = 1,
                              bidirectional: bool = False):
    """Sliders for D, H and the number of layers and a bidirectional switch; bars of the RNN/GRU/LSTM counts.

    Returns the widget. Without a widget front end, draws four representative settings (1 and 2 layers,
    bidirectional, and four times D and H) and returns None.
    """
    if not has_widget_frontend():
        settings = [(input_size, hidden_size, 1, False), (input_size, hidden_size, 2, False),
                    (input_size, hidden_size, 2, True), (4 * input_size, 4 * hidden_size, 1, False)]
        _, axes = plt.subplots(1, 4, figsize=(16, 3.6))
        for ax, setting in zip(axes, settings, strict=True):
            plot_param_comparison(*setting, ax=ax)
        plt.tight_layout()
        plt.show()
        return None
    import ipywidgets as widgets

    d = widgets.IntSlider(value=input_size, min=1, max=512, description="input D")
    h = widgets.IntSlider(value=hidden_size, min=1, max=512, description="hidden H")
    layers = widgets.IntSlider(value=num_layers, min=1, max=4, description="layers")
    both = widgets.Checkbox(value=bidirectional, description="bidirectional")
    output = widgets.Output()

    def draw():
        plot_param_comparison(d.value, h.value, layers.value, both.value)

    def redraw(_change=None):
        show_in(output, draw)

    for control in (d, h, layers, both):
        control.observe(redraw, names="value")
    redraw()
    return widgets.VBox([widgets.HBox([d, h]), widgets.HBox([layers, both]), output])


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
    x[:, 0] = np.random.default_rng(seed).uniform(0.0, 1.0, size=seq_len)
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
    from .scratch.lstm import lstm_forward

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


def _draw_gate_trace(params, readout, seq_len, first, second, shift, seed, axes=None):
    x = adding_sequence(seq_len, first, second, seed)
    trace = lstm_gate_trace(params, x, shift)
    change = "as given" if shift == 0 else f"{'raised' if shift > 0 else 'lowered'} by {abs(shift):g}"
    title = (f"forget-gate bias {change} (mean f = {trace['f'].mean():.4f})\n"
             f"markers at steps {first + 1} and {second + 1}")
    if readout is not None:
        w, b0 = readout
        prediction = float(trace["h"][-1] @ np.ravel(w) + np.ravel(b0)[0])
        title += f"; target {x[first, 0] + x[second, 0]:.2f}, prediction {prediction:.2f}"
    return plotting.plot_lstm_gates(trace, x, axes=axes, title=title, input_names=["value", "marker"])


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
    sequence twice, with the forget-gate bias as given and lowered by 4, and returns None.
    """
    params = hand_wired_lstm_params() if params is None else params
    n_panels = plotting.lstm_gate_panels(np.shape(params["Wh"])[0])
    ratios = [0.8, 1, 1, 1, 1][:n_panels]
    if not has_widget_frontend():
        _, axes = plt.subplots(n_panels, 2, figsize=(13.0, 1.8 * n_panels + 0.8), sharex=True,
                               gridspec_kw={"height_ratios": ratios})
        for column, shift in zip(axes.T, (forget_bias_shift, forget_bias_shift - 4.0), strict=True):
            _draw_gate_trace(params, readout, seq_len, first, second, shift, seed, axes=column)
        plt.tight_layout()
        plt.show()
        return None
    import ipywidgets as widgets

    first_slider = widgets.IntSlider(value=first + 1, min=1, max=seq_len, description="marker 1 at")
    second_slider = widgets.IntSlider(value=second + 1, min=1, max=seq_len, description="marker 2 at")
    shift_slider = widgets.FloatSlider(value=forget_bias_shift, min=-8.0, max=8.0, step=0.5,
                                       description="forget bias ±")
    output = widgets.Output()

    def draw():
        _, axes = plt.subplots(n_panels, 1, figsize=(8.0, 1.8 * n_panels + 0.6), sharex=True,
                               gridspec_kw={"height_ratios": ratios})
        _draw_gate_trace(params, readout, seq_len, first_slider.value - 1, second_slider.value - 1,
                         shift_slider.value, seed, axes=axes)

    def redraw(_change=None):
        show_in(output, draw)

    for control in (first_slider, second_slider, shift_slider):
        control.observe(redraw, names="value")
    redraw()
    return widgets.VBox([widgets.HBox([first_slider, second_slider, shift_slider]), output])


def input_gradient_norms(module, x, readout) -> np.ndarray:
    """How strongly a loss on the *last* hidden state reacts to the input at each time step.

    Args:
        module: an ``nn.RNN``, ``nn.LSTM`` or ``nn.GRU`` with ``batch_first=True`` (one layer or more).
        x: (B, T, D) float tensor of inputs.
        readout: (H,) tensor; the loss is ``L = mean over the batch of readout · h_T`` (top layer).

    Returns:
        (T,) NumPy array whose entry t is the batch mean of ``||dL/dx_t||`` (entry 0 is the first step).
    """
    import torch

    x = x.detach().clone().requires_grad_(True)
    output, _ = module(x)  # (B, T, H)
    loss = (output[:, -1] @ readout).sum()
    (grad,) = torch.autograd.grad(loss, x)  # (B, T, D)
    return grad.norm(dim=-1).mean(dim=0).detach().cpu().numpy()


def rnn_vs_lstm_gradients(seq_len: int = 100, hidden_size: int = 32, forget_bias: float = 1.0,
                          seed: int = 0) -> dict[str, np.ndarray]:
    """``input_gradient_norms`` of a fresh ``nn.RNN`` and a fresh ``nn.LSTM`` on the same adding-problem batch.

    Both have PyTorch's default initialisation (seeded); the LSTM's forget-gate bias is set to ``forget_bias``
    (``bias_ih[H:2H] = forget_bias``, ``bias_hh[H:2H] = 0``). The input is 16 sequences of the adding problem
    and the readout the same random unit vector for both.

    Returns:
        ``{"RNN": (T,), "LSTM": (T,)}`` gradient norms, index 0 for the first time step.
    """
    import torch

    from .data import make_adding_problem

    seq_len = check_positive_int("seq_len", seq_len)
    hidden_size = check_positive_int("hidden_size", hidden_size)
    x, _ = make_adding_problem(16, max(seq_len, 2), seed=seed)
    x = x[:, :seq_len].double()
    generator = torch.Generator().manual_seed(seed)
    readout = torch.randn(hidden_size, generator=generator, dtype=torch.float64)
    readout /= readout.norm()
    norms = {}
    for name, kind in (("RNN", torch.nn.RNN), ("LSTM", torch.nn.LSTM)):
        torch.manual_seed(seed)
        module = kind(2, hidden_size, batch_first=True).double()
        if name == "LSTM":
            with torch.no_grad():
                module.bias_ih_l0[hidden_size : 2 * hidden_size] = forget_bias
                module.bias_hh_l0[hidden_size : 2 * hidden_size] = 0.0
        norms[name] = input_gradient_norms(module, x, readout)
    return norms


def plot_rnn_vs_lstm_gradients(seq_len: int = 100, hidden_size: int = 32, forget_biases=(0.0, 1.0, 3.0),
                               seed: int = 0, ax=None):
    """One curve for the RNN and one per LSTM forget-gate bias: ``||dL/dx_t||`` against t, on a log scale."""
    curves = {}
    for forget_bias in forget_biases:
        norms = rnn_vs_lstm_gradients(seq_len, hidden_size, forget_bias, seed)
        curves.setdefault("vanilla RNN (tanh)", norms["RNN"])
        curves[f"LSTM, forget-gate bias {forget_bias:g}"] = norms["LSTM"]
    return plotting.plot_curves(
        curves, xlabel="time step t (the loss is computed from the last state, t = T)",
        ylabel=r"$\|\partial L / \partial x_t\|$", logy=True, ax=ax,
        title=f"Gradient reaching each input step, at initialisation (H = {hidden_size})")


def gradient_flow_explorer(seq_len: int = 100, hidden_size: int = 32, forget_bias: float = 1.0, seed: int = 0):
    """Sliders for the sequence length, the hidden size and the LSTM's forget-gate bias; returns the widget.

    Shows ``rnn_vs_lstm_gradients``: the gradient of a loss on the last state with respect to every input step,
    for an RNN and an LSTM at initialisation. Without a widget front end, draws the static comparison for
    forget-gate biases 0, 1 and 3 and returns None.
    """
    if not has_widget_frontend():
        plot_rnn_vs_lstm_gradients(seq_len, hidden_size, (0.0, 1.0, 3.0), seed)
        plt.show()
        return None
    import ipywidgets as widgets

    length = widgets.IntSlider(value=seq_len, min=10, max=300, step=10, description="length T")
    hidden = widgets.IntSlider(value=hidden_size, min=4, max=128, step=4, description="hidden H")
    bias = widgets.FloatSlider(value=forget_bias, min=-3.0, max=6.0, step=0.5, description="forget bias")
    output = widgets.Output()

    def draw():
        plot_rnn_vs_lstm_gradients(length.value, hidden.value, (bias.value,), seed)

    def redraw(_change=None):
        show_in(output, draw)

    for control in (length, hidden, bias):
        control.observe(redraw, names="value")
    redraw()
    return widgets.VBox([widgets.HBox([length, hidden, bias]), output])


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
    Without a widget front end, draws the given lengths and a long-tailed batch (8, 2, 1, 1, 1, 3) and returns
    None.
    """
    lengths = parse_lengths(" ".join(str(length) for length in lengths))
    if not has_widget_frontend():
        for example in (lengths, (8, 2, 1, 1, 1, 3)):
            plotting.plot_packed_sequence(example)
            plt.show()
        return None
    import ipywidgets as widgets

    box = widgets.Text(value=", ".join(map(str, lengths)), description="lengths", continuous_update=False)
    output = widgets.Output()

    def draw():
        plotting.plot_packed_sequence(parse_lengths(box.value))

    def redraw(_change=None):
        show_in(output, draw)

    box.observe(redraw, names="value")
    redraw()
    return widgets.VBox([box, output])


def h_n_layout_explorer(num_layers: int = 2, bidirectional: bool = True):
    """A layers slider and a bidirectional switch; draws ``plotting.plot_h_n_layout`` for the setting.

    Returns the widget. Without a widget front end, draws three settings side by side — ``num_layers``
    unidirectional, ``num_layers`` bidirectional and ``num_layers + 1`` bidirectional — and returns None.
    """
    num_layers = check_positive_int("num_layers", num_layers)
    if not 1 <= num_layers <= 5:
        raise ValueError(f"num_layers must be between 1 and 5, got {num_layers}")
    if not has_widget_frontend():
        settings = [(num_layers, False), (num_layers, True), (num_layers + 1, True)]
        _, axes = plt.subplots(1, 3, figsize=(19, 0.8 * 2 * (num_layers + 1) + 1.6))
        for ax, (layers, both) in zip(axes, settings, strict=True):
            plotting.plot_h_n_layout(layers, both, ax=ax)
        plt.tight_layout()
        plt.show()
        return None
    import ipywidgets as widgets

    layers = widgets.IntSlider(value=num_layers, min=1, max=6, description="num_layers")
    both = widgets.Checkbox(value=bool(bidirectional), description="bidirectional")
    output = widgets.Output()

    def draw():
        plotting.plot_h_n_layout(layers.value, both.value)

    def redraw(_change=None):
        show_in(output, draw)

    for control in (layers, both):
        control.observe(redraw, names="value")
    redraw()
    return widgets.VBox([widgets.HBox([layers, both]), output])
