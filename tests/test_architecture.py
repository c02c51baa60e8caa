"""The code's shape, held: each package imports on its own, and imports run one way along the walk.

The walk is load -> validate -> merge -> render -> write. A module may import
from its own step or an earlier one, never a later one; the layouts see only
the models and the text-setting package; text setting sees no layout code.
The modules that run the walk (make, batch, the front ends) may import any step.
"""

from __future__ import annotations

import ast
import subprocess
import sys

import pytest

import handout_engine
from support import ROOT

# Each module's step; the others are step 0 (facts and tools every step may use: errors, models, documents,
# locale, paths, text, readability, the pool and the cluster) or run the walk (make, batch, the web page:
# they may import anything).
STEPS = {
    "handout_engine.load": 1,
    "handout_engine.records": 1,
    "handout_engine.columns": 1,
    "handout_engine.xlsx": 1,
    "handout_engine.fhir": 1,
    "handout_engine.validate": 2,
    "handout_engine.catalog": 2,
    "handout_engine.placeholders": 2,
    "handout_engine.review": 2,
    "handout_engine.logos": 2,
    "handout_engine.lint": 2,
    "handout_engine.schema": 2,
    "handout_engine.merge": 3,
    "handout_engine.render": 4,
    "handout_engine.archive": 4,  # PDF/A of a rendered document
    "layouts": 4,
    "handout_engine.write": 5,
    "handout_engine.manifest": 5,
    "handout_engine.bundle": 5,
    "handout_engine.printing": 5,
    "handout_engine.reuse": 5,
    "handout_engine.signing": 5,
    "handout_engine.audit": 5,
    "handout_engine.demo_keys": 5,
    "handout_engine.consent_form": 5,
}
RUNS_THE_WALK = ("handout_engine.make", "handout_engine.batch", "handout_engine.web", "handout_engine.cli")
SHARED = ("handout_engine.errors", "handout_engine.models", "handout_engine.documents", "handout_engine.locale")
SHARED += ("handout_engine.paths", "handout_engine.text", "handout_engine.readability", "handout_engine.pool")
SHARED += ("handout_engine.cluster",)  # the seam's other side: records to Dask workers


def module_name(path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def step_of(module: str) -> int | None:
    for prefix, step in sorted(STEPS.items(), key=lambda item: -len(item[0])):
        if module == prefix or module.startswith(prefix + "."):
            return step
    return 0 if module.startswith(SHARED) else None


def imports_of(path) -> set[str]:
    """Every project module `path` imports, at the top or inside a function, resolved to its full name."""
    package = module_name(path) if path.name == "__init__.py" else module_name(path).rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            base = package.split(".")[: len(package.split(".")) - node.level + 1] if node.level else []
            target = ".".join([*base, node.module] if node.module else base)
            names = [f"{target}.{alias.name}" for alias in node.names]
            found.update(n for n in names if n.startswith(("handout_engine", "layouts")))
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith(("handout_engine", "layouts")))
    return found


MODULES = sorted(p for package in ("handout_engine", "layouts") for p in (ROOT / package).rglob("*.py"))


@pytest.mark.parametrize("path", MODULES, ids=lambda p: module_name(p))
def test_no_module_imports_from_a_later_step_of_the_walk(path):
    name = module_name(path)
    if (
        name.startswith(RUNS_THE_WALK)
        or name == "handout_engine"
        or name in ("handout_engine.lint", "handout_engine.schema")
    ):
        return
    own = step_of(name)
    assert own is not None, f"{name}: give it a step in tests/test_architecture.py"
    for target in imports_of(path):
        theirs = step_of(target)
        if theirs is None:  # a name imported from a module (handout_engine.models.Sheet), or the walk itself
            theirs = step_of(target.rpartition(".")[0])
        assert theirs is not None, f"{name} (step {own}) imports {target}, which runs the whole walk"
        assert theirs <= own, f"{name} (step {own}) imports {target} (step {theirs})"


@pytest.mark.parametrize("path", [p for p in MODULES if module_name(p).startswith(("layouts", "handout_engine.text"))])
def test_layouts_see_only_the_models_and_text_setting_and_text_setting_sees_no_layout(path):
    allowed = ("handout_engine.models", "handout_engine.documents", "handout_engine.text")
    if module_name(path).startswith("handout_engine.text"):
        allowed += ("handout_engine.paths",)  # where the fonts are
    allowed += ("layouts",) if module_name(path).startswith("layouts") else ()
    for target in imports_of(path):
        assert target.startswith(allowed), f"{module_name(path)} imports {target}"


@pytest.mark.parametrize("package", ["layouts", "handout_engine", "handout_engine.text", "handout_engine.validate"])
def test_each_package_imports_on_its_own(package):
    """In a fresh interpreter, as a newcomer would try it: no partially initialised module."""
    code = f"import sys, {package}; print(sorted(m for m in sys.modules if m.startswith('layouts')))"
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    if package.startswith("handout_engine.validate") or package == "handout_engine":
        assert done.stdout.strip() == "[]", f"importing {package} pulled in the layouts: {done.stdout}"


def test_the_front_ends_use_only_the_engines_surface():
    """generate.py, the command line's parts and the nurses' page import `handout_engine` itself, nothing under it.

    (Their own packages aside: handout_engine.cli and handout_engine.web.)
    """
    front_ends = [ROOT / "generate.py", *sorted((ROOT / "handout_engine" / "cli").rglob("*.py"))]
    front_ends += sorted((ROOT / "handout_engine" / "web").rglob("*.py"))
    for path in front_ends:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        modules = {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module and not n.level}
        modules |= {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
        inner = {m for m in modules if m.startswith(("handout_engine.", "layouts"))}
        inner -= {m for m in inner if m.startswith(("handout_engine.cli", "handout_engine.web"))}
        assert not inner, f"{path.relative_to(ROOT)} imports {inner}: use the engine's surface (handout_engine)"
        if path.name != "generate.py":
            surface = {"handout_engine", *(f"handout_engine.{name}" for name in handout_engine.__all__)}
            own = ("handout_engine.cli", "handout_engine.web")
            outside = {t for t in imports_of(path) if not t.startswith(own) and t not in surface}
            assert not outside, f"{path.relative_to(ROOT)} reaches into the engine: {outside}"
