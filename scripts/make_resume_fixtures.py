#!/usr/bin/env python3
"""Generate the plain-text resume fixtures in fixtures/resumes/ (NAME.txt + NAME.expect.toml).

Every person, company, e-mail address and phone number is invented (@example.com, 555-01xx).
Most files are UTF-8; a few are written in other encodings on purpose (see ENCODED).
The expectation files state what the flags SHOULD be per /work/shared/DOMAIN.md, not what the
tool happens to do today.  Re-running overwrites the files with identical bytes.
"""

from __future__ import annotations

from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "fixtures" / "resumes"

G_ALL = ["specific-framework", "production-scale", "type-hints", "testing-framework"]

# name -> (text, {role: (green, yellow, extra)}) ; extra = dict of score_min/score_max/comment
FIXTURES: dict[str, tuple[str, dict]] = {}


def fx(name, text, roles, encoding="utf-8", bom=False, post=None):
    """`post` rewrites the encoded bytes (a stray invalid byte, other line endings)."""
    FIXTURES[name] = (text, roles, encoding, bom, post)


# --- strong positive ------------------------------------------------------------------------

fx("senior-backend-fastapi", """\
Priya Raman-Okafor
priya.raman@example.com | 555-0101 | Denver, CO | github.com/praman-example
Senior Backend Engineer

SUMMARY
Backend engineer with ten years of building Python 3.12 APIs. I design typed, well-tested
services in FastAPI and Django and run them in production at scale.

SKILLS
Languages: Python, SQL, Bash
Web: FastAPI, Django, Django REST Framework, SQLAlchemy, Celery, Redis
Data: PostgreSQL, Kafka, Elasticsearch
Quality: pytest, Hypothesis, mypy (strict), Pydantic, Ruff
Infrastructure: Docker, Kubernetes, AWS, Terraform, GitHub Actions, OpenTelemetry

EXPERIENCE
Staff Backend Engineer, Northwind Payments (Denver) | 2021 – present
- Led the rewrite of the card-authorisation API in FastAPI; it serves 38,000 requests/second at peak.
- Cut p99 latency from 900 ms to 120 ms through query tuning and connection pooling in PostgreSQL.
- Introduced mypy --strict and type hints across 400k lines; CI blocks untyped modules.
- Mentored six engineers; ran the on-call rotation and the incident reviews.

Senior Software Engineer, Bluebird Health | 2017 – 2021
- Built Django REST Framework services for 1.2 million monthly active users.
- Wrote pytest suites with factory_boy and Hypothesis; mocked external payers with responses.
- Moved background jobs to Celery with Redis; reduced nightly batch time by 62%.

Backend Developer, Larkspur Media | 2015 – 2017
- Maintained Django views and PostgreSQL schema migrations for the publishing platform.

EDUCATION
B.S. Computer Science, Front Range State University
""", {"backend": (G_ALL, [], {"score_min": 75.0,
                               "rank_above": ["generic-python.txt", "tutorial-only.txt"]})})

# --- Python 2 / 3 ---------------------------------------------------------------------------

fx("py2-to-3-migration", """\
Marcus Lindqvist
marcus.lindqvist@example.com | 555-0102 | Minneapolis, MN

SUMMARY
Backend developer who likes old code. Best known for moving a large Django monolith off
legacy Python without a feature freeze.

SKILLS
Python, Django, Celery, PostgreSQL, unittest, Jenkins, Docker

EXPERIENCE
Senior Backend Developer, Granary Logistics | 2016 – present
- Migrated a monolith from Python 2.7 to 3.11 (1.1 million lines) with no downtime.
- Kept the Python 2.7 build green while both interpreters ran side by side in CI.
- Split the order service out of the monolith; reduced deploy time by 70%.
- Wrote unittest suites for the billing module before touching it.

Software Developer, Prairie Insurance | 2011 – 2016
- Built Django admin tools for claims adjusters; PostgreSQL reporting queries.

EDUCATION
B.A. Mathematics, North Lakes College
""", {"backend": (["specific-framework", "production-scale", "testing-framework"], [], {})})

fx("python2-legacy", """\
Gerald Whitcombe
gerald.whitcombe@example.com | 555-0103 | Hartford, CT

SUMMARY
Python developer maintaining long-lived trading back-office systems.

SKILLS
Python 2.7, Django 1.6, Twisted, MySQL, unittest, nose, Perl, Subversion

EXPERIENCE
Senior Developer, Oakridge Clearing | 2009 – present
- Maintain the Python 2.7 settlement engine and its Django 1.6 admin site.
- Wrote the unittest and nose test suites for the reconciliation jobs.
- The reporting portal serves 40,000 subscribers every month-end.
- Ported Perl batch scripts to Python 2.6.

Developer, Harbor Mutual | 2003 – 2009
- Built Zope and Python 2.4 intranet applications.

EDUCATION
B.S. Information Systems, Eastbrook University
""", {"backend": (["specific-framework", "production-scale", "testing-framework"],
                  ["python2-only"], {})})

fx("python2-and-3-listed", """\
Ines Haraldsen
ines.haraldsen@example.com | 555-0104 | Portland, OR

SUMMARY
Backend developer working on both legacy and new services.

SKILLS
Languages: Python 2.7, 3.8, SQL
Frameworks: Django, Celery, PostgreSQL, pytest

EXPERIENCE
Backend Developer, Cascade Ticketing | 2018 – present
- Maintain the Python 2.7 box-office services and write every new service on 3.8.
- Built Django endpoints for seat maps; pytest suites for the pricing rules.

Junior Developer, Willamette Print | 2015 – 2018
- Django intranet and PostgreSQL reports.

EDUCATION
B.S. Computer Science, Columbia Gorge University
""", {"backend": (["specific-framework", "testing-framework"], [],
                  {"comment": "lists Python 2.7 and 3.8: not Python-2-only (DOMAIN.md)"})})

fx("years-2-7-experience", """\
Dana Okoye
dana.okoye@example.com | 555-0105 | Columbus, OH

SUMMARY
Backend developer with 2.7 years of experience building Django applications.

SKILLS
Python, Django, PostgreSQL, pytest, Git

EXPERIENCE
Backend Developer, Buckeye Rentals | 2023 – present
- Built Django booking views and PostgreSQL queries; wrote pytest suites for payments.
- Reviewed pull requests and paired with junior developers.

EDUCATION
B.S. Computer Science, Scioto Valley University
""", {"backend": (["specific-framework", "testing-framework"], [], {})})

fx("years-2-7-skills-matrix", """\
Rafael Quintero
rafael.quintero@example.com | 555-0106 | Tucson, AZ

SUMMARY
Web developer moving from PHP to Python.

SKILLS (years)
Python - 2.7 years
Django - 2 years
PHP - 5 years
PostgreSQL - 4 years

EXPERIENCE
Web Developer, Saguaro Travel | 2021 – present
- Rebuilt the booking site in Django; wrote pytest tests for the fare rules.
- Maintained the legacy PHP checkout.

EDUCATION
B.S. Information Technology, Sonoran State University
""", {"backend": (["specific-framework", "testing-framework"], [],
                  {"comment": "'Python - 2.7 years' is years of experience, not Python 2.7"})})

fx("python2-skills-matrix", """\
Walter Brandt
walter.brandt@example.com | 555-0133 | Omaha, NE

SUMMARY
Developer with a legacy Django background, now in technical support.

SKILLS (years)
Python - 3 years
Django - 3 years
MySQL - 6 years

EXPERIENCE
Support Engineer, Platte Valley Software | 2020 – present
- Triage customer tickets and reproduce bugs on Windows and Linux.

Developer, Cornhusker Mutual | 2017 – 2020
- Maintained the Python 2.7 policy system on Django 1.11 and MySQL.

EDUCATION
B.S. Computer Science, Missouri Bluffs College
""", {"backend": (["specific-framework"], ["python2-only"],
                  {"comment": "'Python - 3 years' is years of experience, not Python 3"})})

# --- spelling variants ----------------------------------------------------------------------

fx("spelling-variants", """\
Tomasz Wierzbicki
tomasz.w@example.com | 555-0107 | Chicago, IL

SUMMARY
Python3 backend developer focused on small, well-typed HTTP services.

SKILLS
Python3, fast-api, py.test, PostgreSQL, Docker

EXPERIENCE
Backend Developer, Lakeshore Parking | 2020 – present
- Built the permit API in fast-api; annotated the whole codebase following PEP 484.
- Wrote py.test suites for the pricing engine and ran them in CI.

Junior Developer, Midway Couriers | 2018 – 2020
- Wrote Python3 scripts that synced driver rosters into PostgreSQL.

EDUCATION
B.S. Computer Engineering, Lake Michigan Institute
""", {"backend": (["specific-framework", "type-hints", "testing-framework"], [], {})})

fx("spelling-variants-drf", """\
Aylin Demirci
aylin.demirci@example.com | 555-0108 | Raleigh, NC

SUMMARY
Python3 developer building JSON APIs with Django-REST-Framework.

SKILLS
Python3, Django-REST-Framework, PostgreSQL, Redis, Git

EXPERIENCE
API Developer, Triangle Grants | 2019 – present
- Designed Django-REST-Framework viewsets and serializers for grant applications.
- Kept the code type-hinted and reviewed every pull request.

EDUCATION
B.S. Computer Science, Piedmont Technical University
""", {"backend": (["specific-framework", "type-hints"], [], {})})

# --- scale indicators -----------------------------------------------------------------------

fx("scale-requests-per-second", """\
Haruto Nakamura
haruto.nakamura@example.com | 555-0109 | Seattle, WA

SUMMARY
Backend engineer on high-traffic ad-serving APIs.

SKILLS
Python, Flask, PostgreSQL, Redis, pytest, Docker, Kubernetes

EXPERIENCE
Senior Backend Engineer, Sound Ads | 2019 – present
- Scaled the bid API (Flask behind Gunicorn) to 38,000 requests/second.
- Wrote pytest suites for the auction logic; mocked the Redis client.

Backend Engineer, Rainier Games | 2016 – 2019
- Built leaderboard endpoints in Flask with PostgreSQL.

EDUCATION
B.S. Computer Science, Puget Sound Polytechnic
""", {"backend": (["specific-framework", "production-scale", "testing-framework"], [], {})})

fx("scale-monthly-active-users", """\
Chiamaka Eze
chiamaka.eze@example.com | 555-0110 | Atlanta, GA

SUMMARY
Backend engineer for consumer apps.

SKILLS
Python 3.11, Django, PostgreSQL, Celery, pytest, mypy

EXPERIENCE
Backend Engineer, Peachtree Social | 2020 – present
- Own the Django feed service behind an app with 2.3M monthly active users.
- Added mypy to CI and type-checked the feed ranking module.
- Wrote pytest fixtures for the notification pipeline.

Backend Developer, Magnolia Apps | 2017 – 2020
- Django REST endpoints for a recipe app.

EDUCATION
B.S. Software Engineering, Chattahoochee University
""", {"backend": (G_ALL, [], {})})

fx("scale-latency-p95", """\
Lukas Brenner
lukas.brenner@example.com | 555-0111 | Austin, TX

SUMMARY
Performance-minded Python backend developer.

SKILLS
Python 3.12, FastAPI, asyncpg, PostgreSQL, Pyright, Docker

EXPERIENCE
Backend Engineer, Bluebonnet Maps | 2021 – present
- Brought the geocoding endpoint p95 from 1.8 s to 240 ms by batching PostgreSQL lookups.
- Ported the service to FastAPI with Pyright in strict mode.

Software Developer, Hill Country Realty | 2018 – 2021
- Built listing search endpoints and PostgreSQL indexes.

EDUCATION
M.S. Computer Science, Pedernales University
""", {"backend": (["specific-framework", "production-scale", "type-hints"], [], {})})

fx("scale-data-volume", """\
Sofia Marchetti
sofia.marchetti@example.com | 555-0112 | Boston, MA

SUMMARY
Backend engineer building ingestion APIs for telemetry.

SKILLS
Python 3.10, aiohttp, Kafka, ClickHouse, pytest, Docker

EXPERIENCE
Senior Backend Engineer, Harborlight Telemetry | 2020 – present
- Built the aiohttp ingestion gateway that accepts 3.5 TB per day from field sensors.
- Wrote pytest suites with pytest-asyncio for the Kafka producers.

Backend Developer, Charles River Robotics | 2017 – 2020
- REST endpoints for robot fleet status; ClickHouse queries for dashboards.

EDUCATION
B.S. Electrical Engineering, Bay State Institute
""", {"backend": (["specific-framework", "production-scale", "testing-framework"], [], {})})

# --- false friends --------------------------------------------------------------------------

fx("false-friend-djangoesque", """\
Oskar Valtonen
oskar.valtonen@example.com | 555-0113 | Minneapolis, MN

SUMMARY
Python 3.11 tooling developer; command-line tools and internal admin pages.

SKILLS
Python 3.11, Click, Jinja2, PostgreSQL, pytest, Docker

EXPERIENCE
Tools Developer, Northstar Freight | 2019 – present
- Built a Djangoesque PostgreSQL admin console with Jinja2 templates and plain WSGI.
- Wrote Click command-line tools for dispatchers, all covered by pytest.

EDUCATION
B.S. Computer Science, Lake Superior University
""", {"backend": (["testing-framework"], ["no-web-framework"], {})})

fx("false-friend-javascript", """\
Mei-Lin Zhou
meilin.zhou@example.com | 555-0114 | San Jose, CA

SUMMARY
Full-stack developer: JavaScript and TypeScript on the front end, Python on the back end.

SKILLS
Front end: JavaScript, TypeScript, React, CSS
Back end: Python 3.11, FastAPI, PostgreSQL, pytest

EXPERIENCE
Full-Stack Developer, Orchard Analytics | 2020 – present
- Built React dashboards in JavaScript and the FastAPI endpoints that feed them.
- Wrote pytest tests for the FastAPI routes and Jest tests for the React components.

Front-End Developer, Valley Florists | 2017 – 2020
- JavaScript storefront and checkout pages.

EDUCATION
B.A. Cognitive Science, Santa Clara Valley College
""", {"backend": (["specific-framework", "testing-framework"], [],
                  {"comment": "skills must not contain Java"})})

fx("false-friend-flasky", """\
Beatriz Lacerda
beatriz.lacerda@example.com | 555-0115 | Newark, NJ

SUMMARY
Python automation engineer for finance operations.

SKILLS
Python 3.10, PostgreSQL, pytest, AWS Lambda, Bash

EXPERIENCE
Automation Engineer, Passaic Credit Union | 2019 – present
- Retired Flasky (a fragile home-grown cron box) by moving its PostgreSQL jobs to AWS Lambda.
- Wrote pytest suites for the reconciliation scripts.

EDUCATION
B.S. Information Systems, Garden State University
""", {"backend": (["testing-framework"], ["no-web-framework"], {})})

fx("false-friend-bottleneck", """\
Yusuf Adeyemi
yusuf.adeyemi@example.com | 555-0116 | Houston, TX

SUMMARY
Python developer who makes batch jobs fast.

SKILLS
Python 3.11, PostgreSQL, NumPy, pytest

EXPERIENCE
Software Engineer, Gulf Coast Energy | 2018 – present
- Found the bottleneck in the PostgreSQL export: a missing index on meter readings.
- Removed a NumPy bottleneck in the tariff calculator; wrote pytest regression tests.

EDUCATION
B.S. Computer Science, Galveston Bay University
""", {"backend": (["testing-framework"], ["no-web-framework"], {})})

fx("false-friend-quarterly", """\
Hannah Kowalczyk
hannah.kowalczyk@example.com | 555-0117 | Cleveland, OH

SUMMARY
Python developer in finance IT, based at the Cleveland headquarters.

SKILLS
Python 3.10, PostgreSQL, SQLAlchemy, pytest

EXPERIENCE
Software Developer, Cuyahoga Bank | 2017 – present
- Automated the quarterly PostgreSQL reconciliation with SQLAlchemy and pytest.
- Moved the headquarters PostgreSQL reporting jobs to a scheduler; quarterly close now takes two days.

EDUCATION
B.S. Computer Science, Erie Shore University
""", {"backend": (["testing-framework"], ["no-web-framework"], {})})

fx("chemist-erlenmeyer-flask", """\
Dr. Amara Lindgren
amara.lindgren@example.com | 555-0118 | Wilmington, DE

SUMMARY
Analytical chemist with twelve years in pharmaceutical quality control.

LAB SKILLS
Titration, HPLC, GC-MS, UV-Vis spectroscopy, Erlenmeyer flask and burette technique

SOFTWARE
Python with NumPy and SciPy for curve fitting; ChemDraw; Excel

EXPERIENCE
Senior QC Chemist, Brandywine Pharma | 2014 – present
- Ran assays in a 250 mL Erlenmeyer flask under GMP; trained four analysts.
- Validated dissolution methods for tablets and capsules.

EDUCATION
Ph.D. Analytical Chemistry, Delaware Valley University
""", {"backend": ([], ["no-web-framework"], {"score_max": 0.0})})

fx("chemist-flask-python-line", """\
Dr. Tobias Feldmann
tobias.feldmann@example.com | 555-0119 | Princeton, NJ

SUMMARY
Physical chemist who automates lab work.

SKILLS
Calorimetry, titration, NMR, Python, NumPy

EXPERIENCE
Research Chemist, Millstone Materials | 2016 – present
- Logged the pH of each Erlenmeyer flask to Python and NumPy scripts during titrations.
- Built NumPy routines for calorimetry baseline correction.

EDUCATION
Ph.D. Physical Chemistry, Raritan University
""", {"backend": ([], ["no-web-framework"], {"score_max": 0.0,
                  "comment": "Erlenmeyer flask on a line that also names Python: still not Flask"})})

fx("hvac-airflow", """\
Rosa Delgado
rosa.delgado@example.com | 555-0120 | Phoenix, AZ

SUMMARY
Licensed HVAC technician, commercial buildings.

SKILLS
Airflow balancing, refrigerant recovery (EPA 608), ductwork, rooftop units, controls

EXPERIENCE
Lead HVAC Technician, Desert Air Mechanical | 2015 – present
- Measured and balanced airflow for office towers and hospitals.
- Diagnosed low airflow at rooftop units; replaced blowers and belts.

HVAC Installer, Mesa Comfort | 2011 – 2015
- Installed split systems and sealed ductwork.

EDUCATION
HVAC Certificate, Valley Trade Institute
""", {"backend": ([], ["no-python"], {"score_max": 0.0})})

fx("test-coverage-practice", """\
Kwame Mensah
kwame.mensah@example.com | 555-0121 | Baltimore, MD

SUMMARY
Django developer who cares about test coverage and code review.

SKILLS
Python 3.11, Django, PostgreSQL, Redis, Docker

EXPERIENCE
Backend Developer, Chesapeake Freight | 2019 – present
- Built Django shipment-tracking views; kept 99.95% uptime for the customer portal.
- Championed test coverage in code review and wrote unit tests for every bug fix.

Junior Developer, Harbor Events | 2017 – 2019
- Django ticketing pages and PostgreSQL reports.

EDUCATION
B.S. Computer Science, Patapsco University
""", {"backend": (["specific-framework", "production-scale"], [],
                  {"comment": "'test coverage' is a practice, not coverage.py"})})

fx("java-spring-annotations", """\
Anil Varghese
anil.varghese@example.com | 555-0122 | Dallas, TX

SUMMARY
Java backend engineer with some Python; Spring Boot services and Django admin tools.

SKILLS
Java 17, Spring Boot, Hibernate, JUnit 5, Mockito, Python, Django, PostgreSQL

EXPERIENCE
Senior Java Engineer, Trinity Logistics | 2016 – present
- Built Spring Boot services using Java annotations for transactions and caching.
- Wrote custom annotations and an annotation processor for audit logging.
- JUnit 5 and Mockito tests for every service.
- Built internal Django admin tools for the operations team.

EDUCATION
B.Tech. Computer Science, Kerala Technological University
""", {"backend": (["specific-framework"], [],
                  {"comment": "Java annotations are not type hints; JUnit is not a Python test framework"})})

# --- generic / tutorial / no framework ------------------------------------------------------

fx("generic-python", """\
Patrick Osei
patrick.osei@example.com | 555-0123 | Kansas City, MO

SUMMARY
IT analyst with five years of Python experience and a passion for automation.

SKILLS
Python, Excel, Windows, Git, problem solving

EXPERIENCE
IT Analyst, Heartland Grain Co-op | 2019 – present
- Used Python to automate weekly reports and clean up spreadsheets.
- Supported 200 staff with laptops and accounts.

Help Desk Technician, Prairie Schools | 2016 – 2019
- Imaged laptops and reset passwords.

EDUCATION
A.A.S. Information Technology, Missouri Valley Community College
""", {"backend": ([], ["generic-python", "no-web-framework"], {"score_max": 0.0,
                                                                  "rank_above": ["pastry-chef.txt"]})})

fx("tutorial-only", """\
Jordan Ellery
jordan.ellery@example.com | 555-0124 | Richmond, VA

SUMMARY
Aspiring Python web developer, recent bootcamp graduate.

SKILLS
Python, Django, SQLite, pytest, HTML, CSS, Git

PROJECTS
- To-do app in Django, built by following a YouTube tutorial; deployed it to Heroku.
- Blog engine from the Udemy "Django for Beginners" course, with pytest tests.
- Capstone project: a recipe finder built with Django and SQLite.

EDUCATION
Full-Stack Python Bootcamp, James River Coding Academy (12 weeks)
Codecademy: Learn Python 3 course certificate

OTHER EXPERIENCE
Library Assistant, Henrico Public Library | 2019 – 2023
""", {"backend": (["specific-framework", "testing-framework"], ["tutorial-only"], {})})

fx("tutorial-career-changer", """\
Morgan Achterberg
morgan.achterberg@example.com | 555-0125 | Milwaukee, WI

SUMMARY
Career changer from retail, now learning Python web development.

SKILLS
Python, Flask, SQLite, Git

PROJECTS
- Weather dashboard in Flask with SQLite, built in an online course on Coursera.
- Budget tracker from a freeCodeCamp tutorial.

EDUCATION
Python Web Development Bootcamp, Lakefront Code School (2024)

EXPERIENCE
Store Supervisor, Lakeside Outfitters | 2016 – 2024
- Helped customers choose gear and handled returns; trained new clerks.
""", {"backend": (["specific-framework"], ["tutorial-only"],
                  {"comment": "retail 'customers' is not production software work"})})

fx("bootcamp-then-production", """\
Samira Haddad
samira.haddad@example.com | 555-0126 | Detroit, MI

SUMMARY
Backend developer; bootcamp graduate now shipping Django features to production.

SKILLS
Python 3.11, Django, PostgreSQL, pytest, Docker, Sentry

EXPERIENCE
Backend Developer, Motor City Logistics | 2023 – present
- Shipped Django features to production for 4,000 customers; joined the on-call rotation.
- Wrote pytest suites for the invoicing module.

EDUCATION
Python Bootcamp, Great Lakes Coding Academy
B.A. Economics, Wayne Hills College
""", {"backend": (["specific-framework", "production-scale", "testing-framework"], [], {})})

fx("data-scripting-no-web", """\
Elena Petrova
elena.petrova@example.com | 555-0127 | Pittsburgh, PA

SUMMARY
Python data engineer: batch pipelines and analytics scripts, no web work.

SKILLS
Python 3.11, pandas, NumPy, PySpark, Airflow, Snowflake, SQL, pytest, mypy

EXPERIENCE
Data Engineer, Allegheny Retail Group | 2019 – present
- Built PySpark and Airflow pipelines that load 200 GB per day into Snowflake.
- Typed the pipeline library with mypy; pytest suites run on every merge.

Analyst Programmer, Three Rivers Health | 2016 – 2019
- pandas and NumPy scripts for claims analysis.

EDUCATION
B.S. Statistics, Monongahela University
""", {"backend": (["production-scale", "type-hints", "testing-framework"], ["no-web-framework"], {}),
      "data": (G_ALL, [], {"comment": "DESIGN.md: for data, the role's own frameworks count"})})

fx("pastry-chef", """\
Colette Marchand
colette.marchand@example.com | 555-0128 | New Orleans, LA

SUMMARY
Pastry chef with fifteen years in hotel and restaurant kitchens.

SKILLS
Laminated doughs, sugar work, chocolate tempering, plated desserts, menu costing

EXPERIENCE
Executive Pastry Chef, Hotel Vieux Carré | 2018 – present
- Run a brigade of six; 400 covers a night; croissants and brioche from scratch.
- Developed a celery-root and black sesame tart shell for the tasting menu.
- Cut food cost by 12% through seasonal menus and salt-caramel batch prep.

Pastry Cook, Magazine Street Bistro | 2010 – 2018
- Mise en place, tart shells, ice creams and sorbets.

EDUCATION
Diplôme de Pâtisserie, Gulf Culinary Institute
""", {"backend": ([], ["no-python"], {"score_max": 0.0, "comment": "non-developer: should rank last"})})

# --- empty ----------------------------------------------------------------------------------

EMPTY = {"empty": "", "whitespace-only": "   \n\t\n  \r\n        \n\n"}

# --- encodings and normalization ------------------------------------------------------------

fx("utf16-le-bom", """\
Zoë Castellanos-Ibáñez
zoe.castellanos@example.com | 555-0129 | Málaga, Spain (remote)

SUMMARY
Backend developer building Django services for tourism booking.

SKILLS
Python 3.11, Django, PostgreSQL, Celery, pytest

EXPERIENCE
Backend Developer, Costa Reservas | 2019 – present
- Built the Django availability service; reduced page load time by 45%.
- Wrote pytest suites for the rate calendar.

EDUCATION
Grado en Ingeniería Informática, Universidad del Sur
""", {"backend": (["specific-framework", "production-scale", "testing-framework"], [], {})},
    encoding="utf-16-le", bom=True)

# Some export tools write UTF-16 without a byte-order mark; the zero bytes give it away.
fx("utf16-be-no-bom", """\
Tomás Okonkwo-Lindqvist
tomas.ol@example.com | 555-0131 | Göteborg, Sweden

SUMMARY
Backend developer for logistics platforms; FastAPI services with typed, tested Python.

SKILLS
Python 3.12, FastAPI, Pydantic, mypy, PostgreSQL, pytest

EXPERIENCE
Backend Developer, Nordhamn Frakt | 2020 – present
- Built the FastAPI tracking API serving 2,500 requests/second.
- Introduced mypy and type hints across the shipment service.
- Wrote pytest suites for the route planner.
""", {"backend": (["specific-framework", "production-scale", "type-hints", "testing-framework",
                  "sql-depth", "senior-experience"], [], {})},
    encoding="utf-16-be", bom=False)

fx("windows-1252", """\
Renée Dubois-Fontaine
renee.dubois@example.com • 555-0130 • Montréal, QC

SUMMARY
Backend developer at Café Lumière Software; “typed, tested and boring” is my motto.

SKILLS
Python 3.12, FastAPI, PostgreSQL, mypy, pytest, Docker

EXPERIENCE
Senior Backend Developer, Café Lumière Software | 2019 – present
• Built the FastAPI ordering service that kept 99.9% uptime through the holiday rush.
• Added mypy to CI; “no untyped defs” is now the team’s rule.
• Wrote pytest suites for the loyalty-points engine.

EDUCATION
B.Sc. Informatique, Université du Saint-Laurent
""", {"backend": (G_ALL, [], {})}, encoding="cp1252")

fx("ligature-flask", """\
Nikhil Sharma
nikhil.sharma@example.com | 555-0131 | Columbus, OH

SUMMARY
Backend developer; small APIs, clean conﬁguration, reliable workﬂows.

SKILLS
Python 3.10, ﬂask, SQLAlchemy, PostgreSQL, pytest

EXPERIENCE
Backend Developer, Olentangy Clinics | 2020 – present
- Built the appointment API in ﬂask with SQLAlchemy models over PostgreSQL.
- Wrote pytest suites for the scheduling rules.

EDUCATION
B.S. Computer Science, Ohio Valley University
""", {"backend": (["specific-framework", "testing-framework"], [],
                  {"comment": "U+FB02 ligature in 'ﬂask' must read as Flask"})})

fx("hyphenated-line-end", """\
Grace Mbatha
grace.mbatha@example.com | 555-0132 | Charlotte, NC

SUMMARY
Backend developer with six years of web develop-
ment, mostly Python services built on Djan-
go and PostgreSQL.

SKILLS
Python 3.11, PostgreSQL, Redis, pytest, Docker

EXPERIENCE
Backend Developer, Queen City Insurance | 2019 – present
- Built the quote API and its PostgreSQL schema; pytest suites for the rating rules.
- Wrote the team's guide to code review.

EDUCATION
B.S. Computer Science, Catawba River University
""", {"backend": (["specific-framework", "testing-framework"], [],
                  {"comment": "'Djan-/go' across a line end is Django"})})

fx("utf8-stray-byte", """\
Tomasz Wiśniewski-Ortiz
tomasz.wisniewski@example.com | 555-0133 | Kraków / Remote

SUMMARY
Backend engineer building Python services since 2016; “boring, typed, tested” APIs.

SKILLS
Python 3.12, FastAPI, PostgreSQL, pytest, mypy, Docker

EXPERIENCE
Senior Backend Engineer, Wisła Logistics | 2019 – present
- Built the FastAPI tracking API; 12,000 requests/second at peak.
- Added mypy to CI and pytest suites for the routing rules.

Backend Developer, Zakopane Travel | 2016 – 2019
- Maintained the booking service in Python and PostgreSQL.

EDUCATION
M.Sc. Computer Science, Vistula University
""", {"backend": (G_ALL + ["senior-experience", "sql-depth"], [],
                  {"comment": "UTF-8 with one stray 0xFF byte: stays UTF-8 (U+FFFD), the en dashes "
                              "of the date ranges survive"})},
   post=lambda b: b.replace(b"routing rules.", b"routing rules.\xff", 1))

fx("cr-line-endings", """\
Helen Okonkwo-Baptiste
helen.okonkwo@example.com | 555-0134 | Lagos / Remote

SUMMARY
Backend engineer; Python services, typed and tested.

SKILLS
Python 3.11, Django, PostgreSQL, pytest, mypy

EXPERIENCE
Senior Backend Engineer, Harmattan Payments
2020 - present
- Built Django REST APIs serving 2 million monthly active users.
- Introduced mypy and pytest suites across the payments codebase.

Backend Developer, Lekki Media
2015 - 2020
- Maintained Django views and PostgreSQL migrations.

EDUCATION
B.Sc. Computer Science, University of the Lagoon
""", {"backend": (G_ALL + ["senior-experience", "sql-depth"], [],
                  {"comment": "classic Mac OS line endings (CR only): every CR ends a line, so "
                              "the date ranges on their own lines are found"})},
   post=lambda b: b.replace(b"\n", b"\r"))


def toml_list(items):
    return "[" + ", ".join(f'"{i}"' for i in items) + "]"


def expect_text(roles):
    out = ["# one table per role the fixture is screened under; exact sets of flag ids expected"]
    for role, (green, yellow, extra) in roles.items():
        out.append("")
        if "comment" in extra:
            out.append(f"# {extra['comment']}")
        out.append(f"[{role}]")
        out.append(f"green = {toml_list(green)}")
        out.append(f"yellow = {toml_list(yellow)}")
        for key in ("score_min", "score_max"):
            if key in extra:
                out.append(f"{key} = {extra[key]:.1f}")
        if "rank_above" in extra:
            out.append(f"rank_above = {toml_list(extra['rank_above'])}")
    return "\n".join(out) + "\n"


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    for name, (text, roles, encoding, bom, post) in FIXTURES.items():
        data = text.encode(encoding)
        if bom:
            data = "\ufeff".encode(encoding) + data
        if post:
            data = post(data)
        (OUT / f"{name}.txt").write_bytes(data)
        # Expectations are reviewed by hand once flags are added to the packs: write only new ones.
        expect = OUT / f"{name}.expect.toml"
        if not expect.exists():
            expect.write_text(expect_text(roles), encoding="utf-8")
    for name, text in EMPTY.items():
        (OUT / f"{name}.txt").write_bytes(text.encode("ascii"))
        (OUT / f"{name}.expect.toml").write_text(
            "# nothing to screen: reported in errors, never as a candidate\n"
            'error = "empty"\n', encoding="utf-8")


if __name__ == "__main__":
    main()
