"""Forecasting tools: sliding windows, a chronological split, a standardiser fitted on training data only,
the naive forecasts every model must beat, a least-squares autoregression (the strong linear baseline), and
the error measures that compare them.

Shapes: a series is ``(T,)`` or ``(T, D)``; N windows of length L.
"""

from __future__ import annotations

import numpy as np

from .validation import as_float_array, check_positive_int, describe


def _series(name: str, series) -> np.ndarray:
    series = as_float_array(name, series)
    if series.ndim not in (1, 2):
        raise ValueError(f"{name} must have shape (T,) or (T, D), got shape {series.shape}")
    return series


def make_windows(series, window: int) -> tuple[np.ndarray, np.ndarray]:
    """One-step windows: the ``window`` values before step t are the input, the value at step t the target.

    Window i covers steps ``i, ..., i + L - 1`` and its target is step ``t = i + L``, so
    ``x[i] = series[t - L:t]`` and ``y[i] = series[t]``: the input never contains its own target. A series of
    T steps gives ``N = T - L`` windows (targets at t = L, ..., T - 1).

    Args:
        series: (T,) or (T, D) float array.
        window: L, a positive int smaller than T.

    Returns:
        x: (N, L) or (N, L, D), a copy (editing it does not change ``series``).
        y: (N,) or (N, D).
    """
    series = _series("series", series)
    window = check_positive_int("window", window)
    if window >= len(series):
        raise ValueError(f"window must be smaller than the series length {len(series)}, got {window}")
    n = len(series) - window
    index = np.arange(n)[:, None] + np.arange(window)[None, :]  # (N, L): window i covers i .. i + L - 1
    return series[index].copy(), series[window:].copy()


def chronological_split(n: int, val_start: int, test_start: int) -> tuple[slice, slice, slice]:
    """Slices of a time-ordered sequence of ``n`` items: train ``[0, val_start)``, validation
    ``[val_start, test_start)``, test ``[test_start, n)``. Nothing is shuffled: the model is always tested on
    the future of what it was trained on.
    """
    n = check_positive_int("n", n)
    for name, value in (("val_start", val_start), ("test_start", test_start)):
        if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
            raise TypeError(f"{name} must be an int, got {describe(value)}")
    if not 0 < val_start < test_start < n:
        raise ValueError(f"need 0 < val_start < test_start < n, got val_start={val_start}, test_start={test_start}, "
                         f"n={n}")
    return slice(0, int(val_start)), slice(int(val_start), int(test_start)), slice(int(test_start), n)


class Standardiser:
    """``(x - mean) / std`` with the mean and standard deviation of the data given to ``fit`` — the training
    part only, so that nothing about the validation or test period leaks into the inputs.

    ``fit(train)`` takes a (T,) or (T, D) float array and computes one mean and std per feature (over axis 0);
    ``transform`` and ``inverse_transform`` accept any array whose last axis matches (or any shape, for (T,)).
    """

    def __init__(self):
        self.mean = None
        self.std = None

    def fit(self, train) -> Standardiser:
        train = _series("train", train)
        if len(train) < 2:
            raise ValueError(f"train needs at least 2 steps to estimate a standard deviation, got {len(train)}")
        self.mean, self.std = train.mean(axis=0), train.std(axis=0)
        if np.any(self.std == 0):
            raise ValueError("train is constant (standard deviation 0): it cannot be standardised")
        return self

    def _check_fitted(self):
        if self.mean is None:
            raise ValueError("call fit(train) before transform or inverse_transform")

    def transform(self, x):
        self._check_fitted()
        return (as_float_array("x", x) - self.mean) / self.std

    def inverse_transform(self, z):
        self._check_fitted()
        return as_float_array("z", z) * self.std + self.mean


def persistence_forecast(history, horizon: int = 1) -> np.ndarray:
    """The naive forecast for steps ``t + 1, ..., t + horizon`` from ``history = series[:t + 1]``: its last value,
    repeated. Returns ``(horizon,)`` (or ``(horizon, D)``)."""
    history = _series("history", history)
    horizon = check_positive_int("horizon", horizon)
    return np.repeat(history[-1:], horizon, axis=0)


def seasonal_naive_forecast(history, period: int, horizon: int = 1, drift: float = 0.0) -> np.ndarray:
    """The seasonal-naive forecast: step ``t + j`` gets the value one season earlier, ``series[t + j - period]``
    (repeating the last season when ``horizon > period``). Returns ``(horizon,)`` (or ``(horizon, D)``).

    ``drift`` (per step, e.g. the mean step-to-step change of the training data) adds the growth since that
    season: step ``t + j`` gets ``series[t + j - k * period] + k * period * drift`` with ``k = ceil(j / period)``
    — the seasonal naive forecast with drift, a standard benchmark for a trending seasonal series.
    """
    history = _series("history", history)
    period = check_positive_int("period", period)
    horizon = check_positive_int("horizon", horizon)
    if isinstance(drift, bool) or not isinstance(drift, (int, float, np.floating)) or not np.isfinite(drift):
        raise TypeError(f"drift must be a finite number (change per step), got {describe(drift)}")
    if len(history) < period:
        raise ValueError(f"history must hold at least one season ({period} steps), got {len(history)}")
    last_season = history[-period:]
    seasons_back = np.arange(horizon) // period + 1  # k = ceil(j / period) for j = 1, ..., horizon
    growth = (seasons_back * period * float(drift)).reshape(-1, *[1] * (history.ndim - 1))
    return last_season[np.arange(horizon) % period] + growth


def fit_autoregression(series, order: int) -> np.ndarray:
    """Least-squares AR(p) with an intercept: ``x_t ≈ c + a_1 x_{t-1} + ... + a_p x_{t-p}``, fitted on ``series``.

    Every step ``t = p, ..., T - 1`` of ``series`` is one equation, so pass the *training* part only. For a
    weakly stationary series this is the linear one-step predictor of order p estimated from data — the
    forecasting counterpart of the Wiener predictor, which computes the same from a known autocorrelation.

    Args:
        series: (T,) float array, T > 2 p + 1 (more equations than unknowns).
        order: p, a positive int.

    Returns:
        (p + 1,) float64: ``[c, a_1, ..., a_p]`` (``a_1`` multiplies the newest value).
    """
    series = as_float_array("series", series)
    order = check_positive_int("order", order)
    if series.ndim != 1:
        raise ValueError(f"series must have shape (T,), got shape {series.shape}")
    if len(series) <= 2 * order + 1:
        raise ValueError(f"series needs more than 2 * order + 1 = {2 * order + 1} steps to fit order {order}, "
                         f"got {len(series)}")
    lagged = np.stack([series[order - i:len(series) - i] for i in range(1, order + 1)], axis=1)  # (T - p, p)
    design = np.concatenate([np.ones((len(lagged), 1)), lagged], axis=1)  # (T - p, p + 1)
    coefficients, *_ = np.linalg.lstsq(design, series[order:], rcond=None)
    return coefficients


def autoregressive_forecast(coefficients, history, horizon: int = 1) -> np.ndarray:
    """Recursive forecast of steps ``t + 1, ..., t + horizon`` from ``history = series[:t + 1]`` with the
    ``[c, a_1, ..., a_p]`` of ``fit_autoregression``: each forecast is fed back as the newest value.
    Returns ``(horizon,)``."""
    coefficients = as_float_array("coefficients", coefficients)
    history = as_float_array("history", history)
    horizon = check_positive_int("horizon", horizon)
    if coefficients.ndim != 1 or len(coefficients) < 2:
        raise ValueError(f"coefficients must be [c, a_1, ..., a_p] of shape (p + 1,), got shape {coefficients.shape}")
    order = len(coefficients) - 1
    if history.ndim != 1 or len(history) < order:
        raise ValueError(f"history must have shape (T,) with T >= p = {order}, got shape {history.shape}")
    recent = list(history[::-1][:order])  # newest first: x_t, x_{t-1}, ..., x_{t-p+1}
    forecast = []
    for _ in range(horizon):
        value = coefficients[0] + float(np.dot(coefficients[1:], recent))
        forecast.append(value)
        recent = [value] + recent[:-1]
    return np.array(forecast)


def mae(y_true, y_pred) -> float:
    """Mean absolute error over all entries of two arrays of the same shape."""
    y_true, y_pred = _pair(y_true, y_pred)
    return float(np.mean(np.abs(y_true - y_pred)))


def rmse(y_true, y_pred) -> float:
    """Root mean squared error over all entries of two arrays of the same shape."""
    y_true, y_pred = _pair(y_true, y_pred)
    return float(np.sqrt(np.mean((y_true - y_pred) ** 2)))


def mase(y_true, y_pred, train, period: int = 1) -> float:
    """Mean absolute scaled error (Hyndman & Koehler 2006): the MAE divided by the in-sample MAE of the
    (seasonal-)naive one-step forecast on the *training* series, ``mean |train[t] - train[t - period]|``.
    Below 1: better than that naive forecast was on the training data."""
    y_true, y_pred = _pair(y_true, y_pred)
    train = _series("train", train)
    period = check_positive_int("period", period)
    if len(train) <= period:
        raise ValueError(f"train must be longer than period={period}, got {len(train)} steps")
    scale = np.mean(np.abs(train[period:] - train[:-period]))
    return float(np.mean(np.abs(y_true - y_pred)) / scale)


def _pair(y_true, y_pred) -> tuple[np.ndarray, np.ndarray]:
    y_true, y_pred = as_float_array("y_true", y_true), as_float_array("y_pred", y_pred)
    if y_true.shape != y_pred.shape:
        raise ValueError(f"y_true and y_pred must have the same shape, got {y_true.shape} and {y_pred.shape}")
    if y_true.size == 0:
        raise ValueError("y_true and y_pred are empty")
    return y_true, y_pred
