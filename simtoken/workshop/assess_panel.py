"""The lab's "Assess my configuration" panel: your settings or your product's file, as a report.

Enter your own lifetimes, rotation, grace interval, storage and API validation on a preset, or
load a Keycloak realm export or an Auth0 application (JSON; :mod:`simtoken.analysis.product_import`
reads their documented field names and fills the form). **Assess** runs
:func:`simtoken.analysis.exposure.assess`: every failure mode under your configuration and
under the BCP, 18 runs, with a progress bar. The report appears on the page and as a
self-contained HTML file to download (:mod:`simtoken.analysis.exposure_report`).

A loaded file's ledger (fields used, assumed, not modelled, ignored) goes into the report; a
form value you change afterwards wins over the file's. A file that cannot be read, or settings
that cannot run, are said in words; nothing is guessed.
"""

from __future__ import annotations

import base64
import html
import json
from collections.abc import Mapping
from typing import Any

import ipywidgets as widgets

from simtoken.analysis.exposure import Configuration, Exposure, assess
from simtoken.analysis.exposure_report import exposure_fragment, exposure_html
from simtoken.analysis.product_import import Imported, read_export
from simtoken.errors import ConfigError
from simtoken.policy.presets import PRESETS
from simtoken.runner import configure
from simtoken.widgets._html import problem_html
from simtoken.workshop._spec import options

__all__ = ["FORM_FIELDS", "AssessPanel", "download_link"]

FORM_FIELDS = (
    "access_token_lifetime",
    "refresh_token_lifetime",
    "refresh_token_idle_lifetime",
    "rotation",
    "grace_interval",
    "validation",
)
"""The policy settings the form shows (over the preset's policy)."""

_STYLE = {"description_width": "initial"}


def download_link(exposure: Exposure) -> str:
    """An HTML link that downloads the report as ``exposure-report.html`` (a data URI)."""
    data = base64.b64encode(exposure_html(exposure).encode()).decode()
    return (
        f'<a class="lab-download" download="exposure-report.html" '
        f'href="data:text/html;base64,{data}">download the report (HTML)</a>'
    )


def _form() -> dict[str, Any]:
    fields: dict[str, Any] = {
        "preset": widgets.Dropdown(options=tuple(PRESETS), description="preset", style=_STYLE),
        "access_token_lifetime": widgets.BoundedIntText(
            min=1, max=10**9, description="access token lifetime (s)", style=_STYLE
        ),
        "refresh_token_lifetime": widgets.BoundedIntText(
            min=1, max=10**9, description="refresh token lifetime (s)", style=_STYLE
        ),
        "refresh_token_idle_lifetime": widgets.BoundedIntText(
            min=0, max=10**9, description="refresh idle lifetime (s, 0: none)", style=_STYLE
        ),
        "rotation": widgets.Checkbox(description="rotation + reuse detection", indent=False),
        "grace_interval": widgets.BoundedFloatText(
            min=0, max=10**6, description="grace interval (s)", style=_STYLE
        ),
        "storage": widgets.Dropdown(
            options=options("storage"), description="browser app keeps tokens in", style=_STYLE
        ),
        "validation": widgets.Dropdown(
            options=options("validation"), description="API validation", style=_STYLE
        ),
    }
    for name, widget in fields.items():
        widget.add_class(f"assess-{name.replace('_', '-')}")
    return fields


class AssessPanel(widgets.VBox):  # type: ignore[misc]  # untyped base
    """The panel (see the module docstring).

    Attributes:
        form: the form's widgets by setting name (plus ``preset`` and ``storage``).
        upload: the ``FileUpload`` for a Keycloak realm export or an Auth0 application.
        imported: the file last loaded (None: settings by hand).
        status: what was loaded, or why it could not be.
        progress: the progress bar of an assessment (one step per run).
        report: the report, shown inline; ``download``: the link to its HTML file.
        exposure: the last assessment (None before the first).
    """

    def __init__(self, *, seed: int = 7) -> None:
        self.seed = seed
        self.form = _form()
        self.imported: Imported | None = None
        self.exposure: Exposure | None = None
        self.upload = widgets.FileUpload(accept=".json", multiple=False, description="load JSON")
        self.upload.add_class("assess-upload")
        self.button = widgets.Button(description="assess", button_style="primary")
        self.button.add_class("assess-run")
        self.status = widgets.HTML()
        self.progress = widgets.IntProgress(min=0, max=18, value=0, description="runs")
        self.report = widgets.HTML()
        self.download = widgets.HTML()
        self.status.add_class("assess-status")
        self.report.add_class("assess-report")
        self.download.add_class("assess-download")
        self._filling = False
        self.fill(str(self.form["preset"].value), {})
        self.form["preset"].observe(self._on_preset, names="value")
        self.upload.observe(self._on_upload, names="value")
        self.button.on_click(lambda _: self.run())
        super().__init__(
            children=[
                widgets.HTML("<h3>5. Assess my configuration</h3>"),
                widgets.HBox([self.upload, self.status]),
                *self.form.values(),
                widgets.HBox([self.button, self.progress]),
                self.download,
                self.report,
            ]
        )

    def fill(self, preset: str, settings: Mapping[str, object]) -> None:
        """Show ``preset``'s policy with ``settings`` over it in the form."""
        policy = configure("theft", preset, settings).policy
        self._filling = True
        try:
            self.form["preset"].value = preset
            for name in FORM_FIELDS:
                self.form[name].value = getattr(policy, name)
        finally:
            self._filling = False

    def load(self, text: str) -> Imported | None:
        """Read a product file's text into the form; None (and a message) if it cannot be."""
        try:
            imported = read_export(json.loads(text))
            self.fill(imported.preset, imported.settings)
        except (ValueError, ConfigError) as error:
            shown = error if isinstance(error, ConfigError) else ConfigError("file", "", str(error))
            self.status.value = problem_html(shown)
            return None
        self.imported = imported
        self.status.value = (
            f"<span class='assess-loaded'>Read a {html.escape(imported.source)}: "
            f"{len(imported.used)} fields used, {len(imported.assumed)} assumed, "
            f"{len(imported.not_modelled)} not modelled, {len(imported.ignored)} ignored "
            "(all named in the report).</span>"
        )
        return imported

    def configuration(self) -> Configuration:
        """The configuration the form shows (with the loaded file's other settings)."""
        base = dict(self.imported.settings) if self.imported else {}
        form = {name: self.form[name].value for name in FORM_FIELDS}
        if form["rotation"] and base.get("rotation"):
            form["reuse_detection"] = base.get("reuse_detection", "family")
        else:
            form["reuse_detection"] = "family" if form["rotation"] else "none"
            base.pop("max_reuse", None)
        form["grace_interval"] = float(form["grace_interval"])
        preset = str(self.form["preset"].value)
        storage = self.form["storage"].value
        return Configuration(preset, {**base, **form}, storage, self.imported)

    def run(self) -> Exposure | None:
        """Assess the form's configuration; show the report and its download link."""
        self.progress.value = 0
        try:
            exposure = assess(self.configuration(), self.seed, lambda done, *_: self._advance(done))
        except ConfigError as error:
            self.report.value = problem_html(error)
            self.download.value = ""
            return None
        self.exposure = exposure
        self.report.value = exposure_fragment(exposure)
        self.download.value = download_link(exposure)
        return exposure

    def _advance(self, done: int) -> None:
        self.progress.value = done

    def _on_preset(self, change: Mapping[str, Any]) -> None:
        if self._filling:
            return
        self.imported = None
        self.status.value = ""
        self.fill(str(change["new"]), {})

    def _on_upload(self, change: Mapping[str, Any]) -> None:
        files = change["new"]
        if files:
            self.load(bytes(files[0]["content"]).decode("utf-8", errors="replace"))
