namespace Edge.Agent.Core;

/// <summary>
/// A volume's kind, emptyOn and reclaimPolicy as manifests and the wire spell them. An unknown
/// word becomes an undefined value, which <see cref="VolumeRules"/> refuses naming the field.
/// </summary>
public static class VolumeText
{
    public const string Scratch = "scratch";
    public const string Persistent = "persistent";

    public static VolumeKind Kind(string text) => text switch
    {
        Scratch => VolumeKind.Scratch,
        Persistent => VolumeKind.Persistent,
        _ => (VolumeKind)(-1),
    };

    public static string Of(VolumeKind kind) => kind == VolumeKind.Persistent ? Persistent : Scratch;

    /// <summary>Empty is the default, run.</summary>
    public static ScratchEmptyOn EmptyOn(string text) => text switch
    {
        "" or "run" => ScratchEmptyOn.Run,
        "start" => ScratchEmptyOn.Start,
        _ => (ScratchEmptyOn)(-1),
    };

    public static string Of(ScratchEmptyOn emptyOn) => emptyOn == ScratchEmptyOn.Start ? "start" : "run";

    /// <summary>Empty is the default, Delete.</summary>
    public static ReclaimPolicy Reclaim(string text) => text switch
    {
        "" or nameof(ReclaimPolicy.Delete) => ReclaimPolicy.Delete,
        nameof(ReclaimPolicy.Retain) => ReclaimPolicy.Retain,
        _ => (ReclaimPolicy)(-1),
    };

    public static string Of(ReclaimPolicy policy) => policy == ReclaimPolicy.Retain ? nameof(ReclaimPolicy.Retain) : nameof(ReclaimPolicy.Delete);

    /// <summary>A volume from its words on the wire and in the store; unknown words are refused later by <see cref="VolumeRules"/>.</summary>
    public static VolumeSpec FromWire(string name, string kind, string mountPath, long sizeBytes, bool readOnly, string emptyOn, string reclaimPolicy) => new()
    {
        Name = name,
        Kind = Kind(kind),
        MountPath = mountPath,
        SizeBytes = sizeBytes,
        ReadOnly = readOnly,
        EmptyOn = EmptyOn(emptyOn),
        ReclaimPolicy = Reclaim(reclaimPolicy),
    };

    /// <summary>
    /// The bytes a workload's persistent volumes ask for per replica: what a tenant's storage
    /// quota counts (scratch is not counted: it holds nothing between runs or starts).
    /// </summary>
    public static long PersistentBytes(IEnumerable<VolumeSpec> volumes) =>
        volumes.Where(v => v.Kind == VolumeKind.Persistent).Sum(v => v.SizeBytes);
}
