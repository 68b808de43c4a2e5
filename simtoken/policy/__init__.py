"""Policy: what the auth server does, as data.

``model`` holds the :class:`~simtoken.policy.model.Policy` type (every knob that differs
between products, validated); ``presets`` names real products' defaults; ``sources`` gives every
source key its public reference.
"""

__all__: list[str] = []
