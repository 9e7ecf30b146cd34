#!/usr/bin/env python3
"""Generate the PDF/DOCX extraction fixtures in fixtures/documents/.

Run through scripts/make-doc-fixtures.sh, which checks the tools first.
Every person, company, e-mail address and phone number here is invented
(names like "Alex Example", addresses @example.com, phones 555-01xx).

Needs: Python >= 3.9 with reportlab and python-docx (pip), the `qpdf` CLI
(encryption), LibreOffice `soffice` (only for legacy.doc) and msoffcrypto-tool
(pip; only for password.docx).  Output is byte-for-byte reproducible for
every file except legacy.doc (LibreOffice stamps the conversion time into the
OLE2 file) and password.docx (random salt); pass --skip-legacy-doc or
--skip-encrypted-docx to keep the committed ones.
"""

from __future__ import annotations

import argparse
import io
import os
import random
import shutil
import subprocess
import sys
import tempfile
import zipfile
import zlib
from pathlib import Path

from reportlab.lib.pagesizes import LETTER
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

import docx
from docx.oxml import parse_xml
from docx.shared import Pt

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "fixtures" / "documents"

# Fixed stamp for ZIP entries and document properties (reproducible output).
ZIP_DATE = (2024, 1, 1, 0, 0, 0)
OWNER_PASSWORD = "owner-secret"
USER_PASSWORD = "user-secret"


# --------------------------------------------------------------------------
# small helpers
# --------------------------------------------------------------------------

def write(name: str, data: bytes) -> None:
    (OUT / name).write_bytes(data)


def new_canvas(buf: io.BytesIO, pagesize=LETTER, compress: int = 1, title: str = "Resume"):
    # invariant=1: fixed creation date and document ID -> reproducible bytes.
    c = canvas.Canvas(buf, pagesize=pagesize, invariant=1, pageCompression=compress)
    c.setAuthor("resume-screen fixtures (synthetic)")
    c.setTitle(title)
    c.setCreator("scripts/make_doc_fixtures.py")
    return c


class Lines:
    """Tiny top-down text cursor for reportlab canvases."""

    def __init__(self, c, x: float, y: float, font: str = "Helvetica", size: float = 10.5, leading: float = 14):
        self.c, self.x, self.y = c, x, y
        self.font, self.size, self.leading = font, size, leading

    def heading(self, text: str, size: float = 13) -> None:
        self.y -= 6
        self.c.setFont("Helvetica-Bold", size)
        self.c.drawString(self.x, self.y, text)
        self.y -= self.leading + 2

    def line(self, text: str, indent: float = 0) -> None:
        self.c.setFont(self.font, self.size)
        self.c.drawString(self.x + indent, self.y, text)
        self.y -= self.leading

    def gap(self, h: float = 6) -> None:
        self.y -= h


def run(cmd: list[str], **kw) -> subprocess.CompletedProcess:
    return subprocess.run(cmd, check=True, **kw)


# --------------------------------------------------------------------------
# minimal hand-written PDF builder, for the crafted (hostile) files
# --------------------------------------------------------------------------

def pdf_stream(data: bytes, extra: bytes = b"", compress: bool = True) -> bytes:
    if compress:
        data = zlib.compress(data, 9)
        extra = b"/Filter /FlateDecode " + extra
    return b"<< " + extra + b"/Length %d >>\nstream\n" % len(data) + data + b"\nendstream"


def raw_pdf(objects: list[bytes], root: int = 1, version: bytes = b"1.4") -> bytes:
    """Serialise objects 1..n with a correct classic xref table."""
    out = bytearray(b"%PDF-" + version + b"\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for num, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % num + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, root, xref)
    return bytes(out)


def raw_pdf_objstm(objects: list[bytes], compressed: set[int], root: int = 1) -> bytes:
    """Like raw_pdf, but objects whose numbers are in `compressed` go into one
    Flate-compressed object stream, with a cross-reference stream (PDF 1.5)."""
    n = len(objects)
    objstm_num, xref_num = n + 1, n + 2
    header, body = [], bytearray()
    index = {}
    for num in sorted(compressed):
        index[num] = len(header)
        header.append(b"%d %d" % (num, len(body)))
        body += objects[num - 1] + b"\n"
    first = b" ".join(header) + b"\n"
    out = bytearray(b"%PDF-1.5\n%\xe2\xe3\xcf\xd3\n")
    offsets = {}
    for num, obj in enumerate(objects, 1):
        if num in compressed:
            continue
        offsets[num] = len(out)
        out += b"%d 0 obj\n" % num + obj + b"\nendobj\n"
    offsets[objstm_num] = len(out)
    out += b"%d 0 obj\n" % objstm_num + pdf_stream(
        first + bytes(body), b"/Type /ObjStm /N %d /First %d " % (len(header), len(first))) + b"\nendobj\n"
    offsets[xref_num] = len(out)
    rows = [bytes([0]) + (0).to_bytes(4, "big") + (65535).to_bytes(2, "big")]
    for num in range(1, xref_num + 1):
        if num in compressed:
            rows.append(bytes([2]) + objstm_num.to_bytes(4, "big") + index[num].to_bytes(2, "big"))
        else:
            rows.append(bytes([1]) + offsets[num].to_bytes(4, "big") + (0).to_bytes(2, "big"))
    out += b"%d 0 obj\n" % xref_num + pdf_stream(
        b"".join(rows), b"/Type /XRef /Size %d /W [1 4 2] /Root %d 0 R " % (xref_num + 1, root)) + b"\nendobj\n"
    out += b"startxref\n%d\n%%%%EOF\n" % offsets[xref_num]
    return bytes(out)


HELV = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"


def text_ops(lines: list[str], x: int = 72, y: int = 720, size: int = 11, leading: int = 15) -> bytes:
    def esc(s: str) -> bytes:
        return s.encode("cp1252").replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")
    ops = [b"BT /F1 %d Tf %d TL %d %d Td" % (size, leading, x, y)]
    for ln in lines:
        ops.append(b"(" + esc(ln) + b") Tj T*")
    ops.append(b"ET")
    return b"\n".join(ops) + b"\n"


# --------------------------------------------------------------------------
# PDFs with a text layer (reportlab)
# --------------------------------------------------------------------------

def make_one_column() -> bytes:
    buf = io.BytesIO()
    c = new_canvas(buf, title="Alex Example - Backend Python Developer")
    w, h = LETTER
    t = Lines(c, 72, h - 72)
    c.setFont("Helvetica-Bold", 20)
    c.drawString(72, t.y, "Alex Example")
    t.y -= 20
    t.line("Backend Python Developer  |  alex.example@example.com  |  555-0142  |  Example City")
    t.heading("Summary")
    t.line("Backend engineer with 7 years of Python 3 experience building HTTP APIs and data services.")
    t.line("Strong focus on typed code (mypy --strict), automated testing with pytest and observability.")
    t.heading("Experience")
    t.line("Senior Backend Engineer, Example Payments Ltd (2020 - present)")
    t.line("- Designed a FastAPI service on PostgreSQL that sustains 38,000 requests/second at p99 < 40 ms.", 10)
    t.line("- Introduced type hints and mypy in CI across 120k lines; pytest coverage from 61% to 92%.", 10)
    t.line("- Moved background jobs to Celery with Redis; built Prometheus dashboards and alerts.", 10)
    t.gap()
    t.line("Backend Developer, Sample Logistics GmbH (2017 - 2020)")
    t.line("- Built Django REST Framework APIs for shipment tracking; PostgreSQL query tuning.", 10)
    t.line("- Containerised services with Docker and deployed them on Kubernetes.", 10)
    t.heading("Skills")
    t.line("Python 3.12, FastAPI, Django, SQLAlchemy, PostgreSQL, Redis, Celery, pytest, mypy, Docker")
    t.heading("Education")
    t.line("BSc Computer Science, University of Example (2017)")
    c.setFont("Helvetica", 8)
    c.drawString(72, 40, "Alex Example - page 1 of 2")
    c.showPage()

    t = Lines(c, 72, h - 72)
    t.heading("Open source")
    t.line("- Maintainer of example-orm-utils, a typed helper library for SQLAlchemy 2.0 (pytest, hypothesis).")
    t.line("- Contributed async connection pool fixes to an asyncpg-based driver.")
    t.heading("Talks")
    t.line("- \"Profiling async Python in production\", Example PyCon 2023.")
    t.heading("Languages")
    t.line("English (fluent), Example Esperanto (basic)")
    c.setFont("Helvetica", 8)
    c.drawString(72, 40, "Alex Example - page 2 of 2")
    c.showPage()
    c.save()
    return buf.getvalue()


def make_two_column() -> bytes:
    """Left column: skills list; right column: experience.

    The content stream draws the whole left column first, then the right one,
    so stream order == reading order; but the rows line up horizontally, so an
    extractor that merges text by y coordinate (like `pdftotext -layout`)
    interleaves the columns and breaks the expected order/phrases.
    """
    buf = io.BytesIO()
    c = new_canvas(buf, title="Sam Placeholder - Python Developer")
    w, h = LETTER
    c.setFont("Helvetica-Bold", 20)
    c.drawString(40, h - 60, "Sam Placeholder")
    c.setFont("Helvetica", 10)
    c.drawString(40, h - 78, "Python Developer  |  sam.placeholder@example.com  |  555-0177")
    c.setLineWidth(0.5)
    c.line(200, h - 95, 200, 60)

    top = h - 120
    left = Lines(c, 40, top, size=10, leading=12.5)
    left.heading("Skills", 12)
    for s in ["Python 3", "Django", "Flask", "FastAPI", "PostgreSQL", "Redis", "pytest",
              "mypy", "Docker", "Kubernetes", "Terraform", "GitLab CI"]:
        left.line(s)
    left.heading("Languages", 12)
    left.line("English, Example Spanish")

    # The right column starts 7 pt lower than the left one, so the two column
    # headings do not share a baseline (poppler's reading-order heuristic
    # then also reads column by column).
    right = Lines(c, 215, top - 7, size=10, leading=12.5)
    right.heading("Experience", 12)
    right.line("Lead Python Engineer, Placeholder Analytics (2021 - present)")
    right.line("Rebuilt the reporting API in Django and Celery; cut p95 latency by 70%.", 8)
    right.line("Owned the PostgreSQL schema migrations for 40 services.", 8)
    right.gap()
    right.line("Python Developer, Widget Example Inc. (2018 - 2021)")
    right.line("Wrote Flask microservices with SQLAlchemy and full pytest suites.", 8)
    right.line("Added type hints and mypy checks to the shared libraries.", 8)
    right.heading("Education", 12)
    right.line("MSc Software Engineering, Example Institute of Technology")
    c.showPage()
    c.save()
    return buf.getvalue()


def make_ligatures() -> bytes:
    """Embedded TrueType (Bitstream Vera, shipped with reportlab) drawing the
    presentation-form ligature characters U+FB01 (fi) and U+FB02 (fl).  The
    font's ToUnicode CMap maps those glyphs to U+FB01/U+FB02, so a raw
    extractor returns e.g. "conﬁguration"; NFKC turns it into "configuration"."""
    import reportlab
    vera = Path(reportlab.__file__).parent / "fonts" / "Vera.ttf"
    pdfmetrics.registerFont(TTFont("VeraFixture", str(vera)))
    buf = io.BytesIO()
    c = new_canvas(buf, title="Robin Testcase - Python Developer")
    w, h = LETTER
    t = Lines(c, 72, h - 72, font="VeraFixture", size=11, leading=16)
    c.setFont("VeraFixture", 18)
    c.drawString(72, t.y, "Robin Testcase")
    t.y -= 22
    t.line("Python developer  |  robin.testcase@example.com  |  555-0163")
    t.gap()
    t.line("Experience")
    t.line("- Built ﬂask services with SQLAlchemy and wrote the deployment conﬁguration in Ansible.")
    t.line("- Replaced a manual release workﬂow with GitHub Actions; added pytest ﬁxtures for the API.")
    t.line("- Proﬁling and speeding up Django views; ofﬂine batch jobs with Celery.")
    t.line("- Certiﬁed in PostgreSQL administration; ﬁrst-line on-call for the platform team.")
    c.showPage()
    c.save()
    return buf.getvalue()


def make_small_text_pdf(name: str, lines: list[str], title: str) -> bytes:
    buf = io.BytesIO()
    c = new_canvas(buf, title=title)
    w, h = LETTER
    t = Lines(c, 72, h - 72)
    c.setFont("Helvetica-Bold", 18)
    c.drawString(72, t.y, name)
    t.y -= 24
    for ln in lines:
        t.line(ln)
    c.showPage()
    c.save()
    return buf.getvalue()


def make_cjk_type0() -> bytes:
    """A Latin page plus one line set in an Adobe-standard (non-embedded) CJK
    font.  reportlab writes it as a Type0 font with the predefined CMap
    /Encoding /UniGB-UCS2-H, which pdf-extract 0.12.1 does not support:
    PdfCIDFont::new panics with "unsupported encoding UniGB-UCS2-H"."""
    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    buf = io.BytesIO()
    c = new_canvas(buf, title="Casey Fixture - Python Developer")
    w, h = LETTER
    t = Lines(c, 72, h - 72)
    c.setFont("Helvetica-Bold", 18)
    c.drawString(72, t.y, "Casey Fixture")
    t.y -= 24
    t.line("Python Developer  |  casey.fixture@example.com  |  555-0188")
    t.line("Built Django and FastAPI services on PostgreSQL; tests with pytest.")
    t.gap()
    c.setFont("STSong-Light", 11)
    # "Python 开发工程师" = "Python development engineer" (synthetic)
    c.drawString(72, t.y, "Python \u5f00\u53d1\u5de5\u7a0b\u5e08")
    t.y -= 16
    t.line("Languages: English, Mandarin (fluent)")
    c.showPage()
    c.save()
    return buf.getvalue()


# --------------------------------------------------------------------------
# image-only PDF (no text layer)
# --------------------------------------------------------------------------

def make_image_only() -> bytes:
    from PIL import Image, ImageDraw, ImageFont
    import reportlab
    vera = str(Path(reportlab.__file__).parent / "fonts" / "Vera.ttf")
    dpi = 150
    wpx, hpx = int(8.5 * dpi), int(11 * dpi)
    img = Image.new("L", (wpx, hpx), 255)
    d = ImageDraw.Draw(img)
    big = ImageFont.truetype(vera, 40)
    small = ImageFont.truetype(vera, 24)
    y = 150
    d.text((150, y), "Jamie Scanned", font=big, fill=0)
    y += 70
    for ln in ["Python developer  |  jamie.scanned@example.com  |  555-0119",
               "",
               "Experience",
               "- Django and FastAPI services on PostgreSQL",
               "- pytest, mypy, Docker, Kubernetes",
               "- 38,000 requests/second payment gateway"]:
        d.text((150, y), ln, font=small, fill=0)
        y += 40
    # slight skew like a real scan
    img = img.rotate(0.6, resample=Image.BICUBIC, fillcolor=255)
    bw = img.point(lambda p: 255 if p > 140 else 0).convert("1")
    # 1-bit DeviceGray image, Flate-compressed: PIL packs rows MSB-first,
    # 1 = white, which matches /Decode [0 1] for DeviceGray.
    raw = bw.tobytes()
    page_w, page_h = 612, 792
    content = b"q %d 0 0 %d 0 0 cm /Im0 Do Q\n" % (page_w, page_h)
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %d %d] /Resources << /XObject << /Im0 4 0 R >> >> /Contents 5 0 R >>" % (page_w, page_h),
        pdf_stream(raw, b"/Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceGray /BitsPerComponent 1 " % (wpx, hpx)),
        pdf_stream(content),
    ]
    return raw_pdf(objs)


# --------------------------------------------------------------------------
# hostile PDFs
# --------------------------------------------------------------------------

def make_deep_nesting(depth: int = 100_000) -> bytes:
    """100k-deep nesting in two places, aimed at recursive-descent parsers
    (stack overflow): (1) the page content stream has a TJ operand that is a
    100k-deep array; (2) the page's /PieceInfo object (kept in a compressed
    object stream, so the file stays small) holds a 100k-deep array and a
    100k-deep dictionary.  The visible text is drawn before the junk, so an
    extractor that bounds nesting and skips the bad operand can still read it."""
    arr = b"[" * depth + b"1" + b"]" * depth
    dic = b"<< /A " * depth + b"1" + b" >>" * depth
    content = text_ops(["Drew Nested", "Python developer - deep-nesting fixture"]) + \
        b"BT /F1 11 Tf 72 600 Td " + arr + b" TJ ET\n"
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R /PieceInfo 6 0 R >>",
        HELV,
        pdf_stream(content),
        b"<< /Deep " + arr + b" /Deeper " + dic + b" >>",
    ]
    return raw_pdf_objstm(objs, compressed={6})


def make_xobject_cycle() -> bytes:
    """A form XObject whose content invokes itself (/Fm0 Do inside /Fm0).
    Interpreters that recurse into forms without a cycle check recurse
    without bound."""
    page = text_ops(["Lee Cycle", "Python developer - xobject-cycle fixture"]) + b"q /Fm0 Do Q\n"
    form = b"q 1 0 0 1 0 0 cm /Fm0 Do Q\n"
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 4 0 R >> /XObject << /Fm0 6 0 R >> >> /Contents 5 0 R >>",
        HELV,
        pdf_stream(page),
        pdf_stream(form, b"/Type /XObject /Subtype /Form /BBox [0 0 612 792] /Resources << /XObject << /Fm0 6 0 R >> >> "),
    ]
    return raw_pdf(objs)


def make_slow(levels: int = 10, fanout: int = 10, leaf_ops: int = 100) -> bytes:
    """A "billion laughs" of form XObjects: the page calls X0 `fanout` times,
    each Xi calls X(i+1) `fanout` times, ... so the leaf form runs
    fanout**levels times (10**10 here) although the file is tiny.  The leaf
    draws no text, so a naive interpreter burns CPU rather than memory."""
    page = text_ops(["Pat Slow", "Python developer - slow fixture"]) + b"/X0 Do\n" * fanout
    first_form = 6
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 4 0 R >> /XObject << /X0 %d 0 R >> >> /Contents 5 0 R >>" % first_form,
        HELV,
        pdf_stream(page),
    ]
    for i in range(levels):
        if i + 1 < levels:
            body = b"/X%d Do\n" % (i + 1) * fanout
            res = b"/Resources << /XObject << /X%d %d 0 R >> >> " % (i + 1, first_form + i + 1)
        else:
            body = b"1 0 0 1 0 0 cm\n" * leaf_ops
            res = b"/Resources << >> "
        objs.append(pdf_stream(body, b"/Type /XObject /Subtype /Form /BBox [0 0 612 792] " + res))
    return raw_pdf(objs)


def make_memory_bomb(decompressed: int = 256 * 1024 * 1024, layers: int = 3) -> bytes:
    """A ~1 KB file whose second content stream (of the page's two) is Flate-compressed
    `layers` times over (/Filter [/FlateDecode /FlateDecode /FlateDecode]) and
    inflates to 256 MiB of "q\\n" (save graphics state, never restored).
    Neither lopdf nor pdf-extract caps decompression; pdf-extract then parses
    128M operations and clones the graphics state for each `q` (~1.1 KB per
    2 input bytes): tens of GB."""
    op = b"q\n"
    chunk = op * ((1 << 20) // len(op))
    comp = zlib.compressobj(9)
    data = bytearray()
    for _ in range(decompressed // len(chunk)):
        data += comp.compress(chunk)
    data += comp.flush()
    data = bytes(data)
    for _ in range(layers - 1):
        data = zlib.compress(data, 9)
    page = text_ops(["Kim Bomb", "Python developer - memory-bomb fixture"])
    filters = b"/Filter [" + b"/FlateDecode " * layers + b"] "
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 4 0 R >> >> /Contents [5 0 R 6 0 R] >>",
        HELV,
        pdf_stream(page),
        b"<< " + filters + b"/Length %d >>\nstream\n" % len(data) + data + b"\nendstream",
    ]
    return raw_pdf(objs)


# --------------------------------------------------------------------------
# encryption (qpdf CLI)
# --------------------------------------------------------------------------

def qpdf_decrypted(data: bytes, password: str) -> bytes:
    with tempfile.TemporaryDirectory() as tmp:
        i, o = Path(tmp, "in.pdf"), Path(tmp, "out.pdf")
        i.write_bytes(data)
        run(["qpdf", "--static-id", f"--password={password}", "--decrypt", str(i), str(o)])
        return o.read_bytes()


def qpdf_encryption_info(data: bytes, password: str) -> str:
    with tempfile.TemporaryDirectory() as tmp:
        i = Path(tmp, "in.pdf")
        i.write_bytes(data)
        return subprocess.run(["qpdf", f"--password={password}", "--show-encryption", str(i)],
                              capture_output=True, text=True).stdout


def write_encrypted(name: str, fresh: bytes, password: str) -> None:
    """AES-256 (R6) output is never byte-identical: qpdf draws the salts and
    the file key at random and has no option to fix them.  Keep the existing
    file when it decrypts to the same document with the same settings, so
    regenerating does not churn git."""
    path = OUT / name
    if path.exists():
        old = path.read_bytes()
        try:
            same = (qpdf_decrypted(old, password) == qpdf_decrypted(fresh, password)
                    and qpdf_encryption_info(old, password) == qpdf_encryption_info(fresh, password))
        except subprocess.CalledProcessError:
            same = False
        if same:
            return
    path.write_bytes(fresh)


def qpdf_encrypt(src: bytes, user: str, owner: str, bits: str, extra: list[str]) -> bytes:
    with tempfile.TemporaryDirectory() as tmp:
        i, o = Path(tmp, "in.pdf"), Path(tmp, "out.pdf")
        i.write_bytes(src)
        # --static-id / --static-aes-iv: reproducible output (qpdf testing
        # options; fine for fixtures, never for real documents).
        run(["qpdf", "--static-id", "--static-aes-iv", "--allow-weak-crypto",
             "--encrypt", user, owner, bits, *extra, "--", str(i), str(o)])
        return o.read_bytes()


# --------------------------------------------------------------------------
# DOCX
# --------------------------------------------------------------------------

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

TEXT_BOX_XML = """
<w:r xmlns:w="{w}" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"
     xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
     xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"
     xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"
     xmlns:v="urn:schemas-microsoft-com:vml">
  <mc:AlternateContent>
    <mc:Choice Requires="wps">
      <w:drawing>
        <wp:anchor distT="0" distB="0" distL="114300" distR="114300" simplePos="0" relativeHeight="251659264"
                   behindDoc="0" locked="0" layoutInCell="1" allowOverlap="1">
          <wp:simplePos x="0" y="0"/>
          <wp:positionH relativeFrom="column"><wp:posOffset>3600000</wp:posOffset></wp:positionH>
          <wp:positionV relativeFrom="paragraph"><wp:posOffset>0</wp:posOffset></wp:positionV>
          <wp:extent cx="2160000" cy="720000"/>
          <wp:effectExtent l="0" t="0" r="0" b="0"/>
          <wp:wrapSquare wrapText="bothSides"/>
          <wp:docPr id="1" name="Text Box 1"/>
          <wp:cNvGraphicFramePr/>
          <a:graphic>
            <a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">
              <wps:wsp>
                <wps:cNvSpPr txBox="1"/>
                <wps:spPr>
                  <a:xfrm><a:off x="0" y="0"/><a:ext cx="2160000" cy="720000"/></a:xfrm>
                  <a:prstGeom prst="rect"><a:avLst/></a:prstGeom>
                  <a:ln w="6350"><a:solidFill><a:srgbClr val="000000"/></a:solidFill></a:ln>
                </wps:spPr>
                <wps:txbx>
                  <w:txbxContent>
                    <w:p><w:r><w:t>Text box: available from March, open to remote work</w:t></w:r></w:p>
                  </w:txbxContent>
                </wps:txbx>
                <wps:bodyPr rot="0" vert="horz" wrap="square" lIns="91440" tIns="45720" rIns="91440" bIns="45720" anchor="t"/>
              </wps:wsp>
            </a:graphicData>
          </a:graphic>
        </wp:anchor>
      </w:drawing>
    </mc:Choice>
    <mc:Fallback>
      <w:pict>
        <v:shapetype id="_x0000_t202" coordsize="21600,21600" path="m,l,21600r21600,l21600,xe"/>
        <v:shape id="Text Box 1" type="#_x0000_t202" style="position:absolute;margin-left:283.5pt;width:170pt;height:56.7pt">
          <v:textbox>
            <w:txbxContent>
              <w:p><w:r><w:t>Text box: available from March, open to remote work</w:t></w:r></w:p>
            </w:txbxContent>
          </v:textbox>
        </v:shape>
      </w:pict>
    </mc:Fallback>
  </mc:AlternateContent>
</w:r>
""".format(w=W_NS)


def fixed_core_properties(d: docx.Document, author: str, title: str) -> None:
    import datetime as dt
    cp = d.core_properties
    cp.author = author
    cp.title = title
    cp.last_modified_by = author
    cp.comments = "synthetic fixture generated by scripts/make_doc_fixtures.py"
    cp.revision = 1
    stamp = dt.datetime(2024, 1, 1, 0, 0, 0)
    cp.created = stamp
    cp.modified = stamp


def docx_bytes(d: docx.Document, drop_thumbnail: bool = True) -> bytes:
    buf = io.BytesIO()
    d.save(buf)
    return rezip(buf.getvalue(), drop={"docProps/thumbnail.jpeg"} if drop_thumbnail else set())


def rezip(data: bytes, drop: set[str] = frozenset(), rename: dict[str, str] | None = None,
          replace: dict[str, bytes] | None = None) -> bytes:
    """Rewrite a zip with fixed timestamps (reproducible), optionally dropping,
    renaming or replacing members."""
    rename = rename or {}
    replace = replace or {}
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for info in src.infolist():
            if info.filename in drop:
                continue
            content = replace.get(info.filename, src.read(info.filename))
            if info.filename == "[Content_Types].xml" and drop:
                for name in drop:
                    content = content.replace(b'<Override PartName="/%s" ContentType="image/jpeg"/>' % name.encode(), b"")
            if info.filename == "_rels/.rels" and drop:
                content = content.replace(
                    b'<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/thumbnail" Target="docProps/thumbnail.jpeg"/>', b"")
            zi = zipfile.ZipInfo(rename.get(info.filename, info.filename), date_time=ZIP_DATE)
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o644 << 16
            z.writestr(zi, content, compresslevel=9)
    return out.getvalue()


def make_resume_docx() -> bytes:
    d = docx.Document()
    fixed_core_properties(d, "Taylor Sample", "Taylor Sample - Senior Python Developer")
    sec = d.sections[0]
    hp = sec.header.paragraphs[0]
    hp.text = "Taylor Sample \u2014 Senior Python Developer"
    fp = sec.footer.paragraphs[0]
    fp.text = "taylor.sample@example.com | 555-0131"

    d.add_heading("Profile", level=1)
    p = d.add_paragraph("Senior Python developer with eight years of backend work at an R&D lab "
                        "and two product companies. Comfortable with typed Python (mypy) and pytest.")
    p.runs[0].font.size = Pt(11)

    d.add_heading("Experience", level=1)
    p = d.add_paragraph()
    r = p.add_run("Senior Backend Engineer")
    r.bold = True
    r.add_break()                       # <w:br/> inside the run
    p.add_run("Example Research Labs R&D, 2019\u2013present")
    p = d.add_paragraph()
    p.add_run("Stack:")
    p.add_run().add_tab()               # <w:tab/>
    p.add_run("Django, Celery, PostgreSQL, Redis")
    d.add_paragraph("Designed a Django REST Framework API serving 12,000 requests/second.", style="List Bullet")
    d.add_paragraph("Moved CI to GitHub Actions with pytest, mypy and coverage gates.", style="List Bullet")

    d.add_heading("Skills", level=1)
    table = d.add_table(rows=1, cols=2)
    table.style = "Table Grid"
    table.rows[0].cells[0].text = "Skill"
    table.rows[0].cells[1].text = "Experience"
    for skill, years in [("Django", "5 years"), ("FastAPI", "3 years"), ("PostgreSQL", "6 years"),
                         ("pytest", "6 years")]:
        cells = table.add_row().cells
        cells[0].text = skill
        cells[1].text = years

    p = d.add_paragraph()
    p._p.append(parse_xml(TEXT_BOX_XML))
    d.add_paragraph("Languages: English, Example German.")
    return docx_bytes(d)


def make_small_docx(name: str, lines: list[str]) -> bytes:
    d = docx.Document()
    fixed_core_properties(d, name, f"{name} - resume")
    d.add_heading(name, level=0)
    for ln in lines:
        d.add_paragraph(ln)
    return docx_bytes(d)


def make_custom_main_part() -> bytes:
    base = make_small_docx("Quinn Relocated", [
        "Python developer | quinn.relocated@example.com | 555-0155",
        "Flask and FastAPI services; SQLAlchemy; PostgreSQL; pytest.",
        "Main document part stored at word/main.xml instead of word/document.xml.",
    ])
    z = zipfile.ZipFile(io.BytesIO(base))
    ct = z.read("[Content_Types].xml").replace(b'PartName="/word/document.xml"', b'PartName="/word/main.xml"')
    rels = z.read("_rels/.rels").replace(b'Target="word/document.xml"', b'Target="word/main.xml"')
    assert b"/word/main.xml" in ct and b"word/main.xml" in rels
    # word/_rels/document.xml.rels belongs to the renamed part: rename it too.
    return rezip(base, rename={"word/document.xml": "word/main.xml",
                               "word/_rels/document.xml.rels": "word/_rels/main.xml.rels"},
                 replace={"[Content_Types].xml": ct, "_rels/.rels": rels})


def make_zip_bomb(uncompressed: int = 210_000_000) -> bytes:
    """A structurally valid DOCX whose word/document.xml inflates to 210 MB
    (a <w:t xml:space="preserve"> full of spaces), streamed through zlib so
    the generator never holds it in memory.  Deflate cannot beat ~1032:1, so
    a single member of > 200 MB cannot be smaller than ~200 KB.  A short real
    paragraph comes first so the first bytes look like a normal resume."""
    head = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<w:document xmlns:w="{W_NS}"><w:body>'
            '<w:p><w:r><w:t>Bo Bomb - Python developer - bo.bomb@example.com</w:t></w:r></w:p>'
            '<w:p><w:r><w:t xml:space="preserve">').encode()
    tail = b"</w:t></w:r></w:p></w:body></w:document>"
    pad = uncompressed - len(head) - len(tail)
    ct = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
          b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
          b'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
          b'<Default Extension="xml" ContentType="application/xml"/>'
          b'<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
          b'</Types>')
    rels = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>'
            b'</Relationships>')
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in [("[Content_Types].xml", ct), ("_rels/.rels", rels)]:
            zi = zipfile.ZipInfo(name, date_time=ZIP_DATE)
            zi.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(zi, data)
        zi = zipfile.ZipInfo("word/document.xml", date_time=ZIP_DATE)
        zi.compress_type = zipfile.ZIP_DEFLATED
        zi.file_size = uncompressed  # lets zipfile pick ZIP64 only if needed
        with z.open(zi, "w") as f:
            f.write(head)
            chunk = b" " * (1 << 20)
            left = pad
            while left:
                n = min(left, len(chunk))
                f.write(chunk[:n])
                left -= n
            f.write(tail)
    return out.getvalue()


def make_lock_file(owner: str = "Taylor Sample") -> bytes:
    """Word owner/lock file (~$name.docx): 162 bytes.  Byte 0 = length of the
    owner name, then the name in the ANSI code page padded with zeros to 54
    bytes, then (at offset 54) the length again as a 16-bit value and the
    name in UTF-16LE, zero-padded to 162 bytes.  Not a zip."""
    b = bytearray(162)
    b[0] = len(owner)
    ansi = owner.encode("cp1252")
    b[1:1 + len(ansi)] = ansi
    b[54] = len(owner)
    b[55] = 0
    u = owner.encode("utf-16-le")
    b[56:56 + len(u)] = u
    return bytes(b)


def make_encrypted_docx(docx_data: bytes, password: str) -> bytes:
    """What Word writes for "Encrypt with Password": an OLE2 compound file (not a
    zip) holding the streams EncryptionInfo and EncryptedPackage (ECMA-376 agile
    encryption).  Needs msoffcrypto-tool (pip).  Not byte-reproducible: the salt
    and key are random, so pass --skip-encrypted-docx to keep the committed file."""
    try:
        from msoffcrypto.format.ooxml import OOXMLFile
    except ImportError:
        raise SystemExit("msoffcrypto-tool not found: pip install msoffcrypto-tool, or pass --skip-encrypted-docx")
    out = io.BytesIO()
    OOXMLFile(io.BytesIO(docx_data)).encrypt(password, out)
    data = out.getvalue()
    assert data.startswith(bytes.fromhex("D0CF11E0A1B11AE1"))
    return data


def make_legacy_doc(docx_data: bytes) -> bytes:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        raise SystemExit("soffice (LibreOffice) not found; install libreoffice-writer-nogui or pass --skip-legacy-doc")
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp, "legacy.docx")
        src.write_bytes(docx_data)
        profile = Path(tmp, "profile").as_uri()
        run([soffice, f"-env:UserInstallation={profile}", "--headless", "--norestore",
             "--convert-to", "doc:MS Word 97", "--outdir", tmp, str(src)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=300)
        data = Path(tmp, "legacy.doc").read_bytes()
    assert data[:8] == bytes.fromhex("D0CF11E0A1B11AE1"), "not an OLE2 file"
    return data


# --------------------------------------------------------------------------
# --verify: check every *.expect.toml against reference extractors
# (poppler's pdftotext for PDFs, a small zip+XML reader for DOCX)
# --------------------------------------------------------------------------

# pdftotext itself hangs or explodes on these; their expectations are about
# our own limits, so they are only checked for being PDFs.
HOSTILE = {"slow.pdf", "memory-bomb.pdf"}


def normalize(text: str) -> str:
    import re
    import unicodedata
    text = unicodedata.normalize("NFKC", text)
    return re.sub(r"[ \t\u00a0]+", " ", text)


def ref_docx_text(data: bytes) -> str:
    import posixpath
    import xml.etree.ElementTree as ET
    R = "{http://schemas.openxmlformats.org/package/2006/relationships}"
    W = "{%s}" % W_NS
    MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
    z = zipfile.ZipFile(io.BytesIO(data))

    def rels(part: str) -> list[tuple[str, str]]:
        d, b = posixpath.split(part)
        name = posixpath.join(d, "_rels", b + ".rels")
        if name not in z.namelist():
            return []
        root = ET.fromstring(z.read(name))
        return [(r.get("Type").rsplit("/", 1)[-1], posixpath.normpath(posixpath.join(d, r.get("Target"))))
                for r in root.iter(R + "Relationship")]

    main = next(t for k, t in rels("") if k == "officeDocument")

    def text(part: str) -> str:
        out: list[str] = []

        def walk(el):
            if el.tag == MC + "Fallback":
                return
            if el.tag == W + "t":
                out.append(el.text or "")
            elif el.tag == W + "tab":
                out.append("\t")
            elif el.tag in (W + "br", W + "cr"):
                out.append("\n")
            for child in el:
                walk(child)
            if el.tag in (W + "p", W + "tc"):
                out.append("\n")

        walk(ET.fromstring(z.read(part)))
        return "".join(out)

    extra = [t for k, t in rels(main) if k in ("header", "footer")]
    return "\n".join([text(p) for p in extra if "header" in p] + [text(main)] + [text(p) for p in extra if "footer" in p])


def verify() -> int:
    import tomllib
    failures = 0
    for exp in sorted(OUT.glob("*.expect.toml")):
        base = exp.name[: -len(".expect.toml")]
        doc = OUT / base if (OUT / base).is_file() else next(
            p for p in OUT.iterdir() if p.is_file() and not p.name.endswith(".toml")
            and p.name != "README.md" and p.name.rsplit(".", 1)[0] == base)
        spec = tomllib.loads(exp.read_text(encoding="utf-8"))
        data = doc.read_bytes()
        allowed = set(spec.get("error_any", [])) | ({spec["error"]} if "error" in spec else set())
        if not allowed:
            allowed = {"ok"}
        outcome, text, pages, note = None, "", None, ""
        if not data:
            outcome = "empty"
        elif doc.name in HOSTILE:
            outcome, note = "skipped", "hostile: reference extractor not run"
        elif b"%PDF-" in data[:1024]:
            enc = subprocess.run(["qpdf", "--requires-password", str(doc)], capture_output=True)
            if enc.returncode == 0:
                outcome = "encrypted"
            else:
                r = subprocess.run(["pdftotext", "-q", str(doc), "-"], capture_output=True, timeout=60)
                info = subprocess.run(["pdfinfo", str(doc)], capture_output=True, text=True, timeout=60)
                for ln in info.stdout.splitlines():
                    if ln.startswith("Pages:"):
                        pages = int(ln.split()[1])
                if r.returncode != 0:
                    outcome = "corrupt"
                else:
                    text = normalize(r.stdout.decode("utf-8", "replace"))
                    outcome = "ok" if text.strip() else "no_text"
        elif data[:4] == b"PK\x03\x04":
            z = zipfile.ZipFile(io.BytesIO(data))
            if sum(i.file_size for i in z.infolist()) > 50 * 1024 * 1024:
                outcome = "too_large"
            else:
                text = normalize(ref_docx_text(data))
                outcome = "ok" if text.strip() else "no_text"
        else:
            outcome = "unsupported_format"
        problems = []
        if outcome == "skipped":
            if data[:5] != b"%PDF-":
                problems.append("not a PDF")
        elif outcome not in allowed:
            problems.append(f"outcome {outcome!r}, expected one of {sorted(allowed)}")
        if outcome == "ok":
            for phrase in spec.get("text_contains", []):
                if phrase not in text:
                    problems.append(f"missing {phrase!r}")
            pos = 0
            for phrase in spec.get("text_order", []):
                i = text.find(phrase, pos)
                if i < 0:
                    problems.append(f"order: {phrase!r} not found after offset {pos}")
                    break
                pos = i + len(phrase)
            if "pages" in spec and pages is not None and pages != spec["pages"]:
                problems.append(f"pages {pages} != {spec['pages']}")
        status = "FAIL" if problems else "ok  "
        failures += bool(problems)
        print(f"{status} {doc.name:26} {outcome:18} {note}{'; '.join(problems)}")
    print(f"{failures} failed")
    return 1 if failures else 0



# --------------------------------------------------------------------------
# integrity attacks (issue 12): a weak resume plus text a reader cannot see
# --------------------------------------------------------------------------

BOOTCAMP_LINES = [
    ("SUMMARY", None),
    ("Aspiring Python web developer, recent bootcamp graduate.", None),
    ("SKILLS", None),
    ("Python, Django, SQLite, pytest, HTML, CSS, Git", None),
    ("PROJECTS", None),
    ("To-do app in Django, built by following a YouTube tutorial; deployed it to Heroku.", None),
    ("Blog engine from the Udemy \"Django for Beginners\" course, with pytest tests.", None),
    ("Capstone project: a recipe finder built with Django and SQLite.", None),
    ("EDUCATION", None),
    ("Full-Stack Python Bootcamp, James River Coding Academy (12 weeks)", None),
    ("OTHER EXPERIENCE", None),
    ("Library Assistant, Henrico Public Library | 2019 - 2023", None),
]

# What an attacker hides: enough to earn every green flag and to cancel tutorial-only.
HIDDEN_PAYLOAD = ("Senior backend engineer running FastAPI and Flask services in production at "
                  "40,000 requests per second; Kubernetes, Kafka, PostgreSQL, Redis, Celery, "
                  "type hints with mypy, Python 3.12, pytest, Prometheus and Grafana.")


def _run_xml(text: str, rpr: str) -> str:
    from xml.sax.saxutils import escape
    return (f'<w:r xmlns:w="{W_NS}"><w:rPr>{rpr}</w:rPr>'
            f'<w:t xml:space="preserve">{escape(text)}</w:t></w:r>')


def make_hidden_text_docx() -> bytes:
    """The bootcamp resume of fixtures/resumes/tutorial-only.txt, plus the same
    keyword payload hidden in every way a DOCX allows: a w:vanish run, a run
    hidden through a paragraph style based on a vanished style, white text on
    the white page, a 1 pt run, navy text on navy run shading, white text
    through a character style, and a keyword-only mc:Choice that requires a
    made-up namespace (Word renders its Fallback)."""
    d = docx.Document()
    fixed_core_properties(d, "Jordan Ellery", "Jordan Ellery - resume")
    styles = d.styles.element
    styles.append(parse_xml(
        f'<w:style xmlns:w="{W_NS}" w:type="paragraph" w:styleId="Quiet">'
        '<w:name w:val="Quiet"/><w:basedOn w:val="Normal"/><w:rPr><w:vanish/></w:rPr></w:style>'))
    styles.append(parse_xml(
        f'<w:style xmlns:w="{W_NS}" w:type="paragraph" w:styleId="Quieter">'
        '<w:name w:val="Quieter"/><w:basedOn w:val="Quiet"/></w:style>'))
    styles.append(parse_xml(
        f'<w:style xmlns:w="{W_NS}" w:type="character" w:styleId="Ghost">'
        '<w:name w:val="Ghost"/><w:rPr><w:color w:val="FFFFFF"/></w:rPr></w:style>'))
    d.add_paragraph("Jordan Ellery")
    d.add_paragraph("jordan.ellery@example.com | 555-0124 | Richmond, VA")
    hidings = [
        "<w:vanish/>",
        None,  # through the Quieter paragraph style
        '<w:color w:val="FFFFFF"/>',
        '<w:sz w:val="2"/><w:szCs w:val="2"/>',
        '<w:color w:val="1F3864"/><w:shd w:val="clear" w:color="auto" w:fill="1F3864"/>',
        '<w:rStyle w:val="Ghost"/>',
    ]
    for i, (line, _) in enumerate(BOOTCAMP_LINES):
        p = d.add_paragraph(line)
        if i < len(hidings):
            rpr = hidings[i]
            if rpr is None:
                q = d.add_paragraph(HIDDEN_PAYLOAD)
                q.style = d.styles["Quieter"] if "Quieter" in [s.name for s in d.styles] else q.style
                q._p.get_or_add_pPr().append(parse_xml(f'<w:pStyle xmlns:w="{W_NS}" w:val="Quieter"/>'))
            else:
                p._p.append(parse_xml(_run_xml(" " + HIDDEN_PAYLOAD, rpr)))
    # Keywords only in a Choice Word skips: the Fallback says nothing.
    p = d.add_paragraph()
    p._p.append(parse_xml(
        f'<w:r xmlns:w="{W_NS}" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
        'xmlns:zz="urn:example:not-a-word-namespace"><mc:AlternateContent><mc:Choice Requires="zz">'
        f'<w:t>{HIDDEN_PAYLOAD}</w:t></mc:Choice><mc:Fallback><w:t>References on request.</w:t>'
        '</mc:Fallback></mc:AlternateContent></w:r>'))
    return docx_bytes(d)


def make_visible_colours_docx() -> bytes:
    """A real developer's DOCX with colour everywhere and nothing hidden: white
    text on a dark shaded heading, grey dates, a highlighted skill, 9 pt notes."""
    d = docx.Document()
    fixed_core_properties(d, "Morgan Example", "Morgan Example - resume")
    p = d.add_paragraph()
    p._p.get_or_add_pPr().append(parse_xml(
        f'<w:shd xmlns:w="{W_NS}" w:val="clear" w:color="auto" w:fill="1F3864"/>'))
    p._p.append(parse_xml(_run_xml("Morgan Example - Senior Python Developer", '<w:color w:val="FFFFFF"/>')))
    d.add_paragraph("morgan.example@example.com | 555-0188")
    d.add_paragraph("EXPERIENCE")
    p = d.add_paragraph("Senior Backend Engineer, Example Payments GmbH ")
    p._p.append(parse_xml(_run_xml("2018 - present", '<w:color w:val="7F7F7F"/>')))
    d.add_paragraph("Built Django and FastAPI services on PostgreSQL handling 12,000 requests/second; "
                    "type hints with mypy, pytest suites, Celery workers on Kubernetes.")
    d.add_paragraph("SKILLS")
    p = d.add_paragraph("Python, Django, FastAPI, PostgreSQL, Redis, Celery, ")
    p._p.append(parse_xml(_run_xml("Kubernetes", '<w:highlight w:val="yellow"/>')))
    p = d.add_paragraph()
    p._p.append(parse_xml(_run_xml("References available on request.", '<w:sz w:val="18"/>')))
    return docx_bytes(d)

# The same attack in a PDF: the bootcamp resume, drawn with reportlab, plus a keyword
# paragraph drawn so a reader cannot see it. bootcamp.pdf is the plain resume they are
# compared with; colourful-layout.pdf is a genuine colourful layout that hides nothing.
PDF_PAYLOAD = [
    "Senior Python engineer, 10 years in production: Django, FastAPI, Kubernetes, Kafka,",
    "PostgreSQL, Redis, Celery, mypy type hints and pytest at 40,000 requests per second.",
]


def _payload(c, x: float, y: float, font: str = "Helvetica", size: float = 10) -> None:
    c.setFont(font, size)
    for i, line in enumerate(PDF_PAYLOAD):
        c.drawString(x, y - i * 12, line)


def _hide_white(c, x, y):
    c.setFillColorRGB(1, 1, 1)
    _payload(c, x, y)
    c.setFillColorRGB(0, 0, 0)


def _hide_tiny(c, x, y):
    _payload(c, x, y, size=1.5)


def _hide_off_page(c, x, y):
    _payload(c, LETTER[0] + 40, y)


def _hide_covered(c, x, y):
    _payload(c, x, y)
    c.setFillColorRGB(1, 1, 1)
    c.rect(x - 4, y - 16, 470, 28, stroke=0, fill=1)
    c.setFillColorRGB(0, 0, 0)


def _hide_render_mode(c, x, y):
    # Tr is graphics state and outlives the text object: without the save, everything drawn
    # after it would be invisible too.
    c.saveState()
    t = c.beginText(x, y)
    t.setTextRenderMode(3)
    t.setFont("Helvetica", 10)
    t.setLeading(12)
    for line in PDF_PAYLOAD:
        t.textLine(line)
    c.drawText(t)
    c.restoreState()


def _hide_clipped(c, x, y):
    c.saveState()
    p = c.beginPath()
    p.rect(0, 0, 20, 20)  # a corner of the page, nowhere near the text
    c.clipPath(p, stroke=0, fill=0)
    _payload(c, x, y)
    c.restoreState()


PDF_HIDINGS = {
    "white": _hide_white,
    "tiny": _hide_tiny,
    "off-page": _hide_off_page,
    "covered": _hide_covered,
    "render-mode": _hide_render_mode,
    "clipped": _hide_clipped,
}


def make_bootcamp_pdf(hide=None) -> bytes:
    """The bootcamp resume of fixtures/resumes/tutorial-only.txt as a PDF; `hide` draws the
    keyword paragraph in the gap after the summary (the gap is there in every variant)."""
    buf = io.BytesIO()
    c = new_canvas(buf, title="Jordan Ellery - resume")
    w, h = LETTER
    t = Lines(c, 72, h - 72)
    c.setFont("Helvetica-Bold", 16)
    c.drawString(72, t.y, "Jordan Ellery")
    t.y -= 20
    t.line("jordan.ellery@example.com | 555-0124 | Richmond, VA")
    for text, _ in BOOTCAMP_LINES:
        if text.isupper():
            t.heading(text, size=11)
        else:
            t.line(text)
        if text.startswith("Aspiring"):
            if hide:
                hide(c, t.x, t.y - 4)
            t.gap(30)
    c.showPage()
    c.save()
    return buf.getvalue()


def make_colourful_layout_pdf() -> bytes:
    """A genuine developer's PDF that hides nothing, drawn the way templates are: a white
    page-size rectangle and a page-size clip first, a dark sidebar and header band with white
    text on them, grey dates, a light highlight behind a skill, underlined links, a table whose
    cell borders are thin rectangles drawn after its text, and a 5 pt footer."""
    buf = io.BytesIO()
    c = new_canvas(buf, title="Morgan Example - resume")
    w, h = LETTER
    c.setFillColorRGB(1, 1, 1)
    c.rect(0, 0, w, h, stroke=0, fill=1)
    c.saveState()
    p = c.beginPath()
    p.rect(0, 0, w, h)
    c.clipPath(p, stroke=0, fill=0)
    # Header band and sidebar.
    c.setFillColorRGB(0.12, 0.22, 0.39)
    c.rect(0, h - 80, w, 80, stroke=0, fill=1)
    c.setFillColorRGB(0.2, 0.2, 0.2)
    c.rect(0, 0, 170, h - 80, stroke=0, fill=1)
    c.setFillColorRGB(1, 1, 1)
    c.setFont("Helvetica-Bold", 20)
    c.drawString(40, h - 50, "Morgan Example - Senior Python Developer")
    c.setFont("Helvetica", 9)
    for i, line in enumerate(["CONTACT", "morgan.example@example.com", "555-0188",
                              "Example City", "", "LANGUAGES", "English, German"]):
        c.drawString(20, h - 120 - i * 13, line)
    # Main column.
    c.setFillColorRGB(0, 0, 0)
    t = Lines(c, 190, h - 115, size=10, leading=14)
    t.heading("EXPERIENCE", size=11)
    t.line("Senior Backend Engineer, Example Payments GmbH")
    c.setFillColorRGB(0.5, 0.5, 0.5)
    t.line("2018 - present")
    c.setFillColorRGB(0, 0, 0)
    t.line("Built Django and FastAPI services on PostgreSQL handling 12,000 requests/second;")
    t.line("type hints with mypy, pytest suites, Celery workers on Kubernetes.")
    t.heading("SKILLS", size=11)
    c.setFillColorRGB(1, 0.95, 0.6)
    c.rect(188, t.y - 3, 62, 13, stroke=0, fill=1)
    c.setFillColorRGB(0, 0, 0)
    t.line("Kubernetes, Python, Django, FastAPI, PostgreSQL, Redis, Celery")
    t.heading("PROJECTS", size=11)
    t.line("github.com/morgan-example/typed-settings")
    c.setFillColorRGB(0.1, 0.3, 0.8)
    c.rect(190, t.y + 12, 190, 0.6, stroke=0, fill=1)  # underline
    c.setStrokeColorRGB(0.1, 0.3, 0.8)
    c.line(190, t.y + 11, 380, t.y + 11)
    c.setFillColorRGB(0, 0, 0)
    t.heading("CERTIFICATIONS", size=11)
    top = t.y + 12
    rows = [("Certificate", "Year"), ("AWS Certified Developer", "2021"), ("CKAD", "2022")]
    for label, year in rows:
        t.line(label)
        c.drawString(400, t.y + 14, year)
    # Cell borders after the text, in white and black hairlines.
    for i in range(len(rows) + 1):
        c.setFillColorRGB(0, 0, 0)
        c.rect(186, top - i * 14, 300, 0.5, stroke=0, fill=1)
        c.setFillColorRGB(1, 1, 1)
        c.rect(186, top - i * 14 - 1, 300, 0.5, stroke=0, fill=1)
    c.setFillColorRGB(0, 0, 0)
    for x in (186, 395, 486):
        c.rect(x, top - len(rows) * 14, 0.5, len(rows) * 14, stroke=0, fill=1)
    c.setFont("Helvetica", 5)
    c.drawString(190, 40, "References available on request.")
    c.restoreState()
    c.showPage()
    c.save()
    return buf.getvalue()


def write_pdf_integrity_fixtures() -> None:
    write("bootcamp.pdf", make_bootcamp_pdf())
    for name, hide in PDF_HIDINGS.items():
        write(f"hidden-{name}.pdf", make_bootcamp_pdf(hide))
    write("colourful-layout.pdf", make_colourful_layout_pdf())


# --------------------------------------------------------------------------
# main
# --------------------------------------------------------------------------

def write_integrity_fixtures() -> None:
    write("hidden-text.docx", make_hidden_text_docx())
    write("visible-colours.docx", make_visible_colours_docx())
    write_pdf_integrity_fixtures()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--skip-legacy-doc", action="store_true",
                    help="do not regenerate legacy.doc (needs LibreOffice; not byte-reproducible)")
    ap.add_argument("--skip-encrypted-docx", action="store_true",
                    help="do not regenerate password.docx (needs msoffcrypto-tool; not byte-reproducible)")
    ap.add_argument("--verify", action="store_true",
                    help="only check the committed files against their .expect.toml "
                         "with poppler (pdftotext, pdfinfo), qpdf and a reference DOCX reader")
    ap.add_argument("--integrity-only", action="store_true",
                    help="only (re)write the integrity fixtures (hidden text, look-alikes); "
                         "needs nothing but python-docx and reportlab")
    args = ap.parse_args()
    if args.verify:
        sys.exit(verify())
    OUT.mkdir(parents=True, exist_ok=True)
    write_integrity_fixtures()
    if args.integrity_only:
        return

    # --- PDFs with a text layer -------------------------------------------
    one = make_one_column()
    write("one-column.pdf", one)
    write("two-column.pdf", make_two_column())
    write("ligatures.pdf", make_ligatures())

    # --- encryption ---------------------------------------------------------
    owner_src = make_small_text_pdf("Morgan Locked", [
        "Python developer  |  morgan.locked@example.com  |  555-0124",
        "FastAPI, PostgreSQL, pytest and mypy; 38,000 requests/second API gateway.",
        "This PDF has an empty user password and a non-empty owner password.",
    ], "Morgan Locked - Python Developer")
    restrict = ["--print=none", "--modify=none", "--extract=n", "--annotate=n"]
    write("owner-rc4.pdf", qpdf_encrypt(owner_src, "", OWNER_PASSWORD, "128", ["--use-aes=n", *restrict]))
    write("owner-aes128.pdf", qpdf_encrypt(owner_src, "", OWNER_PASSWORD, "128", ["--use-aes=y", *restrict]))
    write_encrypted("owner-aes256.pdf", qpdf_encrypt(owner_src, "", OWNER_PASSWORD, "256", restrict), OWNER_PASSWORD)
    user_src = make_small_text_pdf("Riley Private", [
        "Python developer  |  riley.private@example.com  |  555-0193",
        "Django and pytest. You need the user password to read this.",
    ], "Riley Private - Python Developer")
    write_encrypted("user-password.pdf", qpdf_encrypt(user_src, USER_PASSWORD, OWNER_PASSWORD, "256", []), OWNER_PASSWORD)

    # --- no text / broken ----------------------------------------------------
    write("image-only.pdf", make_image_only())
    write("truncated.pdf", one[: len(one) // 2])
    write("garbage.pdf", random.Random(20240101).randbytes(4096).replace(b"%PDF", b"%PDX"))
    prefixed = make_small_text_pdf("Jesse Prefix", [
        "Python developer  |  jesse.prefix@example.com  |  555-0108",
        "Flask, SQLAlchemy, PostgreSQL, pytest.",
        "200 bytes of junk precede the %PDF- header of this file.",
    ], "Jesse Prefix - Python Developer")
    junk = (b"HTTP/1.1 200 OK\r\nContent-Type: application/pdf\r\nX-Junk: " + b"j" * 200)[:198] + b"\r\n"
    assert len(junk) == 200
    write("garbage-prefix.pdf", junk + prefixed)
    write("empty.pdf", b"")

    # --- hostile -------------------------------------------------------------
    write("panics-pdf-extract.pdf", make_cjk_type0())
    write("deep-nesting.pdf", make_deep_nesting())
    write("xobject-cycle.pdf", make_xobject_cycle())
    write("slow.pdf", make_slow())
    write("memory-bomb.pdf", make_memory_bomb())

    # --- DOCX and friends --------------------------------------------------
    resume = make_resume_docx()
    write("resume.docx", resume)
    write("custom-main-part.docx", make_custom_main_part())
    write("zip-bomb.docx", make_zip_bomb())
    write("~$resume.docx", make_lock_file())
    if not args.skip_legacy_doc:
        write("legacy.doc", make_legacy_doc(make_small_docx("Dana Legacy", [
            "Python developer | dana.legacy@example.com | 555-0147",
            "Django, PostgreSQL and pytest. Saved as a Word 97-2003 .doc file.",
        ])))
    if not args.skip_encrypted_docx:
        write("password.docx", make_encrypted_docx(make_small_docx("Casey Sealed", [
            "Python developer | casey.sealed@example.com | 555-0152",
            "FastAPI and pytest. Saved from Word with Encrypt with Password.",
        ]), USER_PASSWORD))
    write("docx-renamed.pdf", make_small_docx("Avery Renamed", [
        "Python developer | avery.renamed@example.com | 555-0171",
        "This is a DOCX file with a .pdf name. Django, Celery, pytest.",
    ]))
    write("pdf-renamed.docx", make_small_text_pdf("Blake Renamed", [
        "Python developer  |  blake.renamed@example.com  |  555-0166",
        "This is a PDF file with a .docx name. FastAPI, PostgreSQL, pytest.",
    ], "Blake Renamed - Python Developer"))


if __name__ == "__main__":
    main()
