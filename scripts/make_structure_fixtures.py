#!/usr/bin/env python3
"""Generates the structure-stage document fixtures (invented people, 555-01xx numbers):

- fixtures/documents/structure-two-column.pdf: a two-column resume written by LibreOffice Writer,
  whose narrow columns break a date range over two lines ("Jan 2019 –" / "Present").
- fixtures/documents/structure-table.docx: a resume laid out as a table (dates in the left
  column, title, employer and bullets in the right), as many Word templates do.

Needs python-docx and LibreOffice (`soffice`). Run from the repository root:
    python3 scripts/make_structure_fixtures.py
"""
import pathlib
import shutil
import subprocess
import tempfile

from docx import Document
from docx.enum.section import WD_SECTION
from docx.oxml.ns import qn
from docx.oxml import OxmlElement
from docx.shared import Pt

OUT = pathlib.Path("fixtures/documents")


def two_columns(section):
    cols = section._sectPr.find(qn("w:cols"))
    if cols is None:
        cols = OxmlElement("w:cols")
        section._sectPr.append(cols)
    cols.set(qn("w:num"), "2")
    cols.set(qn("w:space"), "720")


def two_column_pdf():
    doc = Document()
    style = doc.styles["Normal"]
    style.font.name = "DejaVu Sans"
    style.font.size = Pt(10)
    doc.add_paragraph("Priya Sampleton")
    doc.add_paragraph("priya.sampleton@example.com | 555-0150 | Portland, OR")
    section = doc.sections[0]
    two_columns(section)
    doc.add_paragraph("EXPERIENCE")
    doc.add_paragraph("Senior Backend Engineer, Cascadia Freight Systems Group, Jan 2019 – Present")
    doc.add_paragraph("• Built the shipment tracking API in Django REST Framework on PostgreSQL.")
    doc.add_paragraph("• Cut p95 latency from 900 ms to 120 ms with Redis caching.")
    doc.add_paragraph("Backend Developer, Willamette Apps, Mar 2015 – Dec 2018")
    doc.add_paragraph("• Flask services and Celery workers; pytest suites for billing.")
    doc.add_paragraph("EDUCATION")
    doc.add_paragraph("BSc Computer Science, Oregon Coast University, 2011 – 2015")
    doc.add_paragraph("SKILLS")
    doc.add_paragraph("Python, Django, Flask, PostgreSQL, Redis, Celery, pytest, Docker")
    with tempfile.TemporaryDirectory() as tmp:
        source = pathlib.Path(tmp) / "structure-two-column.docx"
        doc.save(source)
        subprocess.run(
            ["soffice", "--headless", "--convert-to", "pdf", "--outdir", tmp, str(source)],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        shutil.copy(pathlib.Path(tmp) / "structure-two-column.pdf", OUT)


def table_docx():
    doc = Document()
    doc.add_paragraph("Tomasz Przykładowy")
    doc.add_paragraph("tomasz.p@example.com | 555-0151 | Gdańsk")
    doc.add_paragraph("Work Experience")
    table = doc.add_table(rows=2, cols=2)
    rows = [
        ("03/2020 – present", ["Data Engineer, Baltic Grid Analytics",
                               "Airflow pipelines loading 2 TB per day into BigQuery; dbt models in SQL."]),
        ("06/2016 – 02/2020", ["Python Developer, Amber Software",
                               "Pandas ETL jobs and PostgreSQL reporting for logistics clients."]),
    ]
    for row, (dates, lines) in zip(table.rows, rows):
        row.cells[0].text = dates
        row.cells[1].text = lines[0]
        for line in lines[1:]:
            row.cells[1].add_paragraph("• " + line)
    doc.add_paragraph("Education")
    edu = doc.add_table(rows=1, cols=2)
    edu.rows[0].cells[0].text = "2011 – 2016"
    edu.rows[0].cells[1].text = "MSc Computer Science, Gdańsk University of Technology"
    doc.add_paragraph("Skills")
    doc.add_paragraph("Python, SQL, Pandas, Apache Airflow, dbt, BigQuery, PostgreSQL, Docker")
    doc.save(OUT / "structure-table.docx")


if __name__ == "__main__":
    two_column_pdf()
    table_docx()
