namespace Edge.Controller.Store;

/// <summary>A workload as applied by an admin.</summary>
public sealed class WorkloadRecord
{
    /// <summary>The workload name (the document id).</summary>
    public string Id { get; set; } = "";

    public string ModuleDigest { get; set; } = "";

    public long ModuleSizeBytes { get; set; }

    public Dictionary<string, string> NodeSelector { get; set; } = [];

    public Dictionary<string, string> Env { get; set; } = [];

    public List<string> Args { get; set; } = [];

    public DateTimeOffset UpdatedAt { get; set; }

    public WorkloadPoolRecord? Pool { get; set; }

    public WorkloadLimitsRecord? Limits { get; set; }

    public List<TriggerRecord> Triggers { get; set; } = [];

    /// <summary>A job's retries; null = a failed run is final.</summary>
    public WorkloadJobRecord? Job { get; set; }

    /// <summary>http.output: "" or "wagi" (CGI headers) or "raw" (stdout is the body).</summary>
    public string HttpOutput { get; set; } = "";

    /// <summary>Scratch and persistent directories preopened for the guest.</summary>
    public List<WorkloadVolumeRecord> Volumes { get; set; } = [];

    public WorkloadPlacementRecord Placement { get; set; } = new();

    /// <summary>
    /// Where a replicated workload at 0 replicas is held cold (module cached, nothing reserved):
    /// the nodes its replicas last ran on. Not part of the spec: scale and apply set it.
    /// </summary>
    public List<string> ColdNodes { get; set; } = [];

    /// <summary>
    /// Nodes whose report of this workload woken was answered (it was scaled up) and that have not
    /// reported it not woken since: a woken flag from them is that same wake. Stored, so that a
    /// controller restart does not take it for a new one. Not part of the spec.
    /// </summary>
    public List<string> AnsweredWakes { get; set; } = [];

    /// <summary>A copy to change and put in the original's place: placement and limits copied, the rest shared (replaced, never changed).</summary>
    public WorkloadRecord Copy()
    {
        var copy = (WorkloadRecord)MemberwiseClone();
        copy.Placement = Placement.Copy();
        copy.Limits = Limits?.Copy();
        copy.ColdNodes = [.. ColdNodes];
        copy.AnsweredWakes = [.. AnsweredWakes];
        return copy;
    }

    /// <summary>Pool, limits and triggers as one canonical text, to compare and hash.</summary>
    public string RuntimeText() =>
        $"{Pool}\n{Limits}\n{string.Join("\n", Triggers)}{(Job is null ? "" : $"\n{Job}")}{(HttpOutput.Length == 0 ? "" : $"\nhttp output={HttpOutput}")}{string.Concat(Volumes.Select(v => $"\n{v}"))}";

    public bool SameSpecAs(WorkloadRecord other) =>
        ModuleDigest == other.ModuleDigest
        && SameMap(NodeSelector, other.NodeSelector)
        && SameMap(Env, other.Env)
        && Args.SequenceEqual(other.Args)
        && RuntimeText() == other.RuntimeText()
        && Placement.Text() == other.Placement.Text();

    private static bool SameMap(Dictionary<string, string> a, Dictionary<string, string> b) =>
        a.Count == b.Count && a.All(kv => b.TryGetValue(kv.Key, out var v) && v == kv.Value);
}
