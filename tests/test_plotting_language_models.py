"""utils.plotting.language_models: every figure labels its axes and sets a title; bad input is rejected."""


import matplotlib.pyplot as plt
import numpy as np
import pytest

from utils import plotting


def _labelled(ax):
    return bool(ax.get_xlabel()) and bool(ax.get_title())


def test_figures_are_labelled():
    assert _labelled(plotting.plot_stream_layout("the cat sat on the mat", 2, 4))
    ax = plotting.plot_bpc_comparison({"gzip": 2.1, "model": 1.9}, highlight=["model"])
    assert _labelled(ax) and len(ax.patches) == 2
    axes = plotting.plot_temperature_tradeoff([0.5, 1.0], [1.0, 2.0], [0.9, 0.6], corpus_entropy=1.9)
    assert all(_labelled(a) and a.get_ylabel() for a in axes)
    ax = plotting.plot_context_curve([4, 16, 64], [2.5, 2.1, 2.0], carried=1.9)
    assert _labelled(ax) and ax.get_ylabel() == "bits per character"
    ax = plotting.plot_context_curve([4, 16], {"a": [0.3, 0.1], "b": [0.1, 0.0]}, carried=0.0, ylabel="extra bits")
    assert _labelled(ax) and ax.get_ylabel() == "extra bits" and len(ax.lines) == 3
    ax = plotting.plot_lm_history([{"step": 1, "train_bpc": 3.0, "val_bpc": 2.5}, {"step": 2, "train_bpc": 2.0,
                                                                                   "val_bpc": 2.2}])
    assert _labelled(ax) and len(ax.lines) == 2
    ax = plotting.plot_surprisal_text("ab c\nd", [0.1, 5.0, 1.0, 2.0, 0.5, 7.0], width=3)
    assert ax.get_title() and ax.get_xlabel() and ax.images[0].get_array().shape == (3, 3)  # 'ab ' / 'c↵' / 'd'
    ax = plotting.plot_quality_diversity({"τ": ([0.5, 0.9], [1.0, 0.8], ["τ=0.5", "τ=1"])})
    assert _labelled(ax) and ax.get_ylabel() and len(ax.texts) == 2
    ax = plotting.plot_temperature_scaling([0.9, 1.0, 1.1], {"val": [1.8, 1.7, 1.75]}, chosen=1.0)
    assert _labelled(ax) and ax.get_ylabel()
    ax = plotting.plot_reliability(np.array([0.95, 0.9, 0.3, 0.35]), np.array([1, 1, 0, 1]), bins=10)
    assert _labelled(ax) and ax.lines[1].get_ydata().tolist() == [0.5, 1.0]  # bins 0.3-0.4 and 0.9-1.0
    plt.close("all")


def test_bad_input_is_rejected():
    with pytest.raises(ValueError, match="text"):
        plotting.plot_stream_layout("abc", 3, 2)
    with pytest.raises(ValueError, match="scores"):
        plotting.plot_bpc_comparison({})
    with pytest.raises(ValueError, match="windows"):
        plotting.plot_context_curve([4, 16], [2.0])
    with pytest.raises(ValueError, match="one value per character"):
        plotting.plot_surprisal_text("abc", [1.0, 2.0])
    with pytest.raises(ValueError, match="same length"):
        plotting.plot_quality_diversity({"x": ([0.5], [1.0, 0.9], ["a"])})
    with pytest.raises(ValueError, match="history"):
        plotting.plot_lm_history([{"step": 1}])
    with pytest.raises(ValueError, match="confidence"):
        plotting.plot_reliability([0.5, 0.6], [1])
