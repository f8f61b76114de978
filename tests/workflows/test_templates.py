"""Issue forms, the pull-request checklist, the pre-commit files and the guides agree with the rest.

GitHub validates issue forms only when someone opens an issue, so their rules are checked here:
required keys, element types, unique ids and labels, non-empty unique options.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from pre_commit.clientlib import load_config, load_manifest

from credgen.models.credential import Profession
from credgen.site.plugin import REFERENCE_PAGES
from tests.conftest import REPO

TEMPLATES = REPO / ".github" / "ISSUE_TEMPLATE"
FORMS = ("propose-credential.yml", "report-problem.yml")
ELEMENT_TYPES = {"markdown", "textarea", "input", "dropdown", "checkboxes"}
ID = re.compile(r"^[A-Za-z0-9_-]+$")

#: The checks an operator makes required in branch protection: job names in the workflows.
REQUIRED_CHECKS = ("validate", "endorse check")


def _form(name: str) -> dict[str, Any]:
    data = yaml.safe_load((TEMPLATES / name).read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def _fields(form: dict[str, Any]) -> list[dict[str, Any]]:
    return [element for element in form["body"] if element["type"] != "markdown"]


@pytest.mark.parametrize("name", FORMS)
def test_issue_form_follows_githubs_rules(name: str) -> None:
    form = _form(name)
    assert {"name", "description", "body"} <= set(form)
    assert set(form) <= {"name", "description", "body", "title", "labels", "assignees", "projects", "type"}
    assert all(element["type"] in ELEMENT_TYPES for element in form["body"])
    ids = [element["id"] for element in form["body"] if "id" in element]
    assert len(ids) == len(set(ids)) and all(ID.match(i) for i in ids)
    labels = [element["attributes"]["label"] for element in _fields(form)]
    assert len(labels) == len(set(labels)) and all(labels)
    for element in form["body"]:
        if element["type"] == "markdown":
            assert element["attributes"]["value"].strip()
        if element["type"] == "dropdown":
            options = element["attributes"]["options"]
            assert options and len(options) == len(set(options)) and "None" not in options
        if element["type"] == "checkboxes":
            assert all(option["label"] for option in element["attributes"]["options"])


def test_proposal_form_asks_about_each_gateway_criterion() -> None:
    labels = [element["attributes"]["label"] for element in _fields(_form("propose-credential.yml"))]
    for criterion in ("Criterion 1", "Criterion 2", "Criterion 3"):
        assert any(label.startswith(criterion) for label in labels), criterion
    need = [label for label in labels if label.startswith("Criterion 1")]
    assert [label.split(": ")[1] for label in need] == [
        "population and patient need",
        "service need",
        "workforce need",
    ]


def test_proposal_form_offers_exactly_the_eligible_professions() -> None:
    form = _form("propose-credential.yml")
    dropdown = next(element for element in form["body"] if element.get("id") == "professions")
    offered = {option.lower().replace(" ", "-") for option in dropdown["attributes"]["options"]}
    assert offered == {profession.value for profession in Profession}


def test_issue_chooser_config() -> None:
    config = yaml.safe_load((TEMPLATES / "config.yml").read_text(encoding="utf-8"))
    assert config["blank_issues_enabled"] is False
    for link in config["contact_links"]:
        assert {"name", "url", "about"} == set(link) and link["url"].startswith("https://")


def test_pull_request_checklist_has_the_published_endorsement_criteria() -> None:
    template = (REPO / ".github" / "pull_request_template.md").read_text(encoding="utf-8")
    checklist = dict(re.findall(r"^- \[ \] \*\*(\d)\. ([^*]+)\*\*", template, re.M))
    published = dict(
        re.findall(
            r"^(\d)\. \*\*([^*]+?)\.\*\*",
            (REPO / "site/docs/process/endorsement-criteria.md").read_text(),
            re.M,
        )
    )
    assert list(checklist) == ["4", "5", "6", "7", "8", "9"]
    assert checklist == published
    assert "the commit you reviewed" in template


@pytest.mark.parametrize("name", [".pre-commit-hooks.yaml", ".pre-commit-config.yaml"])
def test_pre_commit_files_are_valid(name: str) -> None:
    load = load_manifest if name == ".pre-commit-hooks.yaml" else load_config
    loaded = load(str(REPO / name))
    assert loaded


def test_hooks_offered_to_other_repositories() -> None:
    hooks = {hook["id"]: hook for hook in load_manifest(str(REPO / ".pre-commit-hooks.yaml"))}
    assert hooks["credgen-check"]["entry"] == "credgen check"
    assert all(hook["language"] == "python" for hook in hooks.values())


@pytest.mark.parametrize(
    "guide",
    [Path("CONTRIBUTING.md"), Path("site/docs/how-to-propose.md"), Path(".github/pull_request_template.md")],
)
def test_guides_name_checks_that_exist(guide: Path, workflows: dict[str, dict[str, Any]]) -> None:
    names = {job["name"] for workflow in workflows.values() for job in workflow["jobs"].values()}
    assert set(REQUIRED_CHECKS) <= names
    text = (REPO / guide).read_text(encoding="utf-8")
    for check in re.findall(r"`(validate|endorse check|endorse record|diff)`", text):
        assert check in names, f"{guide} names a check that no job has: {check}"


def test_the_how_to_page_covers_both_audiences() -> None:
    text = (REPO / "site/docs/how-to-propose.md").read_text(encoding="utf-8")
    headings = re.findall(r"^#{2,3} (.+)$", text, re.M)
    for heading in (
        "For authors",
        "Change a specification in the web editor",
        "Read the check results",
        "Respond to review",
        "For reviewers",
        "What your approval means",
    ):
        assert heading in headings
    for target in re.findall(r"\]\(((?!https?:|#)[^)]+)\)", text):
        if target in REFERENCE_PAGES:  # generated by the credgen plugin, not files in site/docs
            continue
        assert (REPO / "site/docs" / target).is_file(), f"broken link to {target}"
