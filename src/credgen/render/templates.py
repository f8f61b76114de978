"""The render stage: one Jinja environment, and the functions that turn models into HTML.

Every template is found through `make_environment`, so a project can override any of them by
putting a file of the same name in its own `templates/` folder. The credential content
(`credential/body.html.j2`) is a partial shared by the website and the PDF.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

import jinja2
import markupsafe

from credgen.context import DEFAULT_TEMPLATES, BuildContext
from credgen.diff.html import redline_html
from credgen.exceptions import RenderError
from credgen.load.documents import Corpus, Document
from credgen.models.credential import Capability, Credential, Status
from credgen.models.framework import Framework, FrameworkCapability, Pillar
from credgen.render.loader import safe_loader
from credgen.render.markdown import render_inline, render_markdown

if TYPE_CHECKING:
    from credgen.endorse.ledger import LedgerEntry

_MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]

STATUS_LABELS = {
    Status.PROPOSED: "Proposed",
    Status.IN_DEVELOPMENT: "In development",
    Status.CANDIDATE: "Candidate",
    Status.ENDORSED: "Endorsed",
    Status.SUPERSEDED: "Superseded",
    Status.WITHDRAWN: "Withdrawn",
}


def template_cache(folder: Path) -> jinja2.BytecodeCache | None:
    """Compiled Jinja templates kept in `folder` (a rebuild skips compiling them); none if the
    folder cannot be made."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return jinja2.FileSystemBytecodeCache(str(folder))


def make_environment(root: Path) -> jinja2.Environment:
    """The Jinja environment: project templates first, then the packaged defaults."""
    # The project's own templates are read as project files; credgen's own from where it is installed.
    folders = {root / "templates": root, **{folder: folder for folder in DEFAULT_TEMPLATES}}
    unique = {folder.resolve(): inside for folder, inside in folders.items() if folder.is_dir()}
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader([safe_loader(folder, inside) for folder, inside in unique.items()]),
        undefined=jinja2.StrictUndefined,
        autoescape=jinja2.select_autoescape(["html", "html.j2", "xml", "xml.j2"], default=False),
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(
        markdown=render_markdown,
        inline=render_inline,
        date=format_date,
        status_label=status_label,
        profession_label=profession_label,
        join_names=join_names,
        redline=redline_html,
    )
    return env


# Filters -----------------------------------------------------------------------------------


def format_date(value: dt.date | dt.datetime | None) -> str:
    """`1 March 2024`; an empty string for None (no locale, so builds are reproducible)."""
    if value is None:
        return ""
    return f"{value.day} {_MONTHS[value.month - 1]} {value.year}"


def status_label(status: Status | str) -> str:
    """The reader-facing name of a lifecycle status."""
    return STATUS_LABELS[Status(status)]


def profession_label(profession: str) -> str:
    """`speech-and-language-therapy` → `Speech and language therapy`."""
    return profession.replace("-", " ").capitalize()


def join_names(names: Iterable[str]) -> str:
    """`A, B and C`."""
    items = list(names)
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1] if items else ""


# The credential view -----------------------------------------------------------------------


@dataclasses.dataclass(frozen=True, slots=True)
class MappedColumn:
    """One framework capability that at least one of the credential's capabilities maps to."""

    ref: str
    pillar: Pillar
    capability: FrameworkCapability


@dataclasses.dataclass(frozen=True, slots=True)
class RefLabel:
    """How a framework reference such as `mpf-2017:1.6` is shown and linked."""

    label: str
    """`MPF 2017 1.6`."""

    title: str
    """`MPF 2017 1.6: Clinical reasoning` (the code alone when the framework lacks it)."""

    anchor: str
    """Anchor on the framework page, `fw-1.6`."""


@dataclasses.dataclass(frozen=True, slots=True)
class PillarCoverage:
    """How much of one framework pillar a credential maps to."""

    pillar: Pillar
    covered: list[FrameworkCapability]
    missing: list[FrameworkCapability]


@dataclasses.dataclass(frozen=True, slots=True)
class CredentialView:
    """Everything the credential templates need beyond the model, computed once."""

    slug: str
    spec: Credential
    path: str
    framework: Framework | None
    capabilities: dict[str, Capability]
    outcome_codes: dict[str, str]
    refs: dict[str, RefLabel]
    columns: list[MappedColumn]
    mapped: dict[str, list[MappedColumn]]
    """Capability id → the columns it maps to, in framework order."""

    coverage: list[PillarCoverage]
    links: dict[str, str]
    updated: dt.date | None
    citation: str
    source: str
    """Web address of the source file: on the branch, or at `commit` for a frozen version."""

    edit: str | None
    """Web address of the file's editor; None for a frozen version (it cannot be edited)."""

    commit: str | None = None
    """For a frozen published version: the commit holding its text. None for the current text."""

    @property
    def not_endorsed(self) -> bool:
        """Whether the reader must be told this is not (or no longer) an endorsed specification."""
        return self.spec.status is not Status.ENDORSED


def framework_anchor(code: str) -> str:
    """The anchor of a framework capability on its framework page, e.g. `fw-1.6`."""
    return f"fw-{code}"


def _framework_lookup(framework: Framework | None) -> dict[str, tuple[Pillar, FrameworkCapability]]:
    """`mpf-2017:1.6` → (pillar, capability)."""
    if framework is None:
        return {}
    return {
        f"{framework.id}:{capability.code}": (pillar, capability)
        for pillar in framework.pillars
        for capability in pillar.capabilities
    }


def _ref_labels(spec: Credential, framework: Framework | None) -> dict[str, RefLabel]:
    """Every framework reference in the specification, with its label, title and anchor."""
    lookup = _framework_lookup(framework)
    short = framework.short_title if framework else spec.framework
    labels = {}
    for ref in spec.mapped_refs():
        code = ref.partition(":")[2]
        found = lookup.get(ref)
        title = f"{short} {code}: {found[1].title}" if found else f"{short} {code}"
        labels[ref] = RefLabel(f"{short} {code}", title, framework_anchor(code))
    return labels


def _mapped_columns(spec: Credential, framework: Framework | None) -> list[MappedColumn]:
    """Framework capabilities the credential maps to, in framework order."""
    mapped = spec.mapped_refs()
    return [
        MappedColumn(ref, pillar, capability)
        for ref, (pillar, capability) in _framework_lookup(framework).items()
        if ref in mapped
    ]


def _mapped_by_capability(spec: Credential, columns: list[MappedColumn]) -> dict[str, list[MappedColumn]]:
    """For each capability, the columns it maps to (for the print mapping, one row each)."""
    return {
        capability.id: [column for column in columns if column.ref in capability.mpf]
        for domain in spec.domains
        for capability in domain.capabilities
    }


def _coverage(framework: Framework | None, columns: list[MappedColumn]) -> list[PillarCoverage]:
    """Per pillar: which framework capabilities are mapped and which are left to other provision."""
    covered = {column.capability.code for column in columns}
    return [
        PillarCoverage(
            pillar,
            [c for c in pillar.capabilities if c.code in covered],
            [c for c in pillar.capabilities if c.code not in covered],
        )
        for pillar in (framework.pillars if framework else [])
    ]


def _citation(view_spec: Credential, url: str) -> str:
    """Plain-text citation of one version of a specification."""
    year = (view_spec.dates.published or view_spec.dates.created).year
    authors = join_names(author.name for author in view_spec.authors)
    kind = "illustrative credential specification" if view_spec.illustrative else "credential specification"
    return f"{authors} ({year}). {view_spec.title}, version {view_spec.version} [{kind}]. {url}"


def credential_links(slug: str, spec: Credential) -> dict[str, str]:
    """Site paths, relative to the site root, of the pages and files for one credential."""
    return {
        "page": f"credentials/{slug}/",
        "pdf": f"downloads/{slug}-{spec.version}.pdf",
        "docx": f"downloads/{slug}-{spec.version}.docx",
        "json": f"api/v1/credentials/{slug}.json",
        "openbadges": f"api/v1/openbadges/{slug}.json",
        "bib": f"credentials/{slug}/citation.bib",
        "ris": f"credentials/{slug}/citation.ris",
        "txt": f"credentials/{slug}/citation.txt",
        "framework": f"frameworks/{spec.framework}/",
        "catalogue": "credentials/",
    }


def version_links(slug: str, version: str) -> dict[str, str]:
    """Site paths of one published version: its frozen page, its JSON and its changes page."""
    return {
        "page": f"credentials/{slug}/v/{version}/",
        "json": f"api/v1/credentials/{slug}/v/{version}.json",
        "pdf": f"downloads/{slug}-{version}.pdf",
        "changes": f"credentials/{slug}/changes/{version}/",
        "current": f"credentials/{slug}/",
    }


def credential_view(
    document: Document[Credential], corpus: Corpus, ctx: BuildContext, *, updated: dt.date | None = None
) -> CredentialView:
    """Compute the derived data for one credential."""
    slug, path = Path(document.path).parent.name, document.path
    links = credential_links(slug, document.model)
    source, edit = ctx.source_url(path), ctx.edit_url(path)
    return _view(
        document.model,
        corpus,
        ctx,
        slug=slug,
        path=path,
        links=links,
        source=source,
        edit=edit,
        updated=updated,
    )


def version_view(
    slug: str,
    path: str,
    spec: Credential,
    corpus: Corpus,
    ctx: BuildContext,
    *,
    commit: str,
    updated: dt.date | None = None,
) -> CredentialView:
    """The derived data for a published version frozen at `commit` (from git history)."""
    links = credential_links(slug, spec) | version_links(slug, spec.version)
    source = f"{ctx.repo_url}/blob/{commit}/{path}"
    return _view(
        spec,
        corpus,
        ctx,
        slug=slug,
        path=path,
        links=links,
        source=source,
        edit=None,
        updated=updated,
        commit=commit,
    )


def _view(
    spec: Credential,
    corpus: Corpus,
    ctx: BuildContext,
    *,
    slug: str,
    path: str,
    links: dict[str, str],
    source: str,
    edit: str | None,
    updated: dt.date | None,
    commit: str | None = None,
) -> CredentialView:
    framework_doc = corpus.frameworks.get(spec.framework)
    framework = framework_doc.model if framework_doc else None
    columns = _mapped_columns(spec, framework)
    return CredentialView(
        slug=slug,
        spec=spec,
        path=path,
        framework=framework,
        capabilities={c.id: c for d in spec.domains for c in d.capabilities},
        outcome_codes={o.id: o.code or o.id for o in spec.outcomes},
        refs=_ref_labels(spec, framework),
        columns=columns,
        mapped=_mapped_by_capability(spec, columns),
        coverage=_coverage(framework, columns),
        links=links,
        updated=updated,
        citation=_citation(spec, ctx.url(links["page"])),
        source=source,
        edit=edit,
        commit=commit,
    )


# Rendering ---------------------------------------------------------------------------------


def render_template(env: jinja2.Environment, name: str, values: Mapping[str, Any]) -> str:
    """Render template `name`, turning template mistakes into a `RenderError`."""
    try:
        return env.get_template(name).render(values)
    except jinja2.TemplateError as error:
        where = f"{error.filename}:{error.lineno}: " if isinstance(error, jinja2.TemplateSyntaxError) else ""
        raise RenderError(f"{where}template '{name}' failed: {error}") from error


def render_credential_body(
    env: jinja2.Environment,
    document: Document[Credential],
    corpus: Corpus,
    ctx: BuildContext,
    *,
    endorsement: LedgerEntry | None = None,
    base_url: str | None = None,
    updated: dt.date | None = None,
    pdf: bool = True,
    for_print: bool = False,
    study: str | None = None,
) -> str:
    """The content HTML of one specification, shared by its web page and its PDF.

    Links to other site pages are made from `base_url` (a relative prefix such as `../../` on
    the website); by default they are absolute, from `ctx.site_url`, as a PDF needs. `pdf`
    says whether the PDF download exists and may be linked; `for_print` asks for the print
    forms of the parts that have one (see `render_view`). `study` is the website's rendered
    "Where to study" section (see `credgen.delivery.site`); the PDF has none.
    """
    view = credential_view(document, corpus, ctx, updated=updated)
    return render_view(
        env, view, ctx, endorsement=endorsement, base_url=base_url, pdf=pdf, for_print=for_print, study=study
    )


def render_view(
    env: jinja2.Environment,
    view: CredentialView,
    ctx: BuildContext,
    *,
    endorsement: LedgerEntry | None = None,
    base_url: str | None = None,
    pdf: bool = True,
    for_print: bool = False,
    study: str | None = None,
) -> str:
    """The content HTML of a prepared view: the current text, or a frozen version's
    (`version_view`), which links its own JSON and source commit and offers no edit link.

    `for_print` (the PDF) prints the framework mapping as one row per capability listing what it
    maps to, instead of the website's capability x framework matrix: the same facts, a fraction of
    the boxes to lay out, so a PDF renders much faster."""
    return render_template(
        env,
        "credential/body.html.j2",
        {
            "view": view,
            "spec": view.spec,
            "ctx": ctx,
            "endorsement": endorsement,
            "link": _linker(ctx, base_url),
            "pdf": pdf,
            "for_print": for_print,
            "framework_anchor": framework_anchor,
            "study": markupsafe.Markup(study.rstrip("\n")) if study else None,
        },
    )


def _linker(ctx: BuildContext, base_url: str | None) -> Any:
    """A function turning a site path into a link: relative to `base_url`, or absolute."""

    def link(path: str) -> str:
        return ctx.url(path) if base_url is None else base_url + path

    return link
