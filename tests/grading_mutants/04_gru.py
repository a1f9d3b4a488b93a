"""Wrong answers and correct variants for assignment 04 (format: README.md in this folder)."""

# ruff: noqa: E501  (entries are code snippets, kept on one line each where that reads best)

from catalogue_helpers import quiz_mutants, task

STEP = '''def gru_step(x_t, h_prev, W_ih, W_hh, b_ih, b_hh):
    H = h_prev.shape[1]
    gi = x_t @ W_ih.T + b_ih
    gh = h_prev @ W_hh.T + b_hh
    r = 1 / (1 + np.exp(-(gi[:, :H] + gh[:, :H])))
    z = 1 / (1 + np.exp(-(gi[:, H:2 * H] + gh[:, H:2 * H])))
    n = np.tanh(gi[:, 2 * H:] + r * gh[:, 2 * H:])
    return (1 - z) * n + z * h_prev
'''
COUNT = '''def count_gru_params(input_size, hidden_size, num_layers=1, bidirectional=False, bias=True):
    directions = 2 if bidirectional else 1
    total = 0
    for layer in range(num_layers):
        layer_input = input_size if layer == 0 else hidden_size * directions
        per_direction = 3 * hidden_size * (layer_input + hidden_size) + (6 * hidden_size if bias else 0)
        total += directions * per_direction
    return total
'''
CONVERT = '''def to_pytorch_convention(W_ih, W_hh, b_ih, b_hh):
    H = W_hh.shape[1]
    sign = np.ones(3 * H)
    sign[H:2 * H] = -1.0
    return W_ih * sign[:, None], W_hh * sign[:, None], b_ih * sign, b_hh * sign
'''
BACKWARD = '''def gru_step_backward(dh_next, x_t, h_prev, W_ih, W_hh, b_ih, b_hh):
    H = h_prev.shape[1]
    gi = x_t @ W_ih.T + b_ih
    gh = h_prev @ W_hh.T + b_hh
    r = 1 / (1 + np.exp(-(gi[:, :H] + gh[:, :H])))
    z = 1 / (1 + np.exp(-(gi[:, H:2 * H] + gh[:, H:2 * H])))
    gh_n = gh[:, 2 * H:]
    n = np.tanh(gi[:, 2 * H:] + r * gh_n)
    dn = dh_next * (1 - z)
    dz = dh_next * (h_prev - n)
    da_n = dn * (1 - n**2)
    da_r = da_n * gh_n * r * (1 - r)
    da_z = dz * z * (1 - z)
    dgi = np.concatenate([da_r, da_z, da_n], axis=1)
    dgh = np.concatenate([da_r, da_z, da_n * r], axis=1)
    dx_t = dgi @ W_ih
    dh_prev = dh_next * z + dgh @ W_hh
    return dx_t, dh_prev, dgi.T @ x_t, dgh.T @ h_prev, dgi.sum(axis=0), dgh.sum(axis=0)
'''


step = task("gru_step", STEP, "test_gru_step")
count = task("count_gru_params", COUNT, "test_count_gru_params")
convert = task("to_pytorch_convention", CONVERT, "test_to_pytorch_convention")
backward = task("gru_step_backward", BACKWARD, "test_gru_step_backward")


MUTANTS = [
    step("wrong", "z and 1 - z swapped", ("return (1 - z) * n + z * h_prev", "return z * n + (1 - z) * h_prev")),
    step("wrong", "reset applied before the matrix product", ("n = np.tanh(gi[:, 2 * H:] + r * gh[:, 2 * H:])",
                                                              "n = np.tanh(gi[:, 2 * H:] + (r * h_prev) @ W_hh[2 * H:].T + b_hh[2 * H:])")),
    step("wrong", "b_hn outside the reset product", ("r * gh[:, 2 * H:])", "r * (gh[:, 2 * H:] - b_hh[2 * H:]) + b_hh[2 * H:])")),
    step("wrong", "gate blocks read as z, r, n", ("gi[:, :H] + gh[:, :H]", "gi[:, H:2 * H] + gh[:, H:2 * H]"),
         ("z = 1 / (1 + np.exp(-(gi[:, H:2 * H] + gh[:, H:2 * H])))", "z = 1 / (1 + np.exp(-(gi[:, :H] + gh[:, :H])))")),
    step("wrong", "reset gate left out", ("r * gh[:, 2 * H:]", "gh[:, 2 * H:]")),
    step("wrong", "b_hh missing", ("gh = h_prev @ W_hh.T + b_hh", "gh = h_prev @ W_hh.T")),
    step("wrong", "the seed's convention h = (1 - z) h + z n", ("return (1 - z) * n + z * h_prev", "return (1 - z) * h_prev + z * n")),
    step("correct", "np.split and an explicit interpolation", ("    r = 1 / (1 + np.exp(-(gi[:, :H] + gh[:, :H])))\n"
                                                                "    z = 1 / (1 + np.exp(-(gi[:, H:2 * H] + gh[:, H:2 * H])))\n"
                                                                "    n = np.tanh(gi[:, 2 * H:] + r * gh[:, 2 * H:])\n"
                                                                "    return (1 - z) * n + z * h_prev",
                                                                "    i_r, i_z, i_n = np.split(gi, 3, axis=1)\n    h_r, h_z, h_n = np.split(gh, 3, axis=1)\n"
                                                                "    r = 0.5 * (1 + np.tanh((i_r + h_r) / 2))\n    z = 0.5 * (1 + np.tanh((i_z + h_z) / 2))\n"
                                                                "    n = np.tanh(i_n + r * h_n)\n    return n + z * (h_prev - n)")),
    step("correct", "torch.nn.functional.linear on tensors, back to NumPy",
         ("    gi = x_t @ W_ih.T + b_ih\n    gh = h_prev @ W_hh.T + b_hh\n",
          "    t = torch.from_numpy\n    gi = nn.functional.linear(t(x_t), t(W_ih), t(b_ih)).numpy()\n"
          "    gh = nn.functional.linear(t(h_prev), t(W_hh), t(b_hh)).numpy()\n")),
    count("wrong", "builds the module (forbidden)", ("    directions = 2 if bidirectional else 1\n",
                                                      "    return sum(p.numel() for p in nn.GRU(input_size, hidden_size, num_layers,"
                                                      " bias=bias, bidirectional=bidirectional).parameters())\n")),
    count("wrong", "builds nn.GRUCell per layer (forbidden)", ("        per_direction = 3 * hidden_size * (layer_input + hidden_size) + (6 * hidden_size if bias else 0)",
                                                               "        per_direction = sum(p.numel() for p in nn.GRUCell(layer_input, hidden_size, bias=bias).parameters())")),
    count("wrong", "calls recurrent_param_count (forbidden)", ("    directions = 2 if bidirectional else 1\n",
                                                                "    from utils.params import recurrent_param_count as count\n"
                                                                "    return count('GRU', input_size, hidden_size, num_layers, bidirectional, bias)\n")),
    count("wrong", "one bias vector per block", ("6 * hidden_size if bias", "3 * hidden_size if bias")),
    count("wrong", "upper layers read hidden_size (bidirectional below)", ("else hidden_size * directions", "else hidden_size")),
    count("wrong", "second direction not counted", ("total += directions * per_direction", "total += per_direction")),
    count("wrong", "bias=False ignored", ("(6 * hidden_size if bias else 0)", "6 * hidden_size")),
    count("wrong", "four blocks as in an LSTM", ("3 * hidden_size * (layer_input", "4 * hidden_size * (layer_input"), ("6 * hidden_size if", "8 * hidden_size if")),
    count("correct", "closed form", ("    directions = 2 if bidirectional else 1\n",
                                     "    d, H, b = (2 if bidirectional else 1), hidden_size, (6 * hidden_size if bias else 0)\n"
                                     "    return d * (3 * H * (input_size + H) + b) + (num_layers - 1) * d * (3 * H * (d * H + H) + b)\n")),
    count("correct", "shapes of every tensor listed and multiplied", ("        per_direction = 3 * hidden_size * (layer_input + hidden_size) + (6 * hidden_size if bias else 0)",
                                                                      "        shapes = [(3 * hidden_size, layer_input), (3 * hidden_size, hidden_size)]\n"
                                                                      "        shapes += [(3 * hidden_size, 1)] * (2 if bias else 0)\n"
                                                                      "        per_direction = int(sum(np.prod(s) for s in shapes))")),
    convert("wrong", "returned unchanged", ("    return W_ih * sign[:, None], W_hh * sign[:, None], b_ih * sign, b_hh * sign",
                                            "    return W_ih.copy(), W_hh.copy(), b_ih.copy(), b_hh.copy()")),
    convert("wrong", "all three blocks negated", ("    sign[H:2 * H] = -1.0\n", "    sign[:] = -1.0\n")),
    convert("wrong", "only the weights negated, not the biases", ("b_ih * sign, b_hh * sign", "b_ih.copy(), b_hh.copy()")),
    convert("wrong", "only the input side negated", ("W_hh * sign[:, None]", "W_hh.copy()"), ("b_hh * sign", "b_hh.copy()")),
    convert("wrong", "the reset block negated", ("sign[H:2 * H] = -1.0", "sign[:H] = -1.0")),
    convert("wrong", "modifies its arguments in place", ("    return W_ih * sign[:, None], W_hh * sign[:, None], b_ih * sign, b_hh * sign",
                                                         "    for a in (W_ih, W_hh):\n        a[H:2 * H] *= -1\n    b_ih[H:2 * H] *= -1\n"
                                                         "    b_hh[H:2 * H] *= -1\n    return W_ih, W_hh, b_ih, b_hh")),
    convert("wrong", "the bias negated as 1 - b (confuses sigma(-a) with 1 - a)", ("b_ih * sign, b_hh * sign",
                                                                               "np.where(sign < 0, 1 - b_ih, b_ih), np.where(sign < 0, 1 - b_hh, b_hh)")),
    convert("correct", "copies with the update block negated in place", ("    sign = np.ones(3 * H)\n    sign[H:2 * H] = -1.0\n"
                                                                         "    return W_ih * sign[:, None], W_hh * sign[:, None], b_ih * sign, b_hh * sign",
                                                                         "    out = [a.copy() for a in (W_ih, W_hh, b_ih, b_hh)]\n    for a in out:\n"
                                                                         "        a[H:2 * H] = -a[H:2 * H]\n    return tuple(out)")),
    convert("correct", "np.concatenate of the blocks", ("    sign = np.ones(3 * H)\n    sign[H:2 * H] = -1.0\n"
                                                        "    return W_ih * sign[:, None], W_hh * sign[:, None], b_ih * sign, b_hh * sign",
                                                        "    flip = lambda a: np.concatenate([a[:H], -a[H:2 * H], a[2 * H:]])\n"
                                                        "    return flip(W_ih), flip(W_hh), flip(b_ih), flip(b_hh)")),
    backward("wrong", "no gradient through r", ("da_r = da_n * gh_n * r * (1 - r)", "da_r = 0 * r")),
    backward("wrong", "no gradient through z", ("da_z = dz * z * (1 - z)", "da_z = 0 * z")),
    backward("wrong", "the direct path z * dh_next missing from dh_prev", ("dh_prev = dh_next * z + dgh @ W_hh", "dh_prev = dgh @ W_hh")),
    backward("wrong", "the n block of dgh not multiplied by r", ("[da_r, da_z, da_n * r]", "[da_r, da_z, da_n]")),
    backward("wrong", "dz sign flipped (n - h_prev)", ("dz = dh_next * (h_prev - n)", "dz = dh_next * (n - h_prev)")),
    backward("wrong", "tanh' forgotten", ("da_n = dn * (1 - n**2)", "da_n = dn")),
    backward("wrong", "dW transposed (x_t.T @ dgi)", ("dgi.T @ x_t", "(x_t.T @ dgi).T.T")),
    backward("correct", "einsum for the weight gradients", ("dgi.T @ x_t, dgh.T @ h_prev", "np.einsum('bg,bd->gd', dgi, x_t), np.einsum('bg,bh->gh', dgh, h_prev)")),
    backward("correct", "gates through np.split and tanh-sigmoid", ("    r = 1 / (1 + np.exp(-(gi[:, :H] + gh[:, :H])))\n"
                                                                    "    z = 1 / (1 + np.exp(-(gi[:, H:2 * H] + gh[:, H:2 * H])))\n",
                                                                    "    (i_r, i_z, _), (h_r, h_z, _) = np.split(gi, 3, axis=1), np.split(gh, 3, axis=1)\n"
                                                                    "    r, z = 0.5 * (1 + np.tanh((i_r + h_r) / 2)), 0.5 * (1 + np.tanh((i_z + h_z) / 2))\n")),
] + quiz_mutants({"q1": "a", "q2": "b", "q3": "c", "q4": "d", "q5": "b", "q6": "b", "q7": "a", "q8": "b"})
