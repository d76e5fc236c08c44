"""Scheduling: needs become timed actions (docs/advice.md, "The effort model").

Study runs part-time alongside work from the start; skills are trained and decisions taken
at once; roles follow one another (those a prerequisite needs first) while general
experience accrues all along; an exam is sat at the next testing window after its own
needs are met.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from .needs import DEGREE_LADDER as _DEGREE_LADDER
from .needs import Needs, Schedule, rank
from .plans import Action
from .plans import years_text as _years
from .windows import aging, counted

if TYPE_CHECKING:
    from ..knowledge import KnowledgeBase
    from .model import AdviceModel
    from .planner import Planner


class Scheduler:
    """Puts one situation's needs on a timeline."""

    def __init__(self, planner: Planner, values: Mapping[str, Any]) -> None:
        self.p = planner
        self.kb = planner.kb
        self.model = planner.model
        self.values = values
        self._sub_ready: list[tuple[str, float]] = []
        self._counted: dict[str, float] = {}
        self._done: dict[tuple[Any, ...], tuple[Schedule | None, list[tuple[str, float]]]] = {}
        #: The profile's own values, the base every schedule's actions are applied to (the
        #: same for every schedule of this situation: built once, never changed).
        self.base = {name: values.get(name) for name in planner.plain_fields}
        #: For each role, the fields that grow with it (``advice: alongside``).
        self.grows_with: dict[str, tuple[str, ...]] = {}
        for along, role in self.model.alongside.items():
            self.grows_with[role] = (*self.grows_with.get(role, ()), along)

    def schedule(self, needs: Needs) -> Schedule | None:
        """``needs`` on a timeline (``None``: they cannot be met), remembered per needs: a
        route search asks for the same ones many times over."""
        key = needs.key()
        found = self._done.get(key)
        if found is None:
            found = self._done[key] = (self._schedule(needs), self._sub_ready)
        self._sub_ready = found[1]
        return found[0]

    def _schedule(self, needs: Needs) -> Schedule | None:
        self._sub_ready = []
        kb, model, values = self.kb, self.model, self.values
        role_needs = self.with_role_degrees(needs)
        if role_needs is None:
            return None
        needs = role_needs
        applied = self.base
        actions: list[Action] = []
        ends: dict[tuple[str, str], float] = {}

        def why(key: tuple[str, str]) -> tuple[str | None, str | None]:
            rule = needs.why.get(key)
            return (rule.id, rule.rule.source) if rule else (None, None)

        study = 0.0
        if needs.degree_level is not None or needs.degree_fields is not None:
            step = self.study(needs)
            if step is None:
                return None
            level, dfield, years = step
            if years > 0:
                study = years
                text = self.study_text(level, dfield, years)
                actions.append(
                    Action(
                        "study",
                        text,
                        "degree",
                        level,
                        0.0,
                        years,
                        *why(("degree", "")),
                        also=(("degree_field", dfield),),
                    )
                )
                ends[("degree", "")] = years
        for fname, items in needs.skills.items():
            current = tuple(applied.get(fname) or ())
            for item in items:
                current += (item,)
                years = model.skill_years
                text = f"Train in {kb.fields[fname].describe_value(item)} (about {_years(years)})"
                actions.append(
                    Action("training", text, fname, item, 0.0, years, *why(("skill", fname)))
                )
                ends[("skill", item)] = years
        for fname, flag in needs.flags.items():
            spec = kb.fields[fname]
            text = (
                spec.action
                if flag and spec.action
                else f"Decide: {spec.label} ({spec.describe_value(flag)})"
            )
            years = model.decision_years
            actions.append(Action("decision", text, fname, flag, 0.0, years, *why(("flag", fname))))
            ends[("flag", fname)] = years
        # Roles one after another, those prerequisites need first; general experience all along.
        first: list[str] = []
        for _, sub in self._prerequisites(needs):
            first.extend(n for n in sub.numbers if n not in first)
        order = [n for n in first if n in needs.numbers] + [
            n for n in needs.numbers if n not in first
        ]
        # A field that accrues with a role and beyond it in a role of its own comes after
        # that role, which is credited to it first.
        order = [n for n in order if n not in model.alongside] + [
            n for n in order if n in model.alongside
        ]
        planned: dict[str, float] = {}
        cursor = role_time = 0.0
        seg_start: dict[str, float] = {}
        exp = model.experience
        general_need = needs.numbers.get(exp, 0.0) if exp else 0.0
        general_why = why(("number", exp or ""))
        for fname in order:
            if fname == exp or (fname in model.alongside and fname not in model.roles):
                continue
            missing = needs.numbers[fname] - float(values.get(fname) or 0)
            missing = round(missing - planned.get(model.alongside.get(fname, ""), 0.0), 6)
            if missing <= 0:
                continue
            # A field that grows with this role and is a role of its own too (engineering
            # practice, of which clinical engineering is a part), short of its need by no more
            # than this role lasts again, is met by staying on in this role: one action
            # ("Practise clinical engineering for 4 years"), not a second role after it
            # ("then practise engineering, clinical or other, for 1 year"). A longer rest is
            # a role of its own: 3 clinical years of 8 in engineering are not "practise
            # clinical engineering for 8 years" (any engineering practice counts).
            for along in self.grows_with.get(fname, ()):
                if along in needs.numbers and along in model.roles:
                    further = round(needs.numbers[along] - float(values.get(along) or 0), 6)
                    if missing < further <= 2 * missing:
                        missing = further
            reach = max(needs.numbers[fname], round(float(values.get(fname) or 0) + missing, 6))
            planned[fname] = missing
            spec = kb.fields[fname]
            have = float(values.get(fname) or 0)
            # Years in the role, but none of those a need counts (supervision in the last five
            # years): the role is taken up again, not continued.
            # So is a role whose years in the window leave it as new ones come (a stint
            # that ended): the need counts from none.
            lapsed = sorted(
                (f for f in self.grows_with.get(fname, ())
                 if values.get(f) is not None and (not float(values.get(f) or 0) > 0
                                                   or (f in needs.numbers and self.aging(f)))),
                key=lambda f: f not in needs.numbers,
            ) if have > 0 and fname in model.roles else []  # fmt: skip
            # A role that needs experience first (leading) starts once it is there, unless
            # the person is in it already (a manager hired without bench years keeps on).
            after = model.role_after.get(fname, 0.0) if have <= 0 or lapsed else 0.0
            waits_for = ""  # after the role before it: "starting in N years" says so
            # (Other years count too, ``role_after_counts``: an engineer's practice.)
            counted = max(float(values.get(f) or 0) for f in (exp or "", *model.role_after_counts))
            if exp and after > counted + cursor:
                cursor = after - counted
                general_need = max(general_need, after)
                general_why = why(("number", fname))
                waits_for = f"once you have {_in_all(after)} years' experience"
            # Practice in a role a degree qualifies for counts once the plan's degree is
            # done, even when the degree held qualifies for the role elsewhere: the PE's four
            # years of engineering experience follow the engineering degree a BSET studies.
            if fname in model.role_degree and (
                not self.holds_role_degree(fname) or ("degree", "") in ends
            ):
                degree_done = ends.get(("degree", ""), 0.0)
                if degree_done > cursor:  # practise once qualified
                    cursor, waits_for = degree_done, "once the degree is done"
            role_time += missing
            seg_start[fname] = cursor
            if lapsed and self.aging(lapsed[0]):
                held = float(values.get(lapsed[0]) or 0)
                ages = "ages" if held <= 1 else "age"
                # The record does not say whether they are the latest years (a stint going
                # on): then fewer new ones do (fifty-fourth review: "again for 3 years" as
                # if certain, of a lead technician perhaps leading now).
                more = round(needs.numbers.get(lapsed[0], 0.0) - held, 6)
                unless = ""
                if 0 < more < missing:
                    them = "it is your latest year" if held <= 1 else \
                        f"they are your latest {_in_all(held)}"  # fmt: skip
                    unless = f", unless {them}: then {_years(more, more=True)}"
                text = (f"{model.roles[fname]} again for {_years(missing)} (only the "
                        f"{kb.fields[lapsed[0]].noun} count; your {_in_all(held)} there "
                        f"{ages} out as new ones come{unless})")  # fmt: skip
            elif lapsed:
                text = (f"{model.roles[fname]} again for {_years(missing)} (the "
                        f"{kb.fields[lapsed[0]].noun} count; none now)")  # fmt: skip
            elif have > 0 and fname in model.roles_continue:  # years in the role already
                text = (f"{model.roles_continue[fname]} for {_years(missing, more=True)} "
                        f"({_in_all(reach)} in all)")  # fmt: skip
            else:  # "more" only beside years already in the role
                base = model.roles.get(fname) or f"Gain experience: {spec.label}"
                text = f"{base} for {_years(missing, more=have > 0)}"
                text += self.role_note(fname, needs.why.get(("number", fname)))
            if cursor > 0:  # a role that cannot start today says when, and why then
                text += f", starting in {_years(cursor)}" + (f" ({waits_for})" if waits_for else "")
            also = tuple(  # what the fields growing with the role reach by its end
                (f, min(v, round(max(self.counted(f) + missing, float(values.get(f) or 0)), 6)))
                for f, v in needs.numbers.items() if model.alongside.get(f) == fname
            )
            ceiling = spec.not_above
            if ceiling and ceiling not in needs.numbers and ceiling != exp:
                # The role's field may not pass the one it is part of (clinical engineering is
                # engineering practice): that one grows too, or the plan applied is no person
                # (whether or not the rulesets declare it ``alongside``; the general
                # experience is planned on its own, all along).
                also += ((ceiling, round(float(values.get(ceiling) or 0) + missing, 6)),)
            # (The value is what the route asks of the role; ``also`` what staying on gives.)
            actions.append(Action("role", text, fname, needs.numbers[fname], cursor,
                                  cursor + missing, *why(("number", fname)),
                                  also=also))  # fmt: skip
            cursor += missing
        general_have = float(values.get(exp) or 0) if exp else 0.0
        general_missing = general_need - general_have
        if exp and exp in kb.fields and general_missing > role_time:
            text = experience_text(kb, exp, general_missing)
            actions.append(Action("experience", text, exp, general_need, 0.0,
                                  general_missing, *general_why))  # fmt: skip
        elif exp and exp in kb.fields and general_missing > 1e-9:
            # The roles' years give the general experience the route needs too: the role that
            # reaches it says so (``also``), so no reading of the plan takes it for the role
            # alone ("with 2 years leading, open now" when 8 years in all are needed).
            for i, action in enumerate(actions):
                if action.kind == "role" and action.done >= general_missing - 1e-9:
                    reached = ((exp, general_need),)
                    actions[i] = replace(action, also=action.also + reached)
                    break

        def at(fname: str, value: float) -> float:
            if value <= float(values.get(fname) or 0):
                return 0.0
            have = self.counted(fname)
            role = model.alongside.get(fname)
            if role is not None:  # grows with the role: when the role reaches as much more
                in_role = planned.get(role, 0.0)
                if fname not in seg_start or value - have <= in_role + 1e-9:
                    return at(role, float(values.get(role) or 0) + value - have)
                return seg_start[fname] + value - have - in_role  # then in its own role
            if fname == exp:
                return value - have
            return seg_start.get(fname, 0.0) + value - have

        sits: dict[str, float] = {}

        def ready(sub: Needs) -> float:
            t = 0.0
            if (sub.degree_level or sub.degree_fields) and ("degree", "") in ends:
                t = max(t, ends[("degree", "")])
            for items in sub.skills.values():
                t = max([t, *(ends.get(("skill", i), 0.0) for i in items)])
            for fname in sub.flags:
                t = max(t, ends.get(("flag", fname), 0.0))
            for fname, value in sub.numbers.items():
                t = max(t, at(fname, value))
            for cert in sub.exams:  # a credential another exam rests on: once awarded
                t = max(t, self.p.awarded(cert, sit(cert)))
            return t

        def sit(cert: str) -> float:
            if cert not in sits:
                sits[cert] = self.p.sitting(cert, ready(needs.exams[cert]))
            return sits[cert]

        for cert in needs.exams:
            when = sit(cert)
            actions.append(self.exam_action(cert, when, *why(("exam", cert))))
        # A credential an exam earns is held once its results are out (``awarded``).
        total = max([0.0, *(self.p.awarded(str(a.value), a.done) if a.kind == "exam" else a.done
                            for a in actions)])  # fmt: skip
        # Subs are opened on the way: remember when, for "opens".
        self._sub_ready = [(label, ready(sub)) for label, sub in needs.subs] + [
            (cert, sits[cert]) for cert in needs.exams
        ]
        actions.sort(key=lambda a: (a.done, a.start, a.kind))
        return Schedule(total, actions, applied, study, exp)

    def aging(self, fname: str) -> bool:
        """Whether the years ``fname``'s window holds leave it as new ones come
        (:mod:`.windows`)."""
        return aging(self.kb.fields[fname], self.model.alongside.get(fname), self.values)

    def counted(self, fname: str) -> float:
        """The years of ``fname`` a plan builds on (none of a window's aging years);
        remembered, as the values are this scheduler's for good (asked in every timing)."""
        found = self._counted.get(fname)
        if found is None:
            found = self._counted[fname] = counted(
                self.kb.fields[fname], self.model.alongside.get(fname), self.values)
        return found

    def role_note(self, role: str, rule: Any) -> str:
        """" (for the CHTM, ...)": what ``advice: role_notes`` adds to taking up ``role`` when
        the rule that asks for it concludes one of the note's targets."""
        note = self.model.role_notes.get(role)
        if note is None or rule is None or not note[0].intersection(rule.rule.then.targets):
            return ""
        return f" ({note[1]})"

    def holds_role_degree(self, role: str) -> bool:
        """Whether the degree held already qualifies for ``role`` (``advice: role_degree``)."""
        level, fields = self.model.role_degree[role]
        held = str(self.values.get("degree", "none"))
        return rank(held) >= rank(level) and self.values.get("degree_field") in fields

    def with_role_degrees(self, needs: Needs) -> Needs | None:
        """``needs`` plus the degree each role it plans needs first (``None``: they conflict)."""
        for fname, value in list(needs.numbers.items()):
            if fname not in self.model.role_degree or self.holds_role_degree(fname):
                continue
            if value <= float(self.values.get(fname) or 0):
                continue
            level, fields = self.model.role_degree[fname]
            rule = needs.why.get(("number", fname))
            merged = needs.merged(
                Needs(degree_level=level, degree_fields=fields, why={("degree", ""): rule})
            )
            if merged is None:
                return None
            needs = merged
        return needs

    def _prerequisites(self, needs: Needs) -> list[tuple[str, Needs]]:
        return [*needs.subs, *needs.exams.items()]

    def exam_action(
        self, cert: str, when: float, rule: str | None = None, source: str | None = None
    ) -> Action:
        model = self.model
        if cert in model.windowed and model.windows:
            text = f"Sit the {cert} exam (testing window {self.p.date_of(when)})"
            source = source or model.exam_source
        else:
            text = f"Sit the {cert} exam ({model.exam_how.get(cert, 'any time once eligible')})"
        return Action("exam", text, "certifications", cert, when, when, rule, source, (cert,))

    def mark_opens(self, needs: Needs, sched: Schedule, target: str) -> list[Action]:
        """Each action with what opens once it is done (the target with the last one)."""
        self.schedule(needs)  # recompute the prerequisites' ready times for this schedule
        opens: dict[int, list[str]] = {}
        actions = sched.actions
        for label, when in [*self._sub_ready, (target, sched.total)]:
            best = None
            for i, action in enumerate(actions):
                if action.done <= when + 1e-9 and (
                    best is None or action.done >= actions[best].done
                ):
                    best = i
            if best is not None:
                names = opens.setdefault(best, [])
                if label not in names:
                    names.append(label)
        out = []
        for i, action in enumerate(actions):
            extra = tuple(n for n in opens.get(i, ()) if n not in action.opens)
            out.append(replace(action, opens=action.opens + extra))
        return out

    # -- study ---------------------------------------------------------------------------------

    def study(self, needs: Needs) -> tuple[str, str, float] | None:
        """(level, field, years part-time) of the degree to study; years 0 when none is needed."""
        held = str(self.values.get("degree", "none"))
        held_field = str(self.values.get("degree_field", "other"))
        level = needs.degree_level
        fields = needs.degree_fields
        level_ok = level is None or rank(held) >= rank(level)
        field_ok = fields is None or held_field in fields
        if level_ok and field_ok:
            return (held, held_field, 0.0)
        if "degree" in self.model.not_actions:
            return None
        if not field_ok:
            assert fields is not None
            dfield = fields[0]
            level = level if level and rank(level) >= rank("associate") else "associate"
            if rank(level) >= rank("master") and rank(held) >= rank("bachelor"):
                base = "bachelor"
            else:  # (without a diploma, the GED comes first: fifty-fourth review's probe)
                base = "none" if held == "none" else "high_school"
            asking = needs.why.get(("degree", ""))
            changes = self.model.master_changes_field
            if rank(held) >= rank("bachelor") and rank(level) < rank("master") and (
                asking is not None and any(
                    held_field in changes.get(t, ()) for t in asking.rule.then.targets)
            ) and (
                self.ladder("master") - self.ladder("bachelor")
                < self.ladder(level) - self.ladder(base)
            ):
                # A graduate in another field changes field by a master's, not a second
                # bachelor's from the start (a physics graduate's way to clinical
                # engineering is an engineering master's; twenty-first review, k22).
                level, base = "master", "bachelor"
        else:
            assert level is not None
            dfield, base = held_field, held
        years = self.ladder(level) - self.ladder(base)
        if base == "none":
            years += self.model.study_years("certificate")  # a GED first
        return (level, dfield, max(years, 0.0) * self.model.part_time_factor)

    def ladder(self, level: str) -> float:
        """Full-time years from a high-school diploma to ``level``."""
        if level in ("none", "high_school"):
            return 0.0
        if level == "certificate":
            return self.model.study_years("certificate")
        total = 0.0
        for step in _DEGREE_LADDER[1:]:
            total += self.model.study_years(step)
            if step == level:
                break
        return total

    def study_text(self, level: str, dfield: str, years: float) -> str:
        degree_spec = self.kb.fields["degree"]
        field_spec = self.kb.fields["degree_field"]
        what = degree_spec.describe_value(level)
        subject = "" if dfield == "other" else f" in {field_spec.describe_value(dfield)}"
        mode = "part-time alongside work" if self.model.part_time_factor > 1 else "alongside work"
        if new_to_work(self.model, self.values):
            # Under a year at work: perhaps no job to study alongside (twenty-sixth and
            # twenty-seventh reviews: a full-time student, one on a co-op, read "part-time
            # alongside work" only).
            full = years / self.model.part_time_factor
            mode += f", or about {_years(full)} full-time"
        first = ""
        if self.values.get("degree") == "none" and level not in ("none", "high_school"):
            # (the GED the years count first, said: fifty-fourth review's probe)
            ged = degree_spec.describe_value("high_school")
            first = f"{_article(ged)} {ged}, then "
        return f"Complete {first}{_article(what)} {what}{subject} (about {_years(years)}, {mode})"


def _article(word: str) -> str:
    """"a" or "an" before ``word``."""
    return "an" if word[:1].lower() in "aeiou" else "a"


#: Where someone with no years at work gains them: said after the step.
FIRST_JOB = "in a first job in the field if not yet in one"


def experience_text(kb: KnowledgeBase, exp: str, missing: float, first_job: bool = False) -> str:
    """"Gain 4 more years of full-time BMET/HTM experience"; with ``first_job``, for someone
    with none yet, "Gain 4 years of ..., in a first job in the field if not yet in one" (a
    warehouse worker has no job in the field to gain them in, twenty-ninth review; a new
    hire in an employer's export has, forty-fourth and forty-sixth: the words fit both)."""
    label = kb.fields[exp].label
    rest = label[6:] if label.startswith("years ") else label
    if first_job:
        return f"Gain {_years(missing)} {rest}, {FIRST_JOB}"
    return f"Gain {_years(missing, more=True)} {rest}"


def new_to_work(model: AdviceModel, values: Mapping[str, Any]) -> bool:
    """Whether the record has under a year at work, and study is planned part-time beside
    it: perhaps no job to study alongside, so full-time study is named too."""
    exp = model.experience
    return model.part_time_factor > 1 and bool(exp) and float(values.get(exp or "") or 0) < 1


def _in_all(value: float) -> str:
    """A role's years in all, as the steps show them (``5``, ``2.5``)."""
    return f"{value:.1f}".rstrip("0").rstrip(".")
