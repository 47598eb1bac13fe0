using System.Globalization;
using Edge.Agent.Core;
using YamlDotNet.RepresentationModel;

namespace Edge.Ctl.Manifests;

/// <summary>spec.pool, spec.limits and spec.triggers; the ranges are the agent's own (Edge.Agent.Core).</summary>
internal sealed partial class WorkloadManifestParser
{
    private static readonly string[] PoolFields = ["minWarm", "maxConcurrency", "maxQueue", "idleAfter"];
    private static readonly string[] LimitFields = ["timeout", "fuel", "memory", "maxOutput"];
    private static readonly string[] TriggerKinds = ["http", "mqtt", "interval", "once"];

    private PoolSpec ParsePool(Dictionary<string, YamlNode> spec)
    {
        if (!spec.TryGetValue("pool", out var node) || IsNull(node) || Fields(node, "spec.pool", PoolFields) is not { } fields)
        {
            return PoolSpec.Default;
        }

        return new PoolSpec
        {
            MinWarm = Integer(fields, "minWarm", "spec.pool") is { } minWarm ? (int)minWarm : PoolSpec.DefaultMinWarm,
            MaxConcurrency = Integer(fields, "maxConcurrency", "spec.pool") is { } max ? (int)max : PoolSpec.DefaultMaxConcurrency,
            MaxQueue = Integer(fields, "maxQueue", "spec.pool") is { } queue ? (int)queue : PoolSpec.DefaultMaxQueue,
            IdleAfter = Duration(fields, "idleAfter", "spec.pool") ?? PoolSpec.DefaultIdleAfter,
        };
    }

    private LimitsSpec ParseLimits(Dictionary<string, YamlNode> spec)
    {
        if (!spec.TryGetValue("limits", out var node) || IsNull(node) || Fields(node, "spec.limits", LimitFields) is not { } fields)
        {
            return LimitsSpec.Default;
        }

        var maxOutput = Bytes(fields, "maxOutput", "spec.limits") ?? 0;
        return new LimitsSpec
        {
            Timeout = Duration(fields, "timeout", "spec.limits"),
            Fuel = Integer(fields, "fuel", "spec.limits") ?? 0,
            MemoryBytes = Bytes(fields, "memory", "spec.limits") ?? 0,
            MaxOutputBytes = (int)Math.Min(maxOutput, int.MaxValue),
        };
    }

    private List<TriggerSpec> ParseTriggers(Dictionary<string, YamlNode> spec)
    {
        var triggers = new List<TriggerSpec>();
        if (!spec.TryGetValue("triggers", out var node) || IsNull(node))
        {
            return triggers;
        }

        if (node is not YamlSequenceNode sequence)
        {
            Error(node, "spec.triggers", $"must be a list of triggers, got {Describe(node)}");
            return triggers;
        }

        for (var i = 0; i < sequence.Children.Count; i++)
        {
            if (ParseTrigger(sequence.Children[i], $"spec.triggers[{i}]") is { } trigger)
            {
                triggers.Add(trigger);
            }
        }

        return triggers;
    }

    private TriggerSpec? ParseTrigger(YamlNode node, string path)
    {
        if (Fields(node, path, ["kind", "topic", "replyTopic", "every"]) is not { } fields
            || Required(fields, node, path, "kind") is not { } kindNode
            || String(kindNode, $"{path}.kind") is not { } kindText)
        {
            return null;
        }

        if (!TriggerKinds.Contains(kindText, StringComparer.Ordinal))
        {
            Error(kindNode, $"{path}.kind", $"\"{kindText}\" is not a trigger kind: use one of {string.Join(", ", TriggerKinds)}");
            return null;
        }

        var kind = Enum.Parse<TriggerKind>(kindText, ignoreCase: true);
        string[] allowed = kind switch
        {
            TriggerKind.Mqtt => ["kind", "topic", "replyTopic"],
            TriggerKind.Interval => ["kind", "every"],
            _ => ["kind"],
        };
        foreach (var (field, value) in fields.Where(f => !allowed.Contains(f.Key, StringComparer.Ordinal)))
        {
            Error(value, $"{path}.{field}", $"does not apply to a {kindText} trigger; it allows: {string.Join(", ", allowed)}");
        }

        var topic = fields.TryGetValue("topic", out var topicNode) ? String(topicNode, $"{path}.topic") ?? "" : "";
        var reply = fields.TryGetValue("replyTopic", out var replyNode) ? String(replyNode, $"{path}.replyTopic") ?? "" : "";
        var every = TimeSpan.Zero;
        if (kind == TriggerKind.Interval && Required(fields, node, path, "every") is not null)
        {
            every = Duration(fields, "every", path) ?? TimeSpan.Zero;
        }

        if (kind == TriggerKind.Mqtt && topic.Length == 0)
        {
            Error(node, $"{path}.topic", "required field is missing: the MQTT topic filter to subscribe to");
        }

        return new TriggerSpec { Kind = kind, Topic = topic, ReplyTopic = reply, Interval = every };
    }

    /// <summary>The agent's cross-field rules, reported at spec so nothing a node would refuse is sent.</summary>
    private void CheckRuntimeRules(YamlNode specNode, PoolSpec pool, LimitsSpec limits, List<TriggerSpec> triggers, JobSpec? job, List<VolumeSpec> volumes)
    {
        var probe = new WorkloadSpec { Name = "probe", ModuleDigest = "", Pool = pool, Limits = limits, Triggers = triggers, Job = job, Volumes = volumes };
        foreach (var problem in WorkloadSpecRules.Check(probe))
        {
            Error(specNode, "spec", problem);
        }
    }

    private delegate bool Parser<T>(string text, out T value);

    private long? Integer(Dictionary<string, YamlNode> fields, string field, string path) =>
        Scalar(fields, field, path,
            (string text, out long value) => long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value) && value <= int.MaxValue,
            text => $"\"{text}\" must be a whole number from 0 to {int.MaxValue}");

    private TimeSpan? Duration(Dictionary<string, YamlNode> fields, string field, string path) =>
        Scalar(fields, field, path,
            (string text, out TimeSpan value) => Quantity.TryParseDuration(text, out value) && value > TimeSpan.Zero,
            text => $"\"{text}\" is not a positive duration: write e.g. 250ms, 30s, 5m or 1h");

    private long? Bytes(Dictionary<string, YamlNode> fields, string field, string path) =>
        Scalar<long>(fields, field, path, Quantity.TryParseBytes, text => $"\"{text}\" is not a size: write bytes (65536) or with Ki, Mi or Gi (64Mi)");

    /// <summary>A scalar field parsed by <paramref name="parse"/>; null when absent or bad (the problem is reported at the value).</summary>
    private T? Scalar<T>(Dictionary<string, YamlNode> fields, string field, string path, Parser<T> parse, Func<string, string> problem)
        where T : struct
    {
        if (!fields.TryGetValue(field, out var node) || String(node, $"{path}.{field}") is not { } text)
        {
            return null;
        }

        if (parse(text, out var value))
        {
            return WithinBound(node, $"{path}.{field}", value) ? value : null;
        }

        Error(node, $"{path}.{field}", problem(text));
        return null;
    }
}
