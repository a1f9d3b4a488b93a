"""Wrong answers and correct variants for assignment 10 (format: README.md in this folder)."""

# ruff: noqa: E501  (entries are code snippets, kept on one line each where that reads best)

from catalogue_helpers import quiz_mutants

SOFTMAX = '''def masked_softmax(scores, mask):
    return torch.softmax(scores.masked_fill(~mask[:, None, :], float("-inf")), dim=-1)
'''
DOT = '''def dot_attention(queries, keys, mask):
    return masked_softmax(queries @ keys.transpose(1, 2) / math.sqrt(keys.shape[-1]), mask)
'''
GENERAL = '''def general_attention(queries, keys, mask, W):
    return masked_softmax(queries @ W @ keys.transpose(1, 2), mask)
'''
ADDITIVE = '''def additive_attention(queries, keys, mask, W_d, W_e, v):
    hidden = torch.tanh((queries @ W_d)[:, :, None, :] + (keys @ W_e)[:, None, :, :])
    return masked_softmax(hidden @ v, mask)
'''


def weights(kind, description, softmax=SOFTMAX, dot=DOT, general=GENERAL, additive=ADDITIVE):
    return {"cell": "attention_weights", "code": "\n\n".join([softmax, dot, general, additive]), "kind": kind,
            "targets": "test_attention_weights", "description": description}


def context(kind, description, body):
    return {"cell": "attention_context", "code": f"def attention_context(weights, values):\n{body}\n", "kind": kind,
            "targets": "test_attention_context", "description": description}


LUONG = '''class LuongDecoderStep(nn.Module):
    def __init__(self, vocab, emb, hidden, key_size):
        super().__init__()
        self.embed = nn.Embedding(vocab, emb)
        self.cell = nn.GRUCell(emb, hidden)
        self.W = nn.Linear(key_size, hidden, bias=False)
        self.combine = nn.Linear(key_size + hidden, hidden)
        self.out = nn.Linear(hidden, vocab)

    def forward(self, prev_tokens, state, keys, mask):
{}
'''
RIGHT_STEP = {
    "recur": "        new_state = self.cell(self.embed(prev_tokens), state)\n",
    "score": "        scores = torch.einsum('bh,bsh->bs', new_state, self.W(keys))\n",
    "mask": "        weights = torch.softmax(scores.masked_fill(~mask, float('-inf')), dim=1)\n",
    "context": "        context = torch.einsum('bs,bsh->bh', weights, keys)\n",
    "combine": "        attentional = torch.tanh(self.combine(torch.cat([context, new_state], dim=1)))\n",
    "ret": "        return self.out(attentional), new_state, weights",
}


def luong(kind, description, **changes):
    parts = dict(RIGHT_STEP, **changes)
    body = "".join(parts[k] for k in ("recur", "score", "mask", "context", "combine", "ret"))
    return {"cell": "luong_step", "code": LUONG.format(body), "kind": kind, "targets": "test_luong_step",
            "description": description}


GREEDY = '''def greedy_decode(step_fn, state, batch_size, max_len):
{}
'''
RIGHT_GREEDY = '''    prev = torch.full((batch_size,), BOS, dtype=torch.int64)
    tokens = torch.full((batch_size, max_len), PAD, dtype=torch.int64)
    lengths = torch.full((batch_size,), max_len, dtype=torch.int64)
    done = torch.zeros(batch_size, dtype=torch.bool)
    for i in range(max_len):
        logits, state = step_fn(prev, state)
        prev = logits.argmax(dim=-1)
        tokens[:, i] = torch.where(done, PAD, prev)
        newly = ~done & (prev == EOS)
        lengths[newly] = i
        done |= newly
        if done.all():
            break
    return tokens, lengths'''


def greedy(kind, description, body=RIGHT_GREEDY, replace=()):
    for old, new in replace:
        assert old in body, old
        body = body.replace(old, new)
    return {"cell": "greedy", "code": GREEDY.format(body), "kind": kind, "targets": "test_greedy",
            "description": description}


MUTANTS = [
    # task 1: the three scores, masked
    weights("wrong", "the mask applied after the softmax (weights zeroed, not renormalised)",
            softmax="def masked_softmax(scores, mask):\n    return torch.softmax(scores, dim=-1) * mask[:, None, :]\n"),
    weights("wrong", "the softmax over the decoder steps (dim=1)",
            softmax="def masked_softmax(scores, mask):\n"
                    "    return torch.softmax(scores.masked_fill(~mask[:, None, :], float('-inf')), dim=1)\n"),
    weights("wrong", "the softmax over the batch (dim=0)",
            softmax="def masked_softmax(scores, mask):\n"
                    "    return torch.softmax(scores.masked_fill(~mask[:, None, :], float('-inf')), dim=0)\n"),
    weights("wrong", "the mask forgotten", softmax="def masked_softmax(scores, mask):\n"
                                                   "    return torch.softmax(scores, dim=-1)\n"),
    weights("wrong", "padded scores set to 0 instead of -inf",
            softmax="def masked_softmax(scores, mask):\n    return torch.softmax(scores * mask[:, None, :], dim=-1)\n"),
    weights("wrong", "the mask inverted (True taken as padding)",
            softmax="def masked_softmax(scores, mask):\n"
                    "    return torch.softmax(scores.masked_fill(mask[:, None, :], float('-inf')), dim=-1)\n"),
    weights("wrong", "the dot score without the 1/sqrt(He) scale",
            dot="def dot_attention(queries, keys, mask):\n"
                "    return masked_softmax(queries @ keys.transpose(1, 2), mask)\n"),
    weights("wrong", "the dot score divided by He instead of sqrt(He)",
            dot="def dot_attention(queries, keys, mask):\n"
                "    return masked_softmax(queries @ keys.transpose(1, 2) / keys.shape[-1], mask)\n"),
    {**weights("wrong", "general with W transposed (q W^T k)",
               general="def general_attention(queries, keys, mask, W):\n"
                       "    return masked_softmax(queries @ W.T @ keys.transpose(1, 2), mask)\n"), "visible": True},
    {**weights("wrong", "additive with W_d and W_e swapped",
               additive="def additive_attention(queries, keys, mask, W_d, W_e, v):\n"
                        "    hidden = torch.tanh((queries @ W_e)[:, :, None, :] + (keys @ W_d)[:, None, :, :])\n"
                        "    return masked_softmax(hidden @ v, mask)\n"), "visible": True},
    {**weights("wrong", "additive with W_d transposed",
               additive="def additive_attention(queries, keys, mask, W_d, W_e, v):\n"
                        "    hidden = torch.tanh((queries @ W_d.T)[:, :, None, :] + (keys @ W_e)[:, None, :, :])\n"
                        "    return masked_softmax(hidden @ v, mask)\n"), "visible": True},
    {**weights("wrong", "softmax over all positions, padding zeroed, renormalised: 0 / 0 = nan when padded scores dwarf the real ones",
               softmax="def masked_softmax(scores, mask):\n"
                       "    w = torch.softmax(scores, dim=-1) * mask[:, None, :]\n"
                       "    return w / w.sum(dim=-1, keepdim=True)\n"), "visible": True},
    weights("wrong", "-1e4 added to the padded scores instead of replacing them",
            softmax="def masked_softmax(scores, mask):\n"
                    "    return torch.softmax(scores - 1e4 * (~mask[:, None, :]).to(scores.dtype), dim=-1)\n"),
    weights("correct", "the max over the real positions subtracted, exp, padding zeroed, normalised",
            softmax="def masked_softmax(scores, mask):\n"
                    "    m = mask[:, None, :]\n"
                    "    top = scores.masked_fill(~m, float('-inf')).amax(dim=-1, keepdim=True)\n"
                    "    e = torch.exp(torch.where(m, scores - top, torch.zeros_like(scores))) * m\n"
                    "    return e / e.sum(dim=-1, keepdim=True)\n"),
    weights("correct", "padded scores replaced by -1e9 (masked_fill, not added)",
            softmax="def masked_softmax(scores, mask):\n"
                    "    return torch.softmax(scores.masked_fill(~mask[:, None, :], -1e9), dim=-1)\n"),
    weights("wrong", "additive without the tanh",
            additive="def additive_attention(queries, keys, mask, W_d, W_e, v):\n"
                     "    hidden = (queries @ W_d)[:, :, None, :] + (keys @ W_e)[:, None, :, :]\n"
                     "    return masked_softmax(hidden @ v, mask)\n"),
    weights("wrong", "additive with v inside the tanh (tanh(v·(...)))",
            additive="def additive_attention(queries, keys, mask, W_d, W_e, v):\n"
                     "    hidden = (queries @ W_d)[:, :, None, :] + (keys @ W_e)[:, None, :, :]\n"
                     "    return masked_softmax(torch.tanh(hidden @ v), mask)\n"),
    weights("wrong", "additive scores of the keys only (the query dropped)",
            additive="def additive_attention(queries, keys, mask, W_d, W_e, v):\n"
                     "    e = torch.tanh(keys @ W_e) @ v  # (B, S)\n"
                     "    return masked_softmax(e[:, None, :].expand(-1, queries.shape[1], -1), mask)\n"),
    weights("wrong", "scores detached (no gradient)",
            dot="def dot_attention(queries, keys, mask):\n"
                "    e = queries @ keys.transpose(1, 2) / math.sqrt(keys.shape[-1])\n"
                "    return masked_softmax(e.detach(), mask)\n"),
    weights("correct", "loops over decoder steps, einsum, mask with the dtype's lowest value",
            softmax="def masked_softmax(scores, mask):\n"
                    "    low = torch.finfo(scores.dtype).min\n"
                    "    return torch.stack([torch.softmax(torch.where(mask, scores[:, t], low), dim=-1)"
                    " for t in range(scores.shape[1])], dim=1)\n",
            dot="def dot_attention(queries, keys, mask):\n"
                "    e = torch.einsum('bth,bsh->bts', queries, keys)\n"
                "    return masked_softmax(e * keys.shape[-1] ** -0.5, mask)\n",
            general="def general_attention(queries, keys, mask, W):\n"
                    "    return masked_softmax(torch.einsum('btd,de,bse->bts', queries, W, keys), mask)\n"),
    weights("correct", "log_softmax then exp; additive with unsqueeze",
            softmax="def masked_softmax(scores, mask):\n"
                    "    return torch.log_softmax(scores.masked_fill(~mask.unsqueeze(1), -math.inf), dim=2).exp()\n",
            additive="def additive_attention(queries, keys, mask, W_d, W_e, v):\n"
                     "    q = (queries @ W_d).unsqueeze(2)\n    k = (keys @ W_e).unsqueeze(1)\n"
                     "    return masked_softmax((torch.tanh(q + k) * v).sum(-1), mask)\n"),
    # task 2: the context
    context("wrong", "the mean of the values, ignoring the weights",
            "    return values.mean(dim=1, keepdim=True).expand(-1, weights.shape[1], -1)"),
    context("wrong", "the sum over the decoder steps instead of the source positions",
            "    return (weights[..., None] * values[:, None]).sum(dim=1)"),
    context("wrong", "the largest-weight value only (hard attention)",
            "    index = weights.argmax(-1)  # (B, T)\n"
            "    return torch.stack([values[b, index[b]] for b in range(values.shape[0])])"),
    context("wrong", "the weights renormalised with a second softmax",
            "    return torch.softmax(weights, -1) @ values"),
    context("wrong", "detached (no gradient)", "    return (weights @ values).detach()"),
    context("wrong", "the sum of the values times the mean weight",
            "    return weights.mean(-1, keepdim=True) * values.sum(1, keepdim=True)"),
    context("correct", "einsum", "    return torch.einsum('bts,bsh->bth', weights, values)"),
    context("correct", "broadcast and sum", "    return (weights[..., None] * values[:, None]).sum(dim=2)"),
    context("correct", "torch.bmm", "    return torch.bmm(weights, values)"),
    # task 3: the Luong step
    {**luong("wrong", "the previous state queries (Bahdanau's order)",
             score="        scores = torch.einsum('bh,bsh->bs', state, self.W(keys))\n"), "visible": True},
    {**luong("wrong", "W applied transposed: keys @ self.W.weight (fits only when Hd = He)",
             score="        scores = torch.einsum('bh,bsh->bs', new_state, keys @ self.W.weight)\n"), "visible": True},
    luong("correct", "F.softmax without dim on the (B, S) scores: a deprecation UserWarning shown as a note (dim 1 is chosen)",
          mask="        weights = F.softmax(scores.masked_fill(~mask, float('-inf')))\n"),
    luong("wrong", "the mask forgotten", mask="        weights = torch.softmax(scores, dim=1)\n"),
    luong("wrong", "[s_i; c_i] instead of [c_i; s_i]",
          combine="        attentional = torch.tanh(self.combine(torch.cat([new_state, context], dim=1)))\n"),
    luong("wrong", "no tanh in the attentional layer",
          combine="        attentional = self.combine(torch.cat([context, new_state], dim=1))\n"),
    luong("wrong", "the logits read s_i, not the attentional state",
          ret="        return self.out(new_state), new_state, weights"),
    luong("wrong", "the context averages the projected keys W h_j instead of h_j",
          context="        context = torch.einsum('bs,bsh->bh', weights, self.W(keys))\n"),
    luong("wrong", "the state detached (no gradient through the recurrence)",
          recur="        new_state = self.cell(self.embed(prev_tokens), state).detach()\n"),
    luong("wrong", "the softmax over the batch",
          mask="        weights = torch.softmax(scores.masked_fill(~mask, float('-inf')), dim=0)\n"),
    luong("correct", "bmm and unsqueeze; mask with where",
          score="        scores = torch.bmm(self.W(keys), new_state.unsqueeze(2)).squeeze(2)\n",
          mask="        minus_inf = torch.tensor(float('-inf'), dtype=scores.dtype)\n"
               "        weights = torch.softmax(torch.where(mask, scores, minus_inf), dim=-1)\n",
          context="        context = torch.bmm(weights.unsqueeze(1), keys).squeeze(1)\n"),
    luong("correct", "the score as q W^T_linear k written with the weight matrix",
          score="        scores = ((new_state @ self.W.weight)[:, None, :] * keys).sum(-1)\n"),
    # task 4: greedy decoding
    greedy("wrong", "starts from PAD instead of BOS",
           replace=[("prev = torch.full((batch_size,), BOS", "prev = torch.full((batch_size,), PAD")]),
    greedy("wrong", "stops when the first sequence finishes",
           replace=[("if done.all():", "if done.any():")]),
    greedy("wrong", "no PAD after EOS (keeps what the model produces)",
           replace=[("tokens[:, i] = torch.where(done, PAD, prev)", "tokens[:, i] = prev")]),
    greedy("wrong", "the length counts the EOS", replace=[("lengths[newly] = i", "lengths[newly] = i + 1")]),
    greedy("wrong", "always runs max_len steps", replace=[("        if done.all():\n            break\n", "")]),
    greedy("wrong", "feeds BOS at every step (teacher forcing with nothing)",
           replace=[("prev = logits.argmax(dim=-1)\n        tokens[:, i] = torch.where(done, PAD, prev)\n"
                     "        newly = ~done & (prev == EOS)",
                     "out = logits.argmax(dim=-1)\n        tokens[:, i] = torch.where(done, PAD, out)\n"
                     "        newly = ~done & (out == EOS)")]),
    greedy("wrong", "feeds PAD to the sequences that have finished",
           replace=[("        done |= newly\n",
                     "        done |= newly\n        prev = torch.where(done, PAD, prev)\n")]),
    greedy("wrong", "the state not passed on", replace=[("logits, state = step_fn(prev, state)",
                                                         "logits, _ = step_fn(prev, state)")]),
    greedy("wrong", "a later EOS overwrites the length", replace=[("newly = ~done & (prev == EOS)",
                                                                   "newly = prev == EOS")]),
    greedy("wrong", "lengths counted as the non-PAD tokens (a PAD emitted before the EOS is missed)",
           replace=[("    return tokens, lengths", "    return tokens, (tokens != PAD).sum(dim=1) - (tokens == EOS).any(dim=1).long()")]),
    greedy("wrong", "a PAD emitted by the model ends the sequence like an EOS",
           replace=[("newly = ~done & (prev == EOS)", "newly = ~done & ((prev == EOS) | (prev == PAD))")]),
    greedy("correct", "lengths from the first EOS of the recorded tokens (argmax of a mask)",
           replace=[("    return tokens, lengths", "    is_eos = tokens == EOS\n    return tokens, torch.where(is_eos.any(dim=1), is_eos.long().argmax(dim=1), max_len)")]),
    greedy("correct", "Python lists per sequence, then tensors", body='''    prev = torch.full((batch_size,), BOS)
    outs = [[] for _ in range(batch_size)]
    finished = [False] * batch_size
    for _ in range(max_len):
        logits, state = step_fn(prev, state)
        prev = logits.argmax(-1)
        for b in range(batch_size):
            if not finished[b]:
                outs[b].append(int(prev[b]))
                finished[b] = int(prev[b]) == EOS
        if all(finished):
            break
    tokens = torch.zeros(batch_size, max_len, dtype=torch.long)
    lengths = torch.zeros(batch_size, dtype=torch.long)
    for b, out in enumerate(outs):
        tokens[b, :len(out)] = torch.tensor(out, dtype=torch.long)
        lengths[b] = len(out) - 1 if out and out[-1] == EOS else len(out)
    return tokens, lengths'''),
    greedy("correct", "a while loop with a step counter",
           body='''    prev = torch.full((batch_size,), BOS, dtype=torch.int64)
    tokens = torch.zeros(batch_size, max_len, dtype=torch.int64)
    alive = torch.ones(batch_size, dtype=torch.bool)
    lengths = torch.full((batch_size,), max_len)
    i = 0
    while i < max_len and alive.any():
        logits, state = step_fn(prev, state)
        prev = logits.argmax(dim=1)
        tokens[alive, i] = prev[alive]
        ended = alive & (prev == EOS)
        lengths[ended] = i
        alive &= ~ended
        i += 1
    return tokens, lengths'''),
]

MUTANTS += quiz_mutants({"q1": "c", "q2": "b", "q3": "a", "q4": "d", "q5": "c", "q6": "b", "q7": "b"})
