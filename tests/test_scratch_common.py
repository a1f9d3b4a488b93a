"""utils.scratch.common: one sigmoid for every cell, one loop that unrolls a cell over time."""

from __future__ import annotations

import warnings

import numpy as np
import pytest

from utils.scratch import common, gru, lstm


def test_sigmoid_matches_the_formula_and_does_not_overflow():
    z = np.linspace(-30, 30, 121)
    np.testing.assert_allclose(common.sigmoid(z), 1 / (1 + np.exp(-z)), rtol=1e-12)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # an overflow in exp would raise here
        assert common.sigmoid(np.array([-1e4, 1e4])).tolist() == [0.0, 1.0]
    assert common.sigmoid(np.float32([0.5])).dtype == np.float32
    assert gru.sigmoid is common.sigmoid and lstm.sigmoid is common.sigmoid  # defined once


def test_unroll_carries_the_state_and_keeps_every_cache():
    def step(x_t, h_prev, scale):  # h_t = scale * h_{t-1} + x_t, cache = the step's input
        return scale * h_prev + x_t, ("cache", x_t.copy())

    x = np.arange(12, dtype=float).reshape(1, 4, 3)  # (B, T, D) with D = H = 3
    h, caches = common.unroll(step, x, np.ones((1, 3)), 0.5)
    expected, state = [], np.ones(3)
    for t in range(4):
        state = 0.5 * state + x[0, t]
        expected.append(state)
    np.testing.assert_allclose(h[0], expected)
    assert len(caches) == 4 and all(np.array_equal(c[1], x[:, t]) for t, c in enumerate(caches))
    with pytest.raises(ValueError, match="at least one time step"):
        common.unroll(step, np.zeros((1, 0, 3)), np.ones((1, 3)), 0.5)
    with pytest.raises(ValueError, match="x must be 3-dimensional"):
        common.unroll(step, np.zeros((4, 3)), np.ones((1, 3)), 0.5)
