"""Text alternatives for the book's figures, for readers who cannot see them (WCAG 2.1, 1.1.1).

``alt_text(fig)`` says what a figure shows, from what the figure already states: its suptitle, then each panel's
title and what it plots against what (its axis labels), e.g. ``"Training loss: cross-entropy against step. Global
gradient norm (seed 0): gradient norm before clipping against step."``. A chapter that wants other words sets
them with ``set_alt(fig, text)``.

``install()`` (called when ``utils.plotting`` or ``utils.widgets`` is imported in a Jupyter kernel) makes every
figure a cell displays carry that text: as the PNG output's ``alt`` metadata (``{"image/png": {"alt": ...}}``),
which the book site turns into the ``<img>``'s ``alt`` attribute, and as its ``text/plain`` form, which
front ends that show no images print instead of ``<Figure size 640x360 with 1 Axes>``.
"""

from __future__ import annotations

import re

from matplotlib.figure import Figure

ALT_ATTRIBUTE = "book_alt_text"  # where set_alt stores a chapter's own text on the Figure
MAX_LENGTH = 400


def set_alt(fig: Figure, text: str) -> Figure:
    """Give ``fig`` the text alternative ``text`` (instead of the one made from its titles); returns ``fig``."""
    if not isinstance(fig, Figure):
        raise TypeError(f"fig must be a matplotlib Figure, got {type(fig).__name__}")
    if not isinstance(text, str) or not text.strip():
        raise ValueError(f"text must be a non-empty string, got {text!r}")
    setattr(fig, ALT_ATTRIBUTE, text.strip())
    return fig


GREEK = {name: chr(code) for name, code in [("alpha", 945), ("beta", 946), ("gamma", 947), ("delta", 948),
                                            ("epsilon", 949), ("eta", 951), ("theta", 952), ("lambda", 955),
                                            ("mu", 956), ("pi", 960), ("rho", 961), ("sigma", 963), ("tau", 964),
                                            ("phi", 966), ("odot", 8857), ("partial", 8706), ("Delta", 916)]}


def plain(text: str) -> str:
    """``text`` with matplotlib's mathtext (``$\\|h_t\\|$``) written as plain characters (``‖h_t‖``), for a
    screen reader."""
    if "$" not in text:
        return text
    text = text.replace("$", "").replace("\\|", "‖")
    text = re.sub(r"\\frac\{([^{}]*)\}\{([^{}]*)\}", r"\1/\2", text)
    text = re.sub(r"\\(mathrm|mathbf|mathit|text|operatorname)\{([^{}]*)\}", r"\2", text)
    text = re.sub(r"\\([A-Za-z]+)", lambda m: GREEK.get(m.group(1), m.group(1)), text)
    return text.replace("{", "").replace("}", "").replace("\\", "")


def _panel(ax) -> str:
    title = " ".join(t for t in (ax.get_title("left"), ax.get_title(), ax.get_title("right")) if t).strip()
    x, y = ax.get_xlabel().strip(), ax.get_ylabel().strip()
    plotted = f"{y} against {x}" if x and y else (y or x)
    if title and plotted:
        return f"{title}: {plotted}"
    return title or plotted


def alt_text(fig: Figure) -> str:
    """A short description of ``fig``: ``set_alt``'s text if set, else its suptitle and its panels' titles and
    axis labels (panels without any text are skipped); ``"Figure"`` when the figure states nothing at all."""
    if not isinstance(fig, Figure):
        raise TypeError(f"fig must be a matplotlib Figure, got {type(fig).__name__}")
    chosen = getattr(fig, ALT_ATTRIBUTE, None)
    if chosen:
        return chosen
    parts = []
    if fig._suptitle is not None and fig._suptitle.get_text().strip():
        parts.append(fig._suptitle.get_text().strip())
    panels = [p for p in (_panel(ax) for ax in fig.axes if ax.get_visible()) if p]
    parts += list(dict.fromkeys(panels))  # repeated panels (a grid of the same plot) once
    text = ". ".join(p.rstrip(".") for p in parts)
    if not text:
        return "Figure"
    text = " ".join(plain(text).split())  # no TeX, no line breaks from multi-line titles
    return text + "." if len(text) <= MAX_LENGTH else text[: MAX_LENGTH - 1].rstrip() + "…"


def png_with_alt(fig: Figure) -> tuple[str, dict] | None:
    """``(base64 PNG, {"alt": alt_text(fig)})``: the PNG exactly as IPython's inline backend renders it (its
    ``print_figure``, ``bbox_inches="tight"``), with the text alternative as metadata."""
    from IPython.core.pylabtools import print_figure

    png = print_figure(fig, fmt="png", bbox_inches="tight", base64=True)
    return None if png is None else (png, {"alt": alt_text(fig)})  # None: an empty figure shows nothing


def install() -> bool:
    """Make the running IPython kernel display figures with their text alternative (see the module docstring).

    Returns False outside IPython. The inline backend registers its own PNG formatter when it loads (on the first
    figure) and again when it is reconfigured, so this loads it first, then registers, and checks again after
    every cell.
    """
    try:
        from IPython import get_ipython
    except ImportError:
        return False
    shell = get_ipython()
    if shell is None:
        return False
    import matplotlib.pyplot as plt

    plt.close(plt.figure())  # loads the backend now (matplotlib loads it lazily), so that its formatter comes first

    def ensure(*_) -> None:
        formatters = shell.display_formatter.formatters
        if formatters["image/png"].type_printers.get(Figure) is not png_with_alt:
            formatters["image/png"].for_type(Figure, png_with_alt)
            formatters["text/plain"].for_type(Figure, _plain_text)

    ensure()
    if ensure.__name__ not in {getattr(f, "__name__", "") for f in shell.events.callbacks["post_execute"]}:
        shell.events.register("post_execute", ensure)
    return True


def _plain_text(fig: Figure, printer, cycle) -> None:
    printer.text(f"[figure] {alt_text(fig)}")
