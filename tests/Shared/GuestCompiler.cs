using System.Diagnostics;

namespace Edge.Testing;

/// <summary>
/// Builds a guest the tests ship as source (C with clang-14 and wasi-libc, Rust with Debian's
/// rustc) for wasm32-wasi; the test steps aside (<see cref="MissingTool"/>) when the compiler is missing.
/// </summary>
internal static class GuestCompiler
{
    public const string Clang = "clang-14";
    public const string ClangInstall = "clang-14 with wasi-libc is not installed (apt-get install clang-14 lld-14 wasi-libc libclang-rt-14-dev-wasm32)";

    /// <summary>Runs <paramref name="compiler"/> with <paramref name="arguments"/> and <c>-o <paramref name="output"/></c>; fails the test with its errors when it fails.</summary>
    public static void CompileTo(string compiler, string whatToInstall, string output, params string[] arguments)
    {
        var start = new ProcessStartInfo(compiler) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var arg in arguments.Concat(["-o", output]))
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

        MissingTool.Require(process is not null, whatToInstall);
        using (process)
        {
            var errors = process!.StandardError.ReadToEndAsync();
            Assert.That(process.WaitForExit(TimeSpan.FromMinutes(3)), Is.True, $"{compiler} did not finish");
            Assert.That(process.ExitCode, Is.Zero, $"{compiler} failed: {errors.Result}");
        }
    }

    /// <summary>As <see cref="CompileTo"/>, into a temporary file whose bytes are returned.</summary>
    public static byte[] Compile(string compiler, string whatToInstall, params string[] arguments)
    {
        var output = Path.Combine(Path.GetTempPath(), $"edge-guest-{Guid.NewGuid():N}.wasm");
        try
        {
            CompileTo(compiler, whatToInstall, output, arguments);
            return File.ReadAllBytes(output);
        }
        finally
        {
            File.Delete(output);
        }
    }
}
