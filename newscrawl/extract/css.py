"""CSS selectors of outlet profiles, matched against one scan of a page's class attributes.

Profiles select by class almost always (``.read-also``, ``h1.article__title``,
``.article__meta .article__date``). libxml2 walks the whole tree for each such selector;
:class:`PageSelector` reads every ``class`` attribute once and answers each selector made of
tags, classes and descendant or child combinators from that index. Any other selector
(attributes, pseudo-classes, sibling combinators) goes to lxml's own CSS translation, so
every selector matches exactly the elements ``element.cssselect(css)`` returns.
``:first-child`` and ``:last-child`` are answered too: section selectors use them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from cssselect import SelectorError, parse
from cssselect.parser import Class, CombinedSelector, Element, Pseudo
from lxml.cssselect import CSSSelector

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

    from lxml.html import HtmlElement

# XPath's normalize-space(), which lxml's translation uses to split a class attribute.
_XML_SPACE = re.compile(r"[ \t\r\n]+")


@dataclass(frozen=True)
class _Compound:
    """A tag (None: any), the classes an element must all have, and whether it must be its
    parent's first or last element (``:first-child``, ``:last-child``)."""

    tag: str | None
    classes: frozenset[str]
    first: bool = False
    last: bool = False

    def matches(self, element: HtmlElement, classes_of: dict[HtmlElement, frozenset[str]]) -> bool:
        return (
            (self.tag is None or element.tag == self.tag)
            and self.classes <= classes_of.get(element, frozenset())
            and not (self.first and _element_sibling(element.itersiblings(preceding=True)))
            and not (self.last and _element_sibling(element.itersiblings()))
        )


def _element_sibling(siblings: Iterator[HtmlElement]) -> bool:
    """Whether ``siblings`` hold an element (comments and processing instructions aside)."""
    return any(isinstance(sibling.tag, str) for sibling in siblings)


@dataclass(frozen=True)
class _Chain:
    """One selector, right to left: the compound the result matches, then each combinator
    (``" "`` or ``">"``) with the compound an ancestor (or the parent) must match."""

    subject: _Compound
    ancestry: tuple[tuple[str, _Compound], ...]


class PageSelector:
    """Answers a page's CSS selectors from one reading of its ``class`` attributes.

    ``selectors`` are those it will be asked: only elements with one of their classes are
    indexed (any other selector is answered by lxml). The index is read when first needed;
    build a new selector after changing the tree.
    """

    def __init__(self, tree: HtmlElement, selectors: Iterable[str]) -> None:
        self._tree = tree
        self._wanted = frozenset(
            name
            for css in selectors
            for chain in _chains(css) or ()
            for name in _class_names(chain)
        )
        self._by_class: dict[str, list[HtmlElement]] | None = None
        self._classes: dict[HtmlElement, frozenset[str]] = {}
        self._order: dict[HtmlElement, int] | None = None

    def select(self, css: str) -> list[HtmlElement]:
        """The elements matching ``css`` (a selector group), in document order, as
        ``tree.cssselect(css)`` gives them."""
        chains = _chains(css)
        if chains is None or any(not _class_names(chain) <= self._wanted for chain in chains):
            return _translated(css)(self._tree)
        if len(chains) == 1:
            return self._matching(chains[0])
        found = {element: None for chain in chains for element in self._matching(chain)}
        return sorted(found, key=self._position)

    def select_all(self, selectors: Iterable[str]) -> set[HtmlElement]:
        """Every element matching any of ``selectors``, in no order."""
        return {element for css in selectors for element in self.select(css)}

    def _matching(self, chain: _Chain) -> list[HtmlElement]:
        subject, by_class = chain.subject, self._index()
        if subject.classes:
            candidates: Iterable[HtmlElement] = by_class.get(_rarest(subject, by_class), ())
        else:  # a tag under a class: the tag's elements inside the class's
            anchor = chain.ancestry[0][1]
            candidates = dict.fromkeys(
                element
                for outer in by_class.get(_rarest(anchor, by_class), ())
                for element in outer.iterdescendants(subject.tag)
            )
        return [
            element for element in candidates
            if subject.matches(element, self._classes)
            and self._has_ancestry(element, chain.ancestry)
        ]

    def _has_ancestry(
        self, element: HtmlElement, ancestry: tuple[tuple[str, _Compound], ...]
    ) -> bool:
        if not ancestry:
            return True
        (combinator, compound), rest = ancestry[0], ancestry[1:]
        if combinator == ">":
            parent = element.getparent()
            return (
                parent is not None
                and compound.matches(parent, self._classes)
                and self._has_ancestry(parent, rest)
            )
        return any(
            compound.matches(ancestor, self._classes) and self._has_ancestry(ancestor, rest)
            for ancestor in element.iterancestors()
        )

    def _index(self) -> dict[str, list[HtmlElement]]:
        if self._by_class is None:
            self._by_class = {}
            for value in self._tree.xpath("//@class"):
                names = frozenset(_XML_SPACE.split(value.strip(" \t\r\n")))
                if names.isdisjoint(self._wanted):
                    continue
                element = value.getparent()
                self._classes[element] = names
                for name in names:
                    self._by_class.setdefault(name, []).append(element)
        return self._by_class

    def _position(self, element: HtmlElement) -> int:
        if self._order is None:
            self._order = {e: i for i, e in enumerate(self._tree.iter())}
        return self._order[element]


def _class_names(chain: _Chain) -> frozenset[str]:
    return chain.subject.classes.union(*(compound.classes for _, compound in chain.ancestry))


def _rarest(compound: _Compound, by_class: dict[str, list[HtmlElement]]) -> str:
    return min(compound.classes, key=lambda name: len(by_class.get(name, ())))


@lru_cache(maxsize=1024)
def _chains(css: str) -> tuple[_Chain, ...] | None:
    """``css`` as chains the class index can answer, or None if any part needs lxml."""
    try:
        selectors = parse(css)
    except SelectorError:
        return None
    chains = []
    for selector in selectors:
        if selector.pseudo_element is not None:
            return None
        chain = _chain(selector.parsed_tree)
        if chain is None:
            return None
        chains.append(chain)
    return tuple(chains)


def _chain(tree: object) -> _Chain | None:
    """A parsed selector read right to left: ``.a > .b .c`` is .c, then (" ", .b), (">", .a)."""
    compounds, combinators = [], []
    while isinstance(tree, CombinedSelector):
        if tree.combinator not in (" ", ">"):
            return None
        compounds.append(_compound(tree.subselector))
        combinators.append(tree.combinator)
        tree = tree.selector
    compounds.append(_compound(tree))
    if any(compound is None for compound in compounds):
        return None
    if not compounds[0].classes and not (len(compounds) > 1 and compounds[1].classes):
        return None  # neither the element nor its nearest ancestor is found by class
    return _Chain(compounds[0], tuple(zip(combinators, compounds[1:], strict=True)))


def _compound(tree: object) -> _Compound | None:
    classes, edges = [], set()
    while isinstance(tree, (Class, Pseudo)):
        if isinstance(tree, Class):
            classes.append(tree.class_name)
        elif tree.ident in ("first-child", "last-child"):
            edges.add(tree.ident)
        else:
            return None
        tree = tree.selector
    if not isinstance(tree, Element) or tree.namespace is not None:
        return None
    tag = tree.element.lower() if tree.element is not None else None
    if tag is None and not classes:
        return None  # "*": every element; lxml's walk is as good
    return _Compound(tag, frozenset(classes), "first-child" in edges, "last-child" in edges)


@lru_cache(maxsize=1024)
def _translated(css: str) -> CSSSelector:
    return CSSSelector(css, translator="html")
