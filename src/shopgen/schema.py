"""Declarative field specs for store files and the generic checker that applies them.

`check` walks a loaded YAML value against a spec, reports every problem at its `path:line:col`
in words an editor understands, suggests near misses for misspelled field names, and returns the
cleaned value (texts as str, prices as Decimal, dates as date) or None where the value was bad.
"""

from __future__ import annotations

import datetime as dt
import difflib
import functools
import re
from dataclasses import dataclass, field

from .diagnostics import Diagnostics
from .messages import mark, tr
from .money import MAX_AMOUNT, comma_readings, read_amount
from .sourcemap import SourceMap
from .xmlchars import FORBIDDEN, describe, strip_forbidden

KIND_WORDS = {
    "text": mark("a text"),
    "number": mark("a number like 19.99"),
    "int": mark("a whole number"),
    "date": mark("a date like 2026-12-31"),
    "bool": mark("true or false"),
    "list": mark("a list"),
    "map": mark("a mapping of fields"),
    "attrs": mark("a mapping of names to texts"),
    "each": mark("a mapping of language tags to fields"),
    "keyed": mark("a mapping of names to values"),
    "any": mark("any value"),
}


@dataclass(frozen=True)
class Field:
    kind: str
    required: bool = False
    choices: tuple[str, ...] = ()
    item: Field | None = None
    fields: dict[str, Field] = field(default_factory=dict)
    pattern: str = ""
    pattern_hint: str = ""
    min: float | None = None
    max: float | None = None
    known: str = ""  # a maintained list the value must be in: "currency" (ISO 4217, from CLDR)


CURRENCY = dict(
    pattern=r"[A-Z]{3}", pattern_hint=mark("use a 3-letter ISO 4217 code such as USD, EUR or CNY"), known="currency"
)


@functools.lru_cache(maxsize=1)
def known_currencies() -> frozenset[str]:
    """ISO 4217 codes as CLDR (Babel) knows them."""
    from babel.numbers import list_currencies

    return frozenset(list_currencies())


def _unknown(spec: Field, text: str) -> bool:
    """Whether `text` is missing from the maintained list `spec` names (an alias such as RMB counts as missing)."""
    return spec.known == "currency" and (text not in known_currencies() or text in CURRENCY_ALIASES)


CURRENCY_ALIASES = {"RMB": "CNY", "NTD": "TWD", "YEN": "JPY", "HKD$": "HKD", "UKP": "GBP", "STG": "GBP"}


def currency_suggestion(code: str) -> str:
    """The ISO 4217 code an editor most likely meant: a common alias (RMB -> CNY), else the closest code
    of a currency in use today in some country; "" when none is close."""
    if code.upper() in CURRENCY_ALIASES:
        return CURRENCY_ALIASES[code.upper()]
    from babel import Locale
    from babel.numbers import get_territory_currencies

    in_use = {c for t in Locale("en").territories if len(t) == 2 for c in get_territory_currencies(t, tender=True)}
    code = code.upper()
    # A swapped pair (GPB) first, then one letter off (EUO); among several, the most traded currencies first.
    major = ["USD", "EUR", "JPY", "GBP", "CNY", "AUD", "CAD", "CHF", "HKD", "SGD", "TWD", "KRW", "INR"]
    ranked = [c for c in major if c in in_use] + sorted(in_use - set(major))
    for same in (lambda c: sorted(c) == sorted(code), lambda c: sum(a != b for a, b in zip(c, code, strict=True)) == 1):
        found = [c for c in ranked if len(c) == len(code) and same(c)]
        if found:
            return found[0]
    return ""


COUNTRY = dict(pattern=r"[A-Z]{2}", pattern_hint=mark("use a 2-letter ISO 3166 country code such as US or CN"))


def text(required=False, **kw) -> Field:
    return Field("text", required, **kw)


def enum(*choices: str, required=False) -> Field:
    return Field("text", required, choices=choices)


def number(required=False, **kw) -> Field:
    return Field("number", required, **kw)


def money(required=False) -> Field:
    """A price or a cost: a number from 0 to MAX_AMOUNT, read like every number (`money.read_amount`)."""
    return Field("number", required, min=0)


def integer(required=False, **kw) -> Field:
    return Field("int", required, **kw)


def date(required=False) -> Field:
    return Field("date", required)


def boolean() -> Field:
    return Field("bool")


def listof(item: Field, required=False) -> Field:
    return Field("list", required, item=item)


def mapping(required=False, **fields: Field) -> Field:
    return Field("map", required, fields=fields)


def per_language(item: Field) -> Field:
    """A mapping from language tags (any keys; the caller checks them) to values of `item`."""
    return Field("each", item=item)


def keyed(item: Field, pattern: str = "", pattern_hint: str = "") -> Field:
    """A mapping from names (each matching `pattern`, when given) to values of `item`."""
    return Field("keyed", item=item, pattern=pattern, pattern_hint=pattern_hint)


def attrs() -> Field:
    return Field("attrs")


def anything() -> Field:
    return Field("any")


@functools.lru_cache(maxsize=256)
def _compiled(pattern: str) -> re.Pattern:
    return re.compile(pattern)


_REQUIRED: dict[int, tuple[Field, list[tuple[str, Field]]]] = {}


def _required(spec: Field) -> list[tuple[str, Field]]:
    """The required fields of a mapping spec, found once per spec (by identity: specs are constants)."""
    entry = _REQUIRED.get(id(spec))
    if entry is None or entry[0] is not spec:
        entry = _REQUIRED[id(spec)] = (spec, [(k, f) for k, f in spec.fields.items() if f.required])
    return entry[1]


def _kind_word(kind: str) -> str:
    return tr(KIND_WORDS[kind])


def _type_word(value) -> str:
    if isinstance(value, bool):
        return tr("true/false")
    if isinstance(value, dict):
        return tr("a mapping")
    if isinstance(value, list):
        return tr("a list")
    if isinstance(value, (int, float)):
        return tr("a number")
    if isinstance(value, (dt.date, dt.datetime)):
        return tr("a date")
    if value is None:
        return tr("nothing")
    return tr("a text")


def _show(value) -> str:
    if isinstance(value, (dict, list)):
        return _type_word(value)
    text = repr(value) if isinstance(value, str) else str(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _name(path: tuple) -> str:
    out = ""
    for k in path:
        k = k if isinstance(k, int) else FORBIDDEN.sub("", str(k))  # never a control character in a message
        out += f"[{k}]" if isinstance(k, int) else (f".{k}" if out else k)
    return out or tr("the file")


class Checker:
    """Applies specs to one document, adding problems to `diags`."""

    def __init__(self, smap: SourceMap, diags: Diagnostics):
        self.smap = smap
        self.diags = diags
        self.refused: set = set()  # the top-level fields that had an error ("" for the document itself)

    def err(self, path: tuple, message: str, hint: str = "", key: bool = False) -> None:
        span = self.smap.key_span(*path) if key else self.smap.span(*path)
        self.diags.error(span, message, hint)
        self.refused.add(path[0] if path else "")

    def wrong_kind(self, path: tuple, kind: str, value, hint: str = "") -> None:
        """`value` at `path` is not the `kind` of value the field takes."""
        message = tr(
            "'{field}' must be {expected}, got {got}", field=_name(path), expected=_kind_word(kind), got=_show(value)
        )
        self.err(path, message, hint)

    def check(self, value, spec: Field, path: tuple):
        kind = spec.kind
        if value is None and kind != "any":
            if spec.required:
                self.err(
                    path,
                    tr("'{field}' is empty", field=_name(path)),
                    tr("give it {expected}", expected=_kind_word(kind)),
                    key=True,
                )
            return None
        if kind == "any":
            return value
        if kind == "map":
            return self._map(value, spec, path)
        if kind == "list":
            if not isinstance(value, list):
                if spec.item and spec.item.kind == "text" and isinstance(value, str):
                    value = [value]  # a single keyword written without brackets
                else:
                    self.wrong_kind(path, "list", value, tr("write one item per line starting with '- '"))
                    return None
            out = []
            for i, item in enumerate(value):
                cleaned = self.check(item, spec.item, path + (i,))
                if cleaned is not None:
                    out.append(cleaned)
            return out
        if kind in ("each", "keyed"):
            if not isinstance(value, dict):
                example = tr("for example:  en: {{title: ...}}") if kind == "each" else ""
                self.wrong_kind(path, kind, value, example)
                return None
            out = {}
            for k, v in value.items():
                if spec.pattern and not _compiled(spec.pattern).fullmatch(str(k)):
                    self.err(
                        path + (k,),
                        tr(
                            "'{field}' names {got}: {pattern_hint}",
                            field=_name(path),
                            got=_show(k),
                            pattern_hint=tr(spec.pattern_hint),
                        ),
                        key=True,
                    )
                    continue
                cleaned = self.check(v, spec.item, path + (k,))
                if cleaned is not None:
                    out[str(k)] = cleaned
            return out
        if kind == "attrs":
            if not isinstance(value, dict):
                self.wrong_kind(path, "attrs", value, tr("for example:  color: White"))
                return None
            out = {}
            for k, v in value.items():
                if isinstance(v, (dict, list)) or v is None:
                    self.wrong_kind(path + (k,), "text", v)
                    continue
                name = self._clean(str(k), path + (k,), key=True)
                out[name] = self._scalar_text(v, path + (k,))
            return out
        return self._scalar(value, spec, path)

    def _map(self, value, spec: Field, path: tuple):
        if not isinstance(value, dict):
            self.wrong_kind(path, "map", value, tr("expected fields: {fields}", fields=", ".join(spec.fields)))
            return None
        out = {}
        known = spec.fields
        for key, v in value.items():
            sub = known.get(key) if isinstance(key, str) else None
            if sub is not None and sub.kind == "text" and type(v) is str and FORBIDDEN.search(v) is None:
                # the common case, a text that is fine, without the general path's calls (10,000 products
                # have 300,000 of them)
                text = v.strip()
                if (text or not sub.required) and (not sub.choices or text in sub.choices):
                    if (not sub.pattern or _compiled(sub.pattern).fullmatch(text)) and (not _unknown(sub, text)):
                        out[key] = text
                        continue
            if key not in known:
                close = difflib.get_close_matches(str(key), list(spec.fields), n=1, cutoff=0.6)
                fields = ", ".join(spec.fields)
                if close:
                    hint = tr("did you mean '{name}'?", name=close[0])
                    if not path:
                        self.refused.add(close[0])  # 'priec': the price is misspelt, not missing
                elif path:
                    hint = tr(
                        "known fields in '{field}': {fields}; put your own data under 'extra'",
                        field=_name(path),
                        fields=fields,
                    )
                else:
                    hint = tr("known fields: {fields}; put your own data under 'extra'", fields=fields)
                message = (
                    tr("unknown field '{key}' in '{field}'", key=key, field=_name(path))
                    if path
                    else tr("unknown field '{key}'", key=key)
                )
                self.err(path + (key,), message, hint, key=True)
                continue
            cleaned = self.check(v, spec.fields[key], path + (key,))
            if cleaned is not None:
                out[key] = cleaned
        for key, sub in _required(spec):
            if key not in value:
                name = _name(path + (key,))
                message = (
                    tr("required field '{name}' is missing from '{field}'", name=name, field=_name(path))
                    if path
                    else tr("required field '{name}' is missing from this file", name=name)
                )
                self.err(
                    path,
                    message,
                    tr("add '{key}:' with {expected}", key=key, expected=_kind_word(sub.kind)),
                )
        # Without a usable required field the mapping is unusable (its problem is reported): the caller
        # drops it and checks the rest of the file, never reading a field that is not there.
        if any(key not in out for key, _sub in _required(spec)):
            return None
        return out

    def _bad_amount(self, path: tuple, value, why: str) -> None:
        """A number that `read_amount` refused for `why`: "finite", "comma" or "range"."""
        field, got = _name(path), _show(value)
        if why == "comma":
            readings = comma_readings(str(value))
            if len(readings) == 1:
                hint = tr("write {amount}", amount=readings[0])
            elif readings:
                hint = tr(
                    "write {decimal} if the comma is a decimal comma, {whole} if it separates thousands",
                    decimal=readings[0],
                    whole=readings[1],
                )
            else:
                hint = tr("use a dot for the decimals and no thousands separators, like 1299.00")
            self.err(path, tr("'{field}' is {got}: its comma could be a decimal comma", field=field, got=got), hint)
        elif why == "finite":
            self.err(
                path,
                tr("'{field}' is {got}, which is not a number", field=field, got=got),
                tr("write a number like 19.99"),
            )
        else:
            self.err(
                path,
                tr(
                    "'{field}' is {got}, more than shopgen accepts (at most {max:,})",
                    field=field,
                    got=got,
                    max=int(MAX_AMOUNT),
                ),
                tr("check the number for a typo"),
            )

    def _scalar_text(self, value, path: tuple) -> str:
        if isinstance(value, str):
            return self._clean(value, path)
        raw = self.smap.raw_text(*path)
        return raw if raw is not None else str(value)

    def _clean(self, text: str, path: tuple, key: bool = False) -> str:
        """`text` without the characters XML 1.0 forbids, with a warning at its place when it had any."""
        cleaned, char = strip_forbidden(text)
        if char:
            span = self.smap.key_span(*path) if key else self.smap.span(*path)
            self.diags.warning(
                span,
                tr(
                    "'{field}' contains the invisible character {char}, which XML forbids: it is left out",
                    field=_name(path),
                    char=describe(char),
                ),
                tr("delete it in your editor; it often comes with a copy and paste"),
            )
        return cleaned

    def _scalar(self, value, spec: Field, path: tuple):
        kind = spec.kind
        if isinstance(value, (dict, list)):
            self.wrong_kind(path, kind, value)
            return None
        if kind == "text":
            result = self._scalar_text(value, path).strip()
            if spec.required and not result:
                self.err(path, tr("'{field}' is empty", field=_name(path)), tr("give it a text"))
                return None
            if spec.choices and result not in spec.choices:
                close = difflib.get_close_matches(result, spec.choices, n=1, cutoff=0.5)
                hint = (
                    tr("did you mean '{name}'?", name=close[0])
                    if close
                    else tr("use one of: {choices}", choices=", ".join(spec.choices))
                )
                self.err(
                    path,
                    tr(
                        "'{field}' is {got}, which is not one of {choices}",
                        field=_name(path),
                        got=_show(result),
                        choices=", ".join(spec.choices),
                    ),
                    hint,
                )
                return None
            if spec.pattern and not re.fullmatch(spec.pattern, result):
                self.err(
                    path,
                    tr(
                        "'{field}' is {got}: {pattern_hint}",
                        field=_name(path),
                        got=_show(result),
                        pattern_hint=tr(spec.pattern_hint),
                    ),
                )
                return None
            if _unknown(spec, result):
                close = currency_suggestion(result)
                self.err(
                    path,
                    tr("'{field}' is {got}, which is not an ISO 4217 currency", field=_name(path), got=_show(result)),
                    tr("did you mean '{name}'?", name=close)
                    if close
                    else tr("use a 3-letter ISO 4217 code such as USD, EUR or CNY"),
                )
                return None
            return result
        if kind in ("number", "int"):
            amount, why = read_amount(value) if not isinstance(value, (dt.date, bool)) else (None, "number")
            if amount is None and why != "number":
                self._bad_amount(path, value, why)
                return None
            if amount is None or (kind == "int" and amount != amount.to_integral_value()):
                self.wrong_kind(path, kind, value)
                return None
            if spec.min is not None and amount < spec.min:
                self.err(
                    path,
                    tr(
                        "'{field}' is {amount}, it must be at least {min:g}",
                        field=_name(path),
                        amount=amount,
                        min=spec.min,
                    ),
                )
                return None
            if spec.max is not None and amount > spec.max:
                self.err(
                    path,
                    tr(
                        "'{field}' is {amount}, it must be at most {max:g}",
                        field=_name(path),
                        amount=amount,
                        max=spec.max,
                    ),
                )
                return None
            return int(amount) if kind == "int" else amount
        if kind == "date":
            if isinstance(value, dt.datetime):
                return value.date()
            if isinstance(value, dt.date):
                return value
            try:
                return dt.date.fromisoformat(str(value).strip())
            except ValueError:
                self.wrong_kind(path, "date", value)
                return None
        if kind == "bool":
            if not isinstance(value, bool):
                self.wrong_kind(path, "bool", value)
                return None
            return value
        raise AssertionError(kind)
