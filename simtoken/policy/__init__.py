"""Policy: what the auth server does, as data.

``model`` holds the :class:`~simtoken.policy.model.Policy` type (every knob that differs
between products, validated); ``presets`` names real products' defaults (data); ``sources``
gives every source key its public reference; ``tables`` prints the presets and writes
``docs/presets.md``.
"""

__all__: list[str] = []
