import difflib
import re
from typing import NamedTuple

# A number with its decimal mark ("4.5", "95%") is one token, so a changed target reads
# "4.5 → 4.7", not "4.[5 → 7]"; a list "1,2,3" stays three.
_TOKENS = re.compile(r"\s+|\d+(?:[.,]\d+)?%?|\w+|[^\w\s]", re.UNICODE)


class DiffPiece(NamedTuple):
    # "same", "removed" or "added"
    kind: str
    text: str


def word_diff(before: str, after: str) -> list[DiffPiece]:
    """Word by word differences between two texts, for showing what someone else changed."""
    old, new = _TOKENS.findall(before), _TOKENS.findall(after)
    pieces: list[DiffPiece] = []
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            pieces.append(DiffPiece("same", "".join(old[i1:i2])))
            continue
        if i2 > i1:
            pieces.append(DiffPiece("removed", "".join(old[i1:i2])))
        if j2 > j1:
            pieces.append(DiffPiece("added", "".join(new[j1:j2])))
    return pieces
