"""utils.checks: the helpers exercise tests rely on must pass right answers and explain wrong ones."""

from __future__ import annotations

import warnings

import numpy as np
import pytest
import torch

from utils import checks


def test_assert_close_passes_on_equal_and_names_the_mistake():
    expected = np.linspace(-1, 1, 12).reshape(3, 4)
    checks.assert_close("y", expected + 1e-12, expected)
    with pytest.raises(AssertionError, match="it matches what you get when tanh is missing"):
        checks.assert_close("y", np.arctanh(expected * 0.5), expected * 0.5,
                            known_mistakes={"bias is missing": None, "tanh is missing": np.arctanh(expected * 0.5)})
    with pytest.raises(AssertionError, match=r"largest difference 0\.5 at index \(2, 3\)"):
        wrong = expected.copy()
        wrong[2, 3] += 0.5
        checks.assert_close("y", wrong, expected)


def test_assert_close_reports_shapes_and_nans():
    shape_message = r"should have shape = \(3, 4\), but it has shape \(4, 3\) — the right sizes"
    with pytest.raises(AssertionError, match=shape_message):
        checks.assert_close("y", np.zeros((4, 3)), np.zeros((3, 4)))
    with pytest.raises(AssertionError, match="NaN"):
        checks.assert_close("y", np.array([np.nan]), np.array([0.0]))


def test_assert_close_accepts_tensors():
    checks.assert_close("y", torch.ones(2, dtype=torch.float64), np.ones(2))


def test_check_type_and_shape_messages():
    checks.check_type("x", np.zeros(2), np.ndarray)
    with pytest.raises(AssertionError, match="x should be a ndarray, but it is a list"):
        checks.check_type("x", [0, 0], np.ndarray)
    with pytest.raises(AssertionError, match=r"output should have shape \(B, T, H\) = \(2, 3, 4\)"):
        checks.check_shape("output", np.zeros((2, 3)), (2, 3, 4), "(B, T, H)")


def test_relative_error():
    assert checks.relative_error(np.zeros(3), np.zeros(3)) == 0
    assert checks.relative_error(np.array([1.0]), np.array([3.0])) == pytest.approx(0.5)
    with pytest.raises(ValueError, match="same shape"):
        checks.relative_error(np.zeros(2), np.zeros(3))


def test_numerical_gradient_matches_the_analytic_one():
    x = np.random.default_rng(0).normal(size=(3, 2))
    grad = checks.numerical_gradient(lambda v: float(np.sum(np.sin(v) * v)), x)
    assert checks.relative_error(grad, np.cos(x) * x + np.sin(x)) < 1e-8
    with pytest.raises(TypeError, match="floating NumPy array"):
        checks.numerical_gradient(lambda v: 0.0, np.zeros(3, dtype=int))


def test_torch_rnn_reference_is_a_real_rnn():
    rng = np.random.default_rng(1)
    x, h0 = rng.normal(size=(2, 3, 4)), rng.normal(size=(2, 5))
    Wx, Wh, b = rng.normal(size=(4, 5)), rng.normal(size=(5, 5)), rng.normal(size=5)
    h = h0
    for t in range(3):  # hand-written recurrence
        h = np.tanh(x[:, t] @ Wx + h @ Wh + b)
    np.testing.assert_allclose(checks.torch_rnn_reference(x, h0, Wx, Wh, b)[:, -1], h, atol=1e-12)


def test_assert_close_compares_boolean_masks():
    mask = np.array([[True, False], [True, True]])
    checks.assert_close("mask", torch.from_numpy(mask), mask)
    with pytest.raises(AssertionError, match="mask is not correct"):
        checks.assert_close("mask", ~mask, mask)


def _warn_and_return(value):
    warnings.warn("something looks odd", UserWarning, stacklevel=1)
    return value


def test_warnings_as_notes_prints_a_note_on_stdout_and_nothing_on_stderr(monkeypatch, capsys):
    monkeypatch.setattr(warnings, "showwarning", warnings.showwarning)  # restored after the test
    with warnings.catch_warnings():
        warnings.simplefilter("always")
        checks.warnings_as_notes()
        checks.warnings_as_notes()  # a second call changes nothing
        assert _warn_and_return(3) == 3
        torch.tensor(torch.ones(2), dtype=torch.float64)  # PyTorch's copy-construct UserWarning (from C++)
        with np.errstate(divide="warn"):
            np.log(np.zeros(1))  # a NumPy RuntimeWarning
    out, err = capsys.readouterr()
    assert err == ""
    lines = out.splitlines()
    assert len(lines) == 3 and all(line.startswith(checks.WARNING_NOTE) for line in lines), out
    assert "UserWarning: something looks odd (at: warnings.warn(" in lines[0]
    assert "UserWarning: To copy construct from a tensor" in lines[1]
    assert "RuntimeWarning: divide by zero encountered in log" in lines[2]


def test_warnings_as_notes_keeps_errors_and_filters(monkeypatch, capsys):
    monkeypatch.setattr(warnings, "showwarning", warnings.showwarning)
    checks.warnings_as_notes()
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a filter that turns warnings into errors still does
        with pytest.raises(UserWarning, match="something looks odd"):
            _warn_and_return(1)
        warnings.simplefilter("ignore")  # and one that hides them still hides them
        _warn_and_return(1)
    with pytest.raises(ValueError):  # an exception is never turned into a note
        int("not a number")
    assert capsys.readouterr() == ("", "")


def test_warning_note_is_one_short_line(monkeypatch, capsys):
    monkeypatch.setattr(warnings, "showwarning", warnings.showwarning)
    checks.warnings_as_notes()
    with warnings.catch_warnings():
        warnings.simplefilter("always")
        warnings.warn("first line\nsecond line " + "x" * 1000, FutureWarning, stacklevel=1)
    out = capsys.readouterr().out
    assert out.count("\n") == 1 and "FutureWarning: first line (at: warnings.warn(" in out, out
