"""The repository stands alone: its documents cite only what is in it or public, and link true.

A learner or contributor has only the repository. So no tracked text file may name a path
outside it (a team's shared notes, a design document, a machine's working directory); every
relative link in the README and ``docs/`` must lead to a file that exists; and the pages that
collect the vocabulary, objectives, failure modes and sources (``docs/glossary.md``,
``docs/learning-objectives.md``, ``docs/failure-modes.md``, ``docs/bibliography.md``) must
cover every code, address and standard the rest of the repository uses.
"""

from __future__ import annotations

import json
import re
import subprocess
from functools import cache
from pathlib import Path

import pytest

from simtoken.policy.sources import SOURCES

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
PAGES = ("glossary.md", "learning-objectives.md", "failure-modes.md", "bibliography.md")

_SKIPPED_DIRS = {
    ".git", ".venv", "__pycache__", ".pytest_cache", ".mypy_cache", ".ruff_cache",
    ".hypothesis", ".ipynb_checkpoints", "build", "dist", "out",
}  # fmt: skip

_OUTSIDE = re.compile(
    r"(?<![\w/.+-])shared/"  # the team's shared folder (not a URL's /shared/ segment)
    r"|\bDESIGN\.md\b|\bDESIGN §"  # the design document outside the repository
    r"|refresh-token-landscape|teaching-landscape|style-anchors|toolchain-facts"
    r"|(?<![\w/.+-])/(?:work|home|root|Users)/"  # a machine's absolute paths
)
_LINK = re.compile(r"!?\[[^\]]*\]\(([^)\s]+)(?:\s+\"[^\"]*\")?\)")
_URL = re.compile(r"https?://[^\s\"'`<>()\[\]\\]+")
_CODE = re.compile(r"\b(F\d+b?|K\d)\b")
_OBJECTIVE = re.compile(r"\bLO(\d+)\b")
_RFC = re.compile(r"\bRFC ?(\d{4})\b")


@cache
def _tracked() -> tuple[Path, ...]:
    """The repository's files: git's list when there is one, else a walk without caches."""
    try:
        out = subprocess.run(
            ["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True, text=True
        ).stdout
        paths = [ROOT / name for name in out.split("\0") if name]
    except (OSError, subprocess.CalledProcessError):
        paths = [
            p
            for p in ROOT.rglob("*")
            if not _SKIPPED_DIRS.intersection(p.relative_to(ROOT).parts)
            and not any(part.endswith(".egg-info") for part in p.parts)
        ]
    return tuple(sorted(p for p in paths if p.is_file()))


def _notebook_text(raw: str) -> str:
    """A notebook's cell sources and text outputs (never its base64 images)."""
    parts: list[str] = []
    for cell in json.loads(raw)["cells"]:
        parts.append("".join(cell["source"]))
        for output in cell.get("outputs", []):
            parts.append("".join(output.get("text", "")))
            data = output.get("data", {})
            for kind in ("text/plain", "text/markdown", "text/html"):
                parts.append("".join(data.get(kind, "")))
    return "\n".join(parts)


@cache
def _texts() -> dict[str, str]:
    """Every tracked text file's text, by its path relative to the repository root."""
    texts: dict[str, str] = {}
    for path in _tracked():
        raw = path.read_bytes()
        if b"\0" in raw:
            continue  # binary (pictures)
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            continue
        name = path.relative_to(ROOT).as_posix()
        texts[name] = _notebook_text(text) if name.endswith(".ipynb") else text
    return texts


def _without(*names: str) -> dict[str, str]:
    return {name: text for name, text in _texts().items() if name not in names}


def test_the_repository_has_text_files_to_check() -> None:
    names = set(_texts())
    assert {"README.md", "Makefile", "pyproject.toml", "simtoken/record/metrics.py"} <= names
    assert any(name.endswith(".ipynb") for name in names)
    assert {f"docs/{page}" for page in PAGES} <= names


def test_no_tracked_file_names_a_path_outside_the_repository() -> None:
    found = [
        f"{name}:{text.count(chr(10), 0, match.start()) + 1}: {match.group(0)!r}"
        for name, text in _texts().items()
        for match in _OUTSIDE.finditer(text)
        if name != "tests/test_docs_pages.py"  # the patterns themselves
    ]
    assert found == []


@pytest.mark.parametrize(
    "text",
    [
        "see ``shared/reference/refresh-token-landscape.md`` §C",
        "Names follow the design (shared/DESIGN.md §3)",
        "invariants (DESIGN §7)",
        "measured in toolchain-facts",
        "open " + "/".join(["", "home", "learner", "README.md"]),  # an absolute path, built
    ],
)
def test_the_outside_pattern_catches_what_it_is_for(text: str) -> None:
    assert _OUTSIDE.search(text)


@pytest.mark.parametrize(
    "text",
    [
        "https://example.org/shared/x",
        "docs/glossary.md",
        "https://example.org/work" + "/x",
        "DESIGNS",
    ],
)
def test_the_outside_pattern_lets_urls_and_inside_paths_be(text: str) -> None:
    assert _OUTSIDE.search(text) is None


def _slug(heading: str) -> str:
    """GitHub's anchor for a Markdown heading."""
    text = re.sub(r"[`*_]", "", heading.strip().lower())
    return re.sub(r"[^\w\- ]", "", text).replace(" ", "-")


def _anchors(path: Path) -> set[str]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return {_slug(line.lstrip("#")) for line in lines if re.match(r"#{1,6} ", line)}


def _broken_links(path: Path, text: str) -> list[str]:
    broken: list[str] = []
    for target in _LINK.findall(text):
        if re.match(r"[a-z][a-z0-9+.-]*:", target):
            continue  # https:, mailto: ...
        file_part, _, anchor = target.partition("#")
        linked = (path.parent / file_part).resolve() if file_part else path
        if not linked.is_file() or (
            anchor and linked.suffix == ".md" and anchor not in _anchors(linked)
        ):
            broken.append(target)
    return broken


def test_every_relative_link_in_the_readme_docs_and_notebooks_leads_to_a_file() -> None:
    pages = [
        ROOT / "README.md",
        *sorted(DOCS.glob("*.md")),
        *sorted(ROOT.glob("notebooks/*.ipynb")),
    ]
    links = 0
    broken: dict[str, list[str]] = {}
    for path in pages:
        text = _texts()[path.relative_to(ROOT).as_posix()]
        links += len(_LINK.findall(text))
        if found := _broken_links(path, text):
            broken[path.name] = found
    assert broken == {}
    assert links >= 20


def test_a_broken_link_is_reported(tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    page.write_text("# Title\n\n[ok](page.md#title) [no](missing.md#x) [bad](page.md#nowhere)\n")
    assert _broken_links(page, page.read_text()) == ["missing.md#x", "page.md#nowhere"]


def test_the_readme_links_every_documentation_page() -> None:
    readme = _texts()["README.md"]
    assert "## Documentation" in readme
    for page in (*PAGES, "presets.md"):
        assert f"(docs/{page})" in readme


def test_every_failure_mode_code_used_has_a_row() -> None:
    page = _texts()["docs/failure-modes.md"]
    rows = set(re.findall(r"^\| (F\d+b?|K\d) \|", page, flags=re.MULTILINE))
    used = {
        code for text in _without("docs/failure-modes.md").values() for code in _CODE.findall(text)
    }
    assert used
    assert used <= rows, f"codes without a row in docs/failure-modes.md: {sorted(used - rows)}"
    assert {f"F{i}" for i in range(1, 11)} | {"F3b", "K1", "K2"} <= rows


def test_every_learning_objective_has_a_row() -> None:
    page = _texts()["docs/learning-objectives.md"]
    rows = {int(n) for n in re.findall(r"^\| LO(\d+) \|", page, flags=re.MULTILINE)}
    assert rows == set(range(1, 16))
    used = {int(n) for text in _texts().values() for n in _OBJECTIVE.findall(text)}
    assert used <= rows


def test_every_source_key_is_in_the_bibliography() -> None:
    page = _texts()["docs/bibliography.md"]
    missing = [key for key in SOURCES if f"**{key}**" not in page]
    assert missing == []


def _public_urls(text: str) -> set[str]:
    urls = set()
    for url in _URL.findall(text):
        url = url.rstrip(".,;:")
        host = re.split(r"[/?#]", url.split("://", 1)[1])[0]
        template = host.startswith("{")  # an f-string's address, like https://{APP_HOST}/out
        if (
            host
            and "example" not in host
            and "@" not in host
            and not host.startswith("[")
            and not template
        ):
            urls.add(url)
    return urls


def test_every_public_address_cited_is_in_the_bibliography() -> None:
    listed = _public_urls(_texts()["docs/bibliography.md"])
    cited = {
        url for text in _without("docs/bibliography.md").values() for url in _public_urls(text)
    }
    assert len(cited) > 50
    # a URL split over two string literals leaves its first half: a prefix of a listed one
    missing = sorted(url for url in cited if not any(full.startswith(url) for full in listed))
    assert missing == [], f"cited but not in docs/bibliography.md: {missing}"


def test_every_rfc_cited_is_in_the_bibliography() -> None:
    page = _texts()["docs/bibliography.md"]
    cited = {n for text in _without("docs/bibliography.md").values() for n in _RFC.findall(text)}
    assert {"6749", "9700", "7519", "8725", "9449"} <= cited
    missing = sorted(n for n in cited if f"RFC {n}," not in page)
    assert missing == []
