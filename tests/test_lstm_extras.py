"""Chapter 03's additions outside utils.scratch: the adding problem, the LSTM figures and the two explorers.

References are independent of the code under test: torch.nn.LSTM with weights written by hand, and
torch.autograd for the gradients.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pytest
import torch
from torch import nn

from utils import data, plotting, widgets

# --- data.make_adding_problem ---------------------------------------------------------------------------------

def test_adding_problem_shapes_markers_and_targets():
    x, y = data.make_adding_problem(500, seq_len=30, seed=3)
    assert x.shape == (500, 30, 2) and y.shape == (500,)
    assert x.dtype == torch.float32 and y.dtype == torch.float32
    values, markers = x[..., 0].numpy(), x[..., 1].numpy()
    assert values.min() >= 0 and values.max() <= 1
    assert set(np.unique(markers)) == {0.0, 1.0}
    assert np.all(markers[:, :15].sum(axis=1) == 1) and np.all(markers[:, 15:].sum(axis=1) == 1)  # one per half
    np.testing.assert_array_equal(y.numpy(), (values * markers).sum(axis=1).astype(np.float32))


def test_adding_problem_is_deterministic_and_its_baseline_is_one_sixth():
    x1, y1 = data.make_adding_problem(50_000, seq_len=10, seed=0)
    x2, y2 = data.make_adding_problem(50_000, seq_len=10, seed=0)
    assert torch.equal(x1, x2) and torch.equal(y1, y2)
    assert not torch.equal(x1, data.make_adding_problem(50_000, seq_len=10, seed=1)[0])
    assert abs(((y1 - 1.0) ** 2).mean().item() - 1 / 6) < 0.005  # Var(U + V) for two uniforms
    assert abs(y1.mean().item() - 1.0) < 0.01


@pytest.mark.parametrize("kwargs, error, message", [
    ({"n_sequences": 0, "seq_len": 10}, ValueError, "n_sequences must be a positive int"),
    ({"n_sequences": 5, "seq_len": 1}, ValueError, "seq_len must be at least 2"),
    ({"n_sequences": 5, "seq_len": 10.0}, TypeError, "seq_len must be a positive int"),
])
def test_adding_problem_rejects_bad_sizes(kwargs, error, message):
    with pytest.raises(error, match=message):
        data.make_adding_problem(**kwargs)


# --- plotting -------------------------------------------------------------------------------------------------

def test_lstm_cell_diagram_has_a_title_and_the_gate_labels():
    ax = plotting.plot_lstm_cell()
    assert "LSTM cell" in ax.get_title()
    texts = {t.get_text() for t in ax.texts}
    assert {"$f$", "$i$", "$g$", "$o$", "$c_t$", "$h_t$", "$x_t$"} <= texts


def random_trace(T, H, seed=0):
    rng = np.random.default_rng(seed)
    return {name: rng.uniform(size=(T, H)) for name in "ifgoch"}


@pytest.mark.parametrize("H, panels", [(1, 3), (4, 3), (5, 5), (32, 5)])
def test_gate_plot_uses_lines_for_few_units_and_heatmaps_for_many(H, panels):
    assert plotting.lstm_gate_panels(H) == panels
    axes = plotting.plot_lstm_gates(random_trace(20, H), np.zeros((20, 2)), title="demo")
    assert len(axes) == panels and axes[0].get_title() == "demo"
    assert axes[-1].get_xlabel() == "time step t"
    if panels == 3:
        assert len(axes[1].lines) == 3 * H  # i, f, o for every unit
    else:
        assert all(ax.images for ax in axes[1:])


def test_gate_plot_rejects_bad_input():
    with pytest.raises(ValueError, match="x must be 2-D"):
        plotting.plot_lstm_gates(random_trace(20, 2), np.zeros(20))
    with pytest.raises(ValueError, match="trace must contain 'c'"):
        plotting.plot_lstm_gates({k: v for k, v in random_trace(20, 2).items() if k != "c"}, np.zeros((20, 2)))
    with pytest.raises(ValueError, match=r"trace\['i'\] must have shape \(T, H\) with T = 19"):
        plotting.plot_lstm_gates(random_trace(20, 2), np.zeros((19, 2)))
    _, axes = plt.subplots(2, 1)
    with pytest.raises(ValueError, match="axes must hold 3 axes"):
        plotting.plot_lstm_gates(random_trace(20, 2), np.zeros((20, 2)), axes=axes)


# --- widgets: gate dynamics -----------------------------------------------------------------------------------

def test_adding_sequence_places_the_markers():
    x = widgets.adding_sequence(seq_len=12, first=2, second=9, seed=4)
    assert x.shape == (12, 2)
    np.testing.assert_array_equal(np.flatnonzero(x[:, 1]), [2, 9])
    with pytest.raises(ValueError, match=r"second must be an int in \[0, 11\]"):
        widgets.adding_sequence(seq_len=12, first=2, second=12)


def test_gate_trace_matches_nn_lstm_and_shifts_only_the_forget_gate():
    D, H, T = 2, 3, 8
    rng = np.random.default_rng(0)
    params = {"Wx": rng.normal(size=(D, 4 * H)), "Wh": rng.normal(size=(H, 4 * H)), "b": rng.normal(size=4 * H)}
    x = rng.normal(size=(T, D))
    original_b = params["b"].copy()
    for shift in (0.0, -2.0):
        lstm = nn.LSTM(D, H, batch_first=True).double()
        bias = params["b"].copy()
        bias[H:2 * H] += shift
        with torch.no_grad():
            lstm.weight_ih_l0.copy_(torch.from_numpy(params["Wx"].T.copy()))
            lstm.weight_hh_l0.copy_(torch.from_numpy(params["Wh"].T.copy()))
            lstm.bias_ih_l0.copy_(torch.from_numpy(bias))
            lstm.bias_hh_l0.zero_()
            output, (_, c_n) = lstm(torch.from_numpy(x)[None])
        trace = widgets.lstm_gate_trace(params, x, forget_bias_shift=shift)
        assert set(trace) == set("ifgoch") and all(v.shape == (T, H) for v in trace.values())
        np.testing.assert_allclose(trace["h"], output[0].numpy(), rtol=0, atol=1e-13)
        np.testing.assert_allclose(trace["c"][-1], c_n[0, 0].numpy(), rtol=0, atol=1e-13)
    np.testing.assert_array_equal(params["b"], original_b)  # the caller's parameters are not modified


def test_hand_wired_lstm_stores_the_two_marked_values():
    x = widgets.adding_sequence(seq_len=60, first=5, second=40, seed=1)
    trace = widgets.lstm_gate_trace(widgets.hand_wired_lstm_params(forget_bias=10.0), x)
    assert trace["i"][5, 0] > 0.99 and np.delete(trace["i"][:, 0], [5, 40]).max() < 1e-4
    np.testing.assert_allclose(trace["c"][-1, 0], np.tanh(x[5, 0]) + np.tanh(x[40, 0]), atol=0.01)
    leaky = widgets.lstm_gate_trace(widgets.hand_wired_lstm_params(forget_bias=2.0), x)
    assert leaky["c"][-1, 0] < 0.1


def test_gate_explorer_static_figure(monkeypatch):
    monkeypatch.setenv("RNN_BOOK_STATIC", "1")
    assert widgets.lstm_gate_explorer(seq_len=30, first=3, second=20) is None
    figure = plt.gcf()
    assert len(figure.axes) == 6  # 3 panels x 2 settings for the one-unit cell
    titles = [ax.get_title() for ax in figure.axes if ax.get_title()]
    assert any("as given" in t for t in titles) and any("lowered by 4" in t for t in titles)


def test_gate_explorer_static_figure_with_a_trained_model_and_readout(monkeypatch):
    monkeypatch.setenv("RNN_BOOK_STATIC", "1")
    rng = np.random.default_rng(2)
    H = 6
    params = {"Wx": rng.normal(size=(2, 4 * H)), "Wh": rng.normal(size=(H, 4 * H)), "b": rng.normal(size=4 * H)}
    assert widgets.lstm_gate_explorer(params, readout=(rng.normal(size=H), 0.5), seq_len=25, first=1, second=20) is None
    titles = [ax.get_title() for ax in plt.gcf().axes if ax.get_title()]
    assert len(titles) == 2 and all("prediction" in t for t in titles)


def test_gate_explorer_widget_redraws_when_a_slider_moves(monkeypatch):
    monkeypatch.setattr(widgets, "has_widget_frontend", lambda: True)
    box = widgets.lstm_gate_explorer(seq_len=40, first=3, second=30)
    first, second, shift = box.children[0].children
    assert (first.value, second.value, shift.value) == (4, 31, 0.0)  # sliders count steps from 1
    calls = []
    monkeypatch.setattr(widgets, "_draw_gate_trace", lambda *a, **k: calls.append(a))
    shift.value = -3.0
    assert len(calls) == 1 and calls[0][2:6] == (40, 3, 30, -3.0)


# --- widgets: gradient flow -----------------------------------------------------------------------------------

def test_input_gradient_norms_match_autograd():
    torch.manual_seed(0)
    lstm = nn.LSTM(2, 5, batch_first=True).double()
    x = torch.randn(3, 7, 2, dtype=torch.float64)
    readout = torch.randn(5, dtype=torch.float64)
    norms = widgets.input_gradient_norms(lstm, x, readout)
    x_leaf = x.clone().requires_grad_(True)
    (lstm(x_leaf)[0][:, -1] @ readout).sum().backward()
    np.testing.assert_allclose(norms, x_leaf.grad.norm(dim=-1).mean(dim=0).numpy(), rtol=1e-12)
    assert norms.shape == (7,)


def test_rnn_vs_lstm_gradients_vanish_unless_the_forget_gate_is_open():
    closed = widgets.rnn_vs_lstm_gradients(seq_len=60, hidden_size=16, forget_bias=0.0)
    opened = widgets.rnn_vs_lstm_gradients(seq_len=60, hidden_size=16, forget_bias=4.0)
    assert set(closed) == {"RNN", "LSTM"} and closed["RNN"].shape == (60,)
    np.testing.assert_array_equal(closed["RNN"], opened["RNN"])  # the RNN does not depend on the forget bias
    assert closed["RNN"][0] / closed["RNN"][-1] < 1e-8
    assert closed["LSTM"][0] / closed["LSTM"][-1] < 1e-8
    assert opened["LSTM"][0] / opened["LSTM"][-1] > 0.1
    with pytest.raises(ValueError, match="hidden_size must be a positive int"):
        widgets.rnn_vs_lstm_gradients(hidden_size=0)


def test_gradient_flow_explorer_static_and_widget(monkeypatch):
    monkeypatch.setenv("RNN_BOOK_STATIC", "1")
    assert widgets.gradient_flow_explorer(seq_len=30, hidden_size=8) is None
    ax = plt.gcf().axes[0]
    assert len(ax.lines) == 4 and ax.get_yscale() == "log"  # the RNN and three forget biases
    monkeypatch.setattr(widgets, "has_widget_frontend", lambda: True)
    box = widgets.gradient_flow_explorer(seq_len=30, hidden_size=8, forget_bias=1.0)
    length, hidden, bias = box.children[0].children
    calls = []
    monkeypatch.setattr(widgets, "plot_rnn_vs_lstm_gradients", lambda *a, **k: calls.append(a))
    bias.value = 2.5
    assert calls == [(30, 8, (2.5,), 0)]


def test_gate_plot_cell_limit_sets_the_colour_scale_and_rejects_bad_values():
    axes = plotting.plot_lstm_gates(random_trace(20, 8), np.zeros((20, 2)), c_limit=2.5)
    assert axes[4].images[0].get_clim() == (-2.5, 2.5)
    with pytest.raises(ValueError, match="c_limit must be a positive number"):
        plotting.plot_lstm_gates(random_trace(20, 8), np.zeros((20, 2)), c_limit=0.0)


def test_static_gate_explorer_shares_one_cell_colour_scale_between_its_columns(monkeypatch):
    monkeypatch.setattr(widgets, "has_widget_frontend", lambda: False)
    rng = np.random.default_rng(3)
    H = 6
    params = {"Wx": rng.normal(size=(2, 4 * H)), "Wh": rng.normal(size=(H, 4 * H)), "b": rng.normal(size=4 * H)}
    assert widgets.lstm_gate_explorer(params, seq_len=25, first=1, second=20) is None
    cell_images = [ax.images[0] for ax in plt.gcf().axes if ax.images and ax.images[0].get_cmap().name == "PuOr"]
    assert len(cell_images) == 2 and cell_images[0].get_clim() == cell_images[1].get_clim()
    lowered = widgets.lstm_gate_trace(params, widgets.adding_sequence(25, 1, 20), -4.0)["c"]
    as_given = widgets.lstm_gate_trace(params, widgets.adding_sequence(25, 1, 20), 0.0)["c"]
    expected = max(np.percentile(np.abs(lowered), 95), np.percentile(np.abs(as_given), 95))
    assert np.isclose(cell_images[0].get_clim()[1], expected)
