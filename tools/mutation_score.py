"""Print the mutation score of each core module from mutmut's results in mutants/.

mutmut keeps one `.meta` file per mutated module, with the exit code of each
mutant's test run; this turns those into one line per module (killed, survived,
untested, score), so `make mutation` ends with a figure per module rather than
a list of thousands of names. Run from the checkout's top folder.

Some survivors are changes no runner or caller can tell apart from the real
code (SQL keywords in another case, a bound no input reaches). Each is listed
with its reason in docs/mutation.md under "Reviewed as equivalent"; the last
column counts those as caught, so the two scores side by side say how much is
left to review. A name listed there that no longer survives is reported, so
the list does not go stale.
"""

from __future__ import annotations

import json
import re
import sys
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

from mutmut.stats import status_by_exit_code

KILLED = {"killed", "timeout", "caught by type check"}
REVIEWED_LIST = Path("docs/mutation.md")
_REVIEWED_HEADING = "Reviewed as equivalent"
# A bullet's names: backquoted, separated by commas or "and", ended by a colon.
_NAMES = re.compile(r"^- ((?:`[^`]+`(?:,\s*|\s+and\s+)?)+):")
_NAME = re.compile(r"`([^`]+)`")


def reviewed_equivalents(lines: Iterable[str]) -> set[str]:
    """mutmut's keys of the survivors listed as equivalent in docs/mutation.md.

    A bullet names its mutants as `module.function__mutmut_N`, then either
    `_M` (the same function's mutant M) or `function__mutmut_M` (the same
    module's); a bullet may go on over several lines.
    """
    keys: set[str] = set()
    bullets: list[str] = []
    in_list = False
    for line in lines:
        if line.startswith(_REVIEWED_HEADING):
            in_list = True
        elif line.startswith("- ") and in_list:
            bullets.append(line.strip())
        elif line.startswith("  ") and in_list and bullets:
            bullets[-1] += " " + line.strip()
        elif line.strip():
            in_list = False
    for bullet in bullets:
        found = _NAMES.match(bullet)
        if found is None:
            raise ValueError(
                f"a reviewed equivalent without its names in {REVIEWED_LIST}: {bullet}"
            )
        module = function = ""
        for name in _NAME.findall(found.group(1)):
            if re.fullmatch(r"_\d+", name):
                number = name[1:]
            else:
                stem, _, number = name.rpartition("__mutmut_")
                if not stem or not number.isdigit():
                    raise ValueError(f"not a mutant's name in {REVIEWED_LIST}: {name}")
                head, dot, tail = stem.partition(".")
                module, function = (head, tail) if dot else (module, stem)
            if not module or not function:
                raise ValueError(f"a mutant's number without its module in {REVIEWED_LIST}: {name}")
            keys.add(f"app.{module}.{function}__mutmut_{number}")
    return keys


def module_statuses(meta: Path) -> dict[str, str]:
    """Each of the module's mutants and how its run ended ("not checked" if never run)."""
    codes = json.loads(meta.read_text(encoding="utf-8"))["exit_code_by_key"]
    return {key: status_by_exit_code[code] for key, code in codes.items()}


def main(argv: list[str]) -> int:
    wanted = set(argv)
    metas = sorted(Path("mutants/app").glob("*.py.meta"))
    if not metas:
        print("no mutation results yet: run `make mutation` first", file=sys.stderr)
        return 1
    reviewed = reviewed_equivalents(REVIEWED_LIST.read_text(encoding="utf-8").splitlines())
    print(
        f"{'module':<16}{'killed':>8}{'survived':>10}{'no test':>9}{'unrun':>7}"
        f"{'score':>8}{'reviewed':>10}{'with them':>11}"
    )
    stale: list[str] = []
    for meta in metas:
        name = meta.name.removesuffix(".py.meta")
        if wanted and name not in wanted:
            continue
        statuses = module_statuses(meta)
        counts = Counter(statuses.values())
        killed = sum(counts[status] for status in KILLED)
        unrun = counts["not checked"] + counts["skipped"]
        tried = sum(counts.values()) - unrun
        survived = tried - killed - counts["no tests"]
        equivalent = sum(
            1 for key, status in statuses.items() if key in reviewed and status == "survived"
        )
        stale += sorted(
            key
            for key in reviewed
            if key.startswith(f"app.{name}.")
            and statuses.get(key, "gone") not in ("survived", "not checked", "skipped")
        )
        score = f"{100 * killed / tried:.1f}%" if tried else "-"
        with_them = f"{100 * (killed + equivalent) / tried:.1f}%" if tried else "-"
        print(
            f"{name:<16}{killed:>8}{survived:>10}{counts['no tests']:>9}{unrun:>7}"
            f"{score:>8}{equivalent:>10}{with_them:>11}"
        )
    if stale:
        print(f"\nlisted in {REVIEWED_LIST} as equivalent, but killed or no longer made:")
        print("\n".join(f"  {key}" for key in stale))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
