"""utils.plotting.language_models: every figure labels its axes and sets a title; bad input is rejected."""

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402

from utils import plotting  # noqa: E402


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
    plt.close("all")


def test_bad_input_is_rejected():
    with pytest.raises(ValueError, match="text"):
        plotting.plot_stream_layout("abc", 3, 2)
    with pytest.raises(ValueError, match="scores"):
        plotting.plot_bpc_comparison({})
    with pytest.raises(ValueError, match="windows"):
        plotting.plot_context_curve([4, 16], [2.0])
