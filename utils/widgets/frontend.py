"""What every explorer shares: detecting a widget front end, drawing into an ``Output``, wiring controls."""

from __future__ import annotations

import base64
import importlib
import io

import matplotlib.pyplot as plt

from ..plotting.alt_text import alt_text
from ..runtime import static_mode


def has_widget_frontend() -> bool:
    """True inside a Jupyter kernel unless ``RNN_BOOK_STATIC=1`` asks for static figures."""
    if static_mode():
        return False
    try:
        from IPython import get_ipython
    except ImportError:
        return False
    shell = get_ipython()
    return shell is not None and getattr(shell, "kernel", None) is not None


def api():
    """The ``utils.widgets`` package itself.

    Explorers look up ``has_widget_frontend`` and their drawing helpers here, when they run, rather than in
    their own module: replacing ``utils.widgets.NAME`` (a test's ``monkeypatch.setattr(widgets, NAME, ...)``)
    then reaches every explorer, whichever module defines it.
    """
    return importlib.import_module(__package__)


def show_in(output, draw) -> None:
    """Call ``draw()``, which makes matplotlib figures, and show them in the ``ipywidgets.Output`` ``output``,
    replacing what it showed. A ``ValueError`` from ``draw`` (bad input in a text box) is shown as its message.

    The figures are rendered to PNG and set as the widget's outputs directly. Capturing with ``with output:``
    instead routes outputs by message id, and when redraws queue up (a slider dragged fast) a late figure of one
    explorer can land in another explorer's output.
    """
    before = set(plt.get_fignums())
    try:
        draw()
        problem = None
    except ValueError as error:
        problem = error
    shown = []
    for figure in [plt.figure(number) for number in plt.get_fignums() if number not in before]:
        if problem is None:
            buffer = io.BytesIO()
            figure.savefig(buffer, format="png", bbox_inches="tight")
            alt = alt_text(figure)
            data = {"image/png": base64.b64encode(buffer.getvalue()).decode("ascii"), "text/plain": f"[figure] {alt}"}
            shown.append({"output_type": "display_data", "metadata": {"image/png": {"alt": alt}}, "data": data})
        plt.close(figure)
    if problem is not None:
        shown = [{"output_type": "stream", "name": "stdout", "text": f"{problem}\n"}]
    output.outputs = tuple(shown)


def connect(controls, draw):
    """A new ``ipywidgets.Output`` showing ``draw()``, redrawn whenever one of ``controls`` changes its value.

    Draws once before returning; the explorer lays out its controls and this output in its own box.
    """
    import ipywidgets

    output = ipywidgets.Output()

    def redraw(_change=None):
        show_in(output, draw)

    for control in controls:
        control.observe(redraw, names="value")
    redraw()
    return output
