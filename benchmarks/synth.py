"""Generate a synthetic corpus of valid, realistically sized specifications for benchmarks.

    python -m benchmarks.synth OUT_DIR --count 1000

Each specification has 6 domains, 18 capabilities with 3 statements each, 14 outcomes,
4 assessment methods and 2 EPAs (about the size of the largest example), and maps to all
four MPF pillars. Text is varied per spec so search indexes are not trivially small.
"""

from __future__ import annotations

import argparse
import random
import shutil
from pathlib import Path

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


def make_corpus(out: Path, count: int, *, seed: int = 7) -> Path:
    """A project at `out` with the real frameworks, glossary and panel and `count` synthetic specs."""
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
        (folder / "credential.yaml").write_text(synthetic_spec(index, rng), encoding="utf-8")
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--count", type=int, default=1000)
    args = parser.parse_args()
    make_corpus(args.out, args.count)
    print(f"wrote {args.count} specifications under {args.out / 'specs'}")


if __name__ == "__main__":
    main()
