"""Per-feed secret tokens: a feed address a feed reader can use under `bahith serve --auth`.

Why: a feed reader sends no `Authorization: Bearer` header and keeps no session cookie, so under
`--auth` a saved search's feed was unreadable where feeds are read. Each saved search may have one
token; `/feeds/SLUG.atom?token=TOKEN` opens that feed and nothing else (docs/adr/0038,
docs/security.md).

- 32 random bytes (`secrets.token_urlsafe`), so guessing is hopeless and a plain SHA-256 of it
  is a safe thing to store (no salt or slow hash needed: those protect low-entropy passwords);
  the store never holds the token itself, so a copied archive file opens no feed.
- Compared with `hmac.compare_digest` on the hashes: no timing difference tells how much of a
  guess was right.
- A wrong, revoked or unknown token and an unknown search all get the same 404 (`token_opens`
  answers False for each), so a token guess cannot learn which searches exist.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

TOKEN_BYTES = 32


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "replace")).hexdigest()


def new_token(store, name: str) -> str:
    """Make (or remake: the old one stops working) the token of `name`'s feed; returns it, once."""
    token = secrets.token_urlsafe(TOKEN_BYTES)
    store.set_feed_token(name, token_hash(token))
    return token


def revoke_token(store, name: str) -> bool:
    """Revoke `name`'s feed token; False when it had none."""
    had = store.feed_token(name) is not None
    store.set_feed_token(name, None)
    return had


def token_opens(store, name: str | None, token: str) -> bool:
    """Whether `token` opens the feed of the saved search `name` (None: no such search)."""
    kept = store.feed_token(name) if name is not None else None
    expected = kept[0] if kept else token_hash(secrets.token_urlsafe(TOKEN_BYTES))  # same work either way
    return hmac.compare_digest(expected.encode("ascii"), token_hash(token).encode("ascii")) and kept is not None


__all__ = ["new_token", "revoke_token", "token_hash", "token_opens"]
