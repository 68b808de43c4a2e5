"""Analysis: many runs at once.

``compare`` runs one scenario under several policies side by side; ``sweep`` runs a grid of
settings times seeds in a process pool; ``races`` measures the concurrent-tabs race over many
users.

The notebooks read runs through small, exact helpers, so that a cell only calls them:
``readings`` runs a few variants of one scenario on one seed and prints or returns chosen columns;
``facts`` names the questions a column can ask besides the metrics; ``excerpts`` finds the event a
story is about in a trace; ``families`` groups refresh tokens by login; ``decoded`` reads a
token's claims without verifying it.

The graded exercises (``exercises/``) compare a learner's code with the package through a few
more: ``forgiveness`` states the rotation rule's cases in numbers, ``admission`` says whether a
forged token is a working forgery, ``verifier_cases`` lists the tokens an API check must judge,
``logout_cases`` turns a logout run into what a denylist sees, and ``proof_edits`` checks a DPoP
proof altered one change at a time against the API's verdict.
"""

__all__: list[str] = []
