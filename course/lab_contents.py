"""``make lab``'s contents manager: a learner's runs of the book's notebooks keep their outputs, and git never
sees them.

JupyterLab saves a notebook after every run (autosave), outputs, widget state and kernel metadata included. For
the book's tracked notebooks (``chapters/``, ``exercises/``, ``solutions/``) that would make ``git status`` list
every notebook a learner has merely opened or validated, and make a later ``git pull`` conflict. So ``make lab``
starts JupyterLab with this manager:

- saving one of them writes the whole notebook, outputs and widget state included, under ``.outputs/`` (same
  relative path, git-ignored), and the tracked file itself only when its *source* changed (a learner's answers
  or own edit, which git then shows, as it should), stripped of outputs (nbstripout);
- opening one returns the saved run from ``.outputs/`` when it belongs to the notebook as it is now (the same
  cells), else the tracked file: after a ``git pull`` changed a chapter, its old outputs are dropped.

Everything else (a learner's own notebooks, fetched assignments, other files) is saved as usual. A reopened
chapter shows its outputs and, with the widget state saved in it (``lab/overrides.json`` turns that on), its
explorers as last drawn. nbgrader's Validate and ``rnnbook check`` read the tracked file: the answers, which is
all they need.
"""

from __future__ import annotations

import copy
import os
from datetime import UTC, datetime
from pathlib import PurePosixPath

import nbformat
from jupyter_server.services.contents.largefilemanager import AsyncLargeFileManager
from nbstripout import strip_output
from traitlets import List, Unicode

# What running a notebook adds besides outputs and execution counts (nbstripout removes those and
# metadata.widgets, cell.metadata.execution, collapsed, scrolled, ExecuteTime by default).
RUN_METADATA = ["metadata.language_info", "metadata.widgets", "cell.metadata.trusted", "cell.metadata.jupyter"]


def stripped(nb: nbformat.NotebookNode, extra_keys: list[str] | None = None) -> nbformat.NotebookNode:
    """A copy of ``nb`` without outputs and execution counts (cell ids kept), and without ``extra_keys``."""
    return strip_output(copy.deepcopy(nb), keep_output=False, keep_count=False, keep_id=True,
                        extra_keys=["metadata.widgets", *(extra_keys or [])])


def same_cells(a: nbformat.NotebookNode, b: nbformat.NotebookNode) -> bool:
    """True when ``a`` and ``b`` differ at most in what running them adds (outputs, counts, ``RUN_METADATA``)."""
    return stripped(a, RUN_METADATA) == stripped(b, RUN_METADATA)


class BookOutputsManager(AsyncLargeFileManager):
    """Keeps the outputs of the notebooks under ``book_dirs`` in ``outputs_dir`` (see the module docstring)."""

    outputs_dir = Unicode(".outputs", config=True, help="Folder (under the server's root) for the notebooks' runs.")
    book_dirs = List(Unicode(), default_value=["chapters", "exercises", "solutions"], config=True,
                     help="Top-level folders whose notebooks keep their outputs aside.")

    def saved_run_path(self, path: str) -> str | None:
        """The OS path of the saved run of notebook ``path``, or ``None`` when it is not one of the book's."""
        parts = PurePosixPath(path.strip("/"))
        if parts.suffix != ".ipynb" or len(parts.parts) < 2 or parts.parts[0] not in self.book_dirs:
            return None
        return os.path.join(self.root_dir, self.outputs_dir, *parts.parts)

    def saved_run(self, path: str, current: nbformat.NotebookNode) -> nbformat.NotebookNode | None:
        """The saved run of notebook ``path`` if there is one and it has the cells of ``current``."""
        run_path = self.saved_run_path(path)
        if run_path is None or not os.path.isfile(run_path):
            return None
        try:
            run = nbformat.read(run_path, as_version=4)
        except Exception:  # noqa: BLE001 - a damaged saved run is dropped, the chapter opens as committed
            self.log.warning("Ignoring the unreadable saved run %s", run_path)
            return None
        return run if same_cells(run, current) else None

    async def _notebook_model(self, path, content=True, require_hash=False):
        model = await super()._notebook_model(path, content=content, require_hash=require_hash)
        run_path = self.saved_run_path(path)
        if run_path is None or not os.path.isfile(run_path):
            return model
        current = model["content"] if content else nbformat.read(self._get_os_path(path), as_version=4)
        run = self.saved_run(path, current)
        if run is None:
            return model
        model["last_modified"] = max(model["last_modified"], _mtime(run_path, model["last_modified"]))
        if content:
            self.mark_trusted_cells(run, path)
            model["content"] = run
        if require_hash:
            with open(run_path, "rb") as file:
                model.update(**self._get_hash(file.read()))
        return model

    async def save(self, model, path=""):
        path = path.strip("/")
        run_path = self.saved_run_path(path)
        if run_path is None or model.get("type") != "notebook" or "content" not in model or model.get("chunk"):
            return await super().save(model, path)
        self.run_pre_save_hooks(model=model, path=path)
        nb = nbformat.from_dict(model["content"])
        self.check_and_sign(nb, path)
        os.makedirs(os.path.dirname(run_path), exist_ok=True)
        await self._save_notebook(run_path, nb)
        os_path = self._get_os_path(path)
        on_disk = nbformat.read(os_path, as_version=4) if os.path.isfile(os_path) else None
        if on_disk is None or not same_cells(nb, on_disk):  # the learner changed the notebook itself
            await self._save_notebook(os_path, stripped(nb))
            if not (await self.checkpoints.list_checkpoints(path)):
                await self.create_checkpoint(path)
        result = await self.get(path, content=False)
        self.run_post_save_hooks(model=result, os_path=os_path)
        self.emit(data={"action": "save", "path": path})
        return result


def _mtime(os_path: str, fallback):
    """The modification time of ``os_path`` in the form the contents API uses (a timezone-aware datetime)."""
    try:
        return datetime.fromtimestamp(os.stat(os_path).st_mtime, tz=UTC)
    except OSError:
        return fallback
