"""utils.charlm: parallel streams, chunks, the model, bits per character and one training step."""

import math

import numpy as np
import pytest
import torch
from torch import nn

from utils.charlm import (
    CharLSTM,
    bits_from_logits,
    bits_per_char,
    char_bits,
    char_logits,
    chunks,
    detach_state,
    evaluate_bpc,
    to_streams,
    train_chunk,
)


def test_to_streams_cuts_contiguous_rows():
    ids = torch.arange(23)
    streams = to_streams(ids, 4)
    assert streams.shape == (4, 5)
    for b in range(4):
        assert streams[b].tolist() == list(range(5 * b, 5 * b + 5))
    with pytest.raises(TypeError, match="int64"):
        to_streams(torch.arange(10.0), 2)
    with pytest.raises(ValueError, match="too short"):
        to_streams(torch.arange(5), 3)
    with pytest.raises(TypeError, match="batch_size"):
        to_streams(ids, 2.0)


def test_chunks_shift_targets_by_one_within_each_stream_without_wrapping():
    streams = torch.arange(30).view(3, 10)  # row b holds 10 b .. 10 b + 9
    got = list(chunks(streams, 4))
    assert [x.shape[1] for x, _ in got] == [4, 4, 1]  # 9 targets per row: 4 + 4 + 1
    for k, (x, y) in enumerate(got):
        for b in range(3):
            expected_x = [10 * b + t for t in range(4 * k, min(4 * k + 4, 9))]
            assert x[b].tolist() == expected_x and y[b].tolist() == [v + 1 for v in expected_x]
    late = list(chunks(streams, 4, start=2))
    assert late[0][0][0].tolist() == [2, 3, 4, 5] and late[-1][1][0].tolist() == [7, 8, 9]
    with pytest.raises(ValueError, match="start"):
        list(chunks(streams, 4, start=9))
    with pytest.raises(TypeError, match="bptt"):
        list(chunks(streams, 0.5))


def test_char_lstm_equals_torch_layers_with_the_same_weights_and_carries_state():
    torch.manual_seed(0)
    model = CharLSTM(7, embed_dim=3, hidden_size=5, num_layers=2, dropout=0.3).eval()
    x = torch.randint(0, 7, (2, 9))
    logits, (h, c) = model(x)
    assert logits.shape == (2, 9, 7) and h.shape == c.shape == (2, 2, 5)
    embedding, lstm, head = nn.Embedding(7, 3), nn.LSTM(3, 5, 2, batch_first=True), nn.Linear(5, 7)
    embedding.load_state_dict(model.embedding.state_dict())
    lstm.load_state_dict(model.lstm.state_dict())
    head.load_state_dict(model.head.state_dict())
    expected = head(lstm(embedding(x))[0])
    torch.testing.assert_close(logits, expected)
    first, state = model(x[:, :4])
    second, _ = model(x[:, 4:], state)
    torch.testing.assert_close(torch.cat([first, second], dim=1), logits)
    with pytest.raises(TypeError, match="x"):
        model(x.float())
    with pytest.raises(ValueError, match="dropout"):
        CharLSTM(7, dropout=1.0)


def test_bits_per_char_is_cross_entropy_in_base_two():
    assert bits_per_char(torch.zeros(2, 3, 8), torch.zeros(2, 3, dtype=torch.int64)) == pytest.approx(3.0)
    logits = torch.tensor([[2.0, 0.0, -1.0], [0.5, 0.5, 3.0]])
    targets = torch.tensor([0, 1])
    p = np.exp(logits.numpy()) / np.exp(logits.numpy()).sum(axis=1, keepdims=True)
    assert bits_per_char(logits, targets) == pytest.approx(-np.mean(np.log2(p[[0, 1], [0, 1]])), rel=1e-6)
    with pytest.raises(ValueError, match="targets"):
        bits_per_char(logits, torch.tensor([0]))
    with pytest.raises(TypeError, match="logits"):
        bits_per_char(torch.zeros(2, 3, dtype=torch.int64), targets)


def test_char_bits_scores_every_character_carried_or_reset():
    torch.manual_seed(1)
    model = CharLSTM(6, embed_dim=3, hidden_size=4, num_layers=1)
    ids = torch.randint(0, 6, (25,))
    inputs = torch.cat([torch.tensor([5]), ids[:-1]])
    with torch.no_grad():
        logp = torch.log_softmax(model(inputs[None])[0][0].double(), dim=-1)
    expected = -logp[torch.arange(25), ids] / math.log(2)
    torch.testing.assert_close(char_bits(model, ids, 5, chunk=7), expected, rtol=1e-5, atol=1e-6)
    assert evaluate_bpc(model, ids, 5) == pytest.approx(float(expected.mean()), rel=1e-5)
    reset = char_bits(model, ids, 5, reset_every=10)
    assert reset.shape == (20,)
    with torch.no_grad():
        window = torch.log_softmax(model(inputs[10:20][None])[0][0].double(), dim=-1)
    torch.testing.assert_close(reset[10:], -window[torch.arange(10), ids[10:20]] / math.log(2), rtol=1e-5, atol=1e-6)
    torch.testing.assert_close(reset[:10], expected[:10], rtol=1e-5, atol=1e-6)  # the first window is the same
    assert model.training  # the mode is restored
    with pytest.raises(TypeError, match="first_input"):
        char_bits(model, ids, torch.tensor(5))


def test_char_logits_and_bits_at_a_temperature():
    torch.manual_seed(3)
    model = CharLSTM(6, embed_dim=3, hidden_size=4, num_layers=1)
    ids = torch.randint(0, 6, (19,))
    inputs = torch.cat([torch.tensor([2]), ids[:-1]])
    with torch.no_grad():
        expected = model(inputs[None])[0][0]  # (19, 6)
    logits = char_logits(model, ids, 2, chunk=5)
    torch.testing.assert_close(logits, expected, rtol=1e-5, atol=1e-6)
    assert char_logits(model, ids, 2, reset_every=6).shape == (18, 6)
    z = logits.double().numpy() / 1.7
    logp = z - np.log(np.exp(z).sum(axis=1, keepdims=True))
    expected_bits = -logp[np.arange(19), ids.numpy()] / np.log(2)
    np.testing.assert_allclose(bits_from_logits(logits, ids, 1.7).numpy(), expected_bits, rtol=1e-9)
    torch.testing.assert_close(bits_from_logits(logits, ids), char_bits(model, ids, 2))
    with pytest.raises(ValueError, match="temperature"):
        bits_from_logits(logits, ids, 0.0)
    with pytest.raises(ValueError, match="targets"):
        bits_from_logits(logits, ids[:-1])


def test_train_chunk_detaches_the_incoming_state_and_clips():
    torch.manual_seed(2)
    model = CharLSTM(5, embed_dim=2, hidden_size=3, num_layers=1)
    reference = CharLSTM(5, embed_dim=2, hidden_size=3, num_layers=1)
    reference.load_state_dict(model.state_dict())
    optimizer = torch.optim.SGD(model.parameters(), lr=10.0)
    x, y = torch.randint(0, 5, (2, 6)), torch.randint(0, 5, (2, 6))
    _, state = train_chunk(model, optimizer, x, y, None, clip=0.01)
    loss, state = train_chunk(model, optimizer, y, x, state, clip=0.01)  # no "backward a second time" error
    assert state[0].requires_grad and detach_state(state)[0].grad_fn is None
    # the reference: the same two updates written out, with the state detached and the gradient clipped by hand
    params = list(reference.parameters())
    ref_state = None
    for inputs, targets in ((x, y), (y, x)):
        logits, ref_state = reference(inputs, ref_state)
        ref_loss = nn.functional.cross_entropy(logits.reshape(-1, 5), targets.reshape(-1))
        grads = torch.autograd.grad(ref_loss, params)
        norm = torch.sqrt(sum((g**2).sum() for g in grads))
        with torch.no_grad():
            for p, g in zip(params, grads, strict=True):
                p -= 10.0 * g * min(1.0, 0.01 / (float(norm) + 1e-6))
        ref_state = tuple(s.detach() for s in ref_state)
    assert loss == pytest.approx(ref_loss.item(), rel=1e-5)
    for p, q in zip(model.parameters(), params, strict=True):
        torch.testing.assert_close(p, q, rtol=1e-5, atol=1e-6)
