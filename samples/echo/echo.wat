;; WAGI echo: answers an HTTP request (or MQTT message) with its own body.
;; Shows the I/O convention (body on stdin, CGI response on stdout) and the
;; "edge" host functions: edge.log for a log line, edge.metric for a custom metric.
(module
  (import "wasi_snapshot_preview1" "fd_read" (func $fd_read (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "edge" "log" (func $log (param i32 i32 i32)))
  (import "edge" "metric" (func $metric (param i32 i32 f64)))
  (memory (export "memory") 2)
  ;; 0..7 iovec, 8 count, 16.. header, 64.. log text, 96.. metric name, 1024.. body
  (data (i32.const 16) "Content-Type: text/plain\n\n")
  (data (i32.const 64) "echoing the request body")
  (data (i32.const 96) "echo_bytes")
  (func $write (param $ptr i32) (param $len i32)
    (i32.store (i32.const 0) (local.get $ptr))
    (i32.store (i32.const 4) (local.get $len))
    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8))))
  (func (export "_start")
    (local $total i32) (local $n i32)
    ;; read stdin until EOF (or 64 KiB) into 1024..
    (block $done
      (loop $more
        (i32.store (i32.const 0) (i32.add (i32.const 1024) (local.get $total)))
        (i32.store (i32.const 4) (i32.sub (i32.const 65536) (local.get $total)))
        (br_if $done (call $fd_read (i32.const 0) (i32.const 0) (i32.const 1) (i32.const 8)))
        (local.set $n (i32.load (i32.const 8)))
        (br_if $done (i32.eqz (local.get $n)))
        (local.set $total (i32.add (local.get $total) (local.get $n)))
        (br_if $more (i32.lt_u (local.get $total) (i32.const 65536)))))
    (call $log (i32.const 2) (i32.const 64) (i32.const 24))
    (call $metric (i32.const 96) (i32.const 10) (f64.convert_i32_u (local.get $total)))
    (call $write (i32.const 16) (i32.const 26))
    (call $write (i32.const 1024) (local.get $total))))
