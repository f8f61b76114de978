"""What `credgen serve` adds to MkDocs' preview server, so it never leaves an author waiting.

MkDocs' server holds every request until a rebuild succeeds, so a build that stopped on an
invalid specification or a broken template hung the browser with a traceback in the terminal.
Under `serve` the plugin therefore never fails a rebuild for either: for a specification's
errors it builds the last good state again (an empty site when nothing has built yet); a page
whose template fails shows the template's error in place of its content. Every page carries an
overlay listing the problems, with their file:line:col, until the files are fixed. The server prints
its address at start and one line per rebuild, and answers an address no page can have (a NUL
byte, a control character) with 400 instead of a logged traceback.
"""

from __future__ import annotations

import dataclasses
import re
import sys
import time
import urllib.parse
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from markupsafe import Markup
from mkdocs.config.defaults import MkDocsConfig

from credgen.context import BuildContext
from credgen.diagnostics import Diagnostic, Severity, escape_line
from credgen.exceptions import RenderError
from credgen.load.documents import Corpus
from credgen.site.state import SiteState, load_state, make_state

#: Characters no page address holds; MkDocs' server would fail on them with a traceback.
_ODD_PATH = re.compile("[\x00-\x1f\x7f]")

_OVERLAY_STYLE = (
    "position:fixed;inset:auto 0 0 0;z-index:1000;max-height:50vh;overflow:auto;"
    "background:#fff4f4;color:#3d0000;border-top:4px solid #d5281b;padding:1rem;"
    "font:16px/1.4 system-ui,sans-serif;overflow-wrap:anywhere"
)

WsgiApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


@dataclasses.dataclass(slots=True)
class Preview:
    """The preview's memory between rebuilds."""

    last_good: SiteState | None = None
    """The state of the last build whose specifications had no errors."""

    problems: list[Diagnostic] = dataclasses.field(default_factory=list)
    """The errors of the current files (empty when they are valid)."""

    failures: list[str] = dataclasses.field(default_factory=list)
    """The template errors of this rebuild, each once (see `unrendered`)."""

    started: float = 0.0
    """When the current rebuild started (`time.monotonic`)."""

    announced: bool = False
    """Whether the address has been printed (once, before the first build)."""

    def announce(self, config: MkDocsConfig) -> None:
        """Print where the preview is served, once, as it starts."""
        if not self.announced:
            host, port = config.dev_addr
            mount = urllib.parse.urlsplit(config.site_url or "/").path or "/"
            url = f"http://{host}:{port}{mount if mount.endswith('/') else mount + '/'}"
            print(f"credgen serve: previewing at {url} (Ctrl-C to stop)", file=sys.stderr, flush=True)
            self.announced = True

    def gather(self, root: Path, ctx: BuildContext) -> SiteState:
        """The state to build: the current one when valid, else the last good (or an empty) one."""
        self.started = time.monotonic()
        self.failures = []
        state, diagnostics = load_state(root, ctx)
        self.problems = [d for d in diagnostics if d.severity is Severity.ERROR]
        if state is not None:
            self.last_good = state
            return state
        if self.last_good is None:
            self.last_good = make_state(Corpus(root), ctx)
        return self.last_good

    def unrendered(self, error: RenderError) -> Markup:
        """The content of a page a template error stopped: the error, also kept for the overlay."""
        message = str(error)
        if message not in self.failures:
            self.failures.append(message)
        return Markup('<p role="alert">This page could not be made: a template has an error: {}</p>').format(
            message
        )

    def overlay(self, page_html: str) -> str:
        """`page_html` with the list of problems before `</body>` (unchanged when there are none)."""
        if not self.problems and not self.failures:
            return page_html
        head, tail = page_html.rsplit("</body>", 1) if "</body>" in page_html else (page_html, "")
        return f"{head}{self._overlay_html()}</body>{tail}"

    def _overlay_html(self) -> Markup:
        parts = []
        if self.problems:
            count = len(self.problems)
            items = Markup("").join(
                Markup("<li><code>{}:{}:{}</code> {}[{}]: {}</li>").format(
                    d.path, d.line, d.column, d.severity, d.code, d.message
                )
                for d in self.problems
            )
            parts.append(
                Markup(
                    '<h2 style="margin:0 0 .5rem">The specifications have {} error{}</h2><p>This preview '
                    "shows the last version that built. Fix these and save; the page reloads.</p><ul>{}</ul>"
                ).format(count, "s" * (count != 1), items)
            )
        if self.failures:
            count = len(self.failures)
            items = Markup("").join(Markup("<li>{}</li>").format(message) for message in self.failures)
            parts.append(
                Markup(
                    '<h2 style="margin:0 0 .5rem">{} template error{}</h2><p>The pages that use {} show '
                    "the error instead of their content. Fix the template and save; the page reloads.</p>"
                    "<ul>{}</ul>"
                ).format(count, "s" * (count != 1), "them" if count != 1 else "it", items)
            )
        return Markup('<aside id="credgen-preview-errors" role="alert" style="{}">{}</aside>').format(
            _OVERLAY_STYLE, Markup("").join(parts)
        )

    def rebuilt(self) -> None:
        """One line per rebuild, on standard error next to MkDocs' own messages."""
        seconds = time.monotonic() - self.started
        said = []
        if self.problems:
            count = len(self.problems)
            said.append(
                f"{count} error{'s' * (count != 1)}; serving the last good site with the list on every page"
            )
        if self.failures:
            count = len(self.failures)
            said.append(f"{count} template error{'s' * (count != 1)}: {escape_line(self.failures[0])}")
        status = "; ".join(said) or "no errors"
        print(f"credgen serve: rebuilt in {seconds:.1f} s: {status}", file=sys.stderr, flush=True)


def refuse_odd_paths(app: WsgiApp) -> WsgiApp:
    """`app`, but an address with a NUL byte or control character gets 400 (WSGI middleware)."""

    def guarded(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        if _ODD_PATH.search(environ.get("PATH_INFO", "")):
            start_response("400 Bad Request", [("Content-Type", "text/plain; charset=utf-8")])
            return [b"400 Bad Request: no page has an address with control characters\n"]
        return app(environ, start_response)

    return guarded
