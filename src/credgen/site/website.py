"""The website: `site/mkdocs.yml` loaded, and MkDocs run with the credgen plugin.

`credgen build` hands the plugin the state it has already gathered and validated (`render`);
the plugin only turns it into pages.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from credgen.context import BuildContext
from credgen.exceptions import ProjectError, RenderError
from credgen.site.brand import site_context

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig

    from credgen.site.state import SiteState

#: Where the site configuration lives, relative to the project root.
MKDOCS_YML = Path("site") / "mkdocs.yml"


def load_config(root: Path) -> MkDocsConfig:
    """`site/mkdocs.yml`, loaded (not yet built); MkDocs is imported only when building."""
    from mkdocs.config import load_config as load_mkdocs_config
    from mkdocs.exceptions import ConfigurationError

    path = root / MKDOCS_YML
    if not path.is_file():
        raise ProjectError(
            f"{MKDOCS_YML.as_posix()}: no site configuration", hint="see site/mkdocs.yml in credgen"
        )
    try:
        return load_mkdocs_config(config_file=str(path))
    except ConfigurationError as error:
        raise RenderError(f"{MKDOCS_YML.as_posix()}: {error}") from error


def project_context(root: Path) -> BuildContext:
    """The build context of a project, as `credgen build` would use it."""
    return site_context(root, load_config(root))


def render(config: MkDocsConfig, state: SiteState, site_dir: Path, *, pdf: bool, strict: bool) -> None:
    """Build the pages of `state` into `site_dir` with MkDocs and the credgen plugin."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.exceptions import MkDocsException

    from credgen.site.plugin import CredgenPlugin

    config.site_dir = str(site_dir)
    config.strict = strict
    plugin = config.plugins.get("credgen")
    if not isinstance(plugin, CredgenPlugin):
        raise ProjectError(f"{MKDOCS_YML.as_posix()}: the 'credgen' plugin is not listed under plugins")
    plugin.drive(state, pdf=pdf)
    try:
        config.plugins.on_startup(command="build", dirty=False)
        mkdocs_build(config)
        config.plugins.on_shutdown()
    except MkDocsException as error:
        raise RenderError(f"the website build failed: {error}") from error
