"""Wrong answers and correct variants for assignment 09 (format: README.md in this folder)."""

# ruff: noqa: E501  (entries are code snippets, kept on one line each where that reads best)

from catalogue_helpers import quiz_mutants

BATCHES = '''def make_batches(ids, batch_size, bptt):
    n_chunks = (len(ids) - 1) // (batch_size * bptt)
    if n_chunks == 0:
        raise ValueError("too few ids")
    S = n_chunks * bptt
    streams_x = ids[: batch_size * S].view(batch_size, S)
    streams_y = torch.stack([ids[b * S + 1 : (b + 1) * S + 1] for b in range(batch_size)])
    X = streams_x.view(batch_size, n_chunks, bptt).transpose(0, 1).contiguous()
    Y = streams_y.view(batch_size, n_chunks, bptt).transpose(0, 1).contiguous()
    return X, Y
'''
TRAIN = '''def train_stream(model, optimizer, X, Y, clip):
    losses, state = [], None
    for x, y in zip(X, Y):
        if state is not None:
            state = tuple(s.detach() for s in state)
        logits, state = model(x, state)
        loss = F.cross_entropy(logits.reshape(-1, logits.shape[-1]), y.reshape(-1))
        optimizer.zero_grad()
        loss.backward()
        nn.utils.clip_grad_norm_(model.parameters(), clip)
        optimizer.step()
        losses.append(loss.item())
    return losses
'''
BPC = '''def bits_per_character(logits, targets):
    nats = F.cross_entropy(logits.reshape(-1, logits.shape[-1]), targets.reshape(-1))
    return nats.item() / math.log(2)
'''
SAMPLE = '''def sample_next_char(logits, temperature, top_k, generator):
    if temperature == 0:
        return logits.argmax(dim=1)
    scaled = logits / temperature
    if top_k is not None:
        kth = scaled.topk(top_k, dim=1).values[:, -1:]
        scaled = scaled.masked_fill(scaled < kth, float("-inf"))
    probs = torch.softmax(scaled, dim=1)
    return torch.multinomial(probs, 1, generator=generator)[:, 0]
'''


def variant(cell, solution, target, kind, description, *edits):
    code = solution
    for old, new in edits:
        assert old in code, (description, old)
        code = code.replace(old, new)
    return {"cell": cell, "code": code, "kind": kind, "targets": target, "description": description}


def batches(kind, description, *edits):
    return variant("make_batches", BATCHES, "test_make_batches", kind, description, *edits)


def training(kind, description, *edits):
    return variant("train_stream", TRAIN, "test_train_stream", kind, description, *edits)


def bpc(kind, description, *edits):
    return variant("bits_per_character", BPC, "test_bits_per_character", kind, description, *edits)


def sampler(kind, description, *edits):
    return variant("sample_next_char", SAMPLE, "test_sample_next_char", kind, description, *edits)


MUTANTS = [
    batches("wrong", "targets not shifted", ("streams_y = torch.stack([ids[b * S + 1 : (b + 1) * S + 1]", "streams_y = torch.stack([ids[b * S : (b + 1) * S]")),
    batches("wrong", "targets shifted by two", ("streams_y = torch.stack([ids[b * S + 1 : (b + 1) * S + 1]", "streams_y = torch.stack([ids[b * S + 2 : (b + 1) * S + 2]")),
    batches("wrong", "targets wrap around inside each chunk (torch.roll)", ("    return X, Y", "    return X, torch.roll(X, -1, dims=2)")),
    batches("wrong", "streams interleaved (view(S, B).T)", ("streams_x = ids[: batch_size * S].view(batch_size, S)", "streams_x = ids[: batch_size * S].view(S, batch_size).T"),
            ("streams_y = torch.stack([ids[b * S + 1 : (b + 1) * S + 1] for b in range(batch_size)])", "streams_y = ids[1 : batch_size * S + 1].view(S, batch_size).T")),
    batches("wrong", "streams start at b * (N // B)", ("    S = n_chunks * bptt\n", "    S = n_chunks * bptt\n    L = len(ids) // batch_size\n"),
            ("streams_x = ids[: batch_size * S].view(batch_size, S)", "streams_x = torch.stack([ids[b * L : b * L + S] for b in range(batch_size)])"),
            ("streams_y = torch.stack([ids[b * S + 1 : (b + 1) * S + 1] for b in range(batch_size)])", "streams_y = torch.stack([ids[b * L + 1 : b * L + S + 1] for b in range(batch_size)])")),
    batches("wrong", "n_chunks = N // (B T): the last target is missing (wraps to the start)", ("n_chunks = (len(ids) - 1) // (batch_size * bptt)", "n_chunks = len(ids) // (batch_size * bptt)"),
            ("streams_y = torch.stack([ids[b * S + 1 : (b + 1) * S + 1] for b in range(batch_size)])", "streams_y = torch.roll(ids[: batch_size * S], -1).view(batch_size, S)")),
    batches("wrong", "(B, n_chunks, T) instead of (n_chunks, B, T)", ("    return X, Y", "    return X.transpose(0, 1), Y.transpose(0, 1)")),
    batches("wrong", "no ValueError when there is no full chunk", ("    if n_chunks == 0:\n        raise ValueError(\"too few ids\")\n", "")),
    batches("wrong", "calls the book's utils.charlm.to_streams", ("    streams_x = ids[: batch_size * S].view(batch_size, S)", "    streams_x = charlm.to_streams(ids[: batch_size * S], batch_size)")),
    dict(batches("wrong", "Y = X + 1 on the ids (right only for consecutive ids)", ("    return X, Y", "    return X, X + 1")), visible=True),
    batches("wrong", "the chapter's layout: L = N // B per stream, (L - 1) // T full chunks of each", ("    S = n_chunks * bptt\n    streams_x = ids[: batch_size * S].view(batch_size, S)\n    streams_y = torch.stack([ids[b * S + 1 : (b + 1) * S + 1] for b in range(batch_size)])\n    X = streams_x.view(batch_size, n_chunks, bptt).transpose(0, 1).contiguous()\n    Y = streams_y.view(batch_size, n_chunks, bptt).transpose(0, 1).contiguous()\n",
                                                                                                          "    L = len(ids) // batch_size\n    n = (L - 1) // bptt\n    if n == 0:\n        raise ValueError(\"too few ids\")\n    streams = ids[: batch_size * L].view(batch_size, L)\n    X = torch.stack([streams[:, k * bptt:(k + 1) * bptt] for k in range(n)])\n    Y = torch.stack([streams[:, k * bptt + 1:(k + 1) * bptt + 1] for k in range(n)])\n")),
    batches("correct", "index arithmetic with arange", ("    streams_x = ids[: batch_size * S].view(batch_size, S)\n    streams_y = torch.stack([ids[b * S + 1 : (b + 1) * S + 1] for b in range(batch_size)])\n    X = streams_x.view(batch_size, n_chunks, bptt).transpose(0, 1).contiguous()\n    Y = streams_y.view(batch_size, n_chunks, bptt).transpose(0, 1).contiguous()",
                                                        "    k = torch.arange(n_chunks)[:, None, None]\n    b = torch.arange(batch_size)[None, :, None]\n    t = torch.arange(bptt)[None, None, :]\n    pos = b * S + k * bptt + t\n    X, Y = ids[pos], ids[pos + 1]")),
    batches("correct", "Python loops building lists", ("    streams_x = ids[: batch_size * S].view(batch_size, S)\n    streams_y = torch.stack([ids[b * S + 1 : (b + 1) * S + 1] for b in range(batch_size)])\n    X = streams_x.view(batch_size, n_chunks, bptt).transpose(0, 1).contiguous()\n    Y = streams_y.view(batch_size, n_chunks, bptt).transpose(0, 1).contiguous()",
                                                       "    X = torch.stack([torch.stack([ids[b * S + k * bptt : b * S + k * bptt + bptt] for b in range(batch_size)]) for k in range(n_chunks)])\n    Y = torch.stack([torch.stack([ids[b * S + k * bptt + 1 : b * S + k * bptt + bptt + 1] for b in range(batch_size)]) for k in range(n_chunks)])")),
    batches("correct", "unfold over a (B, S + 1) view with overlap", ("    streams_x = ids[: batch_size * S].view(batch_size, S)\n    streams_y = torch.stack([ids[b * S + 1 : (b + 1) * S + 1] for b in range(batch_size)])\n    X = streams_x.view(batch_size, n_chunks, bptt).transpose(0, 1).contiguous()\n    Y = streams_y.view(batch_size, n_chunks, bptt).transpose(0, 1).contiguous()",
                                                                     "    rows = torch.stack([ids[b * S : (b + 1) * S + 1] for b in range(batch_size)])\n    X = rows[:, :-1].reshape(batch_size, n_chunks, bptt).permute(1, 0, 2)\n    Y = rows[:, 1:].reshape(batch_size, n_chunks, bptt).permute(1, 0, 2)")),

    training("wrong", "state not detached", ("        if state is not None:\n            state = tuple(s.detach() for s in state)\n", "")),
    training("wrong", "only h detached, c keeps its graph", ("state = tuple(s.detach() for s in state)", "state = (state[0].detach(), state[1])")),
    training("wrong", "state reset every chunk", ("        logits, state = model(x, state)", "        logits, state = model(x, None)")),
    training("wrong", "no clipping", ("        nn.utils.clip_grad_norm_(model.parameters(), clip)\n", "")),
    training("wrong", "clipping after the optimizer step", ("        nn.utils.clip_grad_norm_(model.parameters(), clip)\n        optimizer.step()\n", "        optimizer.step()\n        nn.utils.clip_grad_norm_(model.parameters(), clip)\n")),
    training("wrong", "clip_grad_value_ instead of the global norm", ("nn.utils.clip_grad_norm_(model.parameters(), clip)", "nn.utils.clip_grad_value_(model.parameters(), clip)")),
    training("wrong", "gradients never zeroed (they accumulate)", ("        optimizer.zero_grad()\n", "")),
    training("wrong", "loss summed instead of averaged", ("y.reshape(-1))", "y.reshape(-1), reduction=\"sum\")")),
    training("wrong", "losses in bits instead of nats", ("losses.append(loss.item())", "losses.append(loss.item() / math.log(2))")),
    training("wrong", "calls the book's utils.charlm.train_chunk", ("    losses, state = [], None\n    for x, y in zip(X, Y):\n        if state is not None:\n            state = tuple(s.detach() for s in state)\n        logits, state = model(x, state)\n        loss = F.cross_entropy(logits.reshape(-1, logits.shape[-1]), y.reshape(-1))\n        optimizer.zero_grad()\n        loss.backward()\n        nn.utils.clip_grad_norm_(model.parameters(), clip)\n        optimizer.step()\n        losses.append(loss.item())\n",
                                                                       "    losses, state = [], None\n    for x, y in zip(X, Y):\n        loss, state = charlm.train_chunk(model, optimizer, x, y, state, clip=clip)\n        losses.append(loss)\n")),
    dict(training("wrong", "state reset every chunk (named by the visible 2-layer Adam case too)", ("        if state is not None:\n            state = tuple(s.detach() for s in state)\n        logits, state = model(x, state)", "        logits, state = model(x, None)")), visible=True),
    dict(training("wrong", "clipping after the optimizer step (visible)", ("        nn.utils.clip_grad_norm_(model.parameters(), clip)\n        optimizer.step()\n", "        optimizer.step()\n        nn.utils.clip_grad_norm_(model.parameters(), clip)\n")), visible=True),
    training("wrong", "float(loss) (a warning) and a loss that raises on the second chunk (state not detached): the note does not save it", ("        if state is not None:\n            state = tuple(s.detach() for s in state)\n", ""), ("losses.append(loss.item())", "losses.append(float(loss))")),
    training("correct", "losses.append(float(loss)): a requires_grad-to-scalar UserWarning, shown as a note", ("losses.append(loss.item())", "losses.append(float(loss))")),
    training("correct", "the deprecated nn.utils.clip_grad_norm (a FutureWarning, shown as a note)", ("nn.utils.clip_grad_norm_(model.parameters(), clip)", "nn.utils.clip_grad_norm(model.parameters(), clip)")),
    training("correct", "detach at the end of each step, (h, c) unpacked", ("        if state is not None:\n            state = tuple(s.detach() for s in state)\n", ""),
             ("        losses.append(loss.item())", "        h, c = state\n        state = (h.detach(), c.detach())\n        losses.append(loss.item())")),
    training("correct", "clipping written out by hand, zero_grad(set_to_none=False), index loop", ("    for x, y in zip(X, Y):\n", "    for k in range(len(X)):\n        x, y = X[k], Y[k]\n"),
             ("        optimizer.zero_grad()\n", "        optimizer.zero_grad(set_to_none=False)\n"),
             ("        nn.utils.clip_grad_norm_(model.parameters(), clip)\n", "        norm = torch.sqrt(sum((p.grad ** 2).sum() for p in model.parameters() if p.grad is not None))\n        scale = min(1.0, clip / (norm.item() + 1e-6))\n        for p in model.parameters():\n            p.grad.mul_(scale)\n")),
    training("correct", "zero_grad before the forward pass, loss via log_softmax + nll_loss", ("        logits, state = model(x, state)\n        loss = F.cross_entropy(logits.reshape(-1, logits.shape[-1]), y.reshape(-1))\n        optimizer.zero_grad()\n",
                                                                                        "        optimizer.zero_grad()\n        logits, state = model(x, state)\n        loss = F.nll_loss(F.log_softmax(logits, dim=-1).flatten(0, 1), y.flatten())\n")),

    bpc("wrong", "nats (natural log), not bits", ("    return nats.item() / math.log(2)", "    return nats.item()")),
    bpc("wrong", "base 10", ("    return nats.item() / math.log(2)", "    return nats.item() / math.log(10)")),
    bpc("wrong", "log of a naive softmax (overflows for large logits)", ("    nats = F.cross_entropy(logits.reshape(-1, logits.shape[-1]), targets.reshape(-1))\n    return nats.item() / math.log(2)",
                                                                         "    p = torch.exp(logits) / torch.exp(logits).sum(dim=-1, keepdim=True)\n    return -torch.log2(p.gather(-1, targets[..., None])).mean().item()")),
    bpc("wrong", "sum instead of mean", ("    nats = F.cross_entropy(logits.reshape(-1, logits.shape[-1]), targets.reshape(-1))", "    nats = F.cross_entropy(logits.reshape(-1, logits.shape[-1]), targets.reshape(-1), reduction=\"sum\")")),
    bpc("wrong", "cross_entropy on (B, T, V) directly (dim 1, time, taken as the classes)", ("    nats = F.cross_entropy(logits.reshape(-1, logits.shape[-1]), targets.reshape(-1))", "    nats = F.cross_entropy(logits, targets)")),
    bpc("wrong", "softmax over the time axis", ("    nats = F.cross_entropy(logits.reshape(-1, logits.shape[-1]), targets.reshape(-1))\n    return nats.item() / math.log(2)",
                                                 "    logp = torch.log_softmax(logits, dim=1)\n    return -(logp.gather(-1, targets[..., None]).mean().item()) / math.log(2)")),
    bpc("wrong", "returns a tensor, not a float", ("    return nats.item() / math.log(2)", "    return nats / math.log(2)")),
    bpc("wrong", "mean probability of the target, not log", ("    nats = F.cross_entropy(logits.reshape(-1, logits.shape[-1]), targets.reshape(-1))\n    return nats.item() / math.log(2)",
                                                              "    p = torch.softmax(logits, dim=-1).gather(-1, targets[..., None])\n    return -math.log2(p.mean().item())")),
    bpc("wrong", "calls the book's utils.charlm.bits_from_logits", ("    nats = F.cross_entropy(logits.reshape(-1, logits.shape[-1]), targets.reshape(-1))\n    return nats.item() / math.log(2)",
                                                                     "    return float(charlm.bits_from_logits(logits.reshape(-1, logits.shape[-1]), targets.reshape(-1)).mean())")),
    bpc("correct", "log_softmax and gather, in log2", ("    nats = F.cross_entropy(logits.reshape(-1, logits.shape[-1]), targets.reshape(-1))\n    return nats.item() / math.log(2)",
                                                        "    logp = torch.log_softmax(logits, dim=-1)\n    return float(-(logp.gather(-1, targets[..., None]) / math.log(2)).mean())")),
    bpc("correct", "logsumexp by hand, numpy log2 conversion", ("    nats = F.cross_entropy(logits.reshape(-1, logits.shape[-1]), targets.reshape(-1))\n    return nats.item() / math.log(2)",
                                                                "    picked = logits.gather(-1, targets[..., None])[..., 0]\n    nats = (torch.logsumexp(logits, dim=-1) - picked).double().mean()\n    return float(nats * np.log2(np.e))")),
    bpc("correct", "cross_entropy with the class axis moved to dim 1", ("    nats = F.cross_entropy(logits.reshape(-1, logits.shape[-1]), targets.reshape(-1))",
                                                                        "    nats = F.cross_entropy(logits.transpose(1, 2), targets)")),

    sampler("wrong", "temperature applied after the softmax", ("    scaled = logits / temperature\n", "    scaled = logits\n"),
            ("    probs = torch.softmax(scaled, dim=1)\n", "    probs = torch.softmax(scaled, dim=1) / temperature\n")),
    sampler("wrong", "logits multiplied by the temperature", ("    scaled = logits / temperature\n", "    scaled = logits * temperature\n")),
    sampler("wrong", "logits outside the top k set to 0, not -inf", ('scaled.masked_fill(scaled < kth, float("-inf"))', "scaled.masked_fill(scaled < kth, 0.0)")),
    sampler("wrong", "top-k ids drawn uniformly", ("    probs = torch.softmax(scaled, dim=1)\n", "    probs = torch.softmax(scaled, dim=1) if top_k is None else torch.isfinite(scaled).double()\n")),
    sampler("wrong", "top-k renormalised with a second softmax over the probabilities", ("    if top_k is not None:\n        kth = scaled.topk(top_k, dim=1).values[:, -1:]\n        scaled = scaled.masked_fill(scaled < kth, float(\"-inf\"))\n    probs = torch.softmax(scaled, dim=1)\n",
                                                                                        "    probs = torch.softmax(scaled, dim=1)\n    if top_k is not None:\n        kth = probs.topk(top_k, dim=1).values[:, -1:]\n        probs = torch.softmax(probs.masked_fill(probs < kth, float(\"-inf\")), dim=1)\n")),
    sampler("wrong", "top-k keeps k + 1 ids (topk(k + 1))", ("scaled.topk(top_k, dim=1)", "scaled.topk(min(top_k + 1, scaled.shape[1]), dim=1)")),
    sampler("wrong", "top-k keeps k - 1 ids (> instead of >=)", ("scaled.masked_fill(scaled < kth, ", "scaled.masked_fill(scaled <= kth, ")),
    sampler("wrong", "the generator is ignored (global RNG)", ("torch.multinomial(probs, 1, generator=generator)", "torch.multinomial(probs, 1)")),
    sampler("wrong", "greedy ignored: temperature 0 treated as 1", ("    if temperature == 0:\n        return logits.argmax(dim=1)\n    scaled = logits / temperature\n", "    scaled = logits / (temperature or 1.0)\n")),
    sampler("wrong", "argmax always (no sampling)", ("    return torch.multinomial(probs, 1, generator=generator)[:, 0]", "    return probs.argmax(dim=1)")),
    sampler("wrong", "calls the book's utils.sampling.sample_next", ("    if temperature == 0:\n", "    return sampling.sample_next(logits, temperature, top_k, generator)[0]\n    if temperature == 0:\n")),
    dict(sampler("wrong", "a bare .squeeze() drops the batch axis for B = 1", ("    return torch.multinomial(probs, 1, generator=generator)[:, 0]", "    return torch.multinomial(probs, 1, generator=generator).squeeze()")), visible=True),
    dict(sampler("wrong", "one top-k threshold for the whole batch (topk(...).values.min(), no dim)", ("        kth = scaled.topk(top_k, dim=1).values[:, -1:]\n", "        kth = scaled.topk(top_k).values.min()\n")), visible=True),
    sampler("wrong", "one top-k threshold for the whole batch, k = 1 (the batch's smallest row maximum)", ("        kth = scaled.topk(top_k, dim=1).values[:, -1:]\n", "        kth = scaled.max(dim=1).values.min() if top_k == 1 else scaled.topk(top_k, dim=1).values[:, -1:]\n")),
    sampler("correct", "F.softmax(scaled) without dim on (B, V) logits (a deprecation UserWarning, shown as a note; dim 1 is chosen)", ("    probs = torch.softmax(scaled, dim=1)\n", "    probs = F.softmax(scaled)\n")),
    sampler("correct", "zero the probabilities outside the top k and renormalise", ("    if top_k is not None:\n        kth = scaled.topk(top_k, dim=1).values[:, -1:]\n        scaled = scaled.masked_fill(scaled < kth, float(\"-inf\"))\n    probs = torch.softmax(scaled, dim=1)\n",
                                                                                  "    probs = torch.softmax(scaled, dim=1)\n    if top_k is not None:\n        idx = probs.topk(top_k, dim=1).indices\n        keep = torch.zeros_like(probs).scatter(1, idx, 1.0)\n        probs = probs * keep\n        probs = probs / probs.sum(dim=1, keepdim=True)\n")),
    sampler("correct", "probabilities to the power 1 / temperature, top-k by scatter", ("    scaled = logits / temperature\n    if top_k is not None:\n        kth = scaled.topk(top_k, dim=1).values[:, -1:]\n        scaled = scaled.masked_fill(scaled < kth, float(\"-inf\"))\n    probs = torch.softmax(scaled, dim=1)\n",
                                                                                       "    p = torch.softmax(logits.double(), dim=1) ** (1.0 / temperature)\n    if top_k is not None:\n        values, idx = p.topk(top_k, dim=1)\n        p = torch.zeros_like(p).scatter(1, idx, values)\n    probs = p / p.sum(dim=1, keepdim=True)\n")),
    sampler("correct", "sort-based top-k, unnormalised weights to multinomial", ("        kth = scaled.topk(top_k, dim=1).values[:, -1:]\n", "        kth = scaled.sort(dim=1, descending=True).values[:, top_k - 1 : top_k]\n"),
            ("    probs = torch.softmax(scaled, dim=1)\n", "    probs = torch.exp(scaled - scaled.max(dim=1, keepdim=True).values)\n")),
] + quiz_mutants({"q1": "b", "q2": "c", "q3": "a", "q4": "d", "q5": "c", "q6": "b", "q7": "b", "q8": "c"})
