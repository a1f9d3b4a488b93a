"""``python -m course COMMAND``: the same as ``rnnbook COMMAND`` (``course.cli``)."""

import sys

from course.cli import main

sys.exit(main())
