"""A character language model and its plumbing: parallel streams, truncated BPTT, bits per character.

Shapes: N characters in a stream, B parallel streams, L = N // B steps per stream, T steps per chunk,
V the vocabulary size, E the embedding size, H the hidden size, K the number of LSTM layers.
Ids are int64, from a ``utils.data.vocab.Vocab`` made with ``STREAM_SPECIALS``: id 0 (``<unk>``) stands for
every character the vocabulary does not know; a stream has no padding.
"""

from __future__ import annotations

import math
from collections.abc import Iterator

import torch
from torch import nn

from .validation import check_positive_int, describe

STREAM_SPECIALS = ("<unk>",)  # a language model's vocabulary: Vocab.from_text(text, min_count, STREAM_SPECIALS)

def _check_ids(name: str, ids, ndim: int) -> torch.Tensor:
    if not isinstance(ids, torch.Tensor) or ids.dtype != torch.int64 or ids.ndim != ndim:
        raise TypeError(f"{name} must be a {ndim}-D int64 tensor, got {describe(ids)}")
    return ids


def to_streams(ids: torch.Tensor, batch_size: int) -> torch.Tensor:
    """Cut one stream (N,) into ``batch_size`` contiguous parallel streams (B, L), L = N // B.

    Stream b is ``ids[b*L : (b+1)*L]``: reading row b left to right reads the text in order, so a hidden state
    carried from one chunk of row b to the next continues the same text. The last N - B*L ids are dropped.
    """
    _check_ids("ids", ids, 1)
    B = check_positive_int("batch_size", batch_size)
    L = len(ids) // B
    if L < 2:
        raise ValueError(f"ids of length {len(ids)} is too short for batch_size={B} (each stream needs >= 2 ids)")
    return ids[: B * L].view(B, L)


def chunks(streams: torch.Tensor, bptt: int, start: int = 0) -> Iterator[tuple[torch.Tensor, torch.Tensor]]:
    """Chunks of the (B, L) streams for truncated BPTT: yields inputs x (B, T) and targets y (B, T), y[:, t] =
    the character after x[:, t] in the same stream.

    Chunks start at ``start``, ``start + T``, ...; the last one is shorter when fewer than T targets remain,
    and no chunk wraps around the end of a stream (the last input of each row has no target, so it is never
    an input).
    """
    _check_ids("streams", streams, 2)
    T = check_positive_int("bptt", bptt)
    if isinstance(start, bool) or not isinstance(start, int) or not 0 <= start < streams.shape[1] - 1:
        raise ValueError(f"start must be an int in [0, L - 1) = [0, {streams.shape[1] - 1}), got {start!r}")
    for i in range(start, streams.shape[1] - 1, T):
        n = min(T, streams.shape[1] - 1 - i)
        yield streams[:, i : i + n], streams[:, i + 1 : i + 1 + n]


class CharLSTM(nn.Module):
    """Embedding (V -> E) -> K stacked LSTM layers (H units, dropout between layers) -> dropout -> Linear (H -> V).

    ``forward(x, state)`` takes ids x (B, T) and an optional state ``(h, c)``, each (K, B, H), and returns
    logits (B, T, V) and the new state, so a caller can carry the state from one chunk to the next.
    """

    def __init__(self, vocab_size: int, embed_dim: int = 48, hidden_size: int = 224, num_layers: int = 2,
                 dropout: float = 0.0):
        super().__init__()
        for name, value in (("vocab_size", vocab_size), ("embed_dim", embed_dim), ("hidden_size", hidden_size),
                            ("num_layers", num_layers)):
            check_positive_int(name, value)
        if not isinstance(dropout, (int, float)) or not 0 <= dropout < 1:
            raise ValueError(f"dropout must be a float in [0, 1), got {dropout!r}")
        self.config = dict(vocab_size=vocab_size, embed_dim=embed_dim, hidden_size=hidden_size,
                           num_layers=num_layers, dropout=float(dropout))
        self.embedding = nn.Embedding(vocab_size, embed_dim)
        self.lstm = nn.LSTM(embed_dim, hidden_size, num_layers, batch_first=True,
                            dropout=dropout if num_layers > 1 else 0.0)
        self.drop = nn.Dropout(dropout)
        self.head = nn.Linear(hidden_size, vocab_size)

    def forward(self, x: torch.Tensor, state: tuple[torch.Tensor, torch.Tensor] | None = None):
        _check_ids("x", x, 2)
        out, state = self.lstm(self.drop(self.embedding(x)), state)  # (B, T, H), ((K, B, H), (K, B, H))
        return self.head(self.drop(out)), state  # (B, T, V)


def detach_state(state):
    """The same state ``(h, c)`` cut off from the graph that produced it (a new chunk's backward stops here)."""
    if state is None:
        return None
    return tuple(s.detach() for s in state)


def bits_per_char(logits: torch.Tensor, targets: torch.Tensor) -> float:
    """Mean of -log2 p(target) for logits (..., V) and int64 targets (...): cross-entropy in nats / ln 2."""
    if not isinstance(logits, torch.Tensor) or logits.ndim < 1 or not logits.is_floating_point():
        raise TypeError(f"logits must be a floating tensor (..., V), got {describe(logits)}")
    if not isinstance(targets, torch.Tensor) or targets.dtype != torch.int64 or targets.shape != logits.shape[:-1]:
        raise ValueError(f"targets must be int64 of shape {tuple(logits.shape[:-1])}, got {describe(targets)}")
    nats = nn.functional.cross_entropy(logits.reshape(-1, logits.shape[-1]), targets.reshape(-1))
    return nats.item() / math.log(2)


@torch.no_grad()
def char_logits(model: CharLSTM, ids: torch.Tensor, first_input: int, chunk: int = 2000,
                reset_every: int | None = None) -> torch.Tensor:
    """The logits (N, V) the model gives for each of the N characters of ``ids`` (N,), read from a zero state.

    The first character is predicted from ``first_input`` (the id just before the text, e.g. the last training
    character), so all N characters are scored, as a compressor encodes all N. By default the text is one
    stream and the state is carried through it (fed ``chunk`` characters at a time). With ``reset_every=R`` the
    state is zeroed every R characters, so the model reads between 0 and R - 1 characters of context (the
    windows are run as one batch; a last partial window is dropped, giving N // R * R rows). Float32, on the CPU.
    """
    _check_ids("ids", ids, 1)
    if isinstance(first_input, bool) or not isinstance(first_input, int):
        raise TypeError(f"first_input must be an int id, got {describe(first_input)}")
    was_training = model.training
    model.eval()
    device = next(model.parameters()).device
    inputs = torch.cat([torch.tensor([first_input]), ids[:-1]]).to(device)  # (N,): input t predicts ids[t]
    if reset_every is None:
        logits = torch.cat([out for out, _ in _carried(model, inputs, chunk)], dim=1)[0]  # (N, V)
    else:
        R = check_positive_int("reset_every", reset_every)
        n = len(ids) // R * R
        logits, _ = model(inputs[:n].view(-1, R))  # (N // R, R, V): every window from a zero state
        logits = logits.reshape(n, -1)
    model.train(was_training)
    return logits.cpu()


def bits_from_logits(logits: torch.Tensor, targets: torch.Tensor, temperature: float = 1.0) -> torch.Tensor:
    """-log2 p(target) for each row: logits (N, V), int64 targets (N,) -> float64 bits (N,), with the logits divided
    by ``temperature`` first (1: the model as it is; temperature scaling tunes it on validation text)."""
    if not isinstance(logits, torch.Tensor) or logits.ndim != 2 or not logits.is_floating_point():
        raise TypeError(f"logits must be a floating tensor (N, V), got {describe(logits)}")
    if not isinstance(targets, torch.Tensor) or targets.dtype != torch.int64 or targets.shape != logits.shape[:1]:
        raise ValueError(f"targets must be int64 of shape ({logits.shape[0]},), got {describe(targets)}")
    if isinstance(temperature, bool) or not isinstance(temperature, (int, float)) or not temperature > 0:
        raise ValueError(f"temperature must be a number > 0, got {temperature!r}")
    logp = torch.log_softmax(logits.double() / temperature, dim=-1)  # (N, V)
    return -logp.gather(1, targets[:, None])[:, 0] / math.log(2)


def char_bits(model: CharLSTM, ids: torch.Tensor, first_input: int, chunk: int = 2000,
              reset_every: int | None = None) -> torch.Tensor:
    """Bits the model spends on each of the N characters of ``ids`` (N,), read from a zero state (see
    ``char_logits`` for ``first_input``, ``chunk`` and ``reset_every``). Returns float64 bits: (N,), or
    (N // R * R,) with ``reset_every=R``; their mean is the bits per character."""
    logits = char_logits(model, ids, first_input, chunk, reset_every)
    return bits_from_logits(logits, ids[: len(logits)].cpu())


def _carried(model, inputs, chunk):
    state = None
    for i in range(0, len(inputs), chunk):
        out, state = model(inputs[i : i + chunk][None], state)
        yield out, state


def evaluate_bpc(model: CharLSTM, ids: torch.Tensor, first_input: int) -> float:
    """Bits per character of ``model`` on the (N,) ids, read as one stream (see ``char_bits``)."""
    return float(char_bits(model, ids, first_input).mean())


def train_chunk(model, optimizer, x, y, state, clip: float | None = 1.0):
    """One truncated-BPTT step on a chunk x, y (B, T): the incoming state is detached, the loss (mean nats) is
    back-propagated through this chunk only, gradients are clipped to norm ``clip``, and the optimizer steps.

    Returns (loss in nats as a float, the new state to carry into the next chunk).
    """
    logits, state = model(x, detach_state(state))
    loss = nn.functional.cross_entropy(logits.reshape(-1, logits.shape[-1]), y.reshape(-1))
    optimizer.zero_grad()
    loss.backward()
    if clip is not None:
        nn.utils.clip_grad_norm_(model.parameters(), clip)
    optimizer.step()
    return loss.item(), state
