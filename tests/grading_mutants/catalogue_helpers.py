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
