"""utils.data.vocab: one vocabulary class for chapters 07 (padding and unknown), 09 (unknown only) and 10 (padding,
begin and end, no unknown), and padded batches."""

import pytest
import torch

from utils.charlm import STREAM_SPECIALS
from utils.data import transduction
from utils.data.vocab import PAD, UNK, Vocab, pad_ids


def test_chapter_07_vocab_pads_with_0_and_maps_the_unknown_to_1():
    vocab = Vocab.from_text(["abba", "cab"])
    assert vocab.tokens == ["<pad>", "<unk>", "a", "b", "c"]  # by frequency (a 3, b 3: character order), then c
    assert (vocab["<pad>"], vocab["<unk>"]) == (PAD, UNK) == (0, 1)
    ids = vocab.encode("cabz")
    assert ids.dtype == torch.int64 and ids.tolist() == [4, 2, 3, UNK]
    assert vocab.decode(torch.tensor([4, 2, 0, 0])) == "ca" and vocab.decode(ids) == "cab\ufffd"
    assert len(Vocab.from_text(["abba", "cab"], min_count=2)) == 4  # "c" is seen once


def test_chapter_09_vocab_has_only_the_unknown_and_rebuilds_from_its_tokens():
    vocab = Vocab.from_text("aaabbc", min_count=2, specials=STREAM_SPECIALS)
    assert vocab.tokens == ["<unk>", "a", "b"] and vocab.chars == ["a", "b"]
    assert vocab.encode("abcz").tolist() == [1, 2, 0, 0] and vocab.decode([1, 2, 0]) == "ab\ufffd"
    rebuilt = Vocab.from_tokens(vocab.tokens, STREAM_SPECIALS, "<unk>")  # as a checkpoint stores it
    assert rebuilt.encode("ba").tolist() == [2, 1] and len(rebuilt) == 3
    assert Vocab.from_text("ba", specials=STREAM_SPECIALS).tokens == ["<unk>", "a", "b"]  # ties: character order


def test_chapter_10_vocab_has_no_unknown_and_drops_its_specials_when_decoding():
    source, target = transduction.date_vocabularies()
    assert target.tokens[:3] == list(transduction.SPECIALS) and target.chars == sorted("0123456789-")
    assert target.encode("2024-01-02").tolist() == [target[c] for c in "2024-01-02"]
    assert target.decode([1, target["2"], target["4"], 2, 0]) == "24"
    assert len(source) == 3 + len(source.chars) and source.chars == sorted(source.chars)
    with pytest.raises(ValueError, match="outside the vocabulary"):
        target.encode("2024/01/02")


def test_bad_input_is_rejected_naming_the_argument():
    with pytest.raises(TypeError, match="texts"):
        Vocab.from_text(["a", 3])
    with pytest.raises(ValueError, match="min_count"):
        Vocab.from_text(["a"], min_count=0)
    with pytest.raises(TypeError, match="text must be a str"):
        Vocab.from_text(["a"]).encode(["a"])
    with pytest.raises(ValueError, match="unknown must be one of specials"):
        Vocab("ab", specials=("<pad>",), unknown="<unk>")
    with pytest.raises(ValueError, match="repeat"):
        Vocab("aa")
    with pytest.raises(TypeError, match="single characters"):
        Vocab(["ab"])
    with pytest.raises(ValueError, match="start with the specials"):
        Vocab.from_tokens(["a"], STREAM_SPECIALS, "<unk>")


def test_pad_ids_pads_with_zero_and_returns_cpu_lengths():
    padded, lengths = pad_ids([torch.tensor([5, 6]), torch.tensor([7, 8, 9]), torch.tensor([4])])
    assert padded.tolist() == [[5, 6, 0], [7, 8, 9], [4, 0, 0]] and lengths.tolist() == [2, 3, 1]
    assert lengths.dtype == torch.int64 and lengths.device.type == "cpu"
    with pytest.raises(TypeError, match=r"sequences\[1\] must be a 1-D int64"):
        pad_ids([torch.tensor([1]), torch.tensor([1.0])])
    with pytest.raises(ValueError, match="empty"):
        pad_ids([torch.tensor([1]), torch.tensor([], dtype=torch.int64)])
    with pytest.raises(TypeError, match="non-empty list"):
        pad_ids([])
