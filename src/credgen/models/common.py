"""Building blocks shared by every content model."""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

#: Markdown prose. Rendered with raw HTML disabled and a link-scheme allowlist.
Markdown = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1),
    Field(json_schema_extra={"contentMediaType": "text/markdown"}),
]

#: One line of plain text (a title, a name).
Line = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=300)]

ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$"
SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
LOGIN_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9-]{0,38}$"

#: A stable internal identifier, unique within its document.
Identifier = Annotated[str, StringConstraints(pattern=ID_PATTERN)]

#: A credential slug: lowercase letters, digits and single hyphens.
Slug = Annotated[str, StringConstraints(pattern=SLUG_PATTERN, max_length=80)]

#: A GitHub login.
Login = Annotated[str, StringConstraints(pattern=LOGIN_PATTERN)]

#: A reference to a framework capability, written `<framework-id>:<code>`, e.g. `mpf-2017:1.6`.
FrameworkRef = Annotated[str, StringConstraints(pattern=r"^[a-z0-9-]+:[A-Za-z0-9.]+$")]

SLUG_RE = re.compile(SLUG_PATTERN)


class Model(BaseModel):
    """Base for every content model: unknown keys are errors, fields carry docstrings."""

    model_config = ConfigDict(
        extra="forbid",
        use_attribute_docstrings=True,
        str_strip_whitespace=True,
        validate_default=False,
    )


FORMAT_VERSION = 2
"""The file format this credgen writes. Format 2 added only optional fields, so format 1 reads."""

OLDEST_FORMAT = 1
"""The oldest file format this credgen reads; older files must be upgraded with `credgen migrate`."""


class FileModel(Model):
    """Base for the model of a whole file: it says which format it is written in."""

    credgen_format: int | None = Field(default=None, ge=1)
    """File format version, written by `credgen migrate`: `2`. Absent means format 1."""
