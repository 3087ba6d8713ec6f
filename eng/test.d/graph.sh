# Sourced by eng/test.sh: graphviz renders `tollgate graph --svg`; Chromium runs the interactive page's tests.
need_apt dot graphviz
need_apt chromium chromium
