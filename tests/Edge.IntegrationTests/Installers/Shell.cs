using System.Diagnostics;

namespace Edge.IntegrationTests.Installers;

/// <summary>Runs a tool to its end and keeps what it printed.</summary>
internal static class Shell
{
    public sealed record Result(int ExitCode, string Stdout, string Stderr)
    {
        public string Output => Stdout + Stderr;

        public override string ToString() => $"exit {ExitCode}\n{Stdout}\n{Stderr}";
    }

    public static async Task<Result> RunAsync(
        string file, IEnumerable<string> args, TimeSpan bound, string? workingDirectory = null, IReadOnlyDictionary<string, string>? env = null)
    {
        var info = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Repo.Root,
        };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        foreach (var (k, v) in env ?? new Dictionary<string, string>())
        {
            info.Environment[k] = v;
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException($"cannot start {file}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(bound);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', args)} did not finish within {bound}");
        }

        return new Result(process.ExitCode, await stdout, await stderr);
    }

    /// <summary>Skips the test (naming the package to install; fails it under CI) when a tool is not on this machine.</summary>
    public static string Require(string tool, string aptPackage)
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            var path = Path.Combine(dir, tool);
            if (File.Exists(path))
            {
                return path;
            }
        }

        Edge.Testing.MissingTool.Skip($"{tool} is not installed (apt-get install -y {aptPackage}); .ci/run installs it");
        return tool;
    }
}
