"""Wrong answers and correct variants for assignment 05 (format: README.md in this folder)."""

# ruff: noqa: E501  (entries are code snippets, kept on one line each where that reads best)

from catalogue_helpers import quiz_mutants, task

MODEL = '''class BiLSTMClassifier(nn.Module):
    def __init__(self, input_size, hidden_size, num_classes, num_layers=2):
        super().__init__()
        self.lstm = nn.LSTM(input_size, hidden_size, num_layers=num_layers, batch_first=True, bidirectional=True)
        self.head = nn.Linear(2 * hidden_size, num_classes)

    def forward(self, x):
        _, (h_n, _) = self.lstm(x)
        summary = torch.cat([h_n[-2], h_n[-1]], dim=1)
        return self.head(summary)
'''
BI = '''def bidirectional(x, forward_layer, backward_layer):
    out_fwd, _ = forward_layer(x)
    out_bwd_flipped, _ = backward_layer(torch.flip(x, dims=[1]))
    out_bwd = torch.flip(out_bwd_flipped, dims=[1])
    output = torch.cat([out_fwd, out_bwd], dim=2)
    h_n = torch.stack([out_fwd[:, -1], out_bwd[:, 0]])
    return output, h_n
'''
STACK = '''def stacked_bidirectional(x, layers):
    finals = []
    for forward_layer, backward_layer in layers:
        x, h_n = bidirectional(x, forward_layer, backward_layer)
        finals.append(h_n)
    return x, torch.cat(finals, dim=0)
'''
SUMMARY = "        summary = torch.cat([h_n[-2], h_n[-1]], dim=1)\n"


model = task("bilstm_classifier", MODEL, "test_bilstm_classifier")
bi = task("bidirectional", BI, "test_bidirectional")
stack = task("stacked_bidirectional", STACK, "test_stacked_bidirectional")


MUTANTS = [
    model("wrong", "output[:, -1] (backward half has read only x_T)", ("        _, (h_n, _) = self.lstm(x)\n" + SUMMARY,
                                                                       "        output, _ = self.lstm(x)\n        summary = output[:, -1]\n")),
    model("wrong", "directions in the wrong order", (SUMMARY, SUMMARY.replace("[h_n[-2], h_n[-1]]", "[h_n[-1], h_n[-2]]"))),
    model("wrong", "the first layer's states", (SUMMARY, SUMMARY.replace("[h_n[-2], h_n[-1]]", "[h_n[0], h_n[1]]"))),
    model("wrong", "cell states c_n", ("_, (h_n, _) = self.lstm(x)", "_, (_, h_n) = self.lstm(x)")),
    model("wrong", "h_n[-2:] reshaped directly (mixes the batch)", (SUMMARY, "        summary = h_n[-2:].reshape(x.shape[0], -1)\n")),
    model("wrong", "output averaged over time", ("        _, (h_n, _) = self.lstm(x)\n" + SUMMARY,
                                                 "        output, _ = self.lstm(x)\n        summary = output.mean(dim=1)\n")),
    model("wrong", "detached summary (cannot train)", ("return self.head(summary)", "return self.head(summary.detach())")),
    model("wrong", "LSTM under torch.no_grad() (cannot train)", ("        _, (h_n, _) = self.lstm(x)\n",
                                                                  "        with torch.no_grad():\n            _, (h_n, _) = self.lstm(x)\n")),
    model("wrong", "float32 zero states (fails in float64)", ("        _, (h_n, _) = self.lstm(x)\n",
                                                               "        z = torch.zeros(2 * self.lstm.num_layers, x.shape[0], self.lstm.hidden_size)\n"
                                                               "        _, (h_n, _) = self.lstm(x, (z, z))\n")),
    model("correct", "h_n viewed as (L, 2, B, H)", (SUMMARY, "        L = self.lstm.num_layers\n"
                                                             "        top = h_n.view(L, 2, x.shape[0], -1)[-1]\n"
                                                             "        summary = torch.cat([top[0], top[1]], dim=-1)\n")),
    model("correct", "from output: forward half of the last step, backward half of the first", ("        _, (h_n, _) = self.lstm(x)\n" + SUMMARY,
                                                                                                "        output, _ = self.lstm(x)\n        H = self.lstm.hidden_size\n"
                                                                                                "        summary = torch.cat([output[:, -1, :H], output[:, 0, H:]], dim=1)\n")),
    model("correct", "zero states with device and dtype", ("        _, (h_n, _) = self.lstm(x)\n",
                                                           "        z = torch.zeros(2 * self.lstm.num_layers, x.shape[0], self.lstm.hidden_size, device=x.device, dtype=x.dtype)\n"
                                                           "        _, (h_n, _) = self.lstm(x, (z, z))\n")),
    bi("wrong", "backward outputs not flipped back", ("out_bwd = torch.flip(out_bwd_flipped, dims=[1])", "out_bwd = out_bwd_flipped")),
    bi("wrong", "h_n[1] taken at the last step", ("out_bwd[:, 0]])", "out_bwd[:, -1]])")),
    bi("wrong", "halves in the wrong order", ("torch.cat([out_fwd, out_bwd], dim=2)", "torch.cat([out_bwd, out_fwd], dim=2)")),
    bi("wrong", "backward layer reads the original order", ("backward_layer(torch.flip(x, dims=[1]))", "backward_layer(x)"),
       ("out_bwd = torch.flip(out_bwd_flipped, dims=[1])", "out_bwd = out_bwd_flipped")),
    bi("wrong", "forward layer used for both directions", ("backward_layer(torch.flip", "forward_layer(torch.flip")),
    bi("wrong", "flipped along the batch axis", ("torch.flip(x, dims=[1])", "torch.flip(x, dims=[0])"), ("torch.flip(out_bwd_flipped, dims=[1])", "torch.flip(out_bwd_flipped, dims=[0])")),
    bi("wrong", "h_n concatenated to (B, 2H) instead of stacked", ("h_n = torch.stack([out_fwd[:, -1], out_bwd[:, 0]])", "h_n = torch.cat([out_fwd[:, -1], out_bwd[:, 0]], dim=1)")),
    bi("correct", "h_n from the layers' own final states", ("    out_fwd, _ = forward_layer(x)\n", "    out_fwd, s_f = forward_layer(x)\n"),
       ("    out_bwd_flipped, _ = backward_layer", "    out_bwd_flipped, s_b = backward_layer"),
       ("    h_n = torch.stack([out_fwd[:, -1], out_bwd[:, 0]])",
        "    first = lambda s: (s[0] if isinstance(s, tuple) else s)[0]\n    h_n = torch.stack([first(s_f), first(s_b)])")),
    bi("correct", "reversed index instead of torch.flip", ("    out_bwd_flipped, _ = backward_layer(torch.flip(x, dims=[1]))\n    out_bwd = torch.flip(out_bwd_flipped, dims=[1])\n",
                                                           "    rev = torch.arange(x.shape[1] - 1, -1, -1)\n    out_bwd = backward_layer(x[:, rev])[0][:, rev]\n")),
    stack("wrong", "every forward state first, then every backward", ("    return x, torch.cat(finals, dim=0)",
                                                                       "    return x, torch.cat([f[0:1] for f in finals] + [f[1:2] for f in finals], dim=0)")),
    stack("wrong", "layers in the wrong order", ("torch.cat(finals, dim=0)", "torch.cat(finals[::-1], dim=0)")),
    stack("wrong", "directions swapped within each layer", ("finals.append(h_n)", "finals.append(h_n.flip(0))")),
    stack("wrong", "only the top layer's h_n", ("torch.cat(finals, dim=0)", "finals[-1]")),
    stack("wrong", "every layer reads the original x", ("        x, h_n = bidirectional(x, forward_layer, backward_layer)\n",
                                                        "        out, h_n = bidirectional(inputs, forward_layer, backward_layer)\n"),
          ("    finals = []\n", "    finals, inputs, out = [], x, None\n"), ("    return x, torch.cat", "    return out, torch.cat")),
    stack("wrong", "feeds only the forward half to the next layer", ("        x, h_n = bidirectional(x, forward_layer, backward_layer)\n",
                                                                     "        out, h_n = bidirectional(x, forward_layer, backward_layer)\n"
                                                                     "        x = torch.cat([out[..., :out.shape[-1] // 2]] * 2, dim=-1)\n")),
    stack("wrong", "output is the first layer's", ("    finals = []\n", "    finals, first = [], None\n"),
          ("        finals.append(h_n)\n", "        finals.append(h_n)\n        first = x if first is None else first\n"),
          ("    return x, torch.cat", "    return first, torch.cat")),
    stack("correct", "stack and flatten the finals", ("torch.cat(finals, dim=0)", "torch.stack(finals).flatten(0, 1)")),
    stack("correct", "inlined flips instead of calling bidirectional", ("        x, h_n = bidirectional(x, forward_layer, backward_layer)\n",
                                                                        "        f = forward_layer(x)[0]\n        b = backward_layer(x.flip(1))[0].flip(1)\n"
                                                                        "        x, h_n = torch.cat([f, b], -1), torch.stack([f[:, -1], b[:, 0]])\n")),
    {"cells": {"bidirectional": BI.replace("out_bwd = torch.flip(out_bwd_flipped, dims=[1])", "out_bwd = out_bwd_flipped"), "stacked_bidirectional": STACK},
     "kind": "wrong", "targets": "test_bidirectional", "keeps": "test_stacked_bidirectional",
     "description": "a wrong task 2 (backward half not flipped back) costs task 2 only, not task 3"},
] + quiz_mutants({"q1": "b", "q2": "b", "q3": "c", "q4": "b", "q5": "c", "q6": "b", "q7": "c", "q8": "b"})
