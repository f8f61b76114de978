"""JSON Schemas generated from the models, for editors and for the published API."""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import BaseModel

from credgen.models.credential import Credential
from credgen.models.delivery import DeliveryPlan, QualityReviews
from credgen.models.framework import Framework
from credgen.models.glossary import Glossary
from credgen.models.panel import Panel
from credgen.models.provider import Provider

#: Schema file name → the model it describes.
SCHEMAS: dict[str, type[BaseModel]] = {
    "credential.schema.json": Credential,
    "framework.schema.json": Framework,
    "glossary.schema.json": Glossary,
    "panel.schema.json": Panel,
    "provider.schema.json": Provider,
    "delivery-plan.schema.json": DeliveryPlan,
    "quality-reviews.schema.json": QualityReviews,
}

DRAFT = "https://json-schema.org/draft/2020-12/schema"


def register_schema(name: str, model: type[BaseModel]) -> None:
    """Add a model whose schema is written with the others (used by later stages)."""
    SCHEMAS[name] = model


def render_schema(model: type[BaseModel], name: str) -> str:
    """The schema text for one model: stable key order, trailing newline."""
    schema = {"$schema": DRAFT, "$id": name, **model.model_json_schema(mode="validation")}
    return json.dumps(schema, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def expected_schemas() -> dict[str, str]:
    """File name → text of every schema."""
    return {name: render_schema(model, name) for name, model in sorted(SCHEMAS.items())}


def write_schemas(folder: Path) -> list[str]:
    """Write every schema into `folder`; returns the names written or changed."""
    folder.mkdir(parents=True, exist_ok=True)
    changed = []
    for name, text in expected_schemas().items():
        target = folder / name
        if not target.exists() or target.read_text(encoding="utf-8") != text:
            target.write_text(text, encoding="utf-8")
            changed.append(name)
    return changed


def stale_schemas(folder: Path) -> list[str]:
    """Names of schemas in `folder` that are missing or differ from the models."""
    stale = []
    for name, text in expected_schemas().items():
        target = folder / name
        if not target.exists() or target.read_text(encoding="utf-8") != text:
            stale.append(name)
    return stale
