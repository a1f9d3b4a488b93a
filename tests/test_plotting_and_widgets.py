"""utils.plotting and utils.widgets: figures are labelled; explorers work with and without a front end."""

from __future__ import annotations

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
import pytest

from utils import plotting, widgets


def test_style_uses_the_colour_blind_safe_cycle():
    plotting.use_book_style()
    colours = plt.rcParams["axes.prop_cycle"].by_key()["color"]
    assert colours[:2] == [plotting.PALETTE["blue"], plotting.PALETTE["orange"]]


def test_diagrams_have_titles_and_labels():
    ax = plotting.plot_unrolled_rnn(3)
    assert "unrolled over 3 steps" in ax.get_title() and ax.get_xlabel()
    assert len(ax.patches) > 10
    axes = plotting.plot_io_patterns()
    assert [a.get_title().split("\n")[0] for a in axes] == list(plotting.diagrams._IO_PATTERNS)
    with pytest.raises(ValueError, match="n_steps must be an int between 1 and 8"):
        plotting.plot_unrolled_rnn(0)


def test_io_patterns_feed_outputs_back_where_the_code_does():
    axes = plotting.plot_io_patterns()
    texts = {a.get_title().split("\n")[0]: [t.get_text() for t in a.texts] for a in axes}
    assert "x → $h_0$" in texts["one-to-many"] and "<s>" in texts["one-to-many"]  # x is the initial state
    assert "$y_1$" in texts["one-to-many"] and texts["one-to-many"].count("x") == 0  # outputs fed back, no x_t
    assert "<s>" in texts["sequence-to-sequence"] and "$y_2$" in texts["sequence-to-sequence"]  # decoder inputs
    dashed = [p for p in axes[1].patches if p.get_linestyle() == "--"]
    assert len(dashed) == 3  # one feedback arrow from each output but the last


def test_bptt_diagram_has_loss_nodes_and_backward_arrows():
    ax = plotting.plot_bptt(4)
    texts = [t.get_text() for t in ax.texts]
    assert all(f"$\\ell_{t}$" in texts for t in range(1, 5)) and r"$L = \sum_t \ell_t$" in texts
    red = matplotlib.colors.to_rgb(plotting.PALETTE["vermillion"])
    backward = [p for p in ax.patches if p.get_edgecolor()[:3] == red]
    assert len(backward) == 4 + 3  # g_t into every state, and one Jacobian step between neighbours
    assert ax.get_title().startswith("Backpropagation through time")
    with pytest.raises(ValueError, match="n_steps must be an int between 2 and 6"):
        plotting.plot_bptt(1)


def test_decade_ticks_include_one_and_stay_few():
    _, ax = plt.subplots()
    ax.plot([0, 1], [1e-31, 1e4])
    ax.set_yscale("log")
    plotting.decade_ticks(ax)
    ax.set_ylim(1e-31, 1e4)
    ticks = ax.yaxis.get_major_locator()()
    assert 1.0 in ticks and len(ticks) <= 8
    assert np.allclose(np.diff(np.log10(ticks)), np.log10(ticks[1] / ticks[0]))  # evenly spaced decades


def test_plot_curves_and_heatmap():
    ax = plotting.plot_curves({"a": [3, 2, 1]}, baseline=2.5, title="T", ylabel="loss", logy=True)
    assert ax.get_title() == "T" and ax.get_ylabel() == "loss" and ax.get_yscale() == "log"
    assert len(ax.lines) == 2
    ax = plotting.plot_heatmap(np.zeros((2, 3)), "time", "unit", "H")
    assert ax.get_xlabel() == "time"
    with pytest.raises(ValueError, match="must be 2-D"):
        plotting.plot_heatmap(np.zeros(3), "x", "y", "t")


def test_smooth_is_a_trailing_mean():
    np.testing.assert_allclose(plotting.smooth([1, 3, 5, 7], window=2), [1, 2, 4, 6])
    np.testing.assert_allclose(plotting.smooth([2, 4], window=10), [2, 3])


def test_pulse_response_decays_below_and_persists_above_radius_one():
    W = widgets.random_recurrent_matrix(16, 0.7, seed=1)
    assert np.isclose(np.max(np.abs(np.linalg.eigvals(W))), 0.7)
    assert widgets.pulse_response(0.5, 40)[-1] < 1e-8
    assert widgets.pulse_response(1.5, 40)[-1] > 0.1


def test_pulse_states_match_torch_rnn_with_the_same_weights():
    import torch

    H, T, radius, scale, pulse = 8, 12, 1.2, 0.7, 0.3
    states = widgets.pulse_states(radius, T, hidden_size=H, input_scale=scale, pulse=pulse, seed=3)
    rnn = torch.nn.RNN(1, H, batch_first=True).double()
    Wx = np.random.default_rng(4).normal(size=(1, H)) * scale  # the seed + 1 generator, as documented
    with torch.no_grad():
        rnn.weight_ih_l0.copy_(torch.from_numpy(Wx.T))
        rnn.weight_hh_l0.copy_(torch.from_numpy(widgets.random_recurrent_matrix(H, radius, 3).T))
        rnn.bias_ih_l0.zero_()
        rnn.bias_hh_l0.zero_()
        x = torch.zeros(1, T, 1, dtype=torch.float64)
        x[0, 0, 0] = pulse
        expected = rnn(x)[0][0].numpy()
    np.testing.assert_allclose(states, expected, rtol=0, atol=1e-12)
    np.testing.assert_allclose(widgets.pulse_response(radius, T, H, scale, seed=3, pulse=pulse),
                               np.linalg.norm(expected, axis=1), rtol=1e-12)


def test_pulse_activity_is_not_memory_above_radius_one():
    # Above 1 the zero state is unstable: a 1e-4 pulse grows to the activity of a full pulse.
    full, tiny = widgets.pulse_response(1.5, 40), widgets.pulse_response(1.5, 40, pulse=1e-4)
    assert tiny[0] < 1e-3 and abs(tiny[-1] - full[-1]) < 0.2 * full[-1]
    # The distance between two responses is what fades below 1, and it is exactly 2 ||h_t|| for opposite pulses
    # (tanh is odd and the bias is zero).
    assert widgets.pulse_distance(0.5, 40)[-1] < 1e-10
    np.testing.assert_allclose(widgets.pulse_distance(0.9, 20, pulses=(1.0, -1.0)),
                               2 * widgets.pulse_response(0.9, 20), rtol=1e-12)
    with pytest.raises(ValueError, match="pulses must be two different heights"):
        widgets.pulse_distance(0.9, 20, pulses=(1.0, 1.0))
    with pytest.raises(ValueError, match="seq_len must be a positive int"):
        widgets.pulse_states(0.9, 0)
    with pytest.raises(ValueError, match="input_scale must be non-negative"):
        widgets.pulse_states(0.9, 10, input_scale=-1.0)


def test_explorer_falls_back_to_a_static_figure(monkeypatch):
    monkeypatch.setenv("RNN_BOOK_STATIC", "1")
    assert not widgets.has_widget_frontend()
    assert widgets.rnn_memory_explorer() is None
    activity, memory = plt.gcf().axes[:2]
    assert len(activity.lines) == 8 and len(memory.lines) == 4  # 4 radii: two pulse heights, one distance
    assert "Activity" in activity.get_title() and "Memory" in memory.get_title()
    assert activity.get_yscale() == "log" and memory.get_xlabel() == "time step t"


def test_explorer_widget_redraws_when_a_slider_moves(monkeypatch):
    monkeypatch.setattr(widgets, "has_widget_frontend", lambda: True)
    box = widgets.rnn_memory_explorer(spectral_radius=0.5)
    radius, length, _ = box.children[0].children
    output = box.children[1]
    assert radius.value == 0.5 and length.value == 40
    calls = []
    monkeypatch.setattr(widgets, "plot_pulse_responses", lambda *a, **k: calls.append(a))
    radius.value = 1.2
    assert calls == [([1.2], 40, 1.0)]
    assert output is box.children[1]


def test_has_widget_frontend_is_false_outside_a_kernel(monkeypatch):
    monkeypatch.delenv("RNN_BOOK_STATIC", raising=False)
    assert not widgets.has_widget_frontend()


def test_show_in_replaces_the_output_with_the_new_figures_and_closes_them():
    import ipywidgets

    output = ipywidgets.Output()
    widgets.show_in(output, lambda: plt.subplots(1, 2))
    widgets.show_in(output, lambda: plotting.plot_curves({"a": [1, 2]}))
    assert len(output.outputs) == 1 and output.outputs[0]["data"]["image/png"].startswith("iVBOR")
    assert plt.get_fignums() == []

    def bad_input():
        plt.figure()
        raise ValueError("lengths must be positive")

    widgets.show_in(output, bad_input)
    assert output.outputs == ({"output_type": "stream", "name": "stdout", "text": "lengths must be positive\n"},)
    assert plt.get_fignums() == []
