"""The base model every contract shape uses, and contract-drift detection.

Payloads from a Pi may carry fields or enum values newer than this code. They are kept
(``extra="allow"`` and ``Open[...]`` enums) so nothing is lost, and :func:`find_drift`
names them so that the client can log them once.
"""

from __future__ import annotations

from datetime import UTC, datetime
from enum import Enum
from typing import Annotated, Any, TypeVar

from pydantic import BaseModel, BeforeValidator, ConfigDict, PlainSerializer, PrivateAttr, model_validator

T = TypeVar("T")


def _none_to_empty(value: Any) -> Any:
    return [] if value is None else value


NullableList = Annotated[list[T], BeforeValidator(_none_to_empty)]
"""A list that some Pis send as ``null`` when it is empty; read as ``[]``."""


class ContractModel(BaseModel):
    """A shape of the V1 contract: tolerant of additions, strict about what it needs."""

    model_config = ConfigDict(extra="allow", populate_by_name=True, use_enum_values=False)

    _variant: str | None = PrivateAttr(default=None)
    """The field variant a tolerant reader recognised (see :func:`mark_variant`), for the drift log."""

    @model_validator(mode="after")
    def _take_variant(self) -> Any:
        extra = self.__pydantic_extra__
        if extra and VARIANT_KEY in extra:
            self._variant = str(extra.pop(VARIANT_KEY))
        return self

    @property
    def variant(self) -> str | None:
        return self._variant

    def dump(self) -> dict[str, Any]:
        """JSON-ready dict without unset optional fields (how the Pi omits them)."""
        return self.model_dump(mode="json", exclude_none=True)


VARIANT_KEY = "__pidash_variant__"


def mark_variant(data: dict[str, Any], name: str) -> dict[str, Any]:
    """``data`` tagged with the name of the variant a ``mode="before"`` validator recognised.

    The model keeps it as :attr:`ContractModel.variant` and :func:`find_drift` reports it, so the
    client logs each variant once with the correlation ID.
    """
    return data | {VARIANT_KEY: name}


def utcnow() -> datetime:
    return datetime.now(UTC)


def rfc3339(value: datetime) -> str:
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


Timestamp = Annotated[datetime, PlainSerializer(rfc3339, return_type=str, when_used="json")]
"""An RFC 3339 time; serialised in UTC with a ``Z``."""


def find_drift(value: Any, path: str = "") -> list[str]:
    """Paths of extra fields and unknown enum values inside a parsed contract value."""
    found: list[str] = []
    if isinstance(value, ContractModel) and value.variant:
        found.append(f"{path}(variant: {value.variant})")
    if isinstance(value, BaseModel):
        for name in value.model_extra or {}:
            found.append(f"{path}{name} (unknown field)")
        for name, field in type(value).model_fields.items():
            inner = getattr(value, name)
            found.extend(_drift_of_field(field.annotation, inner, f"{path}{name}"))
    return found


def _drift_of_field(annotation: Any, inner: Any, where: str) -> list[str]:
    if isinstance(inner, BaseModel):
        return find_drift(inner, where + ".")
    if isinstance(inner, list):
        out: list[str] = []
        for i, item in enumerate(inner):
            out.extend(_drift_of_field(None, item, f"{where}[{i}]"))
        return out
    if isinstance(inner, dict):
        out = []
        for key, item in inner.items():
            if isinstance(item, BaseModel):
                out.extend(find_drift(item, f"{where}[{key}]."))
        return out
    if isinstance(inner, str) and not isinstance(inner, Enum) and annotation is not None and _expects_enum(annotation):
        return [f"{where}={inner!r} (unknown value)"]
    return []


def _expects_enum(annotation: Any) -> bool:
    args = getattr(annotation, "__args__", ())
    return any(isinstance(a, type) and issubclass(a, Enum) for a in args)
