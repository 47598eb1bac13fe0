using System.Buffers.Binary;
using Wasmtime;

namespace Edge.Agent.Runtime;

/// <summary>
/// WASI's <c>fd_write</c> and <c>fd_read</c> for the standard streams, served on the guest's own
/// thread. Wasmtime's output callback hands every write to a thread of its own and waits for it
/// (about 17 µs a write here, and a store that wrote costs about 20 µs more to free), more than a
/// whole warm run, and its stdin is a file only (made, opened and deleted per request). So both
/// are shadowed on the linker: writes to descriptors 1 and 2 are copied from linear memory straight
/// into the run's bounded buffers, reads from descriptor 0 come from the request's body in memory.
/// A guest has no other descriptor it could use (no directory or socket is preopened), so every
/// other one is EBADF, as WASI itself answers. WASI's functions cannot be called from the host on a
/// guest's behalf (they need the calling instance's memory), so workloads that get preopened
/// directories will need a linker without these shadows.
/// <para>
/// A write past the run's output budget stops the guest at once (a trap the run reports as
/// <see cref="InvocationOutcome.OutputLimitExceeded"/>), instead of at the next epoch tick.
/// </para>
/// </summary>
internal static class StandardStreams
{
    private const string WasiModule = "wasi_snapshot_preview1";

    // WASI preview 1 errno values.
    private const int Success = 0;
    private const int BadDescriptor = 8;
    private const int Fault = 21;

    /// <summary>Shadows <c>fd_write</c> and <c>fd_read</c> on <paramref name="linker"/>, where WASI is already defined.</summary>
    public static void Define(Linker linker)
    {
        ArgumentNullException.ThrowIfNull(linker);
        linker.AllowShadowing = true;
        try
        {
            linker.DefineFunction(WasiModule, "fd_write", (Caller caller, int fd, int iovs, int iovsLength, int written) =>
                fd is 1 or 2 ? Write(caller, fd, iovs, iovsLength, written) : BadDescriptor);
            linker.DefineFunction(WasiModule, "fd_read", (Caller caller, int fd, int iovs, int iovsLength, int read) =>
                fd is 0 ? Read(caller, iovs, iovsLength, read) : BadDescriptor);
        }
        finally
        {
            // Anything defined later that collides is a mistake to hear about.
            linker.AllowShadowing = false;
        }
    }

    private static int Write(Caller caller, int fd, int iovs, int iovsLength, int written)
    {
        var errno = Transfer(caller, iovs, iovsLength, written, fd == 1 ? WriteStdout : WriteStderr, out var run);
        if (run is { OutputExceeded: true })
        {
            // Thrown from a host function: the guest traps here and the run says why.
            throw new InvalidOperationException("output limit exceeded");
        }

        return errno;
    }

    private static int Read(Caller caller, int iovs, int iovsLength, int read) =>
        Transfer(caller, iovs, iovsLength, read, ReadStdin, out _);

    private static long WriteStdout(GuestRun? run, Span<byte> vector)
    {
        run?.Stdout.Append(vector);
        return vector.Length;
    }

    private static long WriteStderr(GuestRun? run, Span<byte> vector)
    {
        run?.Stderr.Append(vector);
        return vector.Length;
    }

    // The body used up: a short read, then 0 (end of file).
    private static long ReadStdin(GuestRun? run, Span<byte> vector) => run?.ReadStdin(vector) ?? 0;

    /// <summary>Moves bytes between the run and one guest buffer; fewer than the buffer holds ends the call.</summary>
    private delegate long VectorTransfer(GuestRun? run, Span<byte> vector);

    /// <summary>
    /// Checks the iovec table and each buffer lie inside the caller's memory (EFAULT otherwise),
    /// gives each buffer in order to <paramref name="transfer"/>, and stores the bytes moved at <paramref name="result"/>.
    /// </summary>
    private static int Transfer(Caller caller, int iovs, int iovsLength, int result, VectorTransfer transfer, out GuestRun? run)
    {
        run = (caller.GetData() as WarmInstance)?.Run;
        if (caller.GetMemory("memory") is not { } memory)
        {
            return BadDescriptor; // no exported memory: there is nothing to read or write
        }

        var length = memory.GetLength();
        if ((uint)iovs + ((long)(uint)iovsLength * 8) > length || (uint)result + 4L > length)
        {
            return Fault;
        }

        long total = 0;
        for (var i = 0; i < iovsLength; i++)
        {
            var vector = memory.GetSpan(iovs + (i * 8L), 8);
            var start = BinaryPrimitives.ReadUInt32LittleEndian(vector);
            var count = BinaryPrimitives.ReadUInt32LittleEndian(vector[4..]);
            if (start + (long)count > length || count > int.MaxValue)
            {
                return Fault;
            }

            var moved = count == 0 ? 0 : transfer(run, memory.GetSpan(start, (int)count));
            total += moved;
            if (moved < count)
            {
                break;
            }
        }

        BinaryPrimitives.WriteUInt32LittleEndian(memory.GetSpan(result, 4), (uint)Math.Min(total, uint.MaxValue));
        return Success;
    }
}
