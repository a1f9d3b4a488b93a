"""Rayleigh fading channels and their optimal linear predictor.

- ``jakes_channel``: the Clarke/Jakes sum-of-sinusoids model, unit power, autocorrelation J₀(2π f_D T_s k);
- ``noisy_pilots``: pilot observations ``y_k = h_k + n_k`` at a given SNR;
- ``wiener_coefficients`` / ``wiener_predict``: the order-p linear MMSE (Wiener) one-step predictor of
  ``h_{k+1}`` from ``y_k, ..., y_{k-p+1}``, from the true autocorrelation and noise variance;
- ``pooled_wiener_coefficients``: the one linear predictor that is best on average over several conditions
  (Doppler rates and SNRs), for a receiver that does not know which one it is in;
- ``nmse_db``: normalised mean squared error in decibels.

Shapes: B channel realisations, T time steps (one pilot per step, spacing T_s), p predictor taps. Channels are
complex tensors ``(B, T)``; ``doppler`` always means the normalised Doppler rate f_D·T_s.
"""

from __future__ import annotations

import math

import torch

from .validation import check_positive_int, describe


def _check_doppler(doppler) -> float:
    if isinstance(doppler, bool) or not isinstance(doppler, (int, float)):
        raise TypeError(f"doppler must be a float f_D·T_s in (0, 0.5), got {describe(doppler)}")
    if not 0.0 < doppler < 0.5:
        raise ValueError(f"doppler must lie in (0, 0.5) (the normalised Doppler rate f_D·T_s), got {doppler}")
    return float(doppler)


def _check_generator(generator):
    if generator is not None and not isinstance(generator, torch.Generator):
        raise TypeError(f"generator must be a torch.Generator or None, got {describe(generator)}")


def jakes_autocorrelation(doppler: float, lags) -> torch.Tensor:
    """r(k) = E[h_{t+k} h_t*] = J₀(2π f_D T_s k) for integer ``lags`` (a sequence or tensor), float64 ``(K,)``."""
    doppler = _check_doppler(doppler)
    lags = torch.as_tensor(lags, dtype=torch.float64)
    return torch.special.bessel_j0(2 * math.pi * doppler * lags)


def jakes_channel(batch: int, steps: int, doppler, n_paths: int = 32, generator: torch.Generator | None = None,
                  ) -> torch.Tensor:
    """Rayleigh fading by the Clarke/Jakes sum of sinusoids (with random angles and phases, so that every
    realisation is independent and the ensemble autocorrelation is exactly J₀):

        h_k = (1/√N) Σ_n exp(j(2π f_D T_s k cos α_n + φ_n)),   α_n, φ_n ~ U[0, 2π) per realisation.

    Args:
        batch: B, the number of independent realisations.
        steps: T, the number of time steps.
        doppler: f_D·T_s in (0, 0.5), a float, or a (B,) float tensor with one rate per realisation.
        n_paths: N, the number of sinusoids (32 is close to Gaussian; more is closer).
        generator: a torch.Generator for reproducible draws.

    Returns:
        (B, T) complex128 tensor with E|h_k|² = 1.
    """
    batch = check_positive_int("batch", batch)
    steps = check_positive_int("steps", steps)
    n_paths = check_positive_int("n_paths", n_paths)
    _check_generator(generator)
    if isinstance(doppler, torch.Tensor):
        if doppler.shape != (batch,) or not doppler.is_floating_point():
            raise ValueError(f"doppler as a tensor must be float of shape (B,) = ({batch},), got {describe(doppler)}")
        if not bool(((doppler > 0) & (doppler < 0.5)).all()):
            raise ValueError("every doppler must lie in (0, 0.5)")
        rate = doppler.to(torch.float64)[:, None, None]  # (B, 1, 1)
    else:
        rate = torch.tensor(_check_doppler(doppler), dtype=torch.float64)
    angle = 2 * math.pi * torch.rand(batch, 1, n_paths, generator=generator, dtype=torch.float64)  # (B, 1, N)
    phase = 2 * math.pi * torch.rand(batch, 1, n_paths, generator=generator, dtype=torch.float64)  # (B, 1, N)
    k = torch.arange(steps, dtype=torch.float64)[None, :, None]  # (1, T, 1)
    theta = 2 * math.pi * rate * k * torch.cos(angle) + phase  # (B, T, N)
    paths = torch.polar(torch.ones_like(theta), theta)  # (B, T, N) complex128
    return paths.sum(dim=2) / math.sqrt(n_paths)  # (B, T)


def noise_variance(snr_db) -> float:
    """σ² of the pilot noise for a unit-power channel: 10^(−SNR/10)."""
    if isinstance(snr_db, bool) or not isinstance(snr_db, (int, float)):
        raise TypeError(f"snr_db must be a number (decibels), got {describe(snr_db)}")
    return 10.0 ** (-float(snr_db) / 10.0)


def noisy_pilots(h: torch.Tensor, snr_db, generator: torch.Generator | None = None) -> torch.Tensor:
    """Pilot observations y = h + n with circular complex Gaussian noise n ~ CN(0, σ²), σ² = 10^(−SNR/10).

    ``h`` is a (B, T) complex tensor; ``snr_db`` a number or a (B,) tensor (one SNR per realisation).
    Returns y, (B, T), same dtype as h.
    """
    if not isinstance(h, torch.Tensor) or not h.is_complex() or h.ndim != 2:
        raise TypeError(f"h must be a complex tensor of shape (B, T), got {describe(h)}")
    _check_generator(generator)
    if isinstance(snr_db, torch.Tensor):
        if snr_db.shape != (h.shape[0],):
            raise ValueError(f"snr_db as a tensor must have shape (B,) = ({h.shape[0]},), got {tuple(snr_db.shape)}")
        sigma2 = (10.0 ** (-snr_db.to(torch.float64) / 10.0))[:, None]  # (B, 1)
    else:
        sigma2 = torch.tensor(noise_variance(snr_db), dtype=torch.float64)
    real = h.real.dtype
    noise = torch.complex(torch.randn(h.shape, generator=generator, dtype=real),
                          torch.randn(h.shape, generator=generator, dtype=real))
    return h + noise * torch.sqrt(sigma2 / 2).to(real)


def wiener_coefficients(autocorrelation: torch.Tensor, noise_var: float, order: int) -> torch.Tensor:
    """The order-p linear MMSE predictor of h_{k+1} from noisy y_k, ..., y_{k−p+1} (y = h + white noise).

    With r(k) the channel's autocorrelation, the normal (Wiener–Hopf) equations are R w = c with
    ``R[i, j] = r(|i − j|) + σ² [i = j]`` (p × p) and ``c[i] = r(i + 1)``, i, j = 0, ..., p − 1; then
    ĥ_{k+1} = Σ_i w_i y_{k−i}.

    Args:
        autocorrelation: (K,) real tensor r(0), r(1), ..., with K ≥ p + 1.
        noise_var: σ² ≥ 0.
        order: p.

    Returns:
        w: (p,) float64, w[i] multiplies y_{k−i} (w[0] the newest observation).
    """
    return torch.linalg.solve(*_normal_equations(autocorrelation, noise_var, order))  # (p,)


def _normal_equations(autocorrelation, noise_var, order: int) -> tuple[torch.Tensor, torch.Tensor]:
    """R (p, p) and c (p,) of the Wiener–Hopf equations R w = c, with every argument checked."""
    order = check_positive_int("order", order)
    if not isinstance(autocorrelation, torch.Tensor) or autocorrelation.ndim != 1 or autocorrelation.is_complex():
        raise TypeError(f"autocorrelation must be a real 1-D tensor r(0), r(1), ..., got {describe(autocorrelation)}")
    if len(autocorrelation) < order + 1:
        raise ValueError(f"autocorrelation needs at least order + 1 = {order + 1} lags, got {len(autocorrelation)}")
    if isinstance(noise_var, bool) or not isinstance(noise_var, (int, float)) or noise_var < 0:
        raise ValueError(f"noise_var must be a non-negative number, got {noise_var!r}")
    r = autocorrelation.to(torch.float64)
    lag = (torch.arange(order)[:, None] - torch.arange(order)[None, :]).abs()  # (p, p)
    R = r[lag] + noise_var * torch.eye(order, dtype=torch.float64)  # (p, p)
    return R, r[1:order + 1]


def pooled_wiener_coefficients(autocorrelations, noise_vars, order: int, weights=None) -> torch.Tensor:
    """The one order-p linear predictor with the smallest weighted mean squared error over several conditions.

    Condition i (an autocorrelation r_i and a noise variance σ_i², as for ``wiener_coefficients``) has the
    normal equations R_i w = c_i; the weighted mean of the errors, Σ_i v_i E_i(w), is smallest where
    (Σ_i v_i R_i) w = Σ_i v_i c_i. It is the linear predictor of a receiver that knows the mixture of conditions
    but not which one it is in (the linear counterpart of a network trained on that mixture).

    Args:
        autocorrelations: K real 1-D tensors r_i(0), r_i(1), ..., each with at least order + 1 lags.
        noise_vars: K numbers σ_i² ≥ 0.
        order: p.
        weights: K positive numbers v_i (default: all 1).

    Returns:
        w: (p,) float64, w[0] multiplies the newest observation.
    """
    order = check_positive_int("order", order)
    autocorrelations, noise_vars = list(autocorrelations), list(noise_vars)
    weights = [1.0] * len(autocorrelations) if weights is None else list(weights)
    if not autocorrelations or not len(autocorrelations) == len(noise_vars) == len(weights):
        raise ValueError(f"autocorrelations, noise_vars and weights must be non-empty and of equal length, got "
                         f"{len(autocorrelations)}, {len(noise_vars)} and {len(weights)}")
    if any(isinstance(v, bool) or not isinstance(v, (int, float)) or v <= 0 for v in weights):
        raise ValueError(f"weights must be positive numbers, got {weights}")
    R, c = torch.zeros(order, order, dtype=torch.float64), torch.zeros(order, dtype=torch.float64)
    for r, noise_var, weight in zip(autocorrelations, noise_vars, weights, strict=True):
        R_i, c_i = _normal_equations(r, noise_var, order)
        R, c = R + weight * R_i, c + weight * c_i
    return torch.linalg.solve(R, c)  # (p,)


def wiener_predict(y: torch.Tensor, w: torch.Tensor) -> torch.Tensor:
    """Apply predictor taps ``w`` (p,) to observations ``y`` (B, T): returns (B, T − p + 1), whose column j is the
    prediction of h at step ``j + p`` (from y at steps j + p − 1 down to j)."""
    if not isinstance(y, torch.Tensor) or y.ndim != 2:
        raise TypeError(f"y must be a tensor of shape (B, T), got {describe(y)}")
    if not isinstance(w, torch.Tensor) or w.ndim != 1 or w.is_complex():
        raise TypeError(f"w must be a real tensor of shape (p,), got {describe(w)}")
    p = len(w)
    if y.shape[1] < p:
        raise ValueError(f"y needs at least p = {p} steps, got {y.shape[1]}")
    windows = y.unfold(1, p, 1)  # (B, T - p + 1, p), oldest first
    return windows @ w.flip(0).to(windows.dtype)  # newest tap w[0] meets the window's last entry


def nmse_db(prediction: torch.Tensor, target: torch.Tensor) -> float:
    """10·log10(Σ|prediction − target|² / Σ|target|²), over all entries (tensors of the same shape)."""
    if not isinstance(prediction, torch.Tensor) or not isinstance(target, torch.Tensor):
        raise TypeError(f"prediction and target must be tensors, got {describe(prediction)} and {describe(target)}")
    if prediction.shape != target.shape:
        raise ValueError(f"prediction and target must have the same shape, got {tuple(prediction.shape)} and "
                         f"{tuple(target.shape)}")
    error = (prediction - target).abs().pow(2).sum()
    return float(10 * torch.log10(error / target.abs().pow(2).sum()))
