"""The repository carries its own specification (docs/): every reference to a rule or a heading in
code, tests, dbt files and suites resolves to a heading that exists, and nothing cites an issue."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from tests.conftest import ROOT

DOCS = ROOT / "docs"
SECTION = re.compile(r"docs/(\w+)\.md §(\d+(?:\.\d+)*)")
HEADING_REF = re.compile(r"docs/(\w+)\.md \"([^\"]+)\"")
DOC_FILE = re.compile(r"\bdocs/(\w+)\.md\b")
ISSUE = re.compile(r"\bissues?\b[ :#]*\d+|\(issue\b", re.IGNORECASE)
OUTSIDE_SPEC = re.compile(r"\b(?:SPEC|DOMAIN|STYLE)\.md\b")
TEXT_SUFFIXES = {".py", ".sql", ".yml", ".yaml", ".json", ".csv", ".md", ".toml", ".sh", ".cfg", ""}


def tracked_files() -> list[Path]:
    out = subprocess.run(
        ["git", "ls-files", "-z", "-co", "--exclude-standard"], cwd=ROOT, capture_output=True, text=True
    )
    files = [ROOT / name for name in out.stdout.split("\0") if name]
    return [f for f in files if f.is_file() and f.suffix in TEXT_SUFFIXES and "fixtures" not in f.parts]


def headings(doc: Path) -> list[str]:
    return [line.lstrip("#").strip() for line in doc.read_text(encoding="utf-8").splitlines() if line.startswith("#")]


def section_numbers(doc: Path) -> set[str]:
    return {m[1] for h in headings(doc) if (m := re.match(r"(\d+(?:\.\d+)*)\.?\s", h))}


def references() -> list[tuple[Path, int, str]]:
    found = []
    for path in tracked_files():
        if path.name == "test_docs.py":
            continue
        for n, line in enumerate(path.read_text(encoding="utf-8", errors="replace").splitlines(), 1):
            found.append((path, n, line))
    return found


def test_every_cited_section_of_the_docs_exists() -> None:
    bad = []
    for path, n, line in references():
        for doc, number in SECTION.findall(line):
            target = DOCS / f"{doc}.md"
            if not target.exists() or number not in section_numbers(target):
                bad.append(f"{path.relative_to(ROOT)}:{n}: docs/{doc}.md §{number}")
        for doc, title in HEADING_REF.findall(line):
            target = DOCS / f"{doc}.md"
            if not target.exists() or title not in headings(target):
                bad.append(f'{path.relative_to(ROOT)}:{n}: docs/{doc}.md "{title}"')
        for doc in DOC_FILE.findall(line):
            if not (DOCS / f"{doc}.md").exists():
                bad.append(f"{path.relative_to(ROOT)}:{n}: docs/{doc}.md does not exist")
    assert not bad, "references to headings that do not exist:\n" + "\n".join(bad)


def test_nothing_cites_an_issue_or_a_document_outside_the_repository() -> None:
    bad = [
        f"{path.relative_to(ROOT)}:{n}: {line.strip()[:100]}"
        for path, n, line in references()
        if ISSUE.search(line) or OUTSIDE_SPEC.search(line)
    ]
    assert not bad, "cite docs/ instead:\n" + "\n".join(bad)


def test_the_reference_check_can_fail() -> None:
    assert "9.9" not in section_numbers(DOCS / "domain.md")
    assert "2.1" in section_numbers(DOCS / "domain.md")
    assert "Data layout" in headings(DOCS / "architecture.md")
    assert ISSUE.search("as asked in issue 7") and ISSUE.search("(issue: benchmark)")
    assert not ISSUE.search("an issued licence")
