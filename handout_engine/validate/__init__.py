"""Step 2: plain data -> typed models, with every problem in a file or record collected.

This package is the only code that turns text into dates, splits `T12;L1`,
checks NHS numbers and refuses unknown keys. Every problem names its field,
so a row or a content file can be fixed in one pass. After it, code trusts
the models.
"""

from .brand import contrast_ratio, validate_brand
from .content import validate_handout
from .patient import check_nhs_number, validate_patient

__all__ = [
    "check_nhs_number",
    "contrast_ratio",
    "validate_brand",
    "validate_handout",
    "validate_patient",
]
