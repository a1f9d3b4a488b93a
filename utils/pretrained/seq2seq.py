"""Chapter 10's checkpoints: encoder–decoders with and without attention on the reversal task, and a date
normaliser (trained by ``rnnbook pretrain seq2seq``, ``course/pretrain/seq2seq.py``).

Each model is ``checkpoints/seq2seq_<name>.pt`` (float32 weights and config, ≤ 3 MB) beside
``checkpoints/seq2seq_<name>.json``: the command, seed, steps, Python and torch versions, training time,
parameter count and the metrics of ``evaluate(name, model)`` — the function the chapter calls on the loaded
checkpoint (a test checks that the two agree). Evaluation is greedy decoding on fixed, seeded test sets, on the
CPU; the test sets stay the same whatever ``RNN_BOOK_SEED`` says.
"""

from __future__ import annotations

import datetime
import json
from pathlib import Path

import torch

from .. import seeds
from .. import seq2seq as s2s
from ..data import transduction as tr
from . import CHECKPOINT_DIR

MODELS = ("reverse_attention", "reverse_plain", "dates")


REVERSE_VOCAB, REVERSE_MIN, REVERSE_MAX = 100, 5, 40


BUCKETS = ((5, 10), (11, 20), (21, 30), (31, 40))


DATE_TARGET_LEN = 10  # YYYY-MM-DD


def model_config(name: str) -> s2s.Seq2SeqConfig:
    """The architecture of each checkpoint: a biGRU encoder (64 per direction) and a GRU decoder of 128."""
    if name.startswith("reverse"):
        V = REVERSE_VOCAB + tr.FIRST_SYMBOL
        return s2s.Seq2SeqConfig(V, V, emb=32, enc_hidden=64, dec_hidden=128,
                                 attention="additive" if name == "reverse_attention" else None, attn_size=64)
    if name == "dates":
        src_vocab, tgt_vocab = tr.date_vocabularies()
        return s2s.Seq2SeqConfig(len(src_vocab), len(tgt_vocab), emb=32, enc_hidden=64, dec_hidden=128,
                                 attention="additive", attn_size=64)
    raise ValueError(f"name must be one of {MODELS}, got {name!r}")


def reverse_test_set(per_bucket: int = 200, seed: int = 10_000) -> dict[str, list]:
    """The fixed test pairs of the length curve: ``per_bucket`` reversals for each length bucket in ``BUCKETS``
    (the checkpoints' test set: the same whatever ``RNN_BOOK_SEED`` says)."""
    with seeds.exact_seeds():
        return {f"{lo}-{hi}": tr.reverse_pairs(per_bucket, lo, hi, REVERSE_VOCAB, seed + lo) for lo, hi in BUCKETS}


def date_pairs(n: int, seed: int) -> list[tuple[list[int], list[int]]]:
    """``n`` (rendered date ids, ISO date ids) pairs from ``utils.data.transduction.date_examples``."""
    src_vocab, tgt_vocab = tr.date_vocabularies()
    return [(src_vocab.encode(text).tolist(), tgt_vocab.encode(iso).tolist())
            for text, iso, _ in tr.date_examples(n, seed)]


DATE_TEST_SEED = 20_000


def date_test_examples(n: int = 1000) -> list[tuple[str, str, str]]:
    """The dates checkpoint's test examples (rendered, ISO, locale/format): the same whatever ``RNN_BOOK_SEED``
    says."""
    with seeds.exact_seeds():
        return tr.date_examples(n, DATE_TEST_SEED)


def date_test_pairs(n: int = 1000) -> list[tuple[list[int], list[int]]]:
    """``date_test_examples(n)`` as (source ids, target ids) pairs."""
    with seeds.exact_seeds():
        return date_pairs(n, DATE_TEST_SEED)


HARD_DATE_LOCALES = ("nb", "de_AT", "hr", "hu")  # none of them among the 16 training locales


HARD_DATE_SEED = 30_000


def hard_date_examples(n: int = 200) -> dict[str, list[tuple[str, str, str]]]:
    """Harder tests of the dates checkpoint, outside what it was trained on: ``n`` dates of 2100–2199 (a century it
    never saw) in the 16 training locales, and ``n`` dates of 1900–2099 in each of ``HARD_DATE_LOCALES`` (Norwegian
    Bokmål, Austrian German, Croatian, Hungarian), keeping only renderings whose characters the source vocabulary
    knows. Name → (rendered, ISO, locale/format) triples; the same whatever ``RNN_BOOK_SEED`` says."""
    src_vocab, _ = tr.date_vocabularies()
    with seeds.exact_seeds():
        sets = {"years 2100–2199": tr.date_examples(n, HARD_DATE_SEED, first_day=datetime.date(2100, 1, 1),
                                                     last_day=datetime.date(2199, 12, 31))}
        for k, locale in enumerate(HARD_DATE_LOCALES, start=1):
            sets[locale] = tr.date_examples(n, HARD_DATE_SEED + k, locales=(locale,))
    return {name: [e for e in examples if all(c in src_vocab.index for c in e[0])] for name, examples in sets.items()}


@torch.no_grad()
def evaluate(name: str, model: s2s.Seq2Seq, per_bucket: int = 200, date_test: int = 1000) -> dict[str, float]:
    """Exact-match accuracy of greedy decoding: per length bucket for the reversal models, overall for dates."""
    model = model.cpu().eval()
    if name.startswith("reverse"):
        return {bucket: s2s.exact_match(model, pairs, max_len=REVERSE_MAX + 1, batch_size=200)
                for bucket, pairs in reverse_test_set(per_bucket).items()}
    if name == "dates":
        pairs = date_test_pairs(date_test)
        return {"exact_match": s2s.exact_match(model, pairs, max_len=DATE_TARGET_LEN + 1, batch_size=250)}
    raise ValueError(f"name must be one of {MODELS}, got {name!r}")


def checkpoint_paths(name: str, out: Path | None = None) -> tuple[Path, Path]:
    """(weights ``.pt``, record ``.json``) of checkpoint ``name`` in ``out`` (default: the committed folder)."""
    out = Path(out) if out is not None else CHECKPOINT_DIR
    return out / f"seq2seq_{name}.pt", out / f"seq2seq_{name}.json"


def load(name: str, out: Path | None = None) -> tuple[s2s.Seq2Seq, dict]:
    """The committed checkpoint ``name`` on the CPU in eval mode, and its JSON record."""
    weights, record = checkpoint_paths(name, out)
    return s2s.load_model(weights), json.loads(record.read_text())
