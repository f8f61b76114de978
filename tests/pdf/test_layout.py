"""Page breaks: a long table repeats its header on every page and never splits a row."""

from __future__ import annotations

from pathlib import Path

from tests.pdf.conftest import Rendered, copy_rendered, git, render_project


def _long_table(rows: int) -> str:
    """A Markdown table whose rows each say their number twice, in two cells."""
    lines = ["  | Week | Activity | Evidence |", "  | --- | --- | --- |"]
    lines += [
        f"  | Week {n} | Begin-{n} supervised clinics with a long description that wraps | End-{n} |"
        for n in range(1, rows + 1)
    ]
    return "\n".join(lines) + "\n"


def test_long_tables_repeat_their_header_and_keep_rows_whole(examples: Rendered, tmp_path: Path) -> None:
    root, cache = copy_rendered(examples, tmp_path)
    path = root / "specs" / "credentials" / "end-of-life-care" / "credential.yaml"
    text = path.read_text(encoding="utf-8")
    assert "\nlearning_experience: >-\n" in text
    table = "\nlearning_experience: |\n" + _long_table(90) + "\n"
    text = text.replace("\nlearning_experience: >-\n", table, 1)
    path.write_text(text, encoding="utf-8")
    git(root, "commit", "-q", "-am", "long table")
    again = render_project(root, tmp_path / "out", cache)
    assert again.report.rendered == 1
    texts = [" ".join(page.split()) for page in again.texts("end-of-life-care")]
    pages = [number for number, page in enumerate(texts) if "Begin-" in page]
    assert len(pages) >= 3, "the table should run over several pages"
    for number in pages:
        assert "Week Activity Evidence" in texts[number], f"no header on page {number + 1}"
    for row in range(1, 91):
        (begin,) = [n for n in pages if f"Begin-{row} " in texts[n]]
        (end,) = [n for n in pages if f"End-{row} " in texts[n] or texts[n].endswith(f"End-{row}")]
        assert begin == end, f"row {row} split across pages {begin + 1} and {end + 1}"
