"""Checkpoints for chapter 10: encoder–decoders with and without attention on the reversal task, and a date
normaliser, trained by a seeded, step-budgeted run.

    python -m utils.pretrain seq2seq [--models reverse_attention,reverse_plain,dates] [--steps N] [--out DIR]

Each model is written to ``DIR/seq2seq_<name>.pt`` (float32 weights and config, ≤ 3 MB) beside
``DIR/seq2seq_<name>.json``: the command, seed, steps, Python and torch versions, training time, parameter count
and the metrics of ``evaluate(name, model)`` — the function the chapter calls on the loaded checkpoint (a test
checks that the two agree). Evaluation is greedy decoding on fixed, seeded test sets, on the CPU.
"""

from __future__ import annotations

import argparse
import datetime
import json
import platform
import sys
import time
from pathlib import Path

import torch

from .. import seeds
from .. import seq2seq as s2s
from .. import transduction as tr
from . import CHECKPOINT_DIR

MODELS = ("reverse_attention", "reverse_plain", "dates")
REVERSE_VOCAB, REVERSE_MIN, REVERSE_MAX = 100, 5, 40
BUCKETS = ((5, 10), (11, 20), (21, 30), (31, 40))
DATE_TARGET_LEN = 10  # YYYY-MM-DD
DEFAULT_STEPS = {"reverse_attention": 1500, "reverse_plain": 20_000, "dates": 600}
# A length curriculum (the longest training source grows from START tokens to REVERSE_MAX over the first
# FRACTION of the steps): only the fixed-context model needs one to master the short lengths.
DEFAULT_CURRICULUM = {"reverse_plain": (10, 0.6)}


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
    """``n`` (rendered date ids, ISO date ids) pairs from ``utils.transduction.date_examples``."""
    src_vocab, tgt_vocab = tr.date_vocabularies()
    return [(src_vocab.encode(text), tgt_vocab.encode(iso)) for text, iso, _ in tr.date_examples(n, seed)]


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


def training_pairs(name: str, n: int, seed: int) -> list:
    if name.startswith("reverse"):
        return tr.reverse_pairs(n, REVERSE_MIN, REVERSE_MAX, REVERSE_VOCAB, seed)
    return date_pairs(n, seed)


def checkpoint_paths(name: str, out: Path | None = None) -> tuple[Path, Path]:
    """(weights ``.pt``, record ``.json``) of checkpoint ``name`` in ``out`` (default: the committed folder)."""
    out = Path(out) if out is not None else CHECKPOINT_DIR
    return out / f"seq2seq_{name}.pt", out / f"seq2seq_{name}.json"


def load(name: str, out: Path | None = None) -> tuple[s2s.Seq2Seq, dict]:
    """The committed checkpoint ``name`` on the CPU in eval mode, and its JSON record."""
    weights, record = checkpoint_paths(name, out)
    return s2s.load_model(weights), json.loads(record.read_text())


def curriculum_for(name: str, steps: int, setting: tuple[int, float] | None) -> s2s.LengthCurriculum | None:
    """The ``LengthCurriculum`` of a reversal model from ``setting`` = (first longest source, fraction of the steps
    to reach ``REVERSE_MAX``), or ``None`` (no curriculum; the dates model never has one)."""
    if setting is None or not name.startswith("reverse"):
        return None
    first, fraction = setting
    return s2s.LengthCurriculum(first, REVERSE_MAX, max(1, round(fraction * steps)))


def train_one(name: str, steps: int, seed: int, train_size: int, out: Path, per_bucket: int, date_test: int,
              command: str, curriculum: tuple[int, float] | None = None) -> dict:
    torch.manual_seed(seed)
    model = s2s.Seq2Seq(model_config(name))
    pairs = training_pairs(name, train_size, seed)
    start = time.perf_counter()
    history = s2s.fit(model, pairs, steps=steps, lr=3e-3, warmup=min(100, max(1, steps // 10)), batch_size=64,
                      clip_norm=1.0, seed=seed, log_every=max(1, steps // 30), report=lambda line: print(name, line),
                      curriculum=curriculum_for(name, steps, curriculum))
    seconds = time.perf_counter() - start
    weights, record_path = checkpoint_paths(name, out)
    s2s.save_model(model, weights)
    model = s2s.load_model(weights)  # measure exactly what was saved
    record = {
        "name": name, "command": command, "seed": seed, "steps": steps, "train_size": train_size,
        "batch_size": 64, "lr": 3e-3, "schedule": "linear warm-up, cosine decay",
        "curriculum": None if curriculum_for(name, steps, curriculum) is None else
        {"first_max_len": curriculum[0], "reaches_max_len_at_step": curriculum_for(name, steps, curriculum).ramp_steps},
        "python": platform.python_version(),
        "torch": torch.__version__, "threads": torch.get_num_threads(), "train_seconds": round(seconds, 1),
        "parameters": s2s.count_parameters(model), "size_bytes": weights.stat().st_size,
        "eval": {"per_bucket": per_bucket, "date_test": date_test},
        "metrics": evaluate(name, model, per_bucket, date_test),
        "history": {"step": history["step"], "loss": [round(x, 5) for x in history["loss"]]},
    }
    record_path.write_text(json.dumps(record, indent=1) + "\n")
    return record


def _parse_curriculum(parser: argparse.ArgumentParser, text: str | None) -> tuple[int, float] | None:
    if text is None or text == "none":
        return None
    try:
        first, fraction = text.split(",")
        setting = int(first), float(fraction)
    except ValueError:
        parser.error(f"--curriculum must be START,FRACTION (e.g. 10,0.6) or none, got {text!r}")
    if not (1 <= setting[0] <= REVERSE_MAX and 0 < setting[1] <= 1):
        parser.error(f"--curriculum needs 1 <= START <= {REVERSE_MAX} and 0 < FRACTION <= 1, got {text!r}")
    return setting


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m utils.pretrain seq2seq", description=__doc__.splitlines()[0])
    parser.add_argument("--models", default=",".join(MODELS), help=f"comma-separated subset of {MODELS}")
    parser.add_argument("--steps", type=int, default=None, help=f"optimiser steps per model (default {DEFAULT_STEPS})")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--curriculum", default=None, metavar="START,FRACTION",
                        help="length curriculum of the reversal models: the longest source grows from START to "
                             f"{REVERSE_MAX} over the first FRACTION of the steps; 'none' for no curriculum "
                             f"(default {DEFAULT_CURRICULUM}, none for the others)")
    parser.add_argument("--train-size", type=int, default=64_000, help="training pairs per model")
    parser.add_argument("--per-bucket", type=int, default=200, help="reversal test pairs per length bucket")
    parser.add_argument("--date-test", type=int, default=1000, help="date test pairs")
    parser.add_argument("--out", type=Path, default=CHECKPOINT_DIR)
    args = parser.parse_args(argv)
    names = [n for n in args.models.split(",") if n]
    unknown = [n for n in names if n not in MODELS]
    if unknown:
        parser.error(f"unknown models {unknown}; choose from {MODELS}")
    curriculum = _parse_curriculum(parser, args.curriculum)
    args.out.mkdir(parents=True, exist_ok=True)
    command = "python -m utils.pretrain seq2seq " + " ".join(argv)
    for name in names:
        steps = args.steps or DEFAULT_STEPS[name]
        setting = DEFAULT_CURRICULUM.get(name) if args.curriculum is None else curriculum
        record = train_one(name, steps, args.seed, args.train_size, args.out, args.per_bucket, args.date_test,
                           command.strip(), setting)
        print(f"{name}: {record['train_seconds']} s, {record['size_bytes'] / 1e6:.2f} MB, metrics {record['metrics']}",
              flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
