"""Facts about one build that every output stage shares, and where its project and templates are."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

from credgen.exceptions import ProjectError
from credgen.history import git as gitinfo
from credgen.project.config import CONFIG_FILE, Organisation, load_organisation

DEFAULT_TEMPLATES = (
    Path(__file__).parent / "_templates",  # in the wheel (`templates/`, force-included)
    Path(__file__).parents[2] / "templates",  # the repository's, for an editable install
)
"""Where credgen's own templates are, in the order they are searched after a project's."""

PRINT_STYLESHEET = "pdf/print.css"
"""The print stylesheet's template name: a project overrides it in its own `templates/`."""


@dataclasses.dataclass(frozen=True, slots=True)
class BuildContext:
    """Where the site lives and which commit it was built from."""

    root: Path
    """The project root."""

    site_url: str
    """Canonical base URL of the published site, ending in `/`."""

    repo_url: str
    """Web address of the source repository (for "edit this file" and commit links)."""

    branch: str
    """Branch that "edit this file" links point at."""

    commit: str | None
    """Full sha of the commit being built, or None outside git."""

    timestamp: dt.datetime
    """Build time from git or SOURCE_DATE_EPOCH, never the clock."""

    org: Organisation = dataclasses.field(default_factory=Organisation)
    """The organisation that publishes the site, from `credgen.toml`."""

    @classmethod
    def for_project(cls, root: Path, *, site_url: str, repo_url: str, branch: str = "main") -> BuildContext:
        """The context for building `root` at its current commit."""
        return cls(
            root=root,
            site_url=site_url.rstrip("/") + "/",
            repo_url=repo_url.rstrip("/"),
            branch=branch,
            commit=gitinfo.head_commit(root),
            timestamp=gitinfo.build_timestamp(root),
            org=load_organisation(root),
        )

    def url(self, path: str) -> str:
        """Absolute URL of a site path such as `credentials/frailty/`."""
        return self.site_url + path.lstrip("/")

    def source_url(self, relpath: str) -> str:
        """Web address of a source file on the branch."""
        return f"{self.repo_url}/blob/{self.branch}/{relpath}"

    def edit_url(self, relpath: str) -> str:
        """Web address of the editor for a source file on the branch."""
        return f"{self.repo_url}/edit/{self.branch}/{relpath}"


def find_root(start: Path) -> Path:
    """The project root for `start`: the nearest folder at or above it holding `specs/` (or
    `credgen.toml`, in a project that has no specification yet)."""
    start = start.resolve()
    for folder in (start, *start.parents):
        if folder.name == "specs" and folder.is_dir():
            return folder.parent
        if (folder / "specs").is_dir() or (folder / CONFIG_FILE).is_file():
            return folder
    raise ProjectError(
        f"no 'specs' folder at or above {start}",
        hint="run credgen inside a credgen project, or pass the path of its specs folder",
    )
