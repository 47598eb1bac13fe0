using Edge.Agent.Hosting;
using Microsoft.Extensions.Hosting.Systemd;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Edge.Agent.Tests.Hosting;

/// <summary>The watchdog's rule: systemd is pinged only while every loop keeps its promised beat.</summary>
[NonParallelizable] // WATCHDOG_USEC is the process's environment
public sealed class WatchdogTests
{
    private FakeTimeProvider _time = null!;
    private LoopProgress _progress = null!;

    [SetUp]
    public void SetUp()
    {
        _time = new FakeTimeProvider(new DateTimeOffset(2025, 1, 2, 3, 4, 5, TimeSpan.Zero));
        _progress = new LoopProgress(_time);
    }

    [Test]
    public void Overdue_EveryLoopWithinItsPromise_Empty()
    {
        _progress.Beat("telemetry", TimeSpan.FromSeconds(20));
        _progress.Beat("stream", TimeSpan.FromSeconds(70));
        _time.Advance(TimeSpan.FromSeconds(20));

        Assert.That(_progress.Overdue(), Is.Empty);
    }

    [Test]
    public void Overdue_LoopsPastTheirPromise_NamedWithHowLateLongestFirst()
    {
        _progress.Beat("telemetry", TimeSpan.FromSeconds(20));
        _progress.Beat("reconcile", TimeSpan.FromSeconds(5));
        _progress.Beat("stream", TimeSpan.FromSeconds(70));
        _time.Advance(TimeSpan.FromSeconds(30));

        Assert.That(_progress.Overdue(), Is.EqualTo(new[] { ("reconcile", TimeSpan.FromSeconds(25)), ("telemetry", TimeSpan.FromSeconds(10)) }));
    }

    [Test]
    public void Overdue_LoopBeatsAgain_NoLongerOverdue()
    {
        _progress.Beat("telemetry", TimeSpan.FromSeconds(20));
        _time.Advance(TimeSpan.FromSeconds(30));
        _progress.Beat("telemetry", TimeSpan.FromSeconds(20));

        Assert.That(_progress.Overdue(), Is.Empty);
    }

    [Test]
    public void Overdue_LoopDoneOnPurpose_NeverOverdue()
    {
        _progress.Beat("reconcile", TimeSpan.FromSeconds(5));
        _progress.Done("reconcile");
        _time.Advance(TimeSpan.FromHours(1));

        Assert.That(_progress.Overdue(), Is.Empty);
    }

    [Test]
    public async Task SystemdWatchdog_LoopWedgesThenRecovers_PingsWithheldThenResumed()
    {
        var notifier = new RecordingNotifier();
        var previous = Environment.GetEnvironmentVariable("WATCHDOG_USEC");
        Environment.SetEnvironmentVariable("WATCHDOG_USEC", "2000000"); // WatchdogSec=2: a ping every second
        using var watchdog = new SystemdWatchdog(notifier, _progress, _time, NullLogger<SystemdWatchdog>.Instance);
        try
        {
            _progress.Beat("telemetry", TimeSpan.FromSeconds(5));
            await watchdog.StartAsync(CancellationToken.None);
            await TickUntil(() => notifier.Pings >= 3, "pings while the loop keeps its beat");

            _time.Advance(TimeSpan.FromSeconds(5)); // the loop misses its promised beat
            var before = notifier.Pings;
            for (var i = 0; i < 10; i++)
            {
                await Tick();
            }

            Assert.That(notifier.Pings, Is.LessThanOrEqualTo(before + 1), "at most the tick already under way pings");
            var withheld = notifier.Pings;
            for (var i = 0; i < 5; i++)
            {
                await Tick();
            }

            Assert.That(notifier.Pings, Is.EqualTo(withheld), "no ping while the loop is overdue");

            _progress.Beat("telemetry", TimeSpan.FromSeconds(30));
            await TickUntil(() => notifier.Pings >= withheld + 2, "pings again once the loop beats");
        }
        finally
        {
            await watchdog.StopAsync(CancellationToken.None);
            Environment.SetEnvironmentVariable("WATCHDOG_USEC", previous);
        }
    }

    [Test]
    public async Task SystemdWatchdog_NotUnderSystemd_NeverPings()
    {
        var notifier = new RecordingNotifier { Enabled = false };
        var previous = Environment.GetEnvironmentVariable("WATCHDOG_USEC");
        Environment.SetEnvironmentVariable("WATCHDOG_USEC", "2000000");
        using var watchdog = new SystemdWatchdog(notifier, _progress, _time, NullLogger<SystemdWatchdog>.Instance);
        try
        {
            await watchdog.StartAsync(CancellationToken.None);
            for (var i = 0; i < 5; i++)
            {
                await Tick();
            }

            Assert.That(notifier.Pings, Is.Zero);
        }
        finally
        {
            await watchdog.StopAsync(CancellationToken.None);
            Environment.SetEnvironmentVariable("WATCHDOG_USEC", previous);
        }
    }

    private async Task Tick()
    {
        _time.Advance(TimeSpan.FromSeconds(1));
        await Task.Delay(10);
    }

    private async Task TickUntil(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!condition())
        {
            Assert.That(DateTime.UtcNow, Is.LessThan(deadline), $"not within 20 s: {what}");
            await Tick();
        }
    }

    private sealed class RecordingNotifier : ISystemdNotifier
    {
        private int _pings;

        public bool Enabled { get; init; } = true;

        public bool IsEnabled => Enabled;

        public int Pings => Volatile.Read(ref _pings);

        public void Notify(ServiceState state)
        {
            if (state.ToString() == "WATCHDOG=1")
            {
                Interlocked.Increment(ref _pings);
            }
        }
    }
}
