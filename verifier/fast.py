"""Building trusted pydantic models fast: the verifier's one speed layer over the schema.

verifier.report is the schema alone; what the verifier does to make thousands of findings a
report cheaply lives here, apart, so that the schema reads as a contract and the shortcut can
be measured (bench/bench_verifier.py) and checked against pydantic
(tests/test_verifier_speed_invariants.py) on its own. It writes pydantic's private instance
attributes, which is why it is kept to this one module.

Measured on corpus report 001 (caches emptied before every verify): construct_trusted instead
of ``model_construct`` ~1.8× the reports per second, ``adopt`` for comparison findings a
further ~20%.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any, TypeVar

from pydantic import BaseModel
from pydantic_core import PydanticUndefined

M = TypeVar("M", bound=BaseModel)
_REQUIRED = object()  # a required field's place in a template, until its value is given
# Defaults model_construct hands out as they are (it copies anything else).
_SHARED_DEFAULTS = (type(None), str, int, bool, Decimal)


class _Plan:
    """How ``construct_trusted`` fills one model class: every field in declaration order
    (``template``, required fields marked), the fields made by a factory, the required ones;
    and, by the names a caller gives (``layouts``), what that call makes of them."""

    __slots__ = ("factories", "fields", "layouts", "required", "template")

    def __init__(self, cls: type[BaseModel]) -> None:
        if cls.__private_attributes__ or cls.__pydantic_post_init__ or cls.__pydantic_root_model__:
            raise TypeError(f"{cls.__name__}: root model, private attributes or post-init")
        if cls.model_config.get("extra") == "allow":
            raise TypeError(f"{cls.__name__} keeps extra fields")
        self.template: dict[str, Any] = {}
        self.factories: list[tuple[str, Callable[[], Any]]] = []
        self.required: list[str] = []
        for name, field in cls.model_fields.items():
            if field.alias is not None or field.validation_alias is not None:
                raise TypeError(f"{cls.__name__}.{name} has an alias")
            if field.default_factory is not None:
                if field.default_factory_takes_validated_data:
                    raise TypeError(f"{cls.__name__}.{name}'s factory takes validated data")
                self.factories.append((name, field.default_factory))  # type: ignore[arg-type]
                self.template[name] = None
            elif field.default is PydanticUndefined:
                self.required.append(name)
                self.template[name] = _REQUIRED
            elif isinstance(field.default, _SHARED_DEFAULTS):
                self.template[name] = field.default
            else:
                raise TypeError(f"{cls.__name__}.{name} has a default model_construct copies")
        self.fields = frozenset(self.template)
        self.layouts: dict[tuple[str, ...], _Layout] = {}

    def layout(self, names: tuple[str, ...]) -> _Layout:
        """What a call giving ``names`` (in that order) makes: worked out once per set of
        names, as the verifier builds its findings from a few fixed sets."""
        got = self.layouts.get(names)
        if got is None:
            given = frozenset(names) & self.fields
            template = {
                k: v for k, v in self.template.items() if k in given or k not in self.required
            }
            factories = tuple((k, f) for k, f in self.factories if k not in given)
            got = self.layouts[names] = _Layout(template, factories, given, given != set(names))
        return got


class _Layout:
    """One call's shape: the template without the required fields it leaves out (so they
    stay unset, as model_construct leaves them), the factories of the fields it leaves
    out, the fields it sets, and whether it names something that is not a field."""

    __slots__ = ("factories", "given", "strays", "template")

    def __init__(
        self,
        template: dict[str, Any],
        factories: tuple[tuple[str, Callable[[], Any]], ...],
        given: frozenset[str],
        strays: bool,
    ) -> None:
        self.template = template
        self.factories = factories
        self.given = given
        self.strays = strays


_PLANS: dict[type[BaseModel], _Plan] = {}


def construct_trusted(cls: type[M], **values: Any) -> M:
    """``cls.model_construct(**values)`` for a plain model (no aliases, no extra fields, no
    private attributes, no post-init, no validated-data factories), at a fraction of its cost.

    The verifier builds thousands of findings from values it typed itself. pydantic's
    ``model_construct`` checks aliases for every field and, for a field with a
    ``default_factory``, inspects the factory's signature on every call (``inspect.signature``
    of ``list`` parses its text signature): most of the verifier's time on a large report.
    The instance made here is the one ``model_construct`` makes: same ``__dict__`` (in field
    order), same fields set, values not given left out or defaulted alike. Values are
    trusted, never validated; names that are not fields are ignored, as model_construct does.
    """
    plan = _PLANS.get(cls)
    if plan is None:
        plan = _PLANS[cls] = _Plan(cls)
    names = tuple(values)
    layout = plan.layouts.get(names) or plan.layout(names)
    if layout.strays:
        values = {k: v for k, v in values.items() if k in layout.given}
    data = layout.template.copy()
    data.update(values)  # a given field keeps its place in declaration order
    for name, factory in layout.factories:
        data[name] = factory()
    return adopt(cls, data, set(layout.given))


def adopt(cls: type[M], data: dict[str, Any], fields_set: set[str]) -> M:
    """The instance of ``cls`` whose ``__dict__`` is ``data``, as model_construct leaves it.

    For the hottest caller (verifier.check, one finding per comparison) that lays out every
    field itself, in declaration order: ``data`` is taken as it is, not copied or checked.
    """
    m = _new(cls)
    _set_attr(m, "__dict__", data)
    _set_fields_set(m, fields_set)
    _set_extra(m, None)
    _set_private(m, None)
    return m


# What adopt writes with, looked up once: BaseModel's three slots' own setters (what
# object.__setattr__ finds for them by name) and object's, for the instance's __dict__. A
# finding made costs half as much so.
_new = object.__new__
_set_attr = object.__setattr__
_set_fields_set = BaseModel.__dict__["__pydantic_fields_set__"].__set__
_set_extra = BaseModel.__dict__["__pydantic_extra__"].__set__
_set_private = BaseModel.__dict__["__pydantic_private__"].__set__
