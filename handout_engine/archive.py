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

The file is PDF/UA-1 as well, and says so: pikepdf's rewrite keeps only the
schemas PDF/A predefines, so the PDF/UA identification (pdfuaid:part) is put
back with the XMP extension schema that PDF/A-2 asks for a property outside
them (ISO 19005-2, 6.6.2.3.2), as PDF/UA's own guidance does. pikepdf's
validator knows no extension schemas: it reports that property and the
schema's own namespaces as not permitted, and those five findings, exactly,
are the ones not held against the file (`pdf_a_findings`).

A fillable consent form (`--fillable --archive`) is filed with its fields, as
PDF/A-2 allows: each widget keeps only its normal appearance (the tick box's
is drawn with paths, no font), a text or signature field that has none yet
gets an empty one (the printed line shows through), and nothing runs (no
actions, no JavaScript, NeedAppearances not set). Signed on screen (signing.py),
it stays PDF/A-2b: each signature and filled line is drawn in an embedded font,
and the file keeps PDF 1.7. pikepdf's validator does not support forms, so the
form is checked here against those PDF/A-2 rules (`form_findings`), and
everything else, the fields' looks included, by pikepdf on a copy with the
form flattened into its pages.
Deterministic: the metadata date is the document's own (invariant) date, and
the file id is computed from the content.
"""

from __future__ import annotations

import io

FLAVOUR = "2b"
PDF_UA_ID = "http://www.aiim.org/pdfua/ns/id/"

# The PDF/UA identification's extension schema (ISO 19005-2, 6.6.2.3.2): its namespace, prefix and property.
PDF_UA_EXTENSION = f"""<rdf:Description rdf:about=""
 xmlns:pdfaExtension="http://www.aiim.org/pdfa/ns/extension/"
 xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#"
 xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#">
<pdfaExtension:schemas><rdf:Bag><rdf:li rdf:parseType="Resource">
<pdfaSchema:schema>PDF/UA identification schema</pdfaSchema:schema>
<pdfaSchema:namespaceURI>{PDF_UA_ID}</pdfaSchema:namespaceURI>
<pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>
<pdfaSchema:property><rdf:Seq><rdf:li rdf:parseType="Resource">
<pdfaProperty:name>part</pdfaProperty:name>
<pdfaProperty:valueType>Integer</pdfaProperty:valueType>
<pdfaProperty:category>internal</pdfaProperty:category>
<pdfaProperty:description>The part of ISO 14289 (PDF/UA) the file conforms to</pdfaProperty:description>
</rdf:li></rdf:Seq></pdfaSchema:property>
</rdf:li></rdf:Bag></pdfaExtension:schemas>
</rdf:Description>
"""
# What pikepdf's validator (which reads no extension schemas) says of exactly that, and nothing else.
_EXTENSION_RULE = "ISO_19005_2:6.6.2.3.1-1"
_EXTENSION_FINDINGS = frozenset(
    {
        "XMP property pdfuaid:part is not permitted",
        "XMP property pdfaExtension:schemas is not permitted",
        "XMP namespace pdfaExtension=http://www.aiim.org/pdfa/ns/extension/ is not permitted",
        "XMP namespace pdfaSchema=http://www.aiim.org/pdfa/ns/schema# is not permitted",
        "XMP namespace pdfaProperty=http://www.aiim.org/pdfa/ns/property# is not permitted",
    }
)


# What it says of the one developer extension a PAdES signature declares (ISO 32000-1, 7.12): ETSI's, on PDF 1.7,
# which the catalog may carry in PDF/A-2; pikepdf reads only Adobe's, and reports it as not checked. (ISO 32002's,
# on PDF 2.0, is never written into a PDF/A file: consent_form.FormUpdate.)
_EXTENSIONS_RULE = "pikepdf:schema-Extensions"
_SIGNATURE_EXTENSION = "/Extensions (Extensions) /ESIC"


def _held_against(finding) -> bool:
    if finding.rule == _EXTENSION_RULE and finding.message in _EXTENSION_FINDINGS:
        return False
    return not (
        finding.rule == _EXTENSIONS_RULE
        and str(finding.kind).endswith("unsupported")
        and str(finding.where).endswith(_SIGNATURE_EXTENSION)
    )


class ArchiveError(RuntimeError):
    """A document could not be made into a PDF/A file that passes validation (a fault of ours, not the input's)."""


def to_archive(pdf: bytes, document: str) -> bytes:
    """The same document as PDF/A-2b, validated; raises ArchiveError when validation fails."""
    import pikepdf  # only archive runs pay for loading it
    from pikepdf import pdfa

    with pikepdf.open(io.BytesIO(pdf)) as doc:
        pdfa.prepare(doc, FLAVOUR, output_intent="sRGB")
        _fields_for_archive(doc)
        with doc.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as meta:
            meta["xmp:MetadataDate"] = meta["xmp:ModifyDate"]  # the invariant date, not the clock's
            meta["pdfuaid:part"] = "1"
        packet = doc.Root.Metadata.read_bytes().decode("utf-8")
        doc.Root.Metadata.write(packet.replace("</rdf:RDF>", PDF_UA_EXTENSION + "</rdf:RDF>", 1).encode("utf-8"))
        settings = pdfa.resolve_save_kwargs(FLAVOUR, deterministic_id=True)
        out = io.BytesIO()
        doc.save(out, **settings)
    archived = out.getvalue()
    findings = pdf_a_findings(archived, settings)
    if findings:
        raise ArchiveError(f"the {document} did not pass PDF/A-{FLAVOUR} validation: {'; '.join(findings[:3])}")
    return archived


def pdf_a_findings(pdf: bytes, settings: dict | None = None) -> list[str]:
    """What stops `pdf` being PDF/A-2b; [] for a file that passes.

    pikepdf's validator, less what it says of the PDF/UA identification's
    extension schema and of a signature's declared extensions (it reads
    neither); for a form, its fields checked by `form_findings` and the rest,
    their looks included, by pikepdf on a copy with the form flattened.
    """
    import pikepdf
    from pikepdf import pdfa

    findings: list[str] = []
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        if "/AcroForm" in doc.Root:
            findings += form_findings(doc)
            _without_fields(doc)
            copy = io.BytesIO()
            doc.save(copy, **(settings or pdfa.resolve_save_kwargs(FLAVOUR, deterministic_id=True)))
            pdf = copy.getvalue()
    report = pdfa.validate_written(io.BytesIO(pdf), FLAVOUR, save_kwargs=settings)
    return findings + [str(finding) for finding in report.findings if _held_against(finding)]


# ------------------------------------------------------------ fillable forms (ISO 19005-2, 6.3 and 6.4)

_PRINT, _HIDDEN_FLAGS = 4, 1 | 2 | 32 | 256  # annotation flags: Print; Invisible, Hidden, NoView, ToggleNoView


def _widgets(doc) -> list:
    return [
        annotation
        for page in doc.pages
        for annotation in page.get("/Annots", [])
        if annotation.get("/Subtype") == "/Widget"
    ]


def _fields_for_archive(doc) -> None:
    """Each widget with its normal appearance only (6.3.3); an empty one for a field that has none yet."""
    import pikepdf

    if "/AcroForm" not in doc.Root:
        return
    for widget in _widgets(doc):
        appearance = widget.get("/AP")
        if appearance is None:
            x0, y0, x1, y1 = (float(v) for v in widget.Rect)
            empty = doc.make_stream(b"/Tx BMC EMC", Type=pikepdf.Name.XObject, Subtype=pikepdf.Name.Form)
            empty.BBox = [0, 0, round(x1 - x0, 2), round(y1 - y0, 2)]
            empty.Resources = pikepdf.Dictionary()
            widget.AP = pikepdf.Dictionary(N=empty)
        else:
            for key in [key for key in appearance if key != "/N"]:  # the down (/D) and rollover (/R) looks
                del appearance[key]
    form = doc.Root.AcroForm
    if "/NeedAppearances" in form:
        del form["/NeedAppearances"]


def form_findings(doc) -> list[str]:
    """What in a form PDF/A-2b forbids: each rule checked on every widget (pikepdf's validator has no forms)."""
    import pikepdf

    findings = []
    form = doc.Root.AcroForm
    if "/XFA" in form:
        findings.append("6.4.2: the form is an XFA form")
    if bool(form.get("/NeedAppearances", False)):
        findings.append("6.4.1: NeedAppearances is true")
    for widget in _widgets(doc):
        name = str(widget.get("/T", "?"))
        flags = int(widget.get("/F", 0))
        if not flags & _PRINT or flags & _HIDDEN_FLAGS:
            findings.append(f"6.3.2: field {name} is not printed, or hidden")
        if "/A" in widget or "/AA" in widget:
            findings.append(f"6.4.1: field {name} has an action")
        appearance = widget.get("/AP")
        if appearance is None or set(appearance.keys()) != {"/N"}:
            findings.append(f"6.3.3: field {name} has no appearance, or more than its normal one")
            continue
        normal = appearance.N
        is_button = widget.get("/FT") == "/Btn"
        streams = list(normal.values()) if is_button and not isinstance(normal, pikepdf.Stream) else [normal]
        if is_button == isinstance(normal, pikepdf.Stream) or not all(isinstance(x, pikepdf.Stream) for x in streams):
            findings.append(f"6.3.3: field {name}'s normal appearance is not of its kind")
    return findings


def _without_fields(doc) -> None:
    """The document without its form, each field's look drawn onto its page: what pikepdf's validator can judge.

    Flattening (qpdf's) puts every widget's normal appearance into the page
    it is on, so what a field shows (a signature's name in its embedded
    font, a filled-in date, a ticked box) is validated like the page itself:
    fonts embedded, widths consistent, colours in the output intent.
    """
    form = doc.Root.AcroForm
    if "/DR" in form:
        # What typing into a field would use (Helvetica, unembedded; its encodings): qpdf would copy it into every
        # look it flattens, though none draws with it. What each look does draw with is in its own resources.
        del form["/DR"]
    doc.flatten_annotations("all")
    for page in doc.pages:
        if "/Annots" in page:
            kept = [a for a in page.Annots if a.get("/Subtype") != "/Widget"]
            if kept:
                page.Annots = kept
            else:
                del page["/Annots"]
    if "/AcroForm" in doc.Root:
        del doc.Root["/AcroForm"]
