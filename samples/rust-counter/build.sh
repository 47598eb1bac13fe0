#!/bin/sh
# Builds counter.wasm with Debian's rustc and the wasm32-wasi standard library
# (apt-get install rustc libstd-rust-dev-wasm32). /usr/bin/rustc on purpose:
# a rustup toolchain earlier on PATH may lack the target.
set -eu
cd "$(dirname "$0")"
/usr/bin/rustc --edition 2021 --target wasm32-wasi -O -C strip=symbols -o counter.wasm main.rs
echo "built $(pwd)/counter.wasm"
