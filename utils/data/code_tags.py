"""Real Python source labelled character by character with its token type, by the standard library's ``tokenize``.

The text is the standard library's own ``.py`` files, as Python 3.11.7 ships them (a copy is committed under
``utils/data/files/python_3_11_7/``, PSF licence, so that every Python version reads the same code), the labels
come from ``tokenize``, so nothing is downloaded and nothing is hand-labelled.
Shapes: a text of L characters has (L,) int64 labels in ``[0, len(TAG_NAMES))``.
"""

from __future__ import annotations

import io
import keyword
import token
import tokenize
from collections.abc import Sequence

import torch

from ..validation import check_positive_int, describe
from .python_snapshot import python_snapshot_files, read_python_snapshot

TAG_NAMES = ("space", "newline", "name", "keyword", "number", "string", "comment", "operator")
SPACE, NEWLINE, NAME, KEYWORD, NUMBER, STRING, COMMENT, OPERATOR = range(len(TAG_NAMES))

# Modules of pure-Python source, a few hundred lines each, chosen for a mix of code, docstrings and comments.
TRAIN_MODULES = ("textwrap", "shlex", "fnmatch", "glob", "bisect", "heapq", "colorsys", "calendar", "csv",
                 "difflib", "string", "fractions", "statistics", "copy", "queue", "sched", "graphlib", "shutil")
TEST_MODULES = ("netrc", "base64", "filecmp", "getopt", "gettext", "pprint")

_TOKEN_TAGS = {token.NUMBER: NUMBER, token.STRING: STRING, token.COMMENT: COMMENT, token.OP: OPERATOR,
               token.NEWLINE: NEWLINE, token.NL: NEWLINE, token.INDENT: SPACE}
# Python 3.12+ (PEP 701) splits an f-string into FSTRING_START, its parts and FSTRING_END, with the names and
# operators of its replacement fields as tokens of their own; 3.11 reports the whole f-string as one STRING.
# The whole f-string is one STRING here, as 3.11 has it, so that every supported Python gives the same tags.
_FSTRING_START = getattr(token, "FSTRING_START", None)
_FSTRING_END = getattr(token, "FSTRING_END", None)


def char_token_types(source: str) -> torch.Tensor:
    """The token type of every character of ``source`` (a complete Python file), as (L,) int64 tags.

    Characters inside a token get that token's tag (a ``NAME`` that ``keyword.iskeyword`` accepts is a
    ``KEYWORD``; ``NEWLINE`` and ``NL`` are both ``NEWLINE``; an ``INDENT`` is ``SPACE``; an f-string, with its
    replacement fields, is one ``STRING`` on every Python version); characters between tokens (spaces, a
    line-continuation backslash) are ``SPACE``. Raises ``ValueError`` if ``tokenize`` rejects the source.
    """
    if not isinstance(source, str):
        raise TypeError(f"source must be a str, got {describe(source)}")
    line_starts = [0]
    for line in source.splitlines(keepends=True):
        line_starts.append(line_starts[-1] + len(line))
    tags = torch.full((len(source),), SPACE, dtype=torch.int64)
    try:
        tokens = list(tokenize.generate_tokens(io.StringIO(source).readline))
    except (tokenize.TokenError, SyntaxError) as error:
        raise ValueError(f"tokenize could not read the source: {error}") from None

    def offset(row: int, col: int) -> int:
        return line_starts[row - 1] + col if row - 1 < len(line_starts) else len(source)

    fstring_starts = []  # start offsets of the f-strings open at this token (nested f-strings: several)
    for tok in tokens:
        if tok.type == _FSTRING_START:
            fstring_starts.append(offset(*tok.start))
            continue
        if fstring_starts:
            if tok.type == _FSTRING_END:
                start = fstring_starts.pop()
                if not fstring_starts:
                    tags[start:offset(*tok.end)] = STRING
            continue
        if tok.type == token.NAME:
            tag = KEYWORD if keyword.iskeyword(tok.string) else NAME
        else:
            tag = _TOKEN_TAGS.get(tok.type)
        if tag is None:  # ENDMARKER, DEDENT, ENCODING: no characters
            continue
        tags[offset(*tok.start):offset(*tok.end)] = tag
    return tags


def stdlib_source(module: str) -> str:
    """The source text of the standard-library module ``module`` (e.g. ``"textwrap"``) as Python 3.11.7 ships it.

    Read from the book's committed copy (``utils.data.read_python_snapshot``), which holds the modules of
    ``TRAIN_MODULES`` and ``TEST_MODULES``: the running Python's own files differ from version to version.
    """
    if not isinstance(module, str):
        raise TypeError(f"module must be a str, got {describe(module)}")
    available = [name.removesuffix(".py") for name in python_snapshot_files() if name != "pydoc_data_topics.py"]
    if module not in available:
        raise ValueError(f"module must be one of the modules in the book's copy of Python 3.11.7's standard "
                         f"library {available}, got {module!r}")
    return read_python_snapshot(f"{module}.py")


def chunk_lines(source: str, tags: torch.Tensor, max_len: int = 256) -> list[tuple[str, torch.Tensor]]:
    """Cut a tagged file into pieces of whole consecutive lines, each at most ``max_len`` characters.

    Lines are added to a piece while it stays within ``max_len``; a single longer line is cut into
    ``max_len``-character parts. Returns a list of ``(text, tags)`` with ``tags`` of shape (len(text),);
    joined, the pieces give back ``source`` and ``tags`` exactly.
    """
    max_len = check_positive_int("max_len", max_len)
    if not isinstance(tags, torch.Tensor) or tags.shape != (len(source),):
        raise ValueError(f"tags must be a tensor of shape ({len(source)},) = (len(source),), got {describe(tags)}")
    pieces, start, end = [], 0, 0
    for line in source.splitlines(keepends=True):
        if end - start + len(line) > max_len and end > start:
            pieces.append((start, end))
            start = end
        end += len(line)
        while end - start > max_len:
            pieces.append((start, start + max_len))
            start += max_len
    if end > start:
        pieces.append((start, end))
    return [(source[a:b], tags[a:b]) for a, b in pieces]


def load_tagged_chunks(modules: Sequence[str], max_len: int = 256) -> list[tuple[str, torch.Tensor]]:
    """``chunk_lines`` of every module in ``modules``, in that order: a list of (text, (L,) int64 tags)."""
    if isinstance(modules, str) or not isinstance(modules, Sequence):
        raise TypeError(f"modules must be a list of module names, got {describe(modules)}")
    chunks = []
    for module in modules:
        source = stdlib_source(module)
        chunks += chunk_lines(source, char_token_types(source), max_len)
    return chunks
