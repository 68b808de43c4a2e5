# simtoken: every target documents itself; `make` (or `make help`) lists them.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
OUT    := out
MERMAID := 11.12.2
PORT   ?= 8866
export MPLBACKEND ?= Agg

.DEFAULT_GOAL := help
.PHONY: help venv demo test lint typecheck unit notebooks-test notebooks lab bench gallery questions exercises workshop workshop-shot mermaid-js clean

help: ## list the targets
	@awk 'BEGIN {FS = ":.*## "} /^[a-zA-Z_-]+:.*## / {printf "  make %-15s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev,notebooks,exercises,workshop,distributed]'
	@touch $(STAMP)

venv: $(STAMP) ## create .venv and install simtoken with its dev and notebook extras

demo: $(STAMP) ## the story in five seeded steps in the terminal, and the pictures in out/report.html
	$(BIN)/simtoken demo --out $(OUT)

lint: $(STAMP) ## ruff lint and format check (code and notebooks), the import layers contract
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

typecheck: $(STAMP) ## mypy --strict on the package, tests and benchmarks
	$(BIN)/mypy

unit: $(STAMP) mermaid-js ## the pytest suite (package tests, README and docstring examples), a process per core
	$(BIN)/python -m pytest -q -n auto --dist loadfile

notebooks-test: $(STAMP) ## run every notebook under strict nbval
	$(BIN)/python -m pytest -q -p no:cacheprovider --nbval notebooks/

test: lint typecheck unit notebooks-test ## everything CI checks: lint, types, tests, notebooks

notebooks: $(STAMP) ## re-execute and save all notebooks (outputs kept, widget state dropped)
	env -u MPLBACKEND $(BIN)/jupyter nbconvert --to notebook --execute --inplace \
		--ExecutePreprocessor.store_widget_state=False notebooks/*.ipynb

lab: $(STAMP) ## open the notebooks in JupyterLab (as root or without a screen: prints the URL)
	@flags=""; \
	if [ "$$(id -u)" = 0 ]; then flags="$$flags --allow-root"; fi; \
	if [ -z "$$DISPLAY" ] && [ "$$(uname)" != Darwin ]; then flags="$$flags --no-browser"; fi; \
	echo "JupyterLab on 127.0.0.1: open the URL with the token that it prints below"; \
	env -u MPLBACKEND $(BIN)/jupyter lab notebooks/ --ip=127.0.0.1 $$flags

bench: $(STAMP) ## benchmarks: population run vs the PyJWT + SimPy floor; widget and lab updates
	$(BIN)/python benchmarks/bench_core.py
	$(BIN)/python benchmarks/bench_widgets.py
	$(BIN)/python benchmarks/bench_workshop.py
	$(BIN)/python benchmarks/bench_sweep.py

gallery: $(STAMP) ## redraw the pictures in docs/img/ (timelines, a comparison, sweeps)
	$(BIN)/python docs/gallery.py

questions: $(STAMP) ## the notebooks' questions as an LMS question bank: out/questions.gift, .xml
	@mkdir -p $(OUT)
	$(BIN)/python -c "from simtoken.course.export import all_questions as q, to_gift as g; print(g(q()), end='')" > $(OUT)/questions.gift
	$(BIN)/python -c "from simtoken.course.export import all_questions as q, to_moodle_xml as x; print(x(q()), end='')" > $(OUT)/questions.xml
	@echo "wrote $(OUT)/questions.gift and $(OUT)/questions.xml"

exercises: $(STAMP) ## the nbgrader student release of every assignment: exercises/release/ (committed)
	cd exercises && for a in $$(ls source); do \
		PATH="$(abspath $(BIN)):$$PATH" $(abspath $(BIN))/python -m nbgrader generate_assignment $$a --force --log-level=WARN || exit 1; \
	done
	@echo "released: $$(ls exercises/release)"

workshop: $(STAMP) ## serve the theft-mitigation lab (Voila, no code shown) and print its address
	@echo "The workshop lab on 127.0.0.1, port $(PORT): open the address Voila prints below (Ctrl-C stops it)"
	PYTHONPATH=$(CURDIR) $(BIN)/python -m voila workshop/lab.ipynb --no-browser \
		--port=$(PORT) --Voila.ip=127.0.0.1

workshop-shot: $(STAMP) ## redraw docs/img/workshop.png: the lab in headless Chromium
	PYTHONPATH=$(CURDIR) $(BIN)/python docs/workshop_shot.py docs/img/workshop.png

mermaid-js: ## the pinned Mermaid library (npm) that renders the package's diagrams in a test
	@test -f .cache/mermaid/node_modules/mermaid/dist/mermaid.min.js || \
		if command -v npm >/dev/null; then \
			npm install --silent --no-audit --no-fund --prefix .cache/mermaid mermaid@$(MERMAID); \
		else echo "no npm: the Mermaid rendering test will be skipped (outside CI)"; fi

clean: ## remove the virtual environment, caches and demo output
	rm -rf $(VENV) $(OUT) .pytest_cache .mypy_cache .ruff_cache .hypothesis
