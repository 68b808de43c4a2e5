"""Workshop: a theft-mitigation lab for a room, served as a page with no code on it (Voila).

Security teams demo theft and its mitigations in workshops. The lab (``make workshop``, which
serves ``workshop/lab.ipynb`` with Voila) is a page anyone in the room can drive:

* :mod:`simtoken.workshop.scene`: the scene and the mitigation switches, run without and with
  the mitigations (pure functions; the numbers on the page are theirs);
* :mod:`simtoken.workshop.presenter`: a scripted sequence (steal, rotate, go offline, DPoP,
  BFF), one step per click, each with its talking point;
* :mod:`simtoken.workshop.lab`: the page's widgets (scene, mitigations, the two columns side
  by side, the presenter);
* :mod:`simtoken.workshop.assess_panel`: "assess my configuration": your own settings, or a
  Keycloak realm export or an Auth0 application file, as the exposure report of
  :mod:`simtoken.analysis.exposure` (downloadable HTML).

This package imports ipywidgets (the ``notebooks`` extra); the logic it shows lives in the
layers below, so tests call it without a browser, and the browser tests
(``tests/workshop``) check that the page shows the same numbers.
"""

__all__: list[str] = []
