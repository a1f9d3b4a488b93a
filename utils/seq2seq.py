"""Encoder–decoder GRUs with optional attention, teacher-forced training, greedy and beam decoding, batching.

Shapes: B batch, S source length, T target length, V vocabulary, E embedding, H encoder hidden size per
direction (the bidirectional encoder's states are 2H wide), Hd decoder hidden size, A attention size.

Token ids: ``PAD = 0`` pads both sides (and is ignored by the loss), ``BOS = 1`` is the decoder's first input,
``EOS = 2`` ends every target; real symbols start at 3. A source is a list of ids without BOS/EOS; a target
is a list of ids without them too — ``make_batch`` adds them.

The decoder follows Bahdanau et al. (2014): at step i the previous state s_{i-1} queries the encoder states
for a context c_i; the GRU reads [embed(y_{i-1}); c_i]; the logits read [s_i; c_i; embed(y_{i-1})]. Without
attention (``attention=None``) c_i is the same fixed vector at every step — the encoder's final forward and
backward states, as in Cho et al. (2014): the whole source must squeeze through it.
"""

from __future__ import annotations

import math
import time
from dataclasses import asdict, dataclass

import torch
import torch.nn.functional as F
from torch import nn
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence

from . import seeds
from .train import progress_bar
from .validation import check_positive_int, describe

PAD, BOS, EOS = 0, 1, 2
SCORE_KINDS = ("dot", "general", "additive")


def _check_tokens(name: str, tokens, ndim: int = 2) -> None:
    if not isinstance(tokens, torch.Tensor) or tokens.dtype != torch.int64 or tokens.ndim != ndim:
        raise TypeError(f"{name} must be a {ndim}-D torch.int64 tensor of token ids, got {describe(tokens)}")


def _check_lengths(lengths, B: int, S: int) -> None:
    if not isinstance(lengths, torch.Tensor) or lengths.dtype != torch.int64 or lengths.shape != (B,):
        raise TypeError(f"src_lengths must be a torch.int64 tensor of shape (B,) = ({B},), got {describe(lengths)}")
    if (lengths < 1).any() or (lengths > S).any():
        raise ValueError(f"src_lengths must lie in 1..{S} (the padded source length), got {lengths.tolist()}")


def length_mask(lengths: torch.Tensor, max_len: int) -> torch.Tensor:
    """lengths (B,) int64 → mask (B, max_len) bool, True at the real positions t < lengths[b]."""
    if not isinstance(lengths, torch.Tensor) or lengths.ndim != 1:
        raise TypeError(f"lengths must be a 1-D tensor, got {describe(lengths)}")
    return torch.arange(max_len, device=lengths.device)[None, :] < lengths[:, None]


# ---------------------------------------------------------------------------------------------- attention


class Attention(nn.Module):
    """One attention read: a decoder state queries the encoder states, padding masked before the softmax.

    kind: ``"dot"`` (needs Hd = 2H; ``scaled=True`` divides by sqrt(2H)), ``"general"`` (``W``: Hd × 2H,
    Luong's multiplicative form) or ``"additive"`` (``W_d``: Hd → A, ``W_e``: 2H → A, ``v``: A → 1, Bahdanau's).
    """

    def __init__(self, kind: str, query_size: int, key_size: int, attn_size: int = 128, scaled: bool = False):
        super().__init__()
        if kind not in SCORE_KINDS:
            raise ValueError(f"kind must be one of {SCORE_KINDS}, got {kind!r}")
        if kind == "dot" and query_size != key_size:
            raise ValueError(f"dot attention needs query_size == key_size, got {query_size} and {key_size}")
        self.kind, self.scaled = kind, scaled
        if kind == "general":
            self.W = nn.Linear(key_size, query_size, bias=False)  # W k_j, so that q · (W k_j) = q^T W k_j
        elif kind == "additive":
            self.W_d = nn.Linear(query_size, attn_size, bias=False)
            self.W_e = nn.Linear(key_size, attn_size, bias=True)
            self.v = nn.Linear(attn_size, 1, bias=False)

    def project_keys(self, keys: torch.Tensor) -> torch.Tensor | None:
        """The part of the scores that depends on the keys only, computed once per source: W k_j (general),
        W_e k_j (additive), nothing for dot. keys (B, S, 2H) → (B, S, Hd) or (B, S, A) or ``None``."""
        if self.kind == "general":
            return self.W(keys)
        return self.W_e(keys) if self.kind == "additive" else None

    def scores(self, query: torch.Tensor, keys: torch.Tensor, projected: torch.Tensor | None = None) -> torch.Tensor:
        """query (B, Hd), keys (B, S, 2H) → scores (B, S), before masking (``projected``: from ``project_keys``)."""
        if self.kind == "dot":
            scores = torch.einsum("bh,bsh->bs", query, keys)
            return scores / math.sqrt(keys.shape[-1]) if self.scaled else scores
        projected = self.project_keys(keys) if projected is None else projected
        if self.kind == "general":
            return torch.einsum("bh,bsh->bs", query, projected)
        return self.v(torch.tanh(self.W_d(query)[:, None, :] + projected)).squeeze(-1)  # (B, S)

    def forward(self, query: torch.Tensor, keys: torch.Tensor, mask: torch.Tensor,
                projected: torch.Tensor | None = None):
        """query (B, Hd), keys (B, S, 2H), mask (B, S) bool → context (B, 2H), weights (B, S)."""
        if query.ndim != 2 or keys.ndim != 3 or keys.shape[0] != query.shape[0]:
            raise ValueError(f"query must be (B, Hd) and keys (B, S, He), got {tuple(query.shape)} and "
                             f"{tuple(keys.shape)}")
        if mask.dtype != torch.bool or mask.shape != keys.shape[:2]:
            raise ValueError(f"mask must be a bool tensor of shape (B, S) = {tuple(keys.shape[:2])}, got "
                             f"{describe(mask)}")
        scores = self.scores(query, keys, projected).masked_fill(~mask, float("-inf"))  # mask BEFORE the softmax
        weights = torch.softmax(scores, dim=1)  # over the source positions
        context = torch.einsum("bs,bsh->bh", weights, keys)  # (B, 2H)
        return context, weights


# ---------------------------------------------------------------------------------------------- the model


@dataclass
class Seq2SeqConfig:
    """Sizes of a ``Seq2Seq`` model. ``attention``: one of ``SCORE_KINDS`` or ``None`` (a fixed context)."""

    src_vocab: int
    tgt_vocab: int
    emb: int = 64
    enc_hidden: int = 128
    dec_hidden: int = 256
    attention: str | None = "additive"
    attn_size: int = 128
    scaled: bool = False


class Encoder(nn.Module):
    """Embedding and a bidirectional, packed GRU: src (B, S), lengths (B,) → outputs (B, S, 2H), summary (B, 2H)."""

    def __init__(self, vocab: int, emb: int, hidden: int):
        super().__init__()
        self.embed = nn.Embedding(vocab, emb, padding_idx=PAD)
        self.gru = nn.GRU(emb, hidden, batch_first=True, bidirectional=True)

    def forward(self, src: torch.Tensor, src_lengths: torch.Tensor):
        packed = pack_padded_sequence(self.embed(src), src_lengths.cpu(), batch_first=True, enforce_sorted=False)
        out, h_n = self.gru(packed)  # h_n: (2, B, H), forward then backward, each at its own last real step
        outputs, _ = pad_packed_sequence(out, batch_first=True, total_length=src.shape[1])  # (B, S, 2H)
        return outputs, torch.cat([h_n[0], h_n[1]], dim=1)  # summary (B, 2H)


class Seq2Seq(nn.Module):
    """A bidirectional GRU encoder and a GRU decoder, with attention (Bahdanau-style) or a fixed context."""

    def __init__(self, config: Seq2SeqConfig):
        super().__init__()
        if not isinstance(config, Seq2SeqConfig):
            raise TypeError(f"config must be a Seq2SeqConfig, got {describe(config)}")
        if config.attention is not None and config.attention not in SCORE_KINDS:
            raise ValueError(f"config.attention must be None or one of {SCORE_KINDS}, got {config.attention!r}")
        self.config = config
        c, C = config, 2 * config.enc_hidden  # C: size of a context vector (= an encoder state)
        self.encoder = Encoder(c.src_vocab, c.emb, c.enc_hidden)
        self.bridge = nn.Linear(C, c.dec_hidden)  # decoder's initial state from the encoder summary
        self.embed = nn.Embedding(c.tgt_vocab, c.emb, padding_idx=PAD)
        self.cell = nn.GRUCell(c.emb + C, c.dec_hidden)
        self.attention = None if c.attention is None else Attention(c.attention, c.dec_hidden, C, c.attn_size, c.scaled)
        self.out = nn.Linear(c.dec_hidden + C + c.emb, c.tgt_vocab)

    def encode(self, src: torch.Tensor, src_lengths: torch.Tensor) -> dict:
        """src (B, S) int64, src_lengths (B,) int64 → the decoder's memory: keys (B, S, 2H), mask (B, S),
        summary (B, 2H) and the initial decoder state (B, Hd)."""
        _check_tokens("src", src)
        _check_lengths(src_lengths, *src.shape)
        keys, summary = self.encoder(src, src_lengths)
        mask = length_mask(src_lengths.to(src.device), src.shape[1])
        memory = {"keys": keys, "mask": mask, "summary": summary, "state": torch.tanh(self.bridge(summary))}
        if self.attention is not None and self.attention.kind != "dot":
            memory["projected"] = self.attention.project_keys(keys)  # once per source, not once per step
        return memory

    def step(self, prev_tokens: torch.Tensor, state: torch.Tensor, memory: dict):
        """One decoder step: prev_tokens (B,), state s_{i-1} (B, Hd) → logits (B, V), s_i (B, Hd), weights (B, S)
        (the weights are ``None`` without attention)."""
        emb = self.embed(prev_tokens)  # (B, E)
        state, context, weights = self._recur(emb, state, memory)
        logits = self.out(torch.cat([state, context, emb], dim=1))  # (B, V)
        return logits, state, weights

    def _recur(self, emb: torch.Tensor, state: torch.Tensor, memory: dict):
        """The recurrent part of a step: emb (B, E), s_{i-1} (B, Hd) → s_i (B, Hd), c_i (B, 2H), weights (B, S)."""
        if self.attention is None:
            context, weights = memory["summary"], None  # the same fixed vector at every step
        else:
            context, weights = self.attention(state, memory["keys"], memory["mask"], memory.get("projected"))
        return self.cell(torch.cat([emb, context], dim=1), state), context, weights

    def forward(self, src: torch.Tensor, src_lengths: torch.Tensor, tgt_in: torch.Tensor):
        """Teacher forcing: the decoder reads the true previous tokens ``tgt_in`` (B, T) (BOS first).

        Returns logits (B, T, V) and attention weights (B, T, S) (``None`` without attention).
        """
        _check_tokens("tgt_in", tgt_in)
        memory = self.encode(src, src_lengths)
        emb = self.embed(tgt_in)  # (B, T, E), all steps at once: the inputs are known
        state, states, contexts, weights = memory["state"], [], [], []
        for i in range(tgt_in.shape[1]):
            state, context, w = self._recur(emb[:, i], state, memory)
            states.append(state)
            contexts.append(context)
            weights.append(w)
        # the output layer for all steps at once (the same as calling step() T times)
        logits = self.out(torch.cat([torch.stack(states, 1), torch.stack(contexts, 1), emb], dim=2))  # (B, T, V)
        return logits, (None if self.attention is None else torch.stack(weights, dim=1))


def count_parameters(model: nn.Module) -> int:
    """The number of trainable numbers in ``model``."""
    return sum(p.numel() for p in model.parameters() if p.requires_grad)


def save_model(model: Seq2Seq, path, **extra) -> None:
    """Save ``model``'s config and weights (and any ``extra`` JSON-able entries) to ``path``."""
    torch.save({"config": asdict(model.config), "state_dict": model.state_dict(), **extra}, path)


def load_model(path, device: str | torch.device = "cpu") -> Seq2Seq:
    """A ``Seq2Seq`` rebuilt from a file written by ``save_model``, in eval mode on ``device``."""
    saved = torch.load(path, map_location=device, weights_only=True)
    model = Seq2Seq(Seq2SeqConfig(**saved["config"])).to(device)
    model.load_state_dict(saved["state_dict"])
    return model.eval()


# ---------------------------------------------------------------------------------------------- decoding


@torch.no_grad()
def greedy_decode(model: Seq2Seq, src: torch.Tensor, src_lengths: torch.Tensor, max_len: int, first_token: int = BOS):
    """Greedy decoding, each sequence stopping at its own EOS (feeding back the model's own previous token).

    Args: src (B, S) int64, src_lengths (B,) int64, max_len the most tokens to produce (EOS included),
    first_token the decoder's first input (BOS, as in training; anything else only to show that pitfall).
    Returns: tokens (B, max_len) int64 (the EOS included, PAD after it), lengths (B,) int64 without the EOS
    (= max_len for a sequence that never produced EOS), weights (B, max_len, S) or ``None``.
    """
    check_positive_int("max_len", max_len)
    was_training = model.training
    model.eval()
    memory = model.encode(src, src_lengths)
    B = src.shape[0]
    prev = torch.full((B,), first_token, dtype=torch.int64, device=src.device)
    state = memory["state"]
    tokens = torch.full((B, max_len), PAD, dtype=torch.int64, device=src.device)
    weights = None if model.attention is None else torch.zeros(B, max_len, src.shape[1], device=src.device,
                                                               dtype=memory["keys"].dtype)
    lengths = torch.full((B,), max_len, dtype=torch.int64, device=src.device)
    done = torch.zeros(B, dtype=torch.bool, device=src.device)
    for i in range(max_len):
        logits, state, w = model.step(prev, state, memory)
        prev = logits.argmax(dim=1)  # (B,)
        tokens[:, i] = torch.where(done, PAD, prev)
        if weights is not None:
            weights[:, i] = torch.where(done[:, None], 0.0, w)
        finished_now = ~done & (prev == EOS)
        lengths[finished_now] = i
        done |= finished_now
        if done.all():
            break
    model.train(was_training)
    return tokens, lengths, weights


@torch.no_grad()
def beam_search(model: Seq2Seq, src: torch.Tensor, src_lengths: torch.Tensor, max_len: int, beam_size: int = 4,
                length_penalty: float = 0.0):
    """Beam search: keep the ``beam_size`` most probable partial outputs (sum of log-probabilities) per source.

    A hypothesis that produces EOS is finished, and finished hypotheses are ranked by their summed
    log-probability divided by ``n ** length_penalty``, n its number of tokens with the EOS (0: the raw sum,
    which favours short outputs; 1: the mean per token). The search for a source stops when no live hypothesis
    can still beat its best finished one: scores only fall as a hypothesis grows, so a live score s (< 0) can at
    best become ``s / max_len ** length_penalty``. Returns the best finished hypothesis per source (the best
    live one if none finished): tokens (B, max_len) int64 padded with PAD, lengths (B,) int64 without the EOS.
    The model's train/eval mode is restored afterwards.
    """
    check_positive_int("max_len", max_len)
    check_positive_int("beam_size", beam_size)
    if isinstance(length_penalty, bool) or not isinstance(length_penalty, (int, float)) or length_penalty < 0:
        raise ValueError(f"length_penalty must be a number >= 0, got {length_penalty!r}")
    was_training = model.training
    model.eval()
    B, K, dev = src.shape[0], beam_size, src.device
    memory = model.encode(src, src_lengths)
    memory = {k: v.repeat_interleave(K, dim=0) for k, v in memory.items()}  # (B*K, ...)
    state = memory["state"]
    prev = torch.full((B * K,), BOS, dtype=torch.int64, device=dev)
    scores = torch.full((B, K), float("-inf"), device=dev, dtype=state.dtype)
    scores[:, 0] = 0.0  # all beams start identical: keep one of them
    history = torch.zeros(B, K, 0, dtype=torch.int64, device=dev)
    best_score = torch.full((B,), float("-inf"), device=dev, dtype=state.dtype)  # length-normalised
    best_tokens = torch.full((B, max_len), PAD, dtype=torch.int64, device=dev)
    best_len = torch.full((B,), max_len, dtype=torch.int64, device=dev)
    for i in range(max_len):
        logits, state, _ = model.step(prev, state, memory)
        logp = torch.log_softmax(logits, dim=1).view(B, K, -1)  # (B, K, V)
        V = logp.shape[-1]
        total = scores[:, :, None] + logp  # (B, K, V)
        # finished hypotheses: EOS extensions, i + 1 tokens long with the EOS
        eos_scores, eos_beam = (total[:, :, EOS] / (i + 1) ** length_penalty).max(dim=1)  # (B,)
        better = eos_scores > best_score
        if better.any():
            idx = better.nonzero().squeeze(1)
            best_score[idx] = eos_scores[idx]
            best_tokens[idx] = PAD
            best_tokens[idx, :i] = history[idx, eos_beam[idx]]
            best_tokens[idx, i] = EOS
            best_len[idx] = i
        total[:, :, EOS] = float("-inf")  # live hypotheses continue without EOS
        top, flat = total.view(B, -1).topk(K, dim=1)  # (B, K)
        beam, token = flat // V, flat % V
        scores = top
        history = torch.cat([history.gather(1, beam[:, :, None].expand(-1, -1, i)), token[:, :, None]], dim=2)
        rows = (torch.arange(B, device=dev)[:, None] * K + beam).reshape(-1)
        state, prev = state[rows], token.reshape(-1)
        if (best_score >= scores.max(dim=1).values / max_len ** length_penalty).all():
            break
    never = best_score == float("-inf")  # no hypothesis finished: return the best live one
    if never.any():
        idx = never.nonzero().squeeze(1)
        best_tokens[idx] = history[idx, scores[idx].argmax(dim=1)][:, :max_len]
    model.train(was_training)
    return best_tokens, best_len


# ---------------------------------------------------------------------------------------------- batching


def make_batch(pairs, device: str | torch.device = "cpu") -> dict:
    """pairs: list of (source ids, target ids) → a padded batch.

    Returns src (B, S), src_lengths (B,), tgt_in (B, T+1) = [BOS, y...], tgt_out (B, T+1) = [y..., EOS],
    all int64 padded with PAD (T the longest target); ``src_lengths`` stays on the CPU for packing.
    """
    if not pairs:
        raise ValueError("pairs must hold at least one (source, target) pair")
    S = max(len(s) for s, _ in pairs)
    T = max(len(t) for _, t in pairs) + 1
    src = torch.full((len(pairs), S), PAD, dtype=torch.int64)
    tgt_in = torch.full((len(pairs), T), PAD, dtype=torch.int64)
    tgt_out = torch.full((len(pairs), T), PAD, dtype=torch.int64)
    for b, (s, t) in enumerate(pairs):
        if len(s) == 0:
            raise ValueError(f"pair {b} has an empty source")
        src[b, :len(s)] = torch.as_tensor(s)
        tgt_in[b, :len(t) + 1] = torch.as_tensor([BOS, *t])
        tgt_out[b, :len(t) + 1] = torch.as_tensor([*t, EOS])
    lengths = torch.as_tensor([len(s) for s, _ in pairs], dtype=torch.int64)
    return {"src": src.to(device), "src_lengths": lengths, "tgt_in": tgt_in.to(device),
            "tgt_out": tgt_out.to(device)}


def bucketed_batches(pairs, batch_size: int, generator: torch.Generator) -> list[list]:
    """Shuffle, sort by source length, cut into batches of ``batch_size`` and shuffle the batches: one epoch."""
    check_positive_int("batch_size", batch_size)
    order = torch.randperm(len(pairs), generator=generator).tolist()
    order.sort(key=lambda i: len(pairs[i][0]))  # stable: ties stay shuffled
    batches = [[pairs[i] for i in order[k:k + batch_size]] for k in range(0, len(order), batch_size)]
    return [batches[i] for i in torch.randperm(len(batches), generator=generator).tolist()]


def sequence_loss(model: Seq2Seq, batch: dict) -> torch.Tensor:
    """Teacher-forced token-mean cross-entropy of one batch from ``make_batch`` (padding ignored)."""
    logits, _ = model(batch["src"], batch["src_lengths"], batch["tgt_in"])
    return F.cross_entropy(logits.flatten(0, 1), batch["tgt_out"].flatten(), ignore_index=PAD)


@dataclass(frozen=True)
class LengthCurriculum:
    """A length curriculum: at step ``s`` (1-based) train only on sources of at most ``self(s)`` tokens, a limit
    that grows linearly from ``start`` to ``end`` over the first ``ramp_steps`` steps and then stays at ``end``.
    Short sources stay in the mix throughout, so what is learnt on them early keeps being practised."""

    start: int
    end: int
    ramp_steps: int

    def __post_init__(self):
        for name in ("start", "end", "ramp_steps"):
            check_positive_int(name, getattr(self, name))
        if self.start > self.end:
            raise ValueError(f"start must be <= end, got {self.start} > {self.end}")

    def __call__(self, step: int) -> int:
        return min(self.end, self.start + (self.end - self.start) * (step - 1) // self.ramp_steps)


def warmup_cosine(step: int, total: int, warmup: int) -> float:
    """The learning-rate factor at ``step`` (0-based): linear warm-up over ``warmup`` steps, then cosine to 0."""
    if step < warmup:
        return (step + 1) / warmup
    return 0.5 * (1 + math.cos(math.pi * min(1.0, (step - warmup) / max(1, total - warmup))))


def fit(model: Seq2Seq, pairs, steps: int, lr: float = 3e-3, warmup: int = 100, batch_size: int = 64,
        clip_norm: float = 1.0, seed: int = 0, log_every: int = 50, progress: bool = False,
        loss_fn=sequence_loss, report=None, curriculum: LengthCurriculum | None = None) -> dict:
    """Train with teacher forcing: Adam, warm-up and cosine decay, clipping, length-bucketed batches.

    ``loss_fn(model, batch) -> scalar`` (default ``sequence_loss``) gets each batch from ``make_batch``;
    ``report(text)``, if given, is called with a progress line every ``log_every`` steps (e.g. ``print``);
    ``curriculum`` (a ``LengthCurriculum``), if given, restricts each step to the pairs whose source is short
    enough at that step (a new epoch starts whenever the limit changes).

    Returns a history dict: ``step`` and ``loss`` (one per ``log_every`` steps, the mean of those steps),
    ``seconds``.
    """
    check_positive_int("steps", steps)
    torch.manual_seed(seeds.book_seed(seed))
    generator = seeds.torch_generator(seed)
    device = next(model.parameters()).device
    optimiser = torch.optim.Adam(model.parameters(), lr=lr)
    schedule = torch.optim.lr_scheduler.LambdaLR(optimiser, lambda s: warmup_cosine(s, steps, warmup))
    if curriculum is not None and not isinstance(curriculum, LengthCurriculum):
        raise TypeError(f"curriculum must be a LengthCurriculum or None, got {describe(curriculum)}")
    history, recent, epoch = {"step": [], "loss": [], "seconds": 0.0}, [], []
    pool, limit = pairs, None
    start = time.perf_counter()
    model.train()
    for step in progress_bar(range(1, steps + 1), enabled=progress, desc="training"):
        if curriculum is not None and curriculum(step) != limit:
            limit = curriculum(step)
            pool, epoch = [pair for pair in pairs if len(pair[0]) <= limit], []
            if not pool:
                raise ValueError(f"no training pair has a source of at most {limit} tokens (curriculum {curriculum})")
        if not epoch:
            epoch = bucketed_batches(pool, batch_size, generator)
        loss = loss_fn(model, make_batch(epoch.pop(), device))
        optimiser.zero_grad(set_to_none=True)
        loss.backward()
        nn.utils.clip_grad_norm_(model.parameters(), clip_norm)
        optimiser.step()
        schedule.step()
        recent.append(loss.item())
        if step % log_every == 0 or step == steps:
            history["step"].append(step)
            history["loss"].append(sum(recent) / len(recent))
            recent = []
            if report is not None:
                report(f"step {step}: loss {history['loss'][-1]:.4f} ({time.perf_counter() - start:.0f} s)")
    model.eval()
    history["seconds"] = time.perf_counter() - start
    return history


# ---------------------------------------------------------------------------------------------- evaluation


def decoded_lists(tokens: torch.Tensor, lengths: torch.Tensor) -> list[list[int]]:
    """tokens (B, T), lengths (B,) from a decoder → one Python list of ids per sequence, EOS removed."""
    return [tokens[b, :int(lengths[b])].tolist() for b in range(tokens.shape[0])]


def decode(model: Seq2Seq, pairs, max_len: int, batch_size: int = 256, beam_size: int | None = None,
           length_penalty: float = 0.0) -> list[list[int]]:
    """The decoded output (a list of ids, EOS removed) for the source of every pair, greedy or by beam search."""
    device = next(model.parameters()).device
    outputs = []
    for k in range(0, len(pairs), batch_size):
        batch = make_batch(pairs[k:k + batch_size], device)
        if beam_size is None:
            tokens, lengths, _ = greedy_decode(model, batch["src"], batch["src_lengths"], max_len)
        else:
            tokens, lengths = beam_search(model, batch["src"], batch["src_lengths"], max_len, beam_size,
                                          length_penalty)
        outputs += decoded_lists(tokens, lengths)
    return outputs


def exact_match(model: Seq2Seq, pairs, max_len: int, batch_size: int = 256, beam_size: int | None = None,
                length_penalty: float = 0.0) -> float:
    """The share of ``pairs`` whose decoded output equals the target exactly (greedy, or beam search)."""
    outputs = decode(model, pairs, max_len, batch_size, beam_size, length_penalty)
    return sum(out == list(t) for out, (_, t) in zip(outputs, pairs, strict=True)) / len(pairs)


def position_accuracy(outputs, targets) -> tuple[float, torch.Tensor]:
    """How much of each target is right even when the whole is not: outputs and targets are lists of id lists.

    Returns (token accuracy: the share of all target tokens that the output reproduces at the same position,
    accuracy by position: (P,) float64, the share of the targets at least i + 1 long whose token i is right,
    P the longest target).
    """
    if len(outputs) != len(targets) or not targets:
        raise ValueError(f"outputs and targets must be non-empty and equally long, got {len(outputs)} and "
                         f"{len(targets)}")
    P = max(len(t) for t in targets)
    right, count = torch.zeros(P, dtype=torch.float64), torch.zeros(P, dtype=torch.float64)
    for out, target in zip(outputs, targets, strict=True):
        for i, token in enumerate(target):
            count[i] += 1
            right[i] += i < len(out) and out[i] == token
    return float(right.sum() / count.sum()), right / count.clamp(min=1)


@torch.no_grad()
def teacher_forced_predictions(model: Seq2Seq, pairs, batch_size: int = 256) -> list[list[int]]:
    """The most probable token at every target position when the decoder reads the TRUE previous tokens (teacher
    forcing): one list per pair, as long as its target. A diagnostic of what the model knows at each position with
    no earlier mistake to compound — never a test score (the model has no true tokens at test time)."""
    was_training = model.training
    model.eval()
    device = next(model.parameters()).device
    predictions = []
    for k in range(0, len(pairs), batch_size):
        chunk = pairs[k:k + batch_size]
        batch = make_batch(chunk, device)
        best = model(batch["src"], batch["src_lengths"], batch["tgt_in"])[0].argmax(dim=-1).cpu()  # (B, T + 1)
        predictions += [best[b, :len(target)].tolist() for b, (_, target) in enumerate(chunk)]
    model.train(was_training)
    return predictions


@torch.no_grad()
def sequence_log_prob(model: Seq2Seq, pairs, batch_size: int = 256) -> torch.Tensor:
    """log p(target, EOS | source) of every pair under the model, teacher-forced: (N,) float64 natural-log sums.

    Scoring the *gold* target tells search errors from model errors: if a decoder returns an output that scores
    lower than the gold target, the search missed a better sequence; if higher, the model itself prefers the
    wrong output.
    """
    was_training = model.training
    model.eval()
    device = next(model.parameters()).device
    totals = []
    for k in range(0, len(pairs), batch_size):
        batch = make_batch(pairs[k:k + batch_size], device)
        logits, _ = model(batch["src"], batch["src_lengths"], batch["tgt_in"])  # (B, T, V)
        logp = torch.log_softmax(logits.double(), dim=-1).gather(2, batch["tgt_out"][..., None])[..., 0]  # (B, T)
        totals.append((logp * (batch["tgt_out"] != PAD)).sum(dim=1).cpu())
    model.train(was_training)
    return torch.cat(totals)
