"""utils.timeseries (windows, split, standardiser, baselines, scores), the Mauna Loa loader, chapter 08's plots."""

from __future__ import annotations

import gzip
import hashlib

import matplotlib.pyplot as plt
import numpy as np
import pytest
import torch

from utils import plotting, timeseries
from utils.data import co2 as co2_data


def test_windows_hold_the_L_steps_before_their_target():
    series = np.arange(10.0)  # x_t = t
    x, y = timeseries.make_windows(series, 3)
    assert x.shape == (7, 3) and y.shape == (7,)  # T - L windows: the last one is not dropped
    assert np.array_equal(x[0], [0, 1, 2]) and y[0] == 3  # the target is the step right after the window
    assert np.array_equal(x[-1], [6, 7, 8]) and y[-1] == 9  # the last value is a target
    assert all(y[i] not in x[i] for i in range(7))  # the target is never inside its own input
    assert np.array_equal(y, x[:, -1] + 1)


def test_windows_of_multivariate_series_and_copies():
    series = np.stack([np.arange(6.0), -np.arange(6.0)], axis=1)  # (T, D) = (6, 2)
    x, y = timeseries.make_windows(series, 2)
    assert x.shape == (4, 2, 2) and y.shape == (4, 2)
    assert np.array_equal(x[1], series[1:3]) and np.array_equal(y[1], series[3])
    x[0, 0, 0] = 99.0
    assert series[0, 0] == 0.0  # a copy, not a view


def test_windows_reject_bad_input():
    with pytest.raises(ValueError, match="window must be smaller than the series length 5"):
        timeseries.make_windows(np.zeros(5), 5)
    with pytest.raises(TypeError, match="window must be a positive int"):
        timeseries.make_windows(np.zeros(5), 2.0)
    with pytest.raises(TypeError, match="series must be a NumPy array"):
        timeseries.make_windows(list(range(5)), 2)
    with pytest.raises(ValueError, match=r"series must have shape \(T,\) or \(T, D\)"):
        timeseries.make_windows(np.zeros((2, 3, 4)), 1)


def test_chronological_split_and_errors():
    train, val, test = timeseries.chronological_split(10, 6, 8)
    steps = range(10)
    assert list(steps[train]) == [0, 1, 2, 3, 4, 5] and list(steps[val]) == [6, 7] and list(steps[test]) == [8, 9]
    with pytest.raises(ValueError, match="need 0 < val_start < test_start < n"):
        timeseries.chronological_split(10, 8, 6)
    with pytest.raises(TypeError, match="val_start must be an int"):
        timeseries.chronological_split(10, 0.5, 8)


def test_standardiser_uses_only_the_data_it_is_fitted_on():
    rng = np.random.default_rng(0)
    train = rng.normal(3.0, 2.0, 500)
    scaler = timeseries.Standardiser().fit(train)
    z = scaler.transform(train)
    assert abs(z.mean()) < 1e-12 and abs(z.std() - 1) < 1e-12
    assert np.isclose(scaler.mean, np.mean(train)) and np.isclose(scaler.std, np.std(train))  # ddof = 0
    future = rng.normal(50.0, 9.0, 100)
    assert np.allclose(scaler.transform(future), (future - train.mean()) / train.std())
    assert np.allclose(scaler.inverse_transform(scaler.transform(future)), future)
    with pytest.raises(ValueError, match="call fit"):
        timeseries.Standardiser().transform(train)
    with pytest.raises(ValueError, match="constant"):
        timeseries.Standardiser().fit(np.ones(4))


def test_naive_forecasts():
    history = np.array([1.0, 2, 3, 4, 5, 6, 7])
    assert np.array_equal(timeseries.persistence_forecast(history, 3), [7, 7, 7])
    # period 3: the last season is 5, 6, 7; step t + j gets x[t + j - 3]
    assert np.array_equal(timeseries.seasonal_naive_forecast(history, 3, 5), [5, 6, 7, 5, 6])
    with pytest.raises(ValueError, match="at least one season"):
        timeseries.seasonal_naive_forecast(history[:2], 3)


def test_seasonal_naive_with_drift_adds_the_growth_since_that_season():
    history = np.array([1.0, 2, 3, 4, 5, 6, 7])
    # period 3, drift 1 per step: steps 1-3 ahead are one season back (+3), steps 4-5 two seasons back (+6)
    assert np.array_equal(timeseries.seasonal_naive_forecast(history, 3, 5, drift=1.0), [8, 9, 10, 11, 12])
    assert np.array_equal(timeseries.seasonal_naive_forecast(history, 3, 2, drift=0.0), [5, 6])
    two_features = np.stack([history, 10 * history], axis=1)  # (T, 2)
    assert np.array_equal(timeseries.seasonal_naive_forecast(two_features, 3, 1, drift=0.5), [[6.5, 51.5]])
    with pytest.raises(TypeError, match="drift must be a finite number"):
        timeseries.seasonal_naive_forecast(history, 3, drift=float("nan"))


def test_autoregression_recovers_known_coefficients_and_forecasts_by_hand():
    rng = np.random.default_rng(0)
    x = np.zeros(20_000)
    for t in range(2, len(x)):  # x_t = 0.5 + 0.6 x_{t-1} - 0.3 x_{t-2} + noise
        x[t] = 0.5 + 0.6 * x[t - 1] - 0.3 * x[t - 2] + rng.normal()
    assert np.allclose(timeseries.fit_autoregression(x, 2), [0.5, 0.6, -0.3], atol=0.03)
    noiseless = np.zeros(30)
    noiseless[:2] = [1.0, 2.0]
    for t in range(2, 30):
        noiseless[t] = 0.1 + 0.9 * noiseless[t - 1] - 0.2 * noiseless[t - 2]
    assert np.allclose(timeseries.fit_autoregression(noiseless, 2), [0.1, 0.9, -0.2])
    # by hand from history 1, 2: x3 = .5 + .6*2 - .3*1 = 1.4; x4 = .5 + .6*1.4 - .3*2 = .74; x5 = .5 + .6*.74 - .3*1.4
    forecast = timeseries.autoregressive_forecast(np.array([0.5, 0.6, -0.3]), np.array([7.0, 1.0, 2.0]), 3)
    assert np.allclose(forecast, [1.4, 0.74, 0.524])


def test_autoregression_rejects_bad_input():
    with pytest.raises(ValueError, match="more than 2 \\* order \\+ 1 = 9 steps"):
        timeseries.fit_autoregression(np.arange(9.0), 4)
    with pytest.raises(ValueError, match="shape \\(T,\\)"):
        timeseries.fit_autoregression(np.zeros((20, 2)), 2)
    with pytest.raises(ValueError, match="T >= p = 2"):
        timeseries.autoregressive_forecast(np.array([0.0, 1.0, 0.5]), np.array([1.0]), 2)
    with pytest.raises(ValueError, match="coefficients must be"):
        timeseries.autoregressive_forecast(np.array([0.0]), np.array([1.0]), 2)


def test_scores_against_hand_computed_values():
    truth, forecast = np.array([1.0, 2.0, 4.0]), np.array([2.0, 2.0, 1.0])
    assert timeseries.mae(truth, forecast) == pytest.approx(4 / 3)
    assert timeseries.rmse(truth, forecast) == pytest.approx(np.sqrt(10 / 3))
    train = np.array([0.0, 1.0, 3.0, 6.0])  # |diffs| at lag 1: 1, 2, 3 (mean 2); at lag 2: 3, 5 (mean 4)
    assert timeseries.mase(truth, forecast, train) == pytest.approx((4 / 3) / 2)
    assert timeseries.mase(truth, forecast, train, period=2) == pytest.approx((4 / 3) / 4)
    with pytest.raises(ValueError, match="same shape"):
        timeseries.mae(truth, forecast[:2])
    with pytest.raises(ValueError, match="longer than period=4"):
        timeseries.mase(truth, forecast, train, period=4)


def test_mauna_loa_loader_matches_the_committed_file():
    dates, co2 = co2_data.load_mauna_loa_co2()
    assert dates.dtype == np.dtype("datetime64[D]") and co2.dtype == np.float64
    assert len(dates) == len(co2) == 2284
    assert str(dates[0]) == "1958-03-29" and str(dates[-1]) == "2001-12-29"
    assert (np.diff(dates) == np.timedelta64(7, "D")).all()
    assert np.isnan(co2).sum() == 59 and co2[0] == 316.1 and co2[-1] == 371.5
    assert 310 < np.nanmin(co2) and np.nanmax(co2) < 375
    with gzip.open(co2_data.MAUNA_LOA_CO2_PATH, "rb") as file:  # the checksum the README states
        digest = hashlib.sha256(file.read()).hexdigest()
    readme = (co2_data.MAUNA_LOA_CO2_PATH.parent / "README.md").read_text(encoding="utf-8")
    assert digest == "16695fa2786e53414e5a6b54767a3fdf5de99cfbc68617f69d1362d92776a92f" and digest in readme


def test_time_series_plots_are_labelled():
    x = np.arange(5)
    ax = plotting.plot_forecast(x, x * 1.0, {"model": x + 0.5}, history=(x - 5, x * 1.0), ylabel="ppm", title="F")
    assert ax.get_title() == "F" and ax.get_xlabel() and ax.get_ylabel() == "ppm" and len(ax.lines) == 3
    with pytest.raises(ValueError, match="has 2 values, the truth 5"):
        plotting.plot_forecast(x, x * 1.0, {"model": [1, 2]})
    ax = plotting.plot_error_by_horizon({"a": [1, 2, 3], "b": [2, 2, 2]})
    assert ax.get_title() and ax.get_xlabel().startswith("forecast horizon") and len(ax.lines) == 2
    styles = {"b": {"color": "red", "linestyle": ":"}}
    ax = plotting.plot_error_by_horizon({"a": [1, 2, 3], "b": [2, 2, 2]}, styles=styles)
    assert ax.lines[1].get_color() == "red" and ax.lines[1].get_linestyle() == ":" and ax.lines[0].get_color() != "red"
    with pytest.raises(ValueError, match="not plotted"):
        plotting.plot_error_by_horizon({"a": [1, 2]}, styles={"c": {"color": "red"}})
    ax = plotting.plot_forecast(x, x * 1.0, {"model": x + 0.5}, interval=("80 %", x - 1.0, x + 1.0))
    assert len(ax.collections) == 1 and len(ax.lines) == 2
    with pytest.raises(ValueError, match="interval bounds must have 5 values"):
        plotting.plot_forecast(x, x * 1.0, {"model": x + 0.5}, interval=("80 %", x[:2], x))
    ax = plotting.plot_nmse_vs_doppler([0.01, 0.05], {"m": {"10": [-10, -8], "20": [-20, -15]}})
    assert ax.get_xscale() == "log" and "Doppler" in ax.get_xlabel() and len(ax.lines) == 2
    ax = plotting.plot_nmse_vs_doppler([0.01, 0.05], {"m": {"10": [-10, -8]}}, untrained=[0.05])
    assert len(ax.patches) == 1 and [t.get_text() for t in ax.texts] == ["not trained"]
    with pytest.raises(ValueError, match="untrained rate 0.02 is not one of the plotted"):
        plotting.plot_nmse_vs_doppler([0.01, 0.05], {"m": {"10": [-10, -8]}}, untrained=[0.02])
    with pytest.raises(ValueError, match="has 1 values for 2 Doppler rates"):
        plotting.plot_nmse_vs_doppler([0.01, 0.05], {"m": {"10": [-10]}})
    plt.close("all")
    assert torch.is_tensor(torch.zeros(1))  # torch imported alongside matplotlib without trouble
