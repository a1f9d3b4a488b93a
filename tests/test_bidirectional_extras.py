"""Chapter 05's additions outside utils.scratch: the future-marker task, the stacked/bidirectional figures and
the h_n layout explorer.

The data tests check the labels against a direct, loop-based reading of the definition.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pytest
import torch

from utils import data, plotting, widgets

# --- data.make_future_marker_task -----------------------------------------------------------------------------

@pytest.mark.parametrize("seq_len, horizon, marker_prob", [(30, 5, None), (12, 3, 0.3), (4, 6, 0.5), (1, 2, 0.5)])
def test_future_marker_labels_follow_the_definition(seq_len, horizon, marker_prob):
    x, y = data.make_future_marker_task(200, seq_len, horizon=horizon, marker_prob=marker_prob, seed=3)
    assert x.shape == (200, seq_len, 1) and y.shape == (200, seq_len)
    assert x.dtype == torch.float32 and y.dtype == torch.int64
    markers = x[..., 0].numpy()
    assert set(np.unique(markers)) <= {0.0, 1.0}
    expected = np.zeros((200, seq_len), dtype=np.int64)
    for n in range(200):
        for t in range(seq_len):
            expected[n, t] = int(markers[n, t + 1:t + 1 + horizon].any())  # the next `horizon` steps, not t itself
    np.testing.assert_array_equal(y.numpy(), expected)
    assert (y[:, -1] == 0).all()  # the last step has no future


def test_future_marker_task_is_deterministic_and_matches_its_probability():
    x1, y1 = data.make_future_marker_task(20_000, 20, horizon=4, seed=0)
    x2, y2 = data.make_future_marker_task(20_000, 20, horizon=4, seed=0)
    assert torch.equal(x1, x2) and torch.equal(y1, y2)
    assert not torch.equal(x1, data.make_future_marker_task(20_000, 20, horizon=4, seed=1)[0])
    P = data.future_marker_probability(20, horizon=4)
    assert P.shape == (20,) and P[-1] == 0.0
    np.testing.assert_allclose(P[:16], 0.5)  # the default marker_prob balances the labels away from the end
    np.testing.assert_allclose(y1.float().mean(dim=0).numpy(), P, atol=0.015)
    p = 0.2
    np.testing.assert_allclose(data.future_marker_probability(6, horizon=3, marker_prob=p),
                               [1 - 0.8 ** 3] * 3 + [1 - 0.8 ** 2, 1 - 0.8, 0.0])
    assert abs(x1.mean().item() - (1 - 0.5 ** 0.25)) < 0.005


@pytest.mark.parametrize("kwargs, error, message", [
    ({"n_sequences": 0, "seq_len": 10}, ValueError, "n_sequences must be a positive int"),
    ({"n_sequences": 5, "seq_len": 10.0}, TypeError, "seq_len must be a positive int"),
    ({"n_sequences": 5, "seq_len": 10, "horizon": 0}, ValueError, "horizon must be a positive int"),
    ({"n_sequences": 5, "seq_len": 10, "marker_prob": 1.0}, ValueError, "marker_prob must lie strictly between"),
    ({"n_sequences": 5, "seq_len": 10, "marker_prob": "0.2"}, TypeError, "marker_prob must be a float"),
])
def test_future_marker_task_rejects_bad_arguments(kwargs, error, message):
    with pytest.raises(error, match=message):
        data.make_future_marker_task(**kwargs)
    if "n_sequences" in kwargs and kwargs["n_sequences"] == 5:
        with pytest.raises(error, match=message):
            data.future_marker_probability(kwargs["seq_len"], kwargs.get("horizon", 5), kwargs.get("marker_prob"))


# --- plotting -------------------------------------------------------------------------------------------------

def test_bidirectional_diagram_labels_both_directions():
    ax = plotting.plot_bidirectional_rnn(n_steps=3)
    texts = " ".join(t.get_text() for t in ax.texts)
    assert "bidirectional" in ax.get_title()
    assert "forward: reads" in texts and "backward: reads" in texts and "(B, T, 2H)" in texts
    assert r"$\overleftarrow{h}_{4}$" in texts  # the backward direction's initial state sits after x_T
    with pytest.raises(ValueError, match="n_steps must be an int between 2 and 6"):
        plotting.plot_bidirectional_rnn(n_steps=1)


@pytest.mark.parametrize("num_layers, bidirectional", [(1, False), (3, False), (2, True), (4, True)])
def test_h_n_layout_lists_every_slice_with_both_indices(num_layers, bidirectional):
    ax = plotting.plot_h_n_layout(num_layers, bidirectional)
    n = num_layers * (2 if bidirectional else 1)
    texts = [t.get_text() for t in ax.texts]
    for index in range(n):
        assert f"h_n[{index}]  =  h_n[{index - n}]" in texts
    assert f"({n}, B, H)" in ax.get_title()
    if bidirectional:
        top = [t for t in texts if t.startswith(f"layer {num_layers - 1},")]
        assert top == [f"layer {num_layers - 1}, forward   (B, H)", f"layer {num_layers - 1}, backward   (B, H)"]
        assert f"h_n.view({num_layers}, 2, B, H)[{num_layers - 1}]" in texts
        assert any("h_n[-2] (forward), h_n[-1] (backward)" in t for t in texts)
    else:
        assert any("top layer: h_n[-1]" in t for t in texts)


def test_h_n_layout_rejects_bad_arguments():
    with pytest.raises(ValueError, match="num_layers must be an int between 1 and 6"):
        plotting.plot_h_n_layout(0)
    with pytest.raises(TypeError, match="bidirectional must be True or False"):
        plotting.plot_h_n_layout(2, bidirectional="yes")


def test_bidirectional_output_map_marks_where_the_final_states_are():
    ax = plotting.plot_bidirectional_output(seq_len=4)
    texts = [t.get_text() for t in ax.texts]
    assert "= h_n[-2]" in texts and "= h_n[-1]" in texts
    assert "$x_{1}..x_{4}$" in texts and "$x_{4}$" in texts  # the backward half of output[:, -1] read only x_T
    assert "[:, -1]" in texts and "[:, 0]" in texts
    with pytest.raises(ValueError, match="seq_len must be an int between 2 and 8"):
        plotting.plot_bidirectional_output(seq_len=9)


def test_step_predictions_draws_labels_markers_and_one_line_per_model():
    markers = np.array([0, 1, 0, 0, 1, 0], dtype=float)
    labels = np.array([1, 0, 1, 1, 0, 0])
    ax = plotting.plot_step_predictions(markers, labels, {"a": np.full(6, 0.5), "b": labels * 0.9})
    names = [line.get_label() for line in ax.get_lines()]
    assert names == ["true label 1", "marker", "a", "b"]
    assert len(ax.patches) == 3  # one shaded span per label-1 step
    np.testing.assert_array_equal(ax.get_lines()[1].get_xdata(), [2, 5])  # markers at steps 2 and 5 (from 1)
    with pytest.raises(ValueError, match=r"predictions\['a'\] must have shape \(6,\)"):
        plotting.plot_step_predictions(markers, labels, {"a": np.zeros(5)})
    with pytest.raises(ValueError, match="markers and labels must be 1-D of the same length"):
        plotting.plot_step_predictions(markers, labels[:5], {})


# --- widgets --------------------------------------------------------------------------------------------------

def test_h_n_layout_explorer_static_figure(monkeypatch):
    monkeypatch.setenv("RNN_BOOK_STATIC", "1")
    assert widgets.h_n_layout_explorer(num_layers=2) is None  # the setting itself is the chapter's own figure
    titles = [ax.get_title() for ax in plt.gcf().axes]
    assert titles == ["h_n of a 2-layer unidirectional RNN: (2, B, H)",
                      "h_n of a 3-layer bidirectional RNN: (3 · 2, B, H) = (6, B, H)"]
    assert plt.gcf().get_size_inches()[0] <= 13
    assert widgets.h_n_layout_explorer(num_layers=1, bidirectional=False) is None
    titles = [ax.get_title() for ax in plt.gcf().axes]
    assert titles == ["h_n of a 1-layer bidirectional RNN: (1 · 2, B, H) = (2, B, H)",
                      "h_n of a 2-layer unidirectional RNN: (2, B, H)"]
    with pytest.raises(ValueError, match="num_layers must be between 1 and 5"):
        widgets.h_n_layout_explorer(num_layers=6)


def test_h_n_layout_explorer_widget_redraws_when_a_control_changes(monkeypatch):
    monkeypatch.setattr(widgets, "has_widget_frontend", lambda: True)
    box = widgets.h_n_layout_explorer(num_layers=2, bidirectional=True)
    layers, both = box.children[0].children
    assert layers.value == 2 and both.value is True
    calls = []
    monkeypatch.setattr(plotting, "plot_h_n_layout", lambda *a, **k: calls.append(a))
    layers.value = 3
    both.value = False
    assert calls == [(3, True), (3, False)]
