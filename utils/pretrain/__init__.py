"""Seeded, tested scripts that train the small checkpoints some chapters load (their demonstrations need more
training than a chapter's time budget allows).

Run one with ``python -m utils.pretrain NAME [options]``; each ``NAME`` is a module here with a
``main(argv) -> int``. Every checkpoint is committed beside a JSON file recording the command, the seed, the
training time and the metrics measured on the held-out data, which the chapter that loads the checkpoint
measures again itself (a test checks that the two agree).
"""

from pathlib import Path

CHECKPOINT_DIR = Path(__file__).resolve().parent / "checkpoints"
