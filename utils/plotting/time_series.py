"""Figures of chapter 08: forecasts against the truth, error against the horizon, NMSE against the Doppler rate."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from .style import CYCLE, _new_ax


def plot_forecast(x: Sequence, truth: Sequence[float], forecasts: Mapping[str, Sequence[float]],
                  history: tuple[Sequence, Sequence[float]] | None = None, xlabel: str = "time",
                  ylabel: str = "value", title: str = "Forecast and truth", ax=None):
    """The true series (black) and one line per forecast (name → values at the same ``x``); ``history`` is an
    optional ``(x, values)`` pair of the observed past, drawn in grey before the forecast period."""
    truth = np.asarray(truth, dtype=float)
    for name, values in forecasts.items():
        if len(values) != len(truth):
            raise ValueError(f"forecast {name!r} has {len(values)} values, the truth {len(truth)}")
    ax = _new_ax(ax, figsize=(10, 3.8))
    if history is not None:
        ax.plot(history[0], history[1], color="0.6", linewidth=1.0, label="observed (context)")
    ax.plot(x, truth, color="black", linewidth=1.4, label="truth")
    for color, (name, values) in zip(CYCLE, forecasts.items(), strict=False):
        ax.plot(x, values, color=color, linewidth=1.3, linestyle="--", label=name)
    ax.set(xlabel=xlabel, ylabel=ylabel, title=title)
    ax.legend(fontsize=8)
    return ax


def plot_error_by_horizon(errors: Mapping[str, Sequence[float]], ylabel: str = "MAE",
                          title: str = "Error against forecast horizon", ax=None):
    """One line per method (name → error at horizons 1, 2, ..., H)."""
    if not errors:
        raise ValueError("errors must contain at least one method")
    ax = _new_ax(ax)
    for color, (name, values) in zip(CYCLE, errors.items(), strict=False):
        ax.plot(np.arange(1, len(values) + 1), values, color=color, label=name)
    ax.set(xlabel="forecast horizon h (steps ahead)", ylabel=ylabel, title=title)
    ax.legend(fontsize=8)
    return ax


def plot_nmse_vs_doppler(dopplers: Sequence[float], results: Mapping[str, Mapping[float, Sequence[float]]],
                         title: str = "Channel prediction error against Doppler rate", ax=None):
    """NMSE (dB) against f_D·T_s on a log axis: ``results[method][snr_db]`` is one NMSE per Doppler rate.
    Each method has one colour; each SNR one line style (solid for the first, dashed for the second, ...)."""
    styles = ["-", "--", ":", "-."]
    markers = ["o", "s", "^", "D", "v"]
    ax = _new_ax(ax, figsize=(7.5, 4.2))
    for color, marker, (method, by_snr) in zip(CYCLE, markers, results.items(), strict=False):
        for style, (snr, values) in zip(styles, by_snr.items(), strict=False):
            if len(values) != len(dopplers):
                raise ValueError(f"{method} at {snr} dB has {len(values)} values for {len(dopplers)} Doppler rates")
            ax.plot(dopplers, values, color=color, linestyle=style, marker=marker, label=f"{method}, {snr} dB")
    ax.set_xscale("log")
    ax.set_xticks(list(dopplers), [f"{d:g}" for d in dopplers])
    ax.minorticks_off()
    ax.set(xlabel="normalised Doppler rate $f_D T_s$", ylabel="NMSE of the next coefficient (dB)", title=title)
    ax.legend(fontsize=7, ncol=2)
    return ax
