;; A job: prints a report line to stdout and a note to stderr, then exits 0.
;; edgectl get workloads counts it under SUCCEEDED once it ran, and
;; edgectl logs job prints both lines with their node, run and stream.
(module
  (import "wasi_snapshot_preview1" "fd_write"
    (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (data (i32.const 64) "report: 42 sensors read\n")
  (data (i32.const 128) "note: sensor 7 answered slowly\n")
  (func (export "_start")
    ;; stdout
    (i32.store (i32.const 0) (i32.const 64))
    (i32.store (i32.const 4) (i32.const 24))
    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)))
    ;; stderr
    (i32.store (i32.const 0) (i32.const 128))
    (i32.store (i32.const 4) (i32.const 31))
    (drop (call $fd_write (i32.const 2) (i32.const 0) (i32.const 1) (i32.const 8)))))
