"""Wrong answers and correct variants for assignment 03 (format: README.md in this folder)."""

# ruff: noqa: E501  (entries are code snippets, kept on one line each where that reads best)

from catalogue_helpers import quiz_mutants, task

CELL = '''def lstm_cell(x_t, h_prev, c_prev, W_ih, W_hh, b_ih, b_hh):
    H = h_prev.shape[1]
    a = x_t @ W_ih.T + b_ih + h_prev @ W_hh.T + b_hh
    i = 1 / (1 + np.exp(-a[:, :H]))
    f = 1 / (1 + np.exp(-a[:, H:2 * H]))
    g = np.tanh(a[:, 2 * H:3 * H])
    o = 1 / (1 + np.exp(-a[:, 3 * H:]))
    c_t = f * c_prev + i * g
    h_t = o * np.tanh(c_t)
    return h_t, c_t
'''
COUNT = '''def count_lstm_params(input_size, hidden_size, num_layers=1, bidirectional=False):
    directions = 2 if bidirectional else 1
    total = 0
    for layer in range(num_layers):
        layer_input = input_size if layer == 0 else directions * hidden_size
        total += directions * (4 * hidden_size * (layer_input + hidden_size) + 8 * hidden_size)
    return total
'''
MODEL = '''class LSTMClassifier(nn.Module):
    def __init__(self, input_size, hidden_size, num_classes, num_layers=2):
        super().__init__()
        self.lstm = nn.LSTM(input_size, hidden_size, num_layers=num_layers, batch_first=True)
        self.head = nn.Linear(2 * hidden_size, num_classes)

    def forward(self, x):
        _, (h_n, c_n) = self.lstm(x)
        return self.head(torch.cat([h_n[-1], c_n[-1]], dim=1))
'''
BIAS = '''def set_forget_bias(lstm, value):
    H = lstm.hidden_size
    with torch.no_grad():
        for name, parameter in lstm.named_parameters():
            if name.startswith("bias_ih"):
                parameter[H:2 * H] = value
            elif name.startswith("bias_hh"):
                parameter[H:2 * H] = 0.0
'''


step = task("lstm_cell", CELL, "test_lstm_cell")
count = task("count_lstm_params", COUNT, "test_count_lstm_params")
model = task("lstm_classifier", MODEL, "test_lstm_classifier")
bias = task("set_forget_bias", BIAS, "test_set_forget_bias")


FORWARD = "        _, (h_n, c_n) = self.lstm(x)\n        return self.head(torch.cat([h_n[-1], c_n[-1]], dim=1))"

MUTANTS = [
    step("wrong", "gate order i, f, o, g", ("a[:, 2 * H:3 * H])", "a[:, 3 * H:])"), ("-a[:, 3 * H:]", "-a[:, 2 * H:3 * H]")),
    step("wrong", "gate order f, i, g, o", ("-a[:, :H]", "-a[:, H:2 * H]"), ("f = 1 / (1 + np.exp(-a[:, H:2 * H]))", "f = 1 / (1 + np.exp(-a[:, :H]))")),
    step("wrong", "forget path missing", ("c_t = f * c_prev + i * g", "c_t = i * g")),
    step("wrong", "candidate with the sigmoid", ("g = np.tanh(a[:, 2 * H:3 * H])", "g = 1 / (1 + np.exp(-a[:, 2 * H:3 * H]))")),
    step("wrong", "h_t = o * c_t (no tanh)", ("h_t = o * np.tanh(c_t)", "h_t = o * c_t")),
    step("wrong", "b_hh missing", ("+ h_prev @ W_hh.T + b_hh", "+ h_prev @ W_hh.T")),
    step("wrong", "returns (c_t, h_t)", ("return h_t, c_t", "return c_t, h_t")),
    step("wrong", "the new cell state uses tanh(c_prev)", ("c_t = f * c_prev + i * g", "c_t = f * np.tanh(c_prev) + i * g")),
    step("correct", "np.split into four gates", ("    i = 1 / (1 + np.exp(-a[:, :H]))\n    f = 1 / (1 + np.exp(-a[:, H:2 * H]))\n"
                                                  "    g = np.tanh(a[:, 2 * H:3 * H])\n    o = 1 / (1 + np.exp(-a[:, 3 * H:]))\n",
                                                  "    ai, af, ag, ao = np.split(a, 4, axis=1)\n    sig = lambda z: 0.5 * (1 + np.tanh(z / 2))\n"
                                                  "    i, f, g, o = sig(ai), sig(af), np.tanh(ag), sig(ao)\n")),
    step("correct", "torch.nn.functional.lstm_cell-free torch ops, back to NumPy",
         ("    a = x_t @ W_ih.T + b_ih + h_prev @ W_hh.T + b_hh\n",
          "    a = (torch.from_numpy(x_t) @ torch.from_numpy(W_ih).T + torch.from_numpy(h_prev) @ torch.from_numpy(W_hh).T"
          " + torch.from_numpy(b_ih + b_hh)).numpy()\n")),
    count("wrong", "builds the module (forbidden)", ("    directions = 2 if bidirectional else 1\n",
                                                      "    return sum(p.numel() for p in nn.LSTM(input_size, hidden_size, num_layers,"
                                                      " bidirectional=bidirectional).parameters())\n")),
    count("wrong", "builds an nn.LSTMCell per layer (forbidden)", ("        total += directions * (4 * hidden_size * (layer_input + hidden_size) + 8 * hidden_size)",
                                                                   "        total += directions * sum(p.numel() for p in nn.LSTMCell(layer_input, hidden_size).parameters())")),
    count("wrong", "calls recurrent_param_count (forbidden)", ("    directions = 2 if bidirectional else 1\n",
                                                                "    from utils import params\n    return params.recurrent_param_count('LSTM',"
                                                                " input_size, hidden_size, num_layers, bidirectional)\n")),
    count("wrong", "one bias vector per gate", ("+ 8 * hidden_size)", "+ 4 * hidden_size)")),
    count("wrong", "upper layers read hidden_size even when bidirectional", ("else directions * hidden_size", "else hidden_size")),
    count("wrong", "every layer reads input_size", ("input_size if layer == 0 else directions * hidden_size", "input_size")),
    count("wrong", "second direction not counted", ("total += directions * (", "total += (")),
    count("correct", "closed form", ("    directions = 2 if bidirectional else 1\n",
                                     "    d, H = (2 if bidirectional else 1), hidden_size\n"
                                     "    return d * (4 * H * (input_size + H) + 8 * H) + (num_layers - 1) * d * (4 * H * (d * H + H) + 8 * H)\n")),
    count("correct", "weights and biases counted separately", ("        total += directions * (4 * hidden_size * (layer_input + hidden_size) + 8 * hidden_size)",
                                                               "        weights = 4 * hidden_size * layer_input + 4 * hidden_size * hidden_size\n"
                                                               "        biases = 2 * 4 * hidden_size\n        total += directions * (weights + biases)")),
    model("wrong", "c and h swapped in the concatenation", (FORWARD, FORWARD.replace("[h_n[-1], c_n[-1]]", "[c_n[-1], h_n[-1]]"))),
    model("wrong", "the first layer's states", (FORWARD, FORWARD.replace("[h_n[-1], c_n[-1]]", "[h_n[0], c_n[0]]"))),
    model("wrong", "output[:, -1] twice", (FORWARD, "        output, _ = self.lstm(x)\n        return self.head(torch.cat([output[:, -1]] * 2, dim=1))")),
    model("wrong", "h_n[-1] twice", (FORWARD, FORWARD.replace("[h_n[-1], c_n[-1]]", "[h_n[-1], h_n[-1]]"))),
    model("wrong", "detaches the states (cannot train)", (FORWARD, FORWARD.replace("dim=1))", "dim=1).detach())"))),
    model("wrong", "LSTM under torch.no_grad() (cannot train)", (FORWARD, "        with torch.no_grad():\n            _, (h_n, c_n) = self.lstm(x)\n"
                                                                          "        return self.head(torch.cat([h_n[-1], c_n[-1]], dim=1))")),
    model("wrong", "float32 zero states (fails in float64)", (FORWARD, "        L, H = self.lstm.num_layers, self.lstm.hidden_size\n"
                                                                       "        zeros = torch.zeros(L, x.shape[0], H, device=x.device)\n"
                                                                       "        _, (h_n, c_n) = self.lstm(x, (zeros, zeros))\n"
                                                                       "        return self.head(torch.cat([h_n[-1], c_n[-1]], dim=1))")),
    model("wrong", "num_layers not passed on", ("num_layers=num_layers, batch_first", "batch_first")),
    model("correct", "tutorial zero states with device and dtype", (FORWARD, "        L, H = self.lstm.num_layers, self.lstm.hidden_size\n"
                                                                             "        h0 = torch.zeros(L, x.shape[0], H, device=x.device, dtype=x.dtype)\n"
                                                                             "        _, (h_n, c_n) = self.lstm(x, (h0, h0.clone()))\n"
                                                                             "        return self.head(torch.cat((h_n[-1], c_n[-1]), -1))")),
    model("correct", "stack and reshape of the top layer", (FORWARD, "        _, state = self.lstm(x)\n        top = torch.stack([s[-1] for s in state], dim=1)\n"
                                                                     "        return self.head(top.reshape(x.shape[0], -1))")),
    bias("wrong", "new nn.Parameter objects (breaks an optimiser built before)",
         ("    with torch.no_grad():\n        for name, parameter in lstm.named_parameters():\n            if name.startswith(\"bias_ih\"):\n"
          "                parameter[H:2 * H] = value\n            elif name.startswith(\"bias_hh\"):\n                parameter[H:2 * H] = 0.0\n",
          "    for name, parameter in list(lstm.named_parameters()):\n        new = parameter.detach().clone()\n"
          "        if name.startswith('bias_ih'):\n            new[H:2 * H] = value\n        elif name.startswith('bias_hh'):\n"
          "            new[H:2 * H] = 0.0\n        setattr(lstm, name, nn.Parameter(new))\n")),
    bias("wrong", "assigns .data with a new tensor (new storage)",
         ("                parameter[H:2 * H] = value\n", "                new = parameter.detach().clone()\n                new[H:2 * H] = value\n"
          "                parameter.data = new\n")),
    bias("wrong", "the input-gate block (0:H)", ("parameter[H:2 * H] = value", "parameter[:H] = value"), ("parameter[H:2 * H] = 0.0", "parameter[:H] = 0.0")),
    bias("wrong", "bias_hh left as it is", ("            elif name.startswith(\"bias_hh\"):\n                parameter[H:2 * H] = 0.0\n", "")),
    bias("wrong", "only layer 0, forward direction", ("name.startswith(\"bias_ih\")", "name == 'bias_ih_l0'"), ("name.startswith(\"bias_hh\")", "name == 'bias_hh_l0'")),
    bias("wrong", "value split over the two biases", ("parameter[H:2 * H] = value", "parameter[H:2 * H] = value / 2"), ("parameter[H:2 * H] = 0.0", "parameter[H:2 * H] = value / 2")),
    bias("wrong", "the forget block of bias_hh set to value too", ("parameter[H:2 * H] = 0.0", "parameter[H:2 * H] = value")),
    bias("correct", "fill_ and zero_ on slices, by getattr over _flat_weights_names",
         ("    with torch.no_grad():\n        for name, parameter in lstm.named_parameters():\n            if name.startswith(\"bias_ih\"):\n"
          "                parameter[H:2 * H] = value\n            elif name.startswith(\"bias_hh\"):\n                parameter[H:2 * H] = 0.0\n",
          "    with torch.no_grad():\n        for name in lstm._flat_weights_names:\n            if name.startswith('bias_ih'):\n"
          "                getattr(lstm, name)[H:2 * H].fill_(value)\n            elif name.startswith('bias_hh'):\n"
          "                getattr(lstm, name)[H:2 * H].zero_()\n")),
    bias("correct", "in place through .data", ("    with torch.no_grad():\n", "    if True:\n"),
         ("parameter[H:2 * H] = value", "parameter.data[H:2 * H] = value"), ("parameter[H:2 * H] = 0.0", "parameter.data[H:2 * H] = 0.0")),
] + quiz_mutants({"q1": "b", "q2": "c", "q3": "b", "q4": "d", "q5": "b", "q6": "b", "q7": "c", "q8": "a"})
