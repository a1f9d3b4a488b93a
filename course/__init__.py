"""The course's tooling: what instructors, CI and maintainers run (never imported by ``utils``).

- ``lab_contents`` JupyterLab's contents manager for ``make lab``: a learner's runs of the chapters keep their
  outputs without changing the tracked chapter files
"""
