"""Website benchmark: credgen's site against a plain MkDocs Material site of the same pages.

    /tmp/venv/bin/python -m benchmarks.site_bench [--sizes 50 400 1000] [--repeat 3] [--keep DIR]

For each size N it generates N synthetic specifications (`benchmarks.synth`) and, in the same
run, a plain mkdocs-material site with one Markdown page per specification holding the same
text (default configuration: automatic navigation and the built-in search). It prints:

- build time: `credgen build --no-pdf` against `mkdocs build` of the plain site (target <= 1.3x),
  each the fastest of `--repeat` runs, the builds taking turns;
- average credential page size, and its growth from 50 to 400 specs (target <= 1.2x);
- search payload for one query at the largest N: bytes Chromium fetches from `pagefind/` for a
  query on the search page, against the size of Material's `search_index.json`, which its search
  loads whole (target < 1 MB).
"""

from __future__ import annotations

import argparse
import functools
import http.server
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
from pathlib import Path
from typing import Any

import yaml

from benchmarks.synth import REPO, make_corpus
from benchmarks.timing import best_of

QUERY = "delirium safeguarding"


#: The site stage alone: the real site configuration with the PDF and export stages switched off.
SITE_ONLY_YML = """INHERIT: mkdocs.yml
plugins:
  - credgen:
      root: ..
      pdf: false
      exports: false
"""


def make_project(root: Path, count: int) -> Path:
    """A credgen project with `count` synthetic specifications and the real site/ folder."""
    make_corpus(root, count)
    shutil.copytree(REPO / "site", root / "site", ignore=shutil.ignore_patterns(".cache"))
    (root / "site" / "site-only.yml").write_text(SITE_ONLY_YML, encoding="utf-8")
    return root


def plain_page(spec: dict[str, Any]) -> str:
    """The same text as a credential page, as plain Markdown."""
    lines = [f"# {spec['title']}", "", spec["summary"], "", "## Need", ""]
    lines += [spec["need"][key] + "\n" for key in ("population", "service", "workforce")]
    lines += ["## Scope", "", spec["scope"], "", "## Entry requirements", "", spec["entry_requirements"], ""]
    for domain in spec["domains"]:
        lines += [f"## {domain['code']} {domain['title']}", "", domain["description"], ""]
        for capability in domain["capabilities"]:
            lines += [f"### {capability['id']} {capability['title']}", "", capability["description"], ""]
            lines += ["Maps to: " + ", ".join(capability["mpf"]), ""]
            lines += [f"- {s['code']} {s['text']}" for s in capability["statements"]] + [""]
    lines += ["## Learning outcomes", ""]
    lines += [f"- {o['id']} {o['text']} ({', '.join(o['capabilities'])})" for o in spec["outcomes"]] + [""]
    lines += ["## Assessment", ""]
    for method in spec["assessment"]:
        lines += [f"### {method['title']}", "", method["description"], ""]
    lines += ["## Learning experience", "", spec["learning_experience"], ""]
    lines += ["## Links to other provision", "", spec["links_to_other_provision"], ""]
    return "\n".join(lines)


def make_plain_site(project: Path, out: Path) -> Path:
    """A default mkdocs-material site with one page per specification of `project`.

    `mkdocs.yml` is the default configuration (every page in the navigation); `flat.yml` lists
    only the home page in the navigation, as credgen's site does.
    """
    docs = out / "docs" / "credentials"
    docs.mkdir(parents=True)
    (out / "docs" / "index.md").write_text("# Credentials\n\nA plain site.\n", encoding="utf-8")
    for spec_file in sorted((project / "specs" / "credentials").glob("*/credential.yaml")):
        spec = yaml.safe_load(spec_file.read_text(encoding="utf-8"))
        (docs / f"{spec_file.parent.name}.md").write_text(plain_page(spec), encoding="utf-8")
    config = {"site_name": "Plain", "theme": {"name": "material", "font": False}}
    (out / "mkdocs.yml").write_text(yaml.safe_dump(config), encoding="utf-8")
    flat = {**config, "nav": ["index.md"], "validation": {"nav": {"omitted_files": "ignore"}}}
    (out / "flat.yml").write_text(yaml.safe_dump(flat), encoding="utf-8")
    return out


def timed(commands: dict[str, tuple[list[str], Path]], repeat: int) -> dict[str, float]:
    """Seconds taken by each command (which must succeed), run in turn `repeat` times so that
    a change in the machine's speed hits all alike; the fastest run of each."""
    best = dict.fromkeys(commands, float("inf"))
    for _ in range(repeat):
        for name, (command, cwd) in commands.items():

            def run(command: list[str] = command, cwd: Path = cwd) -> None:
                result = subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=False)
                if result.returncode != 0:
                    raise SystemExit(f"{' '.join(command)} failed:\n{result.stderr[-2000:]}")

            best[name] = min(best[name], best_of(1, run))
    return best


def average_page_bytes(site: Path) -> float:
    """Mean size of the credential pages of a built site."""
    pages = [p for p in (site / "credentials").glob("*/index.html")]
    return statistics.fmean(p.stat().st_size for p in pages)


def pagefind_payload(site: Path, query: str) -> tuple[int, int]:
    """(bytes, requests) Chromium fetches from `pagefind/` to show results for `query`."""
    from playwright.sync_api import sync_playwright

    handler = functools.partial(_Quiet, directory=str(site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    fetched: list[int] = []
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
            page = browser.new_page()
            page.on("response", lambda r: fetched.append(len(r.body())) if "/pagefind/" in r.url else None)
            page.goto(f"http://127.0.0.1:{httpd.server_address[1]}/search/?q={query.replace(' ', '+')}")
            page.locator(".pagefind-ui__result-link").first.wait_for(timeout=30_000)
            page.wait_for_load_state("networkidle")
            browser.close()
    finally:
        httpd.shutdown()
    return sum(fetched), len(fetched)


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        """No request log."""


def run_size(work: Path, count: int, repeat: int) -> dict[str, Any]:
    """Build both sites for `count` specifications and measure them (best of `repeat`)."""
    project = make_project(work / f"credgen-{count}", count)
    plain = make_plain_site(project, work / f"plain-{count}")
    mkdocs = [sys.executable, "-m", "mkdocs", "build", "-q"]
    credgen = [sys.executable, "-m", "credgen", "build", "--no-pdf", "--out", str(work / f"site-{count}")]
    site_stage = [*mkdocs, "-f", "site/site-only.yml", "-d", str(work / f"site-only-{count}")]
    flat_site = [*mkdocs, "-f", "flat.yml", "-d", str(work / f"plain-flat-{count}")]
    seconds = timed(
        {
            "full": (credgen, project),
            "site": (site_stage, project),
            "plain": (mkdocs, plain),
            "flat": (flat_site, plain),
        },
        repeat,
    )
    full, site_only, theirs, flat = seconds["full"], seconds["site"], seconds["plain"], seconds["flat"]
    return {
        "count": count,
        "full_s": full,
        "ours_s": site_only,
        "plain_s": theirs,
        "flat_s": flat,
        "flat_page": average_page_bytes(work / f"plain-flat-{count}"),
        "ours_page": average_page_bytes(work / f"site-{count}"),
        "plain_page": average_page_bytes(plain / "site"),
        "site": work / f"site-{count}",
        "plain_site": plain / "site",
    }


def report(results: list[dict[str, Any]]) -> None:
    """Print the table and the three target ratios."""
    print("build seconds: credgen site stage (MkDocs + plugin + Pagefind), full `credgen build --no-pdf`")
    print("(adds load/validate once more and the open-data exports), plain Material site (default nav,")
    print("built-in search) and plain with a one-page nav; page sizes are mean credential page bytes.")
    print(
        f"{'specs':>6} {'site':>7} {'full':>7} {'plain':>7} {'flat':>7} {'site/plain':>10} {'site/flat':>9}"
        f" {'full/plain':>10} {'page':>9} {'plain page':>10} {'flat page':>9}"
    )
    for r in results:
        print(
            f"{r['count']:>6} {r['ours_s']:>7.1f} {r['full_s']:>7.1f}"
            f" {r['plain_s']:>7.1f} {r['flat_s']:>7.1f}"
            f" {r['ours_s'] / r['plain_s']:>9.2f}x {r['ours_s'] / r['flat_s']:>8.2f}x"
            f" {r['full_s'] / r['plain_s']:>9.2f}x {r['ours_page'] / 1024:>6.1f} KB"
            f" {r['plain_page'] / 1024:>7.1f} KB {r['flat_page'] / 1024:>6.1f} KB"
        )
    by_count = {r["count"]: r for r in results}
    if 50 in by_count and 400 in by_count:
        ours = by_count[400]["ours_page"] / by_count[50]["ours_page"]
        plain = by_count[400]["plain_page"] / by_count[50]["plain_page"]
        print(f"page size 400 vs 50: credgen {ours:.3f}x (target <= 1.2x); plain site {plain:.2f}x")
    largest = results[-1]
    payload, requests = pagefind_payload(largest["site"], QUERY)
    material = (largest["plain_site"] / "search" / "search_index.json").stat().st_size
    print(
        f"search payload for one query at {largest['count']} specs: Pagefind {payload / 1024:.0f} KB"
        f" in {requests} requests (target < 1024 KB); Material's search_index.json {material / 1024:.0f} KB"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[50, 400, 1000])
    parser.add_argument("--repeat", type=int, default=3, help="Time each build this often; keep the best.")
    parser.add_argument("--keep", type=Path, help="Build here and keep the output (default: a temp dir).")
    args = parser.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="site-bench-"))
    try:
        report([run_size(work, count, args.repeat) for count in sorted(args.sizes)])
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
