"""MinHash signatures of an article's text and the LSH band keys that find its copies.

Why MinHash with banding: a copy of an agency story differs from its source by a headline, a
trimmed lead or an added credit line, so exact hashes miss it; the Jaccard similarity of word
shingles does not. Comparing a new article with every stored one costs the archive's size; LSH
banding cuts the signature into `BANDS` bands of `ROWS` values, and two articles become candidates
when any band is equal — one indexed lookup per band, whatever the archive's size (ADR 0034).

A small numpy MinHash rather than datasketch: datasketch pulls scipy (~40 MB) for nothing used here,
hashes each shingle with SHA-1 in a Python loop and permutes with (a·x + b) mod 2^61−1, whose 64-bit
modulo is most of its cost in numpy. Here words are hashed all at once in numpy (a polynomial hash
of their bytes), shingles are combined from them, and each permutation is multiply-shift hashing
((a·x + b) mod 2^64, top 32 bits; a, b random odd 64-bit numbers), about 4× faster for the same
estimate (ADR 0034). Hashes are stable across processes and runs (no Python `hash`), since signatures
and band keys live in the archive.
"""

from __future__ import annotations

import hashlib
import re
import zlib
from dataclasses import dataclass

import numpy as np

from search.analysis import normalize

# words per shingle of new archives: 3 (ADR 0049). Three measured better than ADR 0034's 4 on the held-out labelled
# pairs (ADR 0044) but folded serial reports written from one template ("round 3", "round 4" of the same talks);
# with the series rule of ADR 0049 (search.stories.assign.another_occurrence) they stay apart
SHINGLE = 3
LEGACY_SHINGLE = 4  # a signature of exactly NUM_PERM values (written before ADR 0044) is of 4-word shingles
NUM_PERM = 128     # hash functions in a signature
BANDS = 32         # LSH bands of ...
ROWS = 4           # ... this many values: candidates from a Jaccard of about (1/BANDS)^(1/ROWS) ≈ 0.42
SEED = 1
# the series signal (ADR 0049): the numbers of the headline and of the lead's first LEAD_WORDS words
LEAD_WORDS = 30
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")

_MAX32 = np.uint64((1 << 32) - 1)
_SHIFT = np.uint64(32)
_rng = np.random.RandomState(SEED)
_A = _rng.randint(0, 1 << 63, size=NUM_PERM, dtype=np.uint64) * np.uint64(2) + np.uint64(1)
_B = _rng.randint(0, 1 << 63, size=NUM_PERM, dtype=np.uint64)
_MIX = np.array([0x9E3779B1 ** (i + 1) % (1 << 32) for i in range(16)], dtype=np.uint64)
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Signature:
    """`values`: NUM_PERM uint32 minima; `size`: distinct shingles (for containment, not only Jaccard);
    `shingle`: words per shingle — two signatures of different shingle sizes are never compared;
    `figures`: 32-bit hashes of the numbers of the headline and lead (`figures_of`), the series signal of
    ADR 0049 — None for a signature written before it (it says nothing about series).

    Stored as the NUM_PERM values, little-endian uint32, then the shingle size as one more uint32, then
    (since ADR 0049) the count of figures and the figures, uint32 each. A signature of exactly NUM_PERM
    values (written before ADR 0044) is one of 4-word shingles; one of NUM_PERM + 1 values has no
    figures. So the bytes say how they were made, and the scheme is read from the archive's own signatures:
    no new column or field on either engine.
    """

    values: np.ndarray
    size: int
    shingle: int = SHINGLE
    figures: tuple[int, ...] | None = None

    def to_bytes(self) -> bytes:
        raw = self.values.astype("<u4").tobytes()
        if self.figures is None:
            return raw if self.shingle == LEGACY_SHINGLE else raw + int(self.shingle).to_bytes(4, "little")
        return raw + np.array((self.shingle, len(self.figures), *self.figures), dtype="<u4").tobytes()

    @classmethod
    def from_bytes(cls, data: bytes, size: int) -> Signature:
        values = np.frombuffer(data[:4 * NUM_PERM], dtype="<u4").astype(np.uint32)
        if len(data) == 4 * NUM_PERM:
            return cls(values, int(size), LEGACY_SHINGLE)
        tail = np.frombuffer(data[4 * NUM_PERM:], dtype="<u4")
        figures = tuple(int(f) for f in tail[2:2 + int(tail[1])]) if len(tail) > 1 else None
        return cls(values, int(size), int(tail[0]), figures)

    @property
    def current(self) -> bool:
        """Signed as new articles are now (the current shingle size, with the series signal): `stories rebuild`
        has nothing to do for it."""
        return self.shingle == SHINGLE and self.figures is not None


def figures_of(title_exact: str, body_exact: str) -> tuple[int, ...]:
    """The numbers of the headline and the lead's first LEAD_WORDS words (digits already folded to 0-9 by the
    analyser), each as a stable 32-bit hash, sorted and distinct: what changes between two occurrences of one
    formula — the round, the day's close, the count of fines (ADR 0049)."""
    lead = " ".join(body_exact.split(maxsplit=LEAD_WORDS)[:LEAD_WORDS])
    found = _NUMBER.findall(f"{title_exact} {lead}")
    return tuple(sorted({zlib.crc32(n.encode("ascii", "replace")) for n in found}))


def words(title: str, body: str) -> list[str]:
    """The normalised words of title and body (the cleaned text: what the engines index).

    The indexer has them already as the analyser's unstemmed terms (`terms_signature`); this is for
    callers without an analyser at hand (tests, benchmarks on raw text).
    """
    return _WORD.findall(normalize(f"{title}\n{body}"))


_P = 0x100000001B3            # the polynomial's base (odd: invertible modulo 2^64)
_P_INV = pow(_P, -1, 1 << 64)
_MIX_OUT = np.uint64(0x9E3779B97F4A7C15)
_powers_cache: dict[str, np.ndarray] = {}


def _powers(n: int) -> tuple[np.ndarray, np.ndarray]:
    """P^k and P^-k modulo 2^64 for k < n (grown by doubling, kept between calls)."""
    have = _powers_cache.get("p")
    if have is None or len(have) < n:
        size = max(n, 2 * (len(have) if have is not None else 4096))
        one = np.ones(1, dtype=np.uint64)
        with np.errstate(over="ignore"):
            _powers_cache["p"] = np.concatenate((one, np.cumprod(np.full(size - 1, _P, dtype=np.uint64))))
            _powers_cache["i"] = np.concatenate((one, np.cumprod(np.full(size - 1, _P_INV, dtype=np.uint64))))
    return _powers_cache["p"][:n], _powers_cache["i"][:n]


def token_hashes(tokens: list[str]) -> np.ndarray:
    return text_token_hashes(" ".join(tokens))


def text_token_hashes(text: str) -> np.ndarray:
    """A 32-bit hash per token, all at once in numpy (a Python call per token cost more than the MinHash).

    Each token's bytes are a polynomial in P modulo 2^64: prefix sums of b[k]·P^k over the joined text,
    the token's slice taken and multiplied by P^-start, so the hash depends on the token alone.
    """
    data = np.frombuffer(text.encode("utf-8", "surrogatepass"), dtype=np.uint8)
    n = len(data)
    powers, inverses = _powers(n + 1)
    with np.errstate(over="ignore"):
        prefix = np.zeros(n + 1, dtype=np.uint64)
        np.cumsum(data.astype(np.uint64) * powers[:n], out=prefix[1:])
        ends = np.flatnonzero(data == 32)
        starts = np.concatenate(([0], ends + 1))
        ends = np.concatenate((ends, [n]))
        h = (prefix[ends] - prefix[starts]) * inverses[starts] + (ends - starts).astype(np.uint64)
        return (h * _MIX_OUT) >> _SHIFT


def shingle_hashes(tokens: list[str], size: int = SHINGLE) -> np.ndarray:
    """Distinct 32-bit hashes of the `size`-word shingles (a shorter text is one shingle)."""
    if not tokens:
        return np.zeros(0, dtype=np.uint64)
    return _shingles(token_hashes(tokens), size)


def shingle_hashes_of_text(text: str, size: int = SHINGLE) -> np.ndarray:
    """`shingle_hashes` of a text whose words are separated by single spaces (the analyser's joined terms)."""
    return _shingles(text_token_hashes(text), size)


def _shingles(h: np.ndarray, size: int) -> np.ndarray:
    k = min(size, len(h))
    n = len(h) - k + 1
    combined = np.zeros(n, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for j in range(k):
            combined = (combined + h[j:j + n] * _MIX[j]) & _MAX32
    return np.unique(combined)


def signature(title: str, body: str, size: int = SHINGLE) -> Signature:
    return tokens_signature(words(title, body), size)


def terms_signature(title_exact: str, body_exact: str, size: int = SHINGLE) -> Signature:
    """The signature from the analyser's normalised, unstemmed terms (`Analyzer.index_text(...)[1]`),
    which the indexer computes anyway: normalising the text a second time cost more than the MinHash."""
    text = f"{title_exact} {body_exact}".strip()
    sig = _signature(shingle_hashes_of_text(text, size) if text else np.zeros(0, dtype=np.uint64), size)
    return Signature(sig.values, sig.size, sig.shingle, figures_of(title_exact, body_exact))


def tokens_signature(tokens: list[str], size: int = SHINGLE) -> Signature:
    """A signature of raw tokens (tests, benchmarks): no headline is known here, so the series signal is of the
    first LEAD_WORDS tokens."""
    sig = _signature(shingle_hashes(tokens, size), size)
    return Signature(sig.values, sig.size, sig.shingle, figures_of("", " ".join(tokens)))


def _signature(shingles: np.ndarray, size: int) -> Signature:
    if not len(shingles):
        return Signature(np.full(NUM_PERM, 0xFFFFFFFF, dtype=np.uint32), 0, size)
    # multiply-shift: (a·x + b) wrapping at 64 bits, the top 32 bits kept. The shift is monotone, so the
    # minimum is taken before it (one pass fewer over the 128 × shingles matrix; the same values, ADR 0054)
    with np.errstate(over="ignore"):
        phv = _A[:, None] * shingles[None, :]
        phv += _B[:, None]
    return Signature((phv.min(axis=1) >> _SHIFT).astype(np.uint32), len(shingles), size)


def band_keys(sig: Signature) -> list[int]:
    """One signed 64-bit key per band (the band's number is part of it): equal key, candidate copy."""
    if sig.size == 0:
        return []
    raw = sig.values.astype("<u4")
    keys = []
    for band in range(BANDS):
        digest = hashlib.blake2b(band.to_bytes(2, "little") + raw[band * ROWS:(band + 1) * ROWS].tobytes(),
                                 digest_size=8).digest()
        keys.append(int.from_bytes(digest, "little", signed=True))
    return keys


def jaccard(a: Signature, b: Signature) -> float:
    """The estimated Jaccard similarity of two articles' shingle sets (0 across shingle sizes: not comparable)."""
    if a.size == 0 or b.size == 0 or a.shingle != b.shingle:
        return 0.0
    return float(np.count_nonzero(a.values == b.values)) / NUM_PERM


def containment(a: Signature, b: Signature, j: float | None = None) -> float:
    """The estimated share of the shorter text's shingles found in the other (a trimmed copy scores high)."""
    j = jaccard(a, b) if j is None else j
    if j == 0.0:
        return 0.0
    shared = j * (a.size + b.size) / (1 + j)
    return min(1.0, shared / min(a.size, b.size))


__all__ = ["BANDS", "LEAD_WORDS", "LEGACY_SHINGLE", "NUM_PERM", "ROWS", "SHINGLE", "Signature", "band_keys",
           "containment", "figures_of", "jaccard", "shingle_hashes", "signature", "terms_signature", "tokens_signature",
           "words"]
