"""Where the project's data lives: content, assets and the bundled sample data.

Content and assets are data beside the code, found from the repository root,
so an editable install and a plain checkout behave the same.
"""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HANDOUTS = ROOT / "handouts"
ASSETS = ROOT / "assets"
BRANDS = ASSETS / "brands"
FONTS = ASSETS / "fonts"
SAMPLE_PATIENTS = ASSETS / "samples" / "patients.csv"
DEFAULT_BRAND = "northbrook"
