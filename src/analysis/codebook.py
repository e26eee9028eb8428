"""Load and validate a codebook, and compile its terms into matchers.

A codebook (``codebooks/panjshir.yaml``) is the research instrument of one story: actors with
their sides, roles and every spelling; platforms with cue phrases; reporting cues; labels for
each side; hedges; how the central claim is claimed, denied and asserted; and events. Its
header comment documents the format.

:func:`load_codebook` raises :class:`~analysis.errors.InputError` naming the file and the entry
for anything malformed: missing sections, unknown sides, an alias used by two actors, a bad
regular expression, an event that names an unknown actor.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

import yaml

from .errors import InputError

ACTOR_TYPES = ("person", "organisation", "group", "media", "anonymous")
GENDERS = ("male", "female", "")
UNKNOWN_SIDE = "unknown"
UNSPECIFIED_PLATFORM = "unspecified"
_ID_RE = re.compile(r"^[a-z][a-z0-9_]*$")


@dataclass(frozen=True)
class Actor:
    """A person, organisation, group or outlet in the story."""

    name: str
    type: str
    side: str
    role: str = ""
    gender: str = ""
    platform: str = ""
    aliases: tuple[str, ...] = ()

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)

    @property
    def is_person(self) -> bool:
        return self.type == "person"


@dataclass(frozen=True)
class Platform:
    """A channel; ``weak`` cues decide only when no other cue and no named outlet does."""

    id: str
    label: str
    cues: tuple[str, ...]
    weak: bool = False


@dataclass(frozen=True)
class TermSet:
    """A named set of patterns, e.g. a label with its side or a hedge."""

    name: str
    patterns: tuple[str, ...]
    side: str = ""


@dataclass(frozen=True)
class Event:
    id: str
    label: str
    groups: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class Codebook:
    """A validated codebook. Compiled matchers are built on first use and cached."""

    path: str
    slug: str
    title: str
    period: str
    question: str
    sides: Mapping[str, str]
    actors: tuple[Actor, ...]
    platforms: tuple[Platform, ...]
    verb_forms: Mapping[str, str]
    phrases: tuple[str, ...]
    needs_complement: frozenset[str]
    titles: tuple[str, ...]
    unnamed_sources: tuple[str, ...]
    unnamed_reports: tuple[str, ...]
    labels: tuple[TermSet, ...] = ()
    hedges: tuple[TermSet, ...] = ()
    capture: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    events: tuple[Event, ...] = ()

    def side_label(self, side: str) -> str:
        return self.sides.get(side, "Unknown")

    @cached_property
    def actor_by_name(self) -> dict[str, Actor]:
        """Every name and alias, case-folded, to its actor."""
        return {name.casefold(): actor for actor in self.actors for name in actor.names}

    @cached_property
    def actor_re(self) -> re.Pattern[str] | None:
        """One pattern matching any actor name; longer names are tried first."""
        return compile_terms(self.actor_by_name.keys()) if self.actors else None

    @cached_property
    def _actor_scan(self) -> re.Pattern[str] | None:
        if not self.actors:
            return None
        return re.compile(f"(?=({self.actor_re.pattern}))", re.IGNORECASE)

    def actor_mentions(self, text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int, Actor]]:
        """Actor names in ``text[start:end]``, longest first where two overlap, in text order.

        "The Resistance Front" gives "Resistance Front" (an alias of the NRF), not "The
        Resistance" (another alias), because the longer mention wins.
        """
        scan = self._actor_scan
        if scan is None:
            return []
        end = len(text) if end is None else end
        found = []
        for match in scan.finditer(text, start, end):
            s, e = match.start(1), match.end(1)
            if e <= end:
                found.append((s, e))
        chosen: list[tuple[int, int]] = []
        for s, e in sorted(set(found), key=lambda span: (span[0] - span[1], span[0])):
            if all(e <= cs or s >= ce for cs, ce in chosen):
                chosen.append((s, e))
        mentions = []
        for s, e in sorted(chosen):
            actor = self.actor_for(text[s:e])
            if actor is not None:
                mentions.append((s, e, actor))
        return mentions

    def actor_for(self, mention: str) -> Actor | None:
        """The actor a matched name refers to (case-insensitive), or None."""
        return self.actor_by_name.get(" ".join(mention.split()).casefold())

    @cached_property
    def platform_res(self) -> tuple[tuple[str, bool, re.Pattern[str]], ...]:
        """``(id, weak, pattern)`` for every platform with cues, in codebook order."""
        return tuple((p.id, p.weak, compile_terms(p.cues)) for p in self.platforms if p.cues)

    def platform_label(self, platform_id: str) -> str:
        for platform in self.platforms:
            if platform.id == platform_id:
                return platform.label
        return platform_id.replace("_", " ").capitalize()

    def expand(self, term: str) -> tuple[str, ...]:
        """``@Actor`` expanded to all the actor's names; any other term unchanged."""
        if term.startswith("@"):
            actor = self.actor_for(term[1:])
            if actor is None:  # validated at load time
                raise KeyError(term)
            return actor.names
        return (term,)

    def compile(self, terms: Iterable[str]) -> re.Pattern[str]:
        """Compile terms (with ``@Actor`` expansion) into one whole-word, case-free pattern."""
        return compile_terms([t for term in terms for t in self.expand(term)])


def term_regex(term: str) -> str:
    """Regex source for one term: ``re:`` terms as written, others as whole-word literals."""
    if term.startswith("re:"):
        return f"(?:{term[3:]})"
    escaped = r"\s+".join(re.escape(part) for part in term.split())
    left = r"(?<!\w)" if term[:1].isalnum() or term[:1] == "_" else ""
    right = r"(?!\w)" if term[-1:].isalnum() or term[-1:] == "_" else ""
    return f"{left}{escaped}{right}"


def compile_terms(terms: Iterable[str]) -> re.Pattern[str]:
    """One case-insensitive pattern for ``terms``; longest literal first so it wins a tie."""
    unique = sorted(set(terms), key=lambda t: (-len(t), t))
    if not unique:
        return re.compile(r"(?!x)x")
    return re.compile("|".join(term_regex(t) for t in unique), re.IGNORECASE)


def inflect(lemma: str) -> tuple[str, ...]:
    """The lemma and its regular -s, -ed and -ing forms (``deny`` -> denies, denied, denying)."""
    if lemma.endswith("e"):
        forms = (lemma + "s", lemma + "d", lemma[:-1] + "ing")
    elif len(lemma) > 2 and lemma.endswith("y") and lemma[-2] not in "aeiou":
        forms = (lemma[:-1] + "ies", lemma[:-1] + "ied", lemma + "ing")
    elif lemma.endswith(("s", "sh", "ch", "x", "z")):
        forms = (lemma + "es", lemma + "ed", lemma + "ing")
    else:
        forms = (lemma + "s", lemma + "ed", lemma + "ing")
    return (lemma, *forms)


class _Validator:
    """Collects context (path, entry) so every error names where it was found."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def fail(self, where: str, problem: str) -> InputError:
        return InputError(self.path, f"{where}: {problem}")

    def mapping(self, value: Any, where: str) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise self.fail(where, f"must be a mapping, got {type(value).__name__}")
        return value

    def sequence(self, value: Any, where: str, *, allow_empty: bool = True) -> list[Any]:
        if value is None and allow_empty:
            return []
        if not isinstance(value, list):
            raise self.fail(where, f"must be a list, got {type(value).__name__}")
        if not value and not allow_empty:
            raise self.fail(where, "must not be empty")
        return value

    def text(self, value: Any, where: str, *, required: bool = True) -> str:
        if value is None and not required:
            return ""
        if not isinstance(value, str | int | float) or isinstance(value, bool):
            raise self.fail(where, f"must be text, got {type(value).__name__}")
        text = str(value).strip()
        if required and not text:
            raise self.fail(where, "must not be empty")
        return text

    def texts(self, value: Any, where: str, *, allow_empty: bool = True) -> tuple[str, ...]:
        items = self.sequence(value, where, allow_empty=allow_empty)
        out = tuple(self.text(v, f"{where}[{i}]") for i, v in enumerate(items))
        for i, term in enumerate(out):
            if term.startswith("re:"):
                try:
                    re.compile(term[3:])
                except re.error as exc:
                    raise self.fail(f"{where}[{i}]", f"bad regular expression ({exc})") from None
        return out


def _parse_actor(
    v: _Validator, raw: Any, i: int, sides: Mapping[str, str], platform_ids: set[str]
) -> Actor:
    where = f"actors[{i}]"
    entry = v.mapping(raw, where)
    name = v.text(entry.get("name"), f"{where}.name")
    where = f"actors[{i}] ({name!r})"
    unknown = sorted(set(entry) - {"name", "type", "side", "role", "gender", "platform", "aliases"})
    if unknown:
        raise v.fail(where, f"unknown field(s) {unknown}")
    actor_type = v.text(entry.get("type", "person"), f"{where}.type")
    if actor_type not in ACTOR_TYPES:
        raise v.fail(where, f"type {actor_type!r} is not one of: {', '.join(ACTOR_TYPES)}")
    side = v.text(entry.get("side"), f"{where}.side")
    if side not in sides:
        raise v.fail(where, f"side {side!r} is not one of the sides: {', '.join(sides)}")
    gender = v.text(entry.get("gender"), f"{where}.gender", required=False)
    if gender not in GENDERS:
        raise v.fail(where, f"gender {gender!r} must be male, female or left out")
    platform = v.text(entry.get("platform"), f"{where}.platform", required=False)
    if platform and platform not in platform_ids:
        raise v.fail(
            where, f"platform {platform!r} is not a platform id: {', '.join(sorted(platform_ids))}"
        )
    aliases = v.texts(entry.get("aliases"), f"{where}.aliases")
    return Actor(
        name=name,
        type=actor_type,
        side=side,
        role=v.text(entry.get("role"), f"{where}.role", required=False),
        gender=gender,
        platform=platform,
        aliases=tuple(dict.fromkeys(a for a in aliases if a.casefold() != name.casefold())),
    )


def _parse_term_sets(
    v: _Validator, raw: Any, where: str, key: str, sides: Mapping[str, str]
) -> tuple[TermSet, ...]:
    out = []
    for i, item in enumerate(v.sequence(raw, where)):
        entry = v.mapping(item, f"{where}[{i}]")
        name = v.text(entry.get(key), f"{where}[{i}].{key}")
        side = v.text(entry.get("side"), f"{where}[{i}].side", required=False)
        if key == "label" and side not in sides:
            raise v.fail(
                f"{where}[{i}] ({name!r})",
                f"side {side!r} is not one of the sides: {', '.join(sides)}",
            )
        patterns = v.texts(
            entry.get("patterns", [name]), f"{where}[{i}].patterns", allow_empty=False
        )
        out.append(TermSet(name=name, patterns=patterns, side=side))
    return tuple(out)


def parse_codebook(data: Any, path: Path) -> Codebook:
    """Validate parsed YAML ``data`` (from ``path``, used in messages) into a :class:`Codebook`."""
    v = _Validator(path)
    root = v.mapping(data, "codebook")
    for section in ("story", "sides", "actors", "platforms", "reporting"):
        if section not in root:
            raise v.fail("codebook", f"missing section {section!r}")
    story = v.mapping(root["story"], "story")
    slug = v.text(story.get("slug"), "story.slug")
    if not re.fullmatch(r"[a-z0-9][a-z0-9_-]*", slug):
        raise v.fail("story.slug", f"{slug!r} must be lower-case letters, digits, - or _")
    sides_raw = v.mapping(root["sides"], "sides")
    if not sides_raw:
        raise v.fail("sides", "must name at least one side")
    sides = {}
    for key, label in sides_raw.items():
        if not isinstance(key, str) or not _ID_RE.match(key):
            raise v.fail("sides", f"side id {key!r} must be a lower-case identifier")
        if key == UNKNOWN_SIDE:
            raise v.fail("sides", f"{UNKNOWN_SIDE!r} is reserved for speakers outside the codebook")
        sides[key] = v.text(label, f"sides.{key}")

    platforms = []
    for i, item in enumerate(v.sequence(root["platforms"], "platforms")):
        entry = v.mapping(item, f"platforms[{i}]")
        pid = v.text(entry.get("id"), f"platforms[{i}].id")
        if not _ID_RE.match(pid) or pid == UNSPECIFIED_PLATFORM:
            raise v.fail(
                f"platforms[{i}]",
                f"id {pid!r} must be a lower-case identifier other than {UNSPECIFIED_PLATFORM!r}",
            )
        unknown = sorted(set(entry) - {"id", "label", "cues", "weak"})
        if unknown:
            raise v.fail(f"platforms[{i}] ({pid!r})", f"unknown field(s) {unknown}")
        weak = entry.get("weak", False)
        if not isinstance(weak, bool):
            raise v.fail(f"platforms[{i}] ({pid!r})", "weak must be true or false")
        platforms.append(
            Platform(
                pid,
                v.text(entry.get("label", pid), f"platforms[{i}].label"),
                v.texts(entry.get("cues"), f"platforms[{i}].cues"),
                weak,
            )
        )
    platform_ids = {p.id for p in platforms}
    if len(platform_ids) != len(platforms):
        raise v.fail("platforms", "platform ids must be unique")

    actors = tuple(
        _parse_actor(v, raw, i, sides, platform_ids)
        for i, raw in enumerate(v.sequence(root["actors"], "actors"))
    )
    owner: dict[str, str] = {}
    for actor in actors:
        for name in actor.names:
            key = name.casefold()
            if key in owner and owner[key] != actor.name:
                raise v.fail(
                    "actors", f"name {name!r} is used by both {owner[key]!r} and {actor.name!r}"
                )
            owner[key] = actor.name

    reporting = v.mapping(root["reporting"], "reporting")
    lemmas = v.texts(reporting.get("verbs"), "reporting.verbs", allow_empty=False)
    irregular = v.mapping(reporting.get("irregular") or {}, "reporting.irregular")
    verb_forms: dict[str, str] = {}
    for lemma in lemmas:
        for form in inflect(lemma.casefold()):
            verb_forms.setdefault(form, lemma.casefold())
    for lemma, forms in irregular.items():
        lemma_text = v.text(lemma, "reporting.irregular")
        for form in (lemma_text, *v.texts(forms, f"reporting.irregular.{lemma_text}")):
            verb_forms[form.casefold()] = lemma_text.casefold()

    capture_raw = v.mapping(root.get("capture") or {}, "capture")
    unknown_capture = sorted(set(capture_raw) - {"claim", "denial", "assertion", "negation"})
    if unknown_capture:
        raise v.fail("capture", f"unknown key(s) {unknown_capture}")
    capture = {
        key: v.texts(capture_raw.get(key), f"capture.{key}")
        for key in ("claim", "denial", "assertion", "negation")
    }

    known_names = set(owner)
    events = []
    for i, item in enumerate(v.sequence(root.get("events"), "events")):
        entry = v.mapping(item, f"events[{i}]")
        eid = v.text(entry.get("id"), f"events[{i}].id")
        if not _ID_RE.match(eid):
            raise v.fail(f"events[{i}]", f"id {eid!r} must be a lower-case identifier")
        groups = tuple(
            v.texts(g, f"events[{i}] ({eid}).all[{j}]", allow_empty=False)
            for j, g in enumerate(
                v.sequence(entry.get("all"), f"events[{i}] ({eid}).all", allow_empty=False)
            )
        )
        for group in groups:
            for term in group:
                if term.startswith("@") and term[1:].casefold() not in known_names:
                    raise v.fail(f"events[{i}] ({eid})", f"{term!r} names no actor in the codebook")
        events.append(Event(eid, v.text(entry.get("label", eid), f"events[{i}].label"), groups))
    if len({e.id for e in events}) != len(events):
        raise v.fail("events", "event ids must be unique")

    return Codebook(
        path=str(path),
        slug=slug,
        title=v.text(story.get("title"), "story.title"),
        period=v.text(story.get("period"), "story.period", required=False),
        question=v.text(story.get("question"), "story.question", required=False),
        sides=sides,
        actors=actors,
        platforms=tuple(platforms),
        verb_forms=verb_forms,
        phrases=v.texts(reporting.get("phrases"), "reporting.phrases"),
        needs_complement=frozenset(
            t.casefold()
            for t in v.texts(reporting.get("needs_complement"), "reporting.needs_complement")
        ),
        titles=v.texts(reporting.get("titles"), "reporting.titles"),
        unnamed_sources=v.texts(reporting.get("unnamed_sources"), "reporting.unnamed_sources"),
        unnamed_reports=v.texts(reporting.get("unnamed_reports"), "reporting.unnamed_reports"),
        labels=_parse_term_sets(v, root.get("labels"), "labels", "label", sides),
        hedges=_parse_term_sets(v, root.get("hedges"), "hedges", "term", sides),
        capture=capture,
        events=tuple(events),
    )


def load_codebook(path: str | Path) -> Codebook:
    """Read and validate the codebook at ``path``."""
    path = Path(path)
    if not path.exists():
        raise InputError(path, "does not exist")
    if path.is_dir():
        raise InputError(path, "is a folder, expected a codebook YAML file")
    try:
        data = yaml.safe_load(path.read_bytes().decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise InputError(path, "is not UTF-8") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or "syntax error"
        raise InputError(path, f"is not valid YAML{where} ({problem})") from None
    if data is None:
        raise InputError(path, "codebook is empty")
    return parse_codebook(data, path)
