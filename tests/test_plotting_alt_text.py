"""utils.plotting.alt_text: every figure gets a text alternative from what it states, in a kernel too."""

from __future__ import annotations

import os

import matplotlib.pyplot as plt
import pytest
from conftest import write_notebook

from utils.plotting import alt_text


def test_alt_text_reads_the_titles_and_axis_labels():
    fig, axes = plt.subplots(1, 3)
    fig.suptitle("Gradient clipping")
    axes[0].set(title="Training loss", xlabel="step", ylabel="cross-entropy")
    axes[1].set(title="Global gradient norm", ylabel="norm")
    axes[2].set_axis_off()  # a panel that states nothing is skipped
    assert alt_text.alt_text(fig) == ("Gradient clipping. Training loss: cross-entropy against step. "
                                      "Global gradient norm: norm.")
    plt.close(fig)


def test_mathtext_becomes_plain_characters():
    fig, ax = plt.subplots()
    ax.set(title=r"$\|h_t\|$ after one pulse", xlabel=r"$\alpha_{ij}$", ylabel=r"$h_t(\frac{1}{2})$")
    assert alt_text.alt_text(fig) == "‖h_t‖ after one pulse: h_t(1/2) against α_ij."
    plt.close(fig)


def test_set_alt_wins_and_a_silent_figure_says_so():
    fig, ax = plt.subplots()
    ax.plot([0, 1])
    assert alt_text.alt_text(fig) == "Figure"
    assert alt_text.alt_text(alt_text.set_alt(fig, "A line from 0 to 1")) == "A line from 0 to 1"
    plt.close(fig)


def test_long_descriptions_are_cut_and_bad_input_rejected():
    fig, ax = plt.subplots()
    ax.set_title("word " * 200)
    assert len(alt_text.alt_text(fig)) == alt_text.MAX_LENGTH and alt_text.alt_text(fig).endswith("…")
    with pytest.raises(TypeError, match="fig must be a matplotlib Figure"):
        alt_text.alt_text(ax)
    with pytest.raises(ValueError, match="text must be a non-empty string"):
        alt_text.set_alt(fig, "  ")
    plt.close(fig)


@pytest.mark.slow
def test_figures_displayed_in_a_kernel_carry_their_alt_text(tmp_path):
    from course.bench import execute

    path = write_notebook(tmp_path / "figures.ipynb", [
        "import matplotlib.pyplot as plt\nfrom utils import plotting",
        "fig, ax = plt.subplots()\nax.plot([1, 2])\nax.set(title='Loss', xlabel='step')\nplt.show()",
        "fig, ax = plt.subplots()\nax.plot([1, 2])\nplotting.set_alt(fig, 'My words')\nplt.show()",
        "from utils import widgets\nwidgets.rnn_memory_explorer()",
    ])

    env = {k: v for k, v in os.environ.items() if k != "MPLBACKEND"}
    executed, _, _ = execute(path, 120, env={**env, "RNN_BOOK_STATIC": "1"})
    images = [(o["metadata"].get("image/png", {}).get("alt"), o["data"]["text/plain"])
              for cell in executed.cells for o in cell.get("outputs", []) if "image/png" in o.get("data", {})]
    assert images[0] == ("Loss: step.", "[figure] Loss: step.")
    assert images[1] == ("My words", "[figure] My words")
    assert len(images) == 3 and images[2][0].startswith("Activity: ‖h_t‖")
