"""No import circles anywhere in the package, not even through ``TYPE_CHECKING`` imports.

The layers contract (``make lint``, import-linter) checks imports between packages; this test
checks the whole module graph, annotations included, for any module that reaches itself.
"""

from __future__ import annotations

import grimp


def test_no_module_imports_itself_through_others() -> None:
    graph = grimp.build_graph("simtoken", exclude_type_checking_imports=False)
    circles = sorted(
        (module, imported)
        for module in graph.modules
        for imported in graph.find_modules_directly_imported_by(module)
        if graph.chain_exists(importer=imported, imported=module)
    )
    assert circles == []
