"""Train chapter 11's checkpoints: selective copying and running parity, three seeds per model, by a seeded,
step-budgeted run (the models, data and evaluation are ``utils.pretrained.parallel``'s).

    rnnbook pretrain parallel [--tasks copying,parity] [--seeds 0,1,2] [--steps N] [--out DIR]
    rnnbook pretrain parallel --reevaluate   # measure the saved models again, e.g. on a new test size
"""

from __future__ import annotations

import argparse
import json
import platform
import sys
from pathlib import Path

import torch

from utils.pretrained import CHECKPOINT_DIR
from utils.pretrained.parallel import (
    KINDS,
    SEEDS,
    SETTINGS,
    TASKS,
    build,
    check_task,
    checkpoint_paths,
    evaluate,
    models_from,
    train_one,
)


def run_task(task: str, seed_list: list[int], steps: int, out: Path, command: str) -> dict:
    """Train every model of ``task`` for every seed, save the weights and the record; returns the record."""
    check_task(task)
    states, runs = {}, {}
    for kind in KINDS[task]:
        states[kind], runs[kind] = [], []
        for seed in seed_list:
            model, history = train_one(task, kind, seed, steps)
            states[kind].append({k: v.detach().float().clone() for k, v in model.state_dict().items()})
            every = max(1, steps // 50)
            runs[kind].append({"seed": seed, "train_seconds": round(history["seconds"], 1),
                               "history": {"step": history["step"][::every],
                                           "loss": [round(x, 5) for x in history["loss"][::every]]}})
            print(f"{task} {kind} seed {seed}: {history['seconds']:.0f} s, final loss {history['loss'][-1]:.4f}",
                  flush=True)
    weights, record_path = checkpoint_paths(task, out)
    torch.save(states, weights)
    models = models_from(task, weights)
    for kind in KINDS[task]:
        for run, model in zip(runs[kind], models[kind], strict=True):
            run["metrics"] = evaluate(task, model)  # measured on exactly what was saved
            print(f"{task} {kind} seed {run['seed']}: {run['metrics']}", flush=True)
    record = {
        "task": task, "command": command, "seeds": list(seed_list), "steps": steps, "settings": SETTINGS[task],
        "optimizer": "Adam, linear warm-up over 100 steps, cosine decay to 0, gradient norm clipped at 1",
        "python": platform.python_version(), "torch": torch.__version__, "threads": torch.get_num_threads(),
        "size_bytes": weights.stat().st_size,
        "parameters": {kind: sum(p.numel() for p in build(task, kind).parameters()) for kind in KINDS[task]},
        "runs": runs,
    }
    record_path.write_text(json.dumps(record, indent=1) + "\n")
    return record


def reevaluate(task: str, out: Path, command: str) -> dict:
    """Measure the saved models of ``task`` again with the current ``evaluate`` and ``SETTINGS`` (no training),
    and update their record: the metrics, the settings, and ``reevaluated`` (the command and versions)."""
    weights, record_path = checkpoint_paths(task, out)
    record = json.loads(record_path.read_text())
    training = {k: v for k, v in SETTINGS[task].items() if not k.startswith("test")}
    if {k: v for k, v in record["settings"].items() if not k.startswith("test")} != training:
        raise ValueError(f"the saved {task} models were trained with other settings than SETTINGS: retrain them")
    models = models_from(task, weights)
    for kind in KINDS[task]:
        for run, model in zip(record["runs"][kind], models[kind], strict=True):
            run["metrics"] = evaluate(task, model)
            print(f"{task} {kind} seed {run['seed']}: {run['metrics']}", flush=True)
    record["settings"] = SETTINGS[task]
    record["reevaluated"] = {"command": command, "python": platform.python_version(), "torch": torch.__version__}
    record_path.write_text(json.dumps(record, indent=1) + "\n")
    return record


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="rnnbook pretrain parallel", description=__doc__.splitlines()[0])
    parser.add_argument("--tasks", default=",".join(TASKS), help=f"comma-separated subset of {TASKS}")
    parser.add_argument("--seeds", default=",".join(map(str, SEEDS)), help="comma-separated seeds")
    parser.add_argument("--steps", type=int, default=None, help="optimiser steps per model (default: SETTINGS)")
    parser.add_argument("--out", type=Path, default=CHECKPOINT_DIR)
    parser.add_argument("--reevaluate", action="store_true",
                        help="measure the saved models again (new test settings), without training")
    args = parser.parse_args(argv)
    tasks = [t for t in args.tasks.split(",") if t]
    unknown = [t for t in tasks if t not in TASKS]
    if unknown:
        parser.error(f"unknown tasks {unknown}; choose from {TASKS}")
    try:
        seed_list = [int(s) for s in args.seeds.split(",") if s]
    except ValueError:
        parser.error(f"--seeds must be comma-separated integers, got {args.seeds!r}")
    args.out.mkdir(parents=True, exist_ok=True)
    command = ("rnnbook pretrain parallel " + " ".join(argv)).strip()
    for task in tasks:
        if args.reevaluate:
            reevaluate(task, args.out, command)
            continue
        record = run_task(task, seed_list, args.steps or SETTINGS[task]["steps"], args.out, command)
        print(f"{task}: {record['size_bytes'] / 1e6:.2f} MB", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
