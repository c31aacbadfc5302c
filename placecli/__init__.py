"""place: a terminal study guide for place-based leadership."""

__version__ = "0.1.0"
