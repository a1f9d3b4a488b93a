"""utils.scratch.gru against nn.GRUCell / nn.GRU with copied weights; the GRU additions to plotting, widgets, data."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pytest
import torch
from torch import nn

from utils import data, plotting, scratch, widgets


def random_gru(B=3, T=5, D=4, H=6, seed=0):
    rng = np.random.default_rng(seed)
    return {"x": rng.normal(size=(B, T, D)), "h0": rng.normal(size=(B, H)), "Wx": rng.normal(size=(D, 3 * H)) * 0.5,
            "Wh": rng.normal(size=(H, 3 * H)) * 0.5, "b_ih": rng.normal(size=3 * H) * 0.5,
            "b_hh": rng.normal(size=3 * H) * 0.5}


def torch_gru(p, cell=False):
    """Independent reference: an nn.GRU (or GRUCell) whose parameters are written directly, transposed."""
    D, GH = p["Wx"].shape
    module = (nn.GRUCell(D, GH // 3) if cell else nn.GRU(D, GH // 3, batch_first=True)).double()
    values = (p["Wx"].T, p["Wh"].T, p["b_ih"], p["b_hh"])
    with torch.no_grad():
        for parameter, value in zip(module.parameters(), values, strict=True):
            parameter.copy_(torch.from_numpy(np.ascontiguousarray(value)))
    return module


@pytest.mark.parametrize("shape", [(3, 5, 4, 6), (1, 1, 2, 2), (4, 4, 3, 3), (2, 7, 1, 5)])
def test_gru_forward_matches_nn_gru(shape):
    p = random_gru(*shape)
    h, cache = scratch.gru_forward(**p)
    with torch.no_grad():
        out, h_n = torch_gru(p)(torch.from_numpy(p["x"]), torch.from_numpy(p["h0"])[None])
    np.testing.assert_allclose(h, out.numpy(), rtol=0, atol=1e-12)
    np.testing.assert_allclose(h[:, -1], h_n[0].numpy(), rtol=0, atol=1e-12)
    assert len(cache) == shape[1]


def test_gru_step_forward_matches_nn_grucell_and_caches_the_gates():
    p = random_gru(B=4, D=3, H=5, seed=1)
    x0 = p["x"][:, 0]
    weights = {k: p[k] for k in ("Wx", "Wh", "b_ih", "b_hh")}
    h1, (x, h_prev, Wx, Wh, r, z, n, gh_n) = scratch.gru_step_forward(x0, p["h0"], **weights)
    with torch.no_grad():
        expected = torch_gru(p, cell=True)(torch.from_numpy(x0), torch.from_numpy(p["h0"])).numpy()
    np.testing.assert_allclose(h1, expected, rtol=0, atol=1e-12)
    np.testing.assert_allclose(h1, (1 - z) * n + z * p["h0"], rtol=0, atol=1e-15)
    np.testing.assert_allclose(gh_n, p["h0"] @ p["Wh"][:, 10:] + p["b_hh"][10:])
    assert np.all((r > 0) & (r < 1) & (z > 0) & (z < 1)) and np.abs(n).max() < 1


def test_the_n_block_biases_cannot_be_merged_but_the_gate_biases_can():
    p = random_gru(seed=2)
    H = p["h0"].shape[1]
    reference, _ = scratch.gru_forward(**p)
    moved_gates = {**p, "b_ih": p["b_ih"] + np.r_[p["b_hh"][:2 * H], np.zeros(H)],
                   "b_hh": np.r_[np.zeros(2 * H), p["b_hh"][2 * H:]]}
    np.testing.assert_allclose(scratch.gru_forward(**moved_gates)[0], reference, rtol=0, atol=1e-12)
    moved_all = {**p, "b_ih": p["b_ih"] + p["b_hh"], "b_hh": np.zeros(3 * H)}
    assert np.abs(scratch.gru_forward(**moved_all)[0] - reference).max() > 1e-3


def test_saturated_update_gate_copies_the_state():
    p = random_gru(H=3, seed=3)
    p["b_ih"][3:6] = 50.0  # z = σ(≥ 50 − …) = 1 in float64
    h, _ = scratch.gru_forward(**p)
    np.testing.assert_allclose(h, np.repeat(p["h0"][:, None], h.shape[1], axis=1), rtol=0, atol=1e-12)


def test_float32_inputs_work_and_stay_float32():
    p = {k: v.astype(np.float32) for k, v in random_gru().items()}
    h, _ = scratch.gru_forward(**p)
    assert h.dtype == np.float32


def test_stable_sigmoid_has_no_overflow():
    with np.errstate(over="raise"):
        s = scratch.gru.sigmoid(np.array([-1000.0, 0.0, 1000.0]))
    np.testing.assert_array_equal(s, [0.0, 0.5, 1.0])


def test_params_round_trip_through_a_bidirectional_two_layer_gru():
    torch.manual_seed(0)
    gru = nn.GRU(3, 5, num_layers=2, bidirectional=True, batch_first=True).double()
    x = np.random.default_rng(4).normal(size=(2, 6, 3))
    h0 = np.random.default_rng(5).normal(size=(4, 2, 5))
    with torch.no_grad():
        out, h_n = gru(torch.from_numpy(x), torch.from_numpy(h0))

    def direction(inputs, layer, reverse):
        p = scratch.gru_params_from_torch(gru, layer=layer, reverse=reverse)
        assert p["Wx"].shape == (inputs.shape[2], 15) and p["Wh"].shape == (5, 15) and p["b_hh"].shape == (15,)
        seq = inputs[:, ::-1].copy() if reverse else inputs
        h, _ = scratch.gru_forward(seq, h0[2 * layer + reverse], **p)
        return h[:, ::-1] if reverse else h

    layer0 = np.concatenate([direction(x, 0, False), direction(x, 0, True)], axis=2)
    layer1 = np.concatenate([direction(layer0, 1, False), direction(layer0, 1, True)], axis=2)
    np.testing.assert_allclose(layer1, out.numpy(), rtol=0, atol=1e-12)
    np.testing.assert_allclose(layer1[:, 0, 5:], h_n[3].numpy(), rtol=0, atol=1e-12)  # backward dir. ends at t=0

    copy = nn.GRU(3, 5, num_layers=2, bidirectional=True, batch_first=True).double()
    for layer in (0, 1):
        for reverse in (False, True):
            scratch.gru_params_to_torch(copy, **scratch.gru_params_from_torch(gru, layer, reverse), layer=layer,
                                        reverse=reverse)
    for (name, a), (_, b) in zip(gru.named_parameters(), copy.named_parameters(), strict=True):
        assert torch.equal(a, b), name


def test_params_to_torch_writes_both_biases_and_converts_dtype():
    p = random_gru(D=2, H=3)
    weights = {k: p[k] for k in ("Wx", "Wh", "b_ih", "b_hh")}
    cell = nn.GRUCell(2, 3)  # float32
    scratch.gru_params_to_torch(cell, **weights)
    assert cell.weight_ih.dtype == torch.float32
    np.testing.assert_allclose(cell.bias_hh.detach().numpy(), p["b_hh"], rtol=1e-6)
    np.testing.assert_allclose(cell.weight_hh.detach().numpy(), p["Wh"].T, rtol=1e-6)


def test_bias_false_reads_zeros_and_refuses_nonzero_biases():
    gru = nn.GRU(2, 3, bias=False).double()
    p = scratch.gru_params_from_torch(gru)
    assert np.array_equal(p["b_ih"], np.zeros(9)) and np.array_equal(p["b_hh"], np.zeros(9))
    scratch.gru_params_to_torch(gru, **p)
    with pytest.raises(ValueError, match="bias=False"):
        scratch.gru_params_to_torch(gru, **{**p, "b_hh": np.ones(9)})


@pytest.mark.parametrize(
    "change, error, message",
    [
        (lambda a: {**a, "Wx": a["Wx"].T}, ValueError, r"Wx must have shape \(D, 3H\)"),
        (lambda a: {**a, "Wh": a["Wh"][:, :-3]}, ValueError, r"Wh must have shape \(H, 3H\)"),
        (lambda a: {**a, "b_ih": a["b_ih"][:-1]}, ValueError, r"b_ih must have shape \(3H,\)"),
        (lambda a: {**a, "b_hh": np.concatenate([a["b_hh"], a["b_hh"]])}, ValueError, r"b_hh must have shape \(3H,\)"),
        (lambda a: {**a, "h0": a["h0"][:-1]}, ValueError, r"h_prev must have shape \(B, H\)"),
        (lambda a: {**a, "x": a["x"][0]}, ValueError, "x must be 3-dimensional"),
        (lambda a: {**a, "x": a["x"][:, :0]}, ValueError, "at least one time step"),
        (lambda a: {**a, "Wh": a["Wh"].astype(int)}, TypeError, "Wh must have a floating dtype"),
        (lambda a: {**a, "b_hh": torch.zeros(18)}, TypeError, "b_hh must be a NumPy array"),
    ],
)
def test_bad_inputs_get_clear_errors(change, error, message):
    with pytest.raises(error, match=message):
        scratch.gru_forward(**change(random_gru()))


def test_params_functions_reject_other_modules_and_bad_layers():
    with pytest.raises(TypeError, match="nn.GRU or torch.nn.GRUCell, got LSTM"):
        scratch.gru_params_from_torch(nn.LSTM(2, 3))
    with pytest.raises(ValueError, match=r"layer must be in \[0, 0\]"):
        scratch.gru_params_from_torch(nn.GRU(2, 3), layer=1)
    with pytest.raises(ValueError, match="needs a bidirectional GRU"):
        scratch.gru_params_from_torch(nn.GRU(2, 3), reverse=True)
    with pytest.raises(ValueError, match="single layer and direction"):
        scratch.gru_params_from_torch(nn.GRUCell(2, 3), layer=1)
    p = scratch.gru_params_from_torch(nn.GRU(2, 3))
    with pytest.raises(ValueError, match=r"Wx must have shape \(D, 3H\) for this GRU layer = \(4, 9\)"):
        scratch.gru_params_to_torch(nn.GRU(4, 3), **p)


# --- parameter counts, the explorer and the figures -----------------------------------------------------------

CELLS = {"RNN": nn.RNN, "GRU": nn.GRU, "LSTM": nn.LSTM}


@pytest.mark.parametrize("D, H, layers, bidirectional, bias",
                         [(10, 64, 1, False, True), (3, 7, 2, True, True), (5, 2, 3, False, False),
                          (1, 1, 1, True, False), (8, 4, 3, True, True)])
def test_recurrent_param_count_matches_numel_and_the_ratio_is_1_3_4(D, H, layers, bidirectional, bias):
    counts = {}
    for cell, module in CELLS.items():
        counts[cell] = widgets.recurrent_param_count(cell, D, H, layers, bidirectional, bias)
        expected = sum(p.numel() for p in module(D, H, num_layers=layers, bidirectional=bidirectional,
                                                  bias=bias).parameters())
        assert counts[cell] == expected, cell
    assert counts["GRU"] == 3 * counts["RNN"] and counts["LSTM"] == 4 * counts["RNN"]


def test_recurrent_param_count_rejects_bad_arguments():
    with pytest.raises(ValueError, match="cell must be one of"):
        widgets.recurrent_param_count("gru", 3, 4)
    with pytest.raises(ValueError, match="hidden_size must be a positive int"):
        widgets.recurrent_param_count("GRU", 3, 0)
    with pytest.raises(TypeError, match="num_layers must be a positive int"):
        widgets.recurrent_param_count("GRU", 3, 4, num_layers=1.5)


def test_param_explorer_falls_back_to_four_static_panels(monkeypatch):
    monkeypatch.setattr(widgets, "has_widget_frontend", lambda: False)
    shown = []
    monkeypatch.setattr(plt, "show", lambda: shown.append(plt.gcf()))
    assert widgets.param_comparison_explorer(10, 64) is None
    axes = shown[-1].axes
    assert len(axes) == 4 and all(ax.get_title() and ax.get_ylabel() for ax in axes)
    heights = [bar.get_height() for bar in axes[0].patches]
    assert heights == [4864, 3 * 4864, 4 * 4864]
    plt.close("all")


def test_param_explorer_widget_redraws_when_a_control_changes(monkeypatch):
    monkeypatch.setattr(widgets, "has_widget_frontend", lambda: True)
    box = widgets.param_comparison_explorer(10, 64)
    output = box.children[-1]
    assert "image/png" in output.outputs[0]["data"]  # the first drawing is shown
    calls = []
    monkeypatch.setattr(widgets, "plot_param_comparison", lambda *args: calls.append(args))
    layers, both = box.children[1].children
    layers.value = 2
    both.value = True
    assert calls == [(10, 64, 2, False), (10, 64, 2, True)]


def test_plot_param_counts_and_gru_cell_diagram():
    ax = plotting.plot_param_counts({"RNN": 10, "GRU": 30})
    assert [t.get_text() for t in ax.texts] == ["10", "30\n(3.00 × RNN)"] and ax.get_ylabel()
    with pytest.raises(ValueError, match="at least one entry"):
        plotting.plot_param_counts({})
    ax = plotting.plot_gru_cell()
    assert "GRU" in ax.get_title()
    labels = " ".join(t.get_text() for t in ax.texts)
    assert "W_{hn} h_{t-1} + b_{hn}" in labels and "(1-z)" in labels
    plt.close("all")


def test_marked_symbol_task_labels_the_marked_symbol():
    x, y = data.make_marked_symbol_task(200, 9, n_symbols=3, seed=1)
    assert x.shape == (200, 9, 4) and x.dtype == torch.float32 and y.dtype == torch.int64
    marks = x[..., 3]
    assert torch.all(marks.sum(dim=1) == 1)
    position = marks.argmax(dim=1)
    assert torch.equal(x[torch.arange(200), position, :3].argmax(dim=1), y)
    assert torch.all(x[..., :3].sum(dim=2) == 1)
    x2, y2 = data.make_marked_symbol_task(200, 9, n_symbols=3, seed=1)
    assert torch.equal(x, x2) and torch.equal(y, y2)
    assert len(set(position.tolist())) == 9  # every position gets marked
    with pytest.raises(ValueError, match="n_symbols must be at least 2"):
        data.make_marked_symbol_task(5, 3, n_symbols=1)
    with pytest.raises(ValueError, match="seq_len must be a positive int"):
        data.make_marked_symbol_task(5, 0)
