"""Train chapter 09's character LSTM on the Python documentation and save a small checkpoint with its record.

``rnnbook pretrain charlm [--steps N] [--out DIR] ...`` (``--help`` lists every option). Seeded; the
held-out text (the last 10 %) is never used for any choice: the checkpoint kept is the one with the lowest
bits per character on a validation slice (the last 5 % of the training text, which is therefore not trained
on). Writes ``charlm.pt`` (weights, model configuration, vocabulary) and ``charlm.json`` (the command, seed,
Python and torch versions, corpus fingerprint, training time and the metrics measured on the saved weights).
"""

from __future__ import annotations

import argparse
import json
import math
import platform
import shlex
import sys
import time
from pathlib import Path

import torch

from utils.charlm import STREAM_SPECIALS, CharLSTM, chunks, evaluate_bpc, to_streams, train_chunk
from utils.data.python_docs import corpus_fingerprint, load_python_docs, split_heldout
from utils.data.vocab import Vocab
from utils.pretrained import CHECKPOINT_DIR
from utils.pretrained.charlm import NAME, measure, save_checkpoint
from utils.train import seed_everything


def parse_args(argv: list[str]) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="rnnbook pretrain charlm", description=__doc__.split("\n")[0])
    p.add_argument("--steps", type=int, default=5000, help="optimizer steps (chunks of B x T characters)")
    p.add_argument("--batch-size", type=int, default=32, help="B, parallel streams")
    p.add_argument("--bptt", type=int, default=128, help="T, characters per chunk")
    p.add_argument("--embed-dim", type=int, default=48)
    p.add_argument("--hidden-size", type=int, default=224)
    p.add_argument("--num-layers", type=int, default=2)
    p.add_argument("--dropout", type=float, default=0.2)
    p.add_argument("--lr", type=float, default=3e-3, help="Adam learning rate, cosine-decayed to 5 %% of it")
    p.add_argument("--clip", type=float, default=1.0, help="gradient-norm clipping threshold")
    p.add_argument("--min-count", type=int, default=3, help="rarer characters become <unk> in training")
    p.add_argument("--eval-every", type=int, default=250, help="steps between validation checks (and saves)")
    p.add_argument("--max-minutes", type=float, default=None, help="stop early after this much training time")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--out", type=Path, default=CHECKPOINT_DIR, help="directory for charlm.pt and charlm.json")
    return p.parse_args(argv)


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    torch.set_num_threads(1)
    seed_everything(args.seed)
    text = load_python_docs()
    train, _ = split_heldout(text, 0.1)
    fit, val = split_heldout(train, 0.05)
    vocab = Vocab.from_text(train, args.min_count, STREAM_SPECIALS)
    streams = to_streams(vocab.encode(fit), args.batch_size)
    val_ids, val_first = vocab.encode(val), int(vocab.encode(fit[-1])[0])
    model = CharLSTM(len(vocab), args.embed_dim, args.hidden_size, args.num_layers, args.dropout)
    optimizer = torch.optim.Adam(model.parameters(), lr=args.lr)
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimizer, lambda s: 0.05 + 0.95 * 0.5 * (1 + math.cos(math.pi * min(s, args.steps) / args.steps)))
    generator = torch.Generator().manual_seed(args.seed)
    record = {"command": "rnnbook pretrain charlm " + shlex.join(argv), "args": {
        k: str(v) if isinstance(v, Path) else v for k, v in vars(args).items() if k != "out"},
        "python": platform.python_version(), "torch": torch.__version__, "corpus": corpus_fingerprint(text),
        "parameters": sum(p.numel() for p in model.parameters()), "history": []}
    step, best, start, losses = 0, math.inf, time.perf_counter(), []
    while step < args.steps:
        state = None  # a new pass over the text starts from a random offset, from a zero state
        offset = int(torch.randint(args.bptt, (1,), generator=generator))
        for x, y in chunks(streams, args.bptt, start=offset):
            loss, state = train_chunk(model, optimizer, x, y, state, clip=args.clip)
            schedule.step()
            losses.append(loss)
            step += 1
            minutes = (time.perf_counter() - start) / 60
            stop = step >= args.steps or (args.max_minutes is not None and minutes >= args.max_minutes)
            if step % args.eval_every == 0 or stop:
                val_bpc = evaluate_bpc(model, val_ids, val_first)
                train_bpc = sum(losses) / len(losses) / math.log(2)
                losses = []
                record["history"].append({"step": step, "minutes": round(minutes, 2),
                                          "train_bpc": round(train_bpc, 4), "val_bpc": round(val_bpc, 4)})
                print(f"step {step:6d}  {minutes:6.1f} min  train {train_bpc:.3f}  val {val_bpc:.3f} bpc",
                      flush=True)
                if val_bpc < best:
                    best = val_bpc
                    record.update(best_step=step, steps_done=step, train_minutes=round(minutes, 2),
                                  val_bpc=val_bpc, metrics=measure(model, vocab, text))
                    save_checkpoint(model, vocab, record, args.out)
                else:
                    record.update(steps_done=step)
                    (args.out / f"{NAME}.json").write_text(json.dumps(record, indent=2, ensure_ascii=False) + "\n")
            if stop:
                break
        if args.max_minutes is not None and (time.perf_counter() - start) / 60 >= args.max_minutes:
            break
    print(json.dumps(record["metrics"], indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
