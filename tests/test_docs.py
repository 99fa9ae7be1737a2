"""The documentation stays true to the tree: every relative link in the README and docs/ resolves
inside the repository (anchors included), every `§` the code cites is a section of docs/design.md,
and no comment, docstring or document names a file or module that does not exist."""
from __future__ import annotations

import re
import subprocess
from pathlib import Path

from deploy.settings import DOCS_DIR, ROOT

PAGES = [ROOT / "README.md", *sorted(DOCS_DIR.rglob("*.md"))]
LINK = re.compile(r"\[[^\]]*\]\(([^)\s]+)\)")
SECTION = re.compile(r"§(\d+(?:\.\d+)?)")


def slug(heading: str) -> str:
    """GitHub's anchor for a heading: lowercase, punctuation dropped, spaces to hyphens."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


def anchors(page: Path) -> set[str]:
    return {slug(line.lstrip("#")) for line in page.read_text().splitlines() if line.startswith("#")}


def broken_links(pages: list[Path], root: Path) -> list[str]:
    problems = []
    for page in pages:
        for target in LINK.findall(page.read_text()):
            if re.match(r"^[a-z]+:", target):
                continue  # an absolute URL: outside the repository by intent
            path, _, anchor = target.partition("#")
            resolved = (page.parent / path).resolve() if path else page
            if not resolved.is_relative_to(root) or not resolved.exists():
                problems.append(f"{page.relative_to(root)}: {target} does not resolve inside the repository")
            elif anchor and resolved.suffix == ".md" and anchor not in anchors(resolved):
                problems.append(f"{page.relative_to(root)}: {target} names no heading of {path or page.name}")
    return problems


def test_every_relative_link_resolves_inside_the_repository():
    assert broken_links(PAGES, ROOT) == []


def test_a_broken_link_is_caught(tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "a.md").write_text("# A page\n\n## Real heading\n")
    page = tmp_path / "README.md"
    page.write_text("[ok](docs/a.md#real-heading) [gone](docs/b.md) [out](../shared/spec.md) "
                    "[anchor](docs/a.md#no-such) [web](https://example.com)\n")
    found = broken_links([page], tmp_path)
    assert len(found) == 3 and all(not p.endswith("#real-heading does not resolve") for p in found), found


def tracked(*patterns: str) -> list[Path]:
    names = subprocess.run(["git", "ls-files", *patterns], cwd=ROOT, capture_output=True, text=True,
                           check=True, timeout=600).stdout.split()
    return [ROOT / name for name in names if (ROOT / name).is_file()]


def test_every_section_the_code_cites_is_in_the_design():
    headings = {m for line in (DOCS_DIR / "design.md").read_text().splitlines() if line.startswith("#")
                for m in SECTION.findall(line)}
    cited = {(path.relative_to(ROOT), m) for path in tracked("*.py", "*.js", "*.md", "*.toml", "*.yml")
             for m in SECTION.findall(path.read_text())}
    assert cited and {f"{path}: §{m}" for path, m in cited if m not in headings} == set()


# A repository path with an extension, or a dotted module of our packages (two parts or more).
PATH = re.compile(r"(?<![\w./-])((?:modules|deploy|ops|tests|bench|examples|bin|docs|ci|tools|terraform)"
                  r"/[\w./-]*\w\.(?:py|js|md|json|yml|yaml|toml|hcl|svg|png|mmd))\b")
MODULE = re.compile(r"(?<![\w./-])((?:modules|deploy|ops)(?:\.[a-z_]\w*)+)")


# A bare file name (no folder): some tracked file must carry it.
BARE = re.compile(r"(?<![\w./-])([\w-]+(?:\.[\w-]+)*\.(?:py|md|toml|yml|yaml|sh|hcl))\b")
# Bare names that are examples, not files of ours: the summary a user asks review to write, an eksctl file,
# the optional default.toml, and the files the tests make up.
EXAMPLE_NAMES = {"review.md", "default.toml", "cluster.yaml", "prod.toml", "typo.toml", "types.toml", "copy.toml", "case.toml",
                 "a.md", "note.py", "stray.py"}


# Names the tests make up on purpose: a file test_synth_cache creates, a module test_layers adds to a copy,
# and test_layers' own dict of modules.
MADE_UP = {"modules/new_part/construct.py", "ops.stray", "modules.items"}


def missing_names(files: list[Path], root: Path, basenames: set[str] | None = None) -> list[str]:
    problems = []
    for path in files:
        text = path.read_text(errors="replace")
        if basenames is not None:
            problems += [f"{path.relative_to(root)} names {name}, which no file of the repository is"
                         for name in sorted(set(BARE.findall(text)) - basenames - EXAMPLE_NAMES)]
        for name in set(PATH.findall(text)) - MADE_UP:
            if not (root / name).exists():
                problems.append(f"{path.relative_to(root)} names {name}, which does not exist")
        for dotted in set(MODULE.findall(text)) - MADE_UP:
            parts = dotted.split(".")
            if not any((root / Path(*parts[:n])).with_suffix(".py").is_file() or (root / Path(*parts[:n])).is_dir()
                       for n in range(2, len(parts) + 1)):
                problems.append(f"{path.relative_to(root)} names {dotted}, which is no module")
    return problems


def test_no_comment_docstring_or_document_names_a_module_that_does_not_exist():
    files = [p for p in tracked("*.py", "*.js", "*.md", "*.yml", "*.toml", "*.json", "bin/*", ".ci/*")
             if p.name not in ("package-lock.json", "Pipfile.lock") and p != Path(__file__)]
    assert missing_names(files, ROOT, {path.name for path in tracked()}) == []


def test_a_stale_module_name_is_caught(tmp_path):
    (tmp_path / "ops" / "live").mkdir(parents=True)
    (tmp_path / "ops" / "live" / "verify.py").write_text("")
    note = tmp_path / "note.py"
    note.write_text("# see ops/verify.py and ops.terraform_cli; ops/live/verify.py and ops.live.verify are fine;\n"
                    "# so is verify.py, but not terraform_cli.py\n")
    assert sorted(missing_names([note], tmp_path, {"verify.py", "note.py"})) == [
        "note.py names ops.terraform_cli, which is no module", "note.py names ops/verify.py, which does not exist",
        "note.py names terraform_cli.py, which no file of the repository is"]
