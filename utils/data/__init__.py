"""Every data set of the book, one module per data set or family, next to the committed files (``files/``).

Synthetic tasks (seeded through ``utils.seeds``):

- ``synthetic``      the classic tasks of chapters 01–05: first symbol, marked symbol, adding problem, future
  marker (re-exported here: ``data.make_adding_problem(...)``)
- ``memory_tasks``   selective copying and running parity (chapter 11)
- ``transduction``   the reversal task, and real dates in 16 languages → ISO 8601 (CLDR via ``babel``; chapter 10)

Real data, offline (each committed folder has a README with its source, licence and citation):

- ``japanese_vowels`` nine speakers' vowels, sequences of 7–29 frames (UCI, CC BY 4.0; chapter 06; re-exported)
- ``co2``             weekly CO₂ at Mauna Loa, 1958–2001 (Scripps, public domain; chapter 08)
- ``surnames``        per-country surname lists of ``faker`` (MIT; chapter 07)
- ``python_snapshot`` the book's copy of Python 3.11.7's files, so every Python reads the same text
- ``code_tags``       standard-library source labelled character by character by ``tokenize`` (chapter 07)
- ``python_docs``     the Python documentation as a text corpus (chapter 09)

Plumbing: ``vocab`` (one ``Vocab`` class for every character-level task, and ``pad_ids``) and ``splits``
(stratified and group-preserving splits).

Import a module by name, e.g. ``from utils.data import surnames, vocab``; the synthetic builders and the
Japanese Vowels loader are also available from ``utils.data`` itself.
"""

from .japanese_vowels import JAPANESE_VOWELS_FEATURES, load_japanese_vowels
from .synthetic import (
    future_marker_probability,
    make_adding_problem,
    make_first_symbol_task,
    make_future_marker_task,
    make_marked_symbol_task,
    one_hot,
)

__all__ = [
    "JAPANESE_VOWELS_FEATURES", "load_japanese_vowels", "future_marker_probability", "make_adding_problem",
    "make_first_symbol_task", "make_future_marker_task", "make_marked_symbol_task", "one_hot",
]
