namespace Edge.IntegrationTests;

/// <summary>Where the built programs and samples are.</summary>
internal static class Repo
{
    public static readonly string Root = FindRoot();

    /// <summary>Debug or Release, as this test assembly was built.</summary>
    public static readonly string Configuration =
        AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";

    public static string ControllerDll => Built("controller/Edge.Controller", "edge-controller.dll");

    public static string AgentDll => Built("agent/Edge.Agent", "edge-agent.dll");

    public static string CtlDll => Built("controller/Edge.Ctl", "edgectl.dll");

    public static string Sample(string relative) => Path.Combine(Root, "samples", relative);

    private static string Built(string project, string dll)
    {
        var path = Path.Combine(Root, project, "bin", Configuration, "net10.0", dll);
        return File.Exists(path) ? path : throw new FileNotFoundException($"{dll} is not built at {path}; build the solution first");
    }

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Edge.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new DirectoryNotFoundException("Edge.sln not found above " + AppContext.BaseDirectory);
    }
}
