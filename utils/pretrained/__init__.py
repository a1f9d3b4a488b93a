"""The small checkpoints some chapters load, and what a chapter needs to load and measure them: their
architectures, their fixed test sets and the functions that evaluate them.

Their demonstrations need more training than a chapter's time budget allows, so ``rnnbook pretrain NAME`` (the
course's scripts, ``course/pretrain/``) trains them, seeded, and commits each one under ``checkpoints/`` beside a
JSON file recording the command, the seed, the training time and the metrics measured on the held-out data. The
chapter that loads a checkpoint measures it again itself (a test checks that the two agree).

- ``charlm``   chapter 09's character LSTM on the Python documentation
- ``seq2seq``  chapter 10's encoder–decoders (reversal with and without attention, dates)
- ``parallel`` chapter 11's selective-copying and parity models (three seeds each)
"""

from pathlib import Path

CHECKPOINT_DIR = Path(__file__).resolve().parent / "checkpoints"
