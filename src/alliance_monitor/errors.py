"""One exception hierarchy: every error the library raises derives from :class:`AllianceError`.

Callers (CLI, web app, tests) catch the base; each subclass is named for what went wrong and
carries a message that says what to do. ``exit_code`` is what the CLI exits with: 1 for data or
runtime errors, 2 for usage errors (an unknown id, a bad option value).
"""

from __future__ import annotations


class AllianceError(Exception):
    """Base of every error Alliance Monitor raises on purpose. ``de`` is the German form of
    the message where the raiser gives one (the CLI shows it under ``--lang de``)."""

    exit_code = 1
    #: message-catalogue key for the German/English one-line summary (present/i18n)
    key = "error"

    def __init__(self, *args: object, de: str | None = None) -> None:
        super().__init__(*args)
        self.de = de

    def message(self, lang: str) -> str:
        return self.de if lang == "de" and self.de else str(self)


class UsageError(AllianceError):
    """The user asked for something that does not exist or is malformed (exit code 2)."""

    exit_code = 2
    key = "usage_error"


class UnknownAlliance(UsageError, KeyError):
    """An alliance id that is not in the knowledge base."""

    key = "unknown_alliance"

    def __init__(self, given: str, valid: list[str]) -> None:
        self.given, self.valid = given, valid
        super().__init__(f"unknown alliance '{given}'; valid: {', '.join(valid)} "
                         f"(case-insensitive; aliases such as us-jpn or JPN-USA work)",
                         de=f"unbekanntes Bündnis '{given}'; gültig: {', '.join(valid)} "
                            f"(Groß-/Kleinschreibung egal; Kurzformen wie us-jpn oder JPN-USA "
                            f"gehen)")

    def __str__(self) -> str:  # KeyError would quote the message
        return str(self.args[0])


class StoreError(AllianceError):
    """The store cannot be opened or is not in the expected state."""

    key = "store_error"


class StoreLocked(StoreError):
    """Another process holds the store's write lock."""

    key = "store_locked"


class KnowledgeError(AllianceError):
    """A knowledge-base file (bundled or a user's --kb-dir) is invalid."""

    key = "knowledge_error"


class MethodologyError(AllianceError):
    """A methodology file is invalid."""

    key = "methodology_error"


class DataError(AllianceError):
    """An input file or data set cannot be read (names the file, row or field)."""

    key = "data_error"


class FetchError(DataError):
    """A download failed, was refused by the address policy, timed out or was too large."""

    key = "fetch_error"


class TooLarge(FetchError):
    """A download or a decompressed file went over its byte cap (nothing of it is kept)."""

    key = "too_large"


class DeadlineExceeded(FetchError):
    """A download did not finish within its total-time deadline."""

    key = "deadline_exceeded"


class TransferInterrupted(FetchError):
    """The connection broke during a transfer (a resumable download can go on from there)."""

    key = "transfer_interrupted"


class AddressRefused(FetchError):
    """The fetch policy refused an address (non-public, or a host the command may not use)."""

    key = "address_refused"


class StoreIncomplete(StoreError):
    """The store was left half-built (a killed ``build``); it is rebuilt before it is read."""

    key = "store_incomplete"


class PluginError(AllianceError):
    """A plugin could not be loaded or registered."""

    key = "plugin_error"


class CodingError(AllianceError):
    """The news coder's lexicons, gazetteer, rules or gold files are invalid."""

    key = "coding_error"


class EngineError(AllianceError):
    """A series engine (DuckDB, Spark) is unavailable or failed."""

    key = "engine_error"


class ScenarioError(AllianceError):
    """A scenario or episode file is invalid."""

    key = "scenario_error"


__all__ = ["AddressRefused", "AllianceError", "CodingError", "DataError", "DeadlineExceeded",
           "EngineError", "FetchError", "KnowledgeError", "MethodologyError", "PluginError",
           "ScenarioError", "StoreError", "StoreIncomplete", "StoreLocked", "TooLarge",
           "TransferInterrupted", "UnknownAlliance", "UsageError"]
