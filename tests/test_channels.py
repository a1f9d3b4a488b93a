"""utils.channels: Jakes fading (autocorrelation J0), pilots at an SNR, the Wiener predictor, NMSE."""

from __future__ import annotations

import math

import numpy as np
import pytest
import torch

from utils import channels


def bessel_j0(x):
    """J0 by its integral (1/pi) * int_0^pi cos(x sin t) dt (the midpoint rule converges fast: periodic integrand)."""
    t = (np.arange(2000) + 0.5) * np.pi / 2000
    return np.cos(np.multiply.outer(np.asarray(x, dtype=float), np.sin(t))).mean(axis=-1)


def test_jakes_autocorrelation_is_bessel_j0():
    lags = np.arange(40)
    expected = bessel_j0(2 * np.pi * 0.02 * lags)  # J0 computed independently
    assert np.allclose(channels.jakes_autocorrelation(0.02, lags).numpy(), expected, atol=1e-12)


@pytest.mark.parametrize("doppler", [0.01, 0.05])
def test_jakes_channel_has_unit_power_and_empirical_autocorrelation_j0(doppler):
    h = channels.jakes_channel(3000, 80, doppler, generator=torch.Generator().manual_seed(0))  # (B, T)
    assert h.shape == (3000, 80) and h.dtype == torch.complex128
    assert abs(h.abs().pow(2).mean().item() - 1) < 0.02
    for k in (0, 1, 5, 20, 60):
        empirical = (h[:, k:] * h[:, :80 - k].conj()).mean()
        assert abs(empirical.real.item() - bessel_j0(2 * np.pi * doppler * k)) < 0.03
        assert abs(empirical.imag.item()) < 0.03  # a symmetric Doppler spectrum: real autocorrelation
    # Rayleigh: |h|^2 is close to exponential with mean 1, so P(|h|^2 < 0.1) = 1 - exp(-0.1)
    assert abs((h[:, 0].abs().pow(2) < 0.1).double().mean().item() - (1 - math.exp(-0.1))) < 0.02


def test_jakes_channel_per_sequence_doppler_and_seed():
    rates = torch.tensor([0.005, 0.05], dtype=torch.float64).repeat(1000)
    h = channels.jakes_channel(2000, 30, rates, generator=torch.Generator().manual_seed(1))
    for i, rate in enumerate((0.005, 0.05)):
        lag10 = (h[i::2, 10:] * h[i::2, :-10].conj()).mean().real.item()
        assert abs(lag10 - bessel_j0(2 * np.pi * rate * 10)) < 0.04
    again = channels.jakes_channel(2000, 30, rates, generator=torch.Generator().manual_seed(1))
    assert torch.equal(h, again)


def test_pilot_noise_has_the_stated_variance():
    h = torch.zeros(500, 400, dtype=torch.complex128)
    y = channels.noisy_pilots(h, 10.0, generator=torch.Generator().manual_seed(2))
    assert abs(y.abs().pow(2).mean().item() - 0.1) < 0.003
    assert abs(y.real.var().item() - 0.05) < 0.002 and abs(y.imag.var().item() - 0.05) < 0.002
    per_sequence = channels.noisy_pilots(h[:2], torch.tensor([0.0, 20.0]), generator=torch.Generator().manual_seed(3))
    assert per_sequence[0].abs().pow(2).mean() > 20 * per_sequence[1].abs().pow(2).mean()


def test_wiener_coefficients_solve_the_normal_equations_by_hand():
    r = torch.tensor([1.0, 0.5, 0.25], dtype=torch.float64)
    w = channels.wiener_coefficients(r, 0.1, 2)
    # R = [[1.1, 0.5], [0.5, 1.1]], c = [0.5, 0.25]: solved by Cramer's rule
    det = 1.1 * 1.1 - 0.5 * 0.5
    expected = [(0.5 * 1.1 - 0.5 * 0.25) / det, (1.1 * 0.25 - 0.5 * 0.5) / det]
    assert np.allclose(w.numpy(), expected, atol=1e-12)


def test_wiener_coefficients_match_a_least_squares_fit_on_simulated_channels():
    doppler, snr, p = 0.03, 15, 8
    generator = torch.Generator().manual_seed(4)
    h = channels.jakes_channel(4000, 60, doppler, n_paths=64, generator=generator)
    y = channels.noisy_pilots(h, snr, generator=generator)
    # Regress h_{k+1} on y_k, ..., y_{k-p+1} (newest first) over every realisation and step.
    rows = torch.stack([y[:, p - 1 - i:59 - i] for i in range(p)], dim=-1).reshape(-1, p)  # (B * (T - p), p)
    target = h[:, p:].reshape(-1)
    stacked = torch.cat([rows.real, rows.imag])  # real coefficients: real and imaginary parts share them
    fit = torch.linalg.lstsq(stacked, torch.cat([target.real, target.imag])[:, None]).solution[:, 0]
    r = channels.jakes_autocorrelation(doppler, range(p + 1))
    w = channels.wiener_coefficients(r, channels.noise_variance(snr), p)
    assert (fit - w).abs().max() < 0.05
    # the fitted error is close to the theoretical MMSE 1 - c^T w
    mmse = 1 - (channels.jakes_autocorrelation(doppler, range(1, p + 1)) @ w).item()
    predicted = channels.wiener_predict(y, w)[:, :-1]  # column j predicts h at step j + p
    assert abs(channels.nmse_db(predicted, h[:, p:]) - 10 * math.log10(mmse)) < 0.2


def test_pooled_wiener_coefficients_fit_a_mixture_of_conditions():
    p = 6
    r_slow, r_fast = (channels.jakes_autocorrelation(d, range(p + 1)) for d in (0.01, 0.06))
    # one condition: the matched Wiener predictor
    alone = channels.pooled_wiener_coefficients([r_slow], [0.1], p)
    assert torch.allclose(alone, channels.wiener_coefficients(r_slow, 0.1, p), atol=1e-12)
    # two conditions, weighted 1 : 3: a least-squares fit on simulated channels drawn in that proportion
    generator = torch.Generator().manual_seed(5)
    batches = []
    for doppler, snr, count in ((0.01, 20, 1000), (0.06, 10, 3000)):
        h = channels.jakes_channel(count, 40, doppler, n_paths=64, generator=generator)
        batches.append((channels.noisy_pilots(h, snr, generator=generator), h))
    rows = torch.cat([torch.stack([y[:, p - 1 - i:39 - i] for i in range(p)], dim=-1).reshape(-1, p)
                      for y, _ in batches])
    target = torch.cat([h[:, p:].reshape(-1) for _, h in batches])
    stacked = torch.cat([rows.real, rows.imag])
    fit = torch.linalg.lstsq(stacked, torch.cat([target.real, target.imag])[:, None]).solution[:, 0]
    pooled = channels.pooled_wiener_coefficients([r_slow, r_fast], [0.01, 0.1], p, weights=[1, 3])
    assert (fit - pooled).abs().max() < 0.01
    unweighted = channels.pooled_wiener_coefficients([r_slow, r_fast], [0.01, 0.1], p)
    assert (fit - unweighted).abs().max() > 0.03  # the weights matter, and the test can tell
    assert (pooled - channels.wiener_coefficients(r_fast, 0.1, p)).abs().max() > 0.05  # not just one of them
    with pytest.raises(ValueError, match="equal length"):
        channels.pooled_wiener_coefficients([r_slow, r_fast], [0.1], p)
    with pytest.raises(ValueError, match="weights must be positive"):
        channels.pooled_wiener_coefficients([r_slow], [0.1], p, weights=[0])
    with pytest.raises(ValueError, match="at least order \\+ 1 = 8 lags"):
        channels.pooled_wiener_coefficients([r_slow], [0.1], 7)


def test_wiener_predict_aligns_the_newest_tap_with_the_newest_pilot():
    y = torch.arange(6, dtype=torch.float64)[None, :]  # y_k = k
    w = torch.tensor([1.0, 0.0, 0.0], dtype=torch.float64)  # hold the last observation
    assert torch.equal(channels.wiener_predict(y, w), torch.tensor([[2.0, 3, 4, 5]]))
    w = torch.tensor([0.0, 0.0, 1.0], dtype=torch.float64)  # the oldest of three
    assert torch.equal(channels.wiener_predict(y, w), torch.tensor([[0.0, 1, 2, 3]]))


def test_nmse_db():
    target = torch.ones(4, dtype=torch.complex128)
    assert channels.nmse_db(target * 1.1, target) == pytest.approx(-20.0)
    assert channels.nmse_db(torch.zeros(4, dtype=torch.complex128), target) == pytest.approx(0.0)


def test_bad_inputs_are_named():
    with pytest.raises(ValueError, match=r"doppler must lie in \(0, 0.5\)"):
        channels.jakes_channel(2, 3, 0.7)
    with pytest.raises(TypeError, match="doppler must be a float"):
        channels.jakes_channel(2, 3, "fast")
    with pytest.raises(ValueError, match=r"doppler as a tensor must be float of shape \(B,\) = \(2,\)"):
        channels.jakes_channel(2, 3, torch.tensor([0.1, 0.1, 0.1]))
    with pytest.raises(TypeError, match="h must be a complex tensor"):
        channels.noisy_pilots(torch.zeros(2, 3), 10)
    with pytest.raises(ValueError, match="at least order \\+ 1 = 4 lags"):
        channels.wiener_coefficients(torch.ones(3, dtype=torch.float64), 0.1, 3)
    with pytest.raises(ValueError, match="noise_var must be a non-negative number"):
        channels.wiener_coefficients(torch.ones(4, dtype=torch.float64), -1.0, 3)
    with pytest.raises(ValueError, match="y needs at least p = 3 steps"):
        channels.wiener_predict(torch.zeros(1, 2), torch.ones(3))
    with pytest.raises(ValueError, match="same shape"):
        channels.nmse_db(torch.zeros(2), torch.ones(3))
