"""Check one XML part the way defusedxml does: a streaming expat parse that refuses any DOCTYPE or entity.

No tree is built (a 10 MB part costs its own bytes, not hundreds of MB), nothing is loaded from the
network or disk, and an encoding expat does not know (EBCDIC, UCS-4...) fails the parse, so a part
that python-docx's lxml would read differently from what was checked is refused. The same pass can
collect the attributes of chosen elements ([Content_Types].xml entries, relationships).
"""

from xml.parsers import expat

# DOCTYPE and ENTITY as they would appear in ASCII-compatible encodings and in UTF-16 (both byte orders):
# a belt-and-braces scan beside the parser's own handlers, for any reading of the bytes we did not foresee.
_MARKERS = tuple(
    word.encode(encoding) for word in ("<!DOCTYPE", "<!ENTITY") for encoding in ("ascii", "utf-16-le", "utf-16-be")
)


class UnsafeXml(Exception):
    """The part declares a DOCTYPE, an entity or a notation."""


class BadXml(Exception):
    """The part is not well-formed XML, or collects more elements than allowed."""


def _refuse(*_args):
    raise UnsafeXml("DOCTYPE or entity declaration")


def check_xml(payload: bytes, collect: set[str] = frozenset(), max_collected: int = 10_000) -> list[tuple[str, dict]]:
    """Parse ``payload`` without a tree; return ``(tag, attributes)`` of elements whose local name is in ``collect``.

    Raises UnsafeXml for a DOCTYPE, entity or notation declaration, BadXml for anything expat cannot read.
    Tags are ``"namespace-uri local-name"``.
    """
    if any(marker in payload for marker in _MARKERS):
        raise UnsafeXml("DOCTYPE or ENTITY in the bytes")
    collected: list[tuple[str, dict]] = []
    parser = expat.ParserCreate(namespace_separator=" ")
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    parser.StartDoctypeDeclHandler = _refuse
    parser.EntityDeclHandler = _refuse
    parser.UnparsedEntityDeclHandler = _refuse
    parser.NotationDeclHandler = _refuse
    parser.ExternalEntityRefHandler = _refuse
    if collect:

        def start(tag, attributes):
            if tag.rpartition(" ")[2] in collect:
                if len(collected) >= max_collected:
                    raise BadXml(f"more than {max_collected} entries")
                collected.append((tag, attributes))

        parser.StartElementHandler = start
    try:
        parser.Parse(payload, True)
    except expat.ExpatError as exc:
        raise BadXml(str(exc)) from exc
    except (ValueError, UnicodeError, LookupError) as exc:  # an encoding name expat or Python cannot handle
        raise BadXml(repr(exc)) from exc
    return collected
