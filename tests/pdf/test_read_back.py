"""Every example PDF read back with pypdf: pages, metadata, bookmarks, text, links, fonts."""

from __future__ import annotations

import re

from pypdf.generic import Destination

from credgen.endorse.ledger import current_endorsement
from tests.pdf.conftest import Rendered

A4 = (595.3, 841.9)


def _words(text: str) -> str:
    """Text with every run of whitespace made one space (extraction wraps lines)."""
    return " ".join(text.split())


def _outline(rendered: Rendered, slug: str) -> list[tuple[int, str, int]]:
    """(depth, title, page index) of every bookmark, in order."""
    reader = rendered.reader(slug)
    found: list[tuple[int, str, int]] = []

    def walk(items: list[object], depth: int) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item, depth + 1)
            else:
                assert isinstance(item, Destination)
                found.append((depth, str(item.title), reader.get_destination_page_number(item)))

    walk(reader.outline, 0)
    return found


def test_the_stage_rendered_every_pdf_without_warnings(examples: Rendered) -> None:
    count = len(examples.corpus.credentials)
    assert (examples.report.rendered, examples.report.cached) == (count, 0)
    assert len(examples.report.files) == 2 * count
    assert examples.report.warnings == ()


def test_latest_and_versioned_files_are_the_same_pdf(examples: Rendered, slug: str) -> None:
    assert (examples.out / f"{slug}.pdf").read_bytes() == examples.path(slug).read_bytes()


def test_pages_are_a4_and_numbered_page_x_of_y(examples: Rendered, slug: str) -> None:
    pages = examples.reader(slug).pages
    assert len(pages) >= 6
    for number, (page, text) in enumerate(zip(pages, examples.texts(slug), strict=True), start=1):
        assert (round(float(page.mediabox.width), 1), round(float(page.mediabox.height), 1)) == A4
        assert f"Page {number} of {len(pages)}" in text


def test_running_header_has_title_and_version(examples: Rendered, slug: str) -> None:
    spec = examples.corpus.credentials[slug].model
    for text in examples.texts(slug)[1:]:
        assert spec.title in text
        assert f"Version {spec.version}" in text


def test_metadata_comes_from_the_spec_and_its_commit(examples: Rendered, slug: str) -> None:
    spec = examples.corpus.credentials[slug].model
    reader = examples.reader(slug)
    info = reader.metadata
    assert info is not None
    assert info.title == f"{spec.title}: credential specification, version {spec.version}"
    assert info.author == ", ".join(author.name for author in spec.authors)
    assert info.subject.startswith(f"Advanced practice credential specification: {spec.area}; version")
    assert all(keyword in info["/Keywords"] for keyword in spec.keywords)
    assert info["/Creator"].startswith("credgen ")
    assert info["/CreationDate"] == info["/ModDate"] == "D:20250301093000Z"
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "en-GB"


def test_pdf_is_tagged_pdf_ua(examples: Rendered, slug: str) -> None:
    reader = examples.reader(slug)
    root = reader.trailer["/Root"]
    assert reader.pdf_header == "%PDF-1.7"
    assert root["/MarkInfo"]["/Marked"]
    assert "/StructTreeRoot" in root
    assert root["/ViewerPreferences"]["/DisplayDocTitle"]
    xmp = root["/Metadata"].get_object().get_data().decode()
    assert 'pdfuaid:part="1"' in xmp


def test_only_the_bundled_fonts_are_used_and_all_are_embedded(examples: Rendered, slug: str) -> None:
    seen = set()
    for page in examples.reader(slug).pages:
        for reference in page["/Resources"]["/Font"].values():
            font = reference.get_object()
            descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
            assert "/FontFile2" in descriptor, font["/BaseFont"]
            seen.add(str(font["/BaseFont"]).split("+", 1)[1])
    assert seen <= {"Source-Sans-Pro", "Source-Sans-Pro-Bold", "Source-Sans-Pro-Italic"}
    assert {"Source-Sans-Pro", "Source-Sans-Pro-Bold"} <= seen


def test_bookmarks_follow_the_headings(examples: Rendered, slug: str) -> None:
    spec = examples.corpus.credentials[slug].model
    outline = _outline(examples, slug)
    assert outline[0] == (0, spec.title, 0)
    top = [title for depth, title, _ in outline if depth == 0]
    assert top[1] == "Contents"
    assert "Summary" in top
    assert top[-1] == "About this PDF"
    for domain in spec.domains:
        assert (1, f"{domain.code or domain.id} {domain.title}") in {(d, t) for d, t, _ in outline}
        for capability in domain.capabilities:
            assert (2, f"{capability.code or capability.id} {capability.title}") in {
                (d, t) for d, t, _ in outline
            }
    texts = examples.texts(slug)
    for _, title, page in outline:
        assert _words(title)[:30] in _words(texts[page]), f"{title!r} not on page {page + 1}"


def test_contents_page_numbers_match_the_bookmarks(examples: Rendered, slug: str) -> None:
    """Each contents entry reads as its title followed by its page number (also in extracted
    text and copy-and-paste), and that number is the page its bookmark opens."""
    contents = _words(examples.texts(slug)[1])
    entries = [(title, page + 1) for depth, title, page in _outline(examples, slug) if depth <= 1][2:]
    assert len(entries) >= 10
    for title, page in entries:
        assert f"{_words(title)} {page}" in contents


def test_every_capability_statement_and_outcome_is_in_the_text(examples: Rendered, slug: str) -> None:
    spec = examples.corpus.credentials[slug].model
    text = _words(" ".join(examples.texts(slug)))
    for domain in spec.domains:
        for capability in domain.capabilities:
            assert f"{capability.code or capability.id} {_words(capability.title)}" in text
            for statement in capability.statements:
                assert re.search(rf"(?<![\w.]){re.escape(statement.code or statement.id)}(?![\w.])", text)
    for outcome in spec.outcomes:
        assert f"{outcome.code or outcome.id} " in text


def test_cover_links_to_the_canonical_url(examples: Rendered, slug: str) -> None:
    url = f"https://pdf-tests.example.org/credentials/{slug}/"
    cover = examples.reader(slug).pages[0]
    uris = [annot.get_object().get("/A", {}).get("/URI") for annot in cover["/Annots"]]
    assert url in uris
    assert f"Canonical URL {url}" in _words(examples.texts(slug)[0])


def test_cover_names_the_source_commit(examples: Rendered, slug: str) -> None:
    head = examples.ctx.commit
    assert head is not None
    assert f"Source commit {head} (1 March 2025)" in _words(examples.texts(slug)[0])
    uris = [
        annot.get_object().get("/A", {}).get("/URI") for annot in examples.reader(slug).pages[0]["/Annots"]
    ]
    assert f"https://github.com/example/credgen-pdf-tests/commit/{head}" in uris


def test_illustrative_notice_is_on_every_page(examples: Rendered, slug: str) -> None:
    assert examples.corpus.credentials[slug].model.illustrative
    assert "Illustrative example. This specification was written" in _words(examples.texts(slug)[0])
    for text in examples.texts(slug):
        assert "Illustrative example ·" in text


def test_not_endorsed_versions_say_so_on_every_page(examples: Rendered, slug: str) -> None:
    document = examples.corpus.credentials[slug]
    entry = current_endorsement(examples.root, document)
    texts = examples.texts(slug)
    if entry is not None:
        assert all("NOT ENDORSED" not in text for text in texts)
        assert "Endorsement record" in " ".join(texts)
        return
    status = document.model.status.value.replace("-", " ").upper()
    for text in texts:
        assert text.startswith(f"NOT ENDORSED\n{status}\n"), text[:60]
        assert "Not endorsed ·" in text
    assert "Endorsement record" not in " ".join(texts)


def _structure_types(node: object, found: set[str]) -> None:
    """Collect the structure types (`/H2`, `/Table`, ...) under a structure element."""
    node = node.get_object() if hasattr(node, "get_object") else node
    if isinstance(node, list):
        for child in node:
            _structure_types(child, found)
    elif isinstance(node, dict) and "/S" in node:
        found.add(str(node["/S"]))
        _structure_types(node.get("/K", []), found)


def test_tags_carry_the_document_structure(examples: Rendered, slug: str) -> None:
    reader = examples.reader(slug)
    found: set[str] = set()
    _structure_types(reader.trailer["/Root"]["/StructTreeRoot"]["/K"], found)
    assert {"/Document", "/H1", "/H2", "/H3", "/P", "/L", "/LI", "/Link", "/Table", "/TR", "/TH"} <= found
    if examples.corpus.credentials[slug].model.domains:
        assert {"/H4", "/TD"} <= found
    for page in reader.pages:
        for annotation in page.get("/Annots", []):
            assert "/StructParent" in annotation.get_object()
