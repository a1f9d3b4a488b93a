"""Real surnames labelled by locale, from the per-locale lists that the ``faker`` package ships.

Source: Faker (https://github.com/joke2k/faker), ``faker/providers/person/<locale>/__init__.py``, the
``last_names`` of each locale's person provider, compiled by Faker's contributors from public name lists.
Licence: MIT (Copyright (c) 2012 Daniele Faraglia). The version is pinned in ``pyproject.toml``, so the
lists — and everything computed from them — are the same on every machine; nothing is downloaded.
"""

from __future__ import annotations

import importlib
import unicodedata
from collections import Counter
from collections.abc import Sequence

import torch

from ..validation import describe

# Eight Latin-script locales of eight different languages, each with at least 434 names after deduplication.
SURNAME_LOCALES = ("en_US", "de_AT", "it_IT", "es_ES", "sk_SK", "hr_HR", "sv_SE", "et_EE")
LANGUAGES = {"en_US": "English", "de_AT": "German", "it_IT": "Italian", "es_ES": "Spanish", "sk_SK": "Slovak",
             "hr_HR": "Croatian", "sv_SE": "Swedish", "et_EE": "Estonian"}
# A label is the country whose list a name is on — not a language or an origin: the Swedish list has "Abbas" and
# "Ahmad", the Estonian one "Fedorov".
COUNTRIES = {"en_US": "USA", "de_AT": "Austria", "it_IT": "Italy", "es_ES": "Spain", "sk_SK": "Slovakia",
             "hr_HR": "Croatia", "sv_SE": "Sweden", "et_EE": "Estonia"}
# Endings that mark the feminine or another form of the same surname (Novák / Nováková, Malý / Malá,
# Brunovský / Brunovská, Bahna / Bahno); the longest matching one is removed.
STEM_ENDINGS = ("ová", "ova", "á", "ý", "a", "o", "y")


def faker_surnames(locale: str) -> list[str]:
    """The distinct ``last_names`` of faker's person provider for ``locale``, in the file's order."""
    if not isinstance(locale, str):
        raise TypeError(f"locale must be a str such as 'it_IT', got {describe(locale)}")
    try:
        provider = importlib.import_module(f"faker.providers.person.{locale}").Provider
    except ModuleNotFoundError:
        raise ValueError(f"faker has no person provider for locale {locale!r}") from None
    names = getattr(provider, "last_names", None)
    if not names:
        raise ValueError(f"faker's person provider for {locale!r} has no last_names")
    return list(dict.fromkeys(names))  # a tuple, list or (weighted) dict of names; keep the first occurrence


def surname_stem(name: str) -> str:
    """A crude stem that puts the forms of one surname into one group: lower case, the longest of
    ``STEM_ENDINGS`` cut off when at least three letters remain, then accents removed ("Nováková" and "Novák"
    -> "novak"; "Bahna", "Bahno" and "Bahnová" -> "bahn").

    Used to split a name list so that a name and its partner never fall on both sides of the split. It also
    groups some unrelated names (that only makes the split stricter).
    """
    if not isinstance(name, str) or not name:
        raise TypeError(f"name must be a non-empty str, got {describe(name)}")
    stem = name.lower()
    for ending in sorted(STEM_ENDINGS, key=len, reverse=True):
        if stem.endswith(ending) and len(stem) - len(ending) >= 3:
            stem = stem[:-len(ending)]
            break
    return "".join(c for c in unicodedata.normalize("NFKD", stem) if not unicodedata.combining(c))


def is_latin(name: str) -> bool:
    """True if every letter of ``name`` is a Latin letter (spaces, hyphens and apostrophes allowed)."""
    return all(c in " -'" or "LATIN" in unicodedata.name(c, "") for c in name)


def load_surnames(
    locales: Sequence[str] = SURNAME_LOCALES, min_names: int = 400
) -> tuple[list[str], torch.Tensor, list[str]]:
    """Surnames and their locale, with every name that occurs in two or more of ``locales`` removed.

    A name listed under two locales (e.g. "Simon" in en_US and de_AT) has no single right answer, so it is
    dropped from all of them. The result is in locale order, then faker's order within a locale.

    Returns:
        names: N strings.
        labels: (N,) int64, the index of each name's locale in ``locales``.
        locales: the locales, as a list (label i is ``locales[i]``).

    Raises ``ValueError`` if a locale's names are not all in Latin script, or fewer than ``min_names`` remain.
    """
    if isinstance(locales, str) or not isinstance(locales, Sequence) or len(locales) < 2:
        raise TypeError(f"locales must be a list of at least two locale strings, got {describe(locales)}")
    if len(set(locales)) != len(locales):
        raise ValueError(f"locales must be distinct, got {list(locales)}")
    lists = {locale: faker_surnames(locale) for locale in locales}
    for locale, names in lists.items():
        non_latin = [n for n in names if not is_latin(n)]
        if non_latin:
            raise ValueError(f"{locale} has names outside the Latin script, e.g. {non_latin[0]!r}")
    counts = Counter(name for names in lists.values() for name in names)
    names, labels = [], []
    for label, locale in enumerate(locales):
        unique = [n for n in lists[locale] if counts[n] == 1]
        if len(unique) < min_names:
            raise ValueError(f"{locale} keeps {len(unique)} names after deduplication, "
                             f"fewer than min_names={min_names}")
        names += unique
        labels += [label] * len(unique)
    return names, torch.tensor(labels, dtype=torch.int64), list(locales)
