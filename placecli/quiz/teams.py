"""The team quiz's rules: teams, points, how the room answered, standings. Pure: no
input, no output, no clock (response times are passed in).

Points. By default a right answer is worth 1 point. With `--points speed` and a
countdown, a right answer is worth Kahoot!'s points for its speed, as Kahoot!'s help
centre gives them ("How points work", support.kahoot.com/hc/en-us/articles/115002303908):

    points = round(1000 * (1 - (response_time / question_timer) / 2))

so 1000 for an instant answer and 500 for one at the last second; an answer within
half a second always gets 1000. A wrong answer or none gets 0. Practice questions
(`--practice N`, the first N) count 0 whatever the answer.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal, NamedTuple

from placecli.errors import UsageError
from placecli.quiz.engine import Asked, Outcome
from placecli.safetext import clip
from placecli.words import plural, typed_number

MIN_TEAMS, MAX_TEAMS = 2, 10
MIN_TIMER, MAX_TIMER = 5, 600  # --time, in seconds
MAX_NAME = 20  # a name fits beside a bar on a 50-column screen
FULL_POINTS = 1000  # Kahoot!'s "points possible" for a standard question
INSTANT = 0.5  # seconds: an answer this quick gets every point
PointsRule = Literal["one", "speed"]
POINTS_RULES: tuple[PointsRule, ...] = ("one", "speed")


NUMBER_SHOWN = 20  # digits of a count given: 5,000 typed by mistake are not all echoed


class BadTeams(UsageError):
    """Teams that cannot play: `reason` says why, `number` is the count given, if one was
    (as typed, when it has too many digits to read). Worded without the option or field
    that named them: the caller adds that."""

    def __init__(self, reason: str, number: int | str | None = None) -> None:
        self.reason, self.number = reason, number
        super().__init__(self.worded("teams"))

    def worded(self, name: str) -> str:
        """`--teams 12: give 2 to 10 teams`, with the caller's name for the teams."""
        given = "" if self.number is None else f" {clip(str(self.number), NUMBER_SHOWN)}"
        return f"{name}{given}: {self.reason}"


def teams_of(value: str) -> tuple[str, ...]:
    """A number (`4` gives Team 1 ... Team 4) or names separated by commas."""
    text = value.strip()
    count = typed_number(text)
    if count is not None or text.isdecimal():  # too many digits: a number all the same
        if count is None or not MIN_TEAMS <= count <= MAX_TEAMS:
            raise BadTeams(
                f"give {MIN_TEAMS} to {MAX_TEAMS} teams", text if count is None else count
            )
        return tuple(f"Team {n}" for n in range(1, count + 1))
    return checked_names([" ".join(name.split()) for name in text.split(",")])


def checked_names(names: Sequence[str]) -> tuple[str, ...]:
    if any(not name for name in names):
        raise BadTeams('a team name is empty; separate names with commas: "Red,Blue"')
    if not MIN_TEAMS <= len(names) <= MAX_TEAMS:
        raise BadTeams(
            f"{plural(len(names), 'team')}; give {MIN_TEAMS} to {MAX_TEAMS} names, or a number"
        )
    seen: set[str] = set()
    for name in names:
        if len(name) > MAX_NAME:
            raise BadTeams(f'"{name}" is longer than {MAX_NAME} characters')
        if name.lower() in seen or name.lower() in ("q", "quit", "exit"):
            why = "is given twice" if name.lower() in seen else "would read as quit"
            raise BadTeams(f'the name "{name}" {why}')
        seen.add(name.lower())
    return tuple(names)


def speed_points(seconds: float, timer: float) -> int:
    """Kahoot!'s points for a right answer `seconds` into a `timer`-second question."""
    if seconds <= INSTANT:
        return FULL_POINTS
    share = min(seconds, timer) / timer
    return round(FULL_POINTS * (1 - share / 2))


class TeamAnswer(NamedTuple):
    """One team's answer: the option texts (empty: none) and when it came, if timed."""

    team: str
    outcome: Outcome
    seconds: float | None = None

    @property
    def correct(self) -> bool:
        return self.outcome.correct


class Round(NamedTuple):
    """One question and every team's answer, in the teams' order."""

    asked: Asked
    answers: tuple[TeamAnswer, ...]
    points: tuple[int, ...]  # per team, in the same order
    practice: bool = False


def answer_key(asked: Asked, given: Sequence[str]) -> str:
    """The key an answer is counted under: an option's label (a letter, `True`), or for
    an answer that arranges every option (order, match) the letters in the order given
    (`CAB`). The question's type says which, and what its labels are."""
    kind = asked.kind
    named = kind.labels(asked) if kind.form.chosen else kind.keys(asked)
    key = {text: label for label, text in named}
    return "".join(key[g] for g in given)


def distribution(round_: Round) -> dict[str, list[str]]:
    """Which teams gave each answer. Every option of a question answered by choosing is a
    key (a team that chose several is listed under each); a question answered by
    arranging the options has the sequences typed as keys, the right one first. Teams
    that gave no answer are not listed."""
    asked = round_.asked
    if not asked.kind.form.chosen:
        keys = {answer_key(asked, asked.question.answer): list[str]()}
        for a in round_.answers:
            if a.outcome.given:
                keys.setdefault(answer_key(asked, a.outcome.given), []).append(a.team)
        return keys
    keys = {label: [] for label, _ in asked.kind.labels(asked)}
    for a in round_.answers:
        for given in a.outcome.given:
            keys[answer_key(asked, [given])].append(a.team)
    return keys


def right_keys(asked: Asked) -> set[str]:
    """The keys of `distribution` that are right."""
    answer = asked.question.answer
    if not asked.kind.form.chosen:
        return {answer_key(asked, answer)}
    return {answer_key(asked, [a]) for a in answer}


class Standing(NamedTuple):
    place: int  # 1 for the leaders; teams on equal points share a place
    team: str
    score: int


@dataclass
class Room:
    """A team quiz in progress: the teams, the rules, and the rounds played."""

    teams: tuple[str, ...]
    rule: PointsRule = "one"
    timer: float | None = None
    practice: int = 0
    rounds: list[Round] = field(default_factory=list)

    def points(self, answer: TeamAnswer, practice: bool) -> int:
        if practice or not answer.correct:
            return 0
        if self.rule == "speed" and self.timer:
            seconds = self.timer if answer.seconds is None else answer.seconds
            return speed_points(seconds, self.timer)
        return 1

    def play(self, asked: Asked, answers: Sequence[TeamAnswer]) -> Round:
        """Score one question, the answers given in the teams' order."""
        if tuple(a.team for a in answers) != self.teams:
            raise ValueError("one answer per team, in the teams' order")
        practice = len(self.rounds) < self.practice
        points = tuple(self.points(a, practice) for a in answers)
        played = Round(asked, tuple(answers), points, practice)
        self.rounds.append(played)
        return played

    def scores(self) -> dict[str, int]:
        totals = dict.fromkeys(self.teams, 0)
        for played in self.rounds:
            for team, points in zip(self.teams, played.points, strict=True):
                totals[team] += points
        return totals

    def standings(self) -> list[Standing]:
        """Highest score first; equal scores share a place and keep the teams' order."""
        scores = self.scores()
        ordered = sorted(self.teams, key=lambda team: -scores[team])
        rows: list[Standing] = []
        for index, team in enumerate(ordered):
            tied = rows and rows[-1].score == scores[team]
            rows.append(Standing(rows[-1].place if tied else index + 1, team, scores[team]))
        return rows

    def record(self, seed: int) -> dict[str, object]:
        """The facilitator's record (`--format json`)."""
        scores = self.scores()
        return {
            "seed": seed,
            "teams": [
                {
                    "name": team,
                    "score": scores[team],
                    "answers": [
                        {
                            "id": r.asked.question.id,
                            "given": list(r.answers[i].outcome.given),
                            "correct": r.answers[i].correct,
                        }
                        for r in self.rounds
                    ],
                }
                for i, team in enumerate(self.teams)
            ],
            "questions": [
                {
                    "id": r.asked.question.id,
                    "answer": list(r.asked.question.answer),
                    "distribution": distribution(r),
                }
                for r in self.rounds
            ],
        }
