"""The organisation's configuration: `credgen.toml` at the project root.

Why a file of its own rather than a section of `site/mkdocs.yml`: the organisation's name,
licence and frameworks are read by every command (`check`, `new`, the PDFs and the open data),
most of which never load MkDocs; TOML is read by the standard library (`tomllib`) in
microseconds; and a project's root is found by looking for it. The site takes its title, URLs,
banner, logo and colours from here (see `credgen.site.brand`), so nothing is said twice.

A project without the file gets neutral defaults: no organisation is assumed by name.
"""

from __future__ import annotations

import difflib
import re
import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError
from pydantic_core import ErrorDetails

from credgen.diagnostics import Diagnostic
from credgen.exceptions import ConfigError
from credgen.models.common import Line

#: The configuration file's name, at the project root.
CONFIG_FILE = "credgen.toml"

#: A colour written `#rrggbb`.
HexColour = Annotated[str, StringConstraints(pattern=r"^#[0-9a-fA-F]{6}$")]

#: White text (the header) and white pages (links) need at least this contrast with a colour.
MIN_CONTRAST = 4.5


class _Config(BaseModel):
    """Base of the configuration tables: unknown keys are errors, fields carry docstrings."""

    model_config = ConfigDict(extra="forbid", use_attribute_docstrings=True, frozen=True)


class Colours(_Config):
    """The site's brand colours."""

    primary: HexColour
    """Header and link colour, `#rrggbb`; white text on it must be readable (contrast 4.5:1)."""

    accent: HexColour | None = None
    """Colour of links under the pointer, `#rrggbb` (default: the primary colour)."""


class Organisation(_Config):
    """The organisation that publishes and endorses the specifications, and its site."""

    name: Line = "the publisher"
    """Full name, e.g. 'Faculty of Advanced Practice'; endorsements are given in its name."""

    short_name: Line = "publisher"
    """Short name used in phrases such as "not a <short name>-endorsed specification"."""

    site_title: Line | None = None
    """Title of the website (default: the full name)."""

    logo: str | None = None
    """Logo image, relative to `site/docs/` (default: the theme's icon)."""

    colours: Colours | None = None
    """Brand colours (default: those in `site/mkdocs.yml`)."""

    banner: str | None = None
    """A notice shown at the top of every page, e.g. that the site is a demonstration."""

    licence: Line = "CC-BY-4.0"
    """SPDX id of the licence `credgen new` gives a new specification."""

    frameworks: list[Annotated[str, StringConstraints(pattern=r"^[a-z0-9-]+$")]] = Field(default_factory=list)
    """Ids of the frameworks in use (files in `specs/frameworks/`); the first is the default
    framework of `credgen new`."""

    site_url: str | None = None
    """Canonical address of the published site (`site_url` in `site/mkdocs.yml`, where set, and
    a preview server's address take precedence)."""

    repo_url: str | None = None
    """Address of the source repository (default: `repo_url` in `site/mkdocs.yml`)."""

    @property
    def title(self) -> str:
        """The website's title."""
        return self.site_title or self.name


def load_organisation(root: Path) -> Organisation:
    """The organisation of the project at `root`; raises `ConfigError` naming each problem."""
    path = root / CONFIG_FILE
    if not path.is_file():
        return Organisation()
    text = path.read_text(encoding="utf-8")
    problems = sorted(_check_config(text), key=Diagnostic.sort_key)
    if problems:
        raise ConfigError(problems)
    organisation = Organisation.model_validate(tomllib.loads(text))
    missing = list(_check_logo(text, organisation, root))
    if missing:
        raise ConfigError(missing)
    return organisation


def _check_logo(text: str, organisation: Organisation, root: Path) -> Iterator[Diagnostic]:
    """The logo is an image in `site/docs/`."""
    if organisation.logo and not (root / "site" / "docs" / organisation.logo).is_file():
        line, column = key_position(text, ("logo",))
        yield Diagnostic(
            CONFIG_FILE, line, column, "CG704",
            f"logo '{organisation.logo}' is not in site/docs/; put the image there, or correct the path",
        )  # fmt: skip


def _check_config(text: str) -> Iterator[Diagnostic]:
    """Every problem in the text of `credgen.toml`: TOML syntax, the schema, colour contrast."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        line, column = _decode_position(str(error))
        yield Diagnostic(CONFIG_FILE, line, column, "CG701", f"not valid TOML: {_decode_reason(error)}")
        return
    try:
        organisation = Organisation.model_validate(data)
    except ValidationError as error:
        for problem in error.errors():
            loc = tuple(str(part) for part in problem["loc"])
            line, column = key_position(text, loc)
            where = ".".join(loc)
            yield Diagnostic(CONFIG_FILE, line, column, "CG702", f"'{where}': {_plain(problem)}")
        return
    yield from _check_contrast(text, organisation)


def _check_contrast(text: str, organisation: Organisation) -> Iterator[Diagnostic]:
    """Brand colours must keep white text, and links on white, readable (WCAG AA)."""
    colours = organisation.colours
    for key, colour in (("primary", colours and colours.primary), ("accent", colours and colours.accent)):
        if colour and contrast(colour, "#ffffff") < MIN_CONTRAST:
            line, column = key_position(text, ("colours", key))
            ratio = contrast(colour, "#ffffff")
            yield Diagnostic(
                CONFIG_FILE, line, column, "CG703",
                f"colour {key} '{colour}' has a contrast of {ratio:.1f}:1 with white, below "
                f"{MIN_CONTRAST}:1, so text on it is hard to read; choose a darker shade",
            )  # fmt: skip


def _plain(problem: ErrorDetails) -> str:
    """A schema problem in plain words."""
    kind, message = problem["type"], problem["msg"]
    if kind == "extra_forbidden":
        return "unknown setting" + _did_you_mean(tuple(str(part) for part in problem["loc"]))
    if kind == "missing":
        return "required setting missing; add it"
    if kind == "string_pattern_mismatch":
        return "not in the expected form (colours are written '#rrggbb', framework ids in lowercase)"
    return str(message).lower()


def _did_you_mean(loc: tuple[str, ...]) -> str:
    """` (did you mean 'x'?)` for a misspelt setting, else where the settings are listed."""
    model: type[BaseModel] = Colours if loc[:1] == ("colours",) and len(loc) == 2 else Organisation
    close = difflib.get_close_matches(loc[-1], list(model.model_fields), n=1)
    return f" (did you mean '{close[0]}'?)" if close else "; credgen's README lists the settings"


def contrast(colour: str, other: str) -> float:
    """The WCAG 2 contrast ratio of two `#rrggbb` colours."""
    lighter, darker = sorted((_luminance(colour), _luminance(other)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def _luminance(colour: str) -> float:
    """WCAG 2 relative luminance of `#rrggbb`."""
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    red, green, blue = (c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def key_position(text: str, loc: tuple[str, ...]) -> tuple[int, int]:
    """Line and column of the key at `loc` (`("colours", "primary")`) in TOML text; 1:1 if absent.

    tomllib keeps no positions, and the file is small and flat: a key is found under its
    `[table]` header, or as a dotted key, or the table header itself.
    """
    table, key = (".".join(loc[:-1]), loc[-1]) if len(loc) > 1 else ("", loc[0] if loc else "")
    current = ""
    for number, line in enumerate(text.splitlines(), 1):
        header = re.match(r"\s*\[([^\]]+)\]", line)
        if header:
            current = header.group(1).strip()
            if current == ".".join(loc):
                return number, line.index("[") + 1
            continue
        match = re.match(rf"(\s*)({re.escape(key)})\s*=", line) if key else None
        if match and current == table:
            return number, len(match.group(1)) + 1
    return key_position(text, loc[:-1]) if len(loc) > 1 else (1, 1)


def _decode_position(message: str) -> tuple[int, int]:
    """`(at line 3, column 5)` in a tomllib error → (3, 5)."""
    match = re.search(r"at line (\d+), column (\d+)", message)
    return (int(match.group(1)), int(match.group(2))) if match else (1, 1)


def _decode_reason(error: tomllib.TOMLDecodeError) -> str:
    """The tomllib message without its position (which the diagnostic states)."""
    reason = re.sub(r"\s*\(at (line \d+, column \d+|end of document)\)", "", str(error)).lower()
    reason = reason.replace("'\\n'", "at the end of the line")
    return f"{reason}; check the quotes, brackets and '=' on this line"
