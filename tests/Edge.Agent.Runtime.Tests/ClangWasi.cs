using System.Diagnostics;

namespace Edge.Agent.Runtime.Tests;

/// <summary>Builds a C guest shipped with the tests for wasm32-wasi with Debian's clang-14 and wasi-libc.</summary>
internal static class ClangWasi
{
    private const string Install = "clang-14 with wasi-libc is not installed (apt-get install clang-14 lld-14 wasi-libc libclang-rt-14-dev-wasm32)";

    /// <summary>Compiles <paramref name="source"/> (relative to the repository) into a module; skips the test when clang-14 is missing.</summary>
    public static byte[] Compile(string source)
    {
        var output = Path.Combine(Path.GetTempPath(), $"edge-guest-{Guid.NewGuid():N}.wasm");
        var start = new ProcessStartInfo("clang-14")
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        foreach (var arg in new[] { "--target=wasm32-wasi", "-O2", "-Wall", "-Werror", "-o", output, Path.Combine(RepoPaths.Root(), source) })
        {
            start.ArgumentList.Add(arg);
        }

        Process? process;
        try
        {
            process = Process.Start(start);
        }
        catch (System.ComponentModel.Win32Exception)
        {
            process = null;
        }

        Edge.Testing.MissingTool.Require(process is not null, Install);
        using (process)
        {
            var errors = process!.StandardError.ReadToEndAsync();
            Assert.That(process.WaitForExit(TimeSpan.FromMinutes(2)), Is.True, "clang-14 did not finish");
            Assert.That(process.ExitCode, Is.Zero, $"clang-14 failed on {source}: {errors.Result}");
        }

        try
        {
            return File.ReadAllBytes(output);
        }
        finally
        {
            File.Delete(output);
        }
    }
}
