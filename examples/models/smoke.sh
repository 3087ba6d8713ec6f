#!/bin/sh
# Stands in for a smoke test against the version served: fails unless .serving names it.
test "$(cat .serving)" = "$1" && echo "fraud@$1 answers"
