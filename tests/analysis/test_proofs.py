"""Every refusal of a DPoP proof, each triggered by one change to a good proof."""

from __future__ import annotations

from simtoken.analysis.proofs import proof_refusals, refusal_cases
from simtoken.jose.clock import SimClock
from simtoken.jose.dpop import DPoPReason, ProofVerifier


def test_the_good_proof_passes_and_each_change_trips_its_own_reason_once() -> None:
    verdicts = [run(ProofVerifier(SimClock())) for _, run in refusal_cases(7)]
    assert verdicts[0].accepted
    reasons = [v.reason for v in verdicts[1:]]
    assert sorted(map(str, reasons)) == sorted(map(str, DPoPReason))  # each reason exactly once


def test_the_table_reads_the_same_for_any_seed() -> None:
    table = proof_refusals(7)
    assert table == proof_refusals(8)  # the keys differ, the verdicts do not
    assert table.splitlines()[1].split()[-1] == "accepted"
    assert table.splitlines()[-1].endswith("dpop_nonce_invalid")
