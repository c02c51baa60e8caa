"""PDF/A-2b for filing into a patient's electronic record (`--archive`).

Why 2b, not 2a: every document is already tagged (PDF/UA-1, layouts/tagging.py)
and stays tagged here, so the archived file reads as well as the printed one;
but "a" is a claim about that structure which no open validator we can run
checks, while "b" (the pages look the same for as long as the file is kept)
is what pikepdf's PDF/A validator approves, and what a records system asks of
a filed document. We claim what we can prove.

The render step's PDF is prepared with pikepdf's PDF/A tools: one sRGB output
intent (the profile pikepdf ships), XMP rewritten to declare PDF/A-2b and to
agree with the document information. The file written is then validated, and
a file that does not pass is refused, never written half-conforming.
Deterministic: the metadata date is the document's own (invariant) date, and
the file id is computed from the content.
"""

from __future__ import annotations

import io

FLAVOUR = "2b"


class ArchiveError(RuntimeError):
    """A document could not be made into a PDF/A file that passes validation (a fault of ours, not the input's)."""


def to_archive(pdf: bytes, document: str) -> bytes:
    """The same document as PDF/A-2b, validated; raises ArchiveError when validation fails."""
    import pikepdf  # only archive runs pay for loading it
    from pikepdf import pdfa

    with pikepdf.open(io.BytesIO(pdf)) as doc:
        pdfa.prepare(doc, FLAVOUR, output_intent="sRGB")
        with doc.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as meta:
            meta["xmp:MetadataDate"] = meta["xmp:ModifyDate"]  # the invariant date, not the clock's
        settings = pdfa.resolve_save_kwargs(FLAVOUR, deterministic_id=True)
        out = io.BytesIO()
        doc.save(out, **settings)
    archived = out.getvalue()
    report = pdfa.validate_written(io.BytesIO(archived), FLAVOUR, save_kwargs=settings)
    if not report.passed:
        findings = "; ".join(str(finding) for finding in report.findings[:3])
        raise ArchiveError(f"the {document} did not pass PDF/A-{FLAVOUR} validation: {findings}")
    return archived
