"""The events ``simtoken run`` lists: rejections that are part of the normal flow, labelled.

A client that refreshes *reactively* (RFC 6749 section 6; RFC 6750 section 3.1) only learns
that its access token expired when an API answers 401 ``invalid_token``: it then refreshes and
retries. That first ``expired`` rejection is the protocol working, not a fault, so the listing
marks it ``(expected: refresh follows)``. The labels are for the terminal only: the trace, its
table rows and its JSON are unchanged.
"""

from __future__ import annotations

from simtoken.jose.reasons import Reason
from simtoken.record.events import Rejected, Request
from simtoken.record.trace import Trace

__all__ = ["EXPECTED_REFRESH", "expected_rejections"]

EXPECTED_REFRESH = "(expected: refresh follows)"
"""The label of an ``expired`` API rejection that the same client's reactive refresh follows."""


def expected_rejections(trace: Trace) -> dict[int, str]:
    """Index in ``trace`` → label, for each expired API rejection a reactive refresh follows.

    It is the rejection of a client's request, and the next request that client sends is a
    ``refresh`` noted ``reactive`` (``reactive, cookie`` with the refresh token in a cookie).
    """
    labels: dict[int, str] = {}
    pending: dict[str, int] = {}  # client -> index of its latest expired rejection
    for i, e in enumerate(trace):
        if isinstance(e, Rejected) and e.reason == Reason.EXPIRED:
            request = trace.request(e.request_id)
            if request is not None and request.endpoint == "api":
                pending[request.actor] = i
        elif isinstance(e, Request) and e.actor in pending:
            rejected = pending.pop(e.actor)
            if e.endpoint == "refresh" and e.note.split(",")[0] == "reactive":
                labels[rejected] = EXPECTED_REFRESH
    return labels
