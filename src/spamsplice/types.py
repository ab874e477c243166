"""The result types shared by every layer: one ``Span`` everywhere, plain dicts out."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Mapping


@dataclass(frozen=True, slots=True)
class Span:
    """An inserted stretch of text.

    Offsets are code-point indices into the original text, end-exclusive, so that
    ``text[span.start:span.end] == span.text`` always holds.
    """

    start: int
    end: int
    text: str
    score: float = 1.0

    def __post_init__(self) -> None:
        if not 0 <= self.start <= self.end:
            raise ValueError(f"invalid span offsets: start={self.start}, end={self.end}")
        if len(self.text) != self.end - self.start:
            raise ValueError("span text length does not match its offsets")

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "text": self.text, "score": round(float(self.score), 4)}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> "Span":
        return cls(int(data["start"]), int(data["end"]), str(data["text"]), float(data.get("score", 1.0)))


@dataclass(frozen=True, slots=True)
class Detection:
    """What the detector found in one text: a document score in [0, 1] and its spans, in text order."""

    score: float
    spans: tuple[Span, ...] = field(default_factory=tuple)

    @property
    def flagged(self) -> bool:
        return bool(self.spans)

    def to_dict(self) -> dict[str, Any]:
        return {"score": round(float(self.score), 4), "spans": [s.to_dict() for s in self.spans]}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> "Detection":
        return cls(float(data["score"]), tuple(Span.from_dict(s) for s in data.get("spans", ())))


@dataclass(frozen=True, slots=True)
class CleanResult:
    """A cleaned text and the spans (offsets into the *original* text) that were removed from it."""

    text: str
    removed: tuple[Span, ...] = field(default_factory=tuple)

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "removed": [s.to_dict() for s in self.removed]}
