"""`credgen new`: a new specification that already passes `credgen check`."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from credgen.exceptions import ProjectError
from credgen.load.documents import CREDENTIAL_FILE
from credgen.models.common import SLUG_RE
from credgen.project.config import Organisation

_TEMPLATE = """\
# yaml-language-server: $schema=../../../schema/credential.schema.json
# A new credential specification at status 'proposed'. Fill in each section, run
# `credgen check`, and open a pull request. Markdown is allowed in long text fields.
title: {title}
version: "0.1.0"
status: proposed
summary: >-
  One paragraph saying what this credential develops, and for whom.
area: {title}
need:
  population: >-
    The population or patient group, and what they need that is not met today.
  service: >-
    The service need this credential answers.
  workforce: >-
    The workforce need, and why it spans several professions.
professions:
  - nursing
  - paramedicine
entry_requirements: >-
  Registration with a statutory regulator, and experience in this area of practice.
academic_level: 7
framework: {framework}
authors:
  - name: Your name
dates:
  created: {today}
licence: {licence}
"""


def default_framework(root: Path, org: Organisation) -> str:
    """The framework a new specification maps to: the organisation's first, else the only one
    in `specs/frameworks/`; refuses when that is ambiguous."""
    if org.frameworks:
        return org.frameworks[0]
    found = sorted(path.stem for path in (root / "specs" / "frameworks").glob("*.yaml"))
    if len(found) != 1:
        raise ProjectError(
            "no framework given for the new specification",
            hint="pass --framework ID, or list the frameworks in use in credgen.toml (frameworks = [...])",
        )
    return found[0]


def new_credential(
    specs_dir: Path,
    slug: str,
    *,
    title: str | None,
    framework: str,
    today: dt.date,
    licence: str = "CC-BY-4.0",
) -> Path:
    """Write `specs/credentials/<slug>/credential.yaml`; refuses to overwrite."""
    if not SLUG_RE.fullmatch(slug):
        raise ProjectError(
            f"'{slug}' is not a valid slug",
            hint="use lowercase letters, digits and single hyphens, e.g. 'older-people'",
        )
    target = specs_dir / "credentials" / slug / CREDENTIAL_FILE
    if target.exists():
        raise ProjectError(f"{target} already exists")
    shown = title or slug.replace("-", " ").capitalize()
    target.parent.mkdir(parents=True)
    target.write_text(
        _TEMPLATE.format(title=_quote(shown), framework=framework, today=today.isoformat(), licence=licence),
        encoding="utf-8",
    )
    return target


def _quote(text: str) -> str:
    """A YAML double-quoted scalar."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
