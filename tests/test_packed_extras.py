"""Chapter 06's additions outside utils.scratch: the Japanese Vowels loader, the packed-sequence figure and the
packing explorer.

References are independent of the code under test: the raw gzip text parsed again here, and
torch.nn.utils.rnn.pack_padded_sequence itself.
"""

from __future__ import annotations

import gzip

import matplotlib.pyplot as plt
import numpy as np
import pytest
import torch
from torch.nn.utils.rnn import pack_padded_sequence, pad_sequence

from utils import data, plotting, widgets
from utils.data import japanese_vowels

# --- data.load_japanese_vowels ----------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def vowels():
    return {split: data.load_japanese_vowels(split) for split in ("train", "test")}


@pytest.mark.parametrize("split, count, per_class", [
    ("train", 270, [30] * 9),
    ("test", 370, [31, 35, 88, 44, 29, 24, 40, 50, 29]),
])
def test_japanese_vowels_counts_shapes_and_labels(vowels, split, count, per_class):
    sequences, labels = vowels[split]
    assert isinstance(sequences, list) and len(sequences) == count
    assert labels.shape == (count,) and labels.dtype == torch.int64
    assert labels.min() == 0 and labels.max() == 8  # nine speakers
    assert np.bincount(labels.numpy(), minlength=9).tolist() == per_class
    for x in sequences:
        assert x.dtype == torch.float32 and x.ndim == 2 and x.shape[1] == 12
        assert 7 <= x.shape[0] <= 29
        assert torch.isfinite(x).all()


def test_japanese_vowels_lengths_span_7_to_29(vowels):
    lengths = [len(x) for split in ("train", "test") for x in vowels[split][0]]
    assert min(lengths) == 7 and max(lengths) == 29
    assert len(set(lengths)) > 15  # genuinely variable lengths


def test_japanese_vowels_matches_the_raw_file_and_is_deterministic(vowels):
    path = japanese_vowels.JAPANESE_VOWELS_DIR / "JapaneseVowels_TEST.ts.gz"
    with gzip.open(path, "rt", encoding="utf-8") as file:
        lines = file.read().splitlines()
    rows = [line for line in lines[lines.index("@data") + 1:] if line.strip()]
    first = rows[0].split(":")
    sequences, labels = vowels["test"]
    assert labels[0].item() == int(first[-1]) - 1
    assert sequences[0][:, 3].tolist() == pytest.approx([float(v) for v in first[3].split(",")], abs=1e-6)
    last = rows[-1].split(":")
    assert labels[-1].item() == int(last[-1]) - 1 and len(sequences[-1]) == len(last[0].split(","))
    again, labels_again = data.load_japanese_vowels("test")
    assert torch.equal(labels, labels_again) and all(torch.equal(a, b) for a, b in zip(sequences, again, strict=True))


@pytest.mark.parametrize("split, error, message", [
    ("valid", ValueError, "split must be 'train' or 'test', got 'valid'"),
    ("TRAIN", ValueError, "split must be 'train' or 'test'"),
    (0, TypeError, "split must be the string 'train' or 'test', got int"),
])
def test_japanese_vowels_rejects_unknown_splits(split, error, message):
    with pytest.raises(error, match=message):
        data.load_japanese_vowels(split)


# --- plotting.packed_layout and plot_packed_sequence ------------------------------------------------------------

@pytest.mark.parametrize("lengths", [[3, 5, 2, 4], [1], [4, 4, 4], [2, 7, 7, 1, 3, 3], [5, 1, 1, 1, 1, 1, 1, 1]])
def test_packed_layout_matches_pack_padded_sequence(lengths):
    layout = plotting.packed_layout(lengths)
    B, T = len(lengths), max(lengths)
    x = torch.randn(B, T, 3, dtype=torch.float64)
    packed = pack_padded_sequence(x, torch.tensor(lengths), batch_first=True, enforce_sorted=False)
    assert layout["batch_sizes"].tolist() == packed.batch_sizes.tolist()
    assert layout["batch_sizes"].sum() == sum(lengths)
    # Every valid step (b, t) sits in the row the layout names (this also fixes the order among equal lengths).
    for b in range(B):
        for t in range(T):
            row = layout["row"][b, t]
            if t < lengths[b]:
                assert torch.equal(packed.data[row], x[b, t])
            else:
                assert row == -1
    assert sorted(layout["row"][layout["row"] >= 0].tolist()) == list(range(sum(lengths)))


def test_packed_sequence_figure_labels_every_valid_step_and_the_batch_sizes():
    top, bottom = plotting.plot_packed_sequence([3, 5, 2, 4])
    assert "(4, 5)" in top.get_title()
    assert "batch_sizes = [4, 4, 3, 2, 1]" in bottom.get_title() and "14 rows" in bottom.get_title()
    top_texts = [t.get_text() for t in top.texts]
    assert sorted(int(s) for s in top_texts if s.isdigit()) == list(range(14))
    assert top_texts.count("pad") == 4 * 5 - 14
    assert len(bottom.patches) == 14
    assert [label.get_text() for label in top.get_yticklabels()][1] == "b=1 (L=5)"


@pytest.mark.parametrize("lengths, message", [
    ([], "non-empty 1-D sequence of ints"),
    ([2.5, 3], "non-empty 1-D sequence of ints"),
    ([[1, 2]], "non-empty 1-D sequence of ints"),
    ([3, 0], "at least 1"),
])
def test_packed_layout_rejects_bad_lengths(lengths, message):
    with pytest.raises(ValueError, match=message):
        plotting.packed_layout(lengths)


def test_packed_sequence_figure_refuses_illegible_sizes():
    with pytest.raises(ValueError, match="at most 10 sequences of at most 16 steps"):
        plotting.plot_packed_sequence([17, 2])
    with pytest.raises(ValueError, match="at most 10 sequences"):
        plotting.plot_packed_sequence([1] * 11)


# --- widgets.parse_lengths and packing_explorer -----------------------------------------------------------------

def test_parse_lengths_accepts_commas_and_spaces():
    assert widgets.parse_lengths("3, 5,2 4") == (3, 5, 2, 4)
    assert widgets.parse_lengths(" 7 ") == (7,)


@pytest.mark.parametrize("text, message", [
    ("", "at least one length"),
    ("3, x", "whole numbers"),
    ("3, 2.5", "whole numbers"),
    ("0, 3", "between 1 and 16"),
    ("3, 17", "between 1 and 16"),
    (", ".join(["1"] * 11), "at most 10 sequences"),
])
def test_parse_lengths_explains_bad_input(text, message):
    with pytest.raises(ValueError, match=message):
        widgets.parse_lengths(text)


def test_packing_explorer_falls_back_to_static_figures(monkeypatch):
    monkeypatch.setenv("RNN_BOOK_STATIC", "1")
    assert widgets.packing_explorer((2, 4)) is None
    assert len(plt.get_fignums()) == 2
    titles = [plt.figure(n).axes[1].get_title() for n in plt.get_fignums()]
    assert "batch_sizes = [3, 3, 3, 3]" in titles[0] and "batch_sizes = [6, 3, 2, 1, 1, 1, 1, 1]" in titles[1]


def test_packing_explorer_redraws_and_reports_bad_input(monkeypatch):
    monkeypatch.setattr(widgets, "has_widget_frontend", lambda: True)
    box = widgets.packing_explorer((3, 1))
    text, output = box.children
    assert text.value == "3, 1"
    calls = []
    monkeypatch.setattr(plotting, "plot_packed_sequence", lambda lengths: calls.append(lengths))
    text.value = "2, 6, 1"
    assert calls == [(2, 6, 1)]
    text.value = "2, zero"  # not drawn; the message goes to the output area
    assert calls == [(2, 6, 1)]
    assert output.outputs[0]["output_type"] == "stream" and "zero" in output.outputs[0]["text"]
    assert output is box.children[1]
    with pytest.raises(ValueError, match="between 1 and 16"):
        widgets.packing_explorer((0, 2))


def test_pad_sequence_of_the_real_data_has_the_expected_shape(vowels):
    sequences, _ = vowels["train"]
    padded = pad_sequence(sequences[:5], batch_first=True)
    assert padded.shape == (5, max(len(x) for x in sequences[:5]), 12)


# --- plotting.plot_scores ---------------------------------------------------------------------------------------

def test_plot_scores_draws_one_labelled_bar_per_score_in_order():
    ax = plotting.plot_scores({"constant": 0.24, "model": 0.97}, title="T", reference=1 / 9, reference_label="chance")
    assert ax.get_title() == "T" and ax.get_xlabel() == "test accuracy"
    assert [label.get_text() for label in ax.get_yticklabels()] == ["constant", "model"]
    bars = sorted(ax.patches, key=lambda bar: -bar.get_y())  # top to bottom
    assert [round(bar.get_width(), 2) for bar in bars] == [0.24, 0.97]
    assert {t.get_text() for t in ax.texts} == {"0.240", "0.970"}
    assert ax.get_legend().get_texts()[0].get_text() == "chance"


@pytest.mark.parametrize("scores, message", [({}, "at least one entry"), ({"a": 1.2}, r"in \[0, 1\]"),
                                             ({"a": float("nan")}, r"in \[0, 1\]")])
def test_plot_scores_rejects_bad_scores(scores, message):
    with pytest.raises(ValueError, match=message):
        plotting.plot_scores(scores)


def test_packed_sequence_colours_are_distinct_for_small_batches():
    from utils.plotting.diagrams import PACKED_COLORS

    top, _ = plotting.plot_packed_sequence((8, 2, 1, 1, 1, 3))
    faces = {tuple(patch.get_facecolor()[:3]) for patch in top.patches if patch.get_hatch() is None}
    assert len(faces) == 6  # one colour per sequence
    assert len(set(PACKED_COLORS[:6])) == 6 and plotting.PALETTE["sky"] not in PACKED_COLORS[:6]
