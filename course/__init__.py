"""The course's tooling: what instructors, CI and maintainers run. It may import ``utils``; ``utils`` never
imports it. One command-line entry point, ``rnnbook`` (``course.cli``; also ``python -m course``):

- ``grading``      ``rnnbook release`` (exercises/ from solutions/) and ``rnnbook check NN`` (a learner's self-check)
- ``autograde``    ``rnnbook autograde NN``: a class's submissions in parallel, nbgrader's own scores
  (``grading_pool``: the warm local workers it grades on)
- ``book``         ``rnnbook book``: every chapter executed and rendered as the HTML site (Sphinx + MyST-NB)
- ``navigation``   ``rnnbook navigation``: prev/contents/next links, the start page's contents, the README table
- ``bench``        ``rnnbook bench``: the notebooks' time budgets, as ratios to a calibration workload
- ``bench_grading`` ``rnnbook bench-grading``: parallel autograding against plain nbgrader
- ``claims``       ``rnnbook claims``: every chapter under other seeds and emulated CPUs
- ``pretrain``     ``rnnbook pretrain NAME``: the scripts that train ``utils.pretrained``'s checkpoints
- ``lab_contents`` ``make lab``'s JupyterLab contents manager (the book's notebooks' runs kept out of git)
"""

from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]  # the repository: the course directory nbgrader works in
