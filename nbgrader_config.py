"""nbgrader configuration. Run nbgrader from the repository root: that folder is the course directory.

Instructors: `solutions/` is nbgrader's source folder, `exercises/` its release folder (generated with
`make exercises`). Students' submissions go to `submitted/<student>/<assignment>/`.
"""

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
    "utils.grading.HideHiddenTests",
    "nbconvert.preprocessors.CSSHTMLHeaderPreprocessor",
]
