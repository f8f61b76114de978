"""`credgen serve`: MkDocs' live-reloading preview server with the credgen plugin."""

from __future__ import annotations

from pathlib import Path

from credgen.exceptions import RenderError


def serve_site(config_file: Path, *, dev_addr: str) -> None:
    """Serve the site until interrupted; the plugin also watches `specs/` and `templates/`.

    MkDocs builds the preview in a temporary folder (8 MB for the examples) and deletes it when
    interrupted by Ctrl-C, or by SIGTERM, which the command line handles as Ctrl-C.
    """
    from mkdocs.commands.serve import serve
    from mkdocs.exceptions import MkDocsException

    try:
        serve(config_file=str(config_file), dev_addr=dev_addr, livereload=True)
    except MkDocsException as error:
        raise RenderError(f"the preview failed: {error}") from error
