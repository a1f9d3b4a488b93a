"""Data for sequence-to-sequence chapters: the reversal task and real dates in many languages → ISO 8601.

Token ids follow ``utils.seq2seq``: 0 PAD, 1 BOS, 2 EOS, symbols from 3. A pair is ``(source ids, target ids)``
(Python lists, no BOS/EOS).

Dates: the month and weekday names and the date patterns come from the Unicode CLDR data that ``babel``
ships (``babel.dates.format_date``), in 16 locales and the ``medium``, ``long`` and ``full`` formats; only
renderings that spell the month as a word are kept, since an all-numeric date such as ``01/02/2026`` is
ambiguous (1 February or January 2?) without knowing the locale. The target is the ISO 8601 date
``YYYY-MM-DD``, one character per token.
"""

from __future__ import annotations

import datetime
import re

from .. import seeds
from ..validation import check_positive_int
from .vocab import Vocab

SPECIALS = ("<pad>", "<bos>", "<eos>")  # ids 0, 1, 2 (utils.seq2seq's PAD, BOS, EOS)
FIRST_SYMBOL = len(SPECIALS)  # the first id of a real symbol
DATE_LOCALES = ("en_US", "en_GB", "de", "fr", "es", "it", "nl", "pt", "sv", "da", "pl", "fi", "cs", "tr", "ro", "id")
DATE_FORMATS = ("medium", "long", "full")
FIRST_DAY, LAST_DAY = datetime.date(1900, 1, 1), datetime.date(2099, 12, 31)
ISO_CHARS = "0123456789-"


def reverse_pairs(n: int, min_len: int, max_len: int, vocab: int, seed: int) -> list[tuple[list[int], list[int]]]:
    """``n`` pairs (x, reversed x): x has a length drawn uniformly from ``min_len..max_len`` and symbols drawn
    uniformly from ``vocab`` ids (``3 .. vocab + 2``)."""
    for name, value in (("n", n), ("min_len", min_len), ("max_len", max_len), ("vocab", vocab)):
        check_positive_int(name, value)
    if min_len > max_len:
        raise ValueError(f"min_len must be <= max_len, got {min_len} > {max_len}")
    rng = seeds.python_random(seed)
    pairs = []
    for _ in range(n):
        x = [rng.randrange(FIRST_SYMBOL, FIRST_SYMBOL + vocab) for _ in range(rng.randint(min_len, max_len))]
        pairs.append((x, x[::-1]))
    return pairs


def _has_letter(text: str) -> bool:
    return any(c.isalpha() for c in text)


def render_date(date: datetime.date, locale: str, fmt: str) -> str:
    """One CLDR rendering of ``date``, e.g. ``render_date(date(2026, 12, 1), "de", "full")`` →
    ``'Dienstag, 1. Dezember 2026'``."""
    from babel.dates import format_date

    return format_date(date, format=fmt, locale=locale)


def date_examples(n: int, seed: int, first_day: datetime.date = FIRST_DAY, last_day: datetime.date = LAST_DAY,
                  locales: tuple[str, ...] = DATE_LOCALES) -> list[tuple[str, str, str]]:
    """``n`` random (rendered date, ISO date, locale/format) triples, dates uniform in ``first_day``..``last_day``
    (default 1900–2099, the training range), each rendered in a random one of ``locales`` (default the 16 training
    locales) and formats, keeping only renderings that spell the month as a word."""
    check_positive_int("n", n)
    if not first_day <= last_day:
        raise ValueError(f"first_day must not be after last_day, got {first_day} and {last_day}")
    if not locales or not all(isinstance(locale, str) for locale in locales):
        raise ValueError(f"locales must be a non-empty tuple of locale names, got {locales!r}")
    rng = seeds.python_random(seed)
    span = (last_day - first_day).days
    examples = []
    while len(examples) < n:
        date = first_day + datetime.timedelta(days=rng.randint(0, span))
        locale, fmt = rng.choice(locales), rng.choice(DATE_FORMATS)
        text = render_date(date, locale, fmt)
        if _has_letter(text):
            examples.append((text, date.isoformat(), f"{locale}/{fmt}"))
    return examples


def date_vocabularies() -> tuple[Vocab, Vocab]:
    """(source vocabulary, target vocabulary): every character any kept rendering can use, and ``0-9`` and ``-``.

    Built from all 12 months and 7 weekdays in every locale and format, so it does not depend on a sample.
    """
    chars = set("0123456789")
    for day in range(7):  # 2024-01-01 is a Monday: 7 weekdays, and every month below
        for month in range(1, 13):
            date = datetime.date(2024, month, 1 + day)
            for locale in DATE_LOCALES:
                for fmt in DATE_FORMATS:
                    chars.update(render_date(date, locale, fmt))
    return (Vocab(sorted(chars), SPECIALS, unknown=None), Vocab(sorted(ISO_CHARS), SPECIALS, unknown=None))


def naive_date_baseline(text: str, default_month: int = 1) -> str:
    """A rule without learning: the 4-digit number is the year, the 1–2 digit number the day, and the month —
    which these renderings spell as a word in one of 16 languages — is guessed as ``default_month``."""
    numbers = re.findall(r"\d+", text)
    years = [x for x in numbers if len(x) == 4]
    days = [x for x in numbers if len(x) <= 2]
    year = years[0] if years else "2000"
    day = int(days[0]) if days else 1
    return f"{year}-{default_month:02d}-{day:02d}"
