namespace Edge.Agent.Runtime.Tests;

/// <summary>Small WASI command modules in WebAssembly text, each showing one behaviour.</summary>
internal static class TestModules
{
    private const string FdWrite =
        """(import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))""";

    private const string FdRead =
        """(import "wasi_snapshot_preview1" "fd_read" (func $fd_read (param i32 i32 i32 i32) (result i32)))""";

    private const string ProcExit =
        """(import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))""";

    /// <summary>Writes <paramref name="text"/> (ASCII, no quotes or backslashes) to stdout.</summary>
    public static string Print(string text) => $$"""
        (module
          {{FdWrite}}
          (memory (export "memory") 1)
          (data (i32.const 64) "{{text.Replace("\n", "\\n", StringComparison.Ordinal)}}")
          (func (export "_start")
            (i32.store (i32.const 0) (i32.const 64))
            (i32.store (i32.const 4) (i32.const {{text.Length}}))
            (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)))))
        """;

    public const string InfiniteLoop = """
        (module
          (memory (export "memory") 1)
          (func (export "_start") (loop $again (br $again))))
        """;

    public static string Exit(int code) => $$"""
        (module
          {{ProcExit}}
          (memory (export "memory") 1)
          (func (export "_start") (call $proc_exit (i32.const {{code}}))))
        """;

    /// <summary>Writes "out of memory" to stderr and exits 1: what a C program does when malloc fails.</summary>
    public const string StderrThenExit1 = $$"""
        (module
          {{FdWrite}}
          {{ProcExit}}
          (memory (export "memory") 1)
          (data (i32.const 64) "out of memory\n")
          (func (export "_start")
            (i32.store (i32.const 0) (i32.const 64))
            (i32.store (i32.const 4) (i32.const 14))
            (drop (call $fd_write (i32.const 2) (i32.const 0) (i32.const 1) (i32.const 8)))
            (call $proc_exit (i32.const 1))))
        """;

    /// <summary>Grows memory a page at a time until memory.grow fails, then aborts, like an allocator.</summary>
    public const string LeakMemory = """
        (module
          (memory (export "memory") 1)
          (func (export "_start")
            (loop $more
              (br_if $more (i32.ne (memory.grow (i32.const 1)) (i32.const -1))))
            unreachable))
        """;

    /// <summary>Asks for 100 pages (6.25 MiB) before any code runs.</summary>
    public const string LargeInitialMemory = """
        (module
          (memory (export "memory") 100)
          (func (export "_start")))
        """;

    public const string MissingImport = """
        (module
          (import "env" "sensor_read" (func $read (result i32)))
          (func (export "_start") (drop (call $read))))
        """;

    public const string DivideByZero = """
        (module
          (func (export "_start") (drop (i32.div_u (i32.const 1) (i32.const 0)))))
        """;

    public const string TypeMismatch = """
        (module
          (func (export "_start") (i32.add)))
        """;

    public const string StartWithParameter = """
        (module
          (func (export "_start") (param i32)))
        """;

    /// <summary>A reactor: exports functions but no _start.</summary>
    public const string NoEntryPoint = """
        (module
          (func (export "add") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1))))
        """;

    /// <summary>Copies up to 4 KiB of stdin to stdout.</summary>
    public const string Echo = $$"""
        (module
          {{FdRead}}
          {{FdWrite}}
          (memory (export "memory") 1)
          (func (export "_start")
            (i32.store (i32.const 0) (i32.const 1024))
            (i32.store (i32.const 4) (i32.const 4096))
            (drop (call $fd_read (i32.const 0) (i32.const 0) (i32.const 1) (i32.const 16)))
            (i32.store (i32.const 4) (i32.load (i32.const 16)))
            (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 16)))))
        """;

    /// <summary>Succeeds on empty stdin (so it starts); traps when given any input.</summary>
    public const string TrapOnInput = $$"""
        (module
          {{FdRead}}
          (memory (export "memory") 1)
          (func (export "_start")
            (i32.store (i32.const 0) (i32.const 1024))
            (i32.store (i32.const 4) (i32.const 16))
            (drop (call $fd_read (i32.const 0) (i32.const 0) (i32.const 1) (i32.const 16)))
            (if (i32.load (i32.const 16)) (then unreachable))))
        """;

    /// <summary>Writes its argv buffer, then its environ buffer, to stdout (entries end in NUL).</summary>
    public const string PrintArgsAndEnv = $$"""
        (module
          (import "wasi_snapshot_preview1" "args_sizes_get" (func $args_sizes_get (param i32 i32) (result i32)))
          (import "wasi_snapshot_preview1" "args_get" (func $args_get (param i32 i32) (result i32)))
          (import "wasi_snapshot_preview1" "environ_sizes_get" (func $environ_sizes_get (param i32 i32) (result i32)))
          (import "wasi_snapshot_preview1" "environ_get" (func $environ_get (param i32 i32) (result i32)))
          {{FdWrite}}
          (memory (export "memory") 1)
          (func $write (param $ptr i32) (param $len i32)
            (i32.store (i32.const 8) (local.get $ptr))
            (i32.store (i32.const 12) (local.get $len))
            (drop (call $fd_write (i32.const 1) (i32.const 8) (i32.const 1) (i32.const 16))))
          (func (export "_start")
            (drop (call $args_sizes_get (i32.const 0) (i32.const 4)))
            (drop (call $args_get (i32.const 256) (i32.const 1024)))
            (call $write (i32.const 1024) (i32.load (i32.const 4)))
            (drop (call $environ_sizes_get (i32.const 0) (i32.const 4)))
            (drop (call $environ_get (i32.const 256) (i32.const 4096)))
            (call $write (i32.const 4096) (i32.load (i32.const 4)))))
        """;

    /// <summary>Exits with the number of stdin bytes it read: 0, a success, when given none.</summary>
    public const string ExitWithInputLength = $$"""
        (module
          {{FdRead}}
          {{ProcExit}}
          (memory (export "memory") 1)
          (func (export "_start")
            (i32.store (i32.const 0) (i32.const 1024))
            (i32.store (i32.const 4) (i32.const 64))
            (drop (call $fd_read (i32.const 0) (i32.const 0) (i32.const 1) (i32.const 16)))
            (call $proc_exit (i32.load (i32.const 16)))))
        """;

    /// <summary>Writes the same bytes to stdout forever: a flood.</summary>
    public const string FloodStdout = $$"""
        (module
          {{FdWrite}}
          (memory (export "memory") 1)
          (data (i32.const 64) "flood flood flood flood flood flood\n")
          (func (export "_start")
            (i32.store (i32.const 0) (i32.const 64))
            (i32.store (i32.const 4) (i32.const 36))
            (loop $again
              (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)))
              (br $again))))
        """;

    /// <summary>Logs "hello from the guest" at level 2 and adds 2.5 to the metric "items" through the edge host functions.</summary>
    public const string LogAndMetric = """
        (module
          (import "edge" "log" (func $log (param i32 i32 i32)))
          (import "edge" "metric" (func $metric (param i32 i32 f64)))
          (memory (export "memory") 1)
          (data (i32.const 0) "hello from the guest")
          (data (i32.const 32) "items")
          (func (export "_start")
            (call $log (i32.const 2) (i32.const 0) (i32.const 20))
            (call $metric (i32.const 32) (i32.const 5) (f64.const 2.5))))
        """;

    /// <summary>Calls edge.log with a pointer past the end of its one page of memory.</summary>
    public const string LogOutOfBounds = """
        (module
          (import "edge" "log" (func $log (param i32 i32 i32)))
          (memory (export "memory") 1)
          (func (export "_start")
            (call $log (i32.const 2) (i32.const 65530) (i32.const 100))))
        """;

    /// <summary>Does nothing: the cheapest possible run.</summary>
    public const string Noop = """
        (module
          (memory (export "memory") 1)
          (func (export "_start")))
        """;
    /// <summary>Counts to <paramref name="iterations"/> in a loop: CPU work and nothing else.</summary>
    public static string Spin(int iterations) => $$"""
        (module
          (memory (export "memory") 1)
          (func (export "_start") (local $i i32)
            (loop $again
              (local.set $i (i32.add (local.get $i) (i32.const 1)))
              (br_if $again (i32.lt_u (local.get $i) (i32.const {{iterations}}))))))
        """;

    /// <summary>Starts with one page, grows its memory by <paramref name="pages"/> pages, then spins <paramref name="iterations"/> times.</summary>
    public static string GrowThenSpin(int pages, int iterations) => $$"""
        (module
          (memory (export "memory") 1)
          (func (export "_start") (local $i i32)
            (if (i32.eq (memory.grow (i32.const {{pages}})) (i32.const -1)) (then unreachable))
            (loop $again
              (local.set $i (i32.add (local.get $i) (i32.const 1)))
              (br_if $again (i32.lt_u (local.get $i) (i32.const {{iterations}}))))))
        """;

    /// <summary>
    /// Adds 1 to 32 metrics: m00…m31 when stdin is empty, m32…m63 when it is not
    /// (each run stays within the 32 names a run may use).
    /// </summary>
    public static string ThirtyTwoMetrics()
    {
        var names = string.Concat(Enumerable.Range(0, 64).Select(i => $"m{i:00}"));
        return $$"""
            (module
              {{FdRead}}
              (import "edge" "metric" (func $metric (param i32 i32 f64)))
              (memory (export "memory") 1)
              (data (i32.const 1024) "{{names}}")
              (func (export "_start") (local $i i32) (local $base i32)
                (i32.store (i32.const 0) (i32.const 512))
                (i32.store (i32.const 4) (i32.const 16))
                (drop (call $fd_read (i32.const 0) (i32.const 0) (i32.const 1) (i32.const 16)))
                (if (i32.load (i32.const 16)) (then (local.set $base (i32.const 32))))
                (loop $next
                  (call $metric
                    (i32.add (i32.const 1024) (i32.mul (i32.add (local.get $base) (local.get $i)) (i32.const 3)))
                    (i32.const 3)
                    (f64.const 1))
                  (local.set $i (i32.add (local.get $i) (i32.const 1)))
                  (br_if $next (i32.lt_u (local.get $i) (i32.const 32))))))
            """;
    }
}
