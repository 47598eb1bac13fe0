namespace Edge.Testing;

/// <summary>
/// The one way a test steps aside for a tool this machine lacks (a Debian package, a built
/// sample). On a developer's machine the test is skipped with the message saying what to
/// install; under CI (CI=true) it fails, so a broken install can never pass as green.
/// </summary>
internal static class MissingTool
{
    /// <summary>True when the environment says this is a CI run (CI=true, as CI services set it).</summary>
    public static bool InCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>Skips the test (fails it under CI) unless <paramref name="present"/>.</summary>
    public static void Require(bool present, string whatToInstall)
    {
        if (!present)
        {
            Skip(whatToInstall);
        }
    }

    /// <summary>Skips the test, or under CI fails it, naming what is missing and how to install it.</summary>
    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    public static void Skip(string whatToInstall)
    {
        if (InCi)
        {
            Assert.Fail($"{whatToInstall} (CI=true: a missing tool fails the run instead of skipping the test)");
        }

        Assert.Ignore(whatToInstall);
    }
}
