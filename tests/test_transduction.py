"""utils.data.transduction: the reversal task and CLDR dates → ISO 8601 (babel), vocabularies, the naive baseline."""

import datetime

import pytest

from utils.data import transduction as tr


def test_reverse_pairs_are_seeded_reversals_in_range():
    pairs = tr.reverse_pairs(200, 5, 40, 100, seed=1)
    assert pairs == tr.reverse_pairs(200, 5, 40, 100, seed=1) and pairs != tr.reverse_pairs(200, 5, 40, 100, seed=2)
    assert all(t == s[::-1] and 5 <= len(s) <= 40 for s, t in pairs)
    symbols = {x for s, _ in pairs for x in s}
    assert min(symbols) >= 3 and max(symbols) <= 102 and len(symbols) > 90
    with pytest.raises(ValueError, match="min_len must be <= max_len"):
        tr.reverse_pairs(5, 9, 3, 10, 0)
    with pytest.raises(TypeError, match="vocab must be a positive int"):
        tr.reverse_pairs(5, 1, 3, 2.5, 0)


def test_dates_are_real_cldr_renderings_with_the_right_iso_target():
    assert tr.render_date(datetime.date(2026, 12, 1), "de", "full") == "Dienstag, 1. Dezember 2026"
    assert tr.render_date(datetime.date(2026, 12, 1), "fr", "long") == "1 décembre 2026"
    examples = tr.date_examples(300, seed=0)
    assert examples == tr.date_examples(300, seed=0)
    for text, iso, source in examples:
        locale, fmt = source.split("/")
        date = datetime.date.fromisoformat(iso)
        assert tr.render_date(date, locale, fmt) == text and any(c.isalpha() for c in text)
        assert tr.FIRST_DAY <= date <= tr.LAST_DAY
    assert len({s.split("/")[0] for _, _, s in examples}) == len(tr.DATE_LOCALES)


def test_vocabularies_cover_every_example_and_round_trip():
    src, tgt = tr.date_vocabularies()
    assert len(tgt) == 3 + 11
    for text, iso, _ in tr.date_examples(300, seed=3):
        assert src.decode(src.encode(text)) == text and tgt.decode(tgt.encode(iso)) == iso
        assert min(src.encode(text)) >= 3
    with pytest.raises(ValueError, match="outside the vocabulary"):
        tgt.encode("2026/12/01")


def test_naive_baseline_reads_year_and_day_and_guesses_the_month():
    assert tr.naive_date_baseline("1 de diciembre de 2026", default_month=12) == "2026-12-01"
    assert tr.naive_date_baseline("Dienstag, 1. Dezember 2026") == "2026-01-01"
    assert tr.naive_date_baseline("2026. december 1., kedd", default_month=12) == "2026-12-01"


def test_date_examples_honour_the_range_and_the_locales():
    examples = tr.date_examples(30, seed=3, first_day=datetime.date(2150, 5, 1), last_day=datetime.date(2150, 5, 31),
                                locales=("nb",))
    assert all(iso.startswith("2150-05-") and source.startswith("nb/") for _, iso, source in examples)
    with pytest.raises(ValueError, match="first_day"):
        tr.date_examples(3, seed=0, first_day=datetime.date(2000, 1, 2), last_day=datetime.date(2000, 1, 1))
    with pytest.raises(ValueError, match="locales"):
        tr.date_examples(3, seed=0, locales=())
