using System.ComponentModel.DataAnnotations;
using Edge.Controller.Autoscaling;
using Edge.Controller.Fleet;
using Edge.Controller.Store;
using Edge.Scheduling.Autoscaling;
using Microsoft.Extensions.Logging.Abstractions;

namespace Edge.Controller.Tests.Autoscaling;

/// <summary>
/// The workload autoscaler loop end to end in fake time: telemetry series → metrics → the HPA
/// decision → FleetState's scale → history and explain. Expected counts follow the Kubernetes
/// rules (desired = ceil(ratio × replicas), default behavior: up 100% or 4 pods per 15 s, down
/// after a 300 s window).
/// </summary>
public sealed class HorizontalAutoscalersTests
{
    private AutoscalerHarness _h = null!;

    [SetUp]
    public void SetUp() => _h = new AutoscalerHarness();

    [TearDown]
    public void TearDown() => _h.Dispose();

    [Test]
    public void Sync_InvocationsThreeTimesTarget_ScalesUpToSixAndExplainsIt()
    {
        _h.Run(TimeSpan.FromMinutes(2), perReplica: 30, sync: false);
        _h.Autoscalers.Apply("web", "", Invocations(10));

        var rescaled = _h.Autoscalers.Sync();

        var (status, decisions) = _h.Autoscalers.Explain("web");
        Assert.Multiple(() =>
        {
            Assert.That(rescaled, Is.EqualTo(1));
            Assert.That(_h.Replicas, Is.EqualTo(6), "ceil(30/10 × 2) = 6, within max(100%, 4 pods) per 15 s");
            Assert.That(decisions[0].Applied, Is.True);
            Assert.That(decisions[0].Decision.CurrentReplicas, Is.EqualTo(2));
            Assert.That(decisions[0].Decision.DesiredReplicas, Is.EqualTo(6));
            Assert.That(decisions[0].Decision.Metrics.Single().Ratio, Is.EqualTo(3).Within(0.01));
            Assert.That(decisions[0].Events[0], Does.StartWith("SuccessfulRescale: New size: 6"));
            Assert.That(status.LastScale, Is.EqualTo(_h.Fleet.Time.GetUtcNow()));
        });
    }

    [Test]
    public void Sync_LoadStops_ScalesDownOnlyAfterTheDownWindow()
    {
        _h.Autoscalers.Apply("web", "", Invocations(10) with { MinReplicas = 1 });
        _h.Run(TimeSpan.FromMinutes(2), perReplica: 30);
        Assert.That(_h.Replicas, Is.EqualTo(10), "2 → 6 → 10 as the ratio stays at 3, capped by max 10");

        _h.Run(TimeSpan.FromSeconds(285), perReplica: 0);
        var held = _h.Replicas;
        _h.Run(TimeSpan.FromSeconds(60), perReplica: 0);

        var (_, decisions) = _h.Autoscalers.Explain("web");
        Assert.Multiple(() =>
        {
            Assert.That(held, Is.EqualTo(10), "the 300 s scale-down window holds the highest recent recommendation");
            Assert.That(_h.Replicas, Is.EqualTo(1), "after the window: down to minReplicas");
            Assert.That(decisions.Any(d => !d.Applied && d.Decision.Conditions.Any(c => c.Reason == "ScaleDownStabilized")), Is.True);
        });
    }

    [Test]
    public void Sync_TenantQuotaAllowsThree_CapsAtThreeWithQuotaEvent()
    {
        var h = new AutoscalerHarness(replicas: 0);
        try
        {
            h.Fleet.Fleet.ApplyTenant(new TenantRecord { Id = "shop", Replicas = 3 });
            var web = Records.Replicated("web.shop", 2); // web in tenant shop
            web.Placement.Tenant = "shop";
            h.Fleet.Fleet.DeleteWorkload("web");
            h.Fleet.Fleet.ApplyWorkload(web);
            foreach (var n in new[] { "n1", "n2", "n3", "n4" })
            {
                h.Fleet.Connect(n, Records.Facts(), 0, Records.Observed("web.shop", ObservedPhase.Running, Records.Digest('a')));
            }

            h.Workload = "web.shop";
            h.Run(TimeSpan.FromMinutes(1), perReplica: 30, sync: false);
            h.Autoscalers.Apply("web.shop", "shop", Invocations(10) with { Workload = "web.shop" });

            h.Autoscalers.Sync();

            var last = h.Autoscalers.Explain("web.shop").Decisions[0];
            Assert.Multiple(() =>
            {
                Assert.That(h.Replicas, Is.EqualTo(3));
                Assert.That(last.Decision.Conditions.Single(c => c.Type == ConditionType.ScalingLimited).Reason, Is.EqualTo("QuotaExceeded"));
                Assert.That(last.Events, Has.Some.StartsWith("QuotaExceeded: the tenant's replicas quota allows 1 more replica(s)"));
            });
        }
        finally
        {
            h.Dispose();
        }
    }

    [Test]
    public void Sync_NoTelemetry_KeepsTheCountWithFailedGetPodsMetric()
    {
        _h.Autoscalers.Apply("web", "", Invocations(10));

        _h.Autoscalers.Sync();

        var last = _h.Autoscalers.Explain("web").Decisions[0];
        Assert.Multiple(() =>
        {
            Assert.That(_h.Replicas, Is.EqualTo(2));
            Assert.That(last.Applied, Is.False);
            Assert.That(last.Decision.Conditions, Has.Some.Matches<AutoscalerCondition>(c => c.Type == ConditionType.ScalingActive && !c.Status && c.Reason == "FailedGetPodsMetric"));
            Assert.That(last.Reason, Does.Contain("no metrics from ready replicas"));
        });
    }

    [Test]
    public void Sync_CpuUtilization_EstimatedFromInvocationsAndLatency()
    {
        // 20 invocations/s × 10 ms = 200 millicores busy per replica, 200% of its 100m reservation.
        _h.Run(TimeSpan.FromMinutes(1), perReplica: 20, latencyMs: 10, sync: false);
        _h.Autoscalers.Apply("web", "", new AutoscalerSpec
        {
            Workload = "web",
            MaxReplicas = 10,
            Metrics = [new MetricSpec { Source = MetricSourceType.Resource, Name = MetricSpec.Cpu, TargetType = MetricTargetType.Utilization, Target = 80 }],
        });

        _h.Autoscalers.Sync();

        Assert.That(_h.Replicas, Is.EqualTo(5), "ceil(200/80 × 2) = 5");
    }

    [Test]
    public void Sync_ReplicasThatFitNowhere_CountAsNotReadyOnAScaleUp()
    {
        // 3 cores each on 4-core nodes: 4 of the 6 replicas fit, 2 wait unplaced.
        var big = Records.Replicated("web", 6);
        big.Placement.CpuMillis = 3000;
        _h.Fleet.Fleet.ApplyWorkload(big);
        _h.Run(TimeSpan.FromMinutes(2), perReplica: 30, sync: false);
        _h.Autoscalers.Apply("web", "", Invocations(10) with { MaxReplicas = 20 });

        _h.Autoscalers.Sync();

        var proposal = _h.Autoscalers.Explain("web").Decisions[0].Decision.Metrics.Single();
        Assert.Multiple(() =>
        {
            Assert.That(proposal.Detail, Does.Contain("2 not ready as 0"));
            Assert.That(proposal.Replicas, Is.EqualTo(12), "(4 × 3 + 2 × 0) / 6 = 2, ceil(2 × 6) = 12");
        });
    }

    [Test]
    public void Sync_MinZeroAndNoLoad_ScalesToZeroAfterTheWindow_ThenInvocationsWakeItToOne()
    {
        _h.Autoscalers.Apply("web", "", Invocations(10) with { MinReplicas = 0 });
        _h.Run(TimeSpan.FromSeconds(285), perReplica: 0);
        var held = _h.Replicas;
        _h.Run(TimeSpan.FromSeconds(60), perReplica: 0);
        var scaledToZero = _h.Replicas;

        _h.Invocations("n1", perSecond: 2, TimeSpan.FromSeconds(10));
        _h.Autoscalers.Sync();

        var last = _h.Autoscalers.Explain("web").Decisions[0];
        Assert.Multiple(() =>
        {
            Assert.That(held, Is.EqualTo(2), "the 300 s window holds the count first");
            Assert.That(scaledToZero, Is.Zero, "minReplicas 0: no invocations, no replicas");
            Assert.That(_h.Replicas, Is.EqualTo(1));
            Assert.That(last.Decision.Conditions, Has.Some.Matches<AutoscalerCondition>(c => c.Reason == "Woken"));
        });
    }

    [Test]
    public void Sync_ManualScaleAboveMax_TheAutoscalerWinsAtItsNextPass()
    {
        _h.Autoscalers.Apply("web", "", Invocations(10) with { MaxReplicas = 3 });
        _h.Fleet.Fleet.ScaleWorkload("web", 8);

        _h.Autoscalers.Sync();

        Assert.That(_h.Replicas, Is.EqualTo(3));
    }

    [Test]
    public void Sync_WorkloadDeleted_RecordsFailedGetScaleAndGoesOn()
    {
        _h.Autoscalers.Apply("web", "", Invocations(10));
        _h.Fleet.Fleet.DeleteWorkload("web");

        Assert.That(_h.Autoscalers.Sync(), Is.Zero);
        var last = _h.Autoscalers.Explain("web").Decisions[0];
        Assert.That(last.Reason, Is.EqualTo("FailedGetScale: workload \"web\" not found"));
    }

    [Test]
    public void Sync_SameHeldReasonTwice_KeptOnceInHistoryButShownAsLatest()
    {
        _h.Autoscalers.Apply("web", "", Invocations(10));
        _h.Autoscalers.Sync();
        _h.Fleet.Time.Advance(TimeSpan.FromSeconds(15));
        _h.Autoscalers.Sync();

        var decisions = _h.Autoscalers.Explain("web").Decisions;
        Assert.Multiple(() =>
        {
            Assert.That(decisions, Has.Count.EqualTo(2));
            Assert.That(decisions[0].At, Is.EqualTo(_h.Fleet.Time.GetUtcNow()));
        });
    }

    [Test]
    public void Apply_Restart_AutoscalerSurvivesInTheStore()
    {
        _h.Autoscalers.Apply("web", "", Invocations(10) with { MinReplicas = 0, Tolerance = 0.2 });

        _h.Restart();

        var status = _h.Autoscalers.List().Single();
        var spec = status.Record.ToSpec();
        Assert.Multiple(() =>
        {
            Assert.That(status.Record.Id, Is.EqualTo("web"));
            Assert.That(status.Record.Tenant, Is.EqualTo("default"));
            Assert.That(spec.MinReplicas, Is.Zero);
            Assert.That(spec.Tolerance, Is.EqualTo(0.2));
            Assert.That(spec.Metrics.Single().Name, Is.EqualTo("invocations_per_s"));
            Assert.That(spec.ScaleDown.StabilizationWindow, Is.EqualTo(TimeSpan.FromSeconds(300)));
        });
    }

    [Test]
    public void Apply_SameSpecAgain_Unchanged()
    {
        Assert.That(_h.Autoscalers.Apply("web", "", Invocations(10)).Changed, Is.True);
        Assert.That(_h.Autoscalers.Apply("web", "default", Invocations(10)).Changed, Is.False);
    }

    private static readonly object[] BadSpecs =
    [
        new object[] { Invocations(10) with { MinReplicas = 5, MaxReplicas = 2 }, "maxReplicas must be at least 1 and at least minReplicas (5), got 2" },
        new object[] { Invocations(10) with { Metrics = [new MetricSpec { Source = MetricSourceType.Pods, Name = "requests", TargetType = MetricTargetType.AverageValue, Target = 1 }] }, "spec.metrics[0].name: unknown Pods metric \"requests\"" },
        new object[] { Invocations(10) with { Workload = "nope" }, "spec.workload: workload \"nope\" not found" },
        new object[] { Invocations(0), "target must be greater than 0" },
        new object[] { Invocations(10) with { Tolerance = 1.5 }, "tolerance must be in [0, 1)" },
    ];

    [TestCaseSource(nameof(BadSpecs))]
    public void Apply_BadSpec_RefusedNamingTheFieldAndChangesNothing(AutoscalerSpec spec, string expected)
    {
        var ex = Assert.Throws<FleetException>(() => _h.Autoscalers.Apply("web", "", spec));

        Assert.Multiple(() =>
        {
            Assert.That(ex!.Message, Does.Contain(expected));
            Assert.That(_h.Autoscalers.List(), Is.Empty);
            Assert.That(_h.Store.LoadAutoscalers(), Is.Empty);
        });
    }

    [Test]
    public void Apply_WorkloadOfAnotherTenant_Refused()
    {
        var ex = Assert.Throws<FleetException>(() => _h.Autoscalers.Apply("web.shop", "shop", Invocations(10)));

        Assert.Multiple(() =>
        {
            Assert.That(ex!.Message, Does.Contain("belongs to tenant \"default\", not \"shop\""));
            Assert.That(_h.Store.LoadAutoscalers(), Is.Empty);
        });
    }

    [Test]
    public void Apply_SecondAutoscalerOnTheSameWorkload_Refused()
    {
        _h.Autoscalers.Apply("web", "", Invocations(10));

        var ex = Assert.Throws<FleetException>(() => _h.Autoscalers.Apply("web-2", "", Invocations(20)));

        Assert.Multiple(() =>
        {
            Assert.That(ex!.Message, Does.Contain("already autoscaled by \"web\""));
            Assert.That(_h.Store.LoadAutoscalers().Select(a => a.Id), Is.EqualTo(new[] { "web" }));
        });
    }

    [Test]
    public void Delete_OtherTenant_NotFoundAndKept()
    {
        _h.Autoscalers.Apply("web", "", Invocations(10));

        Assert.Throws<FleetException>(() => _h.Autoscalers.Delete("web.shop", "shop"));
        Assert.Throws<FleetException>(() => _h.Autoscalers.Delete("web", "shop"));
        Assert.That(_h.Store.LoadAutoscalers(), Has.Count.EqualTo(1));
        _h.Autoscalers.Delete("web", "");
        Assert.That(_h.Store.LoadAutoscalers(), Is.Empty);
    }

    [Test]
    public void Render_AfterAScale_ExportsCountsRatiosAndConditions()
    {
        _h.Run(TimeSpan.FromMinutes(2), perReplica: 30, sync: false);
        _h.Autoscalers.Apply("web", "", Invocations(10));
        _h.Autoscalers.Sync();

        var text = _h.Autoscalers.Render();

        Assert.Multiple(() =>
        {
            Assert.That(text, Does.Contain("edge_autoscaler_desired_replicas{autoscaler=\"web\",workload=\"web\",tenant=\"default\"} 6"));
            Assert.That(text, Does.Contain("edge_autoscaler_rescales_total{direction=\"up\"} 1"));
            Assert.That(text, Does.Contain("edge_autoscaler_metric_ratio{autoscaler=\"web\",workload=\"web\",tenant=\"default\",metric=\"invocations_per_s\"} 3"));
        });
    }

    [Test]
    public async Task Loop_FakeTimeReachesTheSyncPeriod_Scales()
    {
        _h.Run(TimeSpan.FromMinutes(2), perReplica: 30, sync: false);
        _h.Options.MetricWindow = TimeSpan.FromMinutes(10); // the samples stay in the window however many periods pass
        _h.Autoscalers.Apply("web", "", Invocations(10));
        using var loop = new HorizontalAutoscalerLoop(_h.Autoscalers, Microsoft.Extensions.Options.Options.Create(_h.Options), _h.Fleet.Time, NullLogger<HorizontalAutoscalerLoop>.Instance);
        await loop.StartAsync(CancellationToken.None);
        try
        {
            Assert.That(_h.Replicas, Is.EqualTo(2), "nothing before the first tick");
            // The loop's timer starts on its own thread: advance fake time a period at a time until
            // a tick has run a pass, within a bound.
            var waited = System.Diagnostics.Stopwatch.StartNew();
            while (_h.Replicas == 2 && waited.Elapsed < TimeSpan.FromSeconds(20))
            {
                _h.Fleet.Time.Advance(_h.Options.SyncPeriod);
                var tick = System.Diagnostics.Stopwatch.StartNew();
                while (_h.Replicas == 2 && tick.Elapsed < TimeSpan.FromSeconds(1))
                {
                    await Task.Delay(10);
                }
            }

            Assert.That(_h.Replicas, Is.EqualTo(6));
        }
        finally
        {
            await loop.StopAsync(CancellationToken.None);
        }
    }

    [Test]
    public void Options_SyncPeriodZero_FailsValidationNamingTheKey()
    {
        var options = new HorizontalAutoscalingOptions { SyncPeriod = TimeSpan.Zero };
        var results = new List<ValidationResult>();

        var valid = Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);

        Assert.Multiple(() =>
        {
            Assert.That(valid, Is.False);
            Assert.That(results.Single().ErrorMessage, Does.Contain("Controller:Autoscaling:SyncPeriod"));
        });
    }

    private static AutoscalerSpec Invocations(double target) => new()
    {
        Workload = "web",
        MinReplicas = 1,
        MaxReplicas = 10,
        Metrics = [new MetricSpec { Source = MetricSourceType.Pods, Name = "invocations_per_s", TargetType = MetricTargetType.AverageValue, Target = target }],
    };
}
