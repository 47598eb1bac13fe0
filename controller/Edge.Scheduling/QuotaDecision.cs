namespace Edge.Scheduling;

/// <summary>Whether a change fits the tenant's quota; when not, every quota it exceeds.</summary>
public sealed record QuotaDecision(string Tenant, IReadOnlyList<QuotaRefusal> Refusals)
{
    public bool Allowed => Refusals.Count == 0;

    public override string ToString() =>
        Allowed ? $"tenant {Tenant}: within quota" : $"tenant {Tenant}: " + string.Join("; ", Refusals);
}
