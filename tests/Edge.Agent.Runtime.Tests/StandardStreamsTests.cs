using System.Text;

namespace Edge.Agent.Runtime.Tests;

/// <summary>
/// fd_write as the guest meets it: stdout and stderr captured on the guest's thread, several
/// iovecs in order, bad pointers refused with EFAULT, other descriptors EBADF (none is open),
/// and a write past the output budget stopping the guest at that write.
/// </summary>
public sealed class StandardStreamsTests
{
    private const string Imports = """
        (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
        (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
        (import "wasi_snapshot_preview1" "fd_read" (func $fd_read (param i32 i32 i32 i32) (result i32)))
        """;

    /// <summary>A module with the imports above, one page of memory, <paramref name="data"/> segments and <paramref name="start"/> as its _start body.</summary>
    private static string Guest(string start, string data = "") => $$"""
        (module
          {{Imports}}
          (memory (export "memory") 1)
          {{data}}
          (func (export "_start")
            {{start}}))
        """;

    /// <summary>Copies stdin to stdout 1,000 bytes at a time until a read returns 0; exits with the number of reads.</summary>
    private const string Cat = $$"""
        (module
          {{Imports}}
          (memory (export "memory") 1)
          (global $reads (mut i32) (i32.const 0))
          (func (export "_start")
            (block $eof
              (loop $more
                (i32.store (i32.const 0) (i32.const 1024)) (i32.store (i32.const 4) (i32.const 1000))
                (drop (call $fd_read (i32.const 0) (i32.const 0) (i32.const 1) (i32.const 16)))
                (global.set $reads (i32.add (global.get $reads) (i32.const 1)))
                (br_if $eof (i32.eqz (i32.load (i32.const 16))))
                (i32.store (i32.const 4) (i32.load (i32.const 16)))
                (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 20)))
                (br $more)))
            (call $proc_exit (global.get $reads))))
        """;

    [Test]
    public async Task Invoke_SeveralIovecsOnStdoutAndStderr_AreCapturedInOrderWithTheCountWritten()
    {
        // Two iovecs ("ab", "cde") to stdout, one ("err") to stderr; exits with nwritten of the first write.
        var wat = Guest(
            """
            (i32.store (i32.const 0) (i32.const 100)) (i32.store (i32.const 4) (i32.const 2))
            (i32.store (i32.const 8) (i32.const 110)) (i32.store (i32.const 12) (i32.const 3))
            (i32.store (i32.const 16) (i32.const 120)) (i32.store (i32.const 20) (i32.const 3))
            (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 2) (i32.const 40)))
            (drop (call $fd_write (i32.const 2) (i32.const 16) (i32.const 1) (i32.const 44)))
            (call $proc_exit (i32.load (i32.const 40)))
            """,
            """
            (data (i32.const 100) "ab")
            (data (i32.const 110) "cde")
            (data (i32.const 120) "err")
            """);
        using var h = new RuntimeHarness();
        await h.StartTriggeredAsync("iov", wat);

        var result = await h.InvokeAsync("iov");

        Assert.That(Encoding.UTF8.GetString(result.Stdout.Span), Is.EqualTo("abcde"));
        Assert.That(Encoding.UTF8.GetString(result.Stderr.Span), Is.EqualTo("err"));
        Assert.That(result.ExitCode, Is.EqualTo(5), "nwritten of the two-iovec write");
    }

    [TestCase(70000, 1, TestName = "Invoke_IovecArrayOutsideMemory_ReturnsEfault")]
    [TestCase(0, 1, 65530, TestName = "Invoke_IovecPointingOutsideMemory_ReturnsEfault")]
    public async Task Invoke_BadPointer_ReturnsEfaultAndWritesNothing(int iovs, int count, int bufferStart = 100)
    {
        var wat = $$"""
            (module
              {{Imports}}
              (memory (export "memory") 1)
              (func (export "_start")
                (i32.store (i32.const 0) (i32.const {{bufferStart}})) (i32.store (i32.const 4) (i32.const 100))
                (call $proc_exit (call $fd_write (i32.const 1) (i32.const {{iovs}}) (i32.const {{count}}) (i32.const 40)))))
            """;
        using var h = new RuntimeHarness();
        await h.StartTriggeredAsync("fault", wat);

        var result = await h.InvokeAsync("fault");

        Assert.That(result.ExitCode, Is.EqualTo(21), "WASI errno EFAULT");
        Assert.That(result.Stdout.Length, Is.Zero);
    }

    [Test]
    public async Task Invoke_WriteToADescriptorThatIsNotOpen_ReturnsEbadf()
    {
        var wat = Guest(
            """
            (i32.store (i32.const 0) (i32.const 100)) (i32.store (i32.const 4) (i32.const 1))
            (call $proc_exit (call $fd_write (i32.const 7) (i32.const 0) (i32.const 1) (i32.const 40)))
            """,
            """
            (data (i32.const 100) "x")
            """);
        using var h = new RuntimeHarness();
        await h.StartTriggeredAsync("badfd", wat);

        var result = await h.InvokeAsync("badfd");

        Assert.That(result.ExitCode, Is.EqualTo(8), result.Error);
        Assert.That(result.Stdout.Length + result.Stderr.Length, Is.Zero);
    }

    [Test]
    public async Task Invoke_WritePastTheOutputBudget_StopsTheGuestAtThatWrite()
    {
        // 8 bytes to stdout with a budget of 5, then a marker on stderr the guest must never reach.
        var wat = Guest(
            """
            (i32.store (i32.const 0) (i32.const 100)) (i32.store (i32.const 4) (i32.const 8))
            (i32.store (i32.const 8) (i32.const 120)) (i32.store (i32.const 12) (i32.const 5))
            (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 40)))
            (drop (call $fd_write (i32.const 2) (i32.const 8) (i32.const 1) (i32.const 40)))
            """,
            """
            (data (i32.const 100) "12345678")
            (data (i32.const 120) "after")
            """);
        using var h = new RuntimeHarness(new WasmRuntimeOptions { MaxOutputBytes = 5 });
        await h.StartTriggeredAsync("over", wat);

        var result = await h.InvokeAsync("over");

        Assert.That(result.Outcome, Is.EqualTo(InvocationOutcome.OutputLimitExceeded));
        Assert.That(Encoding.UTF8.GetString(result.Stdout.Span), Is.EqualTo("12345"));
        Assert.That(result.Stderr.Length, Is.Zero, "the guest ran on past the write that broke its budget");
    }

    [Test]
    public async Task Invoke_ManyRunsOnOneWorkload_EachGetsOnlyItsOwnOutput()
    {
        using var h = new RuntimeHarness();
        await h.StartTriggeredAsync("hello", TestModules.Print("hi\n"), new Core.PoolSpec { MinWarm = 2, MaxConcurrency = 4 });

        var results = await Task.WhenAll(Enumerable.Range(0, 40).Select(_ => h.InvokeAsync("hello")));

        Assert.That(results.Select(r => Encoding.UTF8.GetString(r.Stdout.Span)), Is.All.EqualTo("hi\n"));
    }

    [Test]
    public async Task Invoke_BodyLongerThanOneRead_IsReadWholeInOrderThenEndOfFile()
    {
        var body = string.Concat(Enumerable.Range(0, 2500).Select(i => (char)('a' + (i % 26))));
        using var h = new RuntimeHarness();
        await h.StartTriggeredAsync("cat", Cat);

        var result = await h.InvokeAsync("cat", body);

        Assert.That(Encoding.UTF8.GetString(result.Stdout.Span), Is.EqualTo(body));
        Assert.That(result.ExitCode, Is.EqualTo(4), "1,000 + 1,000 + 500 bytes, then a read of 0");
    }

    [Test]
    public async Task Invoke_EachRunReadsOnlyItsOwnBody()
    {
        using var h = new RuntimeHarness();
        await h.StartTriggeredAsync("cat", Cat, new Core.PoolSpec { MinWarm = 2, MaxConcurrency = 4 });

        var results = await Task.WhenAll(Enumerable.Range(0, 40).Select(i => h.InvokeAsync("cat", $"body {i}")));

        Assert.That(results.Select(r => Encoding.UTF8.GetString(r.Stdout.Span)), Is.EqualTo(Enumerable.Range(0, 40).Select(i => $"body {i}")));
    }

    [Test]
    public async Task Invoke_ReadIntoTwoIovecs_FillsTheFirstThenTheSecond()
    {
        var wat = Guest(
            """
            (i32.store (i32.const 0) (i32.const 100)) (i32.store (i32.const 4) (i32.const 3))
            (i32.store (i32.const 8) (i32.const 200)) (i32.store (i32.const 12) (i32.const 10))
            (drop (call $fd_read (i32.const 0) (i32.const 0) (i32.const 2) (i32.const 40)))
            (i32.store (i32.const 4) (i32.const 3))
            (i32.store (i32.const 12) (i32.sub (i32.load (i32.const 40)) (i32.const 3)))
            (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 2) (i32.const 44)))
            (call $proc_exit (i32.load (i32.const 40)))
            """);
        using var h = new RuntimeHarness();
        await h.StartTriggeredAsync("split", wat);

        var result = await h.InvokeAsync("split", "hello");

        Assert.That(result.ExitCode, Is.EqualTo(5));
        Assert.That(Encoding.UTF8.GetString(result.Stdout.Span), Is.EqualTo("hello"));
    }

    [Test]
    public async Task Invoke_ReadFromStdout_ReturnsEbadf()
    {
        var wat = Guest(
            """
            (i32.store (i32.const 0) (i32.const 100)) (i32.store (i32.const 4) (i32.const 3))
            (call $proc_exit (call $fd_read (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 40)))
            """);
        using var h = new RuntimeHarness();
        await h.StartTriggeredAsync("readout", wat);

        var result = await h.InvokeAsync("readout", "x");

        Assert.That(result.ExitCode, Is.EqualTo(8), result.Error);
    }
}
