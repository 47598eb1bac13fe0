namespace Edge.Agent.Runtime.Tests;

/// <summary>Files of this repository (the samples as shipped), found from the test's directory.</summary>
internal static class RepoPaths
{
    public static string Root()
    {
        for (var dir = new DirectoryInfo(TestContext.CurrentContext.TestDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Edge.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"no Edge.sln above {TestContext.CurrentContext.TestDirectory}");
    }

    public static string Sample(string relative) => Path.Combine(Root(), "samples", relative);
}
