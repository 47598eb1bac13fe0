#!/bin/sh
# Builds kv.wasm with Debian's clang-14 and wasi-libc
# (apt-get install clang-14 lld-14 wasi-libc libclang-rt-14-dev-wasm32).
set -eu
cd "$(dirname "$0")"
clang-14 --target=wasm32-wasi -O2 -Wall -Werror -Wl,--strip-all -o kv.wasm kv.c
echo "built $(pwd)/kv.wasm"
