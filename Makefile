# OCPSC Field: two commands to start. `make run` opens the app on a demo profile;
# `make test` sets up and runs the whole suite. Both create .venv on first use.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
STAMP := $(VENV)/.installed
DEMO_PROFILE ?= .demo-profile
DEMO_PASSPHRASE ?= demo passphrase
DEMO_RESIDENTS ?= 2000
export QT_QPA_PLATFORM ?= $(if $(DISPLAY)$(WAYLAND_DISPLAY),,offscreen)

.PHONY: setup run demo test lint bench bundle bundle-check screenshots i18n-extract i18n-compile i18n-status clean

setup: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev,hq]"
	touch $(STAMP)

$(DEMO_PROFILE)/profile.json: | $(STAMP)
	OCPSC_PASSPHRASE="$(DEMO_PASSPHRASE)" $(BIN)/ocpsc-field --profile $(DEMO_PROFILE) init --user demo
	OCPSC_PASSPHRASE="$(DEMO_PASSPHRASE)" $(BIN)/ocpsc-field --profile $(DEMO_PROFILE) demo --residents $(DEMO_RESIDENTS) --quiet > /dev/null

demo: $(DEMO_PROFILE)/profile.json

run: $(STAMP) demo i18n-compile
	OCPSC_PASSPHRASE="$(DEMO_PASSPHRASE)" $(BIN)/ocpsc-field --profile $(DEMO_PROFILE)

# Catalogs: the .pot is extracted from the code and merged into every language's
# .po (translations keep their headers and text); .mo files are build products.
I18N_KEYWORDS := --no-default-keywords --keywords _ --keywords N_ --keywords ngettext:1,2 --keywords Nn_:1,2

i18n-extract: $(STAMP)
	$(BIN)/pybabel extract --mapping-file translations/babel.cfg $(I18N_KEYWORDS) \
		--no-location --sort-output --add-comments=Translators: \
		--project "OCPSC Field" --copyright-holder "OCPSC Field" \
		--output-file translations/ocpsc_field.pot ocpsc_field
	$(BIN)/pybabel update --domain ocpsc_field --input-file translations/ocpsc_field.pot \
		--output-dir translations --no-fuzzy-matching --width 100
	$(PY) -m ocpsc_field.i18n_status --restore-plural-headers

# Fails on a catalog that does not parse or whose placeholders differ from the source.
i18n-compile: $(STAMP)
	$(PY) -m ocpsc_field.i18n_status --validate
	$(BIN)/pybabel compile --domain ocpsc_field --directory translations --statistics

i18n-status: $(STAMP)
	$(PY) -m ocpsc_field.i18n_status --write translations/README.md

test: $(STAMP) i18n-compile
	$(BIN)/lint-imports
	$(BIN)/ruff check ocpsc_field tests benchmarks packaging
	$(PY) -m pytest -q

lint: $(STAMP)
	$(BIN)/ruff check ocpsc_field tests benchmarks packaging
	$(BIN)/ruff format --check ocpsc_field tests benchmarks packaging
	$(BIN)/mypy ocpsc_field/core
	$(BIN)/lint-imports

bench: $(STAMP)
	$(PY) -m benchmarks.store_bench --write docs/PERFORMANCE.md
	$(PY) -m benchmarks.ui_bench --write docs/PERFORMANCE.md
	$(PY) -m benchmarks.hq_ingest_bench --write docs/PERFORMANCE.md
	$(PY) -m benchmarks.sync_bench --write docs/PERFORMANCE.md
	$(PY) -m benchmarks.survey_logic_bench --write docs/PERFORMANCE.md
	$(PY) -m benchmarks.survey_form_bench --write docs/PERFORMANCE.md
	$(PY) -m benchmarks.bundle_bench --write docs/PERFORMANCE.md

bundle: $(STAMP) i18n-compile
	$(BIN)/pyinstaller --noconfirm --clean --distpath dist --workpath build packaging/ocpsc_field.spec

bundle-check: bundle
	rm -rf build/bundle-check && mkdir -p build/bundle-check
	OCPSC_PASSPHRASE="bundle check passphrase" QT_QPA_PLATFORM=offscreen dist/ocpsc-field/ocpsc-field --profile build/bundle-check/profile init
	OCPSC_PASSPHRASE="bundle check passphrase" QT_QPA_PLATFORM=offscreen dist/ocpsc-field/ocpsc-field --profile build/bundle-check/profile self-check

screenshots: $(STAMP) i18n-compile
	QT_QPA_PLATFORM=offscreen $(PY) -m ocpsc_field.ui.screenshots docs/screenshots

clean:
	rm -rf build dist $(DEMO_PROFILE) .pytest_cache
