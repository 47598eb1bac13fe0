;; A WASI command module: prints one line to stdout and exits 0.
(module
  ;; fd_write(fd, iovs, iovs_len, nwritten) -> errno
  (import "wasi_snapshot_preview1" "fd_write"
    (func $fd_write (param i32 i32 i32 i32) (result i32)))

  (memory (export "memory") 1)

  ;; The text at offset 16; one iovec {ptr, len} at offset 0; nwritten at offset 8.
  (data (i32.const 16) "hello from edge\n")

  (func (export "_start")
    (i32.store (i32.const 0) (i32.const 16))
    (i32.store (i32.const 4) (i32.const 16))
    (drop
      (call $fd_write
        (i32.const 1)   ;; stdout
        (i32.const 0)   ;; iovs
        (i32.const 1)   ;; one iovec
        (i32.const 8))))) ;; where to put the bytes written
