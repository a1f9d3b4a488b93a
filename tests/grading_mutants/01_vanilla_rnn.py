"""Wrong answers and correct variants for assignment 01 (format: README.md in this folder)."""

# ruff: noqa: E501  (entries are code snippets, kept on one line each where that reads best)

from catalogue_helpers import quiz_mutants

STEP = "def rnn_step(x_t, h_prev, W_ih, W_hh, b_ih, b_hh):\n    return {}\n"
FORWARD = '''def rnn_forward(x, h0, W_ih, W_hh, b_ih, b_hh):
{}
'''
COUNT = "def count_rnn_params(input_size, hidden_size, num_layers=1, bias=True):\n{}\n"
MODEL = '''class AllLayersClassifier(nn.Module):
    def __init__(self, input_size, hidden_size, num_classes, num_layers=2):
        super().__init__()
        self.rnn = nn.RNN(input_size, hidden_size, num_layers=num_layers, batch_first=True)
        self.head = nn.Linear(num_layers * hidden_size, num_classes)

    def forward(self, x):
{}
'''


def task(cell, template, target, kind, description, body):
    return {"cell": cell, "code": template.format(body), "kind": kind, "targets": target, "description": description}


def step(kind, description, body):
    return task("rnn_step", STEP, "test_rnn_step", kind, description, body)


def forward(kind, description, body):
    return task("rnn_forward", FORWARD, "test_rnn_forward", kind, description, body)


def count(kind, description, body):
    return task("count_rnn_params", COUNT, "test_count_rnn_params", kind, description, body)


def model(kind, description, body):
    return task("all_layers_classifier", MODEL, "test_all_layers_classifier", kind, description, body)


LOOP = '''    h, states = h0, []
    for t in range(x.shape[1]):
        h = rnn_step(x[:, t], h, W_ih, W_hh, b_ih, b_hh)
        states.append(h)
'''

MUTANTS = [
    step("wrong", "tanh is missing", "x_t @ W_ih.T + b_ih + h_prev @ W_hh.T + b_hh"),
    step("wrong", "sigmoid instead of tanh", "1 / (1 + np.exp(-(x_t @ W_ih.T + b_ih + h_prev @ W_hh.T + b_hh)))"),
    step("wrong", "b_hh is missing", "np.tanh(x_t @ W_ih.T + b_ih + h_prev @ W_hh.T)"),
    step("wrong", "W_hh not transposed", "np.tanh(x_t @ W_ih.T + b_ih + h_prev @ W_hh + b_hh)"),
    step("wrong", "h_prev ignored", "np.tanh(x_t @ W_ih.T + b_ih + b_hh)"),
    step("wrong", "the chapter's row layout (x @ W_ih) with a transposing reshape",
         "np.tanh(x_t @ W_ih.reshape(W_ih.shape[1], -1) + b_ih + h_prev @ W_hh + b_hh)"),
    step("correct", "einsum", "np.tanh(np.einsum('bd,hd->bh', x_t, W_ih) + b_ih + np.einsum('bk,hk->bh', h_prev, W_hh) + b_hh)"),
    step("correct", "column vectors, transposed back", "np.tanh(W_ih @ x_t.T + W_hh @ h_prev.T + (b_ih + b_hh)[:, None]).T"),
    step("correct", "torch.nn.functional on tensors, back to NumPy",
         "torch.tanh(nn.functional.linear(torch.from_numpy(x_t), torch.from_numpy(W_ih), torch.from_numpy(b_ih))"
         " + nn.functional.linear(torch.from_numpy(h_prev), torch.from_numpy(W_hh), torch.from_numpy(b_hh))).numpy()"),
    forward("wrong", "h0 used at every step (state not carried)",
            LOOP.replace("rnn_step(x[:, t], h,", "rnn_step(x[:, t], h0,") + "    return np.stack(states, axis=1), h[None]"),
    forward("wrong", "loops over the batch axis as if it were time",
            "    h, states = h0, []\n    for t in range(x.shape[0]):\n"
            "        h = rnn_step(x[t], h, W_ih, W_hh, b_ih, b_hh)\n        states.append(h)\n"
            "    out = np.stack(states, axis=0)\n    return out, out[:, -1][None]"),
    forward("wrong", "h_n is the first state", LOOP + "    return np.stack(states, axis=1), states[0][None]"),
    forward("wrong", "output stacked time-major (T, B, H)", LOOP + "    return np.stack(states, axis=0), h[None]"),
    forward("wrong", "the first step is skipped (starts at t = 1)",
            LOOP.replace("range(x.shape[1])", "range(1, x.shape[1])") + "    states.insert(0, h0)\n"
            "    return np.stack(states, axis=1), h[None]"),
    forward("wrong", "output holds the states before each step (h_{t-1})",
            "    h, states = h0, []\n    for t in range(x.shape[1]):\n        states.append(h)\n"
            "        h = rnn_step(x[:, t], h, W_ih, W_hh, b_ih, b_hh)\n    return np.stack(states, axis=1), h[None]"),
    forward("correct", "preallocated output, h_n via expand_dims",
            "    B, T, _ = x.shape\n    out = np.empty((B, T, h0.shape[1]))\n    h = h0\n    for t in range(T):\n"
            "        h = rnn_step(x[:, t], h, W_ih, W_hh, b_ih, b_hh)\n        out[:, t] = h\n"
            "    return out, np.expand_dims(out[:, -1], 0)"),
    forward("correct", "the input projection of all steps at once, then the loop",
            "    xw = x @ W_ih.T + b_ih  # (B, T, H)\n    h, states = h0, []\n    for t in range(x.shape[1]):\n"
            "        h = np.tanh(xw[:, t] + h @ W_hh.T + b_hh)\n        states.append(h)\n"
            "    return np.stack(states, 1), np.stack(states, 1)[:, -1:].transpose(1, 0, 2)"),
    count("wrong", "builds the module (forbidden: with a formula)",
          "    return sum(p.numel() for p in nn.RNN(input_size, hidden_size, num_layers, bias=bias).parameters())"),
    count("wrong", "builds the module through another name (forbidden)",
          "    from torch.nn import RNN\n"
          "    return sum(p.numel() for p in RNN(input_size, hidden_size, num_layers, bias=bias).parameters())"),
    count("wrong", "calls the book's recurrent_param_count (forbidden)",
          "    from utils.params import recurrent_param_count\n"
          "    return recurrent_param_count('RNN', input_size, hidden_size, num_layers, bias=bias)"),
    count("wrong", "one bias vector per layer",
          "    return sum(hidden_size * ((input_size if l == 0 else hidden_size) + hidden_size) + (hidden_size if bias else 0)"
          " for l in range(num_layers))"),
    count("wrong", "every layer reads input_size",
          "    return num_layers * (hidden_size * (input_size + hidden_size) + (2 * hidden_size if bias else 0))"),
    count("wrong", "bias=False ignored",
          "    return sum(hidden_size * ((input_size if l == 0 else hidden_size) + hidden_size) + 2 * hidden_size"
          " for l in range(num_layers))"),
    count("wrong", "only one layer counted", "    return hidden_size * (input_size + hidden_size) + (2 * hidden_size if bias else 0)"),
    count("wrong", "returns a float", "    return float(hidden_size * (input_size + hidden_size) + 2 * hidden_size * bias"
          " + (num_layers - 1) * (2 * hidden_size * hidden_size + 2 * hidden_size * bias))"),
    count("correct", "closed form",
          "    H = hidden_size\n    return H * (input_size + H) + (num_layers - 1) * 2 * H * H + (2 * H * num_layers if bias else 0)"),
    count("correct", "NumPy integer from a sum of an array",
          "    sizes = np.array([input_size] + [hidden_size] * (num_layers - 1))\n"
          "    return np.sum(hidden_size * (sizes + hidden_size) + 2 * hidden_size * int(bias))"),
    model("wrong", "reshapes h_n (L, B, H) to (B, L*H) directly (mixes the batch)",
          "        _, h_n = self.rnn(x)\n        return self.head(h_n.reshape(x.shape[0], -1))"),
    model("wrong", "layers concatenated top first", "        _, h_n = self.rnn(x)\n        return self.head(torch.cat(list(h_n.flip(0)), dim=1))"),
    model("wrong", "detaches the states (cannot train)", "        _, h_n = self.rnn(x)\n"
          "        return self.head(torch.cat(list(h_n), dim=1).detach())"),
    model("wrong", "runs the RNN under torch.no_grad() (cannot train)", "        with torch.no_grad():\n"
          "            _, h_n = self.rnn(x)\n        return self.head(torch.cat(list(h_n), dim=1))"),
    model("wrong", "float32 initial state (fails in float64)",
          "        h0 = torch.zeros(self.rnn.num_layers, x.shape[0], self.rnn.hidden_size)\n"
          "        _, h_n = self.rnn(x, h0)\n        return self.head(torch.cat(list(h_n), dim=1))"),
    model("wrong", "the top layer's state repeated", "        _, h_n = self.rnn(x)\n"
          "        return self.head(h_n[-1].repeat(1, self.rnn.num_layers))"),
    {"cell": "all_layers_classifier", "kind": "wrong", "targets": "test_all_layers_classifier",
     "description": "num_layers ignored (always 2)",
     "code": MODEL.replace("num_layers=num_layers, batch", "num_layers=2, batch").replace(
         "nn.Linear(num_layers * hidden_size", "nn.Linear(2 * hidden_size").format(
         "        _, h_n = self.rnn(x)\n        return self.head(torch.cat(list(h_n), dim=1))")},
    model("correct", "permute and flatten", "        _, h_n = self.rnn(x)\n"
          "        return self.head(h_n.permute(1, 0, 2).flatten(1))"),
    model("correct", "the common tutorial pattern: h0 with device and dtype of x",
          "        h0 = torch.zeros(self.rnn.num_layers, x.shape[0], self.rnn.hidden_size, device=x.device, dtype=x.dtype)\n"
          "        _, h_n = self.rnn(x, h0)\n        return self.head(torch.cat([h_n[k] for k in range(h_n.shape[0])], dim=-1))"),
    model("correct", "x.new_zeros initial state and transpose/contiguous/view", "        h0 = x.new_zeros(self.rnn.num_layers, x.shape[0], self.rnn.hidden_size)\n"
          "        _, h_n = self.rnn(x, h0)\n        return self.head(h_n.transpose(0, 1).contiguous().view(x.shape[0], -1))"),
] + quiz_mutants({"q1": "a", "q2": "c", "q3": "c", "q4": "b", "q5": "c", "q6": "a"})
