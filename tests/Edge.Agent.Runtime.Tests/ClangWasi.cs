using Edge.Testing;

namespace Edge.Agent.Runtime.Tests;

/// <summary>Builds a C guest shipped with the tests for wasm32-wasi with Debian's clang-14 and wasi-libc.</summary>
internal static class ClangWasi
{
    /// <summary>Compiles <paramref name="source"/> (relative to the repository) into a module; skips the test when clang-14 is missing.</summary>
    public static byte[] Compile(string source) =>
        GuestCompiler.Compile(GuestCompiler.Clang, GuestCompiler.ClangInstall, "--target=wasm32-wasi", "-O2", "-Wall", "-Werror", Path.Combine(RepoPaths.Root(), source));
}
