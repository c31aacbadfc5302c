"""Workshop plans: reading and checking a plan file against the pack. The session's clock,
as a plan is run, is `run.py`; the plan as a slide deck or a run-sheet is in
`exporters/plan.py`. No printing, no input.

A plan file (content-format.md, "Plans"):

    title: Place-based leadership, a 90-minute session
    steps:
      - title: Why place, why now
        minutes: 10
        show: {summary: [new-jargon, place-human-geography]}
        notes: Ask who has heard "place" used in their own organisation this month.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Literal, NamedTuple

from placecli.errors import ContentError, PlaceError, Problems
from placecli.packs import schema
from placecli.packs.locate import plans_in
from placecli.packs.model import AUDIENCES, Pack, Prompt
from placecli.packs.schema import BAD, FileCheck, describe, line_of
from placecli.packs.yamlread import INT, NULL, Map, Seq, Text

if TYPE_CHECKING:
    from placecli.packs.locate import StrPath

ShowKind = Literal["summary", "quiz", "reflect", "break", "text"]
SHOW_KINDS: tuple[ShowKind, ...] = ("summary", "quiz", "reflect", "break", "text")
MAX_STEP_MINUTES = 24 * 60


class Show(NamedTuple):
    """What a step shows. `concepts` are ids (summary, quiz, reflect); `text` is the
    words of a text step or a break's label."""

    kind: ShowKind
    concepts: tuple[str, ...] = ()
    text: str | None = None
    questions: int | None = None  # the quiz's count
    seed: int | None = None
    teams: tuple[str, ...] = ()
    audience: str | None = None
    timer: int | None = None  # minutes of discussion (reflect)


class Step(NamedTuple):
    title: str
    minutes: int
    show: Show
    notes: str | None = None
    origin: str = ""


class Plan(NamedTuple):
    title: str
    steps: tuple[Step, ...]
    file: str = ""

    @property
    def minutes(self) -> int:
        return sum(step.minutes for step in self.steps)


# Finding plans.


def plan_name(path: str) -> str:
    from pathlib import Path

    return Path(path).stem


def find_plan(query: str, pack_paths: Sequence[StrPath]) -> str:
    """A plan file: a path to a file, or the name of a plan in a pack (`intro-90`)."""
    from pathlib import Path

    from placecli.errors import UsageError
    from placecli.words import did_you_mean

    if Path(query).is_file():
        return query
    shipped = plans_in(pack_paths)
    for path in shipped:
        if plan_name(path) == query:
            return path
    if Path(query).exists():
        raise UsageError(f"{query} is not a plan file")
    names = [plan_name(p) for p in shipped]
    hint = did_you_mean(query, names) or (
        f"; the packs have: {', '.join(names)}" if names else "; the packs have no plans"
    )
    raise UsageError(f'no plan "{query}": no such file or plan name{hint}', "List them: place run")


# Reading and checking.


def load_plan(path: StrPath, pack: Pack) -> Plan:
    """A plan file read and checked against the pack; ContentError lists every problem."""
    problems = Problems()
    plan = plan_from_file(path, pack, problems)
    if problems or plan is None:
        raise ContentError(problems, "the plan")
    return plan


def plan_from_file(
    path: StrPath, pack: Pack, problems: Problems, within: str | None = None
) -> Plan | None:
    """A plan file read within bounds (a regular file, at most a pack file's size, and
    inside the folder `within` when it is given: a pack's plans stay in the pack) and
    checked; None, with the problems recorded, when it is not a good plan."""
    from pathlib import Path

    from placecli.packs.locate import MAX_FILE_BYTES, read_within, shown
    from placecli.packs.pack import read_file

    name = shown(path)
    folder = str(Path(within or Path(path).resolve().parent).resolve())
    before = len(problems)
    data = read_file(read_within(str(path), folder, MAX_FILE_BYTES), problems)
    check = FileCheck(name, problems)
    plan = None
    if data is None or (isinstance(data, Text) and data.tag == NULL):
        check.problem(1, "", "is empty: a plan needs a title and steps")
    elif data is not BAD:
        plan = read_plan(check, data, pack)
    return plan._replace(file=name) if plan is not None and len(problems) == before else None


def read_plan(check: FileCheck, data: Any, pack: Pack) -> Plan | None:
    fields: dict[str, tuple[schema.Convert, bool]] = {
        "title": (schema.text, True),
        "steps": (schema.any_node, True),
    }
    draft = check.record(data, "", fields)
    if draft is None or "steps" not in draft.values:
        return None
    node = draft.values["steps"]
    if not isinstance(node, Seq) or not node:
        check.problem(line_of(node), "steps", f"expected a list of steps, got {describe(node)}")
        return None
    steps = [read_step(check, item, f"steps[{i}]", pack) for i, item in enumerate(node)]
    if "title" not in draft.values or any(s is None for s in steps):
        return None
    return Plan(draft.values["title"], tuple(s for s in steps if s is not None))


STEP_FIELDS: dict[str, tuple[schema.Convert, bool]] = {
    "title": (schema.text, True),
    "minutes": (schema.positive_int, True),
    "notes": (schema.text, False),
    "show": (schema.any_node, False),
}


def read_step(check: FileCheck, node: Any, path: str, pack: Pack) -> Step | None:
    before = len(check.problems)
    draft = check.record(node, path, STEP_FIELDS)
    if draft is None:
        return None
    minutes = draft.values.get("minutes", 0)
    if minutes > MAX_STEP_MINUTES:
        check.problem(draft.lines["minutes"], f"{path}.minutes", "is more than a day")
    show = Show("text")
    if "show" in draft.values:
        show = read_show(check, draft.values["show"], f"{path}.show", pack) or show
    if len(check.problems) > before:
        return None
    return Step(
        draft.values["title"], minutes, show, draft.values.get("notes"), f"{check.file}:{node.line}"
    )


def read_show(check: FileCheck, node: Any, path: str, pack: Pack) -> Show | None:
    """`break`, or a mapping of one kind to its options."""
    kinds = ", ".join(SHOW_KINDS)
    if isinstance(node, Text) and str(node).strip() == "break":
        return Show("break")
    if not isinstance(node, Map) or len(node) != 1:
        got = f"{len(node)} keys" if isinstance(node, Map) else describe(node)
        check.problem(
            line_of(node), path, f"expected one of {kinds} (e.g. {{summary: [id]}}), got {got}"
        )
        return None
    key, value = next(iter(node.items()))
    reader = SHOW_READERS.get(str(key))
    if reader is None:
        from placecli.words import did_you_mean

        check.problem(
            key.line, f"{path}.{key}", f"is not one of {kinds}" + did_you_mean(key, SHOW_KINDS)
        )
        return None
    result = reader(check, value, f"{path}.{key}", pack)
    return result if isinstance(result, Show) else None


def concepts_node(check: FileCheck, node: Any, path: str, pack: Pack) -> tuple[str, ...] | Any:
    """A list of concepts as people type them (ids, sections, the start of a title)."""
    from placecli.packs.lookup import concepts_for

    queries = schema.list_of(schema.text, min_items=1)(check, node, path)
    if queries is BAD:
        return BAD
    ids: list[str] = []
    for index, query in enumerate(queries):
        try:
            ids += [c.id for c in concepts_for(pack, query)]
        except PlaceError as error:
            check.problem(node.lines[index], f"{path}[{index}]", one_line(error.message))
            return BAD
    chosen = set(ids)
    return tuple(c.id for c in pack.concepts if c.id in chosen)


def one_line(message: str) -> str:
    """A lookup's message with its list of concepts (`  id  title` lines) as ids."""
    first, *listed = message.split("\n")
    return (
        f"{first.rstrip(':')}: {', '.join(row.split()[0] for row in listed)}" if listed else first
    )


def summary_show(check: FileCheck, node: Any, path: str, pack: Pack) -> Show | Any:
    ids = concepts_node(check, node, path, pack)
    return BAD if ids is BAD else Show("summary", concepts=ids)


def text_show(check: FileCheck, node: Any, path: str, pack: Pack) -> Show | Any:
    words = schema.text(check, node, path)
    return Show("text", text=words) if isinstance(words, str) else BAD


def break_show(check: FileCheck, node: Any, path: str, pack: Pack) -> Show | Any:
    if node is None or (isinstance(node, Text) and node.tag == NULL):
        return Show("break")
    words = schema.text(check, node, path)
    return Show("break", text=words) if isinstance(words, str) else BAD


def options_of(
    check: FileCheck,
    node: Any,
    path: str,
    fields: dict[str, tuple[schema.Convert, bool]],
    pack: Pack,
) -> dict[str, Any] | None:
    """A step's options (nothing given: none); `concepts` among them resolved to ids.
    None when they cannot be read."""
    if node is None or (isinstance(node, Text) and node.tag == NULL):
        return {"concepts": ()}
    draft = check.record(node, path, fields | {"concepts": (schema.any_node, False)})
    if draft is None:
        return None
    values = draft.values
    ids: Any = ()
    if "concepts" in values:
        ids = concepts_node(check, values["concepts"], f"{path}.concepts", pack)
    return None if ids is BAD else values | {"concepts": ids}


def quiz_show(check: FileCheck, node: Any, path: str, pack: Pack) -> Show | Any:
    fields: dict[str, tuple[schema.Convert, bool]] = {
        "count": (schema.positive_int, False),
        "seed": (schema.positive_int, False),
        "teams": (teams_node, False),
    }
    values = options_of(check, node, path, fields, pack)
    if values is None:
        return BAD
    ids = values["concepts"]
    if not any(q.concept in ids or not ids for q in pack.questions):
        check.problem(line_of(node), path, "the pack has no questions on these concepts")
        return BAD
    return Show(
        "quiz",
        concepts=ids,
        questions=values.get("count"),
        seed=values.get("seed"),
        teams=values.get("teams", ()),
    )


def teams_node(check: FileCheck, node: Any, path: str) -> tuple[str, ...] | Any:
    """A list of 2 to 10 team names, or their number."""
    from placecli.quiz.teams import BadTeams, checked_names, teams_of

    try:
        if isinstance(node, Text) and node.tag == INT:
            return teams_of(str(node))
        names = schema.list_of(schema.text)(check, node, path)
        return BAD if names is BAD else checked_names(names)
    except BadTeams as error:  # the path names the field: `teams: 12: give 2 to 10 teams`
        return check.problem(line_of(node), path, error.worded("").lstrip(": "))


def reflect_show(check: FileCheck, node: Any, path: str, pack: Pack) -> Show | Any:
    fields: dict[str, tuple[schema.Convert, bool]] = {
        "audience": (schema.one_of(*AUDIENCES), False),
        "timer": (schema.positive_int, False),
    }
    values = options_of(check, node, path, fields, pack)
    if values is None:
        return BAD
    ids = values["concepts"]
    audience = values.get("audience")
    if not any(
        (not ids or p.concept in ids) and (audience is None or p.audience == audience)
        for p in pack.prompts
    ):
        check.problem(
            line_of(node), path, "the pack has no prompts for these concepts and audience"
        )
        return BAD
    return Show("reflect", concepts=ids, audience=audience, timer=values.get("timer"))


SHOW_READERS = {
    "summary": summary_show,
    "quiz": quiz_show,
    "reflect": reflect_show,
    "break": break_show,
    "text": text_show,
}


def check_plans(pack_paths: Sequence[StrPath], pack: Pack) -> list[Plan]:
    """Every plan in the packs' `plans/` folders; one ContentError for all their problems."""
    from pathlib import Path

    problems = Problems()
    plans = [
        plan_from_file(path, pack, problems, str(Path(path).parent.parent))
        for path in plans_in(pack_paths)
    ]
    if problems:
        raise ContentError(problems, "the pack's plans")
    return [p for p in plans if p is not None]


def prompts_of(show: Show, pack: Pack) -> list[Prompt]:
    from placecli.reflect.prompts import select_prompts

    return select_prompts(pack, show.concepts, show.audience)
