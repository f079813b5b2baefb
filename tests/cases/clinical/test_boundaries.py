"""cases/clinical stays pure Python: no Django, nothing else from the project."""

import ast
from pathlib import Path

import cases.clinical

ROOT = Path(cases.clinical.__file__).parent


def _imports(path: Path) -> list[str]:
    names = []
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names += [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            names.append(node.module or "")
    return names


def test_clinical_rules_import_neither_django_nor_the_rest_of_the_project():
    offenders = {
        str(path.relative_to(ROOT)): name
        for path in ROOT.rglob("*.py")
        for name in _imports(path)
        if name.split(".")[0] in {"django", "cases", "intake", "reports", "config"}
    }
    assert offenders == {}


def test_every_public_rule_names_its_published_criterion():
    from cases.clinical.response import CRITERIA

    for rule in CRITERIA.values():
        doc = rule.__doc__ or ""
        assert any(
            year in doc for year in ("2009", "2010", "2011", "2014", "2016", "2017", "2018", "2022", "2023", "AJCC")
        ), rule.__name__
