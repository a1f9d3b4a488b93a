"""utils.plotting and utils.widgets: figures are labelled; explorers work with and without a front end."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from utils import plotting, widgets  # noqa: E402


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


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


def test_explorer_falls_back_to_a_static_figure(monkeypatch):
    monkeypatch.setenv("RNN_BOOK_STATIC", "1")
    assert not widgets.has_widget_frontend()
    assert widgets.rnn_memory_explorer() is None
    assert len(plt.gcf().axes[0].lines) == 4


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
