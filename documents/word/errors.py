"""The one error the Word importer raises for a file it refuses or cannot read."""


class WordImportError(ValueError):
    """A Word upload that cannot be imported.

    ``message`` is the Vietnamese text to show the user; ``str(error)`` is the English text for logs;
    ``code`` is a short stable identifier (``legacy_doc``, ``encrypted``, ``macro``, ``zip_bomb``...)
    that callers and tests can branch on.
    """

    def __init__(self, code: str, message: str, english: str):
        super().__init__(english)
        self.code = code
        self.message = message

    def __reduce__(self):
        return (type(self), (self.code, self.message, str(self)))
