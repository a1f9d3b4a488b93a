"""``rnnbook pretrain NAME [options]``: run the ``main(argv)`` of ``course.pretrain.NAME``."""

from __future__ import annotations

import importlib
import pkgutil
import sys

import course.pretrain as package
from utils.seeds import exact_seeds


def available() -> list[str]:
    return sorted(info.name for info in pkgutil.iter_modules(package.__path__) if not info.name.startswith("_"))


def main(argv: list[str]) -> int:
    names = available()
    if not argv or argv[0] in {"-h", "--help"} or argv[0] not in names:
        print(f"usage: rnnbook pretrain NAME [options], NAME one of {', '.join(names) or '(none yet)'}")
        return 0 if argv[:1] in ([], ["-h"], ["--help"]) else 2
    module = importlib.import_module(f"course.pretrain.{argv[0]}")
    with exact_seeds():  # a checkpoint is trained on the seeds as written, whatever RNN_BOOK_SEED says
        return int(module.main(argv[1:]) or 0)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
