// A counter kept in a persistent volume, built with Debian's rustc and its
// wasm32-wasi standard library: Rust's std::fs finds /data through the WASI
// preopen Edge gives the workload, like any other WASI runtime would.
// Build: ./build.sh (rustc --target wasm32-wasi -O -o counter.wasm main.rs)
use std::env;
use std::fs;

fn main() {
    let path = "/data/count";
    let runs: u64 = fs::read_to_string(path)
        .ok()
        .and_then(|text| text.trim().parse().ok())
        .unwrap_or(0)
        + 1;
    if let Err(error) = fs::write(path, runs.to_string()) {
        eprintln!("cannot write {}: {}", path, error);
        std::process::exit(1);
    }

    if env::var("EDGE_TRIGGER").map(|t| t == "http").unwrap_or(false) {
        print!("Content-Type: text/plain\n\n");
    }
    println!("runs: {}", runs);
}
