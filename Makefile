# simtoken: every target documents itself; `make` (or `make help`) lists them.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
OUT    := out
export MPLBACKEND ?= Agg

.DEFAULT_GOAL := help
.PHONY: help venv demo test lint typecheck unit notebooks-test notebooks lab bench gallery clean

help: ## list the targets
	@awk 'BEGIN {FS = ":.*## "} /^[a-zA-Z_-]+:.*## / {printf "  make %-15s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev,notebooks]'
	@touch $(STAMP)

venv: $(STAMP) ## create .venv and install simtoken with its dev and notebook extras

demo: $(STAMP) ## core scenarios, races, theft comparison and sweep, forgeries, key rotation; out/
	@mkdir -p $(OUT)
	$(BIN)/simtoken list
	$(BIN)/simtoken run expiry --seed 7 --events 0 --plot $(OUT)/expiry.png
	$(BIN)/simtoken run refresh --seed 7 --plot $(OUT)/refresh.png
	$(BIN)/simtoken run refresh --seed 7 --events 0 --set refresh=proactive
	$(BIN)/simtoken run sso --seed 7 --events 0 --plot $(OUT)/sso.png
	$(BIN)/simtoken presets
	$(BIN)/simtoken run concurrent-tabs --seed 7 --events 0 --plot $(OUT)/concurrent-tabs.png
	$(BIN)/simtoken run concurrent-tabs --seed 7 --events 0 --set single_flight=true
	@echo "== one theft, different policies: who stops the attacker, at what cost to the user =="
	$(BIN)/simtoken compare theft-f2 --seed 7 --set access_token_lifetime=300 \
		--preset naive --preset auth0-spa --preset rfc9700-bcp \
		--variant "rfc9700-bcp + DPoP:preset=rfc9700-bcp,sender_constraint=dpop"
	@echo "== persistent theft, victim goes offline (F3): rotation alone fails =="
	$(BIN)/simtoken compare theft-f3 --seed 7 --set access_token_lifetime=300 \
		--preset naive --preset auth0-spa --preset rfc9700-bcp \
		--variant "auth0-spa + DPoP:preset=auth0-spa,sender_constraint=dpop" \
		--variant "auth0-spa + BFF:preset=auth0-spa,storage=cookie_bff"
	$(BIN)/simtoken run theft-f2 --seed 7 --events 0 --set access_token_lifetime=300 \
		--mermaid $(OUT)/theft-f2.mmd --mermaid-window 3500:4200 --plot $(OUT)/theft-f2.png
	@echo "== how short is short? one knob, three seeds, in parallel =="
	$(BIN)/simtoken sweep theft-f2 --grid access_token_lifetime=60,300,900 --seeds 3 \
		--metric attacker_access_s --metric victim_logins --no-progress
	@echo "== forged tokens: each check, and what happens without it =="
	$(BIN)/simtoken forge
	@echo "== key rotation (K1): the JWKS cache outage, then its cure =="
	$(BIN)/simtoken run key-rotation --seed 7 --events 0
	$(BIN)/simtoken run key-rotation --seed 7 --events 0 --set jwks_refetch=true

lint: $(STAMP) ## ruff lint and format check (code and notebooks), the import layers contract
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

typecheck: $(STAMP) ## mypy --strict on the package, tests and benchmarks
	$(BIN)/mypy

unit: $(STAMP) ## the pytest suite (package tests, README and docstring examples)
	$(BIN)/python -m pytest -q

notebooks-test: $(STAMP) ## run every notebook under strict nbval
	$(BIN)/python -m pytest -q -p no:cacheprovider --nbval notebooks/

test: lint typecheck unit notebooks-test ## everything CI checks: lint, types, tests, notebooks

notebooks: $(STAMP) ## re-execute and save all notebooks (outputs kept, widget state dropped)
	env -u MPLBACKEND $(BIN)/jupyter nbconvert --to notebook --execute --inplace \
		--ExecutePreprocessor.store_widget_state=False notebooks/*.ipynb

lab: $(STAMP) ## open the notebooks in JupyterLab
	env -u MPLBACKEND $(BIN)/jupyter lab notebooks/

bench: $(STAMP) ## benchmarks: population run vs the PyJWT + SimPy floor; widget updates
	$(BIN)/python benchmarks/bench_core.py
	$(BIN)/python benchmarks/bench_widgets.py

gallery: $(STAMP) ## redraw the pictures in docs/img/ (timelines, a comparison, sweeps)
	$(BIN)/python docs/gallery.py

clean: ## remove the virtual environment, caches and demo output
	rm -rf $(VENV) $(OUT) .pytest_cache .mypy_cache .ruff_cache .hypothesis
