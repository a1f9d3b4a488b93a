"""Shared code of the recurrent-networks textbook.

One module per concern (import the one you need, e.g. ``from utils import scratch``):

- ``scratch``  NumPy from-scratch recurrent cells (forward returns a cache) and weight copying to/from torch.nn
- ``plotting`` figure helpers and the book's colour-blind-safe style (a package: style, charts, diagrams, cells)
- ``widgets``  ipywidgets explorers that fall back to a static figure when no widget front end is present
- ``data``     dataset builders and loaders (synthetic tasks; real data committed under ``datasets/``)
- ``train``    seeding, device selection and a small explicit training loop
- ``checks``   comparison helpers used by the exercise tests, with messages that say what is wrong
- ``grading``  nbgrader helpers: regenerate ``exercises/``, autograde, read scores, a learner's self-check
- ``book``     the executed HTML book (``make book``)
- ``navigation`` generated prev/contents/next links and tables of contents
- ``params``   parameter counts of ``nn.RNN``/``nn.GRU``/``nn.LSTM`` from the formula
- ``graphs``   the number of operations autograd recorded (is a recurrent layer one fused kernel?)
- ``runtime``  torch's thread count (one thread unless ``RNN_BOOK_THREADS`` says otherwise), static mode, progress bars
- ``seq2seq`` encoder–decoder GRUs with attention, teacher forcing, greedy and beam decoding, batching
- ``transduction`` sequence-to-sequence data: the reversal task and CLDR dates (``babel``) → ISO 8601
- ``minrnn``   minGRU and minLSTM (parallel forward by a scan, step by step), the networks of chapter 11
- ``memory_tasks`` selective copying and running parity (chapter 11); ``scratch.scan`` has the scans themselves

Importing ``utils`` sets torch's thread count (see ``utils.runtime``), so every kernel that uses the book gets it.
"""

from . import runtime as _runtime

__version__ = "0.1.0"

_runtime.configure_threads()
