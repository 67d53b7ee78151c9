#!/usr/bin/env python3
"""Writes the synthetic PDF fixtures of fixtures/pdf/ from the text below (invented, written for
provcheck's tests). Needs fpdf2 (`pip install fpdf2`) and the DejaVu Sans font; the PDFs are
committed, so this runs only to change them.

- report.pdf: a three-page report with an embedded (subset, Identity-H) font, the common case of
  real reports; page 2 holds the dredging cost the tests look for.
- scanned.pdf: one page that is only an image, as a scanner makes it (no text layer).
- article.pdf: article.txt as a one-page PDF (an article published as PDF, citing its source on an
  "Original Source:" line).
- A copy of report.pdf is served by the fixture site www.harbourgazette.example.
"""
import pathlib, shutil, zlib
from fpdf import FPDF

ROOT = pathlib.Path(__file__).resolve().parent.parent
OUT = ROOT / "fixtures/pdf"
FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"

PAGES = [
    ["Lanport Port Authority: Annual Report 2024 (synthetic test document)",
     "The Lanport Port Authority recorded 1,240 ship calls at the harbour in 2024, eleven per cent "
     "more than in the year before.",
     "“We expect growth to continue while the new quay is built,” said the authority’s chair, "
     "Helen Marsh, presenting the report to the board."],
    ["Dredging of the inner basin cost 3.2 million euros and was finished in October, two months "
     "late because of the winter storms.",
     "Night pilotage now covers four pilots instead of two. Fees for vessels arriving at night will "
     "rise by six per cent from April."],
    ["The authority employs 212 people. Its board meets every second Tuesday in the old customs "
     "house on Quay Street."],
]


def report(path):
    pdf = FPDF()
    pdf.set_title("Lanport Port Authority Annual Report 2024")
    pdf.add_font("DejaVu", "", FONT)
    for paras in PAGES:
        pdf.add_page()
        pdf.set_font("DejaVu", size=11)
        for p in paras:
            pdf.multi_cell(0, 6, p)
            pdf.ln(4)
    pdf.output(str(path))


def scanned(path):
    # A grey 200x100 image written as a raw Flate-compressed image XObject: no font, no text.
    pdf = FPDF()
    pdf.add_page()
    import struct
    w, h = 200, 100
    raw = b"".join(b"\x00" + bytes([200]) * w for _ in range(h))
    png = (b"\x89PNG\r\n\x1a\n"
           + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 0, 0, 0, 0))
           + chunk(b"IDAT", zlib.compress(raw))
           + chunk(b"IEND", b""))
    import io
    pdf.image(io.BytesIO(png), x=10, y=10, w=190)
    pdf.output(str(path))


def chunk(kind, data):
    import struct
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def article(path):
    pdf = FPDF()
    pdf.set_title("Lanport harbour had a busy year")
    pdf.add_font("DejaVu", "", FONT)
    pdf.add_page()
    pdf.set_font("DejaVu", size=11)
    for p in (OUT / "article.txt").read_text().split("\n\n"):
        pdf.multi_cell(0, 6, p.strip())
        pdf.ln(4)
    pdf.output(str(path))


OUT.mkdir(parents=True, exist_ok=True)
report(OUT / "report.pdf")
scanned(OUT / "scanned.pdf")
article(OUT / "article.pdf")
site = ROOT / "fixtures/sites/www.harbourgazette.example/files"
site.mkdir(parents=True, exist_ok=True)
shutil.copy(OUT / "report.pdf", site / "annual-report-2024.pdf")
print("wrote", *(p.name for p in OUT.glob("*.pdf")))
