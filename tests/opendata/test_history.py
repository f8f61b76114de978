"""Versions, dates and contributors rebuilt from a real git history."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from credgen.exceptions import GitError
from credgen.history import git as gitinfo
from credgen.history.versions import (
    compare_refs,
    corpus_history,
    credential_at,
    credential_history,
    default_base,
    history_of,
    resolve_ref,
)
from credgen.models.credential import Status
from tests.opendata.conftest import V1, V2, GitRepo, spec_path

DAY0 = dt.datetime.fromtimestamp(1_700_000_000, tz=dt.UTC)


def _day(n: int) -> dt.datetime:
    return DAY0 + dt.timedelta(days=n)


def test_one_record_per_version_with_where_it_was_set_and_its_final_text(versioned: GitRepo) -> None:
    versions = credential_history(versioned.root, "wound-care")
    assert [(v.version, v.status, v.date, v.final_date) for v in versions] == [
        ("1.0.0", Status.CANDIDATE, _day(2), _day(3)),
        ("1.1.0", Status.ENDORSED, _day(6), _day(7)),
    ]
    first, second = versions
    assert "two years of" in first.credential.entry_requirements  # the final text of 1.0.0
    assert second.credential.status is Status.ENDORSED
    log = versioned.git("log", "--first-parent", "--format=%H %s").splitlines()
    shas = {subject: sha for sha, subject in (line.split(" ", 1) for line in log)}
    assert (first.commit, first.final_commit) == (shas["Add wound care 1.0.0"], shas["Fix wording"])
    assert (second.commit, second.final_commit) == (shas["Merge version 1.1.0"], shas["Endorse 1.1.0"])


def test_invalid_states_are_skipped_and_dates_come_from_git(versioned: GitRepo) -> None:
    history = history_of(versioned.root, "wound-care")
    assert len(history.revisions) == 4  # the commit with `titel:` does not validate
    assert (history.created, history.last_changed) == (_day(2), _day(7))
    endorsed = history.first_with_status(Status.ENDORSED, "1.1.0")
    assert endorsed is not None and endorsed.date == _day(7)


def test_contributors_include_authors_on_merged_branches(versioned: GitRepo) -> None:
    assert history_of(versioned.root, "wound-care").contributors == ("Ann Author", "Bea Builder", "Cal Chair")


def test_history_is_recomputed_after_a_new_commit(versioned: GitRepo) -> None:
    assert len(credential_history(versioned.root, "wound-care")) == 2
    versioned.commit("1.2.0", {spec_path("wound-care"): V2.replace('"1.1.0"', '"1.2.0"')})
    assert [v.version for v in credential_history(versioned.root, "wound-care")] == [
        "1.0.0",
        "1.1.0",
        "1.2.0",
    ]


def test_deleted_and_readded_files_and_unknown_slugs(repo: GitRepo) -> None:
    repo.commit("add", {spec_path("a"): V1})
    repo.commit("remove", {spec_path("a"): None})
    repo.commit("re-add", {spec_path("a"): V2})
    assert [v.version for v in credential_history(repo.root, "a")] == ["1.0.0", "1.1.0"]
    assert credential_history(repo.root, "missing") == []
    assert set(corpus_history(repo.root)) == {"a"}


def test_outside_git_there_is_no_history(tmp_path: Path) -> None:
    assert credential_history(tmp_path, "anything") == []
    assert gitinfo.last_changed(tmp_path) == {}


def test_last_changed_sees_each_new_commit(repo: GitRepo) -> None:
    """It is kept per HEAD (a build asks three times), so a new commit is never missed."""

    def credentials() -> dict[str, str]:
        changed = gitinfo.last_changed(repo.root)
        return {path: commit.sha for path, commit in changed.items() if path.startswith("specs/credentials/")}

    first = repo.commit("add a", {spec_path("a"): V1})
    assert credentials() == {spec_path("a"): first}
    second = repo.commit("add b", {spec_path("b"): V1})
    third = repo.commit("change a", {spec_path("a"): V2})
    assert credentials() == {spec_path("a"): third, spec_path("b"): second}
    gitinfo.last_changed(repo.root).clear()  # a caller's copy: the kept result is not touched
    assert credentials() == {spec_path("a"): third, spec_path("b"): second}


def test_credential_at_a_ref_and_in_the_work_tree(versioned: GitRepo) -> None:
    old, problems = credential_at(versioned.root, "HEAD~3", "wound-care")
    assert problems == [] and old is not None and old.version == "1.0.0"
    versioned.write({spec_path("wound-care"): V2.replace("credits: 60", "credits: 0")})
    new, problems = credential_at(versioned.root, None, "wound-care")
    assert new is None
    assert len(problems) == 1  # the message text is the loader's, pinned in its own tests
    assert (
        problems[0]
        .as_text()
        .startswith(
            "specs/credentials/wound-care/credential.yaml:21:10: error[CG104]: 'credits' must be at least 5"
        )
    )


def test_compare_refs_reports_new_changed_and_removed(versioned: GitRepo) -> None:
    versioned.write({spec_path("pelvic"): V1, spec_path("wound-care"): None})
    changes, problems = compare_refs(versioned.root, resolve_ref(versioned.root, "HEAD~1"), None)
    assert problems == []
    assert [(c.slug, c.old is None, c.new is None) for c in changes] == [
        ("pelvic", True, False),
        ("wound-care", False, True),
    ]


def test_unknown_ref_and_missing_main_branch(versioned: GitRepo) -> None:
    with pytest.raises(GitError, match="unknown git revision 'nope'"):
        resolve_ref(versioned.root, "nope")
    assert default_base(versioned.root) == resolve_ref(versioned.root, "main")
    versioned.git("branch", "-m", "main", "trunk")
    with pytest.raises(GitError, match="found no main branch"):
        default_base(versioned.root)


def test_a_project_below_the_repository_top(tmp_path: Path) -> None:
    repo = GitRepo(tmp_path / "monorepo")
    repo.commit("v1", {"docs/" + spec_path("wound-care"): V1, "other/readme.txt": "x"})
    repo.commit("v2", {"docs/" + spec_path("wound-care"): V2})
    root = repo.root / "docs"
    assert [v.version for v in credential_history(root, "wound-care")] == ["1.0.0", "1.1.0"]
    old, _ = credential_at(root, "HEAD~1", "wound-care")
    assert old is not None and old.version == "1.0.0"
    changes, _ = compare_refs(root, resolve_ref(root, "HEAD~1"), None)
    assert [c.slug for c in changes] == ["wound-care"]
