using Edge.Agent.Tests.State;

namespace Edge.Agent.Tests;

/// <summary>
/// The test assembly is also a program: `dotnet Edge.Agent.Tests.dll store-stress-child DIR` is
/// the child process <see cref="StoreKillTests"/> starts and kills. Tests run through `dotnet test`.
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        if (args is [StoreStressChild.Verb, var dir])
        {
            return StoreStressChild.Run(dir);
        }

        Console.Error.WriteLine($"Edge.Agent.Tests runs under `dotnet test`; `{StoreStressChild.Verb} DIR` runs the state-store stress child.");
        return 2;
    }
}
