"""The generated pages of the website: catalogue, framework pages, glossary, search, latest changes.

Each function takes what it needs and returns HTML for the content area of one page; the
plugin decides where the page lives. Every page is a fixed-size shell plus its own content, so
adding specifications grows the catalogue and framework pages but no other page.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections import defaultdict

import jinja2

from credgen.delivery.site import catalogue_data
from credgen.delivery.site import catalogue_facets as delivery_facets
from credgen.load.documents import Corpus, Document
from credgen.models.credential import Capability, Credential, Status
from credgen.models.framework import Framework
from credgen.render.templates import credential_links, framework_anchor, profession_label, render_template


@dataclasses.dataclass(frozen=True, slots=True)
class CatalogueRow:
    """One credential as listed in the catalogue and in the latest changes."""

    slug: str
    spec: Credential
    framework: str
    updated: dt.date
    links: dict[str, str]
    data: dict[str, str]
    """`data-*` attributes the catalogue filters match against."""


@dataclasses.dataclass(frozen=True, slots=True)
class Facet:
    """One catalogue filter: a `<select>` named `name` with grouped options."""

    name: str
    label: str
    groups: list[tuple[str, list[tuple[str, str]]]]


@dataclasses.dataclass(frozen=True, slots=True)
class ReverseEntry:
    """A credential that maps to one framework capability, and through which capabilities."""

    slug: str
    title: str
    capabilities: list[Capability]


def area_key(area: str) -> str:
    """A URL-safe filter value for an area of practice."""
    return re.sub(r"[^a-z0-9]+", "-", area.casefold()).strip("-")


def catalogue_rows(corpus: Corpus, updated: dict[str, dt.date]) -> list[CatalogueRow]:
    """Every credential, sorted by title, with the values its filters match."""
    rows = [_row(slug, document, corpus, updated[slug]) for slug, document in corpus.credentials.items()]
    return sorted(rows, key=lambda row: (row.spec.title.casefold(), row.slug))


def _row(slug: str, document: Document[Credential], corpus: Corpus, updated: dt.date) -> CatalogueRow:
    spec = document.model
    framework = corpus.frameworks.get(spec.framework)
    refs = sorted(spec.mapped_refs())
    pillars = sorted({_pillar_of(ref, framework.model) for ref in refs} - {""}) if framework else []
    data = {
        "status": str(spec.status),
        "profession": " ".join(str(p) for p in spec.professions),
        "area": area_key(spec.area),
        "pillar": " ".join(pillars),
        "capability": " ".join(refs),
        **catalogue_data(corpus, slug),
    }
    short = framework.model.short_title if framework else spec.framework
    return CatalogueRow(slug, spec, short, updated, credential_links(slug, spec), data)


def _pillar_of(ref: str, framework: Framework) -> str:
    """The pillar code holding framework capability `ref`, or '' when unknown."""
    code = ref.partition(":")[2]
    for pillar in framework.pillars:
        if any(capability.code == code for capability in pillar.capabilities):
            return pillar.code
    return ""


def catalogue_facets(corpus: Corpus) -> list[Facet]:
    """The filters: status, profession, area, framework pillar and framework capability."""
    specs = [document.model for document in corpus.credentials.values()]
    statuses = [(str(s), str(s).replace("-", " ").capitalize()) for s in Status]
    professions = sorted({str(p) for spec in specs for p in spec.professions})
    areas = sorted({(area_key(spec.area), spec.area) for spec in specs}, key=lambda item: item[1].casefold())
    frameworks = [document.model for document in corpus.frameworks.values()]
    pillars: dict[str, str] = {}
    for framework in frameworks:
        for pillar in framework.pillars:
            pillars.setdefault(pillar.code, f"{pillar.code}. {pillar.title}")
    capabilities = [
        (
            f.short_title,
            [(f"{f.id}:{c.code}", f"{c.code} {c.title}") for p in f.pillars for c in p.capabilities],
        )
        for f in frameworks
    ]
    return [
        Facet("status", "Status", [("", statuses)]),
        Facet("profession", "Profession", [("", [(p, profession_label(p)) for p in professions])]),
        Facet("area", "Area of practice", [("", list(areas))]),
        Facet("pillar", "Framework pillar", [("", sorted(pillars.items()))]),
        Facet("capability", "Framework capability", capabilities),
        *(Facet(*facet) for facet in delivery_facets()),
    ]


def render_catalogue(env: jinja2.Environment, rows: list[CatalogueRow], corpus: Corpus, *, pdf: bool) -> str:
    """The catalogue at `/credentials/`."""
    values = {"rows": rows, "facets": catalogue_facets(corpus), "pdf": pdf}
    return render_template(env, "site/catalogue.html.j2", values)


def reverse_index(corpus: Corpus, framework_id: str) -> dict[str, list[ReverseEntry]]:
    """Framework capability code → the credentials (by title) that map to it."""
    found: dict[str, dict[str, list[Capability]]] = defaultdict(dict)
    for slug, document in corpus.credentials.items():
        for domain in document.model.domains:
            for capability in domain.capabilities:
                for ref in capability.mpf:
                    framework, _, code = ref.partition(":")
                    if framework == framework_id:
                        found[code].setdefault(slug, []).append(capability)
    titles = {slug: document.model.title for slug, document in corpus.credentials.items()}
    return {
        code: sorted(
            (ReverseEntry(slug, titles[slug], caps) for slug, caps in by_slug.items()),
            key=lambda entry: (entry.title.casefold(), entry.slug),
        )
        for code, by_slug in found.items()
    }


def render_framework(env: jinja2.Environment, corpus: Corpus, framework: Framework) -> str:
    """A framework page: its capabilities, each with the credentials that map to it."""
    using = [d for d in corpus.credentials.values() if d.model.framework == framework.id]
    values = {
        "framework": framework,
        "reverse": reverse_index(corpus, framework.id),
        "using": using,
        "anchor": framework_anchor,
    }
    return render_template(env, "site/framework.html.j2", values)


def render_frameworks_index(env: jinja2.Environment, corpus: Corpus) -> str:
    """The list of frameworks at `/frameworks/`."""
    frameworks = [document.model for document in corpus.frameworks.values()]
    return render_template(env, "site/frameworks.html.j2", {"frameworks": frameworks})


def render_glossary(env: jinja2.Environment, corpus: Corpus) -> str:
    """The glossary from `specs/glossary.yaml`."""
    terms = corpus.glossary.model.terms if corpus.glossary else []
    names = {term.id: term.term for term in terms}
    return render_template(env, "site/glossary.html.j2", {"terms": terms, "names": names})


def render_latest(env: jinja2.Environment, rows: list[CatalogueRow], *, base: str, limit: int = 8) -> str:
    """The most recently changed specifications, newest first (for the home page)."""
    latest = sorted(rows, key=lambda row: (row.updated, row.slug), reverse=True)[:limit]
    return render_template(env, "site/latest.html.j2", {"rows": latest, "base": base})


def render_search(env: jinja2.Environment) -> str:
    """The search page, driven by Pagefind's UI."""
    return render_template(env, "site/search.html.j2", {})
