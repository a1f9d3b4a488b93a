"""utils.checks helpers that enforce task rules and gradient flow: they must catch the shortcut and restore
everything afterwards."""

from __future__ import annotations

import pytest
import torch
from torch import nn
from torch.nn.utils import rnn as rnn_utils

from utils import checks, params


def test_forbidden_blocks_constructors_and_functions_under_any_name_and_restores_them():
    namespace = {"pack": rnn_utils.pack_padded_sequence, "count": params.recurrent_param_count}
    original_init = nn.modules.rnn.RNNBase.__init__
    with checks.forbidden("use a formula", *checks.recurrent_module_targets(),
                          (rnn_utils, "pack_padded_sequence"), namespace=namespace):
        for build in (lambda: nn.GRU(2, 3), lambda: nn.LSTMCell(2, 3), lambda: torch.nn.modules.rnn.RNN(2, 3)):
            with pytest.raises(checks.ForbiddenCallError, match="the task says: use a formula"):
                build()
        with pytest.raises(checks.ForbiddenCallError, match="recurrent_param_count"):
            namespace["count"]("RNN", 2, 3)
        with pytest.raises(checks.ForbiddenCallError, match="pack_padded_sequence"):
            namespace["pack"](torch.zeros(1, 2, 1), torch.tensor([2]), batch_first=True)
        nn.Linear(2, 3)  # other modules are allowed
    assert nn.modules.rnn.RNNBase.__init__ is original_init
    assert namespace["pack"] is rnn_utils.pack_padded_sequence and namespace["count"] is params.recurrent_param_count
    assert sum(p.numel() for p in nn.GRU(2, 3).parameters()) == params.recurrent_param_count("GRU", 2, 3)


def test_forbidden_restores_after_an_error_inside():
    with pytest.raises(RuntimeError), checks.forbidden("no", (rnn_utils, "pack_sequence")):
        raise RuntimeError("boom")
    assert rnn_utils.pack_sequence([torch.zeros(2, 1)]).batch_sizes.tolist() == [1, 1]


def test_gradient_checks_catch_detached_and_no_grad_models():
    torch.manual_seed(0)
    layer, reference = nn.Linear(3, 2), nn.Linear(3, 2)
    reference.load_state_dict(layer.state_dict())
    x, upstream = torch.randn(4, 3), torch.randn(4, 2)
    checks.backward_from("layer(x)", layer(x), upstream)
    checks.backward_from("reference(x)", reference(x), upstream)
    checks.assert_same_gradients("layer", layer, reference)
    checks.assert_every_parameter_gets_gradient("layer", layer)
    with torch.no_grad():
        cut = layer(x)
    with pytest.raises(AssertionError, match="does not require grad"):
        checks.backward_from("layer(x)", cut, upstream)
    fresh = nn.Linear(3, 2)
    with pytest.raises(AssertionError, match="no gradient reaches fresh.weight"):
        checks.assert_same_gradients("fresh", fresh, reference)
    with pytest.raises(AssertionError, match="no gradient reaches fresh.weight"):
        checks.assert_every_parameter_gets_gradient("fresh", fresh)
    layer.weight.grad = 2 * layer.weight.grad
    with pytest.raises(AssertionError, match="the gradient of layer.weight is not correct"):
        checks.assert_same_gradients("layer", layer, reference)
