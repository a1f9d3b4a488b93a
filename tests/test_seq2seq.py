"""utils.seq2seq: the encoder–decoder, teacher forcing against step-by-step decoding, greedy stopping per
sequence, beam search against exhaustive search, batching, and bad-input errors."""

import itertools

import pytest
import torch
from torch import nn

from utils import seq2seq as s2s
from utils.data.transduction import reverse_pairs


def _model(attention="additive", seed=0, V=7):
    torch.manual_seed(seed)
    cfg = s2s.Seq2SeqConfig(src_vocab=V, tgt_vocab=V, emb=5, enc_hidden=4, dec_hidden=8, attention=attention,
                            attn_size=6)
    return s2s.Seq2Seq(cfg).double().eval()


def test_encoder_equals_each_sequence_alone_and_summary_is_last_states():
    model = _model()
    src = torch.tensor([[3, 4, 5, 6], [5, 3, 0, 0], [6, 0, 0, 0]])
    lengths = torch.tensor([4, 2, 1])
    with torch.no_grad():
        memory = model.encode(src, lengths)
        for b in range(3):
            alone, h_n = model.encoder.gru(model.encoder.embed(src[b:b + 1, :lengths[b]]))
            torch.testing.assert_close(memory["keys"][b, :lengths[b]], alone[0])
            torch.testing.assert_close(memory["summary"][b], torch.cat([h_n[0, 0], h_n[1, 0]]))
            assert (memory["keys"][b, lengths[b]:] == 0).all()
    assert memory["mask"].tolist() == [[True] * 4, [True, True, False, False], [True, False, False, False]]


@pytest.mark.parametrize("attention", [None, "dot", "general", "additive"])
def test_teacher_forcing_equals_step_by_step_with_true_inputs(attention):
    if attention == "dot":
        torch.manual_seed(0)
        model = s2s.Seq2Seq(s2s.Seq2SeqConfig(7, 7, emb=5, enc_hidden=4, dec_hidden=8, attention="dot")).double()
    else:
        model = _model(attention)
    batch = s2s.make_batch([([3, 4, 5], [5, 4, 3]), ([6, 3], [3, 6])])
    with torch.no_grad():
        logits, weights = model(batch["src"], batch["src_lengths"], batch["tgt_in"])
        memory = model.encode(batch["src"], batch["src_lengths"])
        state = memory["state"]
        for i in range(batch["tgt_in"].shape[1]):
            step_logits, state, w = model.step(batch["tgt_in"][:, i], state, memory)
            torch.testing.assert_close(logits[:, i], step_logits)
            if attention is not None:
                torch.testing.assert_close(weights[:, i], w)
                assert (w[1, 2:] == 0).all()  # padded source position of the second sequence
    assert logits.shape == (2, 4, 7)
    assert (weights is None) == (attention is None)


def test_gradients_reach_every_parameter():
    for attention in (None, "general", "additive"):
        model = _model(attention).train()
        batch = s2s.make_batch([([3, 4, 5], [5, 4, 3]), ([6, 3], [3, 6])])
        s2s.sequence_loss(model, batch).backward()
        for name, p in model.named_parameters():
            assert p.grad is not None and p.grad.abs().sum() > 0, f"{attention}: no gradient reaches {name}"


class _Scripted(nn.Module):
    """A stand-in decoder that emits a fixed token sequence per batch row, to test the decoding loops."""

    def __init__(self, scripts, V=6):
        super().__init__()
        self.scripts, self.V, self.attention = scripts, V, None
        self.dummy = nn.Parameter(torch.zeros(1))

    def encode(self, src, src_lengths):
        return {"t": torch.zeros(src.shape[0], 1)}

    def step(self, prev, state, memory):
        t = int(memory["t"][0, 0]) if state is None else int(state[0, 0])
        logits = torch.full((len(self.scripts), self.V), -5.0)
        for b, script in enumerate(self.scripts):
            logits[b, script[min(t, len(script) - 1)]] = 5.0
        return logits, torch.full((len(self.scripts), 1), t + 1.0), None


def test_greedy_stops_per_sequence_and_pads_after_eos():
    EOS, PAD = s2s.EOS, s2s.PAD
    model = _Scripted([[3, 4, EOS, 5, 5], [3, EOS, 4, 4, 4], [4, 4, 4, 4, 4]])
    model.encode = lambda src, lengths: {"state": None, "t": torch.zeros(3, 1)}
    tokens, lengths, _ = s2s.greedy_decode(model, torch.ones(3, 2, dtype=torch.int64),
                                           torch.tensor([2, 2, 2]), max_len=5)
    assert tokens.tolist() == [[3, 4, EOS, PAD, PAD], [3, EOS, PAD, PAD, PAD], [4, 4, 4, 4, 4]]
    assert lengths.tolist() == [2, 1, 5]
    assert s2s.decoded_lists(tokens, lengths) == [[3, 4], [3], [4, 4, 4, 4, 4]]


def test_greedy_feeds_back_its_own_tokens_and_matches_forward_on_its_output():
    model = _model("additive", seed=3)
    src = torch.tensor([[3, 4, 5, 6], [5, 3, 0, 0]])
    lengths = torch.tensor([4, 2])
    tokens, out_len, weights = s2s.greedy_decode(model, src, lengths, max_len=6)
    with torch.no_grad():  # teacher-forcing the greedy output itself must reproduce its argmaxes
        tgt_in = torch.cat([torch.full((2, 1), s2s.BOS), tokens[:, :-1].clamp(min=0)], dim=1)
        logits, w = model(src, lengths, tgt_in)
    for b in range(2):
        n = min(int(out_len[b]) + 1, 6)
        assert logits[b, :n].argmax(-1).tolist() == tokens[b, :n].tolist()
        torch.testing.assert_close(weights[b, :n].double(), w[b, :n].double(), rtol=1e-5, atol=1e-6)


def _sequence_logprob(model, src, lengths, out):
    with torch.no_grad():
        tgt_in = torch.tensor([[s2s.BOS, *out]])
        logits, _ = model(src, lengths, tgt_in)
        logp = torch.log_softmax(logits[0], -1)
        return sum(logp[i, t].item() for i, t in enumerate([*out, s2s.EOS]))


def test_beam_search_finds_the_exhaustive_best_on_a_tiny_vocabulary():
    model = _model("additive", seed=5, V=5)  # symbols 3 and 4 only
    src, lengths = torch.tensor([[3, 4, 4]]), torch.tensor([3])
    candidates = [list(c) for n in range(0, 4) for c in itertools.product([3, 4], repeat=n)]
    best = max(candidates, key=lambda c: _sequence_logprob(model, src, lengths, c))
    tokens, out_len = s2s.beam_search(model, src, lengths, max_len=4, beam_size=16)
    assert s2s.decoded_lists(tokens, out_len)[0] == best
    small, small_len = s2s.beam_search(model, src, lengths, max_len=4, beam_size=2)
    found = s2s.decoded_lists(small, small_len)[0]
    assert _sequence_logprob(model, src, lengths, found) <= _sequence_logprob(model, src, lengths, best) + 1e-12


def test_beam_search_with_length_penalty_finds_the_exhaustive_best_of_the_normalised_score():
    model = _model("additive", seed=5, V=5)
    src, lengths = torch.tensor([[3, 4, 4]]), torch.tensor([3])
    ids = [i for i in range(5) if i != s2s.EOS]  # every token a search may extend a hypothesis with
    candidates = [list(c) for n in range(0, 4) for c in itertools.product(ids, repeat=n)]
    for alpha in (0.5, 1.0, 2.0):
        best = max(candidates, key=lambda c: _sequence_logprob(model, src, lengths, c) / (len(c) + 1) ** alpha)
        tokens, out_len = s2s.beam_search(model, src, lengths, max_len=4, beam_size=64, length_penalty=alpha)
        assert s2s.decoded_lists(tokens, out_len)[0] == best, alpha
    raw_best = max(candidates, key=lambda c: _sequence_logprob(model, src, lengths, c))
    long_best = max(candidates, key=lambda c: _sequence_logprob(model, src, lengths, c) / (len(c) + 1) ** 2)
    assert len(long_best) > len(raw_best)  # the test would not notice a penalty that is ignored otherwise


def test_beam_search_restores_the_mode():
    model = _model("additive").train()
    s2s.beam_search(model, torch.tensor([[3, 4]]), torch.tensor([2]), max_len=3)
    assert model.training
    s2s.beam_search(model.eval(), torch.tensor([[3, 4]]), torch.tensor([2]), max_len=3)
    assert not model.training


def test_sequence_log_prob_is_the_sum_over_the_target_and_eos():
    model = _model("additive", seed=2)
    pairs = [([3, 4, 5], [5, 4]), ([6, 3], [3, 6, 6, 4]), ([4], [])]
    expected = [_sequence_logprob(model, torch.tensor([src]), torch.tensor([len(src)]), tgt) for src, tgt in pairs]
    got = s2s.sequence_log_prob(model, pairs, batch_size=2)
    assert got.dtype == torch.float64 and got.shape == (3,)
    torch.testing.assert_close(got, torch.tensor(expected, dtype=torch.float64), rtol=1e-9, atol=1e-9)


def test_teacher_forced_predictions_read_the_true_previous_tokens():
    model = _model("additive", seed=4).train()
    pairs = [([3, 4, 5], [5, 4, 6]), ([6, 3], [3, 6, 6, 4, 5])]
    got = s2s.teacher_forced_predictions(model, pairs, batch_size=1)
    assert model.training  # the mode is restored
    model.eval()
    for (src, target), prediction in zip(pairs, got, strict=True):
        with torch.no_grad():
            memory = model.encode(torch.tensor([src]), torch.tensor([len(src)]))
            state, expected = memory["state"], []
            for prev in [s2s.BOS, *target[:-1]]:  # the true previous token at every step
                logits, state, _ = model.step(torch.tensor([prev]), state, memory)
                expected.append(int(logits.argmax()))
        assert prediction == expected


def test_decode_and_position_accuracy():
    model = _model("additive", seed=1)
    pairs = reverse_pairs(12, 2, 5, 4, seed=0)
    outputs = s2s.decode(model, pairs, max_len=6, batch_size=5)
    b = s2s.make_batch(pairs)
    tokens, lengths, _ = s2s.greedy_decode(model, b["src"], b["src_lengths"], max_len=6)
    assert outputs == s2s.decoded_lists(tokens, lengths)
    token_acc, by_position = s2s.position_accuracy([[3, 4, 5], [3], [5, 5]], [[3, 4, 6], [4, 3], [5, 5, 5, 5]])
    assert token_acc == 4 / 9  # 3, 4 | - | 5, 5 right of 3 + 2 + 4 target tokens
    torch.testing.assert_close(by_position, torch.tensor([2 / 3, 2 / 3, 0.0, 0.0], dtype=torch.float64))
    with pytest.raises(ValueError, match="equally long"):
        s2s.position_accuracy([[3]], [[3], [4]])


def test_length_curriculum_limits_the_training_sources():
    curriculum = s2s.LengthCurriculum(10, 40, ramp_steps=30)
    assert [curriculum(s) for s in (1, 2, 16, 30, 31, 1000)] == [10, 11, 25, 39, 40, 40]
    seen = []

    def recording_loss(model, batch):
        seen.append(int(batch["src_lengths"].max()))
        return s2s.sequence_loss(model, batch)

    model = _model(None, V=9).train()
    pairs = reverse_pairs(200, 1, 8, 6, seed=0)
    s2s.fit(model, pairs, steps=12, warmup=2, batch_size=8, curriculum=s2s.LengthCurriculum(2, 8, 6),
            loss_fn=recording_loss)
    limits = [s2s.LengthCurriculum(2, 8, 6)(s) for s in range(1, 13)]
    assert all(n <= limit for n, limit in zip(seen, limits, strict=True)) and max(seen[:3]) <= 4 and max(seen) > 4
    with pytest.raises(ValueError, match="start must be <= end"):
        s2s.LengthCurriculum(5, 4, 10)
    with pytest.raises(TypeError, match="curriculum"):
        s2s.fit(model, pairs, steps=1, curriculum=(2, 8))


def test_make_batch_and_buckets():
    batch = s2s.make_batch([([3, 4], [4, 3, 5]), ([5], [6])])
    assert batch["src"].tolist() == [[3, 4], [5, 0]] and batch["src_lengths"].tolist() == [2, 1]
    assert batch["tgt_in"].tolist() == [[1, 4, 3, 5], [1, 6, 0, 0]]
    assert batch["tgt_out"].tolist() == [[4, 3, 5, 2], [6, 2, 0, 0]]
    pairs = reverse_pairs(100, 1, 9, 5, seed=0)
    batches = s2s.bucketed_batches(pairs, 16, torch.Generator().manual_seed(0))
    assert sum(len(b) for b in batches) == 100 and sorted(map(id, sum(batches, []))) == sorted(map(id, pairs))
    spread = [max(len(s) for s, _ in b) - min(len(s) for s, _ in b) for b in batches]
    assert max(spread) <= 2


def test_warmup_cosine_schedule():
    assert s2s.warmup_cosine(0, 100, 10) == pytest.approx(0.1)
    assert s2s.warmup_cosine(9, 100, 10) == pytest.approx(1.0)
    assert s2s.warmup_cosine(55, 100, 10) == pytest.approx(0.5)
    assert s2s.warmup_cosine(100, 100, 10) == pytest.approx(0.0)


def test_bad_inputs():
    model = _model()
    with pytest.raises(TypeError, match="src must be a 2-D torch.int64"):
        model.encode(torch.zeros(2, 3), torch.tensor([3, 3]))
    with pytest.raises(TypeError, match="src_lengths must be a torch.int64 tensor of shape"):
        model.encode(torch.ones(2, 3, dtype=torch.int64), torch.tensor([3]))
    with pytest.raises(ValueError, match="src_lengths must lie in 1..3"):
        model.encode(torch.ones(2, 3, dtype=torch.int64), torch.tensor([3, 4]))
    with pytest.raises(ValueError, match="kind must be one of"):
        s2s.Attention("cosine", 4, 4)
    with pytest.raises(ValueError, match="dot attention needs query_size == key_size"):
        s2s.Attention("dot", 4, 6)
    with pytest.raises(ValueError, match="mask must be a bool tensor"):
        s2s.Attention("dot", 4, 4)(torch.zeros(2, 4), torch.zeros(2, 3, 4), torch.ones(2, 3))
    with pytest.raises(TypeError, match="config must be a Seq2SeqConfig"):
        s2s.Seq2Seq({"src_vocab": 5})
    with pytest.raises(ValueError, match="max_len must be a positive int"):
        s2s.greedy_decode(model, torch.ones(1, 2, dtype=torch.int64), torch.tensor([2]), 0)
    with pytest.raises(ValueError, match="pairs must hold at least one"):
        s2s.make_batch([])


def test_save_and_load_round_trip(tmp_path):
    model = _model("general").float()
    s2s.save_model(model, tmp_path / "m.pt", note="x")
    loaded = s2s.load_model(tmp_path / "m.pt")
    batch = s2s.make_batch([([3, 4, 5], [5, 4, 3])])
    with torch.no_grad():
        torch.testing.assert_close(model(batch["src"], batch["src_lengths"], batch["tgt_in"])[0],
                                   loaded(batch["src"], batch["src_lengths"], batch["tgt_in"])[0])
