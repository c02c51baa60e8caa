"""FastCanvas writes what ReportLab's Canvas writes: the same operators, matrix and restored state, draw for draw."""

import io
import random

import pytest
from reportlab.pdfgen.canvas import Canvas

from layouts.fast_canvas import FastCanvas

NUMBERS = [0, 1, -1, 0.0, -0.0, 2.5, -3.75, 1e-7, 123456.789, 72, 0.1 + 0.2, 1 / 3]


def _steps(seed: int, count: int = 400):
    rng = random.Random(seed)
    depth = 0
    for _ in range(count):
        kind = rng.choice(["save", "restore", "translate", "translate", "transform", "scale", "rotate", "font"])
        if kind == "restore" and depth == 0:
            kind = "save"
        depth += {"save": 1, "restore": -1}.get(kind, 0)
        number = lambda: rng.choice(NUMBERS) if rng.random() < 0.5 else rng.uniform(-500, 500)  # noqa: E731
        yield kind, [number() for _ in range(6)]


def _play(canvas: Canvas, steps) -> list:
    seen = []
    for kind, n in steps:
        if kind == "save":
            canvas.saveState()
        elif kind == "restore":
            canvas.restoreState()
        elif kind == "translate":
            canvas.translate(n[0], n[1])
        elif kind == "transform":
            canvas.transform(*(v % 3 for v in n[:4]), n[4], n[5])
        elif kind == "scale":
            canvas.scale(0.5 + abs(n[0]) % 1.5, 0.5 + abs(n[1]) % 1.5)  # bounded: ReportLab refuses numbers over 1e21
        elif kind == "rotate":
            canvas.rotate(n[0])
        else:
            canvas.setFont("Helvetica", abs(n[0]) % 30 + 1)
        seen.append((list(canvas._code), canvas._currentMatrix, canvas._fontsize, len(canvas.state_stack)))
    return seen


@pytest.mark.parametrize("seed", range(8))
def test_every_step_matches_reportlab(seed):
    ours = _play(FastCanvas(io.BytesIO()), _steps(seed))
    theirs = _play(Canvas(io.BytesIO()), _steps(seed))
    for step, (mine, reference) in enumerate(zip(ours, theirs, strict=True)):
        assert mine == reference, f"step {step}"
        assert [type(v) for v in mine[1]] == [type(v) for v in reference[1]], f"step {step}: matrix number types"


def test_a_translation_right_after_another_is_joined_as_reportlab_joins_it():
    ours, theirs = FastCanvas(io.BytesIO()), Canvas(io.BytesIO())
    for canvas in (ours, theirs):
        canvas.translate(10, 20.5)
        canvas.translate(-3, 0.25)
    assert ours._code == theirs._code
    assert ours._code[-1].endswith(" cm")
    assert len(ours._code) == len(theirs._code)
