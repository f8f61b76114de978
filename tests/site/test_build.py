"""`credgen build` and the plugin, through real MkDocs builds.

Golden page: `tests/site/golden/credential.html` is the content of the `golden-example` page.
Regenerate it after an intended change with

    CREDGEN_UPDATE_GOLDEN=1 /tmp/venv/bin/pytest tests/site -k golden

and review the diff before committing it.
"""

from __future__ import annotations

import hashlib
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

from credgen.build import build
from credgen.exceptions import ProjectError, RenderError, SpecError
from credgen.load.documents import load_corpus
from credgen.models.credential import Credential
from credgen.validate.codes import RULES
from tests.site.conftest import GOLDEN, KEY_PAGES, BuiltSite, beside_output, make_site_project

CREDGEN = [sys.executable, "-m", "credgen"]


def tree_digest(folder: Path) -> dict[str, str]:
    """Relative path → SHA-256 of every file under `folder`."""
    return {
        path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def article(html: str) -> str:
    """The credential content of a built page."""
    match = re.search(r'<article class="cg-credential".*?</article>', html, re.DOTALL)
    assert match, "no credential article on the page"
    return match.group(0) + "\n"


def break_spec(root: Path) -> None:
    """Give one specification an outcome that maps to a capability that does not exist."""
    path = root / "specs" / "credentials" / "golden-example" / "credential.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("capabilities: [A1]\n", "capabilities: [A1, A9]\n", 1), encoding="utf-8")


# The built site --------------------------------------------------------------------------


def test_every_page_is_built(built: BuiltSite) -> None:
    slugs = sorted(p.name for p in (built.root / "specs" / "credentials").iterdir())
    for slug in slugs:
        assert (built.site / "credentials" / slug / "index.html").is_file(), slug
    for path in [
        "index.html",
        "credentials/index.html",
        "frameworks/index.html",
        "frameworks/mpf-2017/index.html",
        "frameworks/mpf-2025/index.html",
        "glossary/index.html",
        "search/index.html",
        "process/gateway-criteria/index.html",
        "process/endorsement-criteria/index.html",
        "process/quality-review/index.html",
        "how-to-propose/index.html",
        "reference/rules/index.html",
        "reference/format/index.html",
        "assets/credgen.css",
        "assets/credgen.js",
        "pagefind/pagefind-entry.json",
        "pagefind/pagefind-ui.js",
    ]:
        assert (built.site / path).is_file(), path


def test_golden_credential_page(built: BuiltSite) -> None:
    actual = article(built.page("credentials/golden-example"))
    golden = GOLDEN / "credential.html"
    if os.environ.get("CREDGEN_UPDATE_GOLDEN"):
        golden.write_text(actual, encoding="utf-8")
    assert actual == golden.read_text(encoding="utf-8")


def test_credential_page_has_every_part(built: BuiltSite) -> None:
    html = built.page("credentials/golden-example")
    for fragment in [
        "<h1>Golden example credential</h1>",
        'class="cg-notice cg-notice--illustrative"',
        'id="endorsement"',
        "pull request #42",
        "credgen endorse verify",
        'id="cap-A1"',
        'href="../../frameworks/mpf-2017/#fw-1.6"',
        'id="st-X1-a"',
        '<span class="cg-code">9.a</span>',
        'id="lo-LO1"',
        'id="mapping"',
        'id="coverage"',
        'href="../../api/v1/credentials/golden-example.json"',
        "https://github.com/example/credgen/edit/main/specs/credentials/golden-example/credential.yaml",
        'class="cg-citation"',
    ]:
        assert fragment in html, fragment
    assert "cg-notice--status" not in html  # endorsed: no "not endorsed" banner


def test_every_page_shows_its_status_banner_and_illustrative_notice(built: BuiltSite) -> None:
    banners = {
        "proposed": "<strong>Not endorsed.</strong>",
        "in-development": "<strong>Not endorsed.</strong>",
        "candidate": "<strong>Not endorsed.</strong>",
        "superseded": "<strong>Superseded.</strong>",
        "withdrawn": "<strong>Withdrawn.</strong>",
    }
    seen = set()
    for slug, document in load_corpus(built.root).credentials.items():
        html = built.page(f"credentials/{slug}")
        status = str(document.model.status)
        seen.add(status)
        if status == "endorsed":
            assert "cg-notice--status" not in html, slug
            assert 'id="endorsement"' in html, slug
        else:
            assert banners[status] in html, slug
        assert ("<strong>Illustrative example.</strong>" in html) is document.model.illustrative, slug
    assert {"endorsed", "candidate"} <= seen


def test_catalogue_lists_every_credential_with_filter_data(built: BuiltSite) -> None:
    html = built.page("credentials")
    cards = re.findall(r'<li class="cg-card"[^>]*>', html)
    assert len(cards) == len(list((built.root / "specs" / "credentials").iterdir()))
    golden = next(card for card in cards if "speech-and-language-therapy" in card and "endorsed" in card)
    assert 'data-status="endorsed"' in golden
    assert 'data-pillar="1 2 3 4"' in golden
    assert "mpf-2017:1.6" in golden
    assert 'href="../api/v1/credentials/golden-example.json"' in html
    assert '<form class="cg-filters" id="cg-filters" method="get" action="" hidden>' in html


def test_framework_page_is_a_reverse_index(built: BuiltSite) -> None:
    html = built.page("frameworks/mpf-2017")
    section = html[html.index('id="fw-1.6"') : html.index('id="fw-1.7"')]
    assert 'href="../../credentials/golden-example/#cap-A1"' in section
    assert 'href="../../credentials/older-people-frailty/"' in section
    assert "?capability=mpf-2017:1.6" in section


def test_edit_links_point_at_the_source_files(built: BuiltSite) -> None:
    edit = "https://github.com/example/credgen/edit/main/"
    assert f'href="{edit}specs/frameworks/mpf-2017.yaml"' in built.page("frameworks/mpf-2017")
    assert f'href="{edit}specs/glossary.yaml"' in built.page("glossary")
    assert f'href="{edit}site/docs/process/quality-review.md"' in built.page("process/quality-review")
    assert f"{edit}site/docs/credentials" not in built.page("credentials")


def test_reference_pages_are_generated_from_the_code(built: BuiltSite) -> None:
    rules = built.page("reference/rules")
    assert '<h1 id="validation-rules">Validation rules</h1>' in rules
    assert [code for code in RULES if f"<td><code>{code}</code></td>" not in rules] == []
    formats = built.page("reference/format")
    assert [name for name in Credential.model_fields if f"<td><code>{name}</code></td>" not in formats] == []
    for html in (rules, formats):
        assert 'class="md-content__button' not in html  # nothing in site/docs to edit
        for entry in ("Reference", "Validation rules", "File format"):  # the nav's Reference section
            assert re.search(rf">\s*{entry}\s*<", html), entry
    guide = built.page("how-to-propose")
    assert 'href="../reference/rules/"' in guide
    assert 'href="how-to-propose/"' in (built.site / "index.html").read_text(encoding="utf-8")


def test_glossary_and_latest_changes(built: BuiltSite) -> None:
    assert 'id="advanced-practice"' in built.page("glossary")
    home = (built.site / "index.html").read_text(encoding="utf-8")
    assert '<ul class="cg-latest">' in home
    assert "updated 1 April 2025" in home  # the commit date, not the clock


@pytest.mark.parametrize("path", [*KEY_PAGES, "glossary/"])
def test_every_relative_link_resolves(built: BuiltSite, path: str) -> None:
    html = (built.site / path / "index.html").read_text(encoding="utf-8")
    broken = []
    for link in sorted(set(re.findall(r'href="([^"]+)"', html))):
        href = re.split(r"[#?]", link)[0]
        if not href or re.match(r"^[a-z]+:", href):
            continue
        target = (built.site / path / href).resolve()
        if not (target.is_file() or (target / "index.html").is_file()):
            broken.append(link)
    assert broken == []


def test_navigation_does_not_list_credentials(built: BuiltSite) -> None:
    """Per-page size stays flat: no page links every specification."""
    html = built.page("credentials/golden-example")
    assert "credentials/acute-medicine/" not in html
    assert "credentials/older-people-frailty/" not in html


@pytest.mark.parametrize("path", ["credentials/hostile-example", "credentials/hostile-example/v/1.0.0"])
def test_hostile_spec_is_inert_in_html(built: BuiltSite, path: str) -> None:
    html = built.page(path)
    assert "<script>alert" not in html
    assert not re.search(
        r"<(img|iframe|svg|object|style|form|details)\b[^>]*(on\w+=|javascript:)", html, re.I
    )
    assert not re.search(r'(href|src|action|data)="\s*(javascript|vbscript|data):', html, re.I)
    assert "<title>&lt;script&gt;alert(" in html
    assert "<h1>&lt;script&gt;alert(" in html
    assert "tracker.invalid/pixel.png" not in re.findall(r'src="([^"]*)"', html)


# Determinism and atomicity ---------------------------------------------------------------


def test_rebuild_is_byte_identical(built: BuiltSite, tmp_path: Path) -> None:
    again = build(built.root, tmp_path / "again", pdf=False)
    assert tree_digest(again) == tree_digest(built.site)


def test_spec_error_leaves_previous_output_untouched(tmp_path: Path) -> None:
    root = make_site_project(tmp_path / "project")
    break_spec(root)
    out = tmp_path / "out" / "site"
    out.mkdir(parents=True)
    (out / "index.html").write_text("previous build", encoding="utf-8")
    before = tree_digest(tmp_path / "out")
    with pytest.raises(SpecError, match=r"^\d+ errors? in the specifications; .*/out/site left unchanged$"):
        build(root, out, pdf=False)
    assert tree_digest(tmp_path / "out") == before


def test_render_error_leaves_previous_output_untouched(tmp_path: Path) -> None:
    """A broken template override fails mid-build, after MkDocs has started writing."""
    root = make_site_project(tmp_path / "project")
    override = root / "templates" / "credential" / "body.html.j2"
    override.parent.mkdir(parents=True)
    override.write_text("<article>{{ no_such_variable }}</article>\n", encoding="utf-8")
    out = tmp_path / "out" / "site"
    out.mkdir(parents=True)
    (out / "index.html").write_text("previous build", encoding="utf-8")
    before = tree_digest(out)
    with pytest.raises(RenderError, match="no_such_variable"):
        build(root, out, pdf=False)
    assert tree_digest(out) == before
    # Beside it, only the build's caches (compiled templates): no half-built or moved-aside tree.
    assert beside_output(out) == [".cache", "site"]


def test_build_removes_what_killed_builds_left(built: BuiltSite, tmp_path: Path) -> None:
    """A killed build cannot clean up; the next one, holding the lock, deletes what it left."""
    out = tmp_path / "out" / "site"
    out.parent.mkdir()
    for name in (".site.0123456789ab", ".site.old-123"):
        (out.parent / name / "credentials").mkdir(parents=True)
        (out.parent / name / "index.html").write_text("unfinished", encoding="utf-8")
    (out.parent / ".site.link-999").symlink_to(".site.0123456789ab")
    build(built.root, out, pdf=False)
    assert beside_output(out) == [".cache", "<site>", "site"]


def test_the_output_is_a_link_swapped_atomically(built: BuiltSite, tmp_path: Path) -> None:
    """The output path is a link to the finished site; a rebuild points a new link at its own
    folder and renames it over the old one, so the path never lacks a site."""
    out = tmp_path / "out" / "site"
    build(built.root, out, pdf=False)
    first = out.readlink()
    assert out.is_symlink() and first.name.startswith(".site.")
    build(built.root, out, pdf=False)
    assert out.readlink() != first
    assert not (out.parent / first).exists()
    assert beside_output(out) == [".cache", "<site>", "site"]


def test_a_real_folder_from_an_older_build_is_replaced_by_the_link(built: BuiltSite, tmp_path: Path) -> None:
    out = tmp_path / "out" / "site"
    out.mkdir(parents=True)
    (out / "index.html").write_text("previous build", encoding="utf-8")
    build(built.root, out, pdf=False)
    assert out.is_symlink()
    assert beside_output(out) == [".cache", "<site>", "site"]


def test_refuses_an_output_link_it_did_not_make(built: BuiltSite, tmp_path: Path) -> None:
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "site").symlink_to(tmp_path / "elsewhere")
    with pytest.raises(ProjectError, match="a symbolic link that credgen did not make"):
        build(built.root, tmp_path / "site", pdf=False)


def test_a_second_build_of_the_same_output_is_refused_while_the_first_runs(tmp_path: Path) -> None:
    """Two builds swapping their trees into one output at once would break each other."""
    root = make_site_project(tmp_path / "project")
    first = subprocess.Popen(
        [*CREDGEN, "build"], cwd=root, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    lock = root / "build" / ".cache" / "site.lock"
    while not (lock.is_file() and lock.read_text(encoding="utf-8") == str(first.pid)):
        assert first.poll() is None, f"the first build ended too soon:\n{first.communicate()[0]}"
        time.sleep(0.02)
    second = subprocess.run(
        [*CREDGEN, "build", "--no-pdf"], cwd=root, capture_output=True, text=True, check=False
    )
    assert first.poll() is None, "the first build was still running (it renders every PDF)"
    assert second.returncode == 1
    assert second.stderr.splitlines()[:2] == [
        f"error: build/site is being built by another credgen process (process {first.pid})",
        "hint: wait for it to finish, or build into another folder with --out",
    ]
    output = first.communicate(timeout=300)[0]
    assert first.returncode == 0, output
    assert (root / "build" / "site" / "downloads" / "golden-example.pdf").is_file()
    # Once the first has finished, the output is free.
    again = subprocess.run(
        [*CREDGEN, "build", "--no-pdf"], cwd=root, capture_output=True, text=True, check=False
    )
    assert again.returncode == 0, again.stderr
    assert beside_output(root / "build" / "site") == [".cache", "<site>", "site"]


def test_refuses_to_replace_a_folder_that_is_not_a_site(built: BuiltSite, tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("keep me", encoding="utf-8")
    with pytest.raises(ProjectError, match="not a built site"):
        build(built.root, tmp_path, pdf=False)
    with pytest.raises(ProjectError, match="holds the project"):
        build(built.root, built.root, pdf=False)


def test_cli_build_reports_diagnostics_and_exits_1(tmp_path: Path) -> None:
    root = make_site_project(tmp_path / "project")
    break_spec(root)
    result = subprocess.run(
        [*CREDGEN, "build", "--no-pdf"], cwd=root, capture_output=True, text=True, check=False
    )
    assert result.returncode == 1
    assert re.search(
        r"^specs/credentials/golden-example/credential.yaml:\d+:\d+: error\[CG204\]: ", result.stdout, re.M
    )
    assert re.search(
        r"^error: \d+ errors? in the specifications; build/site left unchanged$", result.stderr, re.M
    )
    assert "Traceback" not in result.stderr
    assert not (root / "build" / "site").exists()


def test_cli_build_matches_the_in_process_build(built: BuiltSite, tmp_path: Path) -> None:
    """The command line builds the same site as `build()`, byte for byte."""
    out = tmp_path / "cli" / "site"
    command = [*CREDGEN, "build", "--no-pdf", "--out", str(out)]
    result = subprocess.run(command, cwd=built.root, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    assert (out / "api" / "v1" / "catalogue.json").is_file()
    assert tree_digest(out) == tree_digest(built.site)


def test_pending_endorsement_builds_the_endorsing_pull_request(tmp_path: Path) -> None:
    """Before its merge, an endorsing change has no ledger entry: an error, unless pending."""
    root = make_site_project(tmp_path / "project", examples=False)
    (root / "specs" / "endorsements" / "golden-example.yaml").unlink()
    with pytest.raises(SpecError, match=r"^1 error in the specifications"):
        build(root, tmp_path / "refused", pdf=False)
    command = [*CREDGEN, "build", "--no-pdf", "--pending-endorsement"]
    result = subprocess.run(command, cwd=root, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert re.search(
        r"^specs/credentials/golden-example/credential.yaml:\d+:\d+: warning\[CG601\]: ", result.stdout, re.M
    )
    page = (root / "build" / "site" / "credentials" / "golden-example" / "index.html").read_text(
        encoding="utf-8"
    )
    assert "<strong>Endorsement not recorded.</strong>" in page
    assert 'id="endorsement"' not in page


# Plain MkDocs ----------------------------------------------------------------------------


def test_build_with_pdfs_links_them(tmp_path: Path) -> None:
    """The full recipe, PDFs included, on a one-specification project (PDFs are slow)."""
    root = make_site_project(tmp_path / "project", examples=False)
    out = build(root, tmp_path / "site")
    assert (out / "downloads" / "golden-example-2.1.0.pdf").read_bytes().startswith(b"%PDF-")
    page = (out / "credentials" / "golden-example" / "index.html").read_text(encoding="utf-8")
    assert 'href="../../downloads/golden-example-2.1.0.pdf"' in page
    catalogue = (out / "credentials" / "index.html").read_text(encoding="utf-8")
    assert 'href="../downloads/golden-example-2.1.0.pdf"' in catalogue


def _plain_mkdocs_build(root: Path, dest: Path) -> subprocess.CompletedProcess[str]:
    """`mkdocs build -f site/mkdocs.yml -d DEST` in `root`, as a site operator would run it."""
    command = [sys.executable, "-m", "mkdocs", "build", "-q", "-f", "site/mkdocs.yml", "-d", str(dest)]
    return subprocess.run(command, cwd=root, capture_output=True, text=True, check=False)


def test_plain_mkdocs_build_uses_the_plugin(tmp_path: Path) -> None:
    root = make_site_project(tmp_path / "project", examples=False)
    result = _plain_mkdocs_build(root, tmp_path / "s")
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "s" / "credentials" / "golden-example" / "index.html").is_file()
    assert (tmp_path / "s" / "pagefind" / "pagefind-entry.json").is_file()
    # Pages and search only: the PDFs and the open data are `credgen build`'s.
    assert not (tmp_path / "s" / "downloads").exists()
    assert not (tmp_path / "s" / "api").exists()
    page = (tmp_path / "s" / "credentials" / "golden-example" / "index.html").read_text(encoding="utf-8")
    assert ".pdf" not in page


def test_plain_mkdocs_build_stops_on_spec_errors(tmp_path: Path) -> None:
    root = make_site_project(tmp_path / "project")
    break_spec(root)
    result = _plain_mkdocs_build(root, tmp_path / "s")
    assert result.returncode != 0
    assert "golden-example/credential.yaml" in result.stderr
    assert "error[CG204]" in result.stderr
