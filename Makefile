# Koe — the two commands a new machine needs: `make demo` and `make test`.
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-$(shell cat requirements.lock pyproject.toml | sha256sum | cut -c1-12)
APT_PACKAGES := chromium chromium-driver fonts-noto-cjk fonts-ipaexfont-gothic poppler-utils redis-server strace
export DAGSTER_HOME ?= $(CURDIR)/.dagster_home

.PHONY: setup demo test browser-deps dagster-home dev bench lock cluster

# torch first, its CPU build by name (`+cpu`) from PyTorch's CPU index: PyPI's torch for Linux is the multi-GB CUDA
# build. pip also looks in its configured find-links, so a machine with the wheel on disk needs no index (there an
# unreachable index costs one warning: --no-deps --retries 0; torch's own dependencies come from PyPI next).
# Then the lock (everything else: Koe, its extras and its test/bench groups, exactly as pinned, so --no-deps:
# it leaves out torch and openai-whisper's GPU-only triton) and Koe itself.
TORCH_INDEX ?= https://download.pytorch.org/whl/cpu
$(STAMP): requirements.lock pyproject.toml
	test -x $(PY) || python3 -m venv $(VENV)
	$(VENV)/bin/pip install -q --disable-pip-version-check uv
	$(VENV)/bin/pip install -q --disable-pip-version-check --no-deps --retries 0 --extra-index-url $(TORCH_INDEX) \
		torch==2.13.0+cpu
	$(VENV)/bin/pip install -q --disable-pip-version-check torch==2.13.0+cpu
	$(VENV)/bin/uv pip install -q -p $(PY) --no-deps -r requirements.lock
	$(VENV)/bin/uv pip install -q -p $(PY) --no-deps -e .
	rm -f $(VENV)/.installed-*
	touch $@

## Re-pin requirements.lock after changing pyproject.toml (the one command; torch and triton stay out, see [tool.uv]).
lock:
	$(VENV)/bin/uv pip compile -q pyproject.toml --extra reference-engine --extra demo --extra cluster --group test --group bench \
		-o requirements.lock

setup: $(STAMP) dagster-home

dagster-home:
	mkdir -p $(DAGSTER_HOME)
	test -f $(DAGSTER_HOME)/dagster.yaml || printf 'telemetry:\n  enabled: false\n' > $(DAGSTER_HOME)/dagster.yaml

## The main job: install, generate the demo data, run the whole pipeline into warehouse/koe.duckdb.
demo: setup
	$(VENV)/bin/koe demo

## The tests: install (incl. headless Chromium for the browser tests) and run the whole suite.
test: setup browser-deps
	$(PY) -m pytest -q

browser-deps:
	@if ! command -v chromium >/dev/null || ! command -v pdffonts >/dev/null || ! fc-list 2>/dev/null | grep -qi "Noto Sans CJK" \
		|| ! fc-list 2>/dev/null | grep -qi "IPAexGothic" || ! command -v redis-server >/dev/null || ! command -v strace >/dev/null; then \
		apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $(APT_PACKAGES); \
	fi

## A local Celery cluster for the write-once daily job: redis-server on 127.0.0.1:6379 and WORKERS workers (Ctrl-C stops)
WORKERS ?= 2
cluster: setup browser-deps
	$(PY) -m pipelines.cluster up --workers $(WORKERS)

## Dagster UI on http://127.0.0.1:3000
dev: setup
	$(VENV)/bin/dagster dev -w workspace.yaml -h 127.0.0.1 -p 3000

## Every benchmark, written to benchmarks/RESULTS.md (SCALE=quick|full|year). BERTopic is only the themes baseline.
SCALE ?= quick
bench: setup
	$(VENV)/bin/uv pip install -q -p $(PY) --no-deps bertopic==0.17.4
	$(VENV)/bin/uv pip install -q -p $(PY) umap-learn==0.5.12 hdbscan==0.8.44 pandas==3.1.1
	$(PY) benchmarks/run_all.py --scale $(SCALE)
