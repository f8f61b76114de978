"""The print document of one specification, as one HTML string for WeasyPrint.

It wraps the shared content body (the same HTML as the website page, from
`credgen.render.render_credential_body`) with what only print needs: a cover, a contents page,
a status watermark when the version is not endorsed, and the document metadata. Everything
shown is computed here; `pdf/document.html.j2` only lays it out.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import importlib.metadata
import urllib.parse
from typing import TYPE_CHECKING

from markupsafe import Markup, escape

from credgen.models.credential import Credential, Status
from credgen.pdf.outline import Heading, outline_of
from credgen.render.templates import (
    credential_links,
    format_date,
    render_credential_body,
    render_template,
    render_view,
    status_label,
    version_links,
    version_view,
)

if TYPE_CHECKING:
    import jinja2

    from credgen.context import BuildContext
    from credgen.endorse.ledger import LedgerEntry
    from credgen.history.versions import VersionRecord
    from credgen.load.documents import Corpus, Document
    from credgen.pdf.provenance import Provenance
    from credgen.project.config import Organisation

#: Licences by SPDX id: (name, deed URL). Others are shown by id, linked to their SPDX page.
LICENCES = {
    "CC-BY-4.0": ("Creative Commons Attribution 4.0", "https://creativecommons.org/licenses/by/4.0/"),
    "CC-BY-SA-4.0": (
        "Creative Commons Attribution-ShareAlike 4.0",
        "https://creativecommons.org/licenses/by-sa/4.0/",
    ),
    "CC0-1.0": ("Creative Commons Zero 1.0", "https://creativecommons.org/publicdomain/zero/1.0/"),
    "OGL-UK-3.0": (
        "Open Government Licence v3.0",
        "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/",
    ),
}

#: Statuses that keep a watermark even with an endorsement on record.
_RETIRED = {Status.SUPERSEDED, Status.WITHDRAWN}


@dataclasses.dataclass(frozen=True, slots=True)
class Frozen:
    """A published version printed from git history, and the version that is current now."""

    record: VersionRecord
    current: str
    """The version the credential's page shows (the work tree's)."""


@dataclasses.dataclass(frozen=True, slots=True)
class PrintSource:
    """Everything one print document is made from, besides the corpus and build context."""

    slug: str
    document: Document[Credential]
    """The credential's current file (its path names the source of a frozen version too)."""

    endorsement: LedgerEntry | None
    provenance: Provenance
    frozen: Frozen | None = None
    """Set to print a published version's own text instead of the current one."""

    @property
    def spec(self) -> Credential:
        """The text printed: the frozen version's, else the current file's."""
        return self.frozen.record.credential if self.frozen else self.document.model


@dataclasses.dataclass(frozen=True, slots=True)
class Fact:
    """One row of the cover's "About this document" table."""

    label: str
    value: str
    url: str | None = None
    note: str | None = None


@dataclasses.dataclass(frozen=True, slots=True)
class Metadata:
    """The PDF's document information, written as `<meta>` elements that WeasyPrint reads."""

    title: str
    authors: list[str]
    subject: str
    keywords: list[str]
    generator: str
    created: str


@dataclasses.dataclass(frozen=True, slots=True)
class Cover:
    """What the cover, running footer and colophon show besides the title."""

    status: str
    running_notice: str
    facts: list[Fact]
    source_path: str
    commit: str | None
    commit_url: str | None
    canonical_url: str
    current_version: str | None = None
    """Set on a frozen version: the version that is current now."""

    current_url: str | None = None
    """The credential's page, which always shows the current version."""


@dataclasses.dataclass(frozen=True, slots=True)
class Watermark:
    """The status printed faintly across every page of a version that is not endorsed."""

    lines: tuple[str, ...]
    uri: Markup


def canonical_url(ctx: BuildContext, slug: str, spec: Credential) -> str:
    """The specification's website page: the canonical URL printed on the cover."""
    return ctx.url(credential_links(slug, spec)["page"])


def print_url(ctx: BuildContext, source: PrintSource) -> str:
    """The canonical URL of what is printed: a frozen version's own page, else the credential's."""
    if source.frozen:
        return ctx.url(version_links(source.slug, source.frozen.record.version)["page"])
    return canonical_url(ctx, source.slug, source.spec)


def print_html(env: jinja2.Environment, corpus: Corpus, ctx: BuildContext, source: PrintSource) -> str:
    """The complete print document of one specification."""
    spec = source.spec
    body = content_body(env, corpus, ctx, source)
    endorsed = source.endorsement is not None
    values = {
        "spec": spec,
        "meta": _metadata(spec, source.provenance, source.frozen, ctx.org),
        "org": ctx.org,
        "cover": _cover(spec, corpus, ctx, source),
        "outline": [*outline_of(body), Heading(2, "colophon", "About this PDF")],
        "endorsed": endorsed,
        "watermark": _watermark(spec.status, endorsed=endorsed),
        "body": Markup(body),
    }
    return render_template(env, "pdf/document.html.j2", values)


def content_body(env: jinja2.Environment, corpus: Corpus, ctx: BuildContext, source: PrintSource) -> str:
    """The shared content HTML: the website page's body, with absolute links."""
    provenance = source.provenance
    if source.frozen:
        return _frozen_body(env, corpus, ctx, source, source.frozen.record)
    return render_credential_body(
        env,
        source.document,
        corpus,
        ctx,
        endorsement=source.endorsement,
        updated=provenance.date.date() if provenance.commit else None,
        pdf=True,
        for_print=True,
    )


def _frozen_body(
    env: jinja2.Environment, corpus: Corpus, ctx: BuildContext, source: PrintSource, record: VersionRecord
) -> str:
    """The frozen version page's body: the version's own text, JSON and source commit."""
    view = version_view(
        source.slug,
        source.document.path,
        record.credential,
        corpus,
        ctx,
        commit=record.final_commit,
        updated=record.final_date.date(),
    )
    return render_view(env, view, ctx, endorsement=source.endorsement, pdf=True, for_print=True)


@functools.cache
def generator() -> str:
    """`credgen <version>`, recorded as the PDF's creator."""
    return f"credgen {importlib.metadata.version('credgen')}"


def _metadata(spec: Credential, provenance: Provenance, frozen: Frozen | None, org: Organisation) -> Metadata:
    """Title, authors, subject and keywords; the date is the source commit's."""
    subject = (
        f"Advanced practice credential specification: {spec.area}; "
        f"version {spec.version}, {status_label(spec.status).lower()}."
    )
    if frozen:
        subject += f" A published version kept as it was; the current version is {frozen.current}."
    if spec.illustrative:
        subject += f" Illustrative example, not a {org.short_name}-endorsed specification."
    keywords = [*spec.keywords, spec.area, "advanced practice", "credential specification"]
    return Metadata(
        title=f"{spec.title}: credential specification, version {spec.version}",
        authors=[author.name for author in spec.authors],
        subject=subject,
        keywords=list(dict.fromkeys(keywords)),
        generator=generator(),
        created=provenance.date.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
    )


def _cover(spec: Credential, corpus: Corpus, ctx: BuildContext, source: PrintSource) -> Cover:
    """The cover facts: version, status, dates, licence, canonical URL and source commit."""
    url, page = print_url(ctx, source), canonical_url(ctx, source.slug, spec)
    commit = source.provenance.commit
    commit_url = f"{ctx.repo_url}/commit/{commit}" if commit else None
    status = status_label(spec.status)
    facts = [
        *_version_facts(spec, source, page),
        Fact("Status", status if source.endorsement else f"{status} (not endorsed)"),
        *_date_facts(spec),
        _licence_fact(spec.licence),
        Fact("Canonical URL", url, url=url),
        _source_fact(source.provenance, commit_url),
        _endorsement_fact(source.endorsement),
        Fact("Framework", _framework_name(spec, corpus)),
        *_supersession_facts(spec, ctx),
    ]
    notice = _running_notice(spec, source.frozen, ctx.org, endorsed=source.endorsement is not None)
    current = source.frozen.current if source.frozen else None
    return Cover(status, notice, facts, source.document.path, commit, commit_url, url, current, page)


def _version_facts(spec: Credential, source: PrintSource, page: str) -> list[Fact]:
    """This version and, for a frozen one, the version that is current now (at `page`)."""
    if source.frozen is None:
        return [Fact("Version", spec.version)]
    return [
        Fact("Version", spec.version, note="(a published version, kept as it was)"),
        Fact("Current version", source.frozen.current, url=page),
    ]


def _running_notice(spec: Credential, frozen: Frozen | None, org: Organisation, *, endorsed: bool) -> str:
    """The footer of every page: frozen, illustrative, not endorsed, or no longer current."""
    parts = [f"Version {spec.version}, not the current version ({frozen.current})"] if frozen else []
    parts += ["Illustrative example"] if spec.illustrative else []
    if not endorsed:
        parts += ["Not endorsed", status_label(spec.status)]
    elif spec.status in _RETIRED:
        parts.append(status_label(spec.status))
    if spec.illustrative and endorsed:
        parts.append(f"Not a {org.short_name} endorsement")
    return " · ".join(parts)


def _date_facts(spec: Credential) -> list[Fact]:
    """Published (or not yet) and, when set, review due."""
    dates = spec.dates
    facts = [Fact("Published", format_date(dates.published) if dates.published else "Not yet published")]
    if dates.review_due:
        facts.append(Fact("Review due", format_date(dates.review_due)))
    return facts


def _licence_fact(spdx: str) -> Fact:
    name, url = LICENCES.get(spdx, (spdx, f"https://spdx.org/licenses/{spdx}.html"))
    return Fact("Licence", f"{name} ({spdx})" if name != spdx else spdx, url=url)


def _source_fact(provenance: Provenance, commit_url: str | None) -> Fact:
    if provenance.commit is None:
        return Fact("Source commit", "none (not under version control)")
    changes = ", with uncommitted changes" if provenance.modified else ""
    return Fact("Source commit", provenance.commit, commit_url, f"({format_date(provenance.date)}{changes})")


def _endorsement_fact(entry: LedgerEntry | None) -> Fact:
    """The pull request that endorsed this version, or that none did."""
    if entry is None:
        return Fact("Endorsement", "none recorded for this version")
    merged = format_date(entry.merged_at)
    return Fact("Endorsement", f"pull request #{entry.pr_number}", entry.pr_url, f"(merged {merged})")


def _framework_name(spec: Credential, corpus: Corpus) -> str:
    framework = corpus.frameworks.get(spec.framework)
    return framework.model.short_title if framework else spec.framework


def _supersession_facts(spec: Credential, ctx: BuildContext) -> list[Fact]:
    """Links to the specification this one replaces, or that replaces it."""
    facts = []
    for label, slug in (("Supersedes", spec.supersedes), ("Superseded by", spec.superseded_by)):
        if slug:
            facts.append(Fact(label, slug, url=ctx.url(f"credentials/{slug}/")))
    return facts


def _watermark(status: Status, *, endorsed: bool) -> Watermark | None:
    """The words "not endorsed" and the status across every page, unless endorsed and current."""
    if endorsed and status not in _RETIRED:
        return None
    label = status_label(status).upper()
    lines = (label,) if endorsed else ("NOT ENDORSED", label)
    svg = _watermark_svg(lines)
    return Watermark(lines, Markup("data:image/svg+xml," + urllib.parse.quote(svg, safe="")))


def _watermark_svg(lines: tuple[str, ...]) -> str:
    """An A4-proportioned SVG with `lines` written diagonally in faint red."""
    texts = "".join(
        f'<text x="300" y="{410 + 80 * index}" font-size="{84 if index == 0 else 56}">{escape(line)}</text>'
        for index, line in enumerate(lines)
    )
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" width="600" height="850" viewBox="0 0 600 850">'
        '<g transform="rotate(-55 300 425)" text-anchor="middle" font-family="Source Sans Pro" '
        f'font-weight="bold" fill="#d5281b" fill-opacity="0.14">{texts}</g></svg>'
    )
