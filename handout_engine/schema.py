"""The content files' JSON Schema, generated from the typed model, for editors to check content as it is typed.

`handouts/handout.schema.json` is written by `generate.py schema` and
committed; each content file names it in its first line
(`# yaml-language-server: $schema=../handout.schema.json`), which editors
with YAML support (VS Code, JetBrains, Neovim) follow. A test checks that the
committed file is what the model generates, and that every shipped handout
passes it. The schema is for editors; validate.content stays the rule that
counts (it also checks dates, risk numbers and placeholders).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import json
import types
import typing
from pathlib import Path

from .models import Block, Handout
from .paths import HANDOUTS

SCHEMA_FILE = HANDOUTS / "handout.schema.json"
SCHEMA_ID = "https://example.invalid/patient-handouts/handout.schema.json"
# Fields that are not in the file (where it came from) and YAML keys that differ from field names.
_NOT_IN_FILE = {"source"}
_KEYS = {"meta": "metadata"}
_BLOCK = {
    "description": "A paragraph of plain text, or a list: {bullets: [...]} or {steps: [...]} (numbered).",
    "oneOf": [
        {"type": "string", "minLength": 1},
        {
            "type": "object",
            "properties": {"bullets": {"type": "array", "items": {"type": "string"}, "minItems": 1}},
            "required": ["bullets"],
            "additionalProperties": False,
        },
        {
            "type": "object",
            "properties": {"steps": {"type": "array", "items": {"type": "string"}, "minItems": 1}},
            "required": ["steps"],
            "additionalProperties": False,
        },
    ],
}


def _type_schema(hint) -> dict:
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        inner = [arg for arg in typing.get_args(hint) if arg is not type(None)]
        return {"anyOf": [_type_schema(inner[0]), {"type": "null"}]}  # may be left empty
    if origin is tuple:
        return {"type": "array", "items": _type_schema(typing.get_args(hint)[0]), "minItems": 1}
    if hint is Block:
        return _BLOCK
    if dataclasses.is_dataclass(hint):
        return _object_schema(hint)
    if isinstance(hint, type) and issubclass(hint, enum.Enum):
        return {"enum": [member.value for member in hint]}
    if hint is dt.date:
        return {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$", "description": "A date: year-month-day."}
    if hint is bool:
        return {"type": "boolean"}
    if hint is float:
        return {"type": "number"}
    return {"type": "string", "minLength": 1}


def _object_schema(cls) -> dict:
    hints = typing.get_type_hints(cls)
    properties, required = {}, []
    for item in dataclasses.fields(cls):
        if item.name in _NOT_IN_FILE:
            continue
        key = _KEYS.get(item.name, item.name)
        properties[key] = _type_schema(hints[item.name])
        optional = item.default is not dataclasses.MISSING or item.default_factory is not dataclasses.MISSING
        if not optional and type(None) not in typing.get_args(hints[item.name]):
            required.append(key)
    schema = {"type": "object", "properties": properties, "additionalProperties": False}
    if required:
        schema["required"] = required
    if cls.__doc__ and not cls.__doc__.startswith(f"{cls.__name__}("):  # not the dataclass's generated one
        schema["description"] = " ".join(cls.__doc__.split())
    return schema


def handout_schema() -> dict:
    """The schema of a content file, from the Handout model."""
    schema = {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": SCHEMA_ID, **_object_schema(Handout)}
    schema["properties"] = {"$schema": {"type": "string"}, **schema["properties"]}
    schema["title"] = "Patient handout content (handouts/<procedure>/<language>.yaml)"
    meta = schema["properties"]["metadata"]
    meta["properties"]["reference"]["anyOf"][0]["maxLength"] = 40
    meta["properties"]["reading_grade_target"]["minimum"] = 1
    meta["properties"]["reading_grade_target"]["maximum"] = 16
    meta["properties"]["content_version"]["description"] = 'Quote it: "1.0".'
    return schema


def schema_text() -> str:
    return json.dumps(handout_schema(), indent=2, ensure_ascii=False) + "\n"


def write_schema(path: Path = SCHEMA_FILE) -> Path:
    path.write_text(schema_text(), encoding="utf-8")
    return path
