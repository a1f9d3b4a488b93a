"""The book's library: what the chapters and the exercises import, and what a learner reads.

One module per concern; import the one you need, e.g. ``from utils import scratch`` (the tooling that builds,
grades and checks the course is a package of its own, ``course``, which ``utils`` never imports):

- ``scratch``   NumPy from-scratch recurrent cells (forward returns a cache) and weight copying to/from torch.nn;
  ``scratch.scan`` the scans of linear recurrences
- ``data``      every data set: synthetic tasks and the real, offline ones (``utils.data``'s docstring lists them),
  one ``Vocab`` class for characters, padding and splits
- ``train``     seeding, device selection, progress bars and a small explicit training loop
  (``seeds``: the seeds and the book-wide offset ``RNN_BOOK_SEED``; ``progress``: the progress bars)
- ``plotting``  figure helpers and the book's colour-blind-safe style (a package; every figure gets an alt text)
- ``widgets``   ipywidgets explorers that fall back to a static figure when no widget front end is present
- ``checks``    comparison helpers used by the exercise tests, with messages that say what is wrong
- ``params``    parameter counts of ``nn.RNN``/``nn.GRU``/``nn.LSTM`` from the formula
- ``graphs``    the number of operations autograd recorded (is a recurrent layer one fused kernel?)
- ``charlm``    a character language model: streams, truncated BPTT, bits per character (chapter 09);
  ``sampling`` temperature, top-k and top-p; ``compressors`` gzip/bz2/lzma as baselines
- ``timeseries`` windows, chronological splits and forecasting baselines; ``channels`` fading channels and the
  Wiener predictor (chapter 08)
- ``seq2seq``   encoder–decoder GRUs with attention, teacher forcing, greedy and beam decoding (chapter 10)
- ``minrnn``    minGRU and minLSTM (parallel forward by a scan, step by step), chapter 11's networks
- ``pretrained`` the committed checkpoints of chapters 09–11: loading them, their test sets, their evaluation
- ``runtime``   torch's thread count (one thread unless ``RNN_BOOK_THREADS`` says otherwise), static mode
- ``validation`` the argument checks every public function uses

Importing ``utils`` sets torch's thread count (see ``utils.runtime``), so every kernel that uses the book gets it.
"""

from . import runtime as _runtime

__version__ = "0.1.0"

_runtime.configure_threads()
