#!/bin/sh
# Stands in for the deploy that points traffic at a model version: records it in .serving.
set -e
echo "$1" > .serving
echo "serving fraud@$1"
