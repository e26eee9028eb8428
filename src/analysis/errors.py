"""The one exception type users see, and how it prints.

Every problem with a user's input (a corpus, a manifest, a codebook, a parameter) is raised as
:class:`InputError`. The CLI prints it as a single line naming the file and the problem and exits
with status 2; it never shows a traceback for these.
"""

from __future__ import annotations

from pathlib import Path


class InputError(Exception):
    """A problem with user input, tied to the path it was found in.

    ``str(error)`` is one line: ``<path>: <problem>``. Newlines in the problem are folded into
    spaces so the message always stays on one line.
    """

    def __init__(self, path: str | Path | None, problem: str) -> None:
        self.path = None if path is None else str(path)
        self.problem = " ".join(str(problem).split())
        super().__init__(self.message)

    @property
    def message(self) -> str:
        return self.problem if self.path is None else f"{self.path}: {self.problem}"

    def __str__(self) -> str:  # pragma: no cover - trivial
        return self.message
