"""Markup that a translation must keep exactly: roles, links, code, directives, placeholders.

A translator changes the words, never the markup around them. :func:`markup_tokens` lists the
pieces of a message that must come back unchanged in its translation; :func:`markup_problems`
compares an English message with its translation and says what was lost or added, e.g.
``the role {doc}`screening` is missing`` or ``the placeholder {count} was added``.

What must be kept (the text inside may be translated where the table says so):

==================================  ===========================================================
``{doc}`Start here <index>```       the role and its target (``index``); the words may change
``{ref}`label```, ``{numref}``...   the role and its target
``{term}`...```, other roles        the role's name
``[words](target)``                 the link's target
```` ``code`` ````, ```q1 = "B"```  the code, exactly
``{{ name }}``                      a substitution, exactly
``{name}``, ``%(name)s``, ``%s``    a placeholder, exactly
```` ```{directive} ````, ``:::``   a directive's name
``(label)=``                        a target label
``<br>``, ``<strong>``              an HTML tag
``[^1]``                            a footnote reference
``**``                              bold marks come in pairs (only their number is compared)
==================================  ===========================================================
"""

from __future__ import annotations

import re
from collections import Counter

_REFERENCE_ROLES = frozenset({"doc", "ref", "numref", "download", "eq", "any", "external"})
_ROLE = re.compile(r"\{(?P<name>[a-zA-Z][\w:.-]*)\}(?P<ticks>`+)(?P<body>.*?)(?P=ticks)")
_CODE = re.compile(r"(?<![`}])(?P<ticks>`+)(?P<body>[^`].*?)(?P=ticks)(?!`)")
_LINK = re.compile(r"(?<!!)\[(?:[^\[\]]|\[[^\]]*\])*\]\((?P<target>[^)\s]+)(?:\s+\"[^\"]*\")?\)")
_IMAGE = re.compile(r"!\[[^\]]*\]\((?P<target>[^)\s]+)\)")
_SUBSTITUTION = re.compile(r"\{\{\s*(?P<name>[\w.]+)\s*\}\}")
_FORMAT = re.compile(r"(?<![{\w])\{(?P<name>[A-Za-z_][\w]*)(?:![rsa])?(?::[^{}]*)?\}(?![`}])")
_PERCENT = re.compile(r"(?<![\d%])%(?:\((?P<name>\w+)\))?[-#0+]*\d*(?:\.\d+)?[sdif]")
_DIRECTIVE = re.compile(r"^\s*(?P<fence>`{3,}|:{3,})\s*\{(?P<name>[\w:.-]+)\}", re.MULTILINE)
_LABEL = re.compile(r"^\((?P<label>[\w:.-]+)\)=\s*$", re.MULTILINE)
_HTML_TAG = re.compile(r"</?(?P<tag>[a-zA-Z][a-zA-Z0-9]*)\b[^<>]*?/?>")
_FOOTNOTE = re.compile(r"\[\^(?P<name>[^\]]+)\]")
_BOLD = re.compile(r"\*\*")


def _role_target(name: str, body: str) -> str:
    if name not in _REFERENCE_ROLES:
        return ""
    match = re.search(r"<([^<>]+)>\s*$", body)
    return (match.group(1) if match else body).strip()


def markup_tokens(text: str) -> Counter[str]:
    """The markup in ``text`` that a translation must keep, as a multiset of readable tokens."""
    tokens: Counter[str] = Counter()
    rest = text
    for match in _ROLE.finditer(text):
        name, body = match.group("name"), match.group("body")
        target = _role_target(name, body)
        tokens[f"the role {{{name}}}`{target}`" if target else f"the role {{{name}}}"] += 1
    rest = _ROLE.sub(" ", rest)
    for match in _CODE.finditer(rest):
        tokens[f"the code `{match.group('body')}`"] += 1
    rest = _CODE.sub(" ", rest)
    for match in _IMAGE.finditer(rest):
        tokens[f"the image ({match.group('target')})"] += 1
    rest = _IMAGE.sub(" ", rest)
    for match in _LINK.finditer(rest):
        tokens[f"the link to {match.group('target')}"] += 1
    for match in _SUBSTITUTION.finditer(rest):
        tokens[f"the substitution {{{{ {match.group('name')} }}}}"] += 1
    rest = _SUBSTITUTION.sub(" ", rest)
    for match in _FORMAT.finditer(rest):
        tokens[f"the placeholder {{{match.group('name')}}}"] += 1
    for match in _PERCENT.finditer(rest):
        if match.group(0) != "%%":
            tokens[f"the placeholder {match.group(0)}"] += 1
    for match in _DIRECTIVE.finditer(text):
        tokens[f"the directive {{{match.group('name')}}}"] += 1
    for match in _LABEL.finditer(text):
        tokens[f"the label ({match.group('label')})="] += 1
    for match in _HTML_TAG.finditer(rest):
        tokens[f"the HTML tag <{match.group('tag').lower()}>"] += 1
    for match in _FOOTNOTE.finditer(rest):
        tokens[f"the footnote [^{match.group('name')}]"] += 1
    bold = len(_BOLD.findall(rest))
    if bold:
        tokens["bold marks (**)"] = bold
    return tokens


def markup_problems(original: str, translation: str) -> list[str]:
    """What markup of ``original`` the ``translation`` lost or added (empty: none)."""
    if not translation:
        return []
    want, got = markup_tokens(original), markup_tokens(translation)
    problems = []
    for token in sorted(set(want) | set(got)):
        if token == "bold marks (**)":
            if want[token] != got[token]:
                problems.append(
                    f"{want[token]} bold marks (**) in the English, {got[token]} in the translation"
                )
            continue
        if got[token] < want[token]:
            problems.append(f"{token} is missing")
        elif got[token] > want[token]:
            problems.append(f"{token} was added")
    return problems
