"""utils.plotting.parallel and utils.widgets.linear_memory: labelled figures, memory horizons against a hand
computation, the explorer with and without a widget front end."""

from __future__ import annotations

import math

import matplotlib.pyplot as plt
import numpy as np
import pytest

from utils import widgets
from utils.plotting import parallel
from utils.widgets import linear_memory


def test_memory_curve_and_horizon_by_hand():
    real, envelope = parallel.memory_curve(0.5, math.pi, 4)
    assert np.allclose(real, [1, -0.5, 0.25, -0.125]) and np.allclose(envelope, [1, 0.5, 0.25, 0.125])
    assert parallel.horizon(0.99) == pytest.approx(math.log(0.01) / math.log(0.99))
    assert 0.99 ** parallel.horizon(0.99) == pytest.approx(0.01)
    assert parallel.horizon(1.0) == math.inf and parallel.horizon(0.0) == 0.0
    with pytest.raises(ValueError, match="magnitude must lie in"):
        parallel.horizon(1.5)
    with pytest.raises(ValueError, match="fraction must lie in"):
        parallel.horizon(0.5, fraction=2)


def test_figures_have_titles_and_axis_labels():
    axes = [parallel.plot_scan_rounds(8), parallel.plot_copying_example([0, 3, 0, 4, 1, 1], [-100] * 4 + [3, 4]),
            parallel.plot_seed_results({"a": [0.9, 0.95, 1.0], "b": [0.2, 0.3, 0.25]}, paper={"a": 0.99}, chance=0.125),
            *parallel.plot_memory_horizon([0.9, 0.99], angle=0.3)]
    for ax in axes:
        assert ax.get_title() and ax.get_xlabel() and ax.get_ylabel()
    assert "3 rounds" in axes[0].get_title()
    assert len(axes[3].lines) >= 4  # two curves, two envelopes (θ ≠ 0), the 1 % line
    with pytest.raises(ValueError, match="same length"):
        parallel.plot_copying_example([0, 1], [0])


def test_explorer_falls_back_to_a_static_figure(monkeypatch):
    monkeypatch.setenv("RNN_BOOK_STATIC", "1")
    assert linear_memory.linear_memory_explorer() is None
    left, right = plt.gcf().axes[:2]
    assert len(left.get_legend().get_texts()) == len(linear_memory.STATIC_MAGNITUDES)
    assert right.get_xscale() == "log" and "horizon" in right.get_title().lower()


def test_explorer_widget_redraws_when_a_slider_moves(monkeypatch):
    monkeypatch.setattr(widgets, "has_widget_frontend", lambda: True)
    box = linear_memory.linear_memory_explorer(magnitude=0.9)
    radius, theta, length = box.children[0].children
    assert radius.value == 0.9 and theta.value == 0.0 and length.value == 200
    calls = []
    monkeypatch.setattr(parallel, "plot_memory_horizon", lambda *a, **k: calls.append(a))
    radius.value = 0.5
    assert calls == [([0.5], 0.0, 200)]
    with pytest.raises(ValueError, match="magnitude must lie in"):
        linear_memory.linear_memory_explorer(magnitude=1.0)
