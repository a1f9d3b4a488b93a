"""Train chapter 10's checkpoints: encoder–decoders with and without attention on the reversal task, and a date
normaliser, by a seeded, step-budgeted run.

    rnnbook pretrain seq2seq [--models reverse_attention,reverse_plain,dates] [--steps N] [--out DIR]

Writes ``DIR/seq2seq_<name>.pt`` and ``.json`` (see ``utils.pretrained.seq2seq``, which loads and measures them).
"""

from __future__ import annotations

import argparse
import json
import platform
import sys
import time
from pathlib import Path

import torch

from utils import seq2seq as s2s
from utils.data import transduction as tr
from utils.pretrained import CHECKPOINT_DIR
from utils.pretrained.seq2seq import (
    MODELS,
    REVERSE_MAX,
    REVERSE_MIN,
    REVERSE_VOCAB,
    checkpoint_paths,
    date_pairs,
    evaluate,
    model_config,
)

DEFAULT_STEPS = {"reverse_attention": 1500, "reverse_plain": 20_000, "dates": 600}


# A length curriculum (the longest training source grows from START tokens to REVERSE_MAX over the first
# FRACTION of the steps): only the fixed-context model needs one to master the short lengths.
DEFAULT_CURRICULUM = {"reverse_plain": (10, 0.6)}


def training_pairs(name: str, n: int, seed: int) -> list:
    if name.startswith("reverse"):
        return tr.reverse_pairs(n, REVERSE_MIN, REVERSE_MAX, REVERSE_VOCAB, seed)
    return date_pairs(n, seed)


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
    parser = argparse.ArgumentParser(prog="rnnbook pretrain seq2seq", description=__doc__.splitlines()[0])
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
    command = "rnnbook pretrain seq2seq " + " ".join(argv)
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
