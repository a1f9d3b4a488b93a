"""utils.scratch.scan against independent references: a plain-Python recurrence on floats, gradcheck, and the
closed form on short sequences where it is still exact."""

import pytest
import torch

from utils.scratch import scan


def python_recurrence(a, b, h0=None):
    """h_t = a_t h_{t-1} + b_t with Python floats/complex numbers, entry by entry: the reference."""
    B, T = a.shape[:2]
    flat_a, flat_b = a.reshape(B, T, -1).tolist(), b.reshape(B, T, -1).tolist()
    width = len(flat_a[0][0])
    start = [[0.0] * width for _ in range(B)] if h0 is None else h0.reshape(B, -1).tolist()
    out = []
    for i in range(B):
        h, rows = list(start[i]), []
        for t in range(T):
            h = [flat_a[i][t][k] * h[k] + flat_b[i][t][k] for k in range(width)]
            rows.append(h)
        out.append(rows)
    return torch.tensor(out, dtype=a.dtype).reshape(a.shape)


def random_pair(B, T, H, dtype=torch.float64, seed=0, low=0.5):
    gen = torch.Generator().manual_seed(seed)
    a = low + (1 - low) * torch.rand(B, T, H, generator=gen, dtype=dtype)
    b = 0.1 + torch.rand(B, T, H, generator=gen, dtype=dtype)
    h0 = 0.1 + torch.rand(B, H, generator=gen, dtype=dtype)
    return a, b, h0


def relative(x, ref):
    return ((x.double() - ref.double()).abs().max() / ref.double().abs().max()).item()


@pytest.mark.parametrize("T", [1, 2, 7, 64, 300])
def test_every_scan_equals_the_python_recurrence_in_float64(T):
    a, b, h0 = random_pair(2, T, 3, seed=T)
    reference = python_recurrence(a, b, h0)
    assert relative(scan.scan_loop(a, b, h0), reference) < 1e-13
    assert relative(scan.scan_parallel(a, b, h0), reference) < 1e-13
    assert relative(scan.scan_log(a.log(), b.log(), h0.log()).exp(), reference) < 1e-12
    assert relative(scan.scan_log_chunked(a.log(), b.log(), h0.log(), chunk=5).exp(), reference) < 1e-12
    no_h0 = python_recurrence(a, b)
    assert relative(scan.scan_parallel(a, b), no_h0) < 1e-13
    assert relative(scan.scan_log(a.log(), b.log()).exp(), no_h0) < 1e-12


def test_the_doubling_scan_handles_zeros_negatives_complex_numbers_and_extra_axes():
    gen = torch.Generator().manual_seed(1)
    a = torch.randn(3, 13, 2, 4, generator=gen, dtype=torch.float64)
    a[:, 4] = 0.0  # a reset: h_5 = b_5
    b = torch.randn(3, 13, 2, 4, generator=gen, dtype=torch.float64)
    h0 = torch.randn(3, 2, 4, generator=gen, dtype=torch.float64)
    assert relative(scan.scan_parallel(a, b, h0), python_recurrence(a, b, h0)) < 1e-13
    ac = torch.polar(torch.rand(2, 9, 3, generator=gen, dtype=torch.float64),
                     6 * torch.rand(2, 9, 3, generator=gen, dtype=torch.float64))
    bc = torch.randn(2, 9, 3, generator=gen, dtype=torch.complex128)
    got, ref = scan.scan_parallel(ac, bc), python_recurrence(ac, bc)
    assert (got - ref).abs().max() < 1e-13


def test_combine_composes_in_order_and_is_associative_not_commutative():
    gen = torch.Generator().manual_seed(2)
    steps = [(torch.randn(4, generator=gen, dtype=torch.float64), torch.randn(4, generator=gen, dtype=torch.float64))
             for _ in range(3)]
    h = torch.randn(4, generator=gen, dtype=torch.float64)
    (a1, b1), (a2, b2), (a3, b3) = steps
    a12, b12 = scan.combine(a1, b1, a2, b2)
    assert torch.allclose(a12 * h + b12, a2 * (a1 * h + b1) + b2, rtol=1e-14)
    left = scan.combine(*scan.combine(a1, b1, a2, b2), a3, b3)
    right = scan.combine(a1, b1, *scan.combine(a2, b2, a3, b3))
    assert all(torch.allclose(x, y, rtol=1e-14) for x, y in zip(left, right, strict=True))
    swapped = scan.combine(a2, b2, a1, b1)
    assert not torch.allclose(swapped[1], b12)


def test_scan_rounds_is_the_ceiling_of_log2():
    assert [scan.scan_rounds(T) for T in (1, 2, 3, 4, 5, 1000, 1024, 1025)] == [0, 1, 2, 2, 3, 10, 10, 11]
    with pytest.raises(ValueError, match="T must be a positive int"):
        scan.scan_rounds(0)


def test_gradients_pass_gradcheck():
    a, b, h0 = random_pair(2, 7, 2, seed=3)
    for fn, args in ((scan.scan_parallel, (a, b, h0)), (scan.scan_log, (a.log(), b.log(), h0.log())),
                     (scan.scan_loop, (a, b, h0))):
        inputs = tuple(x.clone().requires_grad_() for x in args)
        assert torch.autograd.gradcheck(fn, inputs)


def test_float32_errors_and_the_long_sequence_pitfall():
    a, b, h0 = random_pair(2, 1000, 4, seed=4)
    reference = python_recurrence(a, b, h0)
    a32, b32, h32 = a.float(), b.float(), h0.float()
    assert relative(scan.scan_parallel(a32, b32, h32), reference) < 1e-5
    plain = relative(scan.scan_log(a32.log(), b32.log(), h32.log()).exp(), reference)
    chunked = relative(scan.scan_log_chunked(a32.log(), b32.log(), h32.log(), chunk=64).exp(), reference)
    assert chunked < 1e-5 < plain  # |a*| ≈ 300 costs the plain log-space scan its float32 precision
    long_a, long_b, _ = random_pair(1, 16_384, 2, dtype=torch.float32, seed=5)
    assert torch.isnan(scan.scan_closed_form(long_a, long_b)).any()
    assert torch.isfinite(scan.scan_log(long_a.log(), long_b.log())).all()
    short_a, short_b, _ = random_pair(1, 20, 2, seed=6)
    assert relative(scan.scan_closed_form(short_a, short_b), python_recurrence(short_a, short_b)) < 1e-12


def test_the_loop_gradient_matches_the_adjoint_recurrence_and_its_graph_has_no_indexing():
    a, b, h0 = random_pair(1, 500, 1, seed=7)
    a.requires_grad_()
    h = scan.scan_loop(a, b, h0)
    h.sum().backward()
    # d(sum_t h_t)/da_t = h_{t-1} G_t with G_T = 1, G_t = 1 + a_{t+1} G_{t+1} (the adjoint runs backwards)
    av, hv = a.detach()[0, :, 0].tolist(), [h0[0, 0].item()] + h.detach()[0, :, 0].tolist()
    G, expected = 1.0, [0.0] * 500
    for t in range(499, -1, -1):
        if t < 499:
            G = 1 + av[t + 1] * G
        expected[t] = hv[t] * G
    assert relative(a.grad[0, :, 0], torch.tensor(expected, dtype=torch.float64)) < 1e-12
    names, stack, seen = set(), [h.grad_fn], set()
    while stack:  # indexing a[:, t] would add T SelectBackward nodes, each writing a full-size gradient
        node = stack.pop()
        if node is not None and node not in seen:
            seen.add(node)
            names.add(type(node).__name__)
            stack.extend(n for n, _ in node.next_functions)
    assert not any("Select" in n for n in names) and any("Unbind" in n for n in names)


def test_bad_inputs_are_rejected_with_the_argument_named():
    a, b, h0 = random_pair(2, 5, 3)
    with pytest.raises(TypeError, match="a must be a torch.Tensor"):
        scan.scan_parallel(a.numpy(), b)
    with pytest.raises(ValueError, match="a and b must have the same shape"):
        scan.scan_loop(a, b[:, :4])
    with pytest.raises(ValueError, match="h0 must have shape"):
        scan.scan_parallel(a, b, h0[:1])
    with pytest.raises(ValueError, match="log_a must have shape"):
        scan.scan_log(a[0, 0], b[0, 0])
    with pytest.raises(TypeError, match="must be real"):
        scan.scan_log(a.to(torch.complex128), b.to(torch.complex128))
    with pytest.raises(ValueError, match="chunk must be a positive int"):
        scan.scan_log_chunked(a.log(), b.log(), chunk=0)
