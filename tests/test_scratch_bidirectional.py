"""utils.scratch.bidirectional: the NumPy bidirectional layer against torch.nn's bidirectional modules.

The references read the weights out of the torch modules by hand (transpose, add the biases), not through
utils.scratch.weights, so a bug in the weight copying cannot hide a bug in the layer.
"""

from __future__ import annotations

import numpy as np
import pytest
import torch
from torch import nn

from utils import scratch
from utils.scratch.bidirectional import bidirectional_forward, reverse_time

MODULES = {"rnn": nn.RNN, "lstm": nn.LSTM, "gru": nn.GRU}


def read_direction(module, cell, suffix):
    """One direction's weights of a torch module, read by hand, in the row-vector layout of utils.scratch."""
    w_ih, w_hh, b_ih, b_hh = (getattr(module, f"{name}_l0{suffix}").detach().numpy().copy()
                              for name in ("weight_ih", "weight_hh", "bias_ih", "bias_hh"))
    if cell == "gru":
        return {"Wx": w_ih.T, "Wh": w_hh.T, "b_ih": b_ih, "b_hh": b_hh}
    return {"Wx": w_ih.T, "Wh": w_hh.T, "b": b_ih + b_hh}


def make_case(cell, B, T, D, H, seed):
    torch.manual_seed(seed)
    module = MODULES[cell](D, H, batch_first=True, bidirectional=True).double()
    rng = np.random.default_rng(seed)
    x, h0, c0 = rng.normal(size=(B, T, D)), rng.normal(size=(2, B, H)), rng.normal(size=(2, B, H))
    return module, x, h0, c0


@pytest.mark.parametrize("cell", ["rnn", "lstm", "gru"])
@pytest.mark.parametrize("B,T,D,H", [(3, 6, 4, 5), (2, 5, 3, 3), (1, 1, 2, 4), (4, 2, 6, 1)])
def test_matches_the_bidirectional_torch_module(cell, B, T, D, H):
    module, x, h0, c0 = make_case(cell, B, T, D, H, seed=B + T + D + H)
    fwd, bwd = read_direction(module, cell, ""), read_direction(module, cell, "_reverse")
    with torch.no_grad():
        if cell == "lstm":
            out_ref, (h_ref, c_ref) = module(torch.from_numpy(x), (torch.from_numpy(h0), torch.from_numpy(c0)))
            output, h_n, c_n = bidirectional_forward(x, h0, fwd, bwd, cell="lstm", c0=c0)
            np.testing.assert_allclose(c_n, c_ref.numpy(), rtol=0, atol=1e-12)
        else:
            out_ref, h_ref = module(torch.from_numpy(x), torch.from_numpy(h0))
            output, h_n = bidirectional_forward(x, h0, fwd, bwd, cell=cell)
    assert output.shape == (B, T, 2 * H) and h_n.shape == (2, B, H)
    np.testing.assert_allclose(output, out_ref.numpy(), rtol=0, atol=1e-12)
    np.testing.assert_allclose(h_n, h_ref.numpy(), rtol=0, atol=1e-12)


def test_h_n_is_the_last_step_of_each_direction_not_the_last_output():
    module, x, h0, _ = make_case("rnn", B=2, T=7, D=3, H=4, seed=1)
    fwd, bwd = read_direction(module, "rnn", ""), read_direction(module, "rnn", "_reverse")
    output, h_n = bidirectional_forward(x, h0, fwd, bwd)
    H = 4
    np.testing.assert_array_equal(h_n[0], output[:, -1, :H])
    np.testing.assert_array_equal(h_n[1], output[:, 0, H:])
    assert not np.allclose(h_n[1], output[:, -1, H:])
    # The backward half of the last output has read only x_T: one step from h0[1].
    one_step, _ = scratch.rnn_forward(x[:, -1:], h0[1], **bwd)
    np.testing.assert_allclose(output[:, -1, H:], one_step[:, 0], rtol=0, atol=1e-15)


def test_matches_params_from_torch_with_reverse():
    """The chapter's route: weights read with params_from_torch(..., reverse=True)."""
    module, x, _, _ = make_case("lstm", B=2, T=5, D=3, H=2, seed=4)
    fwd, bwd = scratch.params_from_torch(module), scratch.params_from_torch(module, reverse=True)
    zeros = np.zeros((2, 2, 2))
    output, h_n, c_n = bidirectional_forward(x, zeros, fwd, bwd, cell="lstm", c0=zeros)
    with torch.no_grad():
        out_ref, (h_ref, c_ref) = module(torch.from_numpy(x))
    for mine, theirs in ((output, out_ref), (h_n, h_ref), (c_n, c_ref)):
        np.testing.assert_allclose(mine, theirs.numpy(), rtol=0, atol=1e-12)


def test_float32_inputs_give_float32_outputs_close_to_float64():
    module, x, h0, _ = make_case("rnn", B=2, T=4, D=3, H=3, seed=2)
    fwd, bwd = read_direction(module, "rnn", ""), read_direction(module, "rnn", "_reverse")
    as32 = {k: v.astype(np.float32) for k, v in fwd.items()}, {k: v.astype(np.float32) for k, v in bwd.items()}
    out32, _ = bidirectional_forward(x.astype(np.float32), h0.astype(np.float32), *as32)
    out64, _ = bidirectional_forward(x, h0, fwd, bwd)
    assert out32.dtype == np.float32
    np.testing.assert_allclose(out32, out64, atol=1e-5)


def test_reverse_time_flips_axis_one_only():
    x = np.arange(24.0).reshape(2, 3, 4)
    np.testing.assert_array_equal(reverse_time(x)[:, 0], x[:, 2])
    np.testing.assert_array_equal(reverse_time(reverse_time(x)), x)
    with pytest.raises(ValueError, match=r"x must have a batch and a time axis"):
        reverse_time(np.zeros(3))


def good_args(cell="rnn"):
    rng = np.random.default_rng(0)
    G = {"rnn": 1, "lstm": 4, "gru": 3}[cell]
    B, T, D, H = 2, 3, 4, 5

    def params():
        if cell == "gru":
            return {"Wx": rng.normal(size=(D, G * H)), "Wh": rng.normal(size=(H, G * H)),
                    "b_ih": rng.normal(size=G * H), "b_hh": rng.normal(size=G * H)}
        return {"Wx": rng.normal(size=(D, G * H)), "Wh": rng.normal(size=(H, G * H)), "b": rng.normal(size=G * H)}

    return rng.normal(size=(B, T, D)), np.zeros((2, B, H)), params(), params()


@pytest.mark.parametrize("change, error, message", [
    (lambda a: {**a, "cell": "transformer"}, ValueError, r"cell must be one of \['gru', 'lstm', 'rnn'\]"),
    (lambda a: {**a, "x": torch.zeros(2, 3, 4)}, TypeError, "x must be a NumPy array"),
    (lambda a: {**a, "x": np.zeros((2, 3, 4), dtype=int)}, TypeError, "x must have a floating dtype"),
    (lambda a: {**a, "x": np.zeros((2, 4))}, ValueError, "x must be 3-dimensional"),
    (lambda a: {**a, "x": np.zeros((2, 0, 4))}, ValueError, "x must contain at least one time step"),
    (lambda a: {**a, "h0": np.zeros((2, 5))}, ValueError, "h0 must be 3-dimensional"),
    (lambda a: {**a, "h0": np.zeros((1, 2, 5))}, ValueError, r"h0 must have shape \(2, B, H\)"),
    (lambda a: {**a, "h0": np.zeros((2, 3, 5))}, ValueError, r"h0 must have shape \(2, B, H\).*got \(2, 3, 5\)"),
    (lambda a: {**a, "h0": np.zeros((2, 2, 6))}, ValueError, r"params_fwd\['Wx'\] must have shape"),
    (lambda a: {**a, "params_bwd": {**a["params_bwd"], "Wh": np.zeros((6, 6))}}, ValueError,
     r"params_bwd\['Wh'\] must have shape \(H, H\)"),
    (lambda a: {**a, "params_fwd": {"Wx": a["params_fwd"]["Wx"]}}, ValueError, r"params_fwd is missing \['Wh', 'b'\]"),
    (lambda a: {**a, "params_bwd": [1, 2, 3]}, TypeError, "params_bwd must be a dict"),
    (lambda a: {**a, "c0": np.zeros((2, 2, 5))}, ValueError, "c0 is only used by cell='lstm'"),
])
def test_bad_input_gets_a_clear_error(change, error, message):
    x, h0, fwd, bwd = good_args()
    kwargs = change({"x": x, "h0": h0, "params_fwd": fwd, "params_bwd": bwd, "cell": "rnn"})
    with pytest.raises(error, match=message):
        bidirectional_forward(**kwargs)


def test_lstm_needs_c0_of_the_right_shape_and_gru_its_two_biases():
    x, h0, fwd, bwd = good_args("lstm")
    with pytest.raises(ValueError, match="c0 is required for cell='lstm'"):
        bidirectional_forward(x, h0, fwd, bwd, cell="lstm")
    with pytest.raises(ValueError, match=r"c0 must have shape \(2, B, H\)"):
        bidirectional_forward(x, h0, fwd, bwd, cell="lstm", c0=np.zeros((2, 2, 4)))
    with pytest.raises(ValueError, match=r"params_fwd\['Wx'\] must have shape \(D, 4H\)"):
        bidirectional_forward(x, h0, *good_args("rnn")[2:], cell="lstm", c0=h0)
    x, h0, fwd, bwd = good_args("gru")
    with pytest.raises(ValueError, match=r"params_fwd is missing \['b_ih', 'b_hh'\].*gru_params_from_torch"):
        bidirectional_forward(x, h0, {"Wx": fwd["Wx"], "Wh": fwd["Wh"], "b": fwd["b_ih"]}, bwd, cell="gru")
    output, h_n = bidirectional_forward(x, h0, fwd, bwd, cell="gru")
    assert output.shape == (2, 3, 10) and h_n.shape == (2, 2, 5)
