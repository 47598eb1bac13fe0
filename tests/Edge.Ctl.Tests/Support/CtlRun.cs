namespace Edge.Ctl.Tests.Support;

/// <summary>One edgectl run: its exit code and what it printed.</summary>
internal sealed record CtlRun(int ExitCode, string Out, string Error)
{
    public static async Task<CtlRun> RunWithEnvironmentAsync(string? controllerFromEnvironment, params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var context = new CtlContext(stdout, stderr, TimeProvider.System, controllerFromEnvironment);
        var exitCode = await EdgeCtl.RunAsync(args, context);
        return new CtlRun(exitCode, stdout.ToString(), stderr.ToString());
    }

    public static Task<CtlRun> RunAsync(params string[] args) => RunWithEnvironmentAsync(null, args);

    public override string ToString() => $"exit {ExitCode}\nstdout:\n{Out}\nstderr:\n{Error}";
}
