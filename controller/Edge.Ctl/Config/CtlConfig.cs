namespace Edge.Ctl.Config;

/// <summary>edgectl's config file, kubeconfig-like: named contexts and the current one.</summary>
internal sealed class CtlConfig
{
    public string CurrentContext { get; set; } = "";

    public List<CtlContextEntry> Contexts { get; set; } = [];

    public CtlContextEntry? Find(string name) => Contexts.Find(c => string.Equals(c.Name, name, StringComparison.Ordinal));
}
