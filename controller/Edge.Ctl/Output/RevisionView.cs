namespace Edge.Ctl.Output;

/// <summary>One revision as edgectl prints it in JSON or YAML.</summary>
internal sealed record RevisionView(int Revision, string? Created, string ModuleDigest, string ChangeCause, bool Current, IReadOnlyList<string> Args, IReadOnlyDictionary<string, string> Env);
