"""Turn Pydantic validation errors into diagnostics at the right line, in plain words."""

from __future__ import annotations

import difflib
import enum
import types
import typing
from collections.abc import Iterator
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from credgen.diagnostics import Diagnostic
from credgen.load.hints import author_hint
from credgen.load.source import Loc, SourceFile
from credgen.models.common import ID_PATTERN, LOGIN_PATTERN, SLUG_PATTERN, FrameworkRef

_INELIGIBLE = frozenset(
    {"medicine", "dentistry", "doctor", "doctors", "dentist", "dentists", "medical", "dental"}
)

#: What a value matching each pattern looks like, for messages.
_FORMS: dict[str, str] = {
    ID_PATTERN: "an id made of letters, digits, '.', '_' or '-'",
    SLUG_PATTERN: "a slug of lowercase letters, digits and single hyphens",
    LOGIN_PATTERN: "a GitHub login",
    r"^[0-9]+\.[0-9]+\.[0-9]+$": 'a version MAJOR.MINOR.PATCH such as "1.0.0"',
    r"^[A-Za-z0-9.+-]+$": "an SPDX licence id such as 'CC-BY-4.0'",
    r"^[A-Za-z0-9.]+$": "a display code of letters, digits and dots",
    r"^[A-Za-z0-9]+$": "a code of letters and digits",
    r"^[0-9]{4}$": 'a four-digit year such as "2017"',
}
_FORMS[typing.get_args(FrameworkRef)[1].pattern] = (
    "a framework reference written '<framework id>:<code>', such as 'my-framework:1.6'"
)


def explain(error: ValidationError, model: type[BaseModel], source: SourceFile) -> Iterator[Diagnostic]:
    """One diagnostic per Pydantic error, positioned through the source's position map."""
    for detail in error.errors(include_url=False):
        loc = tuple(part for part in detail["loc"] if isinstance(part, str | int))
        yield _explain_one(detail, loc, model, source)


def _explain_one(detail: ErrorDetails, loc: Loc, model: type[BaseModel], source: SourceFile) -> Diagnostic:
    kind = detail["type"]
    if kind == "extra_forbidden":
        return source.error("CG102", _unknown_field(loc, model), loc, key=True)
    if kind == "missing":
        return _missing(loc, source)
    value = _describe(detail.get("input"), source.raw.get(loc))
    label = _label(loc)
    if kind == "enum":
        return _bad_choice(detail, loc, model, source, label)
    hint = author_hint(kind, loc, detail.get("input"), source)
    if hint is not None:
        return source.error(hint[0], f"{label} {hint[1]}", loc)
    code, message = _message(kind, detail, label, value, source.raw.get(loc))
    return source.error(code, message, loc)


def _missing(loc: Loc, source: SourceFile) -> Diagnostic:
    """At the key of the mapping that lacks the field; a top-level one at the file's first key."""
    message = f"missing required field '{loc[-1]}'"
    if loc[:-1] or not source.keys:
        return source.error("CG101", message, loc[:-1], key=bool(loc[:-1]))
    line, column = min(source.keys.values())
    return Diagnostic(source.path, line, column, "CG101", message)


def _message(kind: str, detail: ErrorDetails, label: str, value: str, raw: str | None) -> tuple[str, str]:
    """Code and message for type and constraint errors."""
    ctx: dict[str, Any] = dict(detail.get("ctx") or {})
    if kind == "string_type":
        hint = f'; quote it: "{raw}"' if raw is not None else ""
        return "CG103", f"{label} must be text, not {value}{hint}"
    if kind in ("int_type", "int_parsing", "int_from_float"):
        return "CG103", f"{label} must be a whole number, not {value}"
    if kind in ("bool_type", "bool_parsing"):
        return "CG103", f"{label} must be true or false, not {value}"
    if kind == "list_type":
        return "CG103", f"{label} must be a list, not {value}"
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        return "CG103", f"{label} must be a mapping of fields, not {value}"
    if kind.startswith("date"):
        return "CG103", f"{label} must be a real date written YYYY-MM-DD, not {value}"
    if kind.startswith("url"):
        return "CG104", f"{label} must be a web address starting https://, not {value}"
    if kind == "literal_error":
        return "CG104", f"{label} must be {ctx.get('expected', '')}, not {value}"
    if kind == "string_pattern_mismatch":
        form = _FORMS.get(str(ctx.get("pattern")), f"text matching {ctx.get('pattern')}")
        return "CG104", f"{label} must be {form}, not {value}"
    return _constraint_message(kind, detail, ctx, label, value)


def _constraint_message(
    kind: str, detail: ErrorDetails, ctx: dict[str, Any], label: str, value: str
) -> tuple[str, str]:
    """Code and message for size and range constraints."""
    if kind == "string_too_short":
        return "CG104", f"{label} must not be empty"
    if kind == "too_short":
        count = ctx.get("min_length", 1)
        return "CG104", f"{label} needs at least {count} item{'s' if count != 1 else ''}"
    if kind == "string_too_long":
        return "CG104", f"{label} is longer than {ctx.get('max_length')} characters"
    if kind in ("greater_than_equal", "greater_than"):
        return "CG104", f"{label} must be at least {ctx.get('ge', ctx.get('gt'))}, not {value}"
    if kind in ("less_than_equal", "less_than"):
        return "CG104", f"{label} must be at most {ctx.get('le', ctx.get('lt'))}, not {value}"
    return "CG100", f"{label}: {detail['msg'][:1].lower()}{detail['msg'][1:]}"


def _bad_choice(
    detail: ErrorDetails, loc: Loc, model: type[BaseModel], source: SourceFile, label: str
) -> Diagnostic:
    """An enum value that is not allowed, with the closest allowed one."""
    given = str(detail.get("input"))
    if given.lower() in _INELIGIBLE:
        message = (
            f"{label} is '{given}': doctors and dentists are not eligible for advanced practice credentials"
        )
        return source.error("CG105", message, loc)
    choices = _choices_at(model, loc)
    message = f"{label} must be one of {', '.join(choices)}, not '{given}'"
    return source.error("CG104", message + _did_you_mean(given, choices), loc)


def _unknown_field(loc: Loc, model: type[BaseModel]) -> str:
    """`unknown field 'titel' (did you mean 'title'?)`."""
    parent = _type_at(model, loc[:-1])
    fields = list(parent.model_fields) if _is_model(parent) else []
    return f"unknown field '{loc[-1]}'" + _did_you_mean(str(loc[-1]), fields)


def did_you_mean(given: str, choices: list[str]) -> str:
    """` (did you mean 'x'?)` for the closest choice, or nothing."""
    return _did_you_mean(given, choices)


def _did_you_mean(given: str, choices: list[str]) -> str:
    match = difflib.get_close_matches(given, choices, n=1, cutoff=0.6)
    if not match:
        lowered = {choice.lower(): choice for choice in choices}
        match = [lowered[given.lower()]] if given.lower() in lowered else []
    return f" (did you mean '{match[0]}'?)" if match else ""


def _label(loc: Loc) -> str:
    """How a field is named in messages: `'version'` or `item 2 of 'professions'`."""
    if not loc:
        return "the document"
    if isinstance(loc[-1], int):
        names = [part for part in loc if isinstance(part, str)]
        return f"item {loc[-1] + 1} of '{names[-1] if names else 'list'}'"
    return f"'{loc[-1]}'"


def _describe(value: Any, raw: str | None) -> str:
    """A value as a person would name it in a sentence."""
    if value is None:
        return "an empty value"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return f"the number {raw if raw is not None else value}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    text = str(value)
    return f"'{text[:60]}…'" if len(text) > 60 else f"'{text}'"


def _choices_at(model: type[BaseModel], loc: Loc) -> list[str]:
    annotation = _type_at(model, loc)
    if isinstance(annotation, type) and issubclass(annotation, enum.Enum):
        return [str(member.value) for member in annotation]
    return []


def _is_model(annotation: Any) -> bool:
    return isinstance(annotation, type) and issubclass(annotation, BaseModel)


def _type_at(model: type[BaseModel], loc: Loc) -> Any:
    """The (unwrapped) annotation of the value at `loc` in `model`, or None when unknown."""
    current: Any = model
    for part in loc:
        current = unwrap(current)
        if isinstance(part, int):
            args = typing.get_args(current)
            current = args[0] if args else None
        elif _is_model(current) and part in current.model_fields:
            current = current.model_fields[part].annotation
        else:
            return None
    return unwrap(current)


def unwrap(annotation: Any) -> Any:
    """Strip `Annotated[...]` and `X | None` down to X."""
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (typing.Union, types.UnionType):
            options = [arg for arg in typing.get_args(annotation) if arg is not type(None)]
            if len(options) != 1:
                return annotation
            annotation = options[0]
        else:
            return annotation
