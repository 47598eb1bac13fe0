using System.Text.RegularExpressions;
using Edge.Protos.V1;
using Edge.Scheduling;

namespace Edge.Controller.Grpc;

/// <summary>Filters of admin answers by <see cref="TenantScope"/>.</summary>
internal static partial class TenantScopeFilters
{
    /// <summary>What a tenant-admin reads instead of another tenant's workload in a node autoscaler explanation.</summary>
    public const string OtherTenant = "<other tenant>";

    /// <summary>
    /// A node group's explanation as the scope may see it: the node autoscaler names the replicas a
    /// scale-down would move ("web.globex#0→n2", "replica web.globex#0 fits on no other node");
    /// a tenant-admin reads its own and "&lt;other tenant&gt;#0" for the rest.
    /// </summary>
    public static NodeGroupExplanation InScope(this NodeGroupExplanation explanation, TenantScope scope)
    {
        ArgumentNullException.ThrowIfNull(explanation);
        ArgumentNullException.ThrowIfNull(scope);
        if (scope.Restricted)
        {
            foreach (var verdict in explanation.Nodes)
            {
                verdict.Reason = Redact(verdict.Reason, scope);
            }

            Redact(explanation.Notes, scope);
            foreach (var e in explanation.Events)
            {
                e.Message = Redact(e.Message, scope);
            }
        }

        return explanation;
    }

    /// <summary>A node's scale-down explanation as the scope may see it (as <see cref="InScope(NodeGroupExplanation, TenantScope)"/>).</summary>
    public static NodeScaleDownExplanation InScope(this NodeScaleDownExplanation explanation, TenantScope scope)
    {
        ArgumentNullException.ThrowIfNull(explanation);
        ArgumentNullException.ThrowIfNull(scope);
        if (scope.Restricted)
        {
            if (explanation.Verdict is { } verdict)
            {
                verdict.Reason = Redact(verdict.Reason, scope);
            }

            Redact(explanation.Notes, scope);
            foreach (var e in explanation.Events)
            {
                e.Message = Redact(e.Message, scope);
            }
        }

        return explanation;
    }

    /// <summary>
    /// Replaces each replica ("KEY#ORDINAL"), each workload a scale-up could not fit ("KEY: … on the
    /// template") and each other tenant's key ("web.globex") that is outside the scope.
    /// </summary>
    public static string Redact(string text, TenantScope scope)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(scope);
        text = Replica().Replace(text, m => scope.Sees(m.Groups["key"].Value) ? m.Value : OtherTenant + m.Value[m.Groups["key"].Length..]);
        text = Unfit().Replace(text, m => scope.Sees(m.Groups["key"].Value) ? m.Value : OtherTenant + m.Value[m.Groups["key"].Length..]);
        return Qualified().Replace(text, m => scope.Sees(m.Value) ? m.Value : OtherTenant);
    }

    private static void Redact(Google.Protobuf.Collections.RepeatedField<string> lines, TenantScope scope)
    {
        for (var i = 0; i < lines.Count; i++)
        {
            lines[i] = Redact(lines[i], scope);
        }
    }

    [GeneratedRegex("(?<![a-z0-9.-])(?<key>[a-z0-9][a-z0-9-]*(?:\\.[a-z0-9][a-z0-9-]*)?)#[0-9]+", RegexOptions.CultureInvariant)]
    private static partial Regex Replica();

    [GeneratedRegex("(?<![a-z0-9.-])(?<key>[a-z0-9][a-z0-9-]*(?:\\.[a-z0-9][a-z0-9-]*)?): [^;:]*? on the template", RegexOptions.CultureInvariant)]
    private static partial Regex Unfit();

    // A key has a letter on both sides of its dot, so figures such as 0.5 are not taken for one.
    [GeneratedRegex("(?<![a-z0-9.-])(?=[0-9-]*[a-z])[a-z0-9][a-z0-9-]*\\.(?=[0-9-]*[a-z])[a-z0-9][a-z0-9-]*(?![a-z0-9.-])", RegexOptions.CultureInvariant)]
    private static partial Regex Qualified();

    /// <summary>
    /// A node as the scope may see it: a tenant-admin sees the node and its totals (what explains
    /// whether its replicas fit) but only its own tenant's workloads on it.
    /// </summary>
    public static Node InScope(this Node node, TenantScope scope)
    {
        ArgumentNullException.ThrowIfNull(node);
        ArgumentNullException.ThrowIfNull(scope);
        if (scope.Restricted)
        {
            var hidden = node.Workloads.Where(w => !scope.Sees(w.Name)).ToList();
            foreach (var w in hidden)
            {
                node.Workloads.Remove(w);
            }
        }

        return node;
    }

    /// <summary>The rows of the scope's tenants, each named within its tenant.</summary>
    public static TopWorkloadsResponse InScope(this TopWorkloadsResponse response, TenantScope scope)
    {
        ArgumentNullException.ThrowIfNull(response);
        ArgumentNullException.ThrowIfNull(scope);
        var rows = response.Workloads.Where(w => scope.Sees(w.Name)).ToList();
        response.Workloads.Clear();
        foreach (var row in rows)
        {
            row.Tenant = WorkloadKeys.TenantOf(row.Name);
            row.Name = WorkloadKeys.NameOf(row.Name);
            response.Workloads.Add(row);
        }

        return response;
    }
}
