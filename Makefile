# Set-up and the two everyday jobs. `make demo` and `make test` work on a fresh clone.
VENV ?= .venv
PYTHON ?= python3
BIN := $(VENV)/bin
EXAMPLE := examples/kazakhstan-2022

.PHONY: setup demo test lint clean notebook screenshots

setup: $(VENV)/.installed

# constraints.txt pins torch==2.13.0, the CPU build on this machine's disk (any other torch
# request pulls a multi-GB CUDA build). The package itself does not pin torch.
$(VENV)/.installed: pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -c constraints.txt -e '.[dev,multilingual,spacy]'
	touch $@

demo: setup
	$(BIN)/drift score $(EXAMPLE)/base_reuters.txt \
	    $(EXAMPLE)/mt_macedonian_blog.txt $(EXAMPLE)/ai_budapest_post.txt \
	    $(EXAMPLE)/republished_london_daily.txt $(EXAMPLE)/independent_straits_times.txt \
	    --out reports/kazakhstan-2022

test: setup
	$(BIN)/pytest -q

# the research notebook in JupyterLab (installs the notebook extra first)
notebook: setup
	$(BIN)/pip install -q -c constraints.txt -e '.[notebook]'
	$(BIN)/jupyter lab notebooks/

# the README's screenshots of report.html and of the notebook, in headless Chromium
screenshots: demo
	$(BIN)/pip install -q -c constraints.txt -e '.[notebook,browser]'
	$(BIN)/python benchmarks/screenshots.py

lint: setup
	$(BIN)/ruff check drift tests benchmarks
	$(BIN)/mypy drift

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .mypy_cache
