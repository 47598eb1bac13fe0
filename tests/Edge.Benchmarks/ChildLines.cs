using System.Diagnostics;
using System.Threading.Channels;

namespace Edge.Benchmarks;

/// <summary>
/// A program run as `dotnet X.dll`: stdout lines can be awaited, stdin takes
/// commands, the last stderr/stdout lines are kept for error messages.
/// </summary>
internal sealed class ChildLines : IDisposable
{
    private readonly Process _process;
    private readonly Channel<string> _lines = Channel.CreateUnbounded<string>();
    private readonly Queue<string> _tail = new();
    private readonly bool _keepLines;

    private ChildLines(Process process, bool keepLines)
    {
        _process = process;
        _keepLines = keepLines;
    }

    public int Pid => _process.Id;

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    public string Tail
    {
        get
        {
            lock (_tail)
            {
                return string.Join('\n', _tail);
            }
        }
    }

    /// <param name="keepLines">Queue stdout lines for <see cref="ReadLineAsync"/>; otherwise only the tail is kept.</param>
    public static ChildLines Start(string dll, IEnumerable<string> args, bool keepLines, IReadOnlyDictionary<string, string>? env = null) =>
        StartProgram("dotnet", [dll, .. args], keepLines, env);

    /// <summary>Runs an executable itself (a published Native AOT program), as <see cref="Start"/> runs a dll.</summary>
    public static ChildLines StartProgram(string program, IEnumerable<string> args, bool keepLines, IReadOnlyDictionary<string, string>? env = null)
    {
        var info = new ProcessStartInfo(program)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment.Remove("INVOCATION_ID");
        foreach (var (k, v) in env ?? new Dictionary<string, string>())
        {
            info.Environment[k] = v;
        }

        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var child = new ChildLines(process, keepLines);
        process.OutputDataReceived += (_, e) => child.Add(e.Data, stdout: true);
        process.ErrorDataReceived += (_, e) => child.Add(e.Data, stdout: false);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return child;
    }

    /// <summary>Sends one command and returns the first stdout line that starts with <paramref name="answer"/>.</summary>
    public async Task<string> AskAsync(string command, string answer, TimeSpan bound)
    {
        await _process.StandardInput.WriteLineAsync(command);
        await _process.StandardInput.FlushAsync();
        return await ReadLineAsync(answer, bound);
    }

    public async Task<string> ReadLineAsync(string prefix, TimeSpan bound)
    {
        using var cts = new CancellationTokenSource(bound);
        try
        {
            while (true)
            {
                var line = await _lines.Reader.ReadAsync(cts.Token);
                if (line.StartsWith(prefix, StringComparison.Ordinal))
                {
                    return line;
                }

                if (line.StartsWith("error", StringComparison.Ordinal))
                {
                    throw new InvalidOperationException($"child said: {line}");
                }
            }
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"no '{prefix}' line within {bound.TotalSeconds} s; last output:\n{Tail}");
        }
        catch (ChannelClosedException)
        {
            throw new InvalidOperationException($"the child exited before '{prefix}'; last output:\n{Tail}");
        }
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.WaitForExit(10_000);
        _process.Dispose();
    }

    private void Add(string? line, bool stdout)
    {
        if (line is null)
        {
            if (stdout)
            {
                _lines.Writer.TryComplete();
            }

            return;
        }

        if (stdout && _keepLines)
        {
            _lines.Writer.TryWrite(line);
        }

        lock (_tail)
        {
            _tail.Enqueue(line.Length > 300 ? line[..300] + "…" : line);
            while (_tail.Count > 40)
            {
                _tail.Dequeue();
            }
        }
    }
}
