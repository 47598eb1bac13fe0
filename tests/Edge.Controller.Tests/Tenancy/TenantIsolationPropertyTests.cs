using CsCheck;
using Edge.Controller.Identity;
using Edge.Controller.Telemetry;
using Edge.Protos.V1;
using Google.Protobuf;

namespace Edge.Controller.Tests.Tenancy;

/// <summary>
/// Non-interference between two tenants, checked on random call sequences: what a tenant-admin
/// of one tenant sees is the same whether or not the other tenant exists and acts (it learns
/// nothing), and what the other tenant has and sees is the same whether or not the first one
/// acts (it changes nothing). Each sequence runs in three worlds over real LiteDB files: both
/// tenants, the attacker alone, the victim alone.
/// </summary>
public sealed class TenantIsolationPropertyTests
{
    private static readonly string[] Tenants = ["default", "acme", "globex"];
    private static readonly string[] Names = ["web", "hello", "api"];
    private static readonly ByteString Module = ByteString.CopyFromUtf8("(module)");

    /// <summary>One call: by the victim or the attacker, of a kind, on a name, naming no tenant, its own or the other.</summary>
    private sealed record Op(bool ByVictim, int Kind, int Name, int TenantChoice, int Count, bool All);

    private static readonly Gen<Op> Ops = Gen.Select(Gen.Bool, Gen.Int[0, 14], Gen.Int[0, Names.Length - 1], Gen.Int[0, 2], Gen.Int[0, 3], Gen.Bool)
        .Select((victim, kind, name, choice, count, all) => new Op(victim, kind, name, choice, count, all));

    private static readonly Gen<(int Attacker, int Victim, Op[] Ops)> Cases =
        Gen.Select(Gen.Int[0, Tenants.Length - 1], Gen.Int[1, Tenants.Length - 1], Ops.Array[1, 14])
            .Select((a, shift, ops) => (a, (a + shift) % Tenants.Length, ops));

    [Test]
    public async Task RandomCalls_TenantAdmin_NeitherLearnsNorChangesTheOtherTenant()
    {
        await Cases.SampleAsync(async c =>
        {
            var attacker = Tenants[c.Attacker];
            var victim = Tenants[c.Victim];
            using var both = await NewWorldAsync();
            using var attackerAlone = await NewWorldAsync();
            using var victimAlone = await NewWorldAsync();

            var seenByAttacker = new List<string>();
            var seenByAttackerAlone = new List<string>();
            var seenByVictim = new List<string>();
            var seenByVictimAlone = new List<string>();
            foreach (var op in c.Ops)
            {
                var (actor, other) = op.ByVictim ? (victim, attacker) : (attacker, victim);
                var request = RequestOf(op, actor, other);
                var principal = AdminWorld.TenantAdmin(actor);
                var line = await both.CallAsync(principal, request);
                if (op.ByVictim)
                {
                    seenByVictim.Add(line);
                    seenByVictimAlone.Add(await victimAlone.CallAsync(principal, request));
                }
                else
                {
                    seenByAttacker.Add(line);
                    seenByAttackerAlone.Add(await attackerAlone.CallAsync(principal, request));
                    Assert.That(line, Does.Not.Contain($"\"tenant\": \"{victim}\""), $"{attacker} read an object of {victim}: {request.Descriptor.Name} {request}");
                }
            }

            Assert.That(seenByAttacker, Is.EqualTo(seenByAttackerAlone), $"{attacker} learnt something of {victim}");
            Assert.That(seenByVictim, Is.EqualTo(seenByVictimAlone), $"{attacker} changed what {victim} sees");
            Assert.That(await SnapshotAsync(both, victim), Is.EqualTo(await SnapshotAsync(victimAlone, victim)), $"{attacker} changed {victim}'s objects");
            Assert.That(await SnapshotAsync(both, attacker), Is.EqualTo(await SnapshotAsync(attackerAlone, attacker)), $"{victim} changed {attacker}'s objects");
        }, iter: 60, threads: 1);
    }

    /// <summary>Every tenant exists; node n1 reports figures for a workload named web in each of them (the same in every world).</summary>
    private static async Task<AdminWorld> NewWorldAsync()
    {
        var world = new AdminWorld();
        foreach (var t in Tenants.Where(t => t != "default"))
        {
            await world.CallOkAsync<Tenant>(AdminWorld.FleetAdmin, new ApplyTenantRequest { Name = t });
        }

        var at = world.Time.GetUtcNow();
        IReadOnlyList<IngestedWorkload> figures = [.. Tenants.Select(t => new IngestedWorkload(Edge.Scheduling.WorkloadKeys.Of(t, "web"), 100, 1, 1, 5, 1, 0, 0))];
        world.Series.For("n1").Record(new IngestedSample(1, at, 0.5, 100, 1000, 0.5, 10, 100, 0, 0, figures.Count, figures));
        return world;
    }

    /// <summary>What a fleet-admin sees of one tenant: its workloads, its autoscalers and each one explained.</summary>
    private static async Task<string> SnapshotAsync(AdminWorld world, string tenant)
    {
        var lines = new List<string>
        {
            await world.CallAsync(AdminWorld.FleetAdmin, new ListWorkloadsRequest { Tenant = tenant }),
            await world.CallAsync(AdminWorld.FleetAdmin, new ListAutoscalersRequest { Tenant = tenant }),
        };
        foreach (var name in Names)
        {
            lines.Add(await world.CallAsync(AdminWorld.FleetAdmin, new ExplainWorkloadRequest { Name = name, Tenant = tenant }));
            lines.Add(await world.CallAsync(AdminWorld.FleetAdmin, new ExplainAutoscalerRequest { Name = name, Tenant = tenant }));
        }

        return string.Join("\n", lines);
    }

    private static IMessage RequestOf(Op op, string own, string other)
    {
        var name = Names[op.Name];
        var tenant = op.TenantChoice switch { 0 => "", 1 => own, _ => other };
        if (op.ByVictim)
        {
            tenant = op.TenantChoice == 0 ? "" : own; // the victim only minds its own tenant
        }

        return op.Kind switch
        {
            0 => new ApplyWorkloadRequest { Name = name, Tenant = tenant, Module = Module, Replicas = op.Count, Mode = op.Count > 0 ? WorkloadMode.Replicated : WorkloadMode.Global },
            1 => new ScaleWorkloadRequest { Name = name, Tenant = tenant, Replicas = op.Count },
            2 => new DeleteWorkloadRequest { Name = name, Tenant = tenant },
            3 => new ExplainWorkloadRequest { Name = name, Tenant = tenant },
            4 => new ListWorkloadsRequest { Tenant = tenant, AllTenants = op.All },
            5 => new RecommendWorkloadRequest { Name = name, Tenant = tenant },
            6 => new ResizeWorkloadRequest { Name = name, Tenant = tenant, CpuMillicores = 100 * (op.Count + 1) },
            7 => new ApplyAutoscalerRequest { Name = name, Tenant = tenant, Spec = new AutoscalerSpec { Workload = Names[(op.Name + op.Count) % Names.Length], MinReplicas = 1, MaxReplicas = 3 } },
            8 => new ListAutoscalersRequest { Tenant = tenant, AllTenants = op.All },
            9 => new DeleteAutoscalerRequest { Name = name, Tenant = tenant },
            10 => new ExplainAutoscalerRequest { Name = name, Tenant = tenant },
            11 => new TopWorkloadsRequest { Tenant = tenant, AllTenants = op.All },
            12 => new QuerySeriesRequest { Node = "n1", Workload = name, Tenant = tenant, Metrics = { "invocations_per_s" } },
            13 => new ListTenantsRequest(),
            _ => new ListNodesRequest(),
        };
    }
}
