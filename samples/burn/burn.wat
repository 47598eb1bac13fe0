;; A request that costs CPU and memory, to watch the autoscaler act on
;; measured usage: each run grows linear memory by 32 pages (2 MiB), touches
;; every page, spins for about 20 million loop steps per body byte (one step
;; for an empty body: 20 million), then answers "burnt".
;;   edgectl apply -f samples/burn/workload.yaml
;;   curl http://127.0.0.1:7401/w/burn
;;   edgectl top workloads
(module
  (import "wasi_snapshot_preview1" "fd_read" (func $fd_read (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (data (i32.const 512) "Content-Type: text/plain\n\nburnt\n")
  (func (export "_start")
    (local $base i32) (local $page i32) (local $steps i32) (local $acc i32)
    ;; the body's length (up to 4096 bytes, read at 1024) sets the work: 20 million steps a byte, at least one lot
    (i32.store (i32.const 0) (i32.const 1024))
    (i32.store (i32.const 4) (i32.const 4096))
    (drop (call $fd_read (i32.const 0) (i32.const 0) (i32.const 1) (i32.const 200)))
    (local.set $steps (i32.mul (i32.const 20000000)
      (select (i32.load (i32.const 200)) (i32.const 1) (i32.load (i32.const 200)))))
    ;; 32 more pages, each one touched so the memory is really there
    (local.set $base (i32.mul (memory.grow (i32.const 32)) (i32.const 65536)))
    (block $grown
      (br_if $grown (i32.lt_s (local.get $base) (i32.const 0)))
      (loop $touch
        (i32.store8 (i32.add (local.get $base) (i32.mul (local.get $page) (i32.const 65536))) (i32.const 1))
        (local.set $page (i32.add (local.get $page) (i32.const 1)))
        (br_if $touch (i32.lt_u (local.get $page) (i32.const 32)))))
    (loop $spin
      (local.set $acc (i32.add (i32.mul (local.get $acc) (i32.const 31)) (local.get $steps)))
      (local.set $steps (i32.sub (local.get $steps) (i32.const 1)))
      (br_if $spin (local.get $steps)))
    (i32.store (i32.const 300) (local.get $acc))
    (i32.store (i32.const 0) (i32.const 512))
    (i32.store (i32.const 4) (i32.const 32))
    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 200)))))
