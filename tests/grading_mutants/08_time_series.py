"""Wrong answers and correct variants for assignment 08 (format: README.md in this folder)."""

# ruff: noqa: E501  (entries are code snippets, kept on one line each where that reads best)

from catalogue_helpers import quiz_mutants


def _whole_cell(cell, test):
    """Entries of one task whose code is the complete answer cell: ``entry(kind, description, code)``."""
    def entry(kind, description, code):
        return {"notebook": "exercises", "cell": cell, "code": code, "kind": kind, "targets": test,
                "description": description}
    return entry


_windows = _whole_cell("horizon_windows", "test_horizon_windows")
_split = _whole_cell("split_and_standardise", "test_split_and_standardise")
_forecast = _whole_cell("recursive_forecast", "test_recursive_forecast")
_taps = _whole_cell("wiener_taps", "test_wiener_taps")
_nmse = _whole_cell("predictor_nmse_db", "test_predictor_nmse_db")


WINDOWS = [
    _windows("wrong", "one window too few (range(T - L - h))", '''def horizon_windows(series, window, horizon):
    n = len(series) - window - horizon
    if n < 1:
        raise ValueError("too short")
    x = np.stack([series[i:i + window] for i in range(n)])
    y = np.stack([series[i + window:i + window + horizon] for i in range(n)])
    return x, y
'''),
    _windows("wrong", "the targets start at the last input step", '''def horizon_windows(series, window, horizon):
    n = len(series) - window - horizon + 1
    if n < 1:
        raise ValueError("too short")
    x = np.stack([series[i:i + window] for i in range(n)])
    y = np.stack([series[i + window - 1:i + window - 1 + horizon] for i in range(n)])
    return x, y
'''),
    _windows("wrong", "horizon ignored: one target per window", '''def horizon_windows(series, window, horizon):
    n = len(series) - window
    x = np.stack([series[i:i + window] for i in range(n)])
    y = series[window:][:, None]
    return x, y
'''),
    _windows("wrong", "no ValueError for a series too short (empty arrays)",
        '''def horizon_windows(series, window, horizon):
    n = max(len(series) - window - horizon + 1, 0)
    x = np.array([series[i:i + window] for i in range(n)]).reshape(n, window)
    y = np.array([series[i + window:i + window + horizon] for i in range(n)]).reshape(n, horizon)
    return x, y
'''),
    _windows("wrong", "calls the forbidden utils.timeseries.make_windows",
        '''def horizon_windows(series, window, horizon):
    x, _ = timeseries.make_windows(series[:len(series) - horizon + 1], window)
    y = np.stack([series[i + window:i + window + horizon] for i in range(len(x))])
    return x, y
'''),
    _windows("wrong", "returns lists instead of arrays", '''def horizon_windows(series, window, horizon):
    n = len(series) - window - horizon + 1
    if n < 1:
        raise ValueError("too short")
    x = [list(series[i:i + window]) for i in range(n)]
    return x, [list(series[i + window:i + window + horizon]) for i in range(n)]
'''),
    _windows("correct", "vectorised with index arithmetic", '''def horizon_windows(series, window, horizon):
    n = len(series) - window - horizon + 1
    if n < 1:
        raise ValueError(f"need at least {window + horizon} steps, got {len(series)}")
    start = np.arange(n)[:, None]
    return series[start + np.arange(window)], series[start + window + np.arange(horizon)]
'''),
    _windows("correct", "sliding_window_view, then split each row", '''def horizon_windows(series, window, horizon):
    if len(series) < window + horizon:
        raise ValueError("series too short")
    rows = np.lib.stride_tricks.sliding_window_view(series, window + horizon)
    return rows[:, :window].copy(), rows[:, window:].copy()
'''),
]

SPLIT = [
    _split("wrong", "statistics of the whole series (leaks the future)",
        '''def split_and_standardise(series, train_fraction, val_fraction):
    n_train, n_val = int(len(series) * train_fraction), int(len(series) * val_fraction)
    mean, std = float(series.mean()), float(series.std())
    z = (series - mean) / std
    return z[:n_train], z[n_train:n_train + n_val], z[n_train + n_val:], mean, std
'''),
    _split("wrong", "statistics of training and validation parts",
        '''def split_and_standardise(series, train_fraction, val_fraction):
    n_train, n_val = int(len(series) * train_fraction), int(len(series) * val_fraction)
    fit = series[:n_train + n_val]
    mean, std = float(fit.mean()), float(fit.std())
    z = (series - mean) / std
    return z[:n_train], z[n_train:n_train + n_val], z[n_train + n_val:], mean, std
'''),
    _split("wrong", "std with ddof=1", '''def split_and_standardise(series, train_fraction, val_fraction):
    n_train, n_val = int(len(series) * train_fraction), int(len(series) * val_fraction)
    train = series[:n_train]
    mean, std = float(train.mean()), float(train.std(ddof=1))
    z = (series - mean) / std
    return z[:n_train], z[n_train:n_train + n_val], z[n_train + n_val:], mean, std
'''),
    _split("wrong", "shuffled before splitting", '''def split_and_standardise(series, train_fraction, val_fraction):
    n_train, n_val = int(len(series) * train_fraction), int(len(series) * val_fraction)
    shuffled = np.random.default_rng(0).permutation(series)
    train = shuffled[:n_train]
    mean, std = float(train.mean()), float(train.std())
    z = (shuffled - mean) / std
    return z[:n_train], z[n_train:n_train + n_val], z[n_train + n_val:], mean, std
'''),
    _split("wrong", "round() instead of int() for the part sizes",
        '''def split_and_standardise(series, train_fraction, val_fraction):
    n_train, n_val = round(len(series) * train_fraction), round(len(series) * val_fraction)
    train = series[:n_train]
    mean, std = float(train.mean()), float(train.std())
    z = (series - mean) / std
    return z[:n_train], z[n_train:n_train + n_val], z[n_train + n_val:], mean, std
'''),
    _split("wrong", "calls the forbidden utils.timeseries.Standardiser",
        '''def split_and_standardise(series, train_fraction, val_fraction):
    n_train, n_val = int(len(series) * train_fraction), int(len(series) * val_fraction)
    scaler = timeseries.Standardiser().fit(series[:n_train])
    z = scaler.transform(series)
    return z[:n_train], z[n_train:n_train + n_val], z[n_train + n_val:], float(scaler.mean), float(scaler.std)
'''),
    _split("wrong", "validation and test parts not standardised",
        '''def split_and_standardise(series, train_fraction, val_fraction):
    n_train, n_val = int(len(series) * train_fraction), int(len(series) * val_fraction)
    train = series[:n_train]
    mean, std = float(train.mean()), float(train.std())
    return (train - mean) / std, series[n_train:n_train + n_val], series[n_train + n_val:], mean, std
'''),
    dict(_split("wrong", "int(T * fraction + 1e-9): a tolerance against rounding, but the task's formula is literal",
        '''def split_and_standardise(series, train_fraction, val_fraction):
    n_train = int(len(series) * train_fraction + 1e-9)
    n_val = int(len(series) * val_fraction + 1e-9)
    train, val, test = series[:n_train], series[n_train:n_train + n_val], series[n_train + n_val:]
    mean, std = float(train.mean()), float(train.std())
    return (train - mean) / std, (val - mean) / std, (test - mean) / std, mean, std
'''), visible=True),
    _split("correct", "math.floor of the products (the same as int for positive numbers)",
        '''def split_and_standardise(series, train_fraction, val_fraction):
    n_train = math.floor(len(series) * train_fraction)
    n_val = math.floor(len(series) * val_fraction)
    train = series[:n_train]
    mean, std = float(np.mean(train)), float(np.std(train))
    return ((train - mean) / std, (series[n_train:n_train + n_val] - mean) / std,
            (series[n_train + n_val:] - mean) / std, mean, std)
'''),
    _split("correct", "np.split and np.mean / np.std",
        '''def split_and_standardise(series, train_fraction, val_fraction):
    T = len(series)
    train, val, test = np.split(series, [int(T * train_fraction), int(T * train_fraction) + int(T * val_fraction)])
    mean, std = np.mean(train), np.std(train)
    return (train - mean) / std, (val - mean) / std, (test - mean) / std, float(mean), float(std)
'''),
    _split("correct", "statistics module, plain Python", '''import statistics


def split_and_standardise(series, train_fraction, val_fraction):
    a = int(len(series) * train_fraction)
    b = a + int(len(series) * val_fraction)
    mean = statistics.fmean(series[:a].tolist())
    std = statistics.pstdev(series[:a].tolist())
    parts = [(series[s] - mean) / std for s in (slice(0, a), slice(a, b), slice(b, None))]
    return parts[0], parts[1], parts[2], float(mean), float(std)
'''),
]

FORECAST = [
    _forecast("wrong", "coefficients applied oldest first", '''def recursive_forecast(coefficients, history, horizon):
    values = list(history)
    p = len(coefficients)
    out = []
    for _ in range(horizon):
        out.append(float(np.dot(coefficients, values[-p:])))
        values.append(out[-1])
    return np.array(out)
'''),
    _forecast("wrong", "predictions not fed back", '''def recursive_forecast(coefficients, history, horizon):
    p = len(coefficients)
    step = float(np.dot(coefficients, history[::-1][:p]))
    return np.full(horizon, step)
'''),
    _forecast("wrong", "a rolling buffer that is a view: modifies history in place",
        '''def recursive_forecast(coefficients, history, horizon):
    p = len(coefficients)
    buffer = history[-p:]
    out = []
    for _ in range(horizon):
        out.append(float(np.dot(coefficients, buffer[::-1])))
        buffer[:-1] = buffer[1:]
        buffer[-1] = out[-1]
    return np.array(out)
'''),
    _forecast("wrong", "the last known value is returned as the first forecast",
        '''def recursive_forecast(coefficients, history, horizon):
    values = list(history)
    out = [values[-1]]
    while len(out) < horizon:
        out.append(float(np.dot(coefficients, values[::-1][:len(coefficients)])))
        values.append(out[-1])
    return np.array(out)
'''),
    _forecast("wrong", "uses the first p values of the history instead of the last",
        '''def recursive_forecast(coefficients, history, horizon):
    p = len(coefficients)
    values = list(history[:p])
    out = []
    for _ in range(horizon):
        out.append(float(np.dot(coefficients, values[::-1][:p])))
        values.append(out[-1])
    return np.array(out)
'''),
    _forecast("wrong", "calls the forbidden utils.timeseries.autoregressive_forecast (no intercept)", '''def recursive_forecast(coefficients, history, horizon):
    return timeseries.autoregressive_forecast(np.concatenate([[0.0], coefficients]), history, horizon)
'''),
    _forecast("correct", "NumPy buffer, concatenated", '''def recursive_forecast(coefficients, history, horizon):
    coefficients = np.asarray(coefficients)
    buffer = np.array(history, dtype=float)
    for _ in range(horizon):
        newest_first = buffer[::-1][:len(coefficients)]
        buffer = np.concatenate([buffer, [newest_first @ coefficients]])
    return buffer[len(history):]
'''),
    _forecast("correct", "a deque of the last p values", '''from collections import deque


def recursive_forecast(coefficients, history, horizon):
    p = len(coefficients)
    last = deque(history[-p:].tolist(), maxlen=p)
    out = np.empty(horizon)
    for k in range(horizon):
        out[k] = sum(coefficients[i] * last[-1 - i] for i in range(p))
        last.append(out[k])
    return out
'''),
]

TAPS = [
    _taps("wrong", "noise variance missing from the diagonal", '''def wiener_taps(r, noise_var, order):
    lag = (torch.arange(order)[:, None] - torch.arange(order)[None, :]).abs()
    return torch.linalg.solve(r[lag], r[1:order + 1])
'''),
    _taps("wrong", "c = r(0), ..., r(p - 1)", '''def wiener_taps(r, noise_var, order):
    lag = (torch.arange(order)[:, None] - torch.arange(order)[None, :]).abs()
    return torch.linalg.solve(r[lag] + noise_var * torch.eye(order, dtype=r.dtype), r[:order])
'''),
    _taps("wrong", "taps reversed (w[0] for the oldest pilot)", '''def wiener_taps(r, noise_var, order):
    lag = (torch.arange(order)[:, None] - torch.arange(order)[None, :]).abs()
    return torch.linalg.solve(r[lag] + noise_var * torch.eye(order, dtype=r.dtype), r[1:order + 1]).flip(0)
'''),
    _taps("wrong", "noise variance added to every entry of R", '''def wiener_taps(r, noise_var, order):
    lag = (torch.arange(order)[:, None] - torch.arange(order)[None, :]).abs()
    return torch.linalg.solve(r[lag] + noise_var, r[1:order + 1])
'''),
    _taps("wrong", "R built from r(i + j)", '''def wiener_taps(r, noise_var, order):
    lag = torch.arange(order)[:, None] + torch.arange(order)[None, :]
    return torch.linalg.solve(r[lag] + noise_var * torch.eye(order, dtype=r.dtype), r[1:order + 1])
'''),
    _taps("wrong", "calls the forbidden utils.channels.wiener_coefficients", '''def wiener_taps(r, noise_var, order):
    return channels.wiener_coefficients(r, noise_var, order)
'''),
    _taps("wrong", "calls the forbidden utils.channels.pooled_wiener_coefficients (one channel, weight 1)", '''def wiener_taps(r, noise_var, order):
    return channels.pooled_wiener_coefficients([r], [noise_var], order)
'''),
    _taps("wrong", "returns float32", '''def wiener_taps(r, noise_var, order):
    lag = (torch.arange(order)[:, None] - torch.arange(order)[None, :]).abs()
    R = (r[lag] + noise_var * torch.eye(order, dtype=r.dtype)).float()
    return torch.linalg.solve(R, r[1:order + 1].float())
'''),
    _taps("correct", "NumPy loops and np.linalg.solve, back to torch", '''def wiener_taps(r, noise_var, order):
    rr = r.numpy()
    R = np.empty((order, order))
    for i in range(order):
        for j in range(order):
            R[i, j] = rr[abs(i - j)] + (noise_var if i == j else 0.0)
    return torch.from_numpy(np.linalg.solve(R, rr[1:order + 1]))
'''),
    _taps("correct", "c = torch.tensor(r[1:order + 1], dtype=torch.float64): a UserWarning, shown as a note",
        '''def wiener_taps(r, noise_var, order):
    R = torch.zeros(order, order, dtype=torch.float64)
    for i in range(order):
        for j in range(order):
            R[i, j] = r[abs(i - j)] + (noise_var if i == j else 0.0)
    c = torch.tensor(r[1:order + 1], dtype=torch.float64)
    return torch.linalg.solve(R, c)
'''),
    _taps("correct", "Cholesky factorisation (R is symmetric positive definite)",
        '''def wiener_taps(r, noise_var, order):
    index = torch.arange(order)
    R = r[(index[:, None] - index[None, :]).abs()] + noise_var * torch.eye(order, dtype=torch.float64)
    factor = torch.linalg.cholesky(R)
    return torch.cholesky_solve(r[1:order + 1, None], factor)[:, 0]
'''),
]

NMSE = [
    _nmse("wrong", "not in decibels", '''def predictor_nmse_db(r, noise_var, w):
    p = len(w)
    lag = (torch.arange(p)[:, None] - torch.arange(p)[None, :]).abs()
    R = r[lag] + noise_var * torch.eye(p, dtype=r.dtype)
    return float((r[0] - 2 * w @ r[1:p + 1] + w @ R @ w) / r[0])
'''),
    _nmse("wrong", "1 - c^T w (true only at the Wiener taps)", '''def predictor_nmse_db(r, noise_var, w):
    return float(10 * torch.log10(1 - w @ r[1:len(w) + 1]))
'''),
    _nmse("wrong", "noise left out of R", '''def predictor_nmse_db(r, noise_var, w):
    p = len(w)
    lag = (torch.arange(p)[:, None] - torch.arange(p)[None, :]).abs()
    return float(10 * torch.log10(r[0] - 2 * w @ r[1:p + 1] + w @ r[lag] @ w))
'''),
    _nmse("wrong", "cross term counted once", '''def predictor_nmse_db(r, noise_var, w):
    p = len(w)
    lag = (torch.arange(p)[:, None] - torch.arange(p)[None, :]).abs()
    R = r[lag] + noise_var * torch.eye(p, dtype=r.dtype)
    return float(10 * torch.log10(r[0] - w @ r[1:p + 1] + w @ R @ w))
'''),
    _nmse("wrong", "natural logarithm instead of log10", '''def predictor_nmse_db(r, noise_var, w):
    p = len(w)
    lag = (torch.arange(p)[:, None] - torch.arange(p)[None, :]).abs()
    R = r[lag] + noise_var * torch.eye(p, dtype=r.dtype)
    return float(10 * torch.log(r[0] - 2 * w @ r[1:p + 1] + w @ R @ w))
'''),
    _nmse("wrong", "returns a tensor, not a float", '''def predictor_nmse_db(r, noise_var, w):
    p = len(w)
    lag = (torch.arange(p)[:, None] - torch.arange(p)[None, :]).abs()
    R = r[lag] + noise_var * torch.eye(p, dtype=r.dtype)
    return 10 * torch.log10(r[0] - 2 * w @ r[1:p + 1] + w @ R @ w)
'''),
    _nmse("correct", "the error expanded by hand (signal part plus noise part)",
        '''def predictor_nmse_db(r, noise_var, w):
    p = len(w)
    lag = (torch.arange(p)[:, None] - torch.arange(p)[None, :]).abs()
    signal = r[0] - 2 * (w * r[1:p + 1]).sum() + (w[:, None] * w[None, :] * r[lag]).sum()
    return 10 * math.log10(((signal + noise_var * (w ** 2).sum()) / r[0]).item())
'''),
    _nmse("correct", "NumPy", '''def predictor_nmse_db(r, noise_var, w):
    rr, ww = r.numpy(), w.numpy()
    p = len(ww)
    R = rr[np.abs(np.subtract.outer(np.arange(p), np.arange(p)))] + noise_var * np.eye(p)
    return float(10 * np.log10((rr[0] - 2 * ww @ rr[1:p + 1] + ww @ R @ ww) / rr[0]))
'''),
]

MUTANTS = WINDOWS + SPLIT + FORECAST + TAPS + NMSE + quiz_mutants(
    {"q1": "b", "q2": "c", "q3": "b", "q4": "c", "q5": "a", "q6": "c", "q7": "c"})
