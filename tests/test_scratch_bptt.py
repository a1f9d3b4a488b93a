"""utils.scratch backward pass (BPTT) and clipping, and the vanishing-gradient explorer.

References are independent of the code under test: torch.autograd through nn.RNN with copied weights,
central-difference numerical gradients, and torch.nn.utils.clip_grad_norm_.
"""

from __future__ import annotations

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
import pytest
import torch
from torch import nn

from utils import plotting, scratch, widgets
from utils.checks import numerical_gradient, relative_error


def random_problem(B=3, T=5, D=4, H=6, seed=0):
    rng = np.random.default_rng(seed)
    return (rng.normal(size=(B, T, D)), rng.normal(size=(B, H)), rng.normal(size=(D, H)) * 0.5,
            rng.normal(size=(H, H)) * 0.5, rng.normal(size=H) * 0.1, rng.normal(size=(B, T, H)))


def torch_gradients(x, h0, Wx, Wh, b, dh):
    """Gradients of sum(output * dh) through nn.RNN (float64), weights written directly, not via utils."""
    rnn = nn.RNN(Wx.shape[0], Wx.shape[1], batch_first=True).double()
    with torch.no_grad():
        rnn.weight_ih_l0.copy_(torch.from_numpy(Wx.T.copy()))
        rnn.weight_hh_l0.copy_(torch.from_numpy(Wh.T.copy()))
        rnn.bias_ih_l0.copy_(torch.from_numpy(b))
        rnn.bias_hh_l0.zero_()
    x_t = torch.tensor(x, requires_grad=True)
    h0_t = torch.tensor(h0[None], requires_grad=True)
    output, _ = rnn(x_t, h0_t)
    (output * torch.from_numpy(dh)).sum().backward()
    return (x_t.grad.numpy(), h0_t.grad[0].numpy(), rnn.weight_ih_l0.grad.numpy().T,
            rnn.weight_hh_l0.grad.numpy().T, rnn.bias_ih_l0.grad.numpy())


@pytest.mark.parametrize("shape", [(3, 5, 4, 6), (1, 1, 2, 2), (4, 4, 3, 3), (2, 7, 5, 1)])
def test_rnn_backward_matches_torch_autograd(shape):
    x, h0, Wx, Wh, b, dh = random_problem(*shape)
    _, cache = scratch.rnn_forward(x, h0, Wx, Wh, b)
    grads = scratch.rnn_backward(dh, cache)
    for name, got, want in zip(["dx", "dh0", "dWx", "dWh", "db"], grads, torch_gradients(x, h0, Wx, Wh, b, dh),
                               strict=True):
        assert got.shape == want.shape, name
        np.testing.assert_allclose(got, want, rtol=0, atol=1e-12, err_msg=name)


def test_rnn_backward_matches_numerical_gradients():
    x, h0, Wx, Wh, b, dh = random_problem(B=2, T=4, D=3, H=5, seed=3)
    _, cache = scratch.rnn_forward(x, h0, Wx, Wh, b)
    grads = scratch.rnn_backward(dh, cache)

    def loss(_):
        return float(np.sum(scratch.rnn_forward(x, h0, Wx, Wh, b)[0] * dh))

    for array, grad in zip([x, h0, Wx, Wh, b], grads, strict=True):
        assert relative_error(grad, numerical_gradient(loss, array, eps=1e-5)) < 1e-7


def test_rnn_step_backward_is_one_step_of_bptt():
    x, h0, Wx, Wh, b, dh = random_problem(T=1)
    h1, cache = scratch.rnn_step_forward(x[:, 0], h0, Wx, Wh, b)
    dx, dh_prev, dWx, dWh, db = scratch.rnn_step_backward(dh[:, 0], cache)
    da = dh[:, 0] * (1 - h1**2)
    np.testing.assert_allclose(dx, da @ Wx.T)
    np.testing.assert_allclose(dh_prev, da @ Wh.T)
    np.testing.assert_allclose(dWx, x[:, 0].T @ da)
    np.testing.assert_allclose(dWh, h0.T @ da)
    np.testing.assert_allclose(db, da.sum(axis=0))
    seq = scratch.rnn_backward(dh, scratch.rnn_forward(x, h0, Wx, Wh, b)[1])
    np.testing.assert_allclose(seq[0][:, 0], dx)
    np.testing.assert_allclose(seq[1], dh_prev)


def test_float32_gradients_stay_float32():
    x, h0, Wx, Wh, b, dh = (a.astype(np.float32) for a in random_problem())
    _, cache = scratch.rnn_forward(x, h0, Wx, Wh, b)
    assert all(g.dtype == np.float32 for g in scratch.rnn_backward(dh, cache))


def test_backward_bad_input_names_the_argument():
    x, h0, Wx, Wh, b, dh = random_problem()
    _, cache = scratch.rnn_forward(x, h0, Wx, Wh, b)
    with pytest.raises(ValueError, match=r"dh must have shape \(B, T, H\)"):
        scratch.rnn_backward(dh[:, :-1], cache)
    with pytest.raises(ValueError, match="dh must be 3-dimensional"):
        scratch.rnn_backward(dh[:, 0], cache)
    with pytest.raises(TypeError, match="dh must have a floating dtype"):
        scratch.rnn_backward(dh.astype(int), cache)
    with pytest.raises(TypeError, match="cache must be the non-empty list"):
        scratch.rnn_backward(dh, [])
    with pytest.raises(TypeError, match=r"cache\[0\] must be the tuple \(x, h_prev, Wx, Wh, h_next\)"):
        scratch.rnn_backward(dh, [c[:4] for c in cache])
    with pytest.raises(ValueError, match=r"dh_next must have shape \(B, H\)"):
        scratch.rnn_step_backward(dh[:, 0, :-1], cache[0])
    with pytest.raises(TypeError, match="dh_next must be a NumPy array"):
        scratch.rnn_step_backward(torch.zeros(3, 6), cache[0])
    with pytest.raises(TypeError, match="cache must be the tuple"):
        scratch.rnn_step_backward(dh[:, 0], list(cache[0]))


def torch_clip(grads, max_norm):
    """Reference: copy the arrays into .grad of float64 parameters and call clip_grad_norm_."""
    params = [torch.zeros(g.shape, dtype=torch.float64, requires_grad=True) for g in grads]
    for p, g in zip(params, grads, strict=True):
        p.grad = torch.from_numpy(g.copy())
    total = torch.nn.utils.clip_grad_norm_(params, max_norm)
    return [p.grad.numpy() for p in params], float(total)


@pytest.mark.parametrize("max_norm", [0.1, 1.0, 5.0, 1e6])
def test_clip_grad_norm_matches_torch(max_norm):
    rng = np.random.default_rng(1)
    grads = [rng.normal(size=(4, 3)), rng.normal(size=7), rng.normal(size=(2, 2, 2)) * 3]
    originals = [g.copy() for g in grads]
    clipped, total = scratch.clip_grad_norm(grads, max_norm)
    want, want_total = torch_clip(grads, max_norm)
    assert total == pytest.approx(want_total, rel=1e-14)
    for got, ref in zip(clipped, want, strict=True):
        np.testing.assert_allclose(got, ref, rtol=1e-14, atol=0)
    assert all(np.array_equal(g, o) for g, o in zip(grads, originals, strict=True)), "inputs must not change"
    assert scratch.global_norm(clipped) == pytest.approx(min(total, max_norm), rel=1e-6)


def test_clipping_keeps_the_direction_and_never_scales_up():
    grads = [np.array([3.0, 0.0]), np.array([[4.0]])]
    clipped, total = scratch.clip_grad_norm(grads, 1.0, eps=0.0)
    assert total == 5.0
    np.testing.assert_allclose(clipped[0], [0.6, 0.0])
    np.testing.assert_allclose(clipped[1], [[0.8]])
    small, total = scratch.clip_grad_norm(grads, 10.0)
    assert total == 5.0 and all(np.array_equal(s, g) for s, g in zip(small, grads, strict=True))


def test_clipping_bad_input():
    with pytest.raises(TypeError, match="grads must be a list or tuple of NumPy arrays"):
        scratch.clip_grad_norm(np.ones(3), 1.0)
    with pytest.raises(TypeError, match=r"grads\[1\] must be a NumPy array"):
        scratch.clip_grad_norm([np.ones(3), [1.0, 2.0]], 1.0)
    with pytest.raises(ValueError, match="max_norm must be positive"):
        scratch.clip_grad_norm([np.ones(3)], 0.0)
    with pytest.raises(TypeError, match="max_norm must be a positive number"):
        scratch.clip_grad_norm([np.ones(3)], "1")


def test_gradient_norms_vs_distance_agrees_with_scratch_bptt():
    H, T, radius, scale = 8, 30, 1.2, 0.5
    norms = widgets.gradient_norms_vs_distance(radius, T, "tanh", hidden_size=H, input_scale=scale, seed=4)
    # The same RNN built from utils.scratch: Wx = I, b = 0, the same random inputs and loss direction.
    Wh = widgets.random_recurrent_matrix(H, radius, 4)
    rng = np.random.default_rng(5)
    x = rng.normal(size=(T, H)) * scale
    g = rng.normal(size=H)
    _, cache = scratch.rnn_forward(x[None], np.zeros((1, H)), np.eye(H), Wh, np.zeros(H))
    dh, expected = (g / np.linalg.norm(g))[None], []
    for t in reversed(range(T)):
        expected.append(np.linalg.norm(dh))
        _, dh, _, _, _ = scratch.rnn_step_backward(dh, cache[t])
    np.testing.assert_allclose(norms, expected, rtol=1e-12)
    assert norms.shape == (T,) and norms[0] == pytest.approx(1.0)


def test_gradient_norms_linear_case_is_a_matrix_power():
    H, T = 6, 12
    norms = widgets.gradient_norms_vs_distance(0.8, T, "linear", hidden_size=H, seed=2)
    Wh = widgets.random_recurrent_matrix(H, 0.8, 2)
    rng = np.random.default_rng(3)
    rng.normal(size=(T, H))  # the inputs, which a linear RNN's gradient does not depend on
    g = rng.normal(size=H)
    g /= np.linalg.norm(g)
    np.testing.assert_allclose(norms, [np.linalg.norm(g @ np.linalg.matrix_power(Wh.T, k)) for k in range(T)],
                               rtol=1e-10)
    relu = widgets.gradient_norms_vs_distance(0.8, T, "relu", hidden_size=H, seed=2)
    assert relu.shape == (T,) and np.all(relu[1:] <= norms[1:] * 10)


def test_gradient_norms_bad_input():
    with pytest.raises(ValueError, match="nonlinearity must be one of"):
        widgets.gradient_norms_vs_distance(1.0, 10, "sigmoid")
    with pytest.raises(ValueError, match="seq_len must be a positive int"):
        widgets.gradient_norms_vs_distance(1.0, 0)
    with pytest.raises(ValueError, match="input_scale must be non-negative"):
        widgets.gradient_norms_vs_distance(1.0, 10, input_scale=-1.0)
    with pytest.raises(ValueError, match="spectral_radius must be non-negative"):
        widgets.gradient_norms_vs_distance(-1.0, 10)
    with pytest.raises(ValueError, match="nonlinearity must be one of"):
        widgets.vanishing_gradient_explorer(nonlinearity="gelu")


def test_plot_gradient_norms_is_labelled_and_skips_zeros():
    ax = plotting.plot_gradient_norms({"a": [1.0, 0.1, 0.0, np.inf]}, title="T")
    assert ax.get_title() == "T" and ax.get_yscale() == "log" and "distance" in ax.get_xlabel()
    y = ax.lines[0].get_ydata()
    assert np.isnan(y[2]) and np.isnan(y[3])
    assert len(ax.lines) == 2 and ax.lines[1].get_label() == "no change (norm 1)"
    ax = plotting.plot_gradient_norms({"a": [1.0, 0.1], "b": [2.0, 0.2]}, unit_line=False)
    assert len(ax.lines) == 2 and ax.lines[0].get_linestyle() != ax.lines[1].get_linestyle()
    assert ax.lines[0].get_marker() != ax.lines[1].get_marker()


def test_plot_gradient_norms_shades_bands_in_the_curve_colour():
    low, high = np.array([1.0, 0.01, 0.0]), np.array([1.0, 1.0, 0.5])
    ax = plotting.plot_gradient_norms({"a": [1.0, 0.1, 0.05], "b": [2.0, 0.2, 0.1]}, bands={"a": (low, high)})
    (band,) = ax.collections  # only "a" has a band
    assert np.allclose(band.get_facecolor()[0][:3], matplotlib.colors.to_rgb(ax.lines[0].get_color()))
    vertices = band.get_paths()[0].vertices
    assert vertices[:, 0].max() == 1  # the zero at distance 2 is not drawn (log scale)
    assert np.isclose(vertices[:, 1].min(), 0.01) and np.isclose(vertices[:, 1].max(), 1.0)
    with pytest.raises(ValueError, match="bands must use labels of curves"):
        plotting.plot_gradient_norms({"a": [1.0, 0.1]}, bands={"c": ([1.0, 0.1], [1.0, 0.1])})
    with pytest.raises(ValueError, match=r"bands\['a'\] must be two arrays of shape \(2,\)"):
        plotting.plot_gradient_norms({"a": [1.0, 0.1]}, bands={"a": ([1.0], [1.0])})

def test_vanishing_explorer_static_fallback(monkeypatch):
    monkeypatch.setenv("RNN_BOOK_STATIC", "1")
    assert widgets.vanishing_gradient_explorer(seq_len=20) is None
    axes = plt.gcf().axes
    assert [ax.get_title().split()[0] for ax in axes] == ["tanh", "relu", "linear"]
    assert all(len(ax.get_lines()) == 11 for ax in axes)  # 5 radii, the line at 1 and 5 dotted rho^(t-k)
    dotted = [line for line in axes[2].get_lines() if line.get_linestyle() == ":"]
    np.testing.assert_allclose(dotted[0].get_ydata(), 0.5 ** np.arange(20))  # the eigenvalue rule for rho = 0.5
    assert len({ax.get_ylim() for ax in axes}) == 3  # each panel has its own range
    assert all("no change (norm 1)" in [t.get_text() for t in ax.get_legend().get_texts()] for ax in axes)


def test_vanishing_explorer_widget_redraws(monkeypatch):
    monkeypatch.setattr(widgets, "has_widget_frontend", lambda: True)
    box = widgets.vanishing_gradient_explorer(spectral_radius=0.5, seq_len=30, nonlinearity="relu")
    radius, length = box.children[0].children
    kind, scale = box.children[1].children
    assert (radius.value, length.value, kind.value) == (0.5, 30, "relu")
    calls = []
    monkeypatch.setattr(widgets, "plot_gradient_norms_vs_distance", lambda *a, **k: calls.append((a, k)))
    kind.value = "linear"
    radius.value = 1.5
    assert [c[0][:3] for c in calls] == [([0.5], 30, "linear"), ([1.5], 30, "linear")]
    assert calls[-1][1] == {"show_eigenvalue_rule": True}
