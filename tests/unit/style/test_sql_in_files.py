"""SQL longer than a few lines lives in ``.sql`` files, not in Python strings (issue 14).

Every ``.py`` file in the code folders is parsed; a string constant — an implicitly concatenated one counts as one
string, an f-string as its literal parts joined — that reads as a SQL statement and is over 300 characters fails the
test with its file and line. Docstrings are prose, not run, and are skipped."""

from __future__ import annotations

import ast
import re
import shutil
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path

from warehouse.settings import REPO_ROOT

CODE_FOLDERS = ("pipelines", "transforms", "qa_rubrics", "rules", "health", "dashboards", "warehouse", "benchmarks",
                "scripts")
LIMIT = 300

# A statement: a keyword that opens one, followed by what that statement needs (so English prose such as
# "select a day from the list" in a help text is not taken for SQL).
SQL_STATEMENT = re.compile(
    r"""\b(
        select\s[\s\S]*?\bfrom\s+[\w."]+(\s+(as\s+)?\w+)?\s*
            (\b(where|join|left|inner|cross|full|group|order|limit|using|qualify|union|having|window)\b|[,();\n]|$)
      | insert\s+(or\s+\w+\s+)?into\s+[\w."]
      | update\s+[\w."]+\s+set\s
      | delete\s+from\s+[\w."]
      | create\s+(or\s+replace\s+)?(temp(orary)?\s+)?(table|view|macro|function|index|schema|sequence|type)\b
      | with\s+(recursive\s+)?\w+\s*(\([\w\s,]*\))?\s+as\s*(not\s+)?(materialized\s+)?\(
    )""",
    re.IGNORECASE | re.VERBOSE,
)


def looks_like_sql(text: str) -> bool:
    return SQL_STATEMENT.search(text) is not None


def _docstring_nodes(tree: ast.Module) -> set[int]:
    """ids of the string constants that are docstrings (module, class, function)."""
    found: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                found.add(id(first.value))
    return found


def string_literals(tree: ast.Module) -> Iterator[tuple[int, str]]:
    """(line, text) of every string literal: a plain one whole, an f-string as its literal parts joined."""
    skip = _docstring_nodes(tree)
    inside_fstring: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr):
            parts = [value for value in node.values if isinstance(value, ast.Constant)]
            inside_fstring.update(id(part) for part in parts)
            yield node.lineno, "".join(str(part.value) for part in parts)
    for node in ast.walk(tree):
        if (isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in skip
                and id(node) not in inside_fstring):
            yield node.lineno, node.value


def long_sql(path: Path) -> list[str]:
    """``file:line (N chars)`` for each string in ``path`` that reads as SQL and is over the limit."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    relative = path.relative_to(REPO_ROOT)
    return [f"{relative}:{line} ({len(text)} chars)" for line, text in sorted(string_literals(tree))
            if len(text) > LIMIT and looks_like_sql(text)]


def python_files() -> Iterator[Path]:
    for folder in CODE_FOLDERS:
        yield from sorted((REPO_ROOT / folder).rglob("*.py"))


def test_the_detector_sees_sql_in_each_form() -> None:
    body = "select contact_id, started_at from core.interactions where queue = $queue " + "and 1 = 1 " * 30
    half = len(body) // 2  # each literal part of the f-string below is under the limit, together they are over
    source = f"a = {body!r}\nb = ({body[:40]!r}\n     {body[40:]!r})\nc = f{body[:half] + '{where}' + body[half:]!r}\n"
    assert sorted(long_sql_in(source)) == [1, 2, 4]
    assert looks_like_sql("WITH recent AS (SELECT 1) SELECT * FROM recent")
    assert looks_like_sql("insert into qa.scores values (?)")
    assert not looks_like_sql("Select a queue from the list to see its service level. " * 10)
    assert not long_sql_in(f"def f() -> None:\n    {body!r}\n")  # a docstring is prose


def long_sql_in(source: str) -> list[int]:
    return [line for line, text in string_literals(ast.parse(source)) if len(text) > LIMIT and looks_like_sql(text)]


def test_no_sql_statement_over_300_characters_in_python_strings() -> None:
    found = [hit for path in python_files() for hit in long_sql(path)]
    assert not found, "SQL over 300 characters in Python strings; move each into a .sql file:\n" + "\n".join(found)


def _loaded_sql(tree: ast.Module) -> Iterator[tuple[int, str, str]]:
    """(line, package, name) of each ``statement("name"[, "package"])`` / dashboards' ``query("name")`` call."""
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.args):
            continue
        args = [arg.value if isinstance(arg, ast.Constant) else None for arg in node.args]
        if node.func.id == "statement" and isinstance(args[0], str):
            package = args[1] if len(args) > 1 else "warehouse.sql"
            if isinstance(package, str):
                yield node.lineno, package, args[0]
        elif node.func.id == "query" and isinstance(args[0], str) and len(args) == 1:
            yield node.lineno, "dashboards.queries.sql", args[0]


def test_every_sql_file_named_in_code_exists() -> None:
    """A moved statement's name and folder agree (benchmarks and the demo are run by no unit test)."""
    missing = []
    for path in python_files():
        for line, package, name in _loaded_sql(ast.parse(path.read_text(encoding="utf-8"))):
            if not (REPO_ROOT / package.replace(".", "/") / f"{name}.sql").is_file():
                missing.append(f"{path.relative_to(REPO_ROOT)}:{line} {package}: {name}.sql")
    assert not missing, "\n".join(missing)


def test_every_packaged_sql_file_ships_in_the_wheel(tmp_path: Path) -> None:
    """``pip install .`` ships every tracked ``.sql`` of the installed packages (pyproject's package-data)."""
    packages = ("pipelines", "transforms", "qa_rubrics", "rules", "health", "dashboards", "warehouse")
    tracked = subprocess.run(["git", "ls-files", "pyproject.toml", *packages], cwd=REPO_ROOT, capture_output=True,
                             text=True, check=True).stdout.split()
    source = tmp_path / "source"
    for name in tracked:
        (source / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(REPO_ROOT / name, source / name)
    built = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w",
                            str(tmp_path / "wheel"), str(source)], capture_output=True, text=True)
    assert built.returncode == 0, built.stderr[-5000:]
    with zipfile.ZipFile(next((tmp_path / "wheel").glob("*.whl"))) as wheel:
        shipped = set(wheel.namelist())
    expected = {name for name in tracked if name.endswith(".sql")}
    assert expected and not expected - shipped, sorted(expected - shipped)
