"""`credgen new`: a new specification that already passes `credgen check`."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from credgen.exceptions import ProjectError
from credgen.load.documents import CREDENTIAL_FILE, load_file
from credgen.load.explain import did_you_mean
from credgen.models.common import SLUG_RE
from credgen.models.framework import Framework
from credgen.project.config import Organisation

_TEMPLATE = """\
# yaml-language-server: $schema=../../../schema/credential.schema.json
# A new credential specification at status 'proposed'. Replace each placeholder, run
# `credgen check`, and open a pull request. Long text starts with '|' and continues on the
# indented lines below; leave a blank line between paragraphs. Markdown is allowed there.
credgen_format: 2
title: {title}
version: "0.1.0"
status: proposed
summary: |
  One paragraph saying what this credential develops, and for whom.
area: {title}
need:
  population: |
    The population or patient group, and what they need that is not met today.
  service: |
    The service need this credential answers.
  workforce: |
    The workforce need, and why it spans several professions.
scope: |
  What the credential covers.

  What it leaves out, and where learners find it instead.
professions:
  - nursing
  - paramedicine
entry_requirements: |
  Registration with a statutory regulator, and experience in this area of practice.
academic_level: 7
framework: {framework}
domains:
  - id: A
    code: A
    title: First domain
    capabilities:
      - id: A1
        code: A1
        title: First capability
        description: |
          What a practitioner does at an advanced level in this area.
        mpf:
          - {reference}
        statements:
          - id: A1-1
            code: "1.1"
            text: |
              One element of what the capability means in practice.
outcomes:
  - id: LO1
    text: |
      Start with a verb: what the learner will be able to do.
    capabilities:
      - A1
epas:
  - id: EPA1
    title: An activity a practitioner is trusted to carry out
    capabilities:
      - A1
assessment:
  - id: AS1
    title: Portfolio of practice
    description: |
      How the method works and what it evidences.
    outcomes:
      - LO1
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
    reference = f"{framework}:{_first_code(specs_dir, framework)}"
    shown = title or slug.replace("-", " ").capitalize()
    target.parent.mkdir(parents=True)
    text = _TEMPLATE.format(
        title=_quote(shown),
        framework=framework,
        today=today.isoformat(),
        reference=reference,
        licence=licence,
    )
    target.write_text(text, encoding="utf-8")
    return target


def _first_code(specs_dir: Path, framework: str) -> str:
    """The first capability code of `framework`; refuses one that `specs/frameworks/` lacks."""
    known = sorted(path.stem for path in (specs_dir / "frameworks").glob("*.yaml"))
    path = specs_dir / "frameworks" / f"{framework}.yaml"
    document = load_file(path, specs_dir.parent, Framework)[0] if framework in known else None
    if document is None:
        raise ProjectError(
            f"no framework '{framework}' in specs/frameworks" + did_you_mean(framework, known),
            hint=f"choose one of: {', '.join(known)}" if known else "add the framework file first",
        )
    return document.model.pillars[0].capabilities[0].code


def _quote(text: str) -> str:
    """A YAML double-quoted scalar."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
