import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).parent.parent


def test_ruff_check_is_clean() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "--output-format", "concise", "."],
        cwd=ROOT, capture_output=True, text=True, check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_each_setting_is_assigned_once() -> None:
    """A second assignment of a setting silently replaces the first (a merged dict, say)."""
    import ast
    from collections import Counter

    tree = ast.parse((ROOT / "newscrawl" / "crawler" / "settings.py").read_text("utf-8"))
    names = Counter(
        target.id
        for node in tree.body
        if isinstance(node, (ast.Assign, ast.AnnAssign))
        for target in (node.targets if isinstance(node, ast.Assign) else [node.target])
        if isinstance(target, ast.Name)
    )
    assert [name for name, count in names.items() if count > 1] == []
