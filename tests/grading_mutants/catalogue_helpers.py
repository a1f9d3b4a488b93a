"""Helpers that catalogue files may import (``from catalogue_helpers import quiz_mutants``): entries that every
multiple-choice quiz of the book needs, generated from the answer key."""

from __future__ import annotations

LETTERS = "abcd"


def quiz_mutants(key: dict[str, str], notebook: str = "quiz") -> list[dict]:
    """Catalogue entries for a quiz whose answer cells are ``answer_qN`` and test cells ``test_qN``.

    ``key``: {"q1": "a", ...}, the right letter of every question, written down independently of the notebook.
    Per question: wrong = each other letter, two letters, a letter out of range, no answer at all; correct =
    the letter in upper case, and with surrounding spaces and a newline (the format check strips and lowers).
    """
    entries = []
    for question, right in key.items():
        cell, test = f"answer_{question}", f"test_{question}"

        def entry(code: str, kind: str, description: str, cell=cell, test=test, question=question) -> dict:
            return {"notebook": notebook, "cell": cell, "code": code, "kind": kind, "targets": test,
                    "description": f"{question}: {description}"}

        entries += [entry(f'{cell} = "{letter}"', "wrong", f"the wrong letter {letter}")
                    for letter in LETTERS if letter != right]
        entries.append(entry(f'{cell} = "{right}{"b" if right == "a" else "a"}"', "wrong", "two letters"))
        entries.append(entry(f'{cell} = "e"', "wrong", "a letter that is not an option"))
        entries.append(entry("raise NotImplementedError()", "wrong", "not answered (the release as handed out)"))
        entries.append(entry(f'{cell} = "{right.upper()}"', "correct", "the right letter in upper case"))
        entries.append(entry(f'{cell} = " {right} \\n"', "correct", "the right letter with spaces and a newline"))
    return entries


def variant(cell: str, solution: str, target: str, kind: str, description: str, *edits: tuple[str, str],
            notebook: str = "exercises") -> dict:
    """An entry whose code is ``solution`` (the answer cell's correct code, written down in the catalogue) with
    each ``(old, new)`` edit applied; an edit whose ``old`` text is missing fails loudly."""
    code = solution
    for old, new in edits:
        if old not in code:
            raise ValueError(f"{description!r}: {old!r} is not in the code of {cell}")
        code = code.replace(old, new)
    return {"notebook": notebook, "cell": cell, "code": code, "kind": kind, "targets": target,
            "description": description}


def task(cell: str, solution: str, target: str, notebook: str = "exercises"):
    """A shorthand for one task's entries: ``step = task("lstm_cell", CELL, "test_lstm_cell")``, then
    ``step("wrong", "forget path missing", ("f * c_prev + i * g", "i * g"))``."""
    def entry(kind: str, description: str, *edits: tuple[str, str]) -> dict:
        return variant(cell, solution, target, kind, description, *edits, notebook=notebook)

    return entry
