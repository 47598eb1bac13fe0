;; Runs every interval (see workload.yaml): counts its runs as a custom metric
;; and logs a line through the "edge" host functions. No WASI needed.
(module
  (import "edge" "log" (func $log (param i32 i32 i32)))
  (import "edge" "metric" (func $metric (param i32 i32 f64)))
  (memory (export "memory") 1)
  (data (i32.const 0) "tick")
  (data (i32.const 16) "ticks")
  (func (export "_start")
    (call $log (i32.const 2) (i32.const 0) (i32.const 4))
    (call $metric (i32.const 16) (i32.const 5) (f64.const 1))))
