"""STARec rank reward for VeRL (custom_reward_function.path = this file, name = compute_score).

Recomputes the paper's rank reward from a completion, with the same parsing policy as the Java
gateway (io.starec.core parsing):

  rank 1 -> +1.0; 2-5 -> +0.5; 6-10 -> 0.0; 11-20 -> -0.5; below 20 or not ranked -> -1.0

The shared cases in reward_test_vectors.json pin the behaviour for both implementations.
Standard library only, so it runs inside any VeRL worker without extra packages.

Parsing policy (model output is untrusted: nothing here raises on it):
  1. <think>...</think> blocks are removed (case-insensitive). A stray </think> with no opening tag
     (chat templates that open the block in the prompt) drops everything up to it; an unclosed <think>
     drops everything after it.
  2. Ranking lines are lines of the form "N. Title - explanation" (also "N)" / "N:", an optional
     list bullet, markdown ** / __ removed). N itself is ignored: ranks follow the order of the lines.
  3. A line is matched to a candidate by, in this order:
     a. exact title: the normalised line text, or a prefix of it cut before an explanation separator
        (" - ", " -- ", " – ", " — ", ": "), longest first, equals a candidate's normalised title.
        Titles match with and without a trailing "(YYYY)". Normalised = NFKC, lower case, every run
        of characters that are not letters or digits replaced by one space, trimmed.
     b. candidate number: the line text is "[k]", "(k)", "#k", "Candidate k" or "Item k" (followed by
        anything), or a bare "k" alone or followed by a separator; k is the 1-based position in the
        candidate list.
     c. fuzzy title: the best difflib ratio between a normalised prefix and a normalised title is
        >= 0.85 (ties: the longer prefix, then the earlier candidate).
     Otherwise the line is hallucinated and dropped.
  4. A candidate already ranked by an earlier line is a duplicate: the later line is dropped.
  5. Candidates the model did not rank are appended in candidate order (full permutation, as served).
  At most MAX_RANK_LINES ranking lines are read; later ones are ignored.

The reward uses the positive item's rank among the lines the model actually wrote (step 2-4). A
positive that only reaches the permutation through step 5 is "not ranked" and gets -1.0: otherwise an
empty or garbled answer would earn the reward of wherever the candidate shuffle put the positive.
"""

import difflib
import json
import re
import unicodedata

FUZZY_THRESHOLD = 0.85
MAX_RANK_LINES = 200  # bounds the work on degenerate outputs (thousands of numbered lines)

_THINK_BLOCK = re.compile(r"<think>.*?</think>", re.IGNORECASE | re.DOTALL)
_THINK_CLOSE = re.compile(r"</think>", re.IGNORECASE)
_THINK_OPEN = re.compile(r"<think>", re.IGNORECASE)
_EMPHASIS = re.compile(r"\*\*|__")
_RANK_LINE = re.compile(r"^\s*(?:[-*\u2022]\s+)?(\d{1,3})\s*[.):]\s*(.*?)\s*$")
_SEPARATOR = re.compile(r"\s+(?:--|-|\u2013|\u2014)\s+|:\s+")
_TRAILING_YEAR = re.compile(r"\s*\(\s*\d{4}\s*\)\s*$")
_INDEX_REF = re.compile(
    r"^\s*(?:\[\s*(\d{1,3})\s*\]|\(\s*(\d{1,3})\s*\)|#\s*(\d{1,3})\b|(?:candidate|item)\s*#?\s*(\d{1,3})\b)",
    re.IGNORECASE,
)
_BARE_INDEX = re.compile(r"^\s*(\d{1,3})\s*(?:$|[-\u2013\u2014:])")


def rank_reward(rank):
    """The paper's rank reward; rank is 1-based, None (or < 1) means not ranked."""
    if rank is None or rank < 1:
        return -1.0
    if rank == 1:
        return 1.0
    if rank <= 5:
        return 0.5
    if rank <= 10:
        return 0.0
    if rank <= 20:
        return -0.5
    return -1.0


def normalise(text):
    text = unicodedata.normalize("NFKC", text or "").lower()
    out = []
    for ch in text:
        out.append(ch if ch.isalnum() else " ")
    return " ".join("".join(out).split())


def strip_think(text):
    text = _THINK_BLOCK.sub("\n", text or "")
    closes = list(_THINK_CLOSE.finditer(text))
    if closes:
        text = text[closes[-1].end():]
    opened = _THINK_OPEN.search(text)
    if opened:
        text = text[: opened.start()]
    return text


def _title_keys(title):
    keys = []
    for variant in (title, _TRAILING_YEAR.sub("", title or "")):
        key = normalise(variant)
        if key and key not in keys:
            keys.append(key)
    return keys


def _prefixes(body):
    """The whole line text, then each part before an explanation separator, longest first."""
    found = [body]
    for m in reversed(list(_SEPARATOR.finditer(body))):
        prefix = body[: m.start()].strip()
        if prefix and prefix not in found:
            found.append(prefix)
    return found


def _index_reference(body, count):
    m = _INDEX_REF.match(body)
    if m:
        k = int(next(g for g in m.groups() if g is not None))
    else:
        m = _BARE_INDEX.match(body)
        if not m:
            return None
        k = int(m.group(1))
    return k - 1 if 1 <= k <= count else None


def _match_line(body, candidate_keys):
    prefixes = _prefixes(body)
    prefix_keys = [_title_keys(p) for p in prefixes]
    # a. exact title, longest prefix first
    for keys in prefix_keys:
        for idx, ckeys in enumerate(candidate_keys):
            if any(k in ckeys for k in keys):
                return idx, "exact"
    # b. candidate number
    idx = _index_reference(body, len(candidate_keys))
    if idx is not None:
        return idx, "index"
    # c. fuzzy title
    best, best_idx = 0.0, None
    for keys in prefix_keys:  # longer prefixes first: ">" keeps the first of equal ratios
        for idx, ckeys in enumerate(candidate_keys):
            for k in keys:
                for ck in ckeys:
                    ratio = difflib.SequenceMatcher(None, k, ck, autojunk=False).ratio()
                    if ratio > best:
                        best, best_idx = ratio, idx
    if best_idx is not None and best >= FUZZY_THRESHOLD:
        return best_idx, "fuzzy"
    return None, "hallucinated"


def parse_ranking(completion, candidates):
    """Parses a completion into a ranking over candidates ([{"itemId", "title"}, ...]).

    Returns a dict: "ranked" (item ids the model ranked, in order), "permutation" (ranked + the rest
    in candidate order), and counters "exact", "index", "fuzzy", "hallucinated", "duplicates".
    """
    ids = [str(c.get("itemId")) for c in candidates]
    candidate_keys = [_title_keys(str(c.get("title", ""))) for c in candidates]
    counts = {"exact": 0, "index": 0, "fuzzy": 0, "hallucinated": 0, "duplicates": 0}
    ranked, seen, lines_read = [], set(), 0
    for line in strip_think(completion).splitlines():
        m = _RANK_LINE.match(_EMPHASIS.sub("", line))
        if not m or not m.group(2):
            continue
        lines_read += 1
        if lines_read > MAX_RANK_LINES:
            break
        idx, how = _match_line(m.group(2), candidate_keys)
        counts[how] += 1
        if idx is None:
            continue
        if idx in seen:
            counts[how] -= 1
            counts["duplicates"] += 1
            continue
        seen.add(idx)
        ranked.append(ids[idx])
    permutation = ranked + [ids[i] for i in range(len(ids)) if i not in seen]
    return dict(ranked=ranked, permutation=permutation, **counts)


def _ground_truth(ground_truth):
    gt = json.loads(ground_truth) if isinstance(ground_truth, (str, bytes)) else ground_truth
    if not isinstance(gt, dict) or not isinstance(gt.get("candidates"), list):
        raise ValueError("ground_truth needs {positive, candidates[]}")
    candidates = [c for c in gt["candidates"] if isinstance(c, dict) and c.get("itemId") is not None]
    return str(gt.get("positive")), candidates


def score_details(solution_str, ground_truth):
    """Reward plus what the parser saw; never raises on bad completions or ground truth."""
    try:
        positive, candidates = _ground_truth(ground_truth)
    except (ValueError, TypeError, AttributeError):
        return {"score": -1.0, "rank": None, "error": "bad ground_truth", "ranked": [], "permutation": []}
    parsed = parse_ranking(solution_str if isinstance(solution_str, str) else "", candidates)
    rank = parsed["ranked"].index(positive) + 1 if positive in parsed["ranked"] else None
    return dict(parsed, score=rank_reward(rank), rank=rank)


def compute_score(data_source, solution_str, ground_truth, extra_info=None):
    """VeRL entry point: the rank reward as a float (data_source and extra_info are not needed)."""
    return score_details(solution_str, ground_truth)["score"]
