"""utils.sampling: temperature, top-k, greedy decoding and generation."""

import numpy as np
import pytest
import torch

from utils.charlm import STREAM_SPECIALS, CharLSTM
from utils.data.vocab import Vocab
from utils.sampling import distinct_ngrams, entropy_bits, generate, next_char_distribution, sample_next

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


def test_top_p_keeps_the_smallest_nucleus_of_that_mass():
    p = _softmax(LOGITS.numpy().astype(float))  # row 0: .644 .237 .087 .032; row 1: .038 .757 .103 .103
    nucleus = next_char_distribution(LOGITS, 1.0, top_p=0.7).numpy()
    np.testing.assert_allclose(nucleus[0], [p[0, 0] / p[0, :2].sum(), p[0, 1] / p[0, :2].sum(), 0, 0], rtol=1e-6)
    np.testing.assert_allclose(nucleus[1], [0, 1, 0, 0], rtol=1e-6)  # one character already holds 0.757 >= 0.7
    np.testing.assert_allclose(next_char_distribution(LOGITS, 1.0, top_p=0.6).numpy()[0], [1, 0, 0, 0], rtol=1e-6)
    np.testing.assert_allclose(next_char_distribution(LOGITS, 1.0, top_p=1.0).numpy(), p, rtol=1e-6)
    both = next_char_distribution(LOGITS, 2.0, top_k=3, top_p=0.8).numpy()  # top-k first, then the nucleus of the rest
    z = LOGITS.numpy()[0].astype(float) / 2
    kept = np.exp(z[:3]) / np.exp(z[:3]).sum()  # .506 .307 .186 after top-3: the nucleus of 0.8 is the first two
    np.testing.assert_allclose(both[0], [*(kept[:2] / kept[:2].sum()), 0, 0], rtol=1e-6)
    ids, _ = sample_next(LOGITS, 1.0, generator=torch.Generator().manual_seed(0), top_p=0.5)
    assert ids.tolist() == [0, 1]  # the nucleus of 0.5 is the single most probable character in both rows
    with pytest.raises(ValueError, match="top_p"):
        next_char_distribution(LOGITS, 1.0, top_p=0.0)


def test_distinct_ngrams_pools_the_samples():
    assert distinct_ngrams(["abcd"], 2) == 1.0  # ab bc cd
    assert distinct_ngrams(["abab"], 2) == 2 / 3  # ab ba ab
    assert distinct_ngrams(["abc", "abc"], 3) == 0.5  # the same string twice
    with pytest.raises(ValueError, match="texts"):
        distinct_ngrams(["ab"], 3)


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
    vocab = Vocab.from_text("abcab ", specials=STREAM_SPECIALS)
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
