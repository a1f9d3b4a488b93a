"""Small real datasets committed with the book, each in its own folder with a README stating its source,
licence and citation. Loaders live in ``utils.data``."""
