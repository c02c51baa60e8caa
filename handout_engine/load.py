"""Step 1: files -> plain Python data, each record tagged with where it came from.

Nothing here judges the values; `validate` does. Loading refuses a file it
cannot read at all (missing, unreadable, not UTF-8, not parseable) with a
message naming the file and, where it can, the line. A problem that belongs
to one row (too many cells) travels with that row's record instead.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from .errors import InputError, PatientFileError, Problem

_KEEP_RESOLVED = {"tag:yaml.org,2002:bool", "tag:yaml.org,2002:null"}
# YAML aliases (*name) reuse a node: ten aliases of ten aliases... make a 500-byte file stand for billions of
# values, which any code that walks or prints them would expand (the "billion laughs"). A document may hold
# this many values more than it spells out; past that it is refused before anything reads it.
MOST_ALIASED_VALUES = 10_000


class _TextLoader(yaml.SafeLoader):
    """SafeLoader that keeps plain values as the text that was typed.

    PyYAML would read `patient_id: 00042` as the octal number 34,
    `number: 02077777777` as 285212671, `1.10` as 1.1 and `1950-02-31` as an
    exception. Identifiers and phone numbers must print exactly as typed and a
    bad date deserves a message naming its field, so only yes/no and null are
    resolved; everything else stays a string. Duplicate keys are refused: with
    two `name:` lines the last would silently win.
    """

    def compose_document(self):
        node = super().compose_document()
        _check_expansion(node)
        return node

    def construct_mapping(self, node, deep=False):
        seen: set = set()
        for key_node, _value in node.value:
            key = self.construct_object(key_node, deep=deep)
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    None, None, f"the key '{key}' appears twice in one mapping", key_node.start_mark
                )
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


def _check_expansion(root) -> None:
    """Refuse a document whose aliases stand for more than MOST_ALIASED_VALUES values beyond those written.

    Each node is sized once (memoised), so this is linear in the nodes written, however far they would expand.
    """
    sizes: dict[int, int] = {}
    written = 0
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, children_done = stack.pop()
        if id(node) in sizes and sizes[id(node)] >= 0:
            continue
        children = _children(node)
        if not children_done:
            if id(node) in sizes:  # met again while its own children are being sized: it contains itself
                raise yaml.composer.ComposerError(
                    None, None, "an alias refers to a value that contains it", node.start_mark
                )
            sizes[id(node)] = -1
            written += 1
            stack.append((node, True))
            stack.extend((child, False) for child in children if sizes.get(id(child), -1) < 0)
            continue
        sizes[id(node)] = 1 + sum(sizes[id(child)] for child in children)
        if sizes[id(node)] - written > MOST_ALIASED_VALUES:
            raise yaml.composer.ComposerError(
                None,
                None,
                f"its aliases (*name) repeat values past the limit of {MOST_ALIASED_VALUES:,} (write them out)",
                node.start_mark,
            )


def _children(node) -> list:
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    return []


_TextLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag in _KEEP_RESOLVED]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


@dataclass(frozen=True)
class RawRecord:
    """One record as read, with its place in the file (rows as a spreadsheet counts them)."""

    data: dict[str, Any]
    source: str
    row: int
    row_label: str  # "row" for CSV, "record" for YAML and JSON lists, "line" for JSON Lines
    problems: tuple[str, ...] = ()  # problems of the row itself, found while reading it
    readable: bool = True  # False when the record is not a mapping at all: only `problems` apply
    date_order: str | None = None  # "dmy" or "mdy" when the file declares how it writes 03/04/1950
    list_separator: str = ";"  # between medicines in one cell ("|" when ";" separates the columns)
    field_paths: tuple[tuple[str, str], ...] = ()  # field -> where it came from, for messages ("Patient.birthDate")


def display_name(path: Path) -> str:
    """The path as a user would recognise it: relative to the working folder when inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except (ValueError, OSError):
        return str(path)


def read_text(path: Path, error: type[InputError] = PatientFileError) -> str:
    name = display_name(path)
    try:
        # utf-8-sig drops the byte-order mark that spreadsheet programs write.
        return path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise error([Problem(name, "", "file not found")]) from None
    except IsADirectoryError:
        raise error([Problem(name, "", "expected a file, found a folder")]) from None
    except UnicodeDecodeError as exc:
        raise error([Problem(name, "", f"not UTF-8 text (byte {exc.start}); save it as UTF-8")]) from None
    except OSError as exc:
        raise error([Problem(name, "", f"cannot be read ({exc.strerror or exc})")]) from None


def parse_text(text: str, name: str, error: type[InputError], kind: str, parse: Callable[[str], Any]) -> Any:
    """Run a parser, turning every way it can fail on bad input into one error naming the file."""
    try:
        return parse(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}: " if mark else ""
        reason = getattr(exc, "problem", None) or str(exc)
        message = f"{where}not valid YAML ({reason})"
    except json.JSONDecodeError as exc:
        message = f"line {exc.lineno}: not valid JSON ({exc.msg})"
    except RecursionError:
        message = f"not valid {kind}: nested too deeply"
    except TypeError:  # e.g. a YAML mapping whose key is a list
        message = f"not valid {kind}: a key is a list or mapping, not text"
    except ValueError as exc:  # e.g. a number too long to read, a duplicate JSON key
        message = f"not valid {kind} ({exc})"
    raise error([Problem(name, "", message)])


def parse_yaml(text: str) -> Any:
    """YAML with plain values kept as text and duplicate keys refused (see _TextLoader)."""
    return yaml.load(text, Loader=_TextLoader)  # noqa: S506 - _TextLoader is a SafeLoader


def parse_json(text: str) -> Any:
    """JSON with duplicate keys refused: with two "name" keys the last would silently win."""
    return json.loads(text, object_pairs_hook=_refuse_duplicate_keys)


def _refuse_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    keys = [key for key, _ in pairs]
    for key in keys:
        if keys.count(key) > 1:
            raise ValueError(f"the key '{key}' appears twice in one record")
    return dict(pairs)


def load_yaml(path: Path, error: type[InputError] = PatientFileError) -> Any:
    """Parse a YAML file, keeping plain values as text; a syntax error names its line."""
    return parse_text(read_text(path, error), display_name(path), error, "YAML", parse_yaml)
