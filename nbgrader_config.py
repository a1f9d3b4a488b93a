"""nbgrader configuration. Run nbgrader from the repository root: that folder is the course directory.

Instructors: `solutions/` is nbgrader's source folder, `exercises/` its release folder (generated with
`make exercises`). Students' submissions go to `submitted/<student>/<assignment>/`.
"""

from pathlib import Path

c = get_config()  # noqa: F821  (injected by traitlets when nbgrader loads this file)

c.CourseDirectory.course_id = "rnn-textbook"
c.CourseDirectory.source_directory = "solutions"
c.CourseDirectory.release_directory = "exercises"

# Per-cell time limit while autograding. Every test cell is designed to finish in well under 10 s on a
# 2-core laptop; a submission that loops forever is interrupted after this many seconds and that cell
# scores 0, while the rest of the notebook is still graded.
c.Execute.timeout = 20
c.Execute.interrupt_on_timeout = True


# Feedback shows each test's verdict and message, but neither the hidden tests nor tracebacks that quote them.
c.GenerateFeedback.preprocessors = [
    "nbgrader.preprocessors.GetGrades",
    "course.grading.HideHiddenTests",
    "nbconvert.preprocessors.CSSHTMLHeaderPreprocessor",
]


# The exchange (where release_assignment puts assignments and submit puts submissions). An instructor's choice
# wins: nbgrader's default shared folder /usr/local/share/nbgrader/exchange when it exists (a course on a shared
# machine), or an `Exchange.root` set in a user's own ~/.jupyter/nbgrader_config.py (README, "For an
# instructor"), or a line `c.Exchange.root = ...` added below this block. Otherwise — a self-learner's clone —
# the exchange is .exchange/ in this repository (git-ignored), so that JupyterLab's Nbgrader → Assignment List
# works out of the box instead of failing to create /usr/local/share/nbgrader/exchange.
SHARED_EXCHANGE = Path("/usr/local/share/nbgrader/exchange")


def exchange_set_by_user() -> bool:
    """True when an nbgrader_config.py in the user's Jupyter configuration folders sets ``Exchange.root``.

    (This file is read after those and would override them; so it looks before it sets a default.)"""
    from jupyter_core.paths import jupyter_config_path
    from traitlets.config.loader import PyFileConfigLoader

    this_file = Path(__file__).resolve()  # noqa: F821 (__file__ is set by traitlets' loader)
    for folder in jupyter_config_path():
        path = Path(folder) / "nbgrader_config.py"
        if path.is_file() and path.resolve() != this_file:
            if "root" in PyFileConfigLoader(path.name, str(path.parent)).load_config().get("Exchange", {}):
                return True
    return False


if not SHARED_EXCHANGE.is_dir() and not exchange_set_by_user():
    LOCAL_EXCHANGE = Path(__file__).resolve().parent / ".exchange"  # noqa: F821
    try:
        LOCAL_EXCHANGE.mkdir(exist_ok=True)  # nbgrader needs it to exist before it lists or fetches anything
        c.Exchange.root = str(LOCAL_EXCHANGE)
    except OSError:  # a read-only copy of the course: leave nbgrader's default
        pass
