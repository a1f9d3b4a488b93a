"""Unit tests for chapter 07's data: the stratified and group splits, faker's surnames,
the tokenize tagger of Python source, and the confusion-matrix helpers."""

import io
import keyword
import tokenize

import numpy as np
import pytest
import torch

from utils import plotting
from utils.data import code_tags, splits, surnames


# --- splits ---------------------------------------------------------------------------------------------------
def test_stratified_split_covers_everything_once_and_keeps_proportions():
    labels = np.repeat([0, 1, 2], [100, 40, 60])
    parts = splits.stratified_split(labels, (0.7, 0.15, 0.15), seed=3)
    together = np.concatenate(parts)
    assert np.array_equal(np.sort(together), np.arange(200))
    for part, fraction in zip(parts, (0.7, 0.15, 0.15), strict=True):
        counts = np.bincount(labels[part], minlength=3)
        assert np.all(np.abs(counts - fraction * np.array([100, 40, 60])) <= 1)
    again = splits.stratified_split(torch.from_numpy(labels), (0.7, 0.15, 0.15), seed=3)
    assert all(np.array_equal(a, b) for a, b in zip(parts, again, strict=True))
    other = splits.stratified_split(labels, (0.7, 0.15, 0.15), seed=4)
    assert not np.array_equal(parts[1], other[1])


def test_stratified_split_rejects_bad_input():
    with pytest.raises(TypeError, match="labels must be a 1-D array of integers"):
        splits.stratified_split(np.array([0.5, 1.0]))
    with pytest.raises(ValueError, match="fractions"):
        splits.stratified_split(np.array([0, 1]), (0.5, 0.6))
    with pytest.raises(ValueError, match="fractions"):
        splits.stratified_split(np.array([0, 1]), (1.0,))


def test_group_split_keeps_every_group_in_one_part_and_the_class_shares():
    rng = np.random.default_rng(0)
    labels = np.repeat([0, 1, 2], [600, 300, 100])
    groups = [f"{y}-{g}" for y, g in zip(labels, rng.integers(0, 150, size=1000), strict=True)]  # ~7 per group
    parts = splits.group_split(labels, groups, (0.6, 0.2, 0.2), seed=1)
    assert np.array_equal(np.sort(np.concatenate(parts)), np.arange(1000))
    where = {}
    for k, part in enumerate(parts):
        for i in part:
            assert where.setdefault(groups[i], k) == k, f"group {groups[i]} is in two parts"
    for part, fraction in zip(parts, (0.6, 0.2, 0.2), strict=True):
        shares = np.bincount(labels[part], minlength=3) / np.array([600, 300, 100])
        assert np.all(np.abs(shares - fraction) < 0.08)  # whole groups only, so about the fraction of each class
    again = splits.group_split(torch.from_numpy(labels), groups, (0.6, 0.2, 0.2), seed=1)
    assert all(np.array_equal(a, b) for a, b in zip(parts, again, strict=True))
    assert not np.array_equal(parts[1], splits.group_split(labels, groups, (0.6, 0.2, 0.2), seed=2)[1])
    # a random split of the same data puts most groups on both sides
    random_parts = splits.stratified_split(labels, (0.6, 0.2, 0.2), seed=1)
    assert len({groups[i] for i in random_parts[0]} & {groups[i] for i in random_parts[2]}) > 100


def test_group_split_rejects_bad_input():
    with pytest.raises(ValueError, match="groups must be a sequence of 3 keys"):
        splits.group_split(np.array([0, 1, 1]), ["a", "b"])
    with pytest.raises(TypeError, match="labels must be a 1-D array of integers"):
        splits.group_split(np.array([0.5]), ["a"])
    with pytest.raises(ValueError, match="fractions"):
        splits.group_split(np.array([0, 1]), ["a", "b"], (0.5, 0.6))


# --- surnames -------------------------------------------------------------------------------------------------
def test_load_surnames_deduplicates_across_locales():
    names, labels, locales = surnames.load_surnames()
    assert locales == list(surnames.SURNAME_LOCALES) and len(locales) >= 6
    assert labels.dtype == torch.int64 and labels.shape == (len(names),)
    assert len(set(names)) == len(names)  # no name left in two locales
    counts = torch.bincount(labels, minlength=len(locales))
    assert counts.min() >= 400
    assert all(surnames.is_latin(n) for n in names)
    # a name that two of the faker lists share is gone from both
    shared = set(surnames.faker_surnames("en_US")) & set(surnames.faker_surnames("de_AT"))
    assert shared and not shared & set(names)
    # every name kept comes from the list of its label
    italian = set(surnames.faker_surnames("it_IT"))
    assert all(n in italian for n, y in zip(names, labels.tolist(), strict=True) if locales[y] == "it_IT")


def test_surname_stem_groups_the_forms_of_one_name():
    stem = surnames.surname_stem
    assert stem("Nováková") == stem("Novák") == "novak"  # feminine -ová, accents dropped
    assert stem("Brunovská") == stem("Brunovský") and stem("Drobná") == stem("Drobný")
    assert stem("Bahna") == stem("Bahno") == stem("Bahnová") == "bahn"
    assert stem("Abbas") == "abbas" and stem("Aas") == "aas" and stem("Ova") == "ova"  # too short to cut
    assert stem("Rossi") != stem("Rosso")  # only the listed endings
    with pytest.raises(TypeError, match="name must be a non-empty str"):
        stem("")
    names, _, locales = surnames.load_surnames()
    assert set(surnames.COUNTRIES) >= set(locales)


def test_load_surnames_rejects_bad_input():
    with pytest.raises(TypeError, match="locales"):
        surnames.load_surnames("it_IT")
    with pytest.raises(ValueError, match="distinct"):
        surnames.load_surnames(["it_IT", "it_IT"])
    with pytest.raises(ValueError, match="no person provider"):
        surnames.load_surnames(["it_IT", "xx_XX"])
    with pytest.raises(ValueError, match="Latin script"):
        surnames.load_surnames(["it_IT", "ru_RU"])
    with pytest.raises(ValueError, match="min_names"):
        surnames.load_surnames(["it_IT", "fr_FR"], min_names=1000)


# --- code_tags ------------------------------------------------------------------------------------------------
def test_char_token_types_on_a_hand_labelled_snippet():
    source = 'if x1 >= 10:  # hi\n    s = "a b"\n'
    tags = code_tags.char_token_types(source)
    letters = "KKsNNsOOsDDOssCCCCnssssNsOsSSSSSn"  # labelled by hand, one letter per character
    code = {"s": code_tags.SPACE, "n": code_tags.NEWLINE, "N": code_tags.NAME, "K": code_tags.KEYWORD,
            "D": code_tags.NUMBER, "O": code_tags.OPERATOR, "C": code_tags.COMMENT, "S": code_tags.STRING}
    assert len(letters) == len(source)
    expected = [code[c] for c in letters]
    assert tags.dtype == torch.int64 and tags.shape == (len(source),)
    assert tags.tolist() == expected


def test_an_f_string_is_one_string_on_every_python_version():
    # Python 3.12+ tokenizes f-strings into parts (the names of a replacement field are NAME tokens); the tags
    # must stay those of Python 3.11, where the whole f-string is one STRING token.
    source = 'y = f"a{x + 1}b" + f\'{f"{z!r}"}\'\n'
    tags = code_tags.char_token_types(source)
    letters = "NsOs" + "S" * 12 + "sOs" + "S" * 13 + "n"  # labelled by hand: y = f"…" + f'…'
    code = {"s": code_tags.SPACE, "n": code_tags.NEWLINE, "N": code_tags.NAME, "O": code_tags.OPERATOR,
            "S": code_tags.STRING}
    assert len(letters) == len(source)
    assert tags.tolist() == [code[c] for c in letters]


def test_char_token_types_agrees_with_tokenize_on_real_source():
    source = code_tags.stdlib_source("textwrap")
    tags = code_tags.char_token_types(source)
    lines = source.splitlines(keepends=True)
    for tok in tokenize.generate_tokens(io.StringIO(source).readline):
        if tok.type == tokenize.NAME and tok.start[0] == tok.end[0]:
            offset = sum(len(line) for line in lines[:tok.start[0] - 1]) + tok.start[1]
            want = code_tags.KEYWORD if keyword.iskeyword(tok.string) else code_tags.NAME
            assert (tags[offset:offset + len(tok.string)] == want).all()
    assert set(tags.unique().tolist()) == set(range(len(code_tags.TAG_NAMES)))


def test_char_token_types_rejects_bad_input():
    with pytest.raises(TypeError, match="source must be a str"):
        code_tags.char_token_types(b"x = 1")
    with pytest.raises(ValueError, match="tokenize"):
        code_tags.char_token_types('x = """unterminated\n')
    with pytest.raises(ValueError, match=r"module must be one of .*'textwrap'.*got 'sys'"):
        code_tags.stdlib_source("sys")
    with pytest.raises(ValueError, match="module must be one of"):
        code_tags.stdlib_source("pydoc_data_topics")  # in the snapshot, but not a module
    with pytest.raises(TypeError, match="module must be a str"):
        code_tags.stdlib_source(None)


def test_chunk_lines_keeps_whole_lines_and_reassembles():
    source = code_tags.stdlib_source("bisect")
    tags = code_tags.char_token_types(source)
    chunks = code_tags.chunk_lines(source, tags, max_len=100)
    assert "".join(text for text, _ in chunks) == source
    assert torch.equal(torch.cat([t for _, t in chunks]), tags)
    assert all(0 < len(text) <= 100 and len(t) == len(text) for text, t in chunks)
    assert all(text.endswith("\n") for text, _ in chunks[:-1] if len(text) < 100)
    long_line = "x = '" + "a" * 30 + "'\n"
    parts = code_tags.chunk_lines(long_line, code_tags.char_token_types(long_line), max_len=10)
    assert [len(p) for p, _ in parts] == [10, 10, 10, 7]
    with pytest.raises(ValueError, match="tags must be a tensor of shape"):
        code_tags.chunk_lines("ab", torch.zeros(3), 10)
    with pytest.raises(TypeError, match="max_len"):
        code_tags.chunk_lines("ab", torch.zeros(2), 1.5)


def test_train_and_test_modules_are_disjoint_and_load():
    assert not set(code_tags.TRAIN_MODULES) & set(code_tags.TEST_MODULES)
    chunks = code_tags.load_tagged_chunks(code_tags.TEST_MODULES[:1], max_len=64)
    assert chunks and all(len(text) <= 64 for text, _ in chunks)
    with pytest.raises(TypeError, match="modules"):
        code_tags.load_tagged_chunks("base64")


# --- plotting -------------------------------------------------------------------------------------------------
def test_confusion_matrix_counts_and_errors():
    matrix = plotting.confusion_matrix(torch.tensor([0, 0, 1, 2]), np.array([0, 1, 1, 0]), 3)
    assert matrix.tolist() == [[1, 1, 0], [0, 1, 0], [1, 0, 0]]
    with pytest.raises(ValueError, match="lie in"):
        plotting.confusion_matrix(np.array([0, 3]), np.array([0, 1]), 3)
    with pytest.raises(ValueError, match="equal length"):
        plotting.confusion_matrix(np.array([0, 1]), np.array([0]), 3)
    with pytest.raises(TypeError, match="integer"):
        plotting.confusion_matrix(np.array([0.0]), np.array([0]), 3)


def test_sequence_task_figures_have_labels_and_titles():
    import matplotlib.pyplot as plt

    ax = plotting.plot_confusion_matrix(np.eye(3) * 5, ["a", "b", "c"], title="cm")
    assert ax.get_xlabel() and ax.get_ylabel() and ax.get_title() == "cm"
    text = "ab\nc"
    ax = plotting.plot_tagged_text(text, {"true": [0, 1, 2, 0], "predicted": [0, 1, 1, 0]}, ["x", "y", "z"],
                                   title="tags")
    assert ax.get_xlabel() and ax.get_title() == "tags"
    with pytest.raises(ValueError, match="len\\(text\\)"):
        plotting.plot_tagged_text(text, {"true": [0, 1]}, ["x", "y"])
    with pytest.raises(ValueError, match="matrix must be"):
        plotting.plot_confusion_matrix(np.eye(2), ["a", "b", "c"])
    scores = {"m1": [[0.5, 0.6], [0.55, 0.65]], "m2": [[0.7, 0.8]]}  # (seeds, categories) per method
    ax = plotting.plot_dots_by_category(["x", "y"], scores, title="dots")
    assert ax.get_title() == "dots" and ax.get_xlabel() and ax.get_ylabel()
    assert len(ax.lines) == 3 and len(ax.collections) == 2  # a line of dots per seed, a mean bar per method
    with pytest.raises(ValueError, match=r"must have shape \(S, 2\)"):
        plotting.plot_dots_by_category(["x", "y"], {"m": [0.5, 0.6]})
    plt.close("all")
