"""The one finding type shared by the builder and the linter: a message at a place in a file."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field

from .messages import mark, tr


class Severity(enum.IntEnum):
    INFO = 1
    WARNING = 2
    ERROR = 3

    @property
    def label(self) -> str:
        """The English word, as parsers and file formats expect it."""
        return self.name.lower()

    @property
    def word(self) -> str:
        """The word in the editor's language, for reports people read."""
        return tr(_SEVERITY_WORDS[self])


_SEVERITY_WORDS = {Severity.INFO: mark("info"), Severity.WARNING: mark("warning"), Severity.ERROR: mark("error")}


@dataclass(frozen=True, order=True)
class Span:
    """A place in a store file; `path` is relative to the store root, line and col are 1-based."""

    path: str
    line: int = 0
    col: int = 0

    def __str__(self) -> str:
        if self.line and self.col:
            return f"{self.path}:{self.line}:{self.col}"
        if self.line:
            return f"{self.path}:{self.line}"
        return self.path


# The codes of store problems found while loading (documented as lint rules in lint/rules/store.py).
CODE_CONTRACT = "SG001"  # a file breaks the catalog contract (the default for a loading problem)
CODE_DUPLICATE = "SG002"  # a SKU, or a slug an editor wrote, used twice
CODE_IMAGE = "SG003"  # an image file missing, damaged or unusable
CODE_UNKNOWN_SKU = "SG004"  # a guide, card, link or featured list names a SKU no product has
CODE_SETTLED = "SG005"  # shopgen settled a value itself (colliding slugs, slug form, variant SKU)


@dataclass(frozen=True)
class Diagnostic:
    severity: Severity
    span: Span
    message: str
    code: str = ""
    hint: str = ""
    related: tuple[Span, ...] = ()

    def format(self) -> str:
        """`path:line:col: severity: message [CODE]` plus a hint line, as editors and CI parse it.

        The severity word stays English in every language: problem matchers look for it.
        """
        code = f" [{self.code}]" if self.code else ""
        text = f"{self.span}: {self.severity.label}: {self.message}{code}"
        for other in self.related:
            text += "\n    " + tr("see also {place}", place=other)
        if self.hint:
            text += "\n    " + tr("hint: {hint}", hint=self.hint)
        return text

    def sort_key(self) -> tuple:
        return (self.span.path, self.span.line, self.span.col, self.code, self.message)


@dataclass
class Diagnostics:
    """Collects every finding of a run so all problems are reported together."""

    items: list[Diagnostic] = field(default_factory=list)

    def add(self, d: Diagnostic) -> None:
        self.items.append(d)

    def error(self, span: Span, message: str, hint: str = "", code: str = "", related=()) -> None:
        self.add(Diagnostic(Severity.ERROR, span, message, code, hint, tuple(related)))

    def warning(self, span: Span, message: str, hint: str = "", code: str = "", related=()) -> None:
        self.add(Diagnostic(Severity.WARNING, span, message, code, hint, tuple(related)))

    def extend(self, ds) -> None:
        self.items.extend(ds)

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.items if d.severity == Severity.ERROR]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.items if d.severity == Severity.WARNING]

    def code_store_problems(self) -> None:
        """Give every problem found so far without a code the store-contract code (SG001)."""
        self.items = [
            d if d.code else Diagnostic(d.severity, d.span, d.message, CODE_CONTRACT, d.hint, d.related)
            for d in self.items
        ]

    def sorted(self) -> list[Diagnostic]:
        """Every finding once (a store's languages check shared fields more than once), in file order."""
        return sorted(dict.fromkeys(self.items), key=Diagnostic.sort_key)
