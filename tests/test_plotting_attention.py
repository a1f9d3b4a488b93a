"""utils.plotting.attention: the figures of chapter 10 are labelled and reject bad input."""


import matplotlib.pyplot as plt
import numpy as np
import pytest

from utils import plotting


def test_attention_heatmap_labels_rows_and_columns():
    weights = np.full((2, 3), 1 / 3)
    ax = plotting.plot_attention(weights, list("abc"), ["x", "y"], title="T")
    assert ax.get_title() == "T" and "source" in ax.get_xlabel() and "output" in ax.get_ylabel()
    assert [t.get_text() for t in ax.get_xticklabels()] == ["a", "b", "c"]
    with pytest.raises(ValueError, match=r"weights must have shape \(len\(output\), len\(source\)\) = \(2, 4\)"):
        plotting.plot_attention(weights, list("abcd"), ["x", "y"])


def test_length_curve_and_cost_plots():
    ax = plotting.plot_length_curve(["5–10", "11–20"], {"attention": [1.0, 0.9], "none": [0.3, 0.0]})
    assert len(ax.lines) == 2 and ax.get_ylabel() == "exact-match accuracy" and ax.get_title()
    with pytest.raises(ValueError, match="has 1 values for 2 buckets"):
        plotting.plot_length_curve(["a", "b"], {"x": [1.0]})
    ax = plotting.plot_cost_vs_length([32, 128], {"GRU": [1.0, 4.0]}, "MB", title="M")
    assert ax.get_xscale() == "log" and ax.get_yscale() == "log" and ax.get_ylabel() == "MB" and ax.get_title() == "M"


def test_attention_heatmap_shows_spaces_and_can_leave_the_colour_bar_out():
    fig, (ax_a, ax_b) = plt.subplots(1, 2)
    plotting.plot_attention(np.full((1, 3), 1 / 3), ["a", " ", "b"], ["x"], ax=ax_a)
    assert [t.get_text() for t in ax_a.get_xticklabels()] == ["a", "␣", "b"]
    n_axes = len(fig.axes)
    plotting.plot_attention(np.full((1, 2), 0.5), ["17", "101"], ["x"], ax=ax_b, colorbar=False)
    assert len(fig.axes) == n_axes  # no colour bar added
    assert all(t.get_rotation() == 90 for t in ax_b.get_xticklabels())  # multi-character labels stand upright


def test_position_accuracy_plot():
    ax = plotting.plot_position_accuracy({"a": [1.0, 0.5, 0.25], "b": [0.9, 0.9]})
    assert len(ax.lines) == 2 and ax.get_xlabel() and ax.get_ylabel() and ax.get_title()
    with pytest.raises(ValueError, match="curves"):
        plotting.plot_position_accuracy({})
