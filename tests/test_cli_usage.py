"""Every `bahith` command answers wrong or missing options with usage and exit code 2, no traceback.

The command tree is walked, so a command added later is held to the same rule without a new test.
"""

from __future__ import annotations

import click
import pytest
from click.testing import CliRunner

from search.cli import main


def all_commands(group: click.Group, prefix: tuple[str, ...] = ()) -> list[tuple[tuple[str, ...], click.Command]]:
    out = []
    for name, command in sorted(group.commands.items()):
        path = (*prefix, name)
        out.append((path, command))
        if isinstance(command, click.Group):
            out.extend(all_commands(command, path))
    return out


COMMANDS = all_commands(main)


def test_the_tree_has_the_core_commands():
    names = {" ".join(path) for path, _ in COMMANDS}
    assert {"index", "search", "facets", "analyze", "stats", "show"} <= names


@pytest.mark.parametrize("path", [p for p, _ in COMMANDS], ids=lambda p: " ".join(p))
def test_unknown_option_is_a_usage_error(path, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # nothing the command might create lands in the checkout
    result = CliRunner().invoke(main, [*path, "--no-such-option"], env={"BAHITH_ENGINE": f"sqlite:///{tmp_path}/x.db"})
    assert result.exit_code == 2, result.output
    assert "Usage:" in result.output and "--no-such-option" in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


@pytest.mark.parametrize("path", [p for p, c in COMMANDS
                                  if any(isinstance(a, click.Argument) and a.required for a in c.params)],
                         ids=lambda p: " ".join(p))
def test_missing_argument_is_a_usage_error(path, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, list(path), env={"BAHITH_ENGINE": f"sqlite:///{tmp_path}/x.db"})
    assert result.exit_code == 2, result.output
    assert "Usage:" in result.output and "Missing" in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


@pytest.mark.parametrize("path,args", [
    (("search",), ["--page", "0"]),
    (("search",), ["--sort", "sideways"]),
    (("search",), ["--from", "yesterday"]),
    (("index",), ["/no/such/folder"]),
    (("facets",), ["--facet", "colour"]),
])
def test_wrong_values_are_usage_errors(path, args, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, [*path, *args], env={"BAHITH_ENGINE": f"sqlite:///{tmp_path}/x.db"})
    assert result.exit_code == 2, result.output
    assert "Usage:" in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
