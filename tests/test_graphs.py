"""utils.graphs.autograd_nodes: counts the backward graph, sees packed output, and says what is wrong."""

import pytest
import torch
from torch import nn
from torch.nn.utils.rnn import pack_padded_sequence

from utils import graphs


def test_counts_a_graph_known_by_hand():
    leaf = torch.randn(3, requires_grad=True)
    # SumBackward0 -> ExpBackward0 -> AccumulateGrad (the leaf): three nodes
    assert graphs.autograd_nodes(lambda x: (x.exp().sum(),), leaf) == 3
    weight = torch.randn(3, requires_grad=True)
    # SumBackward0 -> MulBackward0 -> two AccumulateGrad nodes (leaf and weight); ExpBackward0 for the leaf
    assert graphs.autograd_nodes(lambda x: ((x.exp() * weight).sum(),), leaf) == 5


def test_a_packed_batch_of_different_lengths_is_not_one_fused_operation():
    torch.manual_seed(0)
    lstm, gru = nn.LSTM(3, 4, batch_first=True), nn.GRU(3, 4, batch_first=True)
    x = torch.randn(2, 12, 3)
    ragged = pack_padded_sequence(x, torch.tensor([12, 5]), batch_first=True)
    assert graphs.autograd_nodes(gru, torch.randn(2, 24, 3)) > graphs.autograd_nodes(gru, x)  # grows with T
    assert graphs.autograd_nodes(lstm, ragged) > 10 * 12 // 2  # step by step: several nodes per step
    if torch.backends.mkldnn.is_available():
        assert graphs.autograd_nodes(lstm, x) == graphs.autograd_nodes(lstm, torch.randn(2, 24, 3)) < 10  # fused


def test_rejects_bad_input_with_a_clear_message():
    with pytest.raises(TypeError, match="module must be callable"):
        graphs.autograd_nodes(3, torch.zeros(1))
    with pytest.raises(TypeError, match="must return a tuple"):
        graphs.autograd_nodes(lambda x: x, torch.zeros(1, requires_grad=True))
    lstm = nn.LSTM(3, 4, batch_first=True)
    with torch.no_grad(), pytest.raises(ValueError, match="no autograd graph"):
        graphs.autograd_nodes(lstm, torch.randn(2, 5, 3))
