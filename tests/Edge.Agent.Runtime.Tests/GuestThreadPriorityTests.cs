namespace Edge.Agent.Runtime.Tests;

/// <summary>Guest threads run below the agent's own: Linux's idle scheduling class, for that thread only.</summary>
public sealed class GuestThreadPriorityTests
{
    [Test]
    public void LowerCurrentThread_OnLinux_PutsThatThreadOnlyInTheIdleClass()
    {
        Assume.That(OperatingSystem.IsLinux(), "thread priorities are Linux's here");
        var before = Sched("/proc/thread-self/sched");
        var lowered = false;
        Dictionary<string, long> guest = [];
        var thread = new Thread(() =>
        {
            lowered = GuestThreadPriority.LowerCurrentThread();
            guest = Sched("/proc/thread-self/sched");
        });
        thread.Start();
        Assert.That(thread.Join(RuntimeHarness.Bound), Is.True);

        Assert.That(lowered, Is.True);
        Assert.That(guest["policy"], Is.EqualTo(GuestThreadPriority.IdlePolicy));
        Assert.That(before["policy"], Is.Zero);
        Assert.That(Sched("/proc/thread-self/sched")["policy"], Is.Zero, "the caller's own class moved");
    }

    private static Dictionary<string, long> Sched(string path) =>
        File.ReadLines(path)
            .Select(l => l.Split(':', 2))
            .Where(p => p.Length == 2 && long.TryParse(p[1].Trim(), out _))
            .ToDictionary(p => p[0].Trim(), p => long.Parse(p[1].Trim(), System.Globalization.CultureInfo.InvariantCulture), StringComparer.Ordinal);
}
