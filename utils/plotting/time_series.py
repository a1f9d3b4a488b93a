"""Figures of chapter 08: forecasts against the truth, error against the horizon, NMSE against the Doppler rate."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
from matplotlib.lines import Line2D

from .style import CYCLE, _new_ax


def _line_styles(names, styles: Mapping[str, Mapping] | None, default_linestyle: str,
                 default_width: float = 1.5) -> dict[str, dict]:
    """Matplotlib keyword arguments per line: ``styles[name]`` where given, else the next colour of the cycle."""
    styles = {} if styles is None else dict(styles)
    unknown = set(styles) - set(names)
    if unknown:
        raise ValueError(f"styles names lines that are not plotted: {sorted(unknown)}")
    free_colours = iter([c for c in CYCLE if c not in {st.get("color") for st in styles.values()}] + CYCLE)
    return {name: {"color": next(free_colours), "linestyle": default_linestyle, "linewidth": default_width,
                   **styles.get(name, {})} for name in names}


def plot_forecast(x: Sequence, truth: Sequence[float], forecasts: Mapping[str, Sequence[float]],
                  history: tuple[Sequence, Sequence[float]] | None = None, xlabel: str = "time",
                  ylabel: str = "value", title: str = "Forecast and truth", ax=None,
                  styles: Mapping[str, Mapping] | None = None,
                  interval: tuple[str, Sequence[float], Sequence[float]] | None = None):
    """The true series (black) and one line per forecast (name → values at the same ``x``); ``history`` is an
    optional ``(x, values)`` pair of the observed past, drawn in grey before the forecast period.

    ``styles`` maps a forecast's name to matplotlib line arguments (``color``, ``linestyle``, ...), so that a
    method keeps its colour from figure to figure; ``interval = (label, lower, upper)`` shades a prediction
    interval in the colour of the first forecast."""
    truth = np.asarray(truth, dtype=float)
    for name, values in forecasts.items():
        if len(values) != len(truth):
            raise ValueError(f"forecast {name!r} has {len(values)} values, the truth {len(truth)}")
    line_styles = _line_styles(list(forecasts), styles, "--", default_width=1.3)
    ax = _new_ax(ax, figsize=(10, 3.8))
    if history is not None:
        ax.plot(history[0], history[1], color="0.6", linewidth=1.0, label="observed (context)")
    ax.plot(x, truth, color="black", linewidth=1.4, label="truth")
    if interval is not None:
        label, lower, upper = interval
        if len(lower) != len(truth) or len(upper) != len(truth):
            raise ValueError(f"interval bounds must have {len(truth)} values, got {len(lower)} and {len(upper)}")
        ax.fill_between(x, lower, upper, color=line_styles[next(iter(forecasts))]["color"], alpha=0.18, label=label)
    for name, values in forecasts.items():
        ax.plot(x, values, label=name, **line_styles[name])
    ax.set(xlabel=xlabel, ylabel=ylabel, title=title)
    ax.legend(fontsize=8)
    return ax


def plot_error_by_horizon(errors: Mapping[str, Sequence[float]], ylabel: str = "MAE",
                          title: str = "Error against forecast horizon", ax=None,
                          styles: Mapping[str, Mapping] | None = None):
    """One line per method (name → error at horizons 1, 2, ..., H). ``styles`` maps a name to matplotlib line
    arguments — e.g. one colour per method and one line style per seed."""
    if not errors:
        raise ValueError("errors must contain at least one method")
    line_styles = _line_styles(list(errors), styles, "-")
    ax = _new_ax(ax)
    for name, values in errors.items():
        ax.plot(np.arange(1, len(values) + 1), values, label=name, **line_styles[name])
    ax.set(xlabel="forecast horizon h (steps ahead)", ylabel=ylabel, title=title)
    ax.legend(fontsize=8)
    return ax


def plot_nmse_vs_doppler(dopplers: Sequence[float], results: Mapping[str, Mapping[float, Sequence[float]]],
                         title: str = "Channel prediction error against Doppler rate", ax=None,
                         untrained: Sequence[float] = ()):
    """NMSE (dB) against f_D·T_s on a log axis: ``results[method][snr_db]`` is one NMSE per Doppler rate.
    Each method has one colour; each SNR one line style (solid for the first, dashed for the second, ...).
    ``untrained`` lists rates a learned model never saw in training: each gets a grey band and a label."""
    styles = ["-", "--", ":", "-."]
    markers = ["o", "s", "^", "D", "v"]
    ax = _new_ax(ax, figsize=(9, 4.2))
    for rate in untrained:
        if rate not in dopplers:
            raise ValueError(f"untrained rate {rate} is not one of the plotted Doppler rates {list(dopplers)}")
        ax.axvspan(rate / 1.08, rate * 1.08, color="0.88", zorder=0)
        ax.annotate("not trained", (rate, 1.0), xycoords=("data", "axes fraction"), ha="center", va="bottom",
                    fontsize=8, color="0.35")
    method_handles, snr_styles = [], {}
    for color, marker, (method, by_snr) in zip(CYCLE, markers, results.items(), strict=False):
        for style, (snr, values) in zip(styles, by_snr.items(), strict=False):
            if len(values) != len(dopplers):
                raise ValueError(f"{method} at {snr} dB has {len(values)} values for {len(dopplers)} Doppler rates")
            ax.plot(dopplers, values, color=color, linestyle=style, marker=marker, label=f"{method}, {snr} dB")
            snr_styles.setdefault(snr, style)
        method_handles.append(Line2D([], [], color=color, marker=marker, linestyle="-", label=method))
    ax.set_xscale("log")
    ax.set_xticks(list(dopplers), [f"{d:g}" for d in dopplers])
    ax.minorticks_off()
    ax.set(xlabel="normalised Doppler rate $f_D T_s$", ylabel="NMSE of the next coefficient (dB)")
    ax.set_title(title, pad=16 if untrained else None)
    # two legends, one per encoding: the SNR (line style, long handles) and the method (colour and marker); the
    # wider one, the method legend, is the axes' own legend, so that a tight bounding box makes room for it
    snr_handles = [Line2D([], [], color="0.3", linestyle=style, label=f"{snr} dB") for snr, style in snr_styles.items()]
    ax.add_artist(ax.legend(handles=snr_handles, title="SNR", fontsize=7, title_fontsize=8, handlelength=4,
                            loc="lower left", bbox_to_anchor=(1.01, 0.0)))
    ax.legend(handles=method_handles, title="method", fontsize=7, title_fontsize=8, loc="upper left",
              bbox_to_anchor=(1.01, 1.0))
    return ax
