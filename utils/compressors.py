"""General-purpose compressors as baselines for a language model: the bits per character gzip, bz2 and lzma need
for a text, alone or after having read a context (chapter 09)."""

from __future__ import annotations

import bz2
import gzip
import lzma

from .validation import describe

COMPRESSORS = {
    "gzip": lambda data: gzip.compress(data, compresslevel=9, mtime=0),
    "bz2": lambda data: bz2.compress(data, compresslevel=9),
    "lzma": lambda data: lzma.compress(data, preset=9 | lzma.PRESET_EXTREME),
}


def compressed_bpc(text: str, name: str, context: str = "") -> float:
    """Bits per CHARACTER that compressor ``name`` (gzip, bz2 or lzma) needs for ``text``, UTF-8 encoded.

    The compressors see bytes: a non-ASCII character (``—``, ``’``) is 2-3 UTF-8 bytes, and all of them are paid
    for; the total is divided by the number of characters, the unit a character model is scored in.
    With ``context``, the cost is ``len(C(context + text)) - len(C(context))``: the bits the compressor needs for
    ``text`` once it has already read ``context`` (headers and end markers cancel out).
    """
    if name not in COMPRESSORS:
        raise ValueError(f"name must be one of {sorted(COMPRESSORS)}, got {name!r}")
    if not isinstance(text, str) or not text or not isinstance(context, str):
        raise TypeError(f"text must be a non-empty str and context a str, got {describe(text)}, {describe(context)}")
    compress = COMPRESSORS[name]
    n_bytes = len(compress((context + text).encode("utf-8")))
    if context:
        n_bytes -= len(compress(context.encode("utf-8")))
    return 8 * n_bytes / len(text)
