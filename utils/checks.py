"""Helpers for exercise tests: independent references and messages that say *what* is wrong.

Every check raises ``AssertionError`` with a readable message (so nbgrader shows it as feedback) and returns
``None`` (so a check on a test cell's last line is never mistaken for partial credit).

A warning is not a wrong answer. nbgrader gives 0 points to a test cell with *any* output on stderr
(``nbgrader.utils.determine_grade``), and Python prints warnings there — so a correct answer that makes PyTorch
or NumPy warn (``torch.tensor(t)`` on a tensor, ``F.softmax(x)`` without ``dim``, ``float(loss)`` on a tensor
that requires grad, the deprecated ``nn.utils.clip_grad_norm``, ``np.log(0)``) would lose its whole task.
Every assignment's locked setup (import) cell therefore calls ``warnings_as_notes()``: from then on a warning
is printed on **stdout** as one line starting with ``WARNING_NOTE`` — the student still reads it, in the
notebook and in the feedback, and it costs no points. We chose one call in the setup cell over a helper that
the test cells run the student's calls through because

- it covers every line of every test cell, the hidden tests included, and every test written later, with
  nothing to forget (a wrapper must be put around each call; one missed call and a warning zeroes a task again);
- nbgrader restores the setup cell when it grades: it is a locked cell with a ``grade_id``, and
  ``OverwriteCells`` puts the source's text back into every locked cell whose checksum changed (a submission
  that deleted or edited the call gets it back);
- it changes only how warnings are *shown*: an exception (a wrong answer that raises, a failed assert) is
  still an error output and still costs the task, and warning filters work as before (a student who turns
  warnings into errors gets errors).

The hidden tests' own code must raise no warning with the solution (else a note would hide a problem of the
tests): the wrong-answer catalogue's runner and the nbgrader pipeline test check that the solution notebooks
print no note and nothing on stderr (tests/grading_mutants/runner.py, tests/test_nbgrader_pipeline.py).
"""

from __future__ import annotations

import contextlib
import linecache
import sys
import warnings
from collections.abc import Callable, Iterator, Mapping, Sequence

import numpy as np

from .validation import describe

WARNING_NOTE = "note: your code raised a warning"  # how every note starts (the tests search outputs for it)
_NOTE_LIMIT = 300  # characters of the warning's message shown in a note


def _show_warning_as_note(message, category, filename, lineno, file=None, line=None) -> None:
    """A replacement for ``warnings.showwarning``: one line on stdout (never stderr), with the code line."""
    text = str(message).strip()
    text = text.splitlines()[0] if text else ""
    if len(text) > _NOTE_LIMIT:
        text = text[:_NOTE_LIMIT] + " …"
    source = (line if line is not None else linecache.getline(str(filename), int(lineno or 0))).strip()
    where = f" (at: {source})" if source else ""
    print(f"{WARNING_NOTE} — it costs no points, but read it: {category.__name__}: {text}{where}", file=sys.stdout)


def warnings_as_notes() -> None:
    """From now on, show every Python warning as a one-line note on stdout instead of on stderr.

    Called once in the locked setup cell of every assignment (see the module docstring: nbgrader zeroes a
    test cell that writes to stderr, and a warning is not a wrong answer). Calling it again changes nothing.
    Which warnings are shown, and whether one becomes an error, is still decided by the ``warnings`` filters.
    """
    warnings.showwarning = _show_warning_as_note


def to_numpy(value) -> np.ndarray:
    """A NumPy copy of ``value`` (a NumPy array, a torch tensor, or something ``np.asarray`` accepts)."""
    if hasattr(value, "detach"):
        return value.detach().cpu().numpy()
    return np.asarray(value)


def relative_error(actual, expected) -> float:
    """max |a − e| / max(|a| + |e|), the scale-free error used for gradient checks (0 for two zero arrays)."""
    a, e = to_numpy(actual).astype(np.float64), to_numpy(expected).astype(np.float64)
    if a.shape != e.shape:
        raise ValueError(f"actual and expected must have the same shape, got {a.shape} and {e.shape}")
    denominator = np.maximum(np.abs(a) + np.abs(e), 1e-300)
    return float(np.max(np.abs(a - e) / denominator)) if a.size else 0.0


def numerical_gradient(f: Callable[[np.ndarray], float], x: np.ndarray, eps: float = 1e-6) -> np.ndarray:
    """Central-difference gradient of a scalar function ``f`` at ``x`` (any shape, float64 recommended).

    ``x`` is perturbed in place one entry at a time and restored, so ``f`` may close over it.
    """
    if not isinstance(x, np.ndarray) or not np.issubdtype(x.dtype, np.floating):
        raise TypeError(f"x must be a floating NumPy array, got {describe(x)}")
    grad = np.zeros_like(x)
    for index in np.ndindex(x.shape):
        saved = x[index]
        x[index] = saved + eps
        plus = f(x)
        x[index] = saved - eps
        minus = f(x)
        x[index] = saved
        grad[index] = (plus - minus) / (2 * eps)
    return grad


def check_type(name: str, value, expected: type | tuple[type, ...]) -> None:
    """Assert that ``value`` is an instance of ``expected``; the message names both types."""
    if not isinstance(value, expected):
        names = " or ".join(t.__name__ for t in (expected if isinstance(expected, tuple) else (expected,)))
        raise AssertionError(f"{name} should be a {names}, but it is a {describe(value)}")


def check_shape(name: str, value, expected: Sequence[int], meaning: str = "") -> None:
    """Assert that ``value`` has shape ``expected``; ``meaning`` names the axes, e.g. ``"(B, T, H)"``."""
    shape = tuple(getattr(value, "shape", ()))
    if shape != tuple(expected):
        named = f" {meaning}" if meaning else ""
        hint = ""
        if sorted(shape) == sorted(expected):
            hint = " — the right sizes in the wrong order: check which axis is batch, time and features"
        raise AssertionError(f"{name} should have shape{named} = {tuple(expected)}, but it has shape {shape}{hint}")


def assert_close(
    name: str,
    actual,
    expected,
    rtol: float = 1e-6,
    atol: float = 1e-8,
    known_mistakes: Mapping[str, object] | None = None,
) -> None:
    """Assert that ``actual`` matches ``expected`` elementwise, explaining the mismatch.

    Args:
        name: what is compared, used in the message (e.g. ``"rnn_forward(x, h0, ...)"``).
        actual, expected: arrays or tensors of the same shape.
        rtol, atol: tolerances as in ``np.allclose``.
        known_mistakes: ``{description: what that mistake would produce}``; if ``actual`` matches one of them
            the message says so (e.g. ``{"tanh is missing": x @ Wx + h @ Wh + b}``). Entries whose value is
            ``None`` are skipped (a mistake that cannot be formed for these shapes).
    """
    a, e = to_numpy(actual), to_numpy(expected)
    a, e = (v.astype(np.int64) if v.dtype == bool else v for v in (a, e))  # masks compare as 0/1
    check_shape(name, a, e.shape)
    if not np.all(np.isfinite(a)):
        raise AssertionError(f"{name} contains NaN or infinite values")
    if np.allclose(a, e, rtol=rtol, atol=atol):
        return
    for description, wrong in (known_mistakes or {}).items():
        if wrong is None:
            continue
        w = to_numpy(wrong)
        if w.shape == a.shape and np.allclose(a, w, rtol=rtol, atol=atol):
            raise AssertionError(f"{name} is not correct: it matches what you get when {description}")
    error = np.abs(a - e)
    where = np.unravel_index(np.argmax(error), error.shape)
    raise AssertionError(
        f"{name} is not correct: largest difference {error.max():.3g} at index {tuple(int(i) for i in where)} "
        f"(got {a[where]:.6g}, expected {e[where]:.6g})"
    )


def torch_rnn_reference(x, h0, Wx, Wh, b) -> np.ndarray:
    """All hidden states of ``torch.nn.RNN`` (tanh) with the given weights, in float64: the reference answer.

    Shapes as in ``utils.scratch.rnn_forward``: x (B, T, D), h0 (B, H), Wx (D, H), Wh (H, H), b (H,) →
    (B, T, H). The weights are copied into a fresh module, so this does not depend on any NumPy code.
    """
    import torch

    from .scratch import params_to_torch

    x, h0, Wx, Wh, b = (np.asarray(v, dtype=np.float64) for v in (x, h0, Wx, Wh, b))
    rnn = torch.nn.RNN(Wx.shape[0], Wx.shape[1], batch_first=True).double()
    params_to_torch(rnn, Wx, Wh, b)
    with torch.no_grad():
        out, _ = rnn(torch.from_numpy(x), torch.from_numpy(h0)[None])
    return out.numpy()


class ForbiddenCallError(AssertionError):
    """Raised while an exercise runs when it calls something its task rules out (e.g. "with a formula")."""


def _raiser(label: str, rule: str):
    def forbidden(*args, **kwargs):
        raise ForbiddenCallError(f"your code called {label}, but the task says: {rule} (the tests check this)")

    return forbidden


@contextlib.contextmanager
def forbidden(rule: str, *targets: tuple[object, str], namespace: dict | None = None) -> Iterator[None]:
    """While the block runs, every target raises ``ForbiddenCallError`` naming it and quoting ``rule``.

    Args:
        rule: the task's rule, quoted in the message (e.g. ``"compute it with a formula, build no module"``).
        targets: ``(owner, attribute)`` pairs, e.g. ``(torch.nn.utils.rnn, "pack_padded_sequence")``. A class
            target forbids its constructor (its ``__init__`` is replaced, so every name bound to the class and
            every subclass that calls ``super().__init__`` is caught); any other target is replaced on its owner.
        namespace: the notebook's ``globals()``; names in it bound to a forbidden function (``from m import f``)
            are rebound for the duration too.

    Everything is restored on exit, also when the block raises. Skips targets whose attribute does not exist
    (e.g. a helper that only some versions of ``utils`` have).
    """
    restore: list[Callable[[], None]] = []
    try:
        for owner, attribute in targets:
            if not hasattr(owner, attribute):
                continue
            original = getattr(owner, attribute)
            label = f"{getattr(owner, '__name__', type(owner).__name__)}.{attribute}"
            if isinstance(original, type):
                saved = original.__dict__.get("__init__")
                original.__init__ = _raiser(f"the constructor of {attribute} (or of a subclass)", rule)
                restore.append(lambda cls=original, saved=saved: setattr(cls, "__init__", saved) if saved
                               else delattr(cls, "__init__"))
                continue
            replacement = _raiser(label, rule)
            setattr(owner, attribute, replacement)
            restore.append(lambda o=owner, a=attribute, v=original: setattr(o, a, v))
            for name, value in list((namespace or {}).items()):
                if value is original:
                    namespace[name] = replacement
                    restore.append(lambda n=name, v=original: namespace.__setitem__(n, v))
        yield
    finally:
        for undo in reversed(restore):
            undo()


def recurrent_module_targets() -> list[tuple[object, str]]:
    """Targets for ``forbidden`` that rule out building or counting a recurrent module: the constructors of
    every ``nn.RNN``/``GRU``/``LSTM`` and ``nn.*Cell`` (via their base classes) and ``recurrent_param_count``."""
    import importlib

    from torch.nn.modules import rnn

    targets: list[tuple[object, str]] = [(rnn, "RNNBase"), (rnn, "RNNCellBase")]
    for module_name in ("utils.params", "utils.widgets"):
        try:
            targets.append((importlib.import_module(module_name), "recurrent_param_count"))
        except ImportError:
            pass
    return targets


def assert_same_gradients(name: str, module, reference, rtol: float = 1e-7, atol: float = 1e-10) -> None:
    """After one backward pass through ``module`` and one through ``reference`` (same architecture, same
    weights, same loss), assert that every parameter of ``module`` got the reference's gradient.

    Catches a model whose outputs are right but which cannot train: a ``.detach()``, ``torch.no_grad()`` or a
    NumPy round trip between a parameter and the loss.
    """
    expected = dict(reference.named_parameters())
    for parameter_name, parameter in module.named_parameters():
        where = f"{name}.{parameter_name}"
        if parameter_name not in expected:
            raise AssertionError(f"{where} is a parameter the task did not ask for")
        if parameter.grad is None:
            raise AssertionError(
                f"no gradient reaches {where} after backward(): the loss does not depend on it through a "
                "differentiable path (a .detach(), torch.no_grad() or a NumPy round trip cuts it), so the model "
                "could not train")
        assert_close(f"the gradient of {where}", parameter.grad, expected[parameter_name].grad, rtol=rtol, atol=atol,
                     known_mistakes={"the gradient is cut on its way to this parameter (a .detach() or "
                                     "torch.no_grad())": 0 * expected[parameter_name].grad})


def backward_from(name: str, output, upstream) -> None:
    """Run ``(output * upstream).sum().backward()``; fail with a readable message if ``output`` is cut from
    the graph (computed under ``torch.no_grad()`` or detached), instead of PyTorch's RuntimeError."""
    if not getattr(output, "requires_grad", False):
        raise AssertionError(f"{name} does not require grad: it was computed under torch.no_grad() or detached, so "
                             "no gradient can reach the model's parameters and the model could not train")
    (output * upstream).sum().backward()


def assert_every_parameter_gets_gradient(name: str, module) -> None:
    """After a backward pass: every parameter of ``module`` has a gradient that is not all zero (the model can
    train). A weaker check than ``assert_same_gradients``, for visible tests that must not reveal the answer."""
    for parameter_name, parameter in module.named_parameters():
        if parameter.grad is None or not bool(parameter.grad.abs().sum() > 0):
            raise AssertionError(
                f"no gradient reaches {name}.{parameter_name} after backward(): the loss does not depend on it — a "
                ".detach(), torch.no_grad() or a NumPy round trip cuts the path, or the output reads a state that this "
                "parameter never influenced — so the model could not train it")
