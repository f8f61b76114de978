"""Plans pinned to a version that only git history holds, re-mapping, and review-due items."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from credgen.cli import main
from credgen.delivery.pinned import remap_needed
from credgen.load.documents import load_corpus
from credgen.validate.check import run_check
from tests.conftest import REPO
from tests.delivery.conftest import FRAILTY, PLAN, add_plan, merge_plan
from tests.endorse.conftest import Project

SPEC = f"specs/credentials/{FRAILTY}/credential.yaml"


def _new_version(project: Project) -> str:
    """Endorse version 1.1.0 of the specification on main; returns the commit."""
    project.edit(SPEC, 'version: "1.0.0"', 'version: "1.1.0"')
    return project.commit_all("older-people-frailty 1.1.0")


def _delivery_lines(root: Path) -> list[str]:
    return [
        d.as_text() for d in run_check([root / "specs"]).diagnostics if d.path.startswith("specs/delivery/")
    ]


def test_a_plan_on_an_older_version_is_checked_against_history(delivery_project: Project) -> None:
    add_plan(delivery_project)
    merge_plan(delivery_project)
    commit = _new_version(delivery_project)
    assert _delivery_lines(delivery_project.root) == []

    corpus = load_corpus(delivery_project.root)
    remap = remap_needed(corpus, FRAILTY, "1.0.0")
    assert remap is not None
    when = delivery_project.git("show", "-s", "--format=%cs", commit)
    assert (remap.target_slug, remap.target_version, str(remap.since)) == (FRAILTY, "1.1.0", when)
    assert remap.due == dt.date.fromisoformat(when) + dt.timedelta(days=365)
    assert remap_needed(corpus, FRAILTY, "1.1.0") is None

    delivery_project.edit(PLAN, 'version: "1.0.0"', 'version: "0.9.0"')
    assert _delivery_lines(delivery_project.root) == [
        f"{PLAN}:3:10: error[CG904]: '{FRAILTY}' has no version 0.9.0; its versions are 1.0.0, 1.1.0"
    ]


@pytest.fixture
def example(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "project"
    shutil.copytree(REPO / "specs", root / "specs")
    monkeypatch.chdir(root)
    return root


def test_review_due_lists_quality_reviews_and_conditions(example: Path) -> None:
    result = CliRunner().invoke(
        main, ["review-due", "--on", "2027-01-01", "--within", "60", "--format", "json"]
    )
    assert result.exit_code == 0
    delivery = json.loads(result.stdout)["delivery"]
    assert [(d["kind"], d["path"], d["due"], d["days_left"]) for d in delivery] == [
        (
            "quality-review",
            "specs/delivery/fenmarsh-college/older-people-frailty.reviews.yaml",
            "2026-10-01",
            -92,
        ),
        ("quality-review", "specs/delivery/northmoor-university/respiratory.reviews.yaml", "2026-10-01", -92),
        (
            "condition",
            "specs/delivery/severnside-university/older-people-frailty.reviews.yaml",
            "2027-01-31",
            30,
        ),
    ]
    assert delivery[2]["what"] == "condition 'Revise the brief for the recorded care-planning…'"
    assert delivery[2]["provider"] == "Severnside University (fictional)"


def test_review_due_text_ends_with_the_delivery_lines(example: Path) -> None:
    result = CliRunner().invoke(main, ["review-due", "--on", "2027-01-01", "--within", "30"])
    assert result.stdout.splitlines()[-1] == (
        "specs/delivery/severnside-university/older-people-frailty.reviews.yaml: condition 'Revise the brief "
        "for the recorded care-planning…' due 2027-01-31 (in 30 days): Severnside University (fictional), "
        "older-people-frailty 1.0.0"
    )


def test_diff_lists_the_plans_to_remap_and_what_they_map_to(
    delivery_project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    add_plan(delivery_project)
    merge_plan(delivery_project)
    spec = delivery_project.root / SPEC
    text = spec.read_text(encoding="utf-8").replace('version: "1.0.0"', 'version: "1.1.0"')
    text = text.replace("status: endorsed", "status: candidate")
    assert text.count("  - id: LO14\n") == 1
    text = text.replace("  - id: LO14\n", "  - id: LO15\n")
    spec.write_text(text, encoding="utf-8")
    code, out, _ = delivery_project.run("diff", "HEAD", monkeypatch=monkeypatch)
    assert code == 0
    section = out[out.index("### Delivery plans to re-map") :]
    assert section.splitlines() == [
        "### Delivery plans to re-map",
        "",
        f"- `{PLAN}` (University of Northmoor (fictional)) delivers {FRAILTY} 1.0.0; re-map it to 1.1.0:",
        "  - Outcome LO14 added: Critically appraise the evidence base for frailty care, identify gaps and "
        "contribute to…; not yet developed or assessed by this plan",
        "  - Outcome LO14 removed: Critically appraise the evidence base for frailty care, identify gaps and "
        "contribute to…",
    ]
