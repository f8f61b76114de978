"""Render a diff as GitHub-flavoured Markdown, e.g. for a pull-request comment.

Reviewers read "capability C4 now maps to 1.6 and 2.7; outcome LO9 removed" without opening
the YAML. Text from specifications is escaped (no raw HTML, no accidental emphasis or links);
redlines use `<del>` and `<ins>`, which GitHub renders as struck-out and underlined text.
"""

from __future__ import annotations

import html
import re

from credgen.diff.compare import diff_credentials
from credgen.diff.model import CredentialDiff, FieldChange, ItemChange, ListChange, SpecChange, TextChange
from credgen.diff.redline import Segment

#: First line of a report, so a workflow can find and update its own comment.
MARKER = "<!-- credgen-diff -->"

_GROUPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Domains, capabilities and statements", ("domain", "capability", "statement")),
    ("Learning outcomes", ("outcome",)),
    ("Assessment and EPAs", ("assessment", "epa")),
)

#: How a remapping reads, by section: verb, then the noun for one link and for several.
_NOW = {
    "capability": ("now maps to", "", ""),
    "outcome": ("now develops", "capability ", "capabilities "),
    "epa": ("now draws on", "capability ", "capabilities "),
    "assessment": ("now assesses", "outcome ", "outcomes "),
}
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]|~])")
_LINE_START = re.compile(r"^(\s*\d*)([#>=+.)-])")


def escape(text: str) -> str:
    """Text shown literally within a Markdown line: HTML and inline syntax neutralised."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", html.escape(text, quote=False))


def _escape_line_start(line: str) -> str:
    """Keep an escaped line from starting a heading, list or quote."""
    return _LINE_START.sub(lambda m: m.group(1) + "\\" + m.group(2), line)


def shorten(text: str, width: int = 90) -> str:
    """One line of at most `width` characters, cut at a word with an ellipsis."""
    line = " ".join(text.split())
    if len(line) <= width:
        return line
    return line[: width - 1].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def join_words(words: tuple[str, ...] | list[str]) -> str:
    """`a`, `a and b`, `a, b and c`."""
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + " and " + words[-1]


# Sentences (plain text; also used for feed summaries) ---------------------------------------


def field_sentence(change: FieldChange) -> str:
    """`Status: candidate → endorsed`."""
    return f"{change.label}: {change.old or 'none'} → {change.new or 'none'}"


def list_sentence(change: ListChange) -> str:
    """`Professions: added podiatry; removed dietetics`."""
    return f"{change.label}: {_added_removed(change.added, change.removed)}"


def item_name(item: ItemChange) -> str:
    """`Capability C4`, `Statement 1.2 of A1`."""
    name = f"{item.section_label} {item.code}"
    return f"{name} of capability {item.parent}" if item.section == "statement" else name


def item_sentence(item: ItemChange, *, width: int = 90) -> str:
    """What happened to one item, in one line."""
    name = item_name(item)
    if item.kinds in (("added",), ("removed",)):
        return f"{name} {item.kinds[0]}: {shorten(item.label, width)}"
    parts = []
    if "reworded" in item.kinds:
        parts.append("reworded (" + ", ".join(t.label.lower() for t in item.texts) + ")")
    if "remapped" in item.kinds:
        parts.append(_remapped(item))
    parts += item.details
    return f"{name}: {'; '.join(parts)}"


def _remapped(item: ItemChange) -> str:
    """`now maps to 1.6 and 2.7 (added 2.7; removed 1.5)`."""
    verb, one, many = _NOW.get(item.section, ("now links to", "", ""))
    now = (one if len(item.links) == 1 else many) + join_words(item.links) if item.links else "nothing"
    return f"{verb} {now} ({_added_removed(item.links_added, item.links_removed)})"


def _added_removed(added: tuple[str, ...] | list[str], removed: tuple[str, ...] | list[str]) -> str:
    """`added 2.7; removed 1.5` (either part only when there is something to say)."""
    parts = []
    if added:
        parts.append("added " + join_words(added))
    if removed:
        parts.append("removed " + join_words(removed))
    return "; ".join(parts)


def summary_lines(diff: CredentialDiff) -> list[str]:
    """Every change as one plain-text line: values, lists, items, then reworded prose."""
    lines = [field_sentence(f) for f in diff.fields if f.field != "version"]
    lines += [list_sentence(change) for change in diff.lists]
    lines += [item_sentence(item) for item in diff.items]
    if diff.prose:
        lines.append("Reworded: " + ", ".join(change.label.lower() for change in diff.prose))
    return lines


# Markdown ----------------------------------------------------------------------------------


def render_diff_markdown(diff: CredentialDiff, *, level: int = 3, path: str | None = None) -> str:
    """One specification's changes as Markdown, headed `<title>: <old> → <new>`."""
    hashes = "#" * level
    out = [f"{hashes} {escape(diff.title)}: {diff.old_version} → {diff.new_version}", ""]
    if path:
        out += [f"`{path}`", ""]
    if diff.is_empty:
        return "\n".join([*out, "No change in content.", ""])
    fields = [f for f in diff.fields if f.field != "version"]
    general = [f"- **{escape(f.label)}:** {escape(field_sentence(f).split(': ', 1)[1])}" for f in fields]
    general += [f"- **{escape(c.label)}:** {escape(list_sentence(c).split(': ', 1)[1])}" for c in diff.lists]
    if diff.prose:
        general.append("- **Reworded:** " + escape(", ".join(c.label.lower() for c in diff.prose)))
    out += _block("General", general)
    for heading, sections in _GROUPS:
        out += _block(heading, [_item_line(item) for item in diff.items_in(*sections)])  # type: ignore[arg-type]
    out += _wording(diff)
    return "\n".join(out).rstrip("\n") + "\n"


def _block(heading: str, lines: list[str]) -> list[str]:
    return [f"**{heading}**", "", *lines, ""] if lines else []


def _item_line(item: ItemChange) -> str:
    """One item as a bullet, its name in bold."""
    name = item_name(item)
    rest = item_sentence(item)[len(name) :]
    return f"- **{escape(name)}**{escape(rest)}"


def _wording(diff: CredentialDiff) -> list[str]:
    """Every redline, folded away in a `<details>` block."""
    texts = [(c.label, c) for c in diff.prose]
    texts += [(f"{item_name(i)}, {t.label.lower()}", t) for i in diff.items for t in i.texts]
    if not texts:
        return []
    out = [f"<details><summary>Wording: {len(texts)} redline{'s' * (len(texts) != 1)}</summary>", ""]
    for label, change in texts:
        out += [f"**{escape(label)}**", "", *render_redline_markdown(change), ""]
    return [*out, "</details>", ""]


def render_redline_markdown(change: TextChange) -> list[str]:
    """A redline as blockquote lines: deletions in `<del>`, insertions in `<ins>`."""
    lines = [""]
    for segment in change.segments:
        for n, piece in enumerate(segment.text.split("\n")):
            if n:
                lines.append("")
            lines[-1] += _mark(segment, piece)
    return [f"> {_escape_line_start(line)}".rstrip() for line in lines]


def _mark(segment: Segment, piece: str) -> str:
    """One line's part of a segment, tags kept inside its surrounding spaces."""
    core = piece.strip()
    if segment.op == "equal" or not core:
        return escape(piece)
    tag = "del" if segment.op == "delete" else "ins"
    lead, trail = piece[: len(piece) - len(piece.lstrip())], piece[len(piece.rstrip()) :]
    return f"{lead}<{tag}>{escape(core)}</{tag}>{trail}"


def render_report_markdown(
    changes: list[SpecChange], base: str, head: str, others: list[tuple[str, str]] | None = None
) -> str:
    """The whole `credgen diff` report: new, removed and changed specifications, then other
    files under `specs/` that changed (`others`: (path, what happened) pairs)."""
    shown = [(c, diff_credentials(c.old, c.new) if c.old and c.new else None) for c in changes]
    shown = [(c, d) for c, d in shown if d is None or not d.is_empty]
    out = [MARKER, "## Changes to specifications", ""]
    if not shown and not others:
        return "\n".join([*out, f"No changes to specifications between {base} and {head}.", ""])
    out += [f"Comparing {base} with {head}: {_count(shown)}.", ""]
    for change, diff in shown:
        out += _report_entry(change, diff)
    if others:
        out += ["### Other files", "", *(f"- `{path}`: {what}" for path, what in others), ""]
    return "\n".join(out).rstrip("\n") + "\n"


def _count(shown: list[tuple[SpecChange, CredentialDiff | None]]) -> str:
    """`3 specifications (1 new, 1 removed, 1 changed)`."""
    new = sum(1 for c, _ in shown if c.old is None)
    removed = sum(1 for c, _ in shown if c.new is None)
    parts = [f"{new} new"] if new else []
    parts += [f"{removed} removed"] if removed else []
    parts += [f"{len(shown) - new - removed} changed"] if len(shown) - new - removed else []
    total = len(shown)
    if not total:
        return "no specification changed"
    return f"{total} specification{'s' * (total != 1)} ({', '.join(parts)})"


def _report_entry(change: SpecChange, diff: CredentialDiff | None) -> list[str]:
    """The section of the report for one specification."""
    if diff is not None:
        return [render_diff_markdown(diff, path=change.path)]
    spec, state = (change.new, "New") if change.new is not None else (change.old, "Removed")
    if spec is None:
        return []
    heading = f"### {state}: {escape(spec.title)} ({spec.version}, {spec.status})"
    capabilities = sum(len(domain.capabilities) for domain in spec.domains)
    size = f"{len(spec.domains)} domains, {capabilities} capabilities, {len(spec.outcomes)} outcomes."
    return [heading, "", f"`{change.path}`", "", size, ""]
