"""utils.minrnn against references written out here: the recurrence step by step from the weights, the parameter
formula against numel, nn.GRU with its hidden weights zeroed, and gradients reaching every parameter."""

import math

import pytest
import torch
from torch import nn

from utils import minrnn
from utils.params import recurrent_param_count


def g_reference(v):
    return [x + 0.5 if x >= 0 else 1 / (1 + math.exp(-x)) for x in v]


def min_gru_reference(layer, x, h0):
    """The minGRU of Feng et al. written out per step from the layer's weights (float64)."""
    B, T, _ = x.shape
    h = torch.zeros(B, layer.hidden_size, dtype=x.dtype) if h0 is None else h0
    out = []
    for t in range(T):
        if layer.transition == "time_invariant":
            k = layer.gate_logit.detach().expand(B, -1)
        else:
            k = x[:, t] @ layer.linear_z.weight.detach().T + layer.linear_z.bias.detach()
        z = 1 / (1 + torch.exp(-k))
        v = x[:, t] @ layer.linear_h.weight.detach().T + layer.linear_h.bias.detach()
        cand = torch.tensor([g_reference(row) for row in v.tolist()], dtype=x.dtype)
        h = (1 - 2 * z) * h + z * cand if layer.transition == "signed" else (1 - z) * h + z * cand
        out.append(h)
    return torch.stack(out, dim=1)


@pytest.mark.parametrize("transition", minrnn.TRANSITIONS)
def test_min_gru_forward_and_step_equal_the_written_out_recurrence(transition):
    torch.manual_seed(0)
    layer = minrnn.MinGRU(3, 5, transition).double()
    x = torch.randn(2, 11, 3, dtype=torch.float64) * 2
    h0 = torch.rand(2, 5, dtype=torch.float64) + 0.1
    for start in (None, h0):
        reference = min_gru_reference(layer, x, start)
        scans = ["auto", "loop", "parallel"] + ([] if transition == "signed" else ["log"])
        for name in scans:
            layer.scan = name
            assert torch.allclose(layer(x, start), reference, rtol=1e-12, atol=1e-14), (transition, name)
        h = torch.zeros(2, 5, dtype=torch.float64) if start is None else start
        for t in range(11):
            h = layer.step(x[:, t], h)
        assert torch.allclose(h, reference[:, -1], rtol=1e-12)


def test_a_gru_without_h_in_its_gates_is_the_linear_recurrence():
    # nn.GRU with weight_hh = 0 and b_hn = 0: h = (1 - z) n + z h_prev with n, z functions of x only
    torch.manual_seed(1)
    gru = nn.GRU(3, 4, batch_first=True).double()
    with torch.no_grad():
        gru.weight_hh_l0.zero_()
        gru.bias_hh_l0[8:].zero_()
    x = torch.randn(2, 9, 3, dtype=torch.float64)
    gi = x @ gru.weight_ih_l0.T + gru.bias_ih_l0 + gru.bias_hh_l0  # (B, T, 3H); b_hn is 0
    z, n = torch.sigmoid(gi[..., 4:8]), torch.tanh(gi[..., 8:])
    from utils.scratch.scan import scan_parallel
    with torch.no_grad():
        assert torch.allclose(scan_parallel(z, (1 - z) * n), gru(x)[0], rtol=1e-12, atol=1e-14)


def test_min_lstm_equals_its_normalised_gates_written_out():
    torch.manual_seed(2)
    layer = minrnn.MinLSTM(3, 4).double()
    x = torch.randn(2, 8, 3, dtype=torch.float64) * 3
    h = torch.zeros(2, 4, dtype=torch.float64)
    W = {n: (getattr(layer, n).weight.detach(), getattr(layer, n).bias.detach())
         for n in ("linear_f", "linear_i", "linear_h")}
    for t in range(8):
        f, i = (torch.sigmoid(x[:, t] @ W[n][0].T + W[n][1]) for n in ("linear_f", "linear_i"))
        v = x[:, t] @ W["linear_h"][0].T + W["linear_h"][1]
        cand = torch.tensor([g_reference(row) for row in v.tolist()], dtype=torch.float64)
        h = f / (f + i) * h + i / (f + i) * cand
        assert torch.allclose(layer(x)[:, t], h, rtol=1e-12)
    assert torch.allclose(layer.step(x[:, 0], torch.ones(2, 4, dtype=torch.float64)),
                          layer(x[:, :1], torch.ones(2, 4, dtype=torch.float64))[:, 0], rtol=1e-12)


def test_g_is_positive_continuous_and_log_g_is_its_log():
    v = torch.linspace(-30, 30, 601, dtype=torch.float64)
    assert (minrnn.g(v) > 0).all()
    assert torch.allclose(minrnn.g(v), torch.tensor(g_reference(v.tolist()), dtype=torch.float64), rtol=1e-15)
    assert torch.allclose(minrnn.log_g(v), torch.log(minrnn.g(v)), rtol=1e-9)  # torch.sigmoid(-20) has ~1e-10 error
    assert abs(minrnn.g(torch.tensor(-1e-12)).item() - minrnn.g(torch.tensor(0.0)).item()) < 1e-9
    assert torch.autograd.gradcheck(minrnn.log_g, (torch.tensor([-3.0, -0.5, 0.25, 4.0], dtype=torch.float64,
                                                                requires_grad=True),))


@pytest.mark.parametrize("D,H", [(1, 1), (10, 20), (32, 64)])
def test_parameter_counts_from_the_formula(D, H):
    assert minrnn.min_gru_param_count(D, H) == sum(p.numel() for p in minrnn.MinGRU(D, H).parameters())
    assert minrnn.min_lstm_param_count(D, H) == sum(p.numel() for p in minrnn.MinLSTM(D, H).parameters())
    assert recurrent_param_count("GRU", D, H) == sum(p.numel() for p in nn.GRU(D, H).parameters())
    with pytest.raises(TypeError, match="hidden_size must be a positive int"):
        minrnn.min_gru_param_count(D, 2.0)


@pytest.mark.parametrize("net", ["selective", "time_invariant", "signed", "lstm"])
def test_networks_give_logits_and_every_parameter_a_gradient(net):
    torch.manual_seed(3)
    model = minrnn.LSTMNet(5, 3, 8, 6) if net == "lstm" else minrnn.MinGRUNet(5, 3, 8, 6, 2, net)
    tokens = torch.randint(0, 5, (4, 7))
    logits = model(tokens)
    assert logits.shape == (4, 7, 3)
    logits.square().sum().backward()
    missing = [n for n, p in model.named_parameters() if p.grad is None or p.grad.abs().sum() == 0]
    assert not missing
    # causal: the logits at step t do not depend on later tokens
    changed = tokens.clone()
    changed[:, 5:] = (changed[:, 5:] + 1) % 5
    with torch.no_grad():
        assert torch.allclose(model(changed)[:, :5], model(tokens)[:, :5], atol=1e-6)


def test_bad_inputs_are_rejected_with_the_argument_named():
    layer = minrnn.MinGRU(3, 4)
    with pytest.raises(ValueError, match="transition must be one of"):
        minrnn.MinGRU(3, 4, "sideways")
    with pytest.raises(ValueError, match="scan must be one of"):
        minrnn.MinGRU(3, 4, "signed", scan="log")
    with pytest.raises(ValueError, match=r"x must have shape \(B, T, D\) with D = 3"):
        layer(torch.randn(2, 5, 4))
    with pytest.raises(ValueError, match="h0 must have shape"):
        layer(torch.randn(2, 5, 3), torch.ones(3, 4))
    with pytest.raises(ValueError, match="x_t must have shape"):
        layer.step(torch.randn(2, 5, 3), torch.ones(2, 4))
    with pytest.raises(TypeError, match="tokens must be an int64 tensor"):
        minrnn.MinGRUNet(5, 3, 8, 6)(torch.zeros(2, 3))
    with pytest.raises(ValueError, match="negative a"):
        minrnn.MinGRU(3, 4, "signed").log_coefficients(torch.randn(1, 2, 3))
