using Edge.Agent.Core;
using YamlDotNet.RepresentationModel;

namespace Edge.Ctl.Manifests;

/// <summary>spec.restartPolicy and spec.backoffLimit (a job's retries) and spec.http (how HTTP reads stdout).</summary>
internal sealed partial class WorkloadManifestParser
{
    private static readonly string[] HttpFields = ["output"];

    private JobSpec? ParseJob(Dictionary<string, YamlNode> spec)
    {
        var hasPolicy = spec.TryGetValue("restartPolicy", out var policyNode) && !IsNull(policyNode);
        var hasLimit = spec.TryGetValue("backoffLimit", out var limitNode) && !IsNull(limitNode);
        if (!hasPolicy && !hasLimit)
        {
            return null;
        }

        var policy = RestartPolicy.Never;
        if (hasPolicy && String(policyNode!, "spec.restartPolicy") is { } text)
        {
            switch (text)
            {
                case nameof(RestartPolicy.Never):
                    break;
                case nameof(RestartPolicy.OnFailure):
                    policy = RestartPolicy.OnFailure;
                    break;
                default:
                    Error(policyNode!, "spec.restartPolicy", $"\"{text}\" is not one of Never, OnFailure");
                    break;
            }
        }

        var limit = JobSpec.DefaultBackoffLimit;
        if (hasLimit && Integer(spec, "backoffLimit", "spec") is { } given)
        {
            if (given > JobSpec.MaxBackoffLimit)
            {
                Error(limitNode!, "spec.backoffLimit", $"{given} must be at most {JobSpec.MaxBackoffLimit}");
            }

            limit = (int)Math.Min(given, JobSpec.MaxBackoffLimit);
        }

        return new JobSpec { RestartPolicy = policy, BackoffLimit = limit };
    }

    private string ParseHttp(Dictionary<string, YamlNode> spec)
    {
        if (!spec.TryGetValue("http", out var node) || IsNull(node) || Fields(node, "spec.http", HttpFields) is not { } fields
            || !fields.TryGetValue("output", out var outputNode) || String(outputNode, "spec.http.output") is not { } output)
        {
            return "";
        }

        if (HttpOutputMode.Check(output) is not null)
        {
            Error(outputNode, "spec.http.output", $"\"{output}\" is not one of {HttpOutputMode.Wagi}, {HttpOutputMode.Raw}");
            return "";
        }

        return output;
    }
}
