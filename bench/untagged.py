"""`generate.py` with tagging switched off, for bench/run.py to measure what tagging costs in the same run.

    python bench/untagged.py batch PATIENTS --out DIR [options]   (any generate.py command line)

Never a way to make documents for patients: every PDF we ship is tagged
(README, "Accessibility"). Here the tagging layer's calls become no-ops: no
marked content, no structure tree, no heading bookmarks; layout, replay and
writing are untouched, so the difference in CPU time against `generate.py`
is what the tags cost.
"""

from __future__ import annotations

import contextlib
import runpy
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def untag() -> None:
    from layouts import paged_canvas, tagging

    canvas = tagging.TaggingCanvas
    canvas.mark_flowable = lambda self, flowable, x, y, draw: draw()
    canvas.begin_artifact = lambda self, kind="Layout": None
    canvas.end_artifact = lambda self: None
    canvas.tag_outside_artifact = lambda self: contextlib.nullcontext()
    canvas.within = lambda self, path: contextlib.nullcontext()
    canvas.begin_mark = lambda self, path, top=None, first=False: None
    canvas.end_mark = lambda self: None
    canvas.touch = lambda self, path: None
    paged_canvas.write_structure = lambda *args, **kwargs: None


if __name__ == "__main__":
    untag()
    sys.argv = [str(ROOT / "generate.py"), *sys.argv[1:]]
    runpy.run_path(str(ROOT / "generate.py"), run_name="__main__")
