"""utils.data.python_docs and utils.compressors: the Python documentation corpus, its held-out split and the
compressor baselines."""

import gzip
import lzma

import pytest

from utils.compressors import compressed_bpc
from utils.data.python_docs import corpus_fingerprint, load_python_docs, python_doc_topics, split_heldout


def test_corpus_is_python_3_11_7s_pydoc_topics_text():
    topics = python_doc_topics()
    assert len(topics) > 50 and all(isinstance(k, str) and isinstance(v, str) for k, v in topics.items())
    assert topics["assert"].startswith('The "assert" statement\n')
    text = load_python_docs()
    assert text.startswith(topics["assert"].strip("\n")) and topics["with"].strip("\n") in text
    assert len(text) == 465_048  # Python 3.11.7's topics, whichever Python runs this
    assert corpus_fingerprint(text)["chars"] == len(text) and len(corpus_fingerprint(text)["sha256"]) == 64


def test_split_is_contiguous():
    train, heldout = split_heldout("abcdefghij", 0.2)
    assert (train, heldout) == ("abcdefgh", "ij")
    with pytest.raises(ValueError, match="fraction"):
        split_heldout("abcdef", 1.0)
    with pytest.raises(TypeError, match="text"):
        split_heldout(b"abc", 0.1)


def test_compressed_bits_per_character_count_bytes_and_divide_by_characters():
    text = "naïve café — " * 50
    expected = 8 * len(gzip.compress(text.encode("utf-8"), compresslevel=9, mtime=0)) / len(text)
    assert compressed_bpc(text, "gzip") == pytest.approx(expected)
    context = "the context " * 40
    preset = 9 | lzma.PRESET_EXTREME
    both = len(lzma.compress((context + text).encode(), preset=preset))
    with_context = both - len(lzma.compress(context.encode(), preset=preset))
    assert compressed_bpc(text, "lzma", context=context) == pytest.approx(8 * with_context / len(text))
    with pytest.raises(ValueError, match="name"):
        compressed_bpc(text, "zip")
