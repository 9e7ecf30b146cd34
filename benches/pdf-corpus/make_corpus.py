#!/usr/bin/env python3
"""Renders synthetic resumes (invented text, no real person) to PDF with real producers.

Usage: make_corpus.py OUT_DIR [--per-producer N] [--producers a,b,...]

Each resume is a pure function of its index, so reruns give the same text. For every PDF
OUT_DIR/<producer>/resume-NNNN.pdf the source text is written to OUT_DIR/text/<producer>/ as .txt (one line per
rendered line, in reading order), which the benches and tests use to check extraction.
Producers: lo-1col, lo-2col (LibreOffice Writer from HTML, two-column with a table), chromium,
wkhtmltopdf, pdflatex, xelatex, reportlab. Missing tools are skipped with a note.
"""
import argparse
import html
import os
import random
import shutil
import subprocess
import sys
import tempfile

FIRST = ["Zoë", "Ana", "José", "Søren", "Łucja", "Jürgen", "Noor", "Ines", "François", "Mina",
         "Tomás", "Priya", "Kai", "Chloé", "Björn", "Dário"]
LAST = ["Müller-Łukasiewicz", "Øvergaard", "Pérez-Ibáñez", "Novák", "Dąbrowska", "Šimić",
        "Example", "Placeholder", "Fjeldstad", "Sample", "Grünwald", "Çelik"]
CITIES = ["Berlin", "Lisbon", "Kraków", "Zürich", "Malmö", "Dublin", "Toronto", "Remote"]
COMPANIES = ["Acme Corp", "Globex", "Initech", "Fieldflow Analytics", "Hooli", "Officeflight",
             "Stark Logistics", "Wayne Fintech", "Soylent Data", "Tyrell Systems"]
TITLES = ["Senior Backend Engineer", "Python Developer", "Software Engineer", "Staff Engineer",
          "Platform Engineer", "Data Engineer", "Lead Python Engineer"]
FRAMEWORKS = ["Django", "FastAPI", "Flask", "Celery", "SQLAlchemy", "Pydantic", "asyncio",
              "pandas", "NumPy", "Airflow"]
DATA = ["PostgreSQL", "MySQL", "Redis", "Kafka", "RabbitMQ", "Elasticsearch", "BigQuery",
        "ClickHouse"]
OPS = ["AWS", "GCP", "Docker", "Kubernetes", "Terraform", "GitHub Actions", "Prometheus",
       "Grafana", "Linux"]
COMPONENTS = ["checkout", "search", "billing", "auth", "reporting", "ingestion", "workflow",
              "pricing", "profile", "financial"]
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


def bullet(r):
    fw, data, ops, comp = r.choice(FRAMEWORKS), r.choice(DATA), r.choice(OPS), r.choice(COMPONENTS)
    k = r.randrange(8)
    if k == 0:
        return f"Built a {fw} API serving {r.randint(1, 40)}k requests a second for the {comp} flow"
    if k == 1:
        return f"Cut {comp} latency by {r.randint(15, 85)}% by caching hot paths in {data}"
    if k == 2:
        return f"Migrated {r.randint(3, 40)} services to Python 3.{r.randint(8, 12)} with zero downtime, fixing flaky tests"
    if k == 3:
        return f"Led a team of {r.randint(3, 12)} engineers; mentored juniors through code review"
    if k == 4:
        return f"Designed {data} schemas for {r.randint(2, 900)} million rows of financial records"
    if k == 5:
        return f"Automated deployments with {ops} and Terraform, shipping fixes in the same afternoon"
    if k == 6:
        return f"Wrote {r.randint(100, 4000)} pytest tests for the {comp} service; coverage rose to {r.randint(70, 98)}%"
    return f"Streamlined the {comp} workflow in {fw} on {ops}, saving {r.randint(2, 90)} hours a month"


def resume(index, pages):
    """A resume as (kind, text) items: name, contact, heading, para, job, bullet, table rows."""
    r = random.Random(20260 + index)
    name = f"{r.choice(FIRST)} {r.choice(LAST)}"
    years = r.randint(3, 18)
    items = [("name", name),
             ("contact", f"candidate{index:04d}@example.com · +49 555 01{r.randint(0, 99):02d} · {r.choice(CITIES)}"),
             ("heading", "Summary"),
             ("para", f"Python engineer with {years} years of experience building efficient, "
                      f"fault-tolerant {r.choice(COMPONENTS)} and {r.choice(COMPONENTS)} systems; "
                      f"fluent in {r.choice(FRAMEWORKS)} and {r.choice(DATA)}."),
             ("heading", "Skills"),
             ("table", [("Area", "Tools", "Years"),
                        ("Languages", "Python, SQL, Go", str(years)),
                        ("Frameworks", ", ".join(r.sample(FRAMEWORKS, 3)), str(r.randint(2, years))),
                        ("Data", ", ".join(r.sample(DATA, 3)), str(r.randint(2, years))),
                        ("Operations", ", ".join(r.sample(OPS, 3)), str(r.randint(1, years)))]),
             ("heading", "Experience")]
    end = 2026
    jobs = 3 + 3 * (pages - 1)
    for _ in range(jobs):
        start = end - r.randint(1, 4)
        items.append(("job", f"{r.choice(TITLES)}, {r.choice(COMPANIES)}, {r.choice(CITIES)} "
                             f"({r.choice(MONTHS)} {start} – {r.choice(MONTHS)} {end})"))
        for _ in range(r.randint(4, 6)):
            items.append(("bullet", bullet(r)))
        end = start
    items += [("heading", "Education"),
              ("para", f"M.Sc. in Computer Science, University of Examples, {end - 2}"),
              ("heading", "Languages"),
              ("para", "English (fluent), Deutsch (Muttersprache), français (courant)")]
    return items


def text_lines(items):
    out = []
    for kind, text in items:
        if kind == "table":
            out += [" ".join(row) for row in text]
        else:
            out.append(text)
    return out


CSS = """
body { font-family: 'DejaVu Serif', serif; font-size: 10.5pt; margin: 0; }
h1 { font-size: 20pt; margin: 0 0 4pt 0; }
h2 { font-size: 12pt; border-bottom: 1px solid #444; margin: 10pt 0 4pt 0; }
ul { margin: 2pt 0 4pt 0; } li { margin: 1pt 0; }
table { border-collapse: collapse; } td, th { border: 1px solid #888; padding: 2pt 5pt; text-align: left; }
.job { font-weight: bold; margin-top: 6pt; }
"""


def to_html(items, columns=1):
    e = html.escape
    body = []
    ul = False
    for kind, text in items:
        if kind != "bullet" and ul:
            body.append("</ul>")
            ul = False
        if kind == "name":
            body.append(f"<h1>{e(text)}</h1>")
        elif kind == "contact":
            body.append(f"<p>{e(text)}</p>")
        elif kind == "heading":
            body.append(f"<h2>{e(text)}</h2>")
        elif kind == "para":
            body.append(f"<p>{e(text)}</p>")
        elif kind == "job":
            body.append(f"<p class='job'>{e(text)}</p>")
        elif kind == "bullet":
            if not ul:
                body.append("<ul>")
                ul = True
            body.append(f"<li>{e(text)}</li>")
        elif kind == "table":
            rows = "".join("<tr>" + "".join(f"<td>{e(c)}</td>" for c in row) + "</tr>" for row in text)
            body.append(f"<table>{rows}</table>")
    if ul:
        body.append("</ul>")
    main = "\n".join(body)
    if columns == 2:
        # A sidebar (name, contact, summary, skills) and a main column: a table in HTML, which
        # LibreOffice imports as a two-cell table, the way two-column Word templates are built.
        split = next(i for i, (k, t) in enumerate(items) if k == "heading" and t == "Experience")
        left = to_html(items[:split]).split("<body>")[1].split("</body>")[0]
        right = to_html(items[split:]).split("<body>")[1].split("</body>")[0]
        main = (f"<table style='border:none'><tr><td style='border:none;vertical-align:top;width:35%'>{left}</td>"
                f"<td style='border:none;vertical-align:top'>{right}</td></tr></table>")
    return (f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>Resume</title>"
            f"<style>{CSS}</style></head><body>{main}</body></html>")


def tex_escape(s):
    rep = {"&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#", "_": r"\_", "{": r"\{", "}": r"\}",
           "~": r"\textasciitilde{}", "^": r"\^{}", "\\": r"\textbackslash{}"}
    return "".join(rep.get(c, c) for c in s)


def to_tex(items, engine):
    if engine == "xelatex":
        pre = "\\usepackage{fontspec}\n\\setmainfont{DejaVu Serif}\n"
    else:
        pre = "\\usepackage[T1]{fontenc}\n\\usepackage[utf8]{inputenc}\n\\usepackage{lmodern}\n"
    out = ["\\documentclass[10pt]{article}", pre, "\\usepackage[margin=2cm]{geometry}",
           "\\pagestyle{empty}\\begin{document}"]
    inlist = False
    for kind, text in items:
        if kind != "bullet" and inlist:
            out.append("\\end{itemize}")
            inlist = False
        if kind == "name":
            out.append(f"{{\\LARGE\\bfseries {tex_escape(text)}}}\\par")
        elif kind == "heading":
            out.append(f"\\section*{{{tex_escape(text)}}}")
        elif kind in ("para", "contact"):
            out.append(tex_escape(text) + "\\par")
        elif kind == "job":
            out.append(f"\\medskip\\noindent\\textbf{{{tex_escape(text)}}}\\par")
        elif kind == "bullet":
            if not inlist:
                out.append("\\begin{itemize}")
                inlist = True
            out.append("\\item " + tex_escape(text))
        elif kind == "table":
            out.append("\\begin{tabular}{|l|l|l|}\\hline")
            for row in text:
                out.append(" & ".join(tex_escape(c) for c in row) + "\\\\\\hline")
            out.append("\\end{tabular}\\par")
    if inlist:
        out.append("\\end{itemize}")
    out.append("\\end{document}")
    return "\n".join(out)


def reportlab_pdf(items, path):
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.platypus import ListFlowable, ListItem, Paragraph, SimpleDocTemplate, Table
    from reportlab.rl_config import defaultPageSize  # noqa: F401

    dejavu = "/usr/share/fonts/truetype/dejavu/"
    if "DejaVu" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("DejaVu", dejavu + "DejaVuSans.ttf"))
        pdfmetrics.registerFont(TTFont("DejaVu-Bold", dejavu + "DejaVuSans-Bold.ttf"))
    body = ParagraphStyle("b", fontName="DejaVu", fontSize=10, leading=13)
    bold = ParagraphStyle("j", parent=body, fontName="DejaVu-Bold", spaceBefore=6)
    head = ParagraphStyle("h", parent=bold, fontSize=13, spaceBefore=10, spaceAfter=3)
    name = ParagraphStyle("n", parent=bold, fontSize=20, leading=24)
    e = html.escape
    flow, bullets = [], []

    def flush():
        if bullets:
            flow.append(ListFlowable([ListItem(Paragraph(e(b), body)) for b in bullets],
                                     bulletType="bullet", start="•"))
            bullets.clear()

    for kind, text in items:
        if kind != "bullet":
            flush()
        if kind == "bullet":
            bullets.append(text)
        elif kind == "table":
            flow.append(Table([[Paragraph(e(c), body) for c in row] for row in text],
                              style=[("GRID", (0, 0), (-1, -1), 0.5, "grey")]))
        else:
            style = {"name": name, "heading": head, "job": bold}.get(kind, body)
            flow.append(Paragraph(e(text), style))
    flush()
    doc = SimpleDocTemplate(path, pagesize=A4, title="Resume", author="resume-screen bench",
                            invariant=1)
    doc.build(flow)


def run(cmd, **kw):
    return subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False, **kw)


def chromium_bin():
    for name in ("chromium", "chromium-browser", "google-chrome"):
        if shutil.which(name):
            return shutil.which(name)
    return None


PRODUCERS = ["lo-1col", "lo-2col", "chromium", "wkhtmltopdf", "pdflatex", "xelatex", "reportlab"]


def available(p):
    return {"lo-1col": shutil.which("soffice"), "lo-2col": shutil.which("soffice"),
            "chromium": chromium_bin(), "wkhtmltopdf": shutil.which("wkhtmltopdf"),
            "pdflatex": shutil.which("pdflatex"), "xelatex": shutil.which("xelatex"),
            "reportlab": _has_reportlab()}[p]


def _has_reportlab():
    try:
        import reportlab  # noqa: F401
        return True
    except ImportError:
        return False


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--per-producer", type=int, default=40)
    ap.add_argument("--producers", default=",".join(PRODUCERS))
    a = ap.parse_args()
    os.environ.setdefault("SOURCE_DATE_EPOCH", "1767225600")  # fixed dates where honoured
    os.environ["FORCE_SOURCE_DATE"] = "1"
    for p in a.producers.split(","):
        if not available(p):
            print(f"skip {p}: tool not installed", file=sys.stderr)
            continue
        dest = os.path.join(a.out, p)
        srcdir = os.path.join(a.out, "text", p)
        os.makedirs(dest, exist_ok=True)
        os.makedirs(srcdir, exist_ok=True)
        work = tempfile.mkdtemp(prefix=f"corpus-{p}-")
        todo = []
        for i in range(a.per_producer):
            pdf = os.path.join(dest, f"resume-{i:04d}.pdf")
            if os.path.exists(pdf):
                continue
            items = resume(i + 1000 * PRODUCERS.index(p), pages=2 + i % 3)
            with open(os.path.join(srcdir, f"resume-{i:04d}.txt"), "w", encoding="utf-8") as f:
                f.write("\n".join(text_lines(items)) + "\n")
            todo.append((i, items, pdf))
        if p.startswith("lo-"):
            srcs = []
            for i, items, pdf in todo:
                src = os.path.join(work, f"resume-{i:04d}.html")
                with open(src, "w", encoding="utf-8") as f:
                    f.write(to_html(items, 2 if p == "lo-2col" else 1))
                srcs.append(src)
            # One soffice start for the whole batch; writer_pdf_Export from the HTML (Writer/Web
            # import); a private profile so a running instance is not disturbed.
            for k in range(0, len(srcs), 50):
                r = run(["soffice", f"-env:UserInstallation=file://{work}/profile", "--headless",
                         "--convert-to", "pdf:writer_pdf_Export", "--infilter=HTML (StarWriter)",
                         "--outdir", dest] + srcs[k:k + 50])
                if r.returncode:
                    print(r.stderr.decode(errors="replace"), file=sys.stderr)
        for i, items, pdf in todo if not p.startswith("lo-") else []:
            if p in ("chromium", "wkhtmltopdf"):
                src = os.path.join(work, f"r{i}.html")
                with open(src, "w", encoding="utf-8") as f:
                    f.write(to_html(items))
                if p == "chromium":
                    cmd = [chromium_bin(), "--headless", "--no-sandbox", "--disable-gpu",
                           "--no-pdf-header-footer", f"--print-to-pdf={pdf}", "file://" + src]
                else:
                    cmd = ["wkhtmltopdf", "-q", "--encoding", "utf-8", src, pdf]
                r = run(cmd)
            elif p in ("pdflatex", "xelatex"):
                src = os.path.join(work, f"r{i}.tex")
                with open(src, "w", encoding="utf-8") as f:
                    f.write(to_tex(items, p))
                r = run([p, "-interaction=batchmode", "-halt-on-error", "-output-directory", work, src])
                if os.path.exists(src[:-4] + ".pdf"):
                    shutil.move(src[:-4] + ".pdf", pdf)
            else:
                reportlab_pdf(items, pdf)
                r = None
            if not os.path.exists(pdf):
                print(f"{p}: resume {i} failed: {r.stderr.decode(errors='replace')[-500:] if r else ''}",
                      file=sys.stderr)
        shutil.rmtree(work, ignore_errors=True)
        n = len([f for f in os.listdir(dest) if f.endswith(".pdf")])
        print(f"{p}: {n} PDFs in {dest}")


if __name__ == "__main__":
    main()
