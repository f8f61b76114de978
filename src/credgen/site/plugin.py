"""The MkDocs plugin: credential, catalogue, framework, glossary and reference pages.

`site/mkdocs.yml` lists it as `credgen`, so `mkdocs build`, `mkdocs serve`, `credgen build`
and `credgen serve` all produce the same pages. Pages are generated in memory (`on_files` with
`File.generated`); their bodies come from the Jinja templates, not from Markdown.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jinja2
import yaml
from markupsafe import escape
from mkdocs.config import config_options as opt
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from credgen.delivery.site import provider_pages
from credgen.diagnostics import Diagnostic
from credgen.exceptions import RenderError
from credgen.load.documents import Document
from credgen.load.files import is_plain_file
from credgen.models.credential import Credential
from credgen.models.framework import Framework
from credgen.render.templates import template_cache
from credgen.site import pages, versions
from credgen.site.brand import BRAND_CSS, apply_organisation, brand_stylesheet, site_context
from credgen.site.preview import Preview, refuse_odd_paths
from credgen.site.reflow import scrolling_tables
from credgen.site.search import index_site
from credgen.site.state import SiteState, load_state, toc_from_html
from credgen.site.versions import GeneratedPage

log = logging.getLogger("mkdocs.plugins.credgen")

#: Placeholder in a hand-written page that is replaced by the latest changes.
LATEST_MARKER = "<!-- credgen:latest-changes -->"

ASSETS = ("assets/credgen.css", "assets/credgen.js")


class CredgenConfig(Config):  # type: ignore[no-untyped-call]
    """Options under `plugins: - credgen:` in mkdocs.yml."""

    root = opt.Type(str, default="..")
    """Project root (the folder holding `specs/`), relative to mkdocs.yml."""

    search = opt.Type(bool, default=True)
    """Under a plain `mkdocs build`, index the built site with Pagefind (`credgen build`
    always does, as a stage of its own)."""


class CredgenPlugin(BasePlugin[CredgenConfig]):  # type: ignore[no-untyped-call]
    """Adds the generated pages to a MkDocs Material site.

    Under `credgen build` the plugin is handed the state the build gathered (`drive`) and only
    turns it into pages. Under a plain `mkdocs build` or `mkdocs serve` it gathers the state
    itself, and the site has its pages and search index but no PDFs or open data.
    """

    def __init__(self) -> None:
        self.state: SiteState | None = None
        self.driven: SiteState | None = None
        """The state `credgen build` gathered (see `drive`); None when MkDocs runs alone."""
        self.pdf = False
        """Whether pages link a PDF per specification (only `credgen build` writes them)."""
        self._bodies: dict[str, Callable[[], str]] = {}
        self._epoch: str | None = None
        self.preview: Preview | None = None
        """Set under `credgen serve` / `mkdocs serve`: rebuilds never fail on spec errors."""

    def on_startup(self, *, command: str, **_: Any) -> None:
        """Under `serve`, keep the last good state between rebuilds (see `credgen.site.preview`)."""
        self.preview = Preview() if command == "serve" else None

    def drive(self, state: SiteState, *, pdf: bool) -> None:
        """Called by `credgen build`: render this already-validated state; link the PDFs if `pdf`."""
        self.driven = state
        self.pdf = pdf

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        """Gather the corpus (unless `credgen build` did) and add the assets."""
        if self.driven is None:
            root = (Path(config.config_file_path).parent / self.config.root).resolve()
            if self.preview is not None:
                self.preview.announce(config)
                self.state = self.preview.gather(root, site_context(root, config))
            else:
                self.state = _load_or_fail(root, config)
        else:
            self.state = self.driven
        # MkDocs dates the sitemap from SOURCE_DATE_EPOCH (else today): pin it for this build only.
        self._epoch = os.environ.get("SOURCE_DATE_EPOCH")
        os.environ["SOURCE_DATE_EPOCH"] = str(int(self.state.ctx.timestamp.timestamp()))
        config.extra_css.append(ASSETS[0])
        config.extra_javascript.append(ASSETS[1])
        apply_organisation(config, self.state.ctx.org)
        return config

    def on_env(self, env: jinja2.Environment, /, **_: Any) -> jinja2.Environment:
        """The theme's templates are compiled once and kept, as credgen's own are."""
        env.bytecode_cache = self._state().env.bytecode_cache
        return env

    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files:
        """Refuse hand-written files that are not the project's own; add every generated page
        and the site assets."""
        state = self._state()
        refused = _refuse_foreign_files(files, config, state.ctx.root)
        if refused and self.preview is not None:
            self.preview.problems += refused  # the preview lists them on every page instead
        elif refused:
            raise PluginError("\n".join(diagnostic.as_text() for diagnostic in refused))
        self._bodies = {}
        for src_uri, meta, body in _generated_pages(state, pdf=self.pdf):
            files.append(File.generated(config, src_uri, content=_front_matter(meta)))
            self._bodies[src_uri] = body
        for src_uri, markdown in _reference_pages().items():
            files.append(File.generated(config, src_uri, content=markdown))
        for asset in ASSETS:
            source = state.env.loader.get_source(state.env, asset)[0]  # type: ignore[union-attr]
            files.append(File.generated(config, asset, content=source))
        if state.ctx.org.colours:
            files.append(File.generated(config, BRAND_CSS, content=brand_stylesheet(state.ctx.org.colours)))
        return files

    def on_page_markdown(self, markdown: str, /, *, page: Page, **_: Any) -> str:
        """Generated pages skip Markdown; the home page gets the latest changes."""
        state = self._state()
        if page.file.src_uri in self._bodies:
            source = _source_of(page.file.src_uri, state)
            page.edit_url = state.ctx.edit_url(source) if source else None
            return ""
        if page.file.src_uri in REFERENCE_PAGES:
            page.edit_url = None  # generated from the code: there is no page source to edit
        if LATEST_MARKER in markdown:
            base = "../" * page.file.dest_uri.count("/")
            latest = self._rendered(lambda: pages.render_latest(state.env, state.rows, base=base))
            return markdown.replace(LATEST_MARKER, latest)
        return markdown

    def on_page_content(self, html: str, /, *, page: Page, **_: Any) -> str:
        """The body of a generated page, and its table of contents."""
        body = self._bodies.get(page.file.src_uri)
        if body is None:
            return scrolling_tables(html)
        content = self._rendered(body)
        page.toc = toc_from_html(content)
        return content

    def _rendered(self, render: Callable[[], str]) -> str:
        """What `render` makes; under `serve`, a template error becomes the page's content (and
        is listed on every page) instead of stopping the rebuild, which would hang the browser."""
        try:
            return render()
        except RenderError as error:
            if self.preview is None:
                raise
            return self.preview.unrendered(error)

    def on_post_page(self, output: str, /, **_: Any) -> str:
        """Under `serve`, every page lists the current errors (if any)."""
        return self.preview.overlay(output) if self.preview is not None else output

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        """Under a plain `mkdocs build`, index the site for search; under `serve`, say so."""
        self._restore_epoch()
        if self.preview is not None:
            self.preview.rebuilt()
        if self.driven is None and self.config.search:
            index_site(Path(config.site_dir))

    def on_build_error(self, **_: Any) -> None:
        """Leave the environment as it was found."""
        self._restore_epoch()

    def _restore_epoch(self) -> None:
        if self._epoch is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
        else:
            os.environ["SOURCE_DATE_EPOCH"] = self._epoch

    def on_serve(self, server: Any, /, **_: Any) -> Any:
        """Rebuild the preview when a spec or template changes, as well as the docs; refuse
        addresses no page has."""
        server.set_app(refuse_odd_paths(server.get_app()))
        root = self._state().ctx.root
        for folder in (root / "specs", root / "templates"):
            if folder.is_dir():
                server.watch(str(folder))
        return server

    def _state(self) -> SiteState:
        if self.state is None:  # pragma: no cover - MkDocs always calls on_config first
            raise PluginError("credgen: on_config has not run")
        return self.state


def _refuse_foreign_files(files: Files, config: MkDocsConfig, root: Path) -> list[Diagnostic]:
    """Hand-written pages (`site/docs`) and theme overrides must be regular files inside the
    project reached without a link, as `credgen.load.files` requires of every file credgen
    reads: a link to `/proc/self/environ` would otherwise be published. Refused pages are
    dropped; the result says why each file was refused."""
    refused = []
    for file in list(files):
        if file.generated_by is None and file.abs_src_path and _within(file.abs_src_path, config.docs_dir):
            reason = is_plain_file(Path(file.abs_src_path), root)
            if reason is not None:
                files.remove(file)
                refused.append(_refusal(file.abs_src_path, root, reason))
    for path in _override_files(config):
        reason = is_plain_file(path, root)
        if reason is not None:
            refused.append(_refusal(str(path), root, reason))
    return refused


def _within(path: str, folder: str) -> bool:
    return Path(path).absolute().is_relative_to(Path(folder).absolute())


def _override_files(config: MkDocsConfig) -> list[Path]:
    """Every entry under the theme's `custom_dir`, links included (they are not followed)."""
    custom = config.theme.custom_dir
    if not custom:
        return []
    found = []
    for folder, subfolders, names in os.walk(custom):
        found += [Path(folder, name) for name in names]
        found += [Path(folder, name) for name in subfolders if Path(folder, name).is_symlink()]
    return sorted(found)


def _refusal(path: str, root: Path, reason: str) -> Diagnostic:
    return Diagnostic(Path(os.path.relpath(path, root)).as_posix(), 1, 1, "CG013", reason)


def _load_or_fail(root: Path, config: MkDocsConfig) -> SiteState:
    """Load and validate for a plain `mkdocs build`; errors stop the build."""
    ctx = site_context(root, config)
    state, diagnostics = load_state(root, ctx)
    if state is not None:
        state.env.bytecode_cache = template_cache(root / "build" / ".cache" / "jinja")
    for diagnostic in diagnostics:
        log.error(diagnostic.as_text()) if diagnostic.severity == "error" else log.warning(
            diagnostic.as_text()
        )
    if state is None:
        raise PluginError("credgen: the specifications have errors (run 'credgen check')")
    return state


#: Reference pages generated from the code, as Markdown: the rules and the file formats.
REFERENCE_PAGES = ("reference/rules.md", "reference/format.md")


def _reference_pages() -> dict[str, str]:
    """Markdown of each page in `REFERENCE_PAGES`, from `credgen.site.reference`."""
    from credgen.site.reference import format_markdown, rules_markdown

    return dict(zip(REFERENCE_PAGES, (rules_markdown(), format_markdown()), strict=True))


def _front_matter(meta: dict[str, Any]) -> str:
    """YAML front matter; strings are HTML-escaped because Material prints titles unescaped."""
    escaped = {key: str(escape(value)) if isinstance(value, str) else value for key, value in meta.items()}
    return "---\n" + yaml.safe_dump(escaped, sort_keys=True, allow_unicode=True) + "---\n"


def _source_of(src_uri: str, state: SiteState) -> str | None:
    """The source file a generated page is made from (for "edit this page"), if there is one."""
    folder, _, name = src_uri.rpartition("/")
    stem = name.removesuffix(".md")
    corpus = state.corpus
    found: Document[Any] | None = None
    if folder == "credentials":
        found = corpus.credentials.get(stem)
    elif folder == "frameworks":
        found = corpus.frameworks.get(stem)
    elif src_uri == "glossary.md":
        found = corpus.glossary
    return found.path if found is not None else None


def _generated_pages(state: SiteState, *, pdf: bool) -> list[GeneratedPage]:
    """(src_uri, front matter, body renderer) for every generated page."""
    env, corpus = state.env, state.corpus
    found: list[GeneratedPage] = [
        (
            "credentials/index.md",
            {"title": "Credentials", "search_exclude": True, "hide": ["toc"]},
            lambda: pages.render_catalogue(env, state.rows, corpus, pdf=pdf),
        ),
        ("frameworks/index.md", {"title": "Frameworks"}, lambda: pages.render_frameworks_index(env, corpus)),
        (
            "search.md",
            {"title": "Search", "search_exclude": True, "hide": ["toc"]},
            lambda: pages.render_search(env),
        ),
    ]
    if corpus.glossary is not None:
        found.append(("glossary.md", {"title": "Glossary"}, lambda: pages.render_glossary(env, corpus)))
    for framework_id, framework in corpus.frameworks.items():
        meta = {"title": framework.model.title}
        found.append((f"frameworks/{framework_id}.md", meta, _framework_body(state, framework.model)))
    for slug, spec in corpus.credentials.items():
        meta = {"title": spec.model.title, "description": _description(spec.model)}
        found.append((f"credentials/{slug}.md", meta, _credential_body(state, slug, pdf=pdf)))
    # Frozen published versions and "changes since" pages, from git history.
    found += versions.version_pages(state, pdf=pdf)
    # The provider directory and one page per education provider.
    found += provider_pages(env, corpus)
    return found


def _framework_body(state: SiteState, framework: Framework) -> Callable[[], str]:
    """The body renderer of one framework page."""
    return lambda: pages.render_framework(state.env, state.corpus, framework)


def _credential_body(state: SiteState, slug: str, *, pdf: bool) -> Callable[[], str]:
    """The body renderer of one credential page."""
    from credgen.delivery.site import render_where_to_study
    from credgen.render.templates import render_credential_body

    def body() -> str:
        document = state.corpus.credentials[slug]
        content = render_credential_body(
            state.env,
            document,
            state.corpus,
            state.ctx,
            endorsement=state.endorsements.get(slug),
            base_url="../../",
            updated=state.updated[slug],
            pdf=pdf,
            study=render_where_to_study(state.env, state.corpus, slug, base_url="../../"),
        )
        return content + versions.render_history(state, slug, pdf=pdf)

    return body


def _description(spec: Credential) -> str:
    """The meta description: what the page is, in one line."""
    status = str(spec.status).replace("-", " ")
    illustrative = "Illustrative " if spec.illustrative else ""
    return f"{illustrative}credential specification ({status}), version {spec.version}: {spec.area}."
