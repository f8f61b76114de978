"""Generate a synthetic corpus of valid, realistically sized specifications for benchmarks.

    python -m benchmarks.synth OUT_DIR --count 1000 [--endorsed] [--plans 5]

Each specification has 6 domains, 18 capabilities with 3 statements each, 14 outcomes,
4 assessment methods and 2 EPAs (about the size of the largest example), and maps to all
four MPF pillars. Text is varied per spec so search indexes are not trivially small.

With `--endorsed`, every specification is endorsed, with a ledger entry; with `--plans N` (which
implies `--endorsed`, as only an endorsed version can be delivered), N synthetic providers each
have an approved delivery plan for every specification (two 30-credit modules covering every
capability and outcome), and one plan in five has an annual quality review.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import shutil
from pathlib import Path

from credgen.endorse.canonical import spec_sha256_of_text
from credgen.endorse.ledger import Approval, LedgerEntry, entry_text, new_ledger_text
from credgen.models.panel import PanelRole

REPO = Path(__file__).resolve().parent.parent

WORDS = [
    "assessment",
    "reasoning",
    "frailty",
    "delirium",
    "capacity",
    "risk",
    "escalation",
    "prescribing",
    "deprescribing",
    "safeguarding",
    "carers",
    "community",
    "hospital",
    "urgent",
    "planned",
    "multimorbidity",
    "rehabilitation",
    "falls",
    "nutrition",
    "pain",
    "breathlessness",
    "anxiety",
    "recovery",
    "leadership",
    "supervision",
    "audit",
    "evidence",
    "quality",
    "improvement",
    "education",
    "coaching",
    "governance",
    "inequality",
    "inclusion",
    "advocacy",
    "communication",
    "uncertainty",
    "complexity",
    "diagnostics",
    "imaging",
    "pharmacology",
    "ethics",
    "consent",
    "population",
    "outcomes",
    "pathway",
    "integration",
    "networks",
    "research",
    "appraisal",
    "dissemination",
]

PROFESSIONS = ["nursing", "paramedicine", "pharmacy", "physiotherapy", "occupational-therapy", "dietetics"]
MPF = [f"{p}.{c}" for p, n in ((1, 11), (2, 11), (3, 8), (4, 8)) for c in range(1, n + 1)]


def _sentence(rng: random.Random, words: int = 14) -> str:
    picked = [rng.choice(WORDS) for _ in range(words)]
    return (" ".join(picked)).capitalize() + "."


def synthetic_spec(index: int, rng: random.Random) -> str:
    """The YAML text of synthetic specification number `index`."""
    lines = [
        "# yaml-language-server: $schema=../../../schema/credential.schema.json",
        f"title: Synthetic credential {index:04d} {rng.choice(WORDS)}",
        'version: "1.0.0"',
        "status: candidate",
        "illustrative: true",
        f"summary: >-\n  {_sentence(rng, 40)} It is an illustrative example.",
        f"area: Area {index % 37}",
        "need:",
        f"  population: {_sentence(rng, 30)}",
        f"  service: {_sentence(rng, 30)}",
        f"  workforce: {_sentence(rng, 30)}",
        f"scope: {_sentence(rng, 40)}",
        "professions:",
        *[f"  - {p}" for p in rng.sample(PROFESSIONS, 3)],
        f"entry_requirements: {_sentence(rng, 20)}",
        "academic_level: 7",
        "credits: 60",
        "notional_hours: 600",
        "framework: mpf-2017",
        "domains:",
    ]
    capability_ids: list[str] = []
    for d in range(6):
        letter = "ABCDEF"[d]
        lines += [
            f"  - id: {letter}",
            f"    code: {letter}",
            f"    title: Domain {letter} {rng.choice(WORDS)}",
        ]
        lines += [f"    description: {_sentence(rng, 20)}", "    capabilities:"]
        for c in range(1, 4):
            cid = f"{letter}{c}"
            capability_ids.append(cid)
            pillar_refs = [*rng.sample(MPF, 2), MPF[(d * 3 + c) % len(MPF)]]
            lines += [
                f"      - id: {cid}",
                f"        title: {rng.choice(WORDS).capitalize()} and {rng.choice(WORDS)}",
                f"        description: {_sentence(rng, 25)}",
                "        mpf:",
                *[f"          - mpf-2017:{ref}" for ref in dict.fromkeys(pillar_refs)],
                "        statements:",
            ]
            for s in range(1, 4):
                lines += [f"          - id: {cid}-s{s}", f'            code: "{c}.{s}"']
                lines += [f"            text: {_sentence(rng, 22)}"]
    lines.append("outcomes:")
    for o in range(1, 15):
        targets = capability_ids[(o - 1) * 18 // 14 : o * 18 // 14 + 1] or [capability_ids[-1]]
        lines += [f"  - id: LO{o}", f"    text: {_sentence(rng, 25)}", "    capabilities:"]
        lines += [f"      - {t}" for t in targets]
    lines.append("epas:")
    for e in range(1, 3):
        lines += [
            f"  - id: EPA{e}",
            f"    title: Activity {e} {rng.choice(WORDS)}",
            "    capabilities: [A1, B1]",
        ]
    lines.append("assessment:")
    for a in range(1, 5):
        outcomes = [f"LO{o}" for o in range(a, 15, 4)]
        lines += [f"  - id: AS{a}", f"    title: Method {a}", f"    description: {_sentence(rng, 25)}"]
        lines += ["    weighting: 25", "    outcomes:", *[f"      - {o}" for o in outcomes]]
    lines += [
        f"learning_experience: {_sentence(rng, 40)}",
        f"links_to_other_provision: {_sentence(rng, 30)}",
        "authors:",
        f"  - name: Author {index}",
        f"    login: synthetic-author-{index}",
        "dates:",
        "  created: 2024-01-01",
        "  published: 2024-06-01",
        "  review_due: 2027-06-01",
        "licence: CC-BY-4.0",
        "keywords: [synthetic, benchmark]",
    ]
    return "\n".join(lines) + "\n"


def make_corpus(out: Path, count: int, *, seed: int = 7, endorsed: bool = False, plans: int = 0) -> Path:
    """A project at `out` with the real frameworks, glossary and panel and `count` synthetic specs
    (endorsed, with ledgers, when `endorsed` or `plans`; `plans` providers delivering each)."""
    rng = random.Random(seed)
    if out.exists():
        shutil.rmtree(out)
    specs = out / "specs"
    shutil.copytree(REPO / "specs" / "frameworks", specs / "frameworks")
    for name in ("glossary.yaml", "panel.yaml"):
        shutil.copy(REPO / "specs" / name, specs / name)
    for index in range(count):
        folder = specs / "credentials" / f"synthetic-{index:04d}"
        folder.mkdir(parents=True)
        text = synthetic_spec(index, rng)
        if endorsed or plans:
            text = text.replace("status: candidate", "status: endorsed", 1)
            _write_ledger(
                specs / "endorsements" / f"{folder.name}.yaml", folder.name, text, "credential.yaml"
            )
        (folder / "credential.yaml").write_text(text, encoding="utf-8")
    for number in range(plans):
        _write_provider(specs, number, count)
    return out


def _approval(text: str, path: str, *, role: PanelRole, login: str) -> LedgerEntry:
    """A ledger entry approving `text`, as `credgen endorse record` or `approve record` writes it."""
    moment = dt.datetime(2025, 1, 6, 12, 0, tzinfo=dt.UTC)
    approvals = [
        Approval(
            login=who,
            name=f"Reviewer {who}",
            role=what,
            review_id=1 + i,
            commit_id="a" * 40,
            submitted_at=moment,
        )
        for i, (who, what) in enumerate(((login, role), ("reviewer-clinical-1", PanelRole.CLINICAL)))
    ]
    version = text.split('version: "', 1)[1].split('"', 1)[0]
    return LedgerEntry(
        version=version,
        spec_sha256=spec_sha256_of_text(text, path),
        pr_number=1,
        pr_url="https://github.com/example/credgen/pull/1",
        pr_author="synthetic-editor",
        head_commit="a" * 40,
        merge_commit="b" * 40,
        merged_at=moment,
        approvals=approvals,
    )


def _write_ledger(path: Path, label: str, text: str, shown_as: str, *, plan: bool = False) -> None:
    role, login = (
        (PanelRole.QUALITY, "quality-reviewer-1") if plan else (PanelRole.ACADEMIC, "reviewer-academic-1")
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    entry = _approval(text, shown_as, role=role, login=login)
    path.write_text(new_ledger_text(label) + entry_text(entry), encoding="utf-8")


def _write_provider(specs: Path, number: int, count: int) -> None:
    """Synthetic provider `number` and its approved plan for each of the `count` specifications."""
    provider = f"synthetic-provider-{number}"
    regions = ["london", "midlands", "north-west", "south-west", "east-of-england"]
    (specs / "providers").mkdir(exist_ok=True)
    (specs / "providers" / f"{provider}.yaml").write_text(
        f'name: Synthetic provider {number}\nukprn: "{19100000 + number}"\nillustrative: true\n'
        f"website: https://provider-{number}.example.ac.uk/\ncontact: https://provider-{number}.example.ac.uk/ask\n"
        f"regions:\n  - {regions[number % len(regions)]}\n",
        encoding="utf-8",
    )
    modes = ["part-time", "blended", "work-based", "full-time"]
    for index in range(count):
        slug = f"synthetic-{index:04d}"
        text = synthetic_plan(slug, modes[(number + index) % len(modes)])
        path = specs / "delivery" / provider / f"{slug}.yaml"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        ledger = path.with_name(f"{slug}.approvals.yaml")
        _write_ledger(ledger, f"{provider}/{slug}", text, path.name, plan=True)
        if (number + index) % 5 == 0:
            path.with_name(f"{slug}.reviews.yaml").write_text(_REVIEW, encoding="utf-8")


_REVIEW = """reviews:
  - date: 2026-01-10
    reviewer: Synthetic review panel
    outcome: met-with-conditions
    conditions:
      - text: Publish the assessment brief.
        due: 2026-04-30
    next_review: 2027-01-10
"""


def synthetic_plan(slug: str, mode: str) -> str:
    """A plan for synthetic specification `slug`: two modules covering every capability and outcome."""
    capabilities = [f"{letter}{c}" for letter in "ABCDEF" for c in range(1, 4)]
    lines = [
        f"credential: {slug}",
        'version: "1.0.0"',
        "illustrative: true",
        f"programme: Synthetic programme for {slug}",
        f"url: https://example.ac.uk/{slug}",
        "entry_routes: [standalone, within-accredited-msc]",
        "modules:",
    ]
    for m, (caps, outcomes) in enumerate(
        ((capabilities[:9], range(1, 8)), (capabilities[9:], range(8, 15))), 1
    ):
        los = ", ".join(f"LO{o}" for o in outcomes)
        lines += [
            f"  - id: M{m}",
            f"    title: Synthetic module {m}",
            f"    code: SYN{m:03d}",
            "    credits: 30",
            "    level: 7",
            f"    mode: {mode}",
            "    duration: one term",
            "    intakes: [September, January]",
            "    outcomes:",
            f"      - id: M{m}-LO1",
            "        text: Develops and demonstrates the capabilities of this module in practice.",
            f"        capabilities: [{', '.join(caps)}]",
            f"        statements: [{caps[0]}-s1, {caps[1]}-s2]",
            f"        outcomes: [{los}]",
            "    assessments:",
            f"      - id: M{m}-A1",
            "        title: Portfolio and viva",
            f"        assesses: [{los}]",
        ]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--endorsed", action="store_true", help="endorse every specification")
    parser.add_argument("--plans", type=int, default=0, help="approved delivery plans per specification")
    args = parser.parse_args()
    make_corpus(args.out, args.count, endorsed=args.endorsed, plans=args.plans)
    print(f"wrote {args.count} specifications under {args.out / 'specs'}")


if __name__ == "__main__":
    main()
