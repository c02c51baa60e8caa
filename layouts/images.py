"""Images (logos) decoded, hashed and compressed once per process, then placed in any number of PDFs.

`canvas.drawImage` hashes an image's pixels and compresses them again for
every document, which for one small logo was a quarter of the time it took
to make a patient's three documents. Here that work is done once per process
and each document only registers the ready-made image object. The PDF is
the same, byte for byte, as drawImage writes: a test compares them.
"""

from __future__ import annotations

import copy
import functools
from dataclasses import dataclass
from pathlib import Path

from reportlab.lib.utils import ImageReader, _digester
from reportlab.pdfbase.pdfdoc import PDFImageXObject, PDFObjectReference
from reportlab.pdfgen.canvas import Canvas


@dataclass(frozen=True)
class SharedImage:
    name: str  # what drawImage would name it: a digest of the pixels and the mask
    xobject: PDFImageXObject  # compressed once; copied into each document
    smask: PDFImageXObject | None  # the alpha channel, as a soft mask
    size: tuple[int, int]  # pixels


@functools.cache
def shared_image(path: Path) -> SharedImage:
    """Read, hash and compress an image once per process (transparency kept as a soft mask)."""
    reader = ImageReader(str(path))
    pixels = reader.getRGBData()  # sets reader._dataA, the alpha channel, as drawImage relies on
    alpha = reader._dataA
    mask_data = alpha.getRGBData() if alpha else b"auto"
    name = _digester(pixels + mask_data)
    xobject = PDFImageXObject(name, reader, mask="auto")
    xobject.name = name
    smask = getattr(xobject, "_smask", None)
    if smask is not None:
        del xobject._smask
    return SharedImage(name, xobject, smask, reader.getSize())


def draw_shared_image(canvas: Canvas, image: SharedImage, x: float, y: float, width: float, height: float) -> None:
    """What canvas.drawImage(..., mask="auto") does, without hashing or compressing the pixels again."""
    canvas._currentPageHasImages = 1
    doc = canvas._doc
    registered = doc.getXObjectName(image.name)
    if doc.idToObject.get(registered) is None:
        xobject = copy.copy(image.xobject)
        canvas._setXObjects(xobject)
        doc.Reference(xobject, registered)
        doc.addForm(image.name, xobject)
        if image.smask is not None:
            smask = copy.copy(image.smask)
            smask_name = doc.getXObjectName(smask.name)
            if doc.idToObject.get(smask_name) is None:
                canvas._setXObjects(smask)
                xobject.smask = doc.Reference(smask, smask_name)
            else:
                xobject.smask = PDFObjectReference(smask_name)
    canvas.saveState()
    canvas.translate(x, y)
    canvas.scale(width, height)
    canvas._code.append(f"/{registered} Do")
    canvas.restoreState()
    canvas._formsinuse.append(image.name)
