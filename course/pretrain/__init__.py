"""The scripts that train the checkpoints of ``utils.pretrained`` (``rnnbook pretrain NAME``): each ``NAME``
is a module here with a ``main(argv) -> int``; every run is seeded exactly (``RNN_BOOK_SEED`` does not apply).
"""
