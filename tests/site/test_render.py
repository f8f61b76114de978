"""The Markdown renderer and the Jinja environment, shared by the website and the PDF."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import jinja2
import pytest
from markupsafe import Markup

from credgen.context import BuildContext
from credgen.exceptions import RenderError
from credgen.load.documents import load_corpus
from credgen.render.markdown import is_allowed_link, render_inline, render_markdown
from credgen.render.templates import (
    format_date,
    join_names,
    make_environment,
    profession_label,
    render_credential_body,
    render_template,
)
from tests.conftest import REPO


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("<script>alert(1)</script>", "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>"),
        ("[x](javascript:alert(1))", "<p>[x](javascript:alert(1))</p>"),
        ("[x](JaVaScRiPt:alert(1))", "<p>[x](JaVaScRiPt:alert(1))</p>"),
        ("[x](data:text/html,hi)", "<p>[x](data:text/html,hi)</p>"),
        ("[x](vbscript:x)", "<p>[x](vbscript:x)</p>"),
        ("<javascript:alert(1)>", "<p>&lt;javascript:alert(1)&gt;</p>"),
        ("a <img src=x onerror=alert(1)> b", "<p>a &lt;img src=x onerror=alert(1)&gt; b</p>"),
        ("[x](https://example.org/a)", '<p><a href="https://example.org/a">x</a></p>'),
        ("[x](mailto:someone@example.org)", '<p><a href="mailto:someone@example.org">x</a></p>'),
        ("[x](../other/#part)", '<p><a href="../other/#part">x</a></p>'),
        (
            "![pixel](https://tracker.invalid/p.png)",
            '<p>!<a href="https://tracker.invalid/p.png">pixel</a></p>',
        ),
        ("# Not a heading", "<p># Not a heading</p>"),
        ("*a* and `b`", "<p><em>a</em> and <code>b</code></p>"),
        ("- one\n- two", "<ul>\n<li>one</li>\n<li>two</li>\n</ul>"),
        # Void elements closed: the PDF worker parses print documents as XML.
        ("a  \nb\n\n***", "<p>a<br />\nb</p>\n<hr />"),
    ],
)
def test_markdown_is_safe(source: str, expected: str) -> None:
    rendered = render_markdown(source)
    assert isinstance(rendered, Markup)
    assert rendered == expected


@pytest.mark.parametrize(
    ("url", "allowed"),
    [
        ("https://a.b", True),
        ("HTTP://a.b", True),
        ("mailto:x@y", True),
        ("page/#x", True),
        ("?q=1", True),
        ("/a:b", True),
        ("javascript:x", False),
        (" javascript:x", False),
        ("file:///etc/passwd", False),
        ("ftp://a.b", False),
    ],
)
def test_link_scheme_allowlist(url: str, allowed: bool) -> None:
    assert is_allowed_link(url) is allowed


def test_inline_markdown_has_no_paragraph() -> None:
    assert render_inline("*x* [y](javascript:z)") == "<em>x</em> [y](javascript:z)"


def test_filters() -> None:
    assert format_date(dt.date(2024, 3, 1)) == "1 March 2024"
    assert format_date(None) == ""
    assert join_names(["A", "B", "C"]) == "A, B and C"
    assert join_names(["A"]) == "A"
    assert profession_label("speech-and-language-therapy") == "Speech and language therapy"


def test_environment_is_strict_and_escapes(tmp_path: Path) -> None:
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "probe.html.j2").write_text(
        "{{ value }}|{{ text | markdown }}", encoding="utf-8"
    )
    (tmp_path / "templates" / "broken.html.j2").write_text("{{ missing }}", encoding="utf-8")
    env = make_environment(tmp_path)
    assert (
        render_template(env, "probe.html.j2", {"value": "<b>", "text": "*x*"})
        == "&lt;b&gt;|<p><em>x</em></p>"
    )
    with pytest.raises(RenderError, match="'missing' is undefined"):
        render_template(env, "broken.html.j2", {})
    assert isinstance(env.undefined, type) and issubclass(env.undefined, jinja2.StrictUndefined)


def _absolute_context() -> BuildContext:
    """The example corpus built for https://example.org/site/ (absolute links, as in a PDF)."""
    return BuildContext(
        REPO, "https://example.org/site/", "https://example.org/repo", "main", None, dt.datetime(2025, 1, 1)
    )


def test_project_templates_override_the_packaged_ones(tmp_path: Path) -> None:
    override = tmp_path / "templates" / "credential" / "_about.html.j2"
    override.parent.mkdir(parents=True)
    override.write_text("<p>local about</p>\n", encoding="utf-8")
    corpus = load_corpus(REPO)
    ctx = _absolute_context()
    document = corpus.credentials["older-people-frailty"]
    html = render_credential_body(make_environment(tmp_path), document, corpus, ctx)
    assert "<p>local about</p>" in html
    assert 'id="summary"' in html  # the rest still comes from the packaged templates


def test_body_links_are_absolute_by_default_for_the_pdf() -> None:
    corpus = load_corpus(REPO)
    ctx = _absolute_context()
    document = corpus.credentials["older-people-frailty"]
    html = render_credential_body(make_environment(REPO), document, corpus, ctx)
    assert 'href="https://example.org/site/frameworks/mpf-2017/#fw-1.6"' in html
    assert 'href="https://example.org/site/downloads/older-people-frailty-1.0.0.pdf"' in html
    assert 'id="endorsement"' not in html
    relative = render_credential_body(
        make_environment(REPO), document, corpus, ctx, base_url="../../", pdf=False
    )
    assert 'href="../../frameworks/mpf-2017/#fw-1.6"' in relative
    assert "downloads/" not in relative
