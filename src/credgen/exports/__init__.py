"""The exports stage: open data for registries, analysts and feed readers.

    write_exports() = gather (history, ledger, derived view) → render every file → write

Everything is computed in memory before the first file is written. Output is deterministic:
sorted keys, dates from git, the ledger or `ctx` (never the clock), UUIDs derived from stable
ids. Files, relative to the site root:

- `api/v1/index.json`, `catalogue.json`, `credentials/<slug>.json`,
  `credentials/<slug>/v/<version>.json`, `frameworks/<id>.json`, `mapping.csv`, and their
  JSON Schemas in `api/v1/schema/` (generated from `credgen.exports.models`);
- `api/v1/openbadges/<slug>.json`: Open Badges 3.0 Achievement (JSON-LD);
- `api/v1/ctdl/frameworks/<id>.json`, `api/v1/ctdl/credentials/<slug>.json`: Credential Engine
  CTDL / CTDL-ASN JSON-LD (see `credgen.exports.ctdl`);
- `api/v1/case/<id>.json` and `api/v1/case/credentials/<slug>.json`: 1EdTech CASE packages;
- `api/v1/providers.json`, `providers/<id>.json`, `delivery.json`, `delivery.csv`: education
  providers and approved delivery plans (see `credgen.delivery.opendata`);
- `feed.xml`: Atom feed of changes (delivery approvals and quality reviews included);
- `api/v1/endorsements.json`: the chain head of every endorsement ledger (`credgen.endorse.publish`);
- `credentials/<slug>/citation.bib`, `.ris`, `.txt`.
"""

from __future__ import annotations

from pathlib import Path

from credgen.context import BuildContext
from credgen.endorse.publish import ENDORSEMENTS_JSON, endorsements_json
from credgen.exports.api import api_files, to_json
from credgen.exports.case import credential_package, framework_package
from credgen.exports.citation import citation_files
from credgen.exports.ctdl import ctdl_files
from credgen.exports.feed import feed_xml
from credgen.exports.gather import CredentialFacts, gather
from credgen.exports.integrity import Signer
from credgen.exports.jsonld import achievement
from credgen.history.git import last_changed
from credgen.load.documents import Corpus

__all__ = ["export_files", "write_exports"]


def write_exports(corpus: Corpus, ctx: BuildContext, site_dir: Path) -> None:
    """Write every export of `corpus` under `site_dir`, signed with the configured key if any."""
    files = export_files(corpus, ctx, signer=Signer.from_environment())
    for relpath, text in files.items():
        target = site_dir / relpath
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(text.encode("utf-8"))


def export_files(corpus: Corpus, ctx: BuildContext, *, signer: Signer | None = None) -> dict[str, str]:
    """Every export as text, by path relative to the site root, in path order.

    `signer` signs the Open Badges endorsements (`eddsa-rdfc-2022`); without it they are unsigned.
    """
    from credgen.delivery.opendata import delivery_events, delivery_files  # it builds on this package

    # Gather: history, ledger and derived data for each credential, once.
    facts = gather(corpus, ctx)
    # Render: the JSON API, the standard vocabularies, the feed and the citations.
    files = api_files(corpus, facts, ctx)
    files |= _standard_files(corpus, facts, ctx, signer)
    files |= ctdl_files(corpus, facts, ctx)
    files["feed.xml"] = feed_xml(facts, ctx, delivery_events(corpus, ctx))
    files[ENDORSEMENTS_JSON] = endorsements_json(corpus.root)
    # Delivery: providers, approved plans and delivery.csv.
    files |= delivery_files(corpus, ctx)
    for fact in facts:
        files |= citation_files(fact, ctx)
    return dict(sorted(files.items()))


def _standard_files(
    corpus: Corpus, facts: list[CredentialFacts], ctx: BuildContext, signer: Signer | None
) -> dict[str, str]:
    """Open Badges 3.0 and CASE documents."""
    changed = last_changed(corpus.root)
    files = {}
    for framework_id, document in sorted(corpus.frameworks.items()):
        when = changed[document.path].when if document.path in changed else ctx.timestamp
        files[f"api/v1/case/{framework_id}.json"] = to_json(framework_package(document.model, ctx, when))
    for fact in facts:
        when = fact.last_changed or ctx.timestamp
        files[f"api/v1/case/credentials/{fact.slug}.json"] = to_json(credential_package(fact, ctx, when))
        files[f"api/v1/openbadges/{fact.slug}.json"] = to_json(achievement(fact, ctx, signer))
    return files
