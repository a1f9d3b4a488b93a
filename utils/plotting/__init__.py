"""Figure helpers with one consistent, colour-blind-safe style (the Okabe–Ito palette).

Every helper draws on an ``ax`` (created when not given), labels its axes, sets a title and returns the ``ax``,
so a chapter can combine them or adjust one detail without copying plotting code. Modules:

- ``style``    the palette, ``use_book_style()`` and the drawing primitives the diagrams share
- ``charts``   charts of data: curves, heatmaps, gradient norms, parameter counts, gate traces, scores
- ``diagrams`` unrolled RNNs, input/output patterns, bidirectional layers, ``h_n`` and packed-batch layouts
- ``cells``    the LSTM and GRU cell diagrams
- ``sequence_tasks`` a confusion matrix, text coloured by per-character tags, dots per seed (chapter 07)
- ``attention`` attention heatmaps, the length curve, accuracy by output position, cost against sequence length
  (chapter 10)
- ``language_models`` stream layout, bpc bars, training history, surprisal-coloured text, sampling trade-offs,
  calibration, the context curve (chapter 09)
- ``time_series`` forecasts against the truth, error against the horizon, NMSE against the Doppler rate (chapter 08)
- ``alt_text`` a text alternative for every figure, from its titles and axis labels (``set_alt`` to choose one);
  importing the package in a Jupyter kernel makes every displayed figure carry it

Import the package and call ``plotting.plot_curves(...)``; every public name is available here.
"""

from . import alt_text as _alt_text
from .alt_text import set_alt
from .attention import plot_attention, plot_cost_vs_length, plot_length_curve, plot_position_accuracy
from .cells import plot_gru_cell, plot_lstm_cell
from .charts import (
    decade_ticks,
    lstm_gate_panels,
    plot_curves,
    plot_gradient_norms,
    plot_heatmap,
    plot_lstm_gates,
    plot_param_counts,
    plot_scores,
    plot_step_predictions,
    smooth,
)
from .diagrams import (
    packed_layout,
    plot_bidirectional_output,
    plot_bidirectional_rnn,
    plot_bptt,
    plot_h_n_layout,
    plot_io_patterns,
    plot_packed_sequence,
    plot_unrolled_rnn,
)
from .language_models import (
    plot_bpc_comparison,
    plot_context_curve,
    plot_lm_history,
    plot_quality_diversity,
    plot_reliability,
    plot_stream_layout,
    plot_surprisal_text,
    plot_temperature_scaling,
    plot_temperature_tradeoff,
)
from .sequence_tasks import confusion_matrix, plot_confusion_matrix, plot_dots_by_category, plot_tagged_text
from .style import CYCLE, PALETTE, use_book_style
from .time_series import plot_error_by_horizon, plot_forecast, plot_nmse_vs_doppler

__all__ = [
    "CYCLE", "PALETTE", "use_book_style", "lstm_gate_panels", "plot_curves", "plot_gradient_norms", "plot_heatmap",
    "plot_lstm_gates", "plot_param_counts", "plot_scores", "plot_step_predictions", "smooth", "plot_gru_cell",
    "plot_lstm_cell", "packed_layout", "plot_bidirectional_output", "plot_bidirectional_rnn", "plot_h_n_layout",
    "plot_io_patterns", "plot_packed_sequence", "plot_unrolled_rnn",
]
__all__ += ["plot_bpc_comparison", "plot_context_curve", "plot_stream_layout", "plot_temperature_tradeoff"]
__all__ += ["plot_lm_history", "plot_quality_diversity", "plot_reliability", "plot_surprisal_text",
            "plot_temperature_scaling"]
__all__ += ["decade_ticks", "plot_bptt"]
__all__ += ["confusion_matrix", "plot_confusion_matrix", "plot_dots_by_category", "plot_tagged_text"]
__all__ += ["plot_error_by_horizon", "plot_forecast", "plot_nmse_vs_doppler"]
__all__ += ["plot_attention", "plot_cost_vs_length", "plot_length_curve", "plot_position_accuracy"]
__all__ += ["set_alt"]

_alt_text.install()
