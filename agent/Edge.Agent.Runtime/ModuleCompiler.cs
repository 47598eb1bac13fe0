using System.Diagnostics;
using System.Text;

namespace Edge.Agent.Runtime;

/// <summary>
/// Compiling a module in a short-lived child process (the agent's own <c>compile-module</c>
/// command) that writes the compiled module to the cache the runtime then loads it from.
/// Cranelift touches megabytes of its own code and heap while it compiles; in the agent's process
/// they stay resident for the life of the service (about 5 MB of a 50 MB agent), in a child they
/// go when it exits. A module that crashes or exhausts the compiler takes down only the child.
/// A child that cannot start, fails for any reason but the module, or runs past its time, falls
/// back to compiling in the agent as before, so a device is never worse off than without it.
/// </summary>
public static class ModuleCompiler
{
    /// <summary>Exit code of the child when the module itself is invalid (its reason on stderr).</summary>
    public const int InvalidModuleExitCode = 2;

    private const int MaxErrorChars = 4096;

    /// <summary>
    /// The child's work: compiles <paramref name="modulePath"/> as the runtime would (same engine
    /// settings, same checks) and writes it to the compiled cache in <paramref name="cacheDirectory"/>
    /// under <paramref name="digest"/>. 0 when written; <see cref="InvalidModuleExitCode"/> with the
    /// module's problem on <paramref name="error"/>; 1 for anything else.
    /// </summary>
    public static int CompileToCache(string modulePath, string cacheDirectory, string digest, bool fuel, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(error);
        byte[] content;
        try
        {
            content = File.ReadAllBytes(modulePath);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException)
        {
            error.WriteLine($"cannot read module file '{modulePath}': {ex.Message}");
            return 1;
        }

        using var engine = WasmRuntime.NewEngine(fuel);
        if (!ModuleLoader.TryCompile(engine, Path.GetFileNameWithoutExtension(modulePath), content, out var module, out var problem))
        {
            error.WriteLine(problem);
            return InvalidModuleExitCode;
        }

        using (module)
        {
            if (new CompiledModuleCache(cacheDirectory, CompiledModuleCache.EngineKey(fuel)).TryStore(digest, module) is { } failed)
            {
                error.WriteLine(failed);
                return 1;
            }
        }

        return 0;
    }

    /// <summary>What a child compile came to.</summary>
    internal enum Outcome
    {
        /// <summary>The compiled module is in the cache.</summary>
        Compiled,

        /// <summary>The module is invalid; the error says why.</summary>
        Invalid,

        /// <summary>The child could not do it (did not start, crashed, timed out); compile in process.</summary>
        Unavailable,
    }

    /// <summary>Runs <paramref name="command"/> followed by the compile arguments and waits for it, bounded.</summary>
    internal static async Task<(Outcome Outcome, string Error)> RunChildAsync(
        IReadOnlyList<string> command,
        string modulePath,
        string cacheDirectory,
        string digest,
        bool fuel,
        TimeSpan timeout,
        CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo(command[0])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (var argument in command.Skip(1))
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var argument in (string[])["--module", modulePath, "--cache-dir", cacheDirectory, "--digest", digest, "--fuel", fuel ? "true" : "false"])
        {
            info.ArgumentList.Add(argument);
        }

        Process child;
        try
        {
            child = Process.Start(info) ?? throw new InvalidOperationException("no process was started");
        }
        catch (Exception ex) when (ex is System.ComponentModel.Win32Exception or InvalidOperationException or IOException)
        {
            return (Outcome.Unavailable, $"cannot start {command[0]}: {ex.Message}");
        }

        using (child)
        {
            var stderr = child.StandardError.ReadToEndAsync(CancellationToken.None);
            _ = child.StandardOutput.ReadToEndAsync(CancellationToken.None);
            using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            bounded.CancelAfter(timeout);
            try
            {
                await child.WaitForExitAsync(bounded.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                Kill(child);
                cancellationToken.ThrowIfCancellationRequested();
                return (Outcome.Unavailable, $"the compiler process ran longer than {DurationText.Format(timeout)} and was killed");
            }

            var error = Bounded(await stderr.ConfigureAwait(false));
            return child.ExitCode switch
            {
                0 => (Outcome.Compiled, ""),
                InvalidModuleExitCode when error.Length > 0 => (Outcome.Invalid, error),
                var code => (Outcome.Unavailable, $"the compiler process exited with code {code}{(error.Length > 0 ? ": " + error : "")}"),
            };
        }
    }

    private static void Kill(Process child)
    {
        try
        {
            child.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // it exited on its own meanwhile
        }
    }

    private static string Bounded(string text)
    {
        var trimmed = text.Trim();
        return trimmed.Length <= MaxErrorChars ? trimmed : new StringBuilder(trimmed, 0, MaxErrorChars, MaxErrorChars + 1).Append('…').ToString();
    }
}
