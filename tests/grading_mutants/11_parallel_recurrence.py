# ruff: noqa: E501
"""Wrong answers and correct variants for assignment 11 (format: README.md in this folder)."""

from catalogue_helpers import quiz_mutants, task

SCAN = '''def combine(a1, b1, a2, b2):
    return a1 * a2, a2 * b1 + b2


def parallel_scan(a, b, h0):
    b = torch.cat([a[:, :1] * h0[:, None] + b[:, :1], b[:, 1:]], dim=1)
    T, offset = a.shape[1], 1
    while offset < T:
        a_new, b_new = combine(a[:, :-offset], b[:, :-offset], a[:, offset:], b[:, offset:])
        a = torch.cat([a[:, :offset], a_new], dim=1)
        b = torch.cat([b[:, :offset], b_new], dim=1)
        offset *= 2
    return b
'''
scan = task("scan", SCAN, "test_scan")

LOG_SCAN = '''def log_space_scan(log_a, log_b, log_h0=None):
    a_star = torch.cumsum(log_a, dim=1)
    log_sum = torch.logcumsumexp(log_b - a_star, dim=1)
    if log_h0 is not None:
        log_sum = torch.logaddexp(log_h0[:, None], log_sum)
    return a_star + log_sum
'''
log_scan = task("log_scan", LOG_SCAN, "test_log_scan")

MIN_GRU = '''def g(v):
    return torch.where(v >= 0, v + 0.5, torch.sigmoid(v))


class MinGRU(nn.Module):
    def __init__(self, input_size, hidden_size):
        super().__init__()
        self.linear_z = nn.Linear(input_size, hidden_size)
        self.linear_h = nn.Linear(input_size, hidden_size)

    def step(self, x_t, h_prev):
        z = torch.sigmoid(self.linear_z(x_t))
        return (1 - z) * h_prev + z * g(self.linear_h(x_t))

    def forward(self, x, h0=None):
        k = self.linear_z(x)
        log_values = -F.softplus(-k) + torch.log(g(self.linear_h(x)))
        log_h0 = None if h0 is None else torch.log(h0)
        return torch.exp(log_space_scan(-F.softplus(k), log_values, log_h0))
'''
min_gru = task("min_gru", MIN_GRU, "test_min_gru")

PARITY = '''def parity_targets(bits, lengths):
    parity = bits.cumsum(dim=1) % 2
    real = torch.arange(bits.shape[1])[None, :] < lengths[:, None]
    return torch.where(real, parity, torch.full_like(parity, IGNORE))
'''
parity = task("parity", PARITY, "test_parity")

COPYING = '''def selective_copy(symbols, positions, length):
    B, N = symbols.shape
    region = torch.full((B, length), BLANK, dtype=torch.int64).scatter(1, positions, symbols)
    inputs = torch.cat([region, torch.full((B, N), MARKER, dtype=torch.int64)], dim=1)
    in_order = symbols.gather(1, positions.argsort(dim=1))
    targets = torch.cat([torch.full((B, length), IGNORE, dtype=torch.int64), in_order], dim=1)
    return inputs, targets
'''
copying = task("copying", COPYING, "test_copying")

SCAN_LOOP = '''    h, out = h0, []
    for t in range(a.shape[1]):
        h = a[:, t] * h + b[:, t]
        out.append(h)
    return torch.stack(out, dim=1)
'''

FOLD_H0 = "    b = torch.cat([a[:, :1] * h0[:, None] + b[:, :1], b[:, 1:]], dim=1)\n"  # the line of SCAN that folds h0 into the first step

MUTANTS = [
    # task 1: the combine and the scan
    scan("wrong", "combine in the wrong order (a1 * b2 + b1)", ("return a1 * a2, a2 * b1 + b2", "return a1 * a2, a1 * b2 + b1")),
    scan("wrong", "exclusive scan (h0, h1, ..., h_{T-1})",
         ("    return b\n", "    return torch.cat([h0[:, None], b[:, :-1]], dim=1)\n")),
    scan("wrong", "h0 forgotten", (FOLD_H0, "")),
    scan("wrong", "h0 added to b_1 without its decay a_1",
         ("a[:, :1] * h0[:, None] + b[:, :1]", "h0[:, None] + b[:, :1]")),
    scan("wrong", "one round too few (while 2 * offset < T)", ("while offset < T:", "while 2 * offset < T:")),
    scan("wrong", "a loop over time (right values, against the rule)",
         (FOLD_H0, SCAN_LOOP)),
    scan("wrong", "the closed form A * (h0 + cumsum(b / A)): nan at a zero or an underflow",
         (FOLD_H0,
          "    A = torch.cumprod(a, dim=1)\n    return A * (h0[:, None] + torch.cumsum(b / A, dim=1))\n")),
    scan("wrong", "detached result (no gradient)", ("    return b\n", "    return b.detach()\n")),
    scan("wrong", "each position combined with the one after it (the steps in reverse)",
         ("combine(a[:, :-offset], b[:, :-offset], a[:, offset:], b[:, offset:])",
          "combine(a[:, offset:], b[:, offset:], a[:, :-offset], b[:, :-offset])")),
    scan("correct", "pad with the identity step (a = 1, b = 0) instead of cat",
         ("""    T, offset = a.shape[1], 1
    while offset < T:
        a_new, b_new = combine(a[:, :-offset], b[:, :-offset], a[:, offset:], b[:, offset:])
        a = torch.cat([a[:, :offset], a_new], dim=1)
        b = torch.cat([b[:, :offset], b_new], dim=1)
        offset *= 2
""", """    offset = 1
    while offset < a.shape[1]:
        a_prev = F.pad(a, (0, 0, offset, 0), value=1.0)[:, :-offset]
        b_prev = F.pad(b, (0, 0, offset, 0))[:, :-offset]
        a, b = combine(a_prev, b_prev, a, b)
        offset *= 2
""")),
    scan("correct", "recursive pairwise (work-efficient) scan",
         ("""    T, offset = a.shape[1], 1
    while offset < T:
        a_new, b_new = combine(a[:, :-offset], b[:, :-offset], a[:, offset:], b[:, offset:])
        a = torch.cat([a[:, :offset], a_new], dim=1)
        b = torch.cat([b[:, :offset], b_new], dim=1)
        offset *= 2
    return b
""", """    return _pairwise(a, b)


def _pairwise(a, b):
    T = a.shape[1]
    if T == 1:
        return b
    n = T // 2
    pa, pb = combine(a[:, 0:2 * n:2], b[:, 0:2 * n:2], a[:, 1:2 * n:2], b[:, 1:2 * n:2])
    odd = _pairwise(pa, pb)  # states at positions 1, 3, 5, ...
    evens = torch.cat([b[:, :1], a[:, 2::2] * odd[:, :(T - 1) // 2] + b[:, 2::2]], dim=1)
    pairs = torch.stack([evens[:, :n], odd], dim=2).flatten(1, 2)
    return torch.cat([pairs, evens[:, n:]], dim=1)
""")),
    scan("correct", "h0 as an extra first step (a = 0, b = h0), dropped at the end",
         (FOLD_H0,
          "    a = torch.cat([torch.zeros_like(a[:, :1]), a], dim=1)\n    b = torch.cat([h0[:, None], b], dim=1)\n"),
         ("    return b\n", "    return b[:, 1:]\n")),
    # task 2: the log-space scan
    log_scan("wrong", "a* not subtracted inside logcumsumexp",
             ("torch.logcumsumexp(log_b - a_star, dim=1)", "torch.logcumsumexp(log_b, dim=1)")),
    log_scan("wrong", "log_h0 ignored", ("    if log_h0 is not None:\n", "    if False:\n")),
    log_scan("wrong", "h0 added without its decay (outside a*)",
             ("""        log_sum = torch.logaddexp(log_h0[:, None], log_sum)
    return a_star + log_sum""", """        return torch.logaddexp(log_h0[:, None], a_star + log_sum)
    return a_star + log_sum""")),
    log_scan("wrong", "exclusive cumsum of log a (a* shifted by one step)",
             ("a_star = torch.cumsum(log_a, dim=1)", "a_star = torch.cumsum(log_a, dim=1) - log_a")),
    log_scan("wrong", "cumsum of a instead of log a", ("torch.cumsum(log_a, dim=1)", "torch.cumsum(log_a.exp(), dim=1)")),
    log_scan("wrong", "in linear space: cumprod and cumsum, then log (underflows at T = 16384)",
             ("""    a_star = torch.cumsum(log_a, dim=1)
    log_sum = torch.logcumsumexp(log_b - a_star, dim=1)
    if log_h0 is not None:
        log_sum = torch.logaddexp(log_h0[:, None], log_sum)
    return a_star + log_sum""", """    A = torch.cumprod(log_a.exp(), dim=1)
    h0 = 0.0 if log_h0 is None else log_h0.exp()[:, None]
    return torch.log(A * (h0 + torch.cumsum(log_b.exp() / A, dim=1)))""")),
    log_scan("wrong", "returns h instead of log h", ("    return a_star + log_sum", "    return (a_star + log_sum).exp()")),
    log_scan("wrong", "a loop over time in log space (right values, against the rule)",
             ("""    a_star = torch.cumsum(log_a, dim=1)
    log_sum = torch.logcumsumexp(log_b - a_star, dim=1)
    if log_h0 is not None:
        log_sum = torch.logaddexp(log_h0[:, None], log_sum)
    return a_star + log_sum""", """    log_h = torch.full_like(log_b[:, 0], -math.inf) if log_h0 is None else log_h0
    out = []
    for t in range(log_a.shape[1]):
        log_h = torch.logaddexp(log_a[:, t] + log_h, log_b[:, t])
        out.append(log_h)
    return torch.stack(out, dim=1)""")),
    log_scan("correct", "h0 prepended as an extra step with log a = 0 (Heinsen's form)",
             ("""    a_star = torch.cumsum(log_a, dim=1)
    log_sum = torch.logcumsumexp(log_b - a_star, dim=1)
    if log_h0 is not None:
        log_sum = torch.logaddexp(log_h0[:, None], log_sum)
    return a_star + log_sum""", """    if log_h0 is not None:
        log_a = torch.cat([torch.zeros_like(log_a[:, :1]), log_a], dim=1)
        log_b = torch.cat([log_h0[:, None], log_b], dim=1)
    a_star = log_a.cumsum(1)
    out = a_star + (log_b - a_star).logcumsumexp(1)
    return out if log_h0 is None else out[:, 1:]""")),
    log_scan("correct", "logsumexp over a stack for h0",
             ("torch.logaddexp(log_h0[:, None], log_sum)",
              "torch.logsumexp(torch.stack([log_h0[:, None].expand_as(log_sum), log_sum]), dim=0)")),
    # task 3: the MinGRU module
    min_gru("wrong", "z and 1 - z swapped (PyTorch's GRU convention)",
            ("return (1 - z) * h_prev + z * g(self.linear_h(x_t))", "return z * h_prev + (1 - z) * g(self.linear_h(x_t))"),
            ("log_values = -F.softplus(-k)", "log_values = -F.softplus(k)"),
            ("log_space_scan(-F.softplus(k), log_values", "log_space_scan(-F.softplus(-k), log_values")),
    min_gru("wrong", "g is the sigmoid everywhere", ("torch.where(v >= 0, v + 0.5, torch.sigmoid(v))", "torch.sigmoid(v)")),
    min_gru("wrong", "g is v + 1/2 everywhere (negative candidates: log is nan)",
            ("torch.where(v >= 0, v + 0.5, torch.sigmoid(v))", "v + 0.5")),
    min_gru("wrong", "g(v) = relu(v) + 1/2 (wrong on the left)",
            ("torch.where(v >= 0, v + 0.5, torch.sigmoid(v))", "torch.relu(v) + 0.5")),
    min_gru("wrong", "forward ignores h0", ("log_h0 = None if h0 is None else torch.log(h0)", "log_h0 = None")),
    min_gru("wrong", "forward loops over step() (right values, against the rule)",
            ("""        k = self.linear_z(x)
        log_values = -F.softplus(-k) + torch.log(g(self.linear_h(x)))
        log_h0 = None if h0 is None else torch.log(h0)
        return torch.exp(log_space_scan(-F.softplus(k), log_values, log_h0))""",
             """        h = torch.zeros(x.shape[0], self.linear_z.out_features, dtype=x.dtype) if h0 is None else h0
        out = []
        for t in range(x.shape[1]):
            h = self.step(x[:, t], h)
            out.append(h)
        return torch.stack(out, dim=1)""")),
    min_gru("wrong", "the gate reads h_prev in step (a GRU habit)",
            ("z = torch.sigmoid(self.linear_z(x_t))", "z = torch.sigmoid(self.linear_z(x_t) + h_prev)")),
    min_gru("wrong", "the candidate detached in forward (linear_h gets no gradient)",
            ("torch.log(g(self.linear_h(x)))", "torch.log(g(self.linear_h(x))).detach()")),
    min_gru("wrong", "a tanh candidate in step (the GRU's n)",
            ("return (1 - z) * h_prev + z * g(self.linear_h(x_t))", "return (1 - z) * h_prev + z * torch.tanh(self.linear_h(x_t))")),
    min_gru("correct", "forward in linear space with parallel_scan",
            ("""        k = self.linear_z(x)
        log_values = -F.softplus(-k) + torch.log(g(self.linear_h(x)))
        log_h0 = None if h0 is None else torch.log(h0)
        return torch.exp(log_space_scan(-F.softplus(k), log_values, log_h0))""",
             """        z = torch.sigmoid(self.linear_z(x))
        if h0 is None:
            h0 = torch.zeros(x.shape[0], z.shape[-1], dtype=x.dtype)
        return parallel_scan(1 - z, z * g(self.linear_h(x)), h0)""")),
    min_gru("correct", "torch.lerp in step, log g written out in forward",
            ("return (1 - z) * h_prev + z * g(self.linear_h(x_t))", "return torch.lerp(h_prev, g(self.linear_h(x_t)), z)"),
            ("torch.log(g(self.linear_h(x)))",
             "torch.where(self.linear_h(x) >= 0, torch.log(F.relu(self.linear_h(x)) + 0.5), F.logsigmoid(self.linear_h(x)))")),
    # task 4: parity targets
    parity("wrong", "exclusive: the current bit not counted", ("parity = bits.cumsum(dim=1) % 2",
                                                               "parity = (bits.cumsum(dim=1) - bits) % 2")),
    parity("wrong", "padding not set to IGNORE", ("return torch.where(real, parity, torch.full_like(parity, IGNORE))",
                                                  "return parity")),
    parity("wrong", "one real position too many (t <= length)", ("[None, :] < lengths", "[None, :] <= lengths")),
    parity("wrong", "the whole sequence's parity at every step",
           ("parity = bits.cumsum(dim=1) % 2", "parity = (bits.sum(dim=1, keepdim=True) % 2).expand_as(bits)")),
    parity("wrong", "padding set to 0 instead of IGNORE", ("torch.full_like(parity, IGNORE)", "torch.zeros_like(parity)")),
    parity("wrong", "a boolean result (parity == 1), padding False",
           ("return torch.where(real, parity, torch.full_like(parity, IGNORE))", "return (parity == 1) & real")),
    parity("wrong", "cumsum over the batch axis", ("bits.cumsum(dim=1)", "bits.cumsum(dim=0)")),
    parity("correct", "a loop over rows and steps", ("""    parity = bits.cumsum(dim=1) % 2
    real = torch.arange(bits.shape[1])[None, :] < lengths[:, None]
    return torch.where(real, parity, torch.full_like(parity, IGNORE))""", """    out = torch.full(bits.shape, IGNORE, dtype=torch.int64)
    for i in range(bits.shape[0]):
        s = 0
        for t in range(int(lengths[i])):
            s ^= int(bits[i, t])
            out[i, t] = s
    return out""")),
    parity("correct", "bitwise and with 1, masked_fill", ("""    parity = bits.cumsum(dim=1) % 2
    real = torch.arange(bits.shape[1])[None, :] < lengths[:, None]
    return torch.where(real, parity, torch.full_like(parity, IGNORE))""", """    padded = torch.arange(bits.shape[1]).unsqueeze(0) >= lengths.unsqueeze(1)
    return (torch.cumsum(bits, 1) & 1).masked_fill(padded, IGNORE)""")),
    # task 5: selective copying
    copying("wrong", "targets in the order given, not sorted by position",
            ("in_order = symbols.gather(1, positions.argsort(dim=1))", "in_order = symbols")),
    copying("wrong", "targets one position early (off by one)",
            ("targets = torch.cat([torch.full((B, length), IGNORE, dtype=torch.int64), in_order], dim=1)",
             "targets = torch.cat([torch.full((B, length - 1), IGNORE, dtype=torch.int64), in_order, "
             "torch.full((B, 1), IGNORE, dtype=torch.int64)], dim=1)")),
    copying("wrong", "no markers (BLANK after the region)",
            ("torch.full((B, N), MARKER, dtype=torch.int64)], dim=1)", "torch.full((B, N), BLANK, dtype=torch.int64)], dim=1)")),
    copying("wrong", "targets sorted by symbol value",
            ("in_order = symbols.gather(1, positions.argsort(dim=1))", "in_order = symbols.sort(dim=1).values")),
    copying("wrong", "symbols written to the sorted positions in the given order",
            ("scatter(1, positions, symbols)", "scatter(1, positions.sort(dim=1).values, symbols)")),
    copying("wrong", "the markers before the region",
            ("inputs = torch.cat([region, torch.full((B, N), MARKER, dtype=torch.int64)], dim=1)",
             "inputs = torch.cat([torch.full((B, N), MARKER, dtype=torch.int64), region], dim=1)")),
    copying("wrong", "targets of length N only (no IGNORE for the region)",
            ("targets = torch.cat([torch.full((B, length), IGNORE, dtype=torch.int64), in_order], dim=1)",
             "targets = in_order")),
    copying("correct", "Python loops", ("""    B, N = symbols.shape
    region = torch.full((B, length), BLANK, dtype=torch.int64).scatter(1, positions, symbols)
    inputs = torch.cat([region, torch.full((B, N), MARKER, dtype=torch.int64)], dim=1)
    in_order = symbols.gather(1, positions.argsort(dim=1))
    targets = torch.cat([torch.full((B, length), IGNORE, dtype=torch.int64), in_order], dim=1)
    return inputs, targets""", """    B, N = symbols.shape
    inputs = torch.full((B, length + N), MARKER, dtype=torch.long)
    targets = torch.full((B, length + N), IGNORE, dtype=torch.long)
    for i in range(B):
        inputs[i, :length] = BLANK
        pairs = sorted(zip(positions[i].tolist(), symbols[i].tolist()))
        for k, (p, s) in enumerate(pairs):
            inputs[i, p] = s
            targets[i, length + k] = s
    return inputs, targets""")),
    copying("correct", "sort once, index assignment", ("""    in_order = symbols.gather(1, positions.argsort(dim=1))""",
                                                       """    order = torch.sort(positions, dim=1).indices
    in_order = torch.take_along_dim(symbols, order, dim=1)""")),
]

MUTANTS += quiz_mutants({"q1": "b", "q2": "a", "q3": "c", "q4": "d", "q5": "b", "q6": "a", "q7": "c", "q8": "d"})
