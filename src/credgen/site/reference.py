"""Reference pages generated from the code: the rules and the file formats.

The website shows both, so the documentation can never drift from what `check` enforces.
"""

from __future__ import annotations

import enum
import typing
from typing import Any

from pydantic import BaseModel

from credgen.load.explain import unwrap
from credgen.models.common import FORMAT_VERSION
from credgen.models.schema import SCHEMAS
from credgen.validate.codes import RULES

_GROUPS = {
    "CG0": "Reading files",
    "CG1": "Schema",
    "CG2": "Within one specification",
    "CG3": "Lifecycle",
    "CG4": "Across files",
    "CG5": "Coverage (warnings)",
    "CG6": "Endorsement",
}


def rules_markdown() -> str:
    """The rules page: every diagnostic code and the rule it enforces, grouped."""
    lines = [
        "# Validation rules",
        "",
        "`credgen check` reports each problem as `file:line:column: error[CODE]: message`.",
        "This page is generated from the code; the codes are stable.",
    ]
    current = ""
    for code, rule in sorted(RULES.items()):
        group = _GROUPS.get(code[:3], "Other")
        if group != current:
            lines += ["", f"## {group}", "", "| Code | Rule |", "| --- | --- |"]
            current = group
        lines.append(f"| `{code}` | {rule} |")
    return "\n".join(lines) + "\n"


def format_markdown() -> str:
    """The format reference: each file's fields, types and descriptions, from the models."""
    lines = [
        "# File format reference",
        "",
        "Generated from the models that `credgen check` validates against. JSON Schemas for",
        "editors are in the `schema/` folder of the repository.",
        "",
        f"Each file says which format it is written in with `credgen_format: {FORMAT_VERSION}` (a file",
        "without it is format 1, which this version still reads). Run `credgen migrate` to upgrade",
        "every file in place; comments and layout are kept.",
    ]
    for name, model in sorted(SCHEMAS.items()):
        lines += ["", f"## `{name.removesuffix('.schema.json')}`", ""]
        lines += _model_section(model, set())
    return "\n".join(lines) + "\n"


def _model_section(model: type[BaseModel], seen: set[type[BaseModel]]) -> list[str]:
    """A table of one model's fields, followed by the tables of the models it contains."""
    seen.add(model)
    lines = [
        f"### {model.__name__}",
        "",
        (model.__doc__ or "").strip(),
        "",
        "| Field | Type | Required | Description |",
        "| --- | --- | --- | --- |",
    ]
    nested: list[type[BaseModel]] = []
    for name, field in model.model_fields.items():
        kind, inner = _describe_type(field.annotation)
        nested += [m for m in inner if m not in seen and m not in nested]
        required = "yes" if field.is_required() else "no"
        description = (field.description or "").replace("|", "\\|").replace("\n", " ")
        lines.append(f"| `{name}` | {kind} | {required} | {description} |")
    for child in nested:
        if child not in seen:
            lines += ["", *_model_section(child, seen)]
    return lines


def _describe_type(annotation: Any) -> tuple[str, list[type[BaseModel]]]:
    """A readable type name, and the models it refers to."""
    annotation = unwrap(annotation)
    origin = typing.get_origin(annotation)
    if origin is list:
        inner, models = _describe_type(typing.get_args(annotation)[0])
        return f"list of {inner}", models
    if origin is typing.Literal:
        return " or ".join(f"`{arg}`" for arg in typing.get_args(annotation)), []
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation.__name__, [annotation]
    if isinstance(annotation, type) and issubclass(annotation, enum.Enum):
        return "one of " + ", ".join(f"`{m.value}`" for m in annotation), []
    return getattr(annotation, "__name__", str(annotation)), []
