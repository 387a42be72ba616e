"""Print the mutation score of each core module from mutmut's results in mutants/.

mutmut keeps one `.meta` file per mutated module, with the exit code of each
mutant's test run; this turns those into one line per module (killed, survived,
untested, score), so `make mutation` ends with a figure per module rather than
a list of thousands of names. Run from the checkout's top folder.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

from mutmut.stats import status_by_exit_code

KILLED = {"killed", "timeout", "caught by type check"}


def module_counts(meta: Path) -> Counter[str]:
    """How many of the module's mutants ended in each status ("not checked" if never run)."""
    codes = json.loads(meta.read_text(encoding="utf-8"))["exit_code_by_key"]
    return Counter(status_by_exit_code[code] for code in codes.values())


def main(argv: list[str]) -> int:
    wanted = set(argv)
    metas = sorted(Path("mutants/app").glob("*.py.meta"))
    if not metas:
        print("no mutation results yet: run `make mutation` first", file=sys.stderr)
        return 1
    print(f"{'module':<12}{'killed':>8}{'survived':>10}{'no test':>9}{'unrun':>7}{'score':>8}")
    for meta in metas:
        name = meta.name.removesuffix(".py.meta")
        if wanted and name not in wanted:
            continue
        counts = module_counts(meta)
        killed = sum(counts[status] for status in KILLED)
        unrun = counts["not checked"] + counts["skipped"]
        tried = sum(counts.values()) - unrun
        score = f"{100 * killed / tried:.1f}%" if tried else "-"
        survived = tried - killed - counts["no tests"]
        print(f"{name:<12}{killed:>8}{survived:>10}{counts['no tests']:>9}{unrun:>7}{score:>8}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
