"""utils.sampling: temperature, top-k, greedy decoding and generation."""

import numpy as np
import pytest
import torch

from utils.charlm import CharLSTM, StreamVocab
from utils.sampling import entropy_bits, generate, next_char_distribution, sample_next

LOGITS = torch.tensor([[2.0, 1.0, 0.0, -1.0], [0.0, 3.0, 1.0, 1.0]])


def _softmax(z):
    e = np.exp(z - z.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def test_temperature_divides_the_logits_before_the_softmax():
    for temperature in (0.5, 1.0, 2.0):
        expected = _softmax(LOGITS.numpy().astype(float) / temperature)
        np.testing.assert_allclose(next_char_distribution(LOGITS, temperature).numpy(), expected, rtol=1e-6)
    sharp, flat = entropy_bits(next_char_distribution(LOGITS, 0.5)), entropy_bits(next_char_distribution(LOGITS, 2.0))
    assert sharp.max() < flat.min()


def test_top_k_keeps_the_k_largest_and_renormalises():
    probs = next_char_distribution(LOGITS, 1.0, top_k=2).numpy()
    kept = _softmax(np.array([[2.0, 1.0], [3.0, 1.0]]))
    np.testing.assert_allclose(probs[0], [kept[0, 0], kept[0, 1], 0, 0], rtol=1e-6)
    assert probs[1, 2] == probs[1, 3] > 0 and probs[1, 0] == 0  # a tie at the k-th logit keeps both tied entries
    np.testing.assert_allclose(probs.sum(axis=1), 1.0, rtol=1e-6)
    np.testing.assert_allclose(entropy_bits(torch.tensor([[0.5, 0.5, 0.0]])).numpy(), [1.0])


def test_bad_arguments_are_rejected():
    with pytest.raises(ValueError, match="temperature"):
        next_char_distribution(LOGITS, 0.0)
    with pytest.raises(ValueError, match="top_k"):
        next_char_distribution(LOGITS, 1.0, top_k=5)
    with pytest.raises(TypeError, match="logits"):
        next_char_distribution(LOGITS[0], 1.0)


def test_samples_follow_the_distribution_and_repeat_with_the_seed():
    logits = LOGITS[:1].expand(40_000, -1)
    ids, entropy = sample_next(logits, 0.7, generator=torch.Generator().manual_seed(0))
    frequencies = torch.bincount(ids, minlength=4).double() / len(ids)
    expected = _softmax(LOGITS[:1].numpy().astype(float) / 0.7)[0]
    np.testing.assert_allclose(frequencies.numpy(), expected, atol=0.01)
    assert entropy.shape == (40_000,)
    again, _ = sample_next(logits, 0.7, generator=torch.Generator().manual_seed(0))
    assert torch.equal(ids, again)
    greedy, zero = sample_next(LOGITS, 0)
    assert greedy.tolist() == [0, 1] and zero.tolist() == [0, 0]


def test_generate_is_seeded_and_greedy_follows_the_argmax():
    torch.manual_seed(0)
    vocab = StreamVocab("abcab ")
    model = CharLSTM(len(vocab), embed_dim=3, hidden_size=6, num_layers=1)
    texts, entropy = generate(model, vocab, "ab", 12, temperature=1.0, num_samples=3, seed=4)
    assert len(texts) == 3 and all(len(t) == 12 for t in texts) and entropy.shape == (3, 12)
    assert generate(model, vocab, "ab", 12, temperature=1.0, num_samples=3, seed=4)[0] == texts
    greedy, _ = generate(model, vocab, "ab", 5, temperature=0)
    ids = vocab.encode("ab").tolist()
    with torch.no_grad():
        for _ in range(5):
            ids.append(int(model(torch.tensor([ids]))[0][0, -1].argmax()))
    assert greedy[0] == vocab.decode(ids[2:])
    with pytest.raises(ValueError, match="prompt"):
        generate(model, vocab, "", 5)
