"""The book's offline text corpus: the Python documentation that ships with Python (chapter 09).

``pydoc_data.topics`` is part of the standard library: the text of the Python Language Reference and Library
topics that ``help()`` shows, about 466 KB of English prose and code examples. It is © Python Software
Foundation, distributed under the PSF License Agreement (the Python licence). Its text differs between Python
versions, so the book reads Python 3.11.7's, from the copy committed under ``utils/data/files/python_3_11_7/``:
every supported Python trains and scores on the same text, the one the committed checkpoint was trained on.
"""

from __future__ import annotations

import ast
import hashlib
import sys

from ..validation import describe
from .python_snapshot import read_python_snapshot


def python_doc_topics() -> dict[str, str]:
    """Python 3.11.7's ``pydoc_data.topics.topics``: topic name (``"assert"``, ...) → its help text."""
    module = ast.parse(read_python_snapshot("pydoc_data_topics.py"))
    (assignment,) = (node for node in module.body if isinstance(node, ast.Assign)
                     and [target.id for target in node.targets if isinstance(target, ast.Name)] == ["topics"])
    return ast.literal_eval(assignment.value)  # a dict of str literals: read without executing the file


def load_python_docs() -> str:
    """Python 3.11.7's documentation topics, joined in sorted-key order with blank lines between."""
    topics = python_doc_topics()
    return "\n\n".join(topics[key].strip("\n") for key in sorted(topics)) + "\n"


def corpus_fingerprint(text: str) -> dict:
    """Python version, length and SHA-256 of ``text``: what a checkpoint records about the text it was trained on."""
    return {"python": ".".join(map(str, sys.version_info[:3])), "chars": len(text),
            "sha256": hashlib.sha256(text.encode("utf-8")).hexdigest()}


def split_heldout(text: str, fraction: float = 0.1) -> tuple[str, str]:
    """(training text, held-out text): the held-out part is the last ``fraction`` of ``text``, contiguous."""
    if not isinstance(text, str) or len(text) < 2:
        raise TypeError(f"text must be a str of at least 2 characters, got {describe(text)}")
    if not isinstance(fraction, float) or not 0 < fraction < 1:
        raise ValueError(f"fraction must be a float in (0, 1), got {fraction!r}")
    cut = round(len(text) * (1 - fraction))
    return text[:cut], text[cut:]
