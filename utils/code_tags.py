"""Real Python source labelled character by character with its token type, by the standard library's ``tokenize``.

The text is the standard library's own ``.py`` files (found with ``inspect.getsourcefile``; PSF licence, shipped
with every Python), the labels come from ``tokenize``, so nothing is downloaded and nothing is hand-labelled.
Shapes: a text of L characters has (L,) int64 labels in ``[0, len(TAG_NAMES))``.
"""

from __future__ import annotations

import importlib
import inspect
import io
import keyword
import token
import tokenize
from collections.abc import Sequence

import torch

from .validation import check_positive_int, describe

TAG_NAMES = ("space", "newline", "name", "keyword", "number", "string", "comment", "operator")
SPACE, NEWLINE, NAME, KEYWORD, NUMBER, STRING, COMMENT, OPERATOR = range(len(TAG_NAMES))

# Modules of pure-Python source, a few hundred lines each, chosen for a mix of code, docstrings and comments.
TRAIN_MODULES = ("textwrap", "shlex", "fnmatch", "glob", "bisect", "heapq", "colorsys", "calendar", "csv",
                 "difflib", "string", "fractions", "statistics", "copy", "queue", "sched", "graphlib", "shutil")
TEST_MODULES = ("netrc", "base64", "filecmp", "getopt", "gettext", "pprint")

_TOKEN_TAGS = {token.NUMBER: NUMBER, token.STRING: STRING, token.COMMENT: COMMENT, token.OP: OPERATOR,
               token.NEWLINE: NEWLINE, token.NL: NEWLINE, token.INDENT: SPACE}
for _name in ("FSTRING_START", "FSTRING_MIDDLE", "FSTRING_END"):  # Python 3.12+ splits f-strings into parts
    if hasattr(token, _name):
        _TOKEN_TAGS[getattr(token, _name)] = STRING


def char_token_types(source: str) -> torch.Tensor:
    """The token type of every character of ``source`` (a complete Python file), as (L,) int64 tags.

    Characters inside a token get that token's tag (a ``NAME`` that ``keyword.iskeyword`` accepts is a
    ``KEYWORD``; ``NEWLINE`` and ``NL`` are both ``NEWLINE``; an ``INDENT`` is ``SPACE``); characters between
    tokens (spaces, a line-continuation backslash) are ``SPACE``. Raises ``ValueError`` if ``tokenize`` rejects
    the source.
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
    for tok in tokens:
        if tok.type == token.NAME:
            tag = KEYWORD if keyword.iskeyword(tok.string) else NAME
        else:
            tag = _TOKEN_TAGS.get(tok.type)
        if tag is None:  # ENDMARKER, DEDENT, ENCODING: no characters
            continue
        start = line_starts[tok.start[0] - 1] + tok.start[1]
        end = line_starts[tok.end[0] - 1] + tok.end[1] if tok.end[0] - 1 < len(line_starts) else len(source)
        tags[start:end] = tag
    return tags


def stdlib_source(module: str) -> str:
    """The source text of the standard-library module ``module`` (e.g. ``"textwrap"``), read as UTF-8."""
    if not isinstance(module, str):
        raise TypeError(f"module must be a str, got {describe(module)}")
    try:
        path = inspect.getsourcefile(importlib.import_module(module))
    except TypeError:  # a built-in module such as sys
        path = None
    if path is None or not path.endswith(".py"):
        raise ValueError(f"module {module!r} has no .py source file")
    with open(path, encoding="utf-8") as file:
        return file.read()


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
