"""Per-credential citation files: BibTeX, RIS and a suggested reference line.

Written to `credentials/<slug>/citation.bib`, `citation.ris` and `citation.txt` beside the web
page. The reference line is the website's own (`credgen.render.templates`), so page and files agree. No
access date is written: it would come from the clock.
"""

from __future__ import annotations

import re

from credgen.context import BuildContext
from credgen.exports.cells import neutralise_cell
from credgen.exports.gather import CredentialFacts

_BIBTEX_SPECIAL = re.compile(r"([&%$#_{}])")
_BIBTEX_WORDS = {"~": r"\textasciitilde{}", "^": r"\textasciicircum{}", "\\": r"\textbackslash{}"}


def citation_files(fact: CredentialFacts, ctx: BuildContext) -> dict[str, str]:
    """The three citation files of one credential, by path relative to the site root."""
    folder = f"credentials/{fact.slug}/"
    return {
        folder + "citation.bib": bibtex(fact, ctx),
        folder + "citation.ris": ris(fact, ctx),
        folder + "citation.txt": fact.view.citation + "\n",
    }


def _year(fact: CredentialFacts) -> int:
    """Year of the current version: published, else created."""
    dates = fact.spec.dates
    return (dates.published or dates.created).year


def _note(fact: CredentialFacts, ctx: BuildContext) -> str:
    """The note field: what this is, and whether it is illustrative."""
    kind = "Credential specification"
    illustrative = f"Illustrative example; not a {ctx.org.short_name}-endorsed specification."
    return f"{kind}. {illustrative}" if fact.spec.illustrative else kind


def bibtex_escape(text: str) -> str:
    """Text safe inside a braced BibTeX field."""
    text = "".join(_BIBTEX_WORDS.get(char, char) for char in " ".join(text.split()))
    return _BIBTEX_SPECIAL.sub(r"\\\1", text)


def bibtex(fact: CredentialFacts, ctx: BuildContext) -> str:
    """A `@misc` entry keyed `<slug>-<version>`."""
    spec = fact.spec
    fields = [
        ("title", "{" + bibtex_escape(spec.title) + "}"),
        ("author", " and ".join("{" + bibtex_escape(a.name) + "}" for a in spec.authors)),
        ("year", str(_year(fact))),
        ("version", spec.version),
        ("howpublished", r"\url{" + ctx.url(f"credentials/{fact.slug}/") + "}"),
        ("url", ctx.url(f"credentials/{fact.slug}/")),
        ("note", bibtex_escape(_note(fact, ctx))),
        ("keywords", bibtex_escape(", ".join(spec.keywords))),
    ]
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields if value)
    return f"@misc{{{fact.slug}-{spec.version},\n{body}\n}}\n"


def ris(fact: CredentialFacts, ctx: BuildContext) -> str:
    """An RIS record (type GEN), lines ending in CRLF as the format expects."""
    spec = fact.spec
    day = spec.dates.published or spec.dates.created
    tags = [("TY", "GEN"), ("TI", spec.title)]
    tags += [("AU", author.name) for author in spec.authors]
    tags += [("PY", str(_year(fact))), ("DA", day.strftime("%Y/%m/%d")), ("ET", f"Version {spec.version}")]
    tags += [("UR", ctx.url(f"credentials/{fact.slug}/")), ("LA", "en-GB"), ("N1", _note(fact, ctx))]
    tags += [("KW", keyword) for keyword in spec.keywords]
    tags.append(("ER", ""))
    return "".join(f"{tag}  - {neutralise_cell(' '.join(value.split()))}\r\n" for tag, value in tags)
