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

    def sorted(self) -> list[Diagnostic]:
        """Every finding once (a store's languages check shared fields more than once), in file order."""
        return sorted(dict.fromkeys(self.items), key=Diagnostic.sort_key)
