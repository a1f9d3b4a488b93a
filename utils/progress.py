"""The book's progress bars: live while a loop runs, one true line of text once it has finished.

``progress_bar(iterable, desc="training")`` is a ``tqdm.auto`` bar: a widget in JupyterLab, text in a terminal,
off in static mode (``RNN_BOOK_STATIC=1``, the HTML book) and when ``TQDM_DISABLE=1``.

In a notebook, a plain tqdm widget leaves two stale things in the saved file: the widget's reference, which a
reopened notebook cannot display without its kernel ("Error displaying widget: model not found"), and its text
fallback frozen at the moment it was displayed (``training: 0%| | 0/150``), which is what nbconvert, CI, a
notebook viewer or an instructor's pipeline show. So when a notebook bar closes — the loop ended, or stopped
with an error or an interrupt — its output is *replaced* (IPython's ``update_display``) by one line that says
what happened, e.g. ``training: 150/150 in 00:03, loss=0.012``, or ``training: stopped at 37/150 after 00:01``.
"""

from __future__ import annotations

from IPython.display import display
from tqdm.auto import tqdm
from tqdm.notebook import tqdm_notebook

from .runtime import show_progress

# tqdm.auto is the notebook bar inside a Jupyter kernel with ipywidgets, else the terminal bar.
IN_NOTEBOOK = issubclass(tqdm, tqdm_notebook)


class NotebookProgressBar(tqdm):
    """A notebook bar whose output becomes a one-line summary when it closes (see the module docstring)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, display=False, **kwargs)  # displayed below, with a handle to replace it later
        self._handle = None if self.disable else display(self.container, display_id=True)

    def summary(self) -> str:
        """``desc: n/total in elapsed, postfix`` — or ``desc: stopped at n/total after elapsed`` if unfinished."""
        meter = self.format_dict
        done = not meter["total"] or self.n >= meter["total"]
        counts = f"{self.n}/{meter['total']}" if meter["total"] else f"{self.n}"
        elapsed = self.format_interval(meter["elapsed"])
        text = f"{counts} in {elapsed}" if done else f"stopped at {counts} after {elapsed}"
        postfix = f", {meter['postfix']}" if meter.get("postfix") else ""
        return f"{meter['prefix']}: {text}{postfix}" if meter.get("prefix") else f"{text}{postfix}"

    def close(self):
        handle, self._handle = getattr(self, "_handle", None), None
        super().close()
        if handle is not None:
            handle.update({"text/plain": self.summary()}, raw=True)


def progress_bar(iterable=None, *, enabled: bool = True, leave: bool = False, **kwargs):
    """A ``tqdm.auto`` progress bar over ``iterable``; in a notebook it leaves a one-line summary when it closes.

    ``enabled=False`` turns it off, as do static mode and ``TQDM_DISABLE=1``; ``leave=False`` (the default) lets a
    terminal bar disappear at the end. Other keyword arguments go to ``tqdm`` (``desc``, ``total``, ...). Use it
    like ``tqdm``: iterate over it, ``set_postfix(...)``, ``close()``.
    """
    disable = not (enabled and show_progress())
    if IN_NOTEBOOK and not disable:
        return NotebookProgressBar(iterable, leave=leave, **kwargs)
    return tqdm(iterable, disable=disable, leave=leave, **kwargs)
