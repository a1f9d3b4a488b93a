"""utils.scratch.lstm: the NumPy LSTM against torch.nn.LSTMCell / nn.LSTM, and its input checks.

The references write the weights into the torch modules directly (not through utils.scratch.weights), so a
bug in the weight copying cannot hide a bug in the cell, and vice versa (weights.py is tested separately below).
"""

from __future__ import annotations

import numpy as np
import pytest
import torch
from torch import nn

from utils import scratch
from utils.scratch.lstm import lstm_forward, lstm_stack_forward, lstm_step_forward, sigmoid


def random_cell(D=4, H=3, B=2, seed=0):
    rng = np.random.default_rng(seed)
    return (rng.normal(size=(B, D)), rng.normal(size=(B, H)), rng.normal(size=(B, H)),
            rng.normal(size=(D, 4 * H)) * 0.5, rng.normal(size=(H, 4 * H)) * 0.5, rng.normal(size=4 * H) * 0.5)


def write_weights(module, Wx, Wh, b, suffix=""):
    """Copy row-vector weights into a torch module by hand: weight = transpose, the bias split over both."""
    with torch.no_grad():
        getattr(module, "weight_ih" + suffix).copy_(torch.from_numpy(Wx.T.copy()))
        getattr(module, "weight_hh" + suffix).copy_(torch.from_numpy(Wh.T.copy()))
        getattr(module, "bias_ih" + suffix).copy_(torch.from_numpy(b / 2))
        getattr(module, "bias_hh" + suffix).copy_(torch.from_numpy(b / 2))


@pytest.mark.parametrize("D,H,B", [(4, 3, 2), (5, 5, 3), (1, 7, 1), (6, 1, 4)])
def test_step_matches_lstm_cell(D, H, B):
    x, h, c, Wx, Wh, b = random_cell(D, H, B, seed=D + H)
    cell = nn.LSTMCell(D, H).double()
    write_weights(cell, Wx, Wh, b)
    with torch.no_grad():
        h_ref, c_ref = cell(torch.from_numpy(x), (torch.from_numpy(h), torch.from_numpy(c)))
    h_next, c_next, cache = lstm_step_forward(x, h, c, Wx, Wh, b)
    np.testing.assert_allclose(h_next, h_ref.numpy(), rtol=0, atol=1e-14)
    np.testing.assert_allclose(c_next, c_ref.numpy(), rtol=0, atol=1e-14)
    for name in ("i", "f", "g", "o"):
        assert cache[name].shape == (B, H)
    np.testing.assert_allclose(cache["f"] * c + cache["i"] * cache["g"], c_next, rtol=0, atol=1e-15)


def test_gate_order_is_i_f_g_o():
    """Each gate block moves exactly the quantity its name says, in PyTorch's order."""
    D, H = 2, 3
    x, h, c, _, _, _ = random_cell(D, H)
    zeros = np.zeros((D, 4 * H)), np.zeros((H, 4 * H))
    big = 50.0
    b = np.zeros(4 * H)
    b[:H], b[H:2 * H], b[2 * H:3 * H], b[3 * H:] = big, -big, 0.5, big  # i open, f shut, g = tanh(0.5), o open
    h_next, c_next, cache = lstm_step_forward(x, h, c, *zeros, b)
    np.testing.assert_allclose(c_next, np.tanh(0.5), atol=1e-12)  # the old cell is forgotten
    np.testing.assert_allclose(h_next, np.tanh(np.tanh(0.5)), atol=1e-12)
    b[H:2 * H], b[:H] = big, -big  # f open, i shut: the cell is kept unchanged
    _, c_kept, _ = lstm_step_forward(x, h, c, *zeros, b)
    np.testing.assert_allclose(c_kept, c, atol=1e-12)


@pytest.mark.parametrize("B,T,D,H", [(3, 6, 4, 5), (1, 1, 2, 2), (2, 9, 3, 3)])
def test_forward_matches_nn_lstm(B, T, D, H):
    rng = np.random.default_rng(B * T)
    x, h0, c0 = rng.normal(size=(B, T, D)), rng.normal(size=(B, H)), rng.normal(size=(B, H))
    _, _, _, Wx, Wh, b = random_cell(D, H, seed=T)
    lstm = nn.LSTM(D, H, batch_first=True).double()
    write_weights(lstm, Wx, Wh, b, "_l0")
    with torch.no_grad():
        output, (h_n, c_n) = lstm(torch.from_numpy(x), (torch.from_numpy(h0)[None], torch.from_numpy(c0)[None]))
    h, c, caches = lstm_forward(x, h0, c0, Wx, Wh, b)
    assert h.shape == c.shape == (B, T, H) and len(caches) == T
    np.testing.assert_allclose(h, output.numpy(), rtol=0, atol=1e-13)
    np.testing.assert_allclose(h[:, -1], h_n[0].numpy(), rtol=0, atol=1e-13)
    np.testing.assert_allclose(c[:, -1], c_n[0].numpy(), rtol=0, atol=1e-13)


@pytest.mark.parametrize("num_layers", [1, 2, 3])
def test_stack_matches_nn_lstm_with_params_from_torch(num_layers):
    B, T, D, H = 2, 5, 3, 4
    torch.manual_seed(num_layers)
    lstm = nn.LSTM(D, H, num_layers=num_layers, batch_first=True).double()
    x = torch.randn(B, T, D, dtype=torch.float64)
    h0 = torch.randn(num_layers, B, H, dtype=torch.float64)
    c0 = torch.randn(num_layers, B, H, dtype=torch.float64)
    with torch.no_grad():
        output, (h_n, c_n) = lstm(x, (h0, c0))
    layers = [scratch.params_from_torch(lstm, layer=layer) for layer in range(num_layers)]
    out, h, c = lstm_stack_forward(x.numpy(), h0.numpy(), c0.numpy(), layers)
    for got, want in ((out, output), (h, h_n), (c, c_n)):
        assert got.shape == tuple(want.shape)
        np.testing.assert_allclose(got, want.numpy(), rtol=0, atol=1e-13)


def test_dropout_acts_only_between_layers():
    """With dropout=1 (every unit dropped) in training mode, nn.LSTM's top layer reads zeros, and its own
    output is not dropped: the same as masks of zeros between the layers in lstm_stack_forward."""
    B, T, D, H = 3, 4, 2, 5
    torch.manual_seed(0)
    lstm = nn.LSTM(D, H, num_layers=2, batch_first=True, dropout=1.0).double().train()
    x = torch.randn(B, T, D, dtype=torch.float64)
    with torch.no_grad():
        output, (h_n, _) = lstm(x)
    layers = [scratch.params_from_torch(lstm, layer=layer) for layer in range(2)]
    zeros = np.zeros((2, B, H))
    out, h, _ = lstm_stack_forward(x.numpy(), zeros, zeros, layers, dropout_masks=[np.zeros((B, T, H))])
    np.testing.assert_allclose(out, output.numpy(), rtol=0, atol=1e-13)
    np.testing.assert_allclose(h, h_n.numpy(), rtol=0, atol=1e-13)
    assert np.all(out != 0)  # nothing dropped after the top layer
    with pytest.raises(ValueError, match="L - 1 = 1"):
        lstm_stack_forward(x.numpy(), zeros, zeros, layers, dropout_masks=[np.ones((B, T, H))] * 2)


def test_params_round_trip_for_lstm_cell():
    _, _, _, Wx, Wh, b = random_cell(4, 3)
    cell = nn.LSTMCell(4, 3).double()
    scratch.params_to_torch(cell, Wx, Wh, b)
    back = scratch.params_from_torch(cell)
    for name, value in (("Wx", Wx), ("Wh", Wh), ("b", b)):
        np.testing.assert_allclose(back[name], value, rtol=0, atol=1e-15)


def test_float32_inputs_stay_float32():
    x, h, c, Wx, Wh, b = (a.astype(np.float32) for a in random_cell())
    h_next, c_next, _ = lstm_step_forward(x, h, c, Wx, Wh, b)
    assert h_next.dtype == c_next.dtype == np.float32


def test_sigmoid_is_stable_and_correct():
    z = np.array([-1000.0, -5.0, 0.0, 5.0, 1000.0])
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        s = sigmoid(z)
    np.testing.assert_allclose(s, torch.sigmoid(torch.from_numpy(z)).numpy(), rtol=1e-15, atol=0)


@pytest.mark.parametrize("bad, message", [
    ({"Wx": np.zeros((4, 3))}, r"Wx must have shape \(D, 4H\)"),
    ({"Wh": np.zeros((3, 3))}, r"Wh must have shape \(H, 4H\)"),
    ({"b": np.zeros(3)}, r"b must have shape \(4H,\)"),
    ({"c_prev": np.zeros((2, 4))}, r"c_prev must have shape"),
    ({"h_prev": np.zeros((5, 3))}, r"h_prev must have shape"),
])
def test_step_rejects_bad_shapes(bad, message):
    x, h, c, Wx, Wh, b = random_cell(4, 3, 2)
    args = {"x": x, "h_prev": h, "c_prev": c, "Wx": Wx, "Wh": Wh, "b": b} | bad
    with pytest.raises(ValueError, match=message):
        lstm_step_forward(**args)


def test_forward_rejects_bad_input():
    x, h, c, Wx, Wh, b = random_cell(4, 3, 2)
    seq = np.zeros((2, 5, 4))
    with pytest.raises(TypeError, match="x must be a NumPy array"):
        lstm_forward(torch.zeros(2, 5, 4), h, c, Wx, Wh, b)
    with pytest.raises(TypeError, match="floating dtype"):
        lstm_forward(np.zeros((2, 5, 4), dtype=int), h, c, Wx, Wh, b)
    with pytest.raises(ValueError, match="x must be 3-dimensional"):
        lstm_forward(x, h, c, Wx, Wh, b)
    with pytest.raises(ValueError, match="c0 must have shape"):
        lstm_forward(seq, h, np.zeros((2, 4)), Wx, Wh, b)
    with pytest.raises(ValueError, match="h0 must have shape"):
        lstm_forward(seq, np.zeros((3, 3)), c, Wx, Wh, b)
    with pytest.raises(ValueError, match="at least one time step"):
        lstm_forward(np.zeros((2, 0, 4)), h, c, Wx, Wh, b)
    with pytest.raises(ValueError, match="h0 must have shape"):
        lstm_stack_forward(seq, np.zeros((2, 2, 3)), np.zeros((2, 2, 3)), [{"Wx": Wx, "Wh": Wh, "b": b}])
