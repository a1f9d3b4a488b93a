"""``make bench``: every notebook's run time, as seconds and as a ratio to a calibration workload.

    rnnbook bench                          # every chapter and solution notebook, then the load test
    rnnbook bench chapters/01_vanilla_rnn.ipynb solutions/01_vanilla_rnn/exercises.ipynb
    rnnbook bench --no-load-test 01 03     # notebooks whose path contains "01" or "03"

Each notebook runs top to bottom in a fresh kernel (as in ``make test``). Before every notebook, and once at
the end, the benchmark times ``calibration()``, a fixed workload like the book's (small ``nn.LSTM``/``nn.GRU``
training steps and a NumPy recurrence, on one thread). A notebook's *ratio* is its seconds divided by the mean
of the calibrations just before and after it, so a busier or slower machine makes both slower and the ratio
stays put. The benchmark fails when a ratio exceeds its budget:

    budget ratio = budget seconds / REFERENCE_CALIBRATION_S

with the budgets of a quiet 2-core CPU (``BUDGETS_S``: 60 s per notebook, 90 s for chapters 08–11, 8 min for
the collection, compared with the sum of the ratios). ``REFERENCE_CALIBRATION_S`` is what the calibration
takes on that reference machine (see its comment).

The load test then runs the heaviest chapter of the run again while a busy loop keeps one core busy and reports
its time as a ratio to the quiet run (target ≤ ``LOAD_RATIO_LIMIT``): with torch on one thread
(``utils.runtime``) a second busy process leaves the chapter its own core, while torch's default two threads
would fight the busy loop for both cores.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from . import REPO_ROOT

# Seconds on a quiet 2-core CPU (DESIGN §8): a notebook, chapters 08–11 by name prefix, the whole collection.
DEFAULT_BUDGET_S = 60.0
BUDGETS_S = {"chapters/08": 90.0, "chapters/09": 90.0, "chapters/10": 90.0, "chapters/11": 90.0}
COLLECTION_BUDGET_S = 8 * 60.0
# `make test` only guards against hangs: a notebook is stopped after this many times its budget.
HANG_GUARD_FACTOR = 5
# calibration() on the reference machine: the project's 2-core CPU with nothing else running (torch 2.13 CPU
# build, one thread), after its warm-up: 1.06-1.16 s in six calls on the idle machine on 2026-12-02, and
# 0.96-1.5 s beside each notebook in a full `make bench` there (the notebooks then took 4-62 s, 394 s in all).
# So a 60 s budget is a ratio of 50 and a 90 s budget one of 75.
REFERENCE_CALIBRATION_S = 1.2
LOAD_RATIO_LIMIT = 1.5


def budget_s(relative_path: str) -> float:
    """The budget of a notebook, by its path relative to the repository (``chapters/08_…`` → 90 s)."""
    for prefix, seconds in BUDGETS_S.items():
        if relative_path.startswith(prefix):
            return seconds
    return DEFAULT_BUDGET_S


def budget_ratio(relative_path: str) -> float:
    """The largest allowed ratio of a notebook's time to the calibration's."""
    return budget_s(relative_path) / REFERENCE_CALIBRATION_S


def notebooks(root: Path = REPO_ROOT) -> list[Path]:
    """Every chapter (``chapters/*.ipynb``) and solution notebook (``solutions/*/*.ipynb``), found anew each run."""
    return sorted((root / "chapters").glob("*.ipynb")) + sorted((root / "solutions").glob("*/*.ipynb"))


def execute(path: Path, timeout_s: float, env: dict[str, str] | None = None, allow_errors: bool = False):
    """Run a notebook in a fresh kernel started in its folder; stop it after ``timeout_s`` seconds in all.

    ``env``: the kernel's environment (default: this process's). ``allow_errors``: run every cell even after
    one fails, and leave the errors in the cells' outputs.

    Returns ``(notebook, seconds, kernel_cpu_seconds)``. Raises nbclient's ``CellExecutionError`` (with the
    failing cell and its traceback) on an error (unless ``allow_errors``) and ``TimeoutError`` when the
    notebook runs past ``timeout_s``.
    """
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellTimeoutError

    notebook = nbformat.read(path, as_version=4)
    deadline = time.monotonic() + timeout_s

    def remaining(_cell) -> int:  # each cell may use what is left of the notebook's time
        return max(1, int(deadline - time.monotonic()))

    client = NotebookClient(notebook, timeout=int(timeout_s), timeout_func=remaining, kernel_name="python3",
                            allow_errors=allow_errors, resources={"metadata": {"path": str(path.parent)}})
    cpu_before = _children_cpu_s()
    start = time.perf_counter()
    try:
        # raises CellExecutionError, with the failing cell and traceback, on any error (unless allow_errors)
        client.execute(**({} if env is None else {"env": env}))
    except CellTimeoutError:
        raise TimeoutError(f"{path.name} was stopped after {timeout_s:.0f} s in all (a hang?)") from None
    return notebook, time.perf_counter() - start, _children_cpu_s() - cpu_before


def _children_cpu_s() -> float:
    """User + system CPU time of this process's finished children (a notebook's kernel, once it has exited)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def calibration() -> tuple[float, float]:
    """Run the fixed calibration workload; returns ``(wall_seconds, cpu_seconds)`` of this process.

    The workload is what the book's notebooks spend their time on: Adam steps of a small ``nn.LSTM`` and
    ``nn.GRU`` (B=32, T=50, D=2, H=32) and a NumPy tanh recurrence (B=32, T=200, H=64), with fixed seeds and
    sizes so that it is the same work on every machine.
    """
    import numpy as np
    import torch

    from utils import runtime

    runtime.configure_threads()
    torch.manual_seed(0)
    x = torch.randn(32, 50, 2)
    target = torch.randn(32, 1)

    def train_steps(kind, steps: int) -> None:
        rnn, head = kind(2, 32, batch_first=True), torch.nn.Linear(32, 1)
        optimiser = torch.optim.Adam([*rnn.parameters(), *head.parameters()], lr=1e-2)
        for _ in range(steps):
            output, _ = rnn(x)
            loss = torch.nn.functional.mse_loss(head(output[:, -1]), target)
            optimiser.zero_grad()
            loss.backward()
            optimiser.step()

    # Untimed warm-up: a process's first LSTM/GRU steps pay one-off set-up costs (about 2 s here), which would
    # make the first calibration of a run three times slower than the others.
    train_steps(torch.nn.LSTM, 3)
    train_steps(torch.nn.GRU, 3)
    wall, cpu = time.perf_counter(), time.process_time()
    train_steps(torch.nn.LSTM, 120)
    train_steps(torch.nn.GRU, 60)
    rng = np.random.default_rng(0)
    W, inputs = rng.normal(size=(64, 64)) / 8, rng.normal(size=(200, 32, 64))
    for _ in range(20):
        h = np.zeros((32, 64))
        for x_t in inputs:
            h = np.tanh(h @ W + x_t)
    return time.perf_counter() - wall, time.process_time() - cpu


@dataclass
class Result:
    path: str
    seconds: float
    cpu_seconds: float
    calibration_s: float
    error: str = ""

    @property
    def ratio(self) -> float:
        return self.seconds / self.calibration_s

    @property
    def limit(self) -> float:
        return budget_ratio(self.path)

    @property
    def ok(self) -> bool:
        return not self.error and self.ratio <= self.limit


def run_one(path: Path, calibration_before: float) -> tuple[Result, float]:
    """Execute one notebook and calibrate after it; returns its ``Result`` and the calibration after."""
    relative = str(path.relative_to(REPO_ROOT))
    error = ""
    start = time.perf_counter()
    try:
        _, seconds, cpu = execute(path, HANG_GUARD_FACTOR * budget_s(relative))
    except Exception as problem:  # noqa: BLE001 - reported in the table, and the benchmark fails
        seconds, cpu = time.perf_counter() - start, 0.0
        error = f"{type(problem).__name__}: {str(problem).strip().splitlines()[-1][:160] if str(problem) else ''}"
    after, _ = calibration()
    return Result(relative, seconds, cpu, (calibration_before + after) / 2, error), after


def load_test(path: Path, quiet_seconds: float) -> float:
    """Run ``path`` again while a busy loop keeps one core busy; returns its time as a ratio to ``quiet_seconds``."""
    busy = subprocess.Popen([sys.executable, "-c", "while True: pass"])
    try:
        _, seconds, _ = execute(path, HANG_GUARD_FACTOR * budget_s(str(path.relative_to(REPO_ROOT))))
    finally:
        busy.kill()
        busy.wait()
    return seconds / quiet_seconds


def report(results: list[Result], write=print) -> bool:
    """Print the table; returns True when every notebook and the collection are within their ratio budgets."""
    width = max(len(r.path) for r in results)
    write(f"calibration on the reference machine: {REFERENCE_CALIBRATION_S:.2f} s "
          f"(so 60 s of budget is a ratio of {DEFAULT_BUDGET_S / REFERENCE_CALIBRATION_S:.0f})")
    write(f"{'notebook':<{width}}  {'seconds':>7}  {'cpu s':>6}  {'calib.':>6}  {'ratio':>6}  {'limit':>5}")
    for r in results:
        verdict = f"  FAILED ({r.error})" if r.error else ("" if r.ok else "  OVER BUDGET")
        write(f"{r.path:<{width}}  {r.seconds:7.1f}  {r.cpu_seconds:6.1f}  {r.calibration_s:6.2f}  "
              f"{r.ratio:6.1f}  {r.limit:5.0f}{verdict}")
    total_ratio = sum(r.ratio for r in results)
    collection_limit = COLLECTION_BUDGET_S / REFERENCE_CALIBRATION_S
    collection_ok = total_ratio <= collection_limit
    write(f"{'total':<{width}}  {sum(r.seconds for r in results):7.1f}  {sum(r.cpu_seconds for r in results):6.1f}"
          f"  {'':6}  {total_ratio:6.1f}  {collection_limit:5.0f}{'' if collection_ok else '  OVER BUDGET'}")
    estimate = total_ratio * REFERENCE_CALIBRATION_S
    write(f"on the reference machine this run would take about {estimate:.0f} s "
          f"(budget {COLLECTION_BUDGET_S:.0f} s for the whole collection)")
    return collection_ok and all(r.ok for r in results)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="rnnbook bench", description=__doc__.split("\n")[0])
    parser.add_argument("select", nargs="*", help="run only notebooks whose path contains one of these")
    parser.add_argument("--no-load-test", action="store_true", help="skip the run beside a busy loop")
    parser.add_argument("--calibrate", type=int, metavar="N", help="only time the calibration N times")
    args = parser.parse_args(argv)
    os.environ["PATH"] = str(Path(sys.executable).parent) + os.pathsep + os.environ.get("PATH", "")
    os.environ.pop("MPLBACKEND", None)  # the kernels' inline backend turns figures into outputs
    calibration()  # warm-up: the first torch steps of a process pay one-time costs
    if args.calibrate:
        for _ in range(args.calibrate):
            wall, cpu = calibration()
            print(f"calibration: {wall:.2f} s wall, {cpu:.2f} s CPU")
        return 0
    paths = [p for p in notebooks() if not args.select or any(s in str(p.relative_to(REPO_ROOT))
                                                                for s in args.select)]
    if not paths:
        print(f"no notebook matches {args.select}")
        return 2
    print(f"{len(paths)} notebooks, torch threads: {_torch_threads()}")
    results, before = [], calibration()[0]
    for path in paths:
        result, before = run_one(path, before)
        results.append(result)
        print(f"  {result.path}: {result.seconds:.1f} s, ratio {result.ratio:.1f} {result.error}", flush=True)
    ok = report(results)
    chapters = [r for r in results if r.path.startswith("chapters/") and not r.error]
    if chapters and not args.no_load_test:
        heaviest = max(chapters, key=lambda r: r.ratio)
        ratio = load_test(REPO_ROOT / heaviest.path, heaviest.seconds)
        verdict = "ok" if ratio <= LOAD_RATIO_LIMIT else "OVER"
        print(f"load test: {heaviest.path} beside a busy loop took {ratio:.2f}× its time alone "
              f"(target ≤ {LOAD_RATIO_LIMIT}): {verdict}")
        ok = ok and ratio <= LOAD_RATIO_LIMIT
    print("bench: " + ("passed" if ok else "FAILED"))
    return 0 if ok else 1


def _torch_threads() -> int:
    import torch

    from utils import runtime

    runtime.configure_threads()
    return torch.get_num_threads()


if __name__ == "__main__":
    sys.exit(main())
