"""The files `credgen init` writes, from the data this package carries.

The wheel carries the repository's own `site/overrides/`, `.github/` and `specs/` (see
`force-include` in `pyproject.toml`), so the example project and a new one share one copy; an
editable install reads them from the repository. Files fall in two kinds:

- *owned*: credgen's own (workflows, theme overrides, `requirements.txt`, pre-commit), listed
  in the manifest and refreshed by `credgen init --update`;
- *starter*: the organisation's from the first commit on (configuration, pages, specs).
"""

from __future__ import annotations

import dataclasses
import importlib.metadata
import json
import re
import string
from collections.abc import Iterator
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1]
FILES = Path(__file__).resolve().parent / "files"

#: What each packaged folder is called in the wheel, and where it is in the repository.
_DATA = {
    "overrides": ("_starter/overrides", "site/overrides"),
    "github": ("_starter/github", ".github"),
    "example": ("_example/specs", "specs"),
    "pages": ("_example/docs", "site/docs"),
}

#: The workflows install credgen from `requirements.txt` (this repository installs itself).
_INSTALL = re.compile(r"python -m pip install (\./trusted|\.)$", re.MULTILINE)

#: The example's guide for authors, added to a new project's navigation with `--example`.
_EXAMPLE_NAV = "  - How to propose or change a credential: how-to-propose.md\n"

#: GitHub files of the example project that speak of its own process (criteria, the MPF).
_EXAMPLE_GITHUB = ("ISSUE_TEMPLATE", "pull_request_template.md")


@dataclasses.dataclass(frozen=True)
class Starter:
    """What the organisation asked `credgen init` for."""

    name: str
    """The organisation's full name."""

    short_name: str
    """Its short name."""

    example: bool
    """Whether to include the illustrative example corpus."""


def data_folder(kind: str) -> Path:
    """A packaged folder: in the wheel, else in the repository of an editable install."""
    in_wheel, in_repo = _DATA[kind]
    wheel = PACKAGE / in_wheel
    return wheel if wheel.is_dir() else PACKAGE.parents[1] / in_repo


def owned_files() -> dict[str, bytes]:
    """credgen's own files, by path in a project: refreshed by `credgen init --update`."""
    files = {f"site/overrides/{path}": data for path, data in _tree(data_folder("overrides"))}
    for path, data in _tree(data_folder("github")):
        if path.startswith("workflows/") or path == "dependabot.yml":
            files[f".github/{path}"] = _install_from_requirements(data)
    version = importlib.metadata.version("credgen")
    files["requirements.txt"] = f"credgen=={version}\n".encode()
    files[".pre-commit-config.yaml"] = (FILES / "pre-commit-config.yaml").read_bytes()
    return dict(sorted(files.items()))


def starter_files(starter: Starter) -> dict[str, bytes]:
    """The organisation's first versions of its own files."""
    values = _values(starter)
    files = {
        "credgen.toml": _fill("credgen.toml.in", values),
        "site/mkdocs.yml": _fill("mkdocs.yml.in", values),
        "README.md": _fill("README.md.in", values),
        "CONTRIBUTING.md": _fill("CONTRIBUTING.md.in", values),
        ".gitignore": (FILES / "gitignore").read_bytes(),
        "templates/README.md": (FILES / "templates-README.md").read_bytes(),
    }
    files.update(_example_files() if starter.example else _empty_corpus(values))
    return files


def _values(starter: Starter) -> dict[str, str]:
    """The substitutions of the file templates; `_quoted` ones are TOML and YAML strings."""
    folder = data_folder("example") / "frameworks"
    frameworks = sorted((path.stem for path in folder.glob("*.yaml")), reverse=True)  # newest first
    title = f"{starter.name}: credential specifications"
    return {
        "name": starter.name,
        "name_quoted": _quoted(starter.name),
        "short_name_quoted": _quoted(starter.short_name),
        "frameworks_quoted": json.dumps(frameworks),
        "site_name": title,
        "site_name_quoted": _quoted(title),
        "extra_nav": "  - How to propose or change a credential: how-to-propose.md\n"
        if starter.example
        else "",
    }


def _quoted(text: str) -> str:
    """`text` as a double-quoted string, valid in both TOML and YAML (JSON's escapes are theirs)."""
    return json.dumps(text, ensure_ascii=False)


def _fill(template: str, values: dict[str, str]) -> bytes:
    """A file template with `${name}` placeholders filled in."""
    text = string.Template((FILES / template).read_text(encoding="utf-8"))
    return text.substitute(values).encode()


def _empty_corpus(values: dict[str, str]) -> dict[str, bytes]:
    """No specification yet: the frameworks (to use or replace), a starter panel and glossary."""
    files = {f"specs/frameworks/{path}": data for path, data in _tree(data_folder("example") / "frameworks")}
    files["specs/panel.yaml"] = (FILES / "panel.yaml").read_bytes()
    files["specs/glossary.yaml"] = (FILES / "glossary.yaml").read_bytes()
    files["site/docs/index.md"] = _fill("index.md.in", values)
    return files


def _example_files() -> dict[str, bytes]:
    """The illustrative example corpus and its pages, without its endorsement ledger and
    delivery plans (whose approvals and commits are in credgen's history, not the new
    repository's, and which deliver only endorsed versions): its endorsed example becomes a
    candidate."""
    files = {}
    for path, data in _tree(data_folder("example")):
        if not path.startswith(("endorsements/", "delivery/")):
            files[f"specs/{path}"] = data.replace(b"\nstatus: endorsed\n", b"\nstatus: candidate\n")
    files.update({f"site/docs/{path}": data for path, data in _tree(data_folder("pages"))})
    for path, data in _tree(data_folder("github")):
        if path.startswith(_EXAMPLE_GITHUB):
            files[f".github/{path}"] = data
    return files


def _install_from_requirements(data: bytes) -> bytes:
    """A workflow of this repository, installing credgen as a project pins it instead."""
    text = data.decode("utf-8")
    text = _INSTALL.sub(
        lambda m: (
            "python -m pip install -r "
            + ("trusted/requirements.txt" if m.group(1) == "./trusted" else "requirements.txt")
        ),
        text,
    )
    return text.encode()


def _tree(folder: Path) -> Iterator[tuple[str, bytes]]:
    """Every file under `folder`, as (relative POSIX path, bytes), in a stable order."""
    for path in sorted(folder.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts and ".cache" not in path.parts:
            yield path.relative_to(folder).as_posix(), path.read_bytes()
