"""`make mutation`'s table: the reviewed equivalents read from docs/mutation.md."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tools.mutation_score import main, reviewed_equivalents

DOC = """\
### `app/cues.py`

Reviewed as equivalent (no user or caller can tell the difference):

- `cues.x_timeline__mutmut_2`, `xǁPlanǁreplan__mutmut_8`,
  `_9`: every caller passes the clock's own now
- `cues.x_words__mutmut_4` and `_5`: `strict=None` on a zip of equal lengths

Real, not yet killed (a test of behaviour is still to be written):

- `cues.x_fit__mutmut_7`: which of two words wins

### `app/history.py`

Reviewed as equivalent (no user or caller can tell the difference):

- `history.xǁHistoryǁstart__mutmut_10`: SQL in another case
"""


def test_the_listed_equivalents_are_read_with_their_module_and_function() -> None:
    assert reviewed_equivalents(DOC.splitlines()) == {
        "app.cues.x_timeline__mutmut_2",
        "app.cues.xǁPlanǁreplan__mutmut_8",
        "app.cues.xǁPlanǁreplan__mutmut_9",
        "app.cues.x_words__mutmut_4",
        "app.cues.x_words__mutmut_5",
        "app.history.xǁHistoryǁstart__mutmut_10",
    }


def test_a_number_with_no_name_before_it_is_refused() -> None:
    with pytest.raises(ValueError, match="_3"):
        reviewed_equivalents(["Reviewed as equivalent:", "", "- `_3`: no name"])


def test_a_reviewed_bullet_that_names_no_mutant_is_refused() -> None:
    with pytest.raises(ValueError, match="the boundary is never reached"):
        reviewed_equivalents(["Reviewed as equivalent:", "", "- the boundary is never reached"])


def test_the_list_in_the_docs_reads() -> None:
    doc = Path(__file__).parent.parent / "docs" / "mutation.md"
    keys = reviewed_equivalents(doc.read_text(encoding="utf-8").splitlines())
    assert "app.history.xǁHistoryǁ_in_memory__mutmut_6" in keys
    assert "app.cues.x__fit_words__mutmut_7" in keys
    assert "app.cues.x__fit_words__mutmut_32" not in keys  # killed: listed as such


def test_the_table_counts_reviewed_survivors_as_caught_and_names_stale_ones(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "mutation.md").write_text(DOC, encoding="utf-8")
    (tmp_path / "mutants" / "app").mkdir(parents=True)
    codes: dict[str, int | None] = {
        f"app.history.xǁHistoryǁstart__mutmut_{n}": 1 for n in range(1, 18)
    }
    codes["app.history.xǁHistoryǁstart__mutmut_10"] = 0  # survived, reviewed
    codes["app.history.xǁHistoryǁstart__mutmut_11"] = 0  # survived, not reviewed
    codes["app.history.xǁHistoryǁstart__mutmut_12"] = None  # not run
    meta = {"exit_code_by_key": codes}
    (tmp_path / "mutants" / "app" / "history.py.meta").write_text(json.dumps(meta))
    cues = {"exit_code_by_key": {"app.cues.x_timeline__mutmut_2": 1}}
    (tmp_path / "mutants" / "app" / "cues.py.meta").write_text(json.dumps(cues))
    monkeypatch.chdir(tmp_path)

    assert main([]) == 0

    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == [
        "module", "killed", "survived", "no", "test", "unrun", "score", "reviewed", "with", "them"
    ]  # fmt: skip
    assert lines[1].split() == ["cues", "1", "0", "0", "0", "100.0%", "0", "100.0%"]
    assert lines[2].split() == ["history", "14", "2", "0", "1", "87.5%", "1", "93.8%"]
    assert lines[3:] == [
        "",
        "listed in docs/mutation.md as equivalent, but killed or no longer made:",
        "  app.cues.x_timeline__mutmut_2",
        "  app.cues.x_words__mutmut_4",
        "  app.cues.x_words__mutmut_5",
        "  app.cues.xǁPlanǁreplan__mutmut_8",
        "  app.cues.xǁPlanǁreplan__mutmut_9",
    ]
