"""Interactive explorers built with ipywidgets, one module per family (like ``utils.plotting``).

Each explorer returns a widget when a widget front end is present (JupyterLab, Notebook 7, VS Code) and
otherwise draws a static figure of a few representative settings, so headless runs and static renderings of
the book still show something. Set ``RNN_BOOK_STATIC=1`` to force the static figure (the HTML book does).

- ``frontend``      ``has_widget_frontend``, ``show_in`` (draw into an ``Output``) and the wiring all explorers share
- ``memory``        chapter 01: activity and memory of one pulse in a tanh RNN (``rnn_memory_explorer``)
- ``vanishing``     chapter 02: gradient norms against the distance (``vanishing_gradient_explorer``)
- ``gates``         chapter 03: an LSTM's gates on an adding-problem sequence (``lstm_gate_explorer``)
- ``gradient_flow`` chapter 03: gradient reaching each input, RNN against LSTM (``gradient_flow_explorer``)
- ``param_counts``  parameter counts of RNN, GRU and LSTM (``param_comparison_explorer``)
- ``layouts``       chapters 05–06: ``h_n`` and packed-batch layouts (``h_n_layout_explorer``, ``packing_explorer``)
- ``linear_memory`` chapter 11: how far back a linear recurrence remembers, against its eigenvalue
  (``linear_memory_explorer``)

Import the package and call ``widgets.rnn_memory_explorer()``; every public name is available here. The
explorers look up ``has_widget_frontend`` and their drawing helpers on this package when they run (see
``frontend.api``), so replacing ``utils.widgets.NAME`` in a test reaches them. ``recurrent_param_count`` lives
in ``utils.params`` and is re-exported here for the notebooks that import it from ``utils.widgets``.
"""

from ..params import recurrent_param_count
from ..plotting import alt_text as _alt_text
from .frontend import has_widget_frontend, show_in
from .gates import _draw_gate_trace as _draw_gate_trace  # private; tests replace it on the package
from .gates import adding_sequence, hand_wired_lstm_params, lstm_gate_explorer, lstm_gate_trace
from .gradient_flow import (
    gradient_flow_explorer,
    input_gradient_norms,
    plot_rnn_vs_lstm_gradients,
    rnn_vs_lstm_gradients,
)
from .layouts import h_n_layout_explorer, packing_explorer, parse_lengths
from .linear_memory import linear_memory_explorer
from .memory import (
    plot_pulse_responses,
    pulse_distance,
    pulse_response,
    pulse_states,
    random_recurrent_matrix,
    rnn_memory_explorer,
)
from .param_counts import param_comparison_explorer, plot_param_comparison
from .vanishing import gradient_norms_vs_distance, plot_gradient_norms_vs_distance, vanishing_gradient_explorer

__all__ = [
    "has_widget_frontend", "show_in", "recurrent_param_count",
    "random_recurrent_matrix", "pulse_states", "pulse_response", "pulse_distance", "plot_pulse_responses",
    "rnn_memory_explorer",
    "gradient_norms_vs_distance", "plot_gradient_norms_vs_distance", "vanishing_gradient_explorer",
    "adding_sequence", "hand_wired_lstm_params", "lstm_gate_trace", "lstm_gate_explorer",
    "input_gradient_norms", "rnn_vs_lstm_gradients", "plot_rnn_vs_lstm_gradients", "gradient_flow_explorer",
    "plot_param_comparison", "param_comparison_explorer",
    "parse_lengths", "packing_explorer", "h_n_layout_explorer", "linear_memory_explorer",
]

_alt_text.install()  # static figures displayed in a kernel carry their text alternative (utils.plotting.alt_text)
