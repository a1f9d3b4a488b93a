"""``make claims``: does every claim of every chapter hold for other seeds and on other CPUs?

    rnnbook claims                    # every chapter × every variant, two kernels at a time
    rnnbook claims 02 07              # chapters whose file name contains "02" or "07"
    rnnbook claims --variants "seed 1,old CPU" --jobs 1

A chapter asserts what its prose says (a number, "A beats B", "the curve crosses …"). Such an assert is a
finding only if it holds for other random numbers and other rounding, not just in the run its author saw.
This runs every chapter top to bottom, in a fresh kernel, under each variant in ``VARIANTS``:

- ``seed 0``, ``seed 1``, ``seed 2``: ``RNN_BOOK_SEED`` shifts every seed the book sets (``utils.seeds``):
  initialisations, data draws, splits, samples — pretrained checkpoints stay as they are;
- ``old CPU``: ATen's portable kernels and oneDNN without AVX (``ATEN_CPU_CAPABILITY=default``,
  ``ONEDNN_MAX_CPU_ISA=SSE41``) — the same mathematics, other rounding;
- ``AVX2 CPU``: what a machine without AVX-512 computes (the kind CI and most laptops are): ATen's AVX2
  kernels, oneDNN and MKL capped at AVX2.

A failing cell does not stop its chapter (every later cell still runs), so the table lists every failing
assert with its cell and message, not just the first. The command exits non-zero if any chapter fails in any
variant. It is a benchmark-like check, not part of ``make test``: run it alone (each kernel uses one torch
thread, so ``--jobs 2`` keeps two cores busy). Run time on the 2-core machine: see the README.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import time
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

from .bench import HANG_GUARD_FACTOR, REPO_ROOT, budget_s, execute

VARIANTS: dict[str, dict[str, str]] = {
    "seed 0": {"RNN_BOOK_SEED": "0"},
    "seed 1": {"RNN_BOOK_SEED": "1"},
    "seed 2": {"RNN_BOOK_SEED": "2"},
    "old CPU": {"RNN_BOOK_SEED": "0", "ATEN_CPU_CAPABILITY": "default", "ONEDNN_MAX_CPU_ISA": "SSE41"},
    "AVX2 CPU": {"RNN_BOOK_SEED": "0", "ATEN_CPU_CAPABILITY": "avx2", "ONEDNN_MAX_CPU_ISA": "AVX2",
                 "MKL_ENABLE_INSTRUCTIONS": "AVX2"},
}
# Every variant runs the chapters as `make book` does: static figures, no progress bars.
COMMON_ENV = {"RNN_BOOK_STATIC": "1", "TQDM_DISABLE": "1"}
# Variables a variant may set: removed from the inherited environment first, so that only the variant decides.
VARIANT_KEYS = sorted({key for env in VARIANTS.values() for key in env})
ANSI = re.compile(r"\x1b\[[0-9;]*m")


@dataclass
class Failure:
    cell: int  # index of the cell among all cells of the notebook (0-based)
    error: str  # "AssertionError: message"
    line: str  # the source line the error was raised at, when the traceback shows it


@dataclass
class Run:
    chapter: str
    variant: str
    seconds: float = 0.0
    failures: list[Failure] = field(default_factory=list)
    crash: str = ""  # the run itself failed (timeout, dead kernel)

    @property
    def ok(self) -> bool:
        return not self.failures and not self.crash


def chapters(select: list[str] | None = None, root: Path = REPO_ROOT) -> list[Path]:
    """``chapters/*.ipynb`` (found anew each run), only those whose name contains one of ``select`` if given."""
    found = sorted((root / "chapters").glob("*.ipynb"))
    return [p for p in found if not select or any(s in p.name for s in select)]


def variant_env(variant: str, base: dict[str, str] | None = None) -> dict[str, str]:
    """The kernel environment of ``variant``: ``base`` (default this process's) without any variant variable,
    plus ``COMMON_ENV`` and the variant's own settings."""
    if variant not in VARIANTS:
        raise ValueError(f"variant must be one of {list(VARIANTS)}, got {variant!r}")
    env = {k: v for k, v in (os.environ if base is None else base).items() if k not in VARIANT_KEYS}
    env.pop("MPLBACKEND", None)  # the kernels' inline backend turns figures into outputs
    return {**env, **COMMON_ENV, **VARIANTS[variant]}


def failures_of(notebook) -> list[Failure]:
    """Every error output of an executed notebook, with the line of the cell that raised it."""
    found = []
    for index, cell in enumerate(notebook.cells):
        for output in cell.get("outputs", []) if cell.cell_type == "code" else []:
            if output.get("output_type") != "error":
                continue
            arrows = [ANSI.sub("", line) for line in output.get("traceback", []) for line in line.splitlines()
                      if "---->" in ANSI.sub("", line)]
            line = re.sub(r"^-*>\s*\d*\s*", "", arrows[-1]).strip() if arrows else ""
            message = f"{output.get('ename', '')}: {output.get('evalue', '')}".strip().rstrip(":")
            found.append(Failure(index, message, line))
    return found


def run_chapter(path: Path, variant: str) -> Run:
    """Execute one chapter under one variant; never raises (a crash is recorded in the result)."""
    run = Run(path.stem, variant)
    relative = str(path.relative_to(REPO_ROOT))
    start = time.perf_counter()
    try:
        notebook, run.seconds, _ = execute(path, HANG_GUARD_FACTOR * budget_s(relative),
                                           env=variant_env(variant), allow_errors=True)
        run.failures = failures_of(notebook)
    except Exception as problem:  # noqa: BLE001 - a timeout or a dead kernel is a result, reported in the table
        run.seconds = time.perf_counter() - start
        run.crash = f"{type(problem).__name__}: {str(problem).strip().splitlines()[-1][:200] if str(problem) else ''}"
    return run


def table(runs: list[Run], variants: list[str]) -> str:
    """Chapter × variant: ``ok`` with the seconds, or the number of failing cells."""
    names = list(dict.fromkeys(r.chapter for r in runs))
    by_key = {(r.chapter, r.variant): r for r in runs}
    width = max(len(n) for n in names)
    lines = [f"{'chapter':<{width}}  " + "  ".join(f"{v:>12}" for v in variants)]
    for name in names:
        cells = []
        for variant in variants:
            run = by_key.get((name, variant))
            if run is None:
                cells.append("-")
            elif run.crash:
                cells.append("CRASHED")
            elif run.failures:
                cells.append(f"FAIL ({len(run.failures)})")
            else:
                cells.append(f"ok {run.seconds:4.0f} s")
        lines.append(f"{name:<{width}}  " + "  ".join(f"{c:>12}" for c in cells))
    return "\n".join(lines)


def details(runs: list[Run]) -> str:
    """Every failing cell of every run: chapter, variant, cell, error and the source line."""
    lines = []
    for run in runs:
        if run.crash:
            lines.append(f"{run.chapter} [{run.variant}]: {run.crash}")
        for failure in run.failures:
            where = f" at `{failure.line}`" if failure.line else ""
            lines.append(f"{run.chapter} [{run.variant}] cell {failure.cell}: {failure.error}{where}")
    return "\n".join(lines)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="rnnbook claims", description=__doc__.split("\n")[0])
    parser.add_argument("select", nargs="*", help="run only chapters whose file name contains one of these")
    parser.add_argument("--variants", default=",".join(VARIANTS),
                        help=f"comma-separated subset of: {', '.join(VARIANTS)}")
    parser.add_argument("--jobs", type=int, default=2, help="kernels at a time (default 2: one per core)")
    args = parser.parse_args(argv)
    variants = [v.strip() for v in args.variants.split(",") if v.strip()]
    unknown = [v for v in variants if v not in VARIANTS]
    if unknown:
        parser.error(f"unknown variants {unknown}; choose from {list(VARIANTS)}")
    if args.jobs < 1:
        parser.error(f"--jobs must be at least 1, got {args.jobs}")
    paths = chapters(args.select)
    if not paths:
        print(f"no chapter matches {args.select}")
        return 2
    os.environ["PATH"] = str(Path(sys.executable).parent) + os.pathsep + os.environ.get("PATH", "")
    jobs = [(path, variant) for path in paths for variant in variants]
    # The longest chapters first, so that the last kernels to finish are short ones.
    jobs.sort(key=lambda job: -budget_s(str(job[0].relative_to(REPO_ROOT))))
    print(f"{len(paths)} chapters × {len(variants)} variants, {args.jobs} at a time", flush=True)
    start = time.perf_counter()
    runs = []
    with ThreadPoolExecutor(max_workers=args.jobs) as pool:
        for future in as_completed([pool.submit(run_chapter, *job) for job in jobs]):
            run = future.result()
            runs.append(run)
            verdict = "ok" if run.ok else ("CRASHED" if run.crash else f"{len(run.failures)} failing cells")
            print(f"  {run.chapter} [{run.variant}]: {run.seconds:.0f} s, {verdict}", flush=True)
    runs.sort(key=lambda r: (r.chapter, variants.index(r.variant)))
    minutes = (time.perf_counter() - start) / 60
    print()
    print(table(runs, variants))
    failed = [r for r in runs if not r.ok]
    if failed:
        print()
        print(details(failed))
    print(f"\nclaims: {len(runs) - len(failed)}/{len(runs)} runs green in {minutes:.1f} min "
          f"({args.jobs} at a time)" + ("" if not failed else " — FAILED"))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
