"""``rnnbook COMMAND [options]``: the course's one command-line entry point (``rnnbook COMMAND -h`` for a
command's options).

Each command is the ``main(argv)`` of one module of ``course``; ``python -m course COMMAND`` does the same.
"""

from __future__ import annotations

import importlib
import sys

# command -> (module, arguments put before the user's, what it does)
COMMANDS = {
    "release": ("course.grading", ["release"], "regenerate exercises/ from solutions/ (nbgrader generate_assignment)"),
    "check": ("course.grading", ["check"], "grade your own exercises/NN_topic/ with the hidden tests"),
    "autograde": ("course.autograde", [], "autograde a class's submissions in parallel (instructors)"),
    "book": ("course.book", [], "execute every chapter and build the HTML book"),
    "navigation": ("course.navigation", [], "regenerate the chapters' links, the contents and the README table"),
    "bench": ("course.bench", [], "time every notebook against a calibration workload (the budgets)"),
    "bench-grading": ("course.bench_grading", [], "parallel autograding against plain nbgrader, timed"),
    "claims": ("course.claims", [], "run every chapter under other seeds and emulated CPUs"),
    "pretrain": ("course.pretrain.__main__", [], "train a checkpoint of utils.pretrained (charlm, seq2seq, parallel)"),
}


def usage() -> str:
    width = max(map(len, COMMANDS))
    lines = [f"  {name:<{width}}  {help_}" for name, (_, _, help_) in COMMANDS.items()]
    return "usage: rnnbook COMMAND [options]\n\ncommands:\n" + "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    if not argv or argv[0] in {"-h", "--help"}:
        print(usage())
        return 0
    if argv[0] not in COMMANDS:
        print(f"rnnbook: unknown command {argv[0]!r}\n\n{usage()}", file=sys.stderr)
        return 2
    module_name, prefix, _ = COMMANDS[argv[0]]
    result = importlib.import_module(module_name).main(prefix + argv[1:])
    return int(result or 0)


if __name__ == "__main__":
    sys.exit(main())
