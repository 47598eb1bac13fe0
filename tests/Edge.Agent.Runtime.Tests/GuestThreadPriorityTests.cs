namespace Edge.Agent.Runtime.Tests;

/// <summary>Guest threads run below the agent's own: a higher nice value and, where the kernel takes one, the shortest slice.</summary>
public sealed class GuestThreadPriorityTests
{
    [Test]
    public void LowerCurrentThread_OnLinux_SetsTheNiceValueAndTheShortSliceOfThatThreadOnly()
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
        Assert.That(guest["prio"], Is.EqualTo(before["prio"] + GuestThreadPriority.GuestNice));
        Assert.That(Sched("/proc/thread-self/sched")["prio"], Is.EqualTo(before["prio"]), "the caller's own priority moved");
        if (Environment.OSVersion.Version >= new Version(6, 12))
        {
            // Kernels taking a custom slice for normal threads show the guest's; the caller keeps the default.
            Assert.That(guest["se.slice"], Is.EqualTo((long)GuestThreadPriority.GuestSlice.TotalNanoseconds));
            Assert.That(before["se.slice"], Is.GreaterThan(guest["se.slice"]));
        }
    }

    private static Dictionary<string, long> Sched(string path) =>
        File.ReadLines(path)
            .Select(l => l.Split(':', 2))
            .Where(p => p.Length == 2 && long.TryParse(p[1].Trim(), out _))
            .ToDictionary(p => p[0].Trim(), p => long.Parse(p[1].Trim(), System.Globalization.CultureInfo.InvariantCulture), StringComparer.Ordinal);
}
