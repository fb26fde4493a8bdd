"""The query a page was opened with (?step=4&input=12): read before building, so a shared
link never builds (and trains) the default state first."""
import panel as pn


def query_text(key: str) -> str:
    """The value of `key` in this session's URL, "" when absent."""
    raw = (pn.state.session_args or {}).get(key, [b""])[0]
    return raw.decode() if isinstance(raw, bytes) else str(raw)


def query_int(key: str) -> int | None:
    """The integer value of `key`; None when absent or not an integer."""
    try:
        return int(query_text(key))
    except ValueError:
        return None
