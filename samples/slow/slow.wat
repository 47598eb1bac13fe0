;; A slow request, to watch in-flight work survive a resize or a wake:
;; waits 100 ms per byte of the request body (WASI poll_oneoff on a relative
;; monotonic clock, no CPU burnt), then answers "done". Four pages of memory
;; (256 KiB), so a limit below that makes new runs fail to instantiate.
;;   edgectl apply -f samples/slow/workload.yaml
;;   curl -d 'xxxxxxxxxx' http://127.0.0.1:7401/w/slow     (1 s)
(module
  (import "wasi_snapshot_preview1" "fd_read" (func $fd_read (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "poll_oneoff" (func $poll (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 4)
  (data (i32.const 512) "done")
  (func (export "_start")
    ;; read up to 4096 bytes of the body into 1024; the count lands at 200
    (i32.store (i32.const 0) (i32.const 1024))
    (i32.store (i32.const 4) (i32.const 4096))
    (drop (call $fd_read (i32.const 0) (i32.const 0) (i32.const 1) (i32.const 200)))
    (if (i32.load (i32.const 200))
      (then
        ;; one clock subscription at 256: userdata, tag 0 (clock), monotonic, timeout, precision, flags 0 (relative)
        (i64.store (i32.const 256) (i64.const 0))
        (i32.store8 (i32.const 264) (i32.const 0))
        (i32.store (i32.const 272) (i32.const 1))
        (i64.store (i32.const 280) (i64.mul (i64.extend_i32_u (i32.load (i32.const 200))) (i64.const 100000000)))
        (i64.store (i32.const 288) (i64.const 0))
        (i32.store16 (i32.const 296) (i32.const 0))
        (drop (call $poll (i32.const 256) (i32.const 320) (i32.const 1) (i32.const 400)))))
    (i32.store (i32.const 0) (i32.const 512))
    (i32.store (i32.const 4) (i32.const 4))
    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 200)))))
