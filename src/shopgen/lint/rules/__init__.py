"""The rule modules; importing this package registers every rule."""

from . import images, titles  # noqa: F401
