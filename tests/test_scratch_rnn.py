"""utils.scratch: the NumPy RNN forward against torch.nn with copied weights, and weight copying."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from torch import nn

from utils import scratch


def random_problem(B=3, T=5, D=4, H=6, seed=0):
    rng = np.random.default_rng(seed)
    return (rng.normal(size=(B, T, D)), rng.normal(size=(B, H)), rng.normal(size=(D, H)) * 0.5,
            rng.normal(size=(H, H)) * 0.5, rng.normal(size=H) * 0.1)


def torch_states(x, h0, Wx, Wh, b):
    """Independent reference: nn.RNN with the weights written directly (transposed; bias split in two)."""
    rnn = nn.RNN(Wx.shape[0], Wx.shape[1], batch_first=True).double()
    with torch.no_grad():
        rnn.weight_ih_l0.copy_(torch.from_numpy(Wx.T.copy()))
        rnn.weight_hh_l0.copy_(torch.from_numpy(Wh.T.copy()))
        rnn.bias_ih_l0.copy_(torch.from_numpy(b / 2))
        rnn.bias_hh_l0.copy_(torch.from_numpy(b / 2))
        out, h_n = rnn(torch.from_numpy(x), torch.from_numpy(h0)[None])
    return out.numpy(), h_n.numpy()


@pytest.mark.parametrize("shape", [(3, 5, 4, 6), (1, 1, 2, 2), (4, 4, 3, 3)])
def test_rnn_forward_matches_torch(shape):
    x, h0, Wx, Wh, b = random_problem(*shape)
    h, cache = scratch.rnn_forward(x, h0, Wx, Wh, b)
    expected, h_n = torch_states(x, h0, Wx, Wh, b)
    np.testing.assert_allclose(h, expected, rtol=0, atol=1e-12)
    np.testing.assert_allclose(h[:, -1], h_n[0], rtol=0, atol=1e-12)
    assert len(cache) == shape[1]


def test_rnn_step_forward_is_one_step_of_the_sequence():
    x, h0, Wx, Wh, b = random_problem()
    h1, cache = scratch.rnn_step_forward(x[:, 0], h0, Wx, Wh, b)
    np.testing.assert_allclose(h1, np.tanh(x[:, 0] @ Wx + h0 @ Wh + b))
    assert cache[0] is x[:, 0].base or np.array_equal(cache[0], x[:, 0])
    assert np.array_equal(cache[-1], h1)


def test_float32_inputs_work_and_stay_float32():
    x, h0, Wx, Wh, b = (a.astype(np.float32) for a in random_problem())
    h, _ = scratch.rnn_forward(x, h0, Wx, Wh, b)
    assert h.dtype == np.float32


@pytest.mark.parametrize(
    "change, message",
    [
        (lambda a: {**a, "Wx": a["Wx"].T}, "Wx must have shape (D, H)"),
        (lambda a: {**a, "Wh": a["Wh"][:, :-1]}, "Wh must have shape (H, H)"),
        (lambda a: {**a, "b": a["b"][:-1]}, "b must have shape (H,)"),
        (lambda a: {**a, "h_prev": a["h_prev"][:-1]}, "h_prev must have shape (B, H)"),
        (lambda a: {**a, "x": a["x"][0]}, "x must be 2-dimensional"),
        (lambda a: {**a, "x": a["x"].astype(int)}, "x must have a floating dtype"),
        (lambda a: {**a, "Wx": torch.from_numpy(a["Wx"])}, "Wx must be a NumPy array of floats, got Tensor"),
    ],
)
def test_step_rejects_bad_input_with_a_clear_message(change, message):
    x, h0, Wx, Wh, b = random_problem()
    args = change({"x": x[:, 0], "h_prev": h0, "Wx": Wx, "Wh": Wh, "b": b})
    with pytest.raises((ValueError, TypeError), match=message.replace("(", r"\(").replace(")", r"\)")):
        scratch.rnn_step_forward(**args)


def test_sequence_rejects_a_missing_time_axis_and_empty_sequences():
    x, h0, Wx, Wh, b = random_problem()
    with pytest.raises(ValueError, match="x must be 3-dimensional"):
        scratch.rnn_forward(x[:, 0], h0, Wx, Wh, b)
    with pytest.raises(ValueError, match="at least one time step"):
        scratch.rnn_forward(x[:, :0], h0, Wx, Wh, b)


@pytest.mark.parametrize("module", [nn.RNN(3, 5, num_layers=2, bidirectional=True), nn.RNNCell(3, 5),
                                    nn.LSTM(3, 5, num_layers=2), nn.LSTMCell(3, 5)])
def test_params_round_trip_through_torch(module):
    module = module.double()
    layers = getattr(module, "num_layers", 1)
    directions = (False, True) if getattr(module, "bidirectional", False) else (False,)
    for layer in range(layers):
        for reverse in directions:
            params = scratch.params_from_torch(module, layer, reverse)
            gates = 4 if "LSTM" in type(module).__name__ else 1
            assert params["Wx"].shape[1] == params["Wh"].shape[1] == params["b"].shape[0] == gates * 5
            new = {k: np.random.default_rng(layer).normal(size=v.shape) for k, v in params.items()}
            scratch.params_to_torch(module, **new, layer=layer, reverse=reverse)
            back = scratch.params_from_torch(module, layer, reverse)
            for name in new:
                np.testing.assert_allclose(back[name], new[name], rtol=0, atol=1e-15)


def test_params_from_torch_sums_the_two_biases_and_transposes():
    cell = nn.RNNCell(3, 4).double()
    params = scratch.params_from_torch(cell)
    np.testing.assert_array_equal(params["Wx"], cell.weight_ih.detach().numpy().T)
    np.testing.assert_allclose(params["b"], (cell.bias_ih + cell.bias_hh).detach().numpy())


def test_params_without_bias():
    rnn = nn.RNN(3, 4, bias=False).double()
    assert np.array_equal(scratch.params_from_torch(rnn)["b"], np.zeros(4))
    params = scratch.params_from_torch(rnn)
    with pytest.raises(ValueError, match="bias=False"):
        scratch.params_to_torch(rnn, params["Wx"], params["Wh"], np.ones(4))


def test_param_copy_rejects_bad_targets():
    with pytest.raises(TypeError, match="module must be one of"):
        scratch.params_from_torch(nn.Linear(3, 4))
    with pytest.raises(ValueError, match="layer must be in"):
        scratch.params_from_torch(nn.RNN(3, 4), layer=1)
    with pytest.raises(ValueError, match="needs a bidirectional"):
        scratch.params_from_torch(nn.RNN(3, 4), reverse=True)
    rnn = nn.RNN(3, 4)
    with pytest.raises(ValueError, match=r"Wx must have shape \(D, H\) for this RNN layer = \(3, 4\), got \(4, 4\)"):
        scratch.params_to_torch(rnn, np.zeros((4, 4)), np.zeros((4, 4)), np.zeros(4))
